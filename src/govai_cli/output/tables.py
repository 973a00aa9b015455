"""Rich tables for people: the timeline, search results, actors and the dataset's figures.

With ``record.py``, the only module importing Rich; ``output.emit`` imports it for the table
format only, so the JSON, CSV and Markdown paths never load Rich. Data text is always handed
to Rich as ``Text`` or a plain cell (the console never parses markup), made safe first:
control, C1 and bidirectional characters are shown escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from govai_cli.dates import format_date, format_span
from govai_cli.i18n import KIND_LABELS, label
from govai_cli.model import TITLE_STATUSES, Dataset, Event
from govai_cli.textnorm import safe

from .human import actor_name, caption_of, density_strip, marked, role_text
from .record import print_record, title_text
from .results import ActorsResult, RecordResult, Result, SearchResult, TimelineResult

if TYPE_CHECKING:
    from govai_cli.query import DatasetInfo
    from govai_cli.search import Snippet

NARROW = 72  # below this width, tables keep only the date and the title


def make_console(out: IO[str] | None = None) -> Console:
    """A console on ``out`` (stdout if None); made per command, so it reads COLUMNS and NO_COLOR."""
    return Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=False)


def print_result(result: Result, lang: str, out: IO[str] | None = None) -> None:
    """Any command's result as the table (or the text) a person reads."""
    console = make_console(out)
    if isinstance(result, TimelineResult):
        print_timeline(console, result, lang)
    elif isinstance(result, SearchResult):
        print_search(console, result, lang)
    elif isinstance(result, ActorsResult):
        print_actors(console, result, lang)
    elif isinstance(result, RecordResult):
        print_record(console, result, lang)
    else:
        print_info(console, result, lang)


def _print_caption(console: Console, result: Result, lang: str) -> None:
    console.print(RichText(safe(caption_of(result, lang)), style="bold"))


def _print_strip(console: Console, events: Sequence[Event], lang: str) -> None:
    first, bars, last, note = density_strip([e.date.year for e in events], console.width, lang)
    line = RichText(first + " ")
    line.append(bars, style="cyan")
    if last:
        line.append(" " + last)
    if note:
        line.append(f"  ({note})", style="dim")
    console.print(line, no_wrap=True, overflow="crop")


# ---------------------------------------------------------------- events


def _event_table(console: Console, lang: str, *, forum: bool = True) -> Table:
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


def _add_event_row(table: Table, cells: Sequence[Any]) -> None:
    table.add_row(*cells[: len(table.columns)])


def _timeline_groups(dataset: Dataset, events: Sequence[Event], group: str, lang: str) -> list[tuple[str, list[Event]]]:
    """Events by year, or by forum (forums in the order of their first event, none last)."""
    groups: dict[Any, list[Event]] = {}
    for event in events:
        key = event.date.year if group == "year" else event.body
        groups.setdefault(key, []).append(event)
    if group == "year":
        return [(str(year), rows) for year, rows in groups.items()]
    named = [(actor_name(dataset, body, lang), rows) for body, rows in groups.items() if body is not None]
    if None in groups:
        named.append((label("group.no_forum", lang), groups[None]))
    return named


def print_timeline(console: Console, result: TimelineResult, lang: str) -> None:
    """A caption, a strip of events per year, then the events grouped by year (or by forum)."""
    dataset, events = result.dataset, result.events
    if not events:
        return
    _print_caption(console, result, lang)
    _print_strip(console, events, lang)
    by_forum = result.group == "body"
    table = _event_table(console, lang, forum=not by_forum)
    for number, (name, rows) in enumerate(_timeline_groups(dataset, events, result.group or "year", lang)):
        if number:
            table.add_section()
        heading = RichText(safe(name), style="bold")
        _add_event_row(table, ["", heading] if by_forum else [heading, ""])
        for event in rows:
            cells: list[Any] = [format_span(event.date, event.end_date, lang), title_text(event, lang)]
            if not by_forum:
                cells.append(safe(actor_name(dataset, event.body, lang, short=True)))
            _add_event_row(table, [*cells, safe(event.symbol or "")])
    console.print(table)


def print_search(console: Console, result: SearchResult, lang: str) -> None:
    if not result.hits:
        return
    _print_caption(console, result, lang)
    table = _event_table(console, lang)
    for hit in result.hits:
        event = hit.event
        cell = title_text(event, lang)
        cell.append("\n" + ", ".join(label("field." + m, lang) for m in hit.matched), style="dim")
        if hit.snippet is not None:
            cell.append(": ", style="dim")
            cell.append_text(_highlighted(hit.snippet))
        _add_event_row(
            table,
            [
                format_span(event.date, event.end_date, lang),
                cell,
                safe(actor_name(result.dataset, event.body, lang, short=True)),
                safe(event.symbol or ""),
            ],
        )
    console.print(table)


def _highlighted(snippet: Snippet) -> RichText:
    """The snippet in dim italics with the matched words in bold (escapes keep their place)."""
    out = RichText(style="dim italic")
    position = 0
    for start, end in snippet.spans:
        out.append(safe(snippet.text[position:start]))
        out.append(safe(snippet.text[start:end]), style="bold not dim")
        position = end
    out.append(safe(snippet.text[position:]))
    return out


# ---------------------------------------------------------------- actors


def print_actors(console: Console, result: ActorsResult, lang: str) -> None:
    if not result.rows:
        return
    _print_caption(console, result, lang)
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
    for row in result.rows:
        actor = row.actor
        cells = [
            safe(marked(actor.name, lang)),
            label(actor.kind, lang),
            actor.country or "",
            safe("; ".join(role_text(role, lang) for role in actor.roles)),
        ]
        table.add_row(*(cells if wide else cells[:1] + cells[2:3]), str(row.event_count), actor.id)
    console.print(table)


# ---------------------------------------------------------------- dataset info


def print_info(console: Console, info: DatasetInfo, lang: str) -> None:
    def row(name: str, value: str) -> None:
        line = RichText(f"{name}: ", style="bold")
        line.append(value)
        console.print(line)

    def counts(values: dict[Any, int], labels: dict[str, tuple[str, str]] | None = None) -> str:
        return ", ".join(f"{label(str(k), lang, labels) if labels else k} {v}" for k, v in values.items())

    row(label("info.version", lang), info.version or label("info.user_data", lang))
    row(label("info.hash", lang), info.content_hash)
    row(label("info.files", lang), str(info.files))
    row(label("info.bundled", lang), info.bundled)
    row(label("info.folders", lang), ", ".join(info.folders))
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
