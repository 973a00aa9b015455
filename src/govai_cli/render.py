"""All output: Rich tables for people; JSON, NDJSON, CSV and Markdown for pipes and documents.

The only module that imports Rich. CSV and Markdown writers live in ``plain.py``, which only
this module calls.

Rich is imported inside the functions that draw, so the JSON path never pays for it. Data
text is always handed to Rich as ``Text`` (never parsed as markup), with control, C1 and
bidirectional characters shown escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from .dates import format_date, format_span
from .i18n import KIND_LABELS, LABELS, ROLE_LABELS, label, plural
from .model import (
    MARKED_STATUSES,
    TITLE_STATUSES,
    Actor,
    Dataset,
    Event,
    Fact,
    Filters,
    PartialDate,
    Precision,
    Source,
    Text,
    Topic,
)
from .query import ActorRow, DatasetInfo, Record
from .search import Explanation, Hit, Snippet
from .textnorm import safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text as RichText

_CLEAN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\x00-\x1f\x7f-\x9f\[\]<>\"'\\`]*)?")


def make_console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=False)


# ---------------------------------------------------------------- JSON contract


def _text(text: Text | None) -> dict[str, str | None]:
    return {"fr": text.fr if text else None, "en": text.en if text else None}


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "description": source.description,
        "publisher": source.publisher,
        "published": source.published.iso() if source.published else None,
        "language": source.language,
        "url": source.url,
        "kind": source.kind,
    }


def _fact_json(fact: Fact) -> dict[str, Any]:
    return {"text": _text(fact.text), "source": fact.source, "quote": fact.quote}


def event_json(dataset: Dataset, event: Event) -> dict[str, Any]:
    sources = dataset.sources_by_id
    title_status = {
        lang: (form.status if form else None) for lang, form in (("fr", event.title.fr), ("en", event.title.en))
    }
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end_date": event.end_date.iso() if event.end_date else None,
        "kind": event.kind,
        "body": event.body,
        "session": event.session,
        "symbol": event.symbol,
        "other_symbols": list(event.other_symbols),
        "title": _text(event.title.text()),
        "title_status": title_status,
        "summary": _text(event.summary),
        "location": _text(event.location) if event.location else None,
        "actors": [{"id": p.actor_id, "role": p.role} for p in event.actors],
        "topics": list(event.topics),
        "facts": [_fact_json(f) for f in event.facts],
        "sources": [source_json(sources[s]) for s in event.sources if s in sources],
        "related": list(event.related),
        "verification": event.verification,
    }


def actor_json(actor: Actor, event_count: int | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": actor.id,
        "kind": actor.kind,
        "name": _text(actor.name),
        "short_name": _text(actor.short_name) if actor.short_name else None,
        "aliases": list(actor.aliases),
        "country": actor.country,
        "roles": [
            {
                "title": _text(r.title),
                "organization": r.organization,
                "from": r.start.iso() if r.start else None,
                "to": r.end.iso() if r.end else None,
                "source": r.source,
            }
            for r in actor.roles
        ],
        "facts": [_fact_json(f) for f in actor.facts],
        "sources": list(actor.sources),
    }
    if event_count is not None:
        row["events"] = event_count
    return row


def topic_json(topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "label": _text(topic.label),
        "synonyms": {"fr": list(topic.synonyms_fr), "en": list(topic.synonyms_en)},
    }


def hit_json(dataset: Dataset, hit: Hit) -> dict[str, Any]:
    return {**event_json(dataset, hit.event), "score": hit.score, "matched": list(hit.matched)}


def record_json(dataset: Dataset, record: Record) -> dict[str, Any]:
    if isinstance(record, Event):
        return event_json(dataset, record)
    if isinstance(record, Actor):
        return actor_json(record)
    if isinstance(record, Source):
        return source_json(record)
    return topic_json(record)


def write_json(rows: Sequence[dict[str, Any]] | dict[str, Any], out: IO[str], *, ndjson: bool = False) -> None:
    """JSON (an array, or one object) or NDJSON; never colour, never wrapped, UTF-8.

    On a stream that is not UTF-8 (PYTHONIOENCODING=latin-1) every non-ASCII character is a
    ``\\u`` escape, so the bytes are still valid UTF-8 and decode to the same values.
    """
    import codecs

    ascii_only = not codecs.lookup(getattr(out, "encoding", None) or "utf-8").name.startswith("utf")
    if ndjson:
        items = rows if isinstance(rows, Sequence) else [rows]
        out.write("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in items))
    else:
        out.write(json.dumps(rows, ensure_ascii=ascii_only, indent=2) + "\n")


def record_kind(record: Record) -> str:
    """The row kind of a record, as ``plain.FIELDS`` names it."""
    if isinstance(record, Event):
        return "event"
    if isinstance(record, Actor):
        return "actor"
    return "source" if isinstance(record, Source) else "topic"


def check_fields(text: str | None, kind: str, fmt: str, lang: str) -> tuple[str, ...] | None:
    """``--fields`` as a tuple of valid field names of ``kind``; a usage error otherwise."""
    from . import plain
    from .errors import UsageError
    from .i18n import message

    if text is None:
        return None
    if fmt == "table":
        raise UsageError(message("fields.table", lang))
    return plain.parse_fields(text, kind, lang)


def write_rows(
    out: IO[str],
    fmt: str,
    rows: Sequence[dict[str, Any]],
    kind: str,
    lang: str,
    *,
    dataset: Dataset | None = None,
    fields: Sequence[str] | None = None,
    caption: str | None = None,
    raw_csv: bool = False,
    single: bool = False,
) -> None:
    """Rows of the JSON contract as json, ndjson, csv or md; ``single``: one object, not an array.

    JSON keeps the rows' shape (``fields`` picks top-level keys); CSV and Markdown flatten them
    (``plain.Flattener``). Only Markdown carries the caption: machine formats hold data only.
    """
    from . import plain

    if fmt in ("json", "ndjson"):
        picked = [plain.select(r, fields) for r in rows]
        write_json(picked[0] if single and fmt == "json" and picked else picked, out, ndjson=fmt == "ndjson")
        return
    human = fmt == "md"
    names = tuple(fields or (plain.MARKDOWN_FIELDS if human else plain.FIELDS)[kind])
    flattener = plain.Flattener(lang, human=human, name_of=_namer(dataset, lang))
    cells = [flattener.row(r, names) for r in rows]
    if human:
        header = [label(n, lang) for n in names]
        plain.write_markdown(header, cells, out, caption=caption)
    else:
        plain.write_csv(names, cells, out, raw=raw_csv)


def _namer(dataset: Dataset | None, lang: str) -> Any:
    def name_of(actor_id: str, short: bool) -> str:
        return _actor_name(dataset, actor_id, lang, short=short) if dataset else actor_id

    return name_of


# ---------------------------------------------------------------- captions


def _country_label(dataset: Dataset, code: str, lang: str) -> str:
    for actor in dataset.actors:
        if actor.kind == "state" and actor.country == code:
            return _pick(actor.name, lang)[0]
    from .countries import country_name

    return country_name(code, lang)


def _range_label(start: PartialDate | None, end: PartialDate | None, lang: str) -> str:
    if start and end:
        if start == end:
            return format_date(start, lang)
        if start.precision == end.precision == Precision.YEAR:
            return f"{start.year}–{end.year}"
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    if start:
        return label("caption.since", lang).format(value=format_date(start, lang))
    assert end is not None
    return label("caption.until", lang).format(value=format_date(end, lang))


def caption(
    dataset: Dataset,
    filters: Filters,
    lang: str,
    *,
    noun: str,
    count: int,
    total: int | None = None,
    events: Sequence[Event] = (),
    text: str | None = None,
) -> str:
    """One line saying what was asked and found: ``12 événements · pays : Chine · 2019–2024``.

    The date range asked for is shown; without one, the years the events found cover.
    """
    head = plural(noun, count, lang)
    if total is not None and total > count:
        head = label("caption.of_total", lang).format(count=head, total=total)
    if text is not None:
        head = label("caption.search", lang).format(count=head, text=text)
    parts = [head]
    if filters.country:
        parts.append(label("caption.country", lang).format(value=_country_label(dataset, filters.country, lang)))
    if filters.body:
        parts.append(label("caption.body", lang).format(value=_actor_name(dataset, filters.body, lang, short=True)))
    if filters.actor:
        parts.append(label("caption.actor", lang).format(value=_actor_name(dataset, filters.actor, lang)))
    if filters.topic:
        topic = dataset.topics_by_id.get(filters.topic)
        name = _pick(topic.label, lang)[0] if topic else filters.topic
        parts.append(label("caption.topic", lang).format(value=name))
    if filters.kind:
        kind = label(filters.kind, lang, KIND_LABELS if filters.kind in KIND_LABELS else LABELS)
        parts.append(label("caption.kind", lang).format(value=kind))
    if filters.date_from or filters.date_to:
        parts.append(_range_label(filters.date_from, filters.date_to, lang))
    elif events:
        first = min(e.date.year for e in events)
        last = max(e.end.year for e in events)
        parts.append(str(first) if first == last else f"{first}–{last}")
    return " · ".join(parts)


def _print_caption(console: Console, text: str | None) -> None:
    from rich.text import Text as RichText

    if text:
        console.print(RichText(safe(text), style="bold"))


# ---------------------------------------------------------------- density strip

BLOCKS = "▁▂▃▄▅▆▇█"


def density_strip(years: Sequence[int], width: int, lang: str) -> tuple[str, str, str, str]:
    """Events per year as Unicode blocks, fitted to ``width``: (first year, bars, last year, note).

    A year without events is a blank; when the years outnumber the room, each bar is a run of
    years. The note gives the count the tallest bar stands for, if it fits.
    """
    first, last = min(years), max(years)
    span = last - first + 1
    labels = len(str(first)) + len(str(last)) + 2
    step = -(-span // max(width - labels, 1))
    counts = [0] * -(-span // step)
    for year in years:
        counts[(year - first) // step] += 1
    peak = max(counts)
    bars = "".join(" " if c == 0 else BLOCKS[-(-c * len(BLOCKS) // peak) - 1] for c in counts)
    key = "strip.peak" if step == 1 else "strip.peak_step"
    note = label(key, lang).format(count=peak, step=step)
    if labels + len(bars) + 2 + len(note) + 2 > width:
        note = ""
    return str(first), bars, "" if first == last else str(last), note


def _print_strip(console: Console, events: Sequence[Event], lang: str) -> None:
    from rich.text import Text as RichText

    first, bars, last, note = density_strip([e.date.year for e in events], console.width, lang)
    line = RichText(first + " ")
    line.append(bars, style="cyan")
    if last:
        line.append(" " + last)
    if note:
        line.append(f"  ({note})", style="dim")
    console.print(line, no_wrap=True, overflow="crop")


# ---------------------------------------------------------------- tables


def _pick(text: Text | None, lang: str) -> tuple[str, bool]:
    """Text in ``lang``, else the other language; the flag says a fallback was used."""
    got = text.get(lang) if text else None
    if got is None:
        return "", False
    return got[0], got[1] != lang


def _marked(text: Text | None, lang: str) -> str:
    """Text in ``lang``, else the other language's followed by ``[en]`` / ``[fr]``; made safe."""
    got = text.get(lang) if text else None
    if got is None:
        return ""
    return safe(got[0]) + ("" if got[1] == lang else f" [{got[1]}]")


def _title(event: Event, lang: str) -> RichText:
    from rich.text import Text as RichText

    got = event.title.form(lang)
    if got is None:
        return RichText(event.id)
    form, used = got
    out = RichText(safe(form.text))
    if used != lang:
        out.append(f" [{used}]", style="dim")
    if form.status in MARKED_STATUSES:
        out.append(f" [{label('status.' + form.status, lang)}]", style="dim italic")
    return out


def _actor_name(dataset: Dataset, actor_id: str | None, lang: str, *, short: bool = False) -> str:
    if actor_id is None:
        return ""
    actor = dataset.actors_by_id.get(actor_id)
    if actor is None:
        return actor_id
    name, _ = _pick(actor.name, lang)
    if short and actor.short_name is not None:
        name, _ = _pick(actor.short_name, lang)
    return safe(name)


NARROW = 72  # below this width, tables keep only the date and the title


def _event_table(console: Console, lang: str, *, forum: bool = True) -> Any:
    from rich import box
    from rich.table import Table

    # The title takes what the date, forum and symbol leave; those stay narrow, and go when
    # the terminal is too narrow for them.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column(label("date", lang), no_wrap=True, style="cyan")
    table.add_column(label("event", lang), ratio=1, overflow="fold")
    if console.width >= NARROW:
        wide = console.width >= 100
        if forum:
            table.add_column(label("forum", lang), max_width=18 if wide else 11, overflow="ellipsis")
        table.add_column(label("symbol", lang), max_width=16 if wide else 12, overflow="fold")
    return table


def _add_event_row(table: Any, cells: Sequence[Any]) -> None:
    table.add_row(*cells[: len(table.columns)])


def _timeline_groups(dataset: Dataset, events: Sequence[Event], group: str, lang: str) -> list[tuple[str, list[Event]]]:
    """Events by year, or by forum (forums in the order of their first event, none last)."""
    groups: dict[Any, list[Event]] = {}
    for event in events:
        key = event.date.year if group == "year" else event.body
        groups.setdefault(key, []).append(event)
    if group == "year":
        return [(str(year), rows) for year, rows in groups.items()]
    named = [(_actor_name(dataset, body, lang), rows) for body, rows in groups.items() if body is not None]
    if None in groups:
        named.append((label("group.no_forum", lang), groups[None]))
    return named


def print_timeline(
    console: Console,
    dataset: Dataset,
    events: Sequence[Event],
    lang: str,
    *,
    caption: str | None = None,
    group: str = "year",
) -> None:
    """A caption, a strip of events per year, then the events grouped by year (or by forum)."""
    from rich.text import Text as RichText

    if not events:
        return
    _print_caption(console, caption)
    _print_strip(console, events, lang)
    by_forum = group == "body"
    table = _event_table(console, lang, forum=not by_forum)
    for number, (name, rows) in enumerate(_timeline_groups(dataset, events, group, lang)):
        if number:
            table.add_section()
        heading = RichText(safe(name), style="bold")
        _add_event_row(table, ["", heading] if by_forum else [heading, ""])
        for event in rows:
            cells: list[Any] = [format_span(event.date, event.end_date, lang), _title(event, lang)]
            if not by_forum:
                cells.append(_actor_name(dataset, event.body, lang, short=True))
            _add_event_row(table, [*cells, safe(event.symbol or "")])
    console.print(table)


def print_search(
    console: Console, dataset: Dataset, hits: Sequence[Hit], lang: str, *, caption: str | None = None
) -> None:
    _print_caption(console, caption)
    table = _event_table(console, lang)
    for hit in hits:
        event = hit.event
        cell = _title(event, lang)
        cell.append("\n" + ", ".join(label("field." + m, lang) for m in hit.matched), style="dim")
        if hit.snippet is not None:
            cell.append(": ", style="dim")
            cell.append_text(_highlighted(hit.snippet))
        _add_event_row(
            table,
            [
                format_span(event.date, event.end_date, lang),
                cell,
                _actor_name(dataset, event.body, lang, short=True),
                safe(event.symbol or ""),
            ],
        )
    console.print(table)


def _highlighted(snippet: Snippet) -> RichText:
    """The snippet in dim italics with the matched words in bold (escapes keep their place)."""
    from rich.text import Text as RichText

    out = RichText(style="dim italic")
    position = 0
    for start, end in snippet.spans:
        out.append(safe(snippet.text[position:start]))
        out.append(safe(snippet.text[start:end]), style="bold not dim")
        position = end
    out.append(safe(snippet.text[position:]))
    return out


def write_explanation(out: IO[str], explanation: Explanation, lang: str) -> None:
    topics = ", ".join(f"{t.id} ({_pick(t.label, lang)[0]})" for t in explanation.topics) or label("explain.none", lang)
    lines = (
        (label("explain.folded", lang), explanation.folded),
        (label("explain.expression", lang), explanation.expression),
        (label("explain.topics", lang), topics),
        (label("explain.fields", lang), ", ".join(label("field." + f, lang) for f in explanation.fields)),
    )
    for name, value in lines:
        out.write(f"govai: {name}: {safe(value)}\n")


def _roles_line(dataset: Dataset, actor: Actor, lang: str) -> str:
    parts = []
    for role in actor.roles:
        title = _marked(role.title, lang)
        span = ""
        if role.start or role.end:
            span = f" ({role.start.iso() if role.start else '…'}–{role.end.iso() if role.end else ''})"
        parts.append(title + span)
    return "; ".join(parts)


def print_actors(
    console: Console, dataset: Dataset, rows: Sequence[ActorRow], lang: str, *, caption: str | None = None
) -> None:
    from rich import box
    from rich.table import Table

    _print_caption(console, caption)
    # Below NARROW columns the kind and roles go (govai show ID has them), or Rich would squeeze
    # the name and roles columns to nothing.
    wide = console.width >= NARROW
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(label("name", lang), ratio=2, overflow="fold")
    if wide:
        table.add_column(label("kind", lang), no_wrap=True)
    table.add_column(label("country", lang), no_wrap=True)
    if wide:
        table.add_column(label("roles", lang), ratio=3, overflow="fold")
    table.add_column(label("events", lang), justify="right", no_wrap=True)
    table.add_column(label("id", lang), overflow="fold", style="dim")
    for row in rows:
        actor = row.actor
        cells = [
            _marked(actor.name, lang),
            label(actor.kind, lang),
            actor.country or "",
            _roles_line(dataset, actor, lang),
        ]
        table.add_row(*(cells if wide else cells[:1] + cells[2:3]), str(row.event_count), actor.id)
    console.print(table)


# ---------------------------------------------------------------- one record in full


def _link(url: str) -> RichText:
    from rich.style import Style
    from rich.text import Text as RichText

    shown = safe(url)
    if _CLEAN_URL.fullmatch(url):
        return RichText(shown, style=Style(link=url, underline=True))
    return RichText(shown)


def _field(lines: list[RichText], name: str, value: str | RichText, lang: str) -> None:
    from rich.text import Text as RichText

    if not value:
        return
    line = RichText(f"{label(name, lang)}: ", style="bold")
    line.append_text(value if isinstance(value, RichText) else RichText(value))
    lines.append(line)


def _source_lines(dataset: Dataset, source_ids: Iterable[str], lang: str) -> list[RichText]:
    from rich.text import Text as RichText

    out = []
    for source_id in source_ids:
        source = dataset.sources_by_id.get(source_id)
        if source is None:
            continue
        line = RichText(f"  [{source.id}] ", style="cyan")
        line.append(safe(f"« {source.title} »" if source.title else source.description or ""))
        details = [
            safe(d)
            for d in (
                source.publisher,
                format_date(source.published, lang) if source.published else None,
                source.language,
            )
            if d
        ]
        if details:
            line.append(" — " + ", ".join(details), style="dim")
        out.append(line)
        if source.url:
            url_line = RichText("    ")
            url_line.append_text(_link(source.url))
            out.append(url_line)
    return out


# Notes (a title's, the verification note) are written in English only: marked as such elsewhere.
_NOTE_LANG_MARK = {"fr": " [en]"}


def _fact_lines(facts: Sequence[Fact], lang: str) -> list[RichText]:
    from rich.text import Text as RichText

    out = []
    for fact in facts:
        text, fallback = _pick(fact.text, lang)
        line = RichText("  • " + safe(text))
        if fallback:
            line.append(" [" + ("en" if lang == "fr" else "fr") + "]", style="dim")
        line.append(f" [{fact.source}]", style="cyan")
        out.append(line)
        if fact.quote:
            out.append(RichText(f"      « {safe(fact.quote)} »", style="italic dim"))
    return out


def _event_lines(dataset: Dataset, event: Event, lang: str) -> list[RichText]:
    from rich.text import Text as RichText

    lines: list[RichText] = []
    heading = _title(event, lang)
    heading.stylize("bold")
    lines.append(heading)
    for code in ("fr", "en"):
        form = getattr(event.title, code)
        if form is None:
            continue
        status = label("status." + (form.status or "unknown"), lang)
        line = RichText(f"  {code}: ", style="dim")
        line.append(safe(form.text))
        line.append(f"  [{status}]", style="dim italic")
        if form.source:
            line.append(f" [{form.source}]", style="cyan")
        if form.note:
            line.append(f" ({safe(form.note)})" + _NOTE_LANG_MARK.get(lang, ""), style="dim")
        lines.append(line)
    lines.append(RichText())
    _field(lines, "id", event.id, lang)
    iso = event.date.iso() + (f" → {event.end_date.iso()}" if event.end_date else "")
    _field(lines, "date", f"{format_span(event.date, event.end_date, lang)}  ({iso})", lang)
    _field(lines, "kind", label(event.kind, lang, KIND_LABELS), lang)
    _field(lines, "forum", _actor_name(dataset, event.body, lang), lang)
    _field(lines, "session", safe(event.session or ""), lang)
    _field(lines, "symbol", safe(event.symbol or ""), lang)
    _field(lines, "other_symbols", safe(", ".join(event.other_symbols)), lang)
    _field(lines, "location", _marked(event.location, lang), lang)
    if event.verification:
        note = f" — {safe(event.verification_note)}{_NOTE_LANG_MARK.get(lang, '')}" if event.verification_note else ""
        _field(lines, "verification", label(event.verification, lang) + note, lang)
    summary = _marked(event.summary, lang)
    if summary:
        lines.append(RichText())
        lines.append(RichText(summary))
    if event.actors:
        lines.append(RichText())
        lines.append(RichText(label("actors", lang), style="bold"))
        for part in event.actors:
            role = label(part.role, lang, ROLE_LABELS)
            lines.append(RichText(f"  • {_actor_name(dataset, part.actor_id, lang)} — {role} [{part.actor_id}]"))
    if event.facts:
        lines.append(RichText())
        lines.append(RichText(label("facts", lang), style="bold"))
        lines.extend(_fact_lines(event.facts, lang))
    if event.topics:
        names = [_marked(dataset.topics_by_id[t].label, lang) for t in event.topics if t in dataset.topics_by_id]
        lines.append(RichText())
        _field(lines, "topics", ", ".join(names), lang)
    if event.related:
        _field(lines, "related", ", ".join(event.related), lang)
    lines.append(RichText())
    lines.append(RichText(label("sources", lang), style="bold"))
    lines.extend(_source_lines(dataset, event.sources, lang))
    return lines


def _actor_lines(dataset: Dataset, actor: Actor, events: Sequence[Event], lang: str) -> list[RichText]:
    from rich.text import Text as RichText

    name, _ = _pick(actor.name, lang)
    lines = [RichText(_marked(actor.name, lang), style="bold")]
    other = actor.name.en if lang == "fr" else actor.name.fr
    if other and other != name:
        lines.append(RichText(f"  ({safe(other)})", style="dim"))
    lines.append(RichText())
    _field(lines, "id", actor.id, lang)
    _field(lines, "kind", label(actor.kind, lang), lang)
    _field(lines, "country", actor.country or "", lang)
    _field(lines, "aliases", safe(", ".join(actor.aliases)), lang)
    if actor.roles:
        lines.append(RichText(label("roles", lang), style="bold"))
        for role in actor.roles:
            line = RichText("  • " + _marked(role.title, lang))
            if role.organization:
                line.append(f" — {_actor_name(dataset, role.organization, lang)}")
            if role.start or role.end:
                line.append(f" ({role.start.iso() if role.start else '…'}–{role.end.iso() if role.end else ''})")
            if role.source:
                line.append(f" [{role.source}]", style="cyan")
            lines.append(line)
    if actor.facts:
        lines.append(RichText(label("facts", lang), style="bold"))
        lines.extend(_fact_lines(actor.facts, lang))
    if events:
        lines.append(RichText(f"{label('events', lang)} ({len(events)})", style="bold"))
        for event in events:
            line = RichText(f"  {format_span(event.date, event.end_date, lang)}  ", style="cyan")
            line.append_text(_title(event, lang))
            line.append(f" [{event.id}]", style="dim")
            lines.append(line)
    cited = [*actor.sources, *(r.source for r in actor.roles if r.source), *(f.source for f in actor.facts)]
    if cited:
        lines.append(RichText(label("sources", lang), style="bold"))
        lines.extend(_source_lines(dataset, dict.fromkeys(cited), lang))
    return lines


def print_record(console: Console, dataset: Dataset, record: Record, events: Sequence[Event], lang: str) -> None:
    from rich.text import Text as RichText

    if isinstance(record, Event):
        lines = _event_lines(dataset, record, lang)
    elif isinstance(record, Actor):
        lines = _actor_lines(dataset, record, events, lang)
    elif isinstance(record, Source):
        lines = [RichText(safe(record.label), style="bold"), RichText()]
        for name in ("id", "description", "publisher", "language"):
            value = getattr(record, name)
            if value and not (name == "description" and not record.title):
                _field(lines, name, safe(value), lang)
        if record.published:
            _field(lines, "published", format_date(record.published, lang), lang)
        if record.url:
            _field(lines, "url", _link(record.url), lang)
        if events:
            lines.append(RichText(f"{label('events', lang)} ({len(events)})", style="bold"))
            for event in events:
                line = RichText(f"  {format_span(event.date, event.end_date, lang)}  ", style="cyan")
                line.append_text(_title(event, lang))
                lines.append(line)
    else:
        lines = [RichText(_marked(record.label, lang), style="bold")]
        _field(lines, "id", record.id, lang)
        synonyms = record.synonyms_fr + record.synonyms_en
        _field(lines, "synonyms", safe(", ".join(synonyms)), lang)
    for line in lines:
        console.print(line)


# ---------------------------------------------------------------- dataset info


def info_json(info: DatasetInfo) -> dict[str, Any]:
    return {
        "version": info.version,
        "content_hash": info.content_hash,
        "files": info.files,
        "first": info.first.iso() if info.first else None,
        "last": info.last.iso() if info.last else None,
        "events": sum(info.events_by_kind.values()),
        "events_by_kind": info.events_by_kind,
        "events_by_year": {str(k): v for k, v in info.events_by_year.items()},
        "actors_by_kind": info.actors_by_kind,
        "sources": info.sources,
        "topics": info.topics,
        "facts": info.facts,
        "quotes": info.quotes,
        "title_status": info.title_status,
    }


def print_info(console: Console, info: DatasetInfo, lang: str) -> None:
    from rich.text import Text as RichText

    def row(name: str, value: str) -> None:
        line = RichText(f"{name}: ", style="bold")
        line.append(value)
        console.print(line)

    def counts(values: dict[Any, int], labels: dict[str, tuple[str, str]] | None = None) -> str:
        return ", ".join(f"{label(str(k), lang, labels) if labels else k} {v}" for k, v in values.items())

    row(label("info.version", lang), info.version or label("info.user_data", lang))
    row(label("info.hash", lang), info.content_hash)
    row(label("info.files", lang), str(info.files))
    if info.first and info.last:
        row(label("info.range", lang), f"{format_date(info.first, lang)} – {format_date(info.last, lang)}")
    row(label("events", lang), str(sum(info.events_by_kind.values())))
    row(label("info.by_kind", lang), counts(info.events_by_kind, KIND_LABELS))
    row(label("info.by_year", lang), counts(info.events_by_year))
    row(label("info.actors", lang), counts({label(k, lang): v for k, v in info.actors_by_kind.items()}))
    row(label("sources", lang), str(info.sources))
    row(label("topics", lang), str(info.topics))
    row(label("info.facts", lang), f"{info.facts} ({info.quotes})")
    for code in ("fr", "en"):
        status = info.title_status.get(code, {})
        shown = " / ".join(str(status.get(k, 0)) for k in TITLE_STATUSES)
        others = {k: v for k, v in status.items() if k not in TITLE_STATUSES}
        extra = f" ({counts(others)})" if others else ""
        row(f"{label('info.titles', lang)} [{code}]", shown + extra)
