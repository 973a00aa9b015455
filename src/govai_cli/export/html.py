"""One self-contained HTML page of the chronology, to look at and to share.

``html_page`` turns an ``ExportInput`` into a page that opens from ``file://`` with no
request at all: an inline SVG timeline (one lane per top-level forum), the events with their
facts, numbered citations and sources, and the bibliography. Both languages are in the page
(CSS shows one at a time); the list, facts and sources are plain HTML, and the script in
``page/page.js`` only adds the switch, search, filters and the timeline's zoom and tooltips.

Every data text is escaped; only ``http(s)`` URLs become links; a Content-Security-Policy
lets only this page's own style and script (by hash) run.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Container, Iterable
from pathlib import Path
from string import Template

from govai_cli import __version__
from govai_cli.dates import format_date, format_span
from govai_cli.i18n import KIND_LABELS, label
from govai_cli.model import LANGS, Dataset, Event, Source
from govai_cli.textnorm import fold

from .common import ExportInput, ExportReport
from .html_text import bitext, both, esc, lbl, link, title_html
from .html_timeline import timeline_svg
from .lanes import LANES, lane_of

ASSETS = Path(__file__).parent / "page"  # the template, style sheet and script

# ---------------------------------------------------------------- the events


def _actor_name(dataset: Dataset, actor_id: str) -> str:
    actor = dataset.actors_by_id.get(actor_id)
    return bitext(actor.name) if actor else esc(actor_id)


def event_source_ids(event: Event) -> list[str]:
    """The sources an event lists, then those only its facts or titles cite, each once."""
    titles = (form.source for form in (event.title.fr, event.title.en) if form and form.source)
    return list(dict.fromkeys([*event.sources, *(f.source for f in event.facts), *titles]))


def _source_title(source: Source) -> str:
    return f"« {esc(source.title)} »" if source.title else f"[{bitext(source.description) or esc(source.id)}]"


def _source_details(source: Source) -> str:
    dates = both(*(esc(format_date(source.published, lang)) for lang in LANGS)) if source.published else ""
    parts = [esc(source.publisher) if source.publisher else "", dates, esc(source.language or "")]
    return ", ".join(p for p in parts if p)


def _field(key: str, value: str, *, searched: bool = True) -> str:
    """A ``<dt>``/``<dd>`` pair, none without a value; ``searched``: the search box looks at it."""
    if not value:
        return ""
    cls = ' class="s"' if searched else ""
    return f"<dt>{lbl(key)}</dt><dd{cls}>{value}</dd>"


def event_html(dataset: Dataset, event: Event, listed: Container[str]) -> str:
    """One event as an ``<article>``: date, title, fields, summary, facts with citations, sources.

    ``listed``: the ids of the events on the page, which a related event links to.
    """
    eid = esc(event.id)
    sources = event_source_ids(event)
    number = {source_id: n for n, source_id in enumerate(sources, 1)}
    date = both(*(esc(format_span(event.date, event.end_date, lang)) for lang in LANGS))
    body = _actor_name(dataset, event.body) if event.body else ""
    actors = "".join(f"<li>{_actor_name(dataset, p.actor_id)} — {lbl(p.role, 'role')}</li>" for p in event.actors)
    topics = ", ".join(
        bitext(dataset.topics_by_id[t].label) if t in dataset.topics_by_id else esc(t) for t in event.topics
    )
    related = "".join(
        f'<li><a href="#e-{esc(r)}">{title_html(dataset.events_by_id[r].title, r)}</a></li>'
        if r in listed
        else f"<li>{esc(r)}</li>"
        for r in event.related
    )
    verification = ""
    if event.verification:
        note = f" — {bitext(event.verification_note)}" if event.verification_note else ""
        verification = lbl(event.verification) + note
    fields = [
        _field("forum", body),
        _field("kind", lbl(event.kind, "kind")),
        _field("session", esc(event.session or "")),
        _field("symbol", esc(event.symbol or "")),
        _field("other_symbols", esc(", ".join(event.other_symbols))),
        _field("location", bitext(event.location)),
        _field("actors", f'<ul class="actors">{actors}</ul>' if actors else ""),
        _field("topics", topics),
        _field("related", f'<ul class="related">{related}</ul>' if related else "", searched=False),
        _field("verification", verification, searched=False),
    ]
    out = [
        f'<article id="e-{eid}" class="event" data-lane="{lane_of(event, dataset.actors_by_id)}" '
        f'data-kind="{esc(event.kind)}" data-topic="{esc(" ".join(event.topics))}" '
        f'data-y0="{event.date.year}" data-y1="{event.end.year}">',
        f'<p class="date" id="d-{eid}"><time datetime="{event.date.iso()}">{date}</time></p>',
        f'<h3 id="h-{eid}" class="s">{title_html(event.title, event.id)}</h3>',
        f'<dl class="fields">{"".join(fields)}</dl>',
    ]
    if event.summary:
        out.append(f'<p class="summary s">{bitext(event.summary)}</p>')
    if event.facts:
        out.append(f'<h4>{lbl("facts")}</h4><ol class="facts">')
        for fact in event.facts:
            n = number[fact.source]
            cite = f'<a class="cite" href="#e-{eid}-{n}">[{n}]</a>'
            quote = f'<blockquote class="s">« {esc(fact.quote)} »</blockquote>' if fact.quote else ""
            out.append(f'<li><span class="s">{bitext(fact.text)}</span> {cite}{quote}</li>')
        out.append("</ol>")
    if sources:
        out.append(f'<h4>{lbl("sources")}</h4><ol class="sources">')
        for n, source_id in enumerate(sources, 1):
            line = _source_line(dataset.sources_by_id.get(source_id), source_id)
            out.append(f'<li id="e-{eid}-{n}" class="s">{line}</li>')
        out.append("</ol>")
    out.append("</article>")
    return "".join(out)


def _source_line(source: Source | None, source_id: str) -> str:
    """A source in an event: its title (a link to it on the web) and where it stands in the bibliography."""
    if source is None:
        return esc(source_id)
    title = link(source.url, _source_title(source)) if source.url else _source_title(source)
    details = _source_details(source)
    return f'{title}{" — " + details if details else ""} <a class="bib" href="#s-{esc(source.id)}">{esc(source.id)}</a>'


def bibliography_html(dataset: Dataset, events: Iterable[Event]) -> str:
    """Every source the events cite, by id, each with its link."""
    ids = sorted({source_id for event in events for source_id in event_source_ids(event)})
    items = []
    for source_id in ids:
        source = dataset.sources_by_id.get(source_id)
        if source is None:
            continue
        title = _source_title(source)
        url = f"<br>{link(source.url)}" if source.url else ""
        details = _source_details(source)
        items.append(
            f'<li id="s-{esc(source.id)}"><span class="bib">{esc(source.id)}</span> {title}'
            f"{' — ' + details if details else ''}{url}</li>"
        )
    return f'<ol class="bibliography">{"".join(items)}</ol>'


# ---------------------------------------------------------------- the page

# What a reader may type in the search box beyond the page's own characters: Latin letters
# with their accents (composed or combining), typographic spaces and quotes, ligatures.
_TYPED = (*range(0x09, 0x0E), *range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070),
          *range(0xFB00, 0xFB07))  # fmt: skip


def fold_map(text: str) -> dict[str, str]:
    """``char → fold(char)`` for each character of ``text`` (and of _TYPED) that fold changes.

    page.js folds the search box and the events with this table, so the rules stay those of
    ``textnorm.fold``. A character is folded between two letters, so that a space stays a
    space and a combining accent disappears, as inside a word.
    """
    chars = set(text) | {chr(c) for c in _TYPED}
    folded = {c: fold(f"a{c}a")[1:-1] for c in chars}
    return {c: f for c, f in sorted(folded.items()) if f != c}


def _script_json(value: object) -> str:
    """JSON to sit inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _checkboxes(name: str, values: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<label><input type="checkbox" name="{name}" value="{esc(value)}"> {text}</label>' for value, text in values
    )


def controls_html(dataset: Dataset, events: tuple[Event, ...]) -> str:
    """Search box and filters (hidden until page.js shows them: without a script they do nothing)."""
    lanes = [lane for lane in LANES if any(lane_of(e, dataset.actors_by_id) == lane for e in events)]
    kinds = sorted({e.kind for e in events}, key=list(KIND_LABELS).index)
    topic_ids = {t for e in events for t in e.topics}
    topics = [t for t in dataset.topics if t.id in topic_ids]
    first, last = min(e.date.year for e in events), max(e.end.year for e in events)

    def group(key: str, name: str, boxes: Iterable[tuple[str, str]]) -> str:
        return (
            f'<details><summary id="f-{name}">{lbl(key)}</summary>'
            f'<div role="group" aria-labelledby="f-{name}">{_checkboxes(name, boxes)}</div></details>'
        )

    def year(key: str, value: int) -> str:
        return (
            f'<label>{lbl(key)} <input type="range" name="{key.removeprefix("html.")}" min="{first}" max="{last}" '
            f'value="{value}"> <output>{value}</output></label>'
        )

    return (
        f'<form id="controls" class="controls" role="search" aria-labelledby="h-filters" hidden>'
        f'<h3 id="h-filters" class="vh">{lbl("html.filters")}</h3>'
        f'<p class="search"><label for="q">{lbl("html.search")}</label> <input id="q" name="q" type="search" '
        f'autocomplete="off" aria-describedby="q-hint"> <small id="q-hint">{lbl("html.search_hint")}</small></p>'
        f'<div class="filters">'
        + group("forum", "lane", ((lane, lbl("lane." + lane)) for lane in lanes))
        + group("kind", "kind", ((k, lbl(k, "kind")) for k in kinds))
        + group("topics", "topic", ((t.id, bitext(t.label)) for t in topics))
        + f'<fieldset class="years"><legend>{lbl("html.years")}</legend>'
        f"{year('html.from', first)} {year('html.to', last)}</fieldset>"
        f'<button type="reset">{lbl("html.reset")}</button></div>'
        f'<p class="count" role="status">{lbl("html.shown")} <output id="count">{len(events)}</output> / '
        f"{len(events)}</p></form>"
    )


def _stamp(data: ExportInput) -> str:
    def one(lang: str) -> str:
        version = data.version or label("info.user_data", lang)
        line = label("export.stamp", lang).format(version=version, hash=data.dataset.content_hash)
        if data.filters:
            shown = ", ".join(f"{k} = {v}" for k, v in sorted(data.filters.items()))
            line += " · " + label("html.filtered", lang).format(filters=shown)
        return esc(line)

    return both(one("fr"), one("en"))


def html_page(data: ExportInput) -> str:
    """The whole page, as one string of HTML."""
    dataset, events = data.dataset, data.events
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    script = (ASSETS / "page.js").read_text(encoding="utf-8")
    if events:
        timeline = timeline_svg(events, dataset.actors_by_id)
        controls = controls_html(dataset, events)
    else:
        timeline = controls = ""
    listed = {e.id for e in events}
    items = "".join(f"<li>{event_html(dataset, e, listed)}</li>" for e in events)
    body = {
        "skip": lbl("html.skip"),
        "language": lbl("html.language"),
        "heading": lbl("export.title"),
        "stamp": _stamp(data),
        "timeline_heading": lbl("html.timeline"),
        "controls": controls,
        "hint": lbl("html.brush") if events else lbl("no_events"),
        "timeline": timeline,
        "events_heading": lbl("events"),
        "events": f'<ol class="events">{items}</ol>',
        "bibliography_heading": lbl("html.bibliography"),
        "bibliography": bibliography_html(dataset, events),
        "back": lbl("html.back"),
    }
    text = "".join(body.values())
    csp = (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(script)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    page = Template((ASSETS / "page.html").read_text(encoding="utf-8"))
    return page.substitute(
        body,
        lang=data.lang,
        csp=csp,
        title_fr=esc(label("export.title", "fr")),
        title_en=esc(label("export.title", "en")),
        title=esc(label("export.title", data.lang)),
        generator=esc(f"govai {__version__}"),
        version=esc(data.version or "user data"),
        content_hash=esc(dataset.content_hash),
        css=css,
        script=script,
        fold_map=_script_json(fold_map(text)),
    )


def write_html(data: ExportInput, path: Path) -> ExportReport:
    path.write_text(html_page(data), encoding="utf-8")
    return ExportReport(written=len(data.events))
