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
from govai_cli.model import TITLE_STATUSES, Dataset, Event, Filters
from govai_cli.textnorm import safe

from .human import actor_name, caption_of, density_strip, marked, part_in, role_text, title_label
from .layout import GAP, Side, fit, name_side, pack, token_side
from .record import print_record, title_text
from .results import ActorsResult, RecordResult, Result, SearchResult, TimelineResult, TopicsResult

if TYPE_CHECKING:
    from govai_cli.query import DatasetInfo
    from govai_cli.search import Snippet

NARROW = 72  # below this width, the actors' table keeps only the name, country, events and id
ACTORS_ROLES_MIN = 20  # the actors' roles column, when there is one
ACTORS_NAME_MIN = 20  # the actors' names: narrower, the id goes under the name
COMPACT_FORUM = 18  # the compact view: a forum's longer name (one without a short name) is cut with …
COMPACT_TITLE_MIN = 16  # the compact view's title: shorter, the line leaves the forum out


def make_console(out: IO[str] | None = None) -> Console:
    """A console on ``out`` (stdout if None); made per command, so it reads COLUMNS and NO_COLOR."""
    return Console(file=out, highlight=False, emoji=False, markup=False, soft_wrap=False)


def print_result(
    result: Result, lang: str, out: IO[str] | None = None, *, capture: bool = False, compact: bool = False
) -> str:
    """Any command's result as the table (or the text) a person reads; ``compact``: one line
    per row. With ``capture``, the text as it would be written to ``out`` (colours included)
    is returned instead."""
    console = make_console(out)
    if not capture:
        _print_result(console, result, lang, compact)
        return ""
    with console.capture() as captured:
        _print_result(console, result, lang, compact)
    return captured.get()


def _print_result(console: Console, result: Result, lang: str, compact: bool) -> None:
    if isinstance(result, TimelineResult):
        print_timeline(console, result, lang, compact)
    elif isinstance(result, SearchResult):
        print_search(console, result, lang, compact)
    elif isinstance(result, ActorsResult):
        print_actors(console, result, lang, compact)
    elif isinstance(result, TopicsResult):
        print_topics(console, result, lang)
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

TOKENS = ("symbol", "id")  # never wrapped: copied whole


class _EventCells:
    """The texts beside each event's title (role, forum, symbol, id) and the table's layout."""

    def __init__(self, console: Console, dataset: Dataset, events: Sequence[Event], filters: Filters, lang: str,
                 *, forum: bool = True) -> None:  # fmt: skip
        self.lang = lang
        self.values: dict[str, dict[str, str]] = {
            e.id: {
                "role": safe(part_in(dataset, e, filters, lang)),
                "forum": safe(actor_name(dataset, e.body, lang, short=True)) if forum else "",
                "symbol": safe(e.symbol or ""),
                "id": e.id,
            }
            for e in events
        }
        rows = self.values.values()
        sides = [
            _side(name, [r[name] for r in rows], lang, token=name in TOKENS) for name in ("role", "forum", *TOKENS)
        ]
        dates = [format_span(e.date, e.end_date, lang) for e in events]
        self.date_width = max(len(label("date", lang)), *(len(d) for d in dates))
        titles = [(str(title_label(e, lang)), self.values[e.id]) for e in events]
        self.layout = fit(console.width, self.date_width, sides, rows=titles)
        self.date_wraps = False
        need = max((side.token for side in self.layout.under), default=0)
        if self.layout.main < need:  # a long id would split: dates wrap at spaces to make room
            words = max(len(word) for text in (label("date", lang), *dates) for word in text.split())
            narrower = max(words, console.width - need - GAP)
            if narrower < self.date_width:
                self.date_width, self.date_wraps = narrower, True
                self.layout = fit(console.width, narrower, sides, rows=titles)

    def table(self) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column(label("date", self.lang), no_wrap=not self.date_wraps, style="cyan", width=self.date_width)
        table.add_column(label("event", self.lang), width=self.layout.main, overflow="fold")
        for side in self.layout.columns:
            style = "dim" if side.name == "id" else None
            table.add_column(label(side.name, self.lang), width=side.width, no_wrap=side.name in TOKENS, style=style)
        return table

    def row(self, table: Table, event: Event, title: RichText) -> None:
        """The event's row: ``title`` with what does not fit beside it under it, dimmed."""
        values = self.values[event.id]
        under = [(_under_text(side.name, values[side.name], self.lang), side.name in TOKENS)
                 for side in self.layout.under]  # fmt: skip
        for line in pack(under, self.layout.main):
            title.append("\n" + line, style="dim")
        beside: list[str] = [values[side.name] for side in self.layout.columns]
        table.add_row(format_span(event.date, event.end_date, self.lang), title, *beside)


def _side(name: str, values: list[str], lang: str, *, token: bool) -> Side:
    if not any(values):
        return Side(name, 0, 0)
    side = token_side(name, values) if token else name_side(name, values)
    return side._replace(width=max(side.width, len(label(name, lang))))


def _under_text(name: str, value: str, lang: str) -> str:
    return label("role.under", lang).format(value=value) if name == "role" and value else value


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


def print_timeline(console: Console, result: TimelineResult, lang: str, compact: bool = False) -> None:
    """A caption, a strip of events per year, then the events grouped by year (or by forum);
    ``compact``: the caption, then one line per event."""
    dataset, events = result.dataset, result.events
    if not events:
        return
    _print_caption(console, result, lang)
    if compact:
        print_compact(console, dataset, events, lang)
        return
    _print_strip(console, events, lang)
    by_forum = result.group == "body"
    cells = _EventCells(console, dataset, events, result.filters, lang, forum=not by_forum)
    table = cells.table()
    for number, (name, rows) in enumerate(_timeline_groups(dataset, events, result.group or "year", lang)):
        if number:
            table.add_section()
        heading = RichText(safe(name), style="bold")
        blank = RichText()
        table.add_row(*((blank, heading) if by_forum else (heading, blank)))
        for event in rows:
            cells.row(table, event, title_text(event, lang))
    console.print(table)


def print_compact(console: Console, dataset: Dataset, events: Sequence[Event], lang: str) -> None:
    """One line per event: date, title (cut with … to fit), then the forum's short name and the
    id, whole, at the end of the line. A line too short for the forum leaves it out; one too
    short for a title too gives the date and the id."""
    dates = [format_date(e.date, lang) for e in events]
    date_width = max(map(len, dates))
    for event, date in zip(events, dates, strict=True):
        forum = safe(actor_name(dataset, event.body, lang, short=True))
        forum = forum if len(forum) <= COMPACT_FORUM else forum[: COMPACT_FORUM - 1] + "…"
        tail = f"  {forum}  {event.id}" if forum else f"  {event.id}"
        room = console.width - date_width - 2 - len(tail)
        if room < COMPACT_TITLE_MIN:
            tail = f"  {event.id}"
            room = console.width - date_width - 2 - len(tail)
        line = RichText(date.ljust(date_width + 2), style="cyan")
        if room > 0:
            title = title_text(event, lang)
            title.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(title)
            line.append(tail, style="dim")
        else:  # no room for a title: the id, whole, is what the line is for
            line.append(event.id, style="dim")
        console.print(line, overflow="fold")


def print_search(console: Console, result: SearchResult, lang: str, compact: bool = False) -> None:
    if not result.hits:
        return
    _print_caption(console, result, lang)
    events = [hit.event for hit in result.hits]
    if compact:
        print_compact(console, result.dataset, events, lang)
        return
    cells = _EventCells(console, result.dataset, events, result.filters, lang)
    table = cells.table()
    for hit in result.hits:
        cell = title_text(hit.event, lang)
        cells.row(table, hit.event, cell)
        cell.append("\n" + ", ".join(label("field." + m, lang) for m in hit.matched), style="dim")
        if hit.snippet is not None:
            cell.append(": ", style="dim")
            cell.append_text(_highlighted(hit.snippet))
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


def print_actors(console: Console, result: ActorsResult, lang: str, compact: bool = False) -> None:
    """Name, kind, country, roles, events, id; the id under the name when the width is short.

    Below NARROW columns (and in the compact view) the kind and roles go (govai show ID has
    them), or the name and roles would be squeezed to nothing.
    """
    if not result.rows:
        return
    _print_caption(console, result, lang)
    rows = [
        {
            "name": safe(marked(row.actor.name, lang)),
            "kind": label(row.actor.kind, lang),
            "country": row.actor.country or "",
            "roles": safe("; ".join(role_text(role, lang) for role in row.actor.roles)),
            "events": str(row.event_count),
            "id": row.actor.id,
        }
        for row in result.rows
    ]
    ident = _side("id", [r["id"] for r in rows], lang, token=True)
    for wide in (console.width >= NARROW and not compact, False):
        shown = ("kind", "country", "events") if wide else ("country", "events")
        fixed = [_side(n, [r[n] for r in rows], lang, token=True) for n in shown]
        gap = 2 if compact else GAP  # (the compact view has no rule between columns)
        room = console.width - sum(side.width + gap for side in fixed)  # for the name, roles and id
        roles = ACTORS_ROLES_MIN + gap if wide else 0
        id_beside = compact or room - roles - ident.width - gap >= ACTORS_NAME_MIN
        name_room = room - roles - (ident.width + gap if id_beside else 0)
        widest = max(len(r["name"]) for r in rows)
        name_width = min(widest, max(name_room // 2, ACTORS_NAME_MIN)) if wide else name_room
        name_width = max(name_width, 1 if id_beside else min(ident.width, room))
        if name_width <= name_room:
            break
    table = Table(box=None if compact else box.SIMPLE_HEAD, show_header=not compact, show_edge=False, pad_edge=False,
                  expand=True)  # fmt: skip
    wrap: dict[str, Any] = {"no_wrap": True, "overflow": "ellipsis"} if compact else {"overflow": "fold"}
    table.add_column(label("name", lang), width=name_width, **wrap)
    for side in fixed:
        if side.name == "events" and wide:
            table.add_column(label("roles", lang), ratio=1, overflow="fold")
        table.add_column(label(side.name, lang), width=side.width, no_wrap=True,
                         justify="right" if side.name == "events" else "left")  # fmt: skip
    if id_beside:
        table.add_column(label("id", lang), width=ident.width, no_wrap=True, style="dim")
    for row in rows:
        name = RichText(row["name"])
        if not id_beside:
            name.append("\n" + row["id"], style="dim")
        cells = [row[n] for n in ("kind", "country", "roles", "events") if wide or n in ("country", "events")]
        table.add_row(name, *cells, *([row["id"]] if id_beside else []))
    console.print(table)


def print_topics(console: Console, result: TopicsResult, lang: str) -> None:
    """Id, label in the reader's language, number of events."""
    if not result.rows:
        return
    _print_caption(console, result, lang)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column(label("id", lang), no_wrap=True, style="dim")
    table.add_column(label("label", lang), overflow="fold")
    table.add_column(label("events", lang), justify="right", no_wrap=True)
    for row in result.rows:
        table.add_row(row.topic.id, safe(marked(row.topic.label, lang)), str(row.event_count))
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
