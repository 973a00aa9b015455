"""One self-contained HTML page of the chronology, to look at and to share.

``html_page`` turns an ``ExportInput`` into a page that opens from ``file://`` with no
request at all: an inline SVG timeline (one lane per top-level forum), the events with their
facts, numbered citations and sources, and the bibliography. Both languages are in the page
(CSS shows one at a time); the list, facts and sources are plain HTML, and the script in
``html/page.js`` only adds the switch, search, filters and the timeline's zoom and tooltips.

Every data text is escaped; only ``http(s)`` URLs become links; a Content-Security-Policy
lets only this page's own style and script (by hash) run.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import json
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from . import __version__
from .dates import format_date, format_span
from .i18n import KIND_LABELS, LABELS, ROLE_LABELS, label
from .model import LANGS, Dataset, Event, Precision, Source, Text, Title
from .textnorm import fold

if TYPE_CHECKING:  # export.py imports this module to register the writer
    from .export import ExportInput

ASSETS = Path(__file__).parent / "html"

# ---------------------------------------------------------------- lanes

# One lane per top-level forum, in this order, picked by the event's body (an actor id). An
# event whose body is not listed goes by its kind (_LANE_OF_KIND), else to "other". This table
# is the one place that knows the grouping: replace it when forums get their parent in the data.
LANES: dict[str, tuple[str, ...]] = {
    "un": (
        "un", "unga", "hrc", "unsc", "un-secretary-general", "unog", "un-ceb", "unesco",
        "unesco-general-conference", "unesco-aheg", "itu", "wmo", "ifad", "hlpdc", "hlab-ai",
        "independent-international-scientific-panel-ai",
    ),
    "eu": ("european-union", "european-commission", "european-parliament", "council-of-the-eu", "ai-office"),
    "coe": ("coe", "coe-committee-of-ministers", "cahai"),
    "oecd": ("oecd", "gpai"),
    "g7g20": ("g7", "g20", "hiroshima-ai-process-friends-group"),
    "summits": (),
    "other": (),
}  # fmt: skip
_LANE_OF_BODY = {body: lane for lane, bodies in LANES.items() for body in bodies}
_LANE_OF_KIND = {"summit": "summits"}


def lane_of(event: Event) -> str:
    """The lane (a key of LANES) an event is drawn in."""
    if event.body in _LANE_OF_BODY:
        return _LANE_OF_BODY[event.body]
    return _LANE_OF_KIND.get(event.kind, "other")


# ---------------------------------------------------------------- escaping and links

# Control characters are not allowed in HTML text; they are shown as U+FFFD.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The URLs that become links: http(s), a plain host, no quote, space or angle bracket.
WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s\x00-\x1f\x7f-\x9f<>\"'`\\]*)?")


def esc(text: str) -> str:
    """``text`` as HTML text or attribute value: nothing in it can open a tag or end an attribute."""
    return html.escape(_CONTROLS.sub("\ufffd", text), quote=True)


def link(url: str, text: str = "") -> str:
    """``text`` (HTML; the address itself if empty) linking to ``url`` when it is an http(s) URL;
    otherwise the text, then the address shown as code, not a link."""
    shown = esc(url)
    if WEB_URL.fullmatch(url):
        return f'<a href="{shown}" rel="noopener noreferrer">{text or shown}</a>'
    code = f'<code class="url">{shown}</code>'
    return f"{text} {code}" if text else code


def both(fr: str, en: str, tag: str = "span") -> str:
    """HTML shown in one language at a time: the page's CSS hides the ``span`` (or SVG ``tspan``)
    whose ``lang`` is not the page's. Once, with no span, when both are the same."""
    if fr == en:
        return fr
    return f"<{tag} lang=fr>{fr}</{tag}><{tag} lang=en>{en}</{tag}>"


@functools.cache
def lbl(key: str, table: str = "", tag: str = "span") -> str:
    """A label of i18n in both languages; ``table``: ``kind`` or ``role`` for those tables."""
    labels = _TABLES[table]
    return both(esc(label(key, "fr", labels)), esc(label(key, "en", labels)), tag)


_TABLES = {"": LABELS, "kind": KIND_LABELS, "role": ROLE_LABELS}


def _fallback(text: str, used: str, lang: str) -> str:
    """Text in the other language (``<i>``: an alternate voice), marked ``[en]`` / ``[fr]`` as in the terminal."""
    if used == lang:
        return esc(text)
    return f'<i lang={used}>{esc(text)}</i> <span class="fb">[{used}]</span>'


def bitext(text: Text | None) -> str:
    def one(lang: str) -> str:
        got = text.get(lang) if text else None
        return _fallback(*got, lang) if got else ""

    return both(one("fr"), one("en"))


def title_html(title: Title, event_id: str) -> str:
    """The title in each language, with its fallback and status marks (as ``render._title``)."""

    def one(lang: str) -> str:
        got = title.form(lang)
        if got is None:
            return esc(event_id)
        form, used = got
        out = _fallback(form.text, used, lang)
        if form.status in ("press", "translation"):
            out += f' <span class="status">[{esc(label("status." + form.status, lang))}]</span>'
        return out

    return both(one("fr"), one("en"))


# ---------------------------------------------------------------- the events


def _actor_name(dataset: Dataset, actor_id: str) -> str:
    actor = dataset.actors_by_id.get(actor_id)
    return bitext(actor.name) if actor else esc(actor_id)


def event_source_ids(event: Event) -> list[str]:
    """The sources an event lists, then those only its facts or titles cite, each once."""
    titles = (form.source for form in (event.title.fr, event.title.en) if form and form.source)
    return list(dict.fromkeys([*event.sources, *(f.source for f in event.facts), *titles]))


def _source_title(source: Source) -> str:
    return f"« {esc(source.title)} »" if source.title else f"[{esc(source.description or source.id)}]"


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
        note = f" — {esc(event.verification_note)}" if event.verification_note else ""
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
        f'<article id="e-{eid}" class="event" data-lane="{lane_of(event)}" '
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


# ---------------------------------------------------------------- the timeline

WIDTH = 1000  # the SVG's user units; the page scales it
PAD = 14  # left and right of the axis
AXIS = 26  # height of the year labels
LANE_HEAD = 20  # a lane's name above its rows
ROW = 14
MAX_ROWS = 8  # beyond, marks of a crowded lane overlap (zoom in to part them)
BAR_MIN = 10  # the narrowest span bar, so a short span still reads as a bar
DOT = 5  # radius of a mark
TICK_STEPS = (1, 2, 5, 10, 20, 50, 100)  # years between labels; page.js zoom() picks with the same rule
TICK_MIN = 44  # units between two year labels


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


@dataclass(frozen=True)
class Mark:
    event: Event
    start: float  # in years, as 2024.5
    end: float
    span: bool  # a bar from start to end; else a dot in the middle


def marks(events: Iterable[Event]) -> list[Mark]:
    out = []
    for event in events:
        start = _year_fraction(event.date.first_day())
        end = _year_fraction(event.end.last_day() + dt.timedelta(days=1))
        out.append(Mark(event, start, end, event.end_date is not None and event.end_date != event.date))
    return out


class Scale:
    """Years to SVG units over [t0, t1): the linear map page.js zoom() also uses."""

    def __init__(self, t0: float, t1: float) -> None:
        self.t0, self.t1 = t0, t1

    def x(self, t: float) -> float:
        return PAD + (t - self.t0) / (self.t1 - self.t0) * (WIDTH - 2 * PAD)

    def extent(self, mark: Mark) -> tuple[float, float]:
        if mark.span:
            left = self.x(mark.start)
            return left, max(self.x(mark.end), left + BAR_MIN)
        middle = self.x((mark.start + mark.end) / 2)
        return middle - DOT, middle + DOT

    def step(self) -> int:
        per_year = (WIDTH - 2 * PAD) / (self.t1 - self.t0)
        return next((s for s in TICK_STEPS if s * per_year >= TICK_MIN), TICK_STEPS[-1])


def pack(lane: list[Mark], scale: Scale) -> list[int]:
    """A row for each mark (in date order) so that marks of a row do not touch, at most MAX_ROWS rows."""
    ends: list[float] = []
    rows = []
    for mark in lane:
        left, right = scale.extent(mark)
        row = next((r for r, end in enumerate(ends) if end + 2 <= left), None)
        if row is None:
            row = len(ends) if len(ends) < MAX_ROWS else min(range(len(ends)), key=ends.__getitem__)
            if row == len(ends):
                ends.append(right)
        ends[row] = max(ends[row], right)
        rows.append(row)
    return rows


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _mark_svg(mark: Mark, scale: Scale, y: float) -> str:
    """A mark linking to its event, named by the event's date and title."""
    event = mark.event
    eid = esc(event.id)
    left, right = scale.extent(mark)
    if mark.span:
        shape = f'<rect x="{_num(left)}" y="{_num(y - 4)}" width="{_num(right - left)}" height="8" rx="3"/>'
    else:
        vague = "" if event.date.precision == Precision.DAY else ' class="vague"'
        shape = f'<circle cx="{_num(left + DOT)}" cy="{_num(y)}" r="{DOT}"{vague}/>'
    return (
        f'<a class="mark" href="#e-{eid}" id="m-{eid}" data-a="{mark.start:.4f}" data-b="{mark.end:.4f}" '
        f'aria-labelledby="d-{eid} h-{eid}">{shape}</a>'
    )


def timeline_svg(events: tuple[Event, ...]) -> str:
    """The SVG timeline of ``events``: year axis on top, then one band per lane that has events."""
    all_marks = marks(events)
    t0 = float(min(e.date.year for e in events))
    t1 = float(max(e.end.year for e in events) + 1)
    scale = Scale(t0, t1)
    by_lane: dict[str, list[Mark]] = {lane: [] for lane in LANES}
    for mark in all_marks:
        by_lane[lane_of(mark.event)].append(mark)
    bands = []
    y = AXIS + 4.0
    for lane, lane_marks in by_lane.items():
        if not lane_marks:
            continue
        rows = pack(lane_marks, scale)
        height = LANE_HEAD + (max(rows) + 1) * ROW + 4
        shapes = "".join(
            _mark_svg(m, scale, y + LANE_HEAD + r * ROW + ROW / 2) for m, r in zip(lane_marks, rows, strict=True)
        )
        bands.append(
            f'<g class="lane lane-{lane}" data-lane="{lane}">'
            f'<rect class="band" x="0" y="{_num(y)}" width="{WIDTH}" height="{height}"/>'
            f'<text class="lane-name" x="{PAD}" y="{_num(y + 14)}">{lbl("lane." + lane, tag="tspan")}</text>'
            f"{shapes}</g>"
        )
        y += height + 2
    bottom = y + 2
    step = scale.step()
    ticks = []
    for year in range(int(t0), int(t1) + 1):
        x = _num(scale.x(year))
        minor = "" if year % step == 0 and year < t1 else ' class="minor"'
        ticks.append(
            f'<g class="tick" data-year="{year}"><line x1="{x}" x2="{x}" y1="20" y2="{_num(bottom)}"/>'
            f'<text x="{_num(scale.x(year + 0.5))}" y="16"{minor}>{year}</text></g>'
        )
    return (
        f'<svg id="chart" viewBox="0 0 {WIDTH} {_num(bottom)}" role="group" aria-labelledby="h-timeline" '
        f'data-t0="{int(t0)}" data-t1="{int(t1)}" data-width="{WIDTH}" data-pad="{PAD}" data-bar="{BAR_MIN}" '
        f'data-dot="{DOT}" data-steps="{" ".join(map(str, TICK_STEPS))}" data-tick="{TICK_MIN}">'
        f'<g class="axis" aria-hidden="true">{"".join(ticks)}</g>{"".join(bands)}'
        f'<rect class="brush" x="0" y="0" width="0" height="{_num(bottom)}"/></svg>'
    )


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
    lanes = [lane for lane in LANES if any(lane_of(e) == lane for e in events)]
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
        timeline = timeline_svg(events)
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
