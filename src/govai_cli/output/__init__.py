"""All output: a command's result, written in the format asked for, by one ``emit``.

- ``results``: what a command hands over (``TimelineResult``, ``SearchResult``, …).
- ``contract``: the JSON objects, one shape per record kind, and their field lists.
- ``human``: plain text for people (names, marked titles, captions), shared by every format.
- ``cells`` and ``writers``: JSON, NDJSON, CSV and Markdown, and ``--fields``.
- ``document``: one record (``show --format md``) as a Markdown document.
- ``tables`` and ``record``: Rich, for the table format only; the only modules importing it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from enum import StrEnum
from typing import IO

from govai_cli.errors import UsageError
from govai_cli.i18n import label
from govai_cli.model import Dataset
from govai_cli.textnorm import safe

from .pager import page, wants_pager
from .results import ActorsResult, RecordResult, Result, SearchResult, TimelineResult, TopicsResult, record_kind
from .writers import WRITERS, Rows, parse_fields, write_explanation, write_json

__all__ = [
    "ActorsResult",
    "Format",
    "RecordResult",
    "Result",
    "SearchResult",
    "TimelineResult",
    "TopicsResult",
    "emit",
    "prepare",
    "write_explanation",
    "write_json",
]


class Format(StrEnum):
    """Output of the data commands: a table for people, the others for pipes and documents."""

    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    md = "md"


def emit(
    result: Result,
    fmt: Format,
    out: IO[str],
    lang: str,
    *,
    fields: str | None = None,
    raw_csv: bool = False,
    notes: IO[str] | None = None,
    pager: bool = True,
    compact: bool = False,
) -> None:
    """Write ``result`` to ``out`` as ``fmt``; notes for the reader (nothing found, more
    results than shown) go to ``notes``. ``fields`` is ``--fields`` as typed.

    On a terminal, output taller than the screen goes through the pager (``pager.py``),
    unless ``pager`` is False (``--no-pager``). ``compact``: tables of one line per row.
    Options that do not apply to ``fmt`` are usage errors, raised before anything is written.
    """
    rows = _rows(result, fmt, lang, fields, raw_csv)
    if compact and fmt is not Format.table:
        raise UsageError.of("compact.not_table")
    if notes is not None:
        _write_notes(notes, result, lang)
    document = fmt is Format.md and fields is None  # `show --format md` writes a document
    pager_argv = wants_pager(out, pager)
    if pager_argv is None:
        _write(result, fmt, rows, lang, out, capture=False, compact=compact, document=document)
    else:
        page(_write(result, fmt, rows, lang, out, capture=True, compact=compact, document=document), out, pager_argv)


def prepare(fmt: Format) -> None:
    """Import what writing ``fmt`` takes, ahead of ``emit``: a search on a large dataset does
    it while it waits for the files' walk (``cache.answer``)."""
    if fmt is Format.table:
        # Rich takes tens of milliseconds to import: only the table format pays for it.
        from . import tables  # noqa: F401


def _write(
    result: Result, fmt: Format, rows: Rows, lang: str, out: IO[str], *, capture: bool, compact: bool, document: bool
) -> str:
    """Write ``result`` to ``out``; with ``capture``, return the text instead (for the pager)."""
    if fmt is Format.table:
        # Rich takes tens of milliseconds to import: only the table format pays for it.
        from . import tables

        return tables.print_result(result, lang, out, capture=capture, compact=compact)
    target = io.StringIO() if capture else out
    if document and isinstance(result, RecordResult):
        # `show --format md`: a document, not a one-row table; only that format pays for its import.
        from .document import write_document

        write_document(result, lang, target)
    else:
        WRITERS[fmt](rows, target)
    return target.getvalue() if isinstance(target, io.StringIO) else ""


def _rows(result: Result, fmt: Format, lang: str, fields: str | None, raw_csv: bool) -> Rows:
    """The result's records as rows of one kind (``contract.ROW_JSON``'s), options checked."""
    items: Sequence[object]
    if fields is not None and fmt is Format.table:
        raise UsageError.of("fields.table")
    if raw_csv and fmt is not Format.csv:
        raise UsageError.of("raw_csv.not_csv")
    if isinstance(result, TimelineResult):
        if result.group is not None and fmt is not Format.table:
            raise UsageError.of("group.not_table")
        kind, items, dataset = "event", result.events, result.dataset
    elif isinstance(result, SearchResult):
        kind, items, dataset = "hit", result.hits, result.dataset
    elif isinstance(result, ActorsResult):
        kind, items, dataset = "actor_row", result.rows, result.dataset
    elif isinstance(result, TopicsResult):
        kind, items, dataset = "topic_row", result.rows, result.dataset
    elif isinstance(result, RecordResult):
        kind, items, dataset = record_kind(result.record), (result.record,), result.dataset
    else:
        if fmt not in (Format.table, Format.json, Format.ndjson):
            raise UsageError.of("format.info", fmt=fmt.value)
        kind, items, dataset = "info", (result,), Dataset()
    wanted = parse_fields(fields, kind) if fields is not None else None
    caption = ""
    if fmt is Format.md:
        from .human import caption_of  # names, dates, countries for people: not the machine formats'

        caption = caption_of(result, lang)
    single = kind == "info" or isinstance(result, RecordResult)
    return Rows(kind, items, dataset, lang, wanted, caption, raw_csv, single)


def _write_notes(notes: IO[str], result: Result, lang: str) -> None:
    """What a person should know beside the data: that nothing was found, or not all shown."""
    if isinstance(result, TimelineResult) and not result.events:
        notes.write(f"govai: {label('no_events', lang)}\n")
    elif isinstance(result, SearchResult) and not result.hits:
        notes.write(f"govai: {label('no_results', lang).format(text=safe(result.text))}\n")
    elif isinstance(result, SearchResult) and result.partial:
        notes.write(f"govai: {label('partial_results', lang)}\n")
    elif isinstance(result, SearchResult) and result.total > len(result.hits):
        shown = label("more_results", lang).format(shown=len(result.hits), total=result.total)
        notes.write(f"govai: {shown}\n")
    elif isinstance(result, ActorsResult) and not result.rows:
        notes.write(f"govai: {label('no_actors', lang)}\n")
