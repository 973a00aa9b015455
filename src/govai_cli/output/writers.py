"""The formats for pipes and documents: JSON, NDJSON, CSV and Markdown, and ``--fields``.

Nothing here draws colour or wraps lines. JSON keeps the contract's shape (``--fields`` picks
top-level keys); CSV and Markdown flatten records into cells (``cells.Flattener``). Only
Markdown carries the caption: machine formats hold data only.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from msgspec import Struct

from govai_cli.errors import UsageError
from govai_cli.i18n import label
from govai_cli.model import Dataset
from govai_cli.textnorm import safe

from .contract import FIELDS, ROW_JSON

if TYPE_CHECKING:
    from govai_cli.search import Explanation

# What Markdown shows without --fields: what the table shows, and the id to `govai show`.
MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("date", "title", "body", "symbol", "id"),
    "hit": ("date", "title", "body", "symbol", "matched", "id"),
    "actor": ("name", "kind", "country", "roles", "id"),
    "actor_row": ("name", "kind", "country", "roles", "events", "id"),
    "source": ("id", "title", "publisher", "published", "url"),
    "topic": ("id", "label", "synonyms"),
    "topic_row": ("id", "label", "events"),
}


class Rows(Struct, frozen=True, order=True):
    """A result's records as rows of one kind, and what the writers need to write them."""

    kind: str  # a key of contract.FIELDS
    items: Sequence[Any]
    dataset: Dataset
    lang: str
    fields: tuple[str, ...] | None = None  # --fields; None: the format's own choice
    caption: str = ""  # Markdown's first line
    raw_csv: bool = False
    single: bool = False  # `govai show`: one JSON object, not an array


def parse_fields(text: str, kind: str) -> tuple[str, ...]:
    """``--fields a,b`` checked against the fields of ``kind``; order kept, repeats dropped."""
    valid = FIELDS[kind]
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError.of("fields.empty", valid=", ".join(valid))
    for name in names:
        if name not in valid:
            close = difflib.get_close_matches(name.lower(), valid, n=3, cutoff=0.6)
            raise UsageError.of("fields.unknown", name=name, valid=", ".join(valid), suggestions=close)
    return tuple(dict.fromkeys(names))


def select(row: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """``row`` with only ``fields``, in their order (all of it when ``fields`` is None)."""
    return row if fields is None else {name: row.get(name) for name in fields}


# ---------------------------------------------------------------- JSON


def write_json(value: Sequence[dict[str, Any]] | dict[str, Any], out: IO[str], *, ndjson: bool = False) -> None:
    """JSON (an array, or one object) or NDJSON (one object a line); never colour, never wrapped.

    On a stream that is not UTF-8 (PYTHONIOENCODING=latin-1) every non-ASCII character is a
    ``\\u`` escape, so the bytes are still valid UTF-8 and decode to the same values.
    """
    import json  # the machine formats only: a table never pays for its import

    ascii_only = not codecs.lookup(getattr(out, "encoding", None) or "utf-8").name.startswith("utf")
    if ndjson:
        items = value if isinstance(value, Sequence) else [value]
        out.write("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in items))
    else:
        out.write(json.dumps(value, ensure_ascii=ascii_only, indent=2) + "\n")


def _json_rows(rows: Rows) -> list[dict[str, Any]]:
    to_json = ROW_JSON[rows.kind]
    return [select(to_json(rows.dataset, item), rows.fields) for item in rows.items]


def _write_json_rows(rows: Rows, out: IO[str]) -> None:
    objects = _json_rows(rows)
    write_json(objects[0] if rows.single and objects else objects, out)


def _write_ndjson_rows(rows: Rows, out: IO[str]) -> None:
    write_json(_json_rows(rows), out, ndjson=True)


# ---------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """A leading ``'`` on a cell a spreadsheet would read as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]], out: IO[str], *, raw: bool = False) -> None:
    """RFC 4180: CRLF line ends, cells holding ``,`` ``"`` or line breaks quoted, UTF-8 text."""
    import csv  # the CSV format's own: the others, and every table, never load it

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if raw else [neutralize(c) for c in row])


def _write_csv_rows(rows: Rows, out: IO[str]) -> None:
    names = rows.fields or FIELDS[rows.kind]
    from .cells import Flattener  # cells for CSV and Markdown: JSON, the commonest, never needs them

    flattener = Flattener(rows.dataset, rows.lang, human=False)
    write_csv(names, [flattener.row(rows.kind, item, names) for item in rows.items], out, raw=rows.raw_csv)


# ---------------------------------------------------------------- Markdown

# Compiled on first use (by re's own cache), not on every start
_MD_SPECIAL = r"([\\`*_\[\]<>|])"


def md_escape(text: str) -> str:
    """A cell's text as Markdown text: no markup, no ``|`` ending the cell, no line break."""
    escaped = re.sub(_MD_SPECIAL, r"\\\1", safe(text))
    return "<br>".join(line.strip() for line in escaped.splitlines()) if escaped else ""


def write_markdown(
    header: Sequence[str], rows: Sequence[Sequence[str]], out: IO[str], *, caption: str | None = None
) -> None:
    """A GitHub-flavoured Markdown table, after a one-line caption."""
    lines = []
    if caption:
        lines += [md_escape(caption), ""]
    lines.append("| " + " | ".join(md_escape(h) for h in header) + " |")
    lines.append("|" + "|".join(" --- " for _ in header) + "|")
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    out.write("\n".join(lines) + "\n")


def _write_markdown_rows(rows: Rows, out: IO[str]) -> None:
    names = rows.fields or MARKDOWN_FIELDS[rows.kind]
    from .cells import Flattener  # cells for CSV and Markdown: JSON, the commonest, never needs them

    flattener = Flattener(rows.dataset, rows.lang, human=True)
    cells = [flattener.row(rows.kind, item, names) for item in rows.items]
    write_markdown([label(n, rows.lang) for n in names], cells, out, caption=rows.caption)


# Each format but the table, by its --format name: one function writing Rows to a stream.
WRITERS: dict[str, Callable[[Rows, IO[str]], None]] = {
    "json": _write_json_rows,
    "ndjson": _write_ndjson_rows,
    "csv": _write_csv_rows,
    "md": _write_markdown_rows,
}


def write_explanation(out: IO[str], explanation: Explanation, lang: str) -> None:
    """How a search was read (``govai search --explain``), one ``govai: name: value`` line each."""
    from .human import pick  # names for people: only --explain, among the machine formats' runs

    topics = ", ".join(f"{t.id} ({pick(t.label, lang)[0]})" for t in explanation.topics) or label("explain.none", lang)
    lines = (
        (label("explain.folded", lang), explanation.folded),
        (label("explain.expression", lang), explanation.expression),
        (label("explain.topics", lang), topics),
        (label("explain.fields", lang), ", ".join(label("field." + f, lang) for f in explanation.fields)),
        (label("explain.tiers", lang), " ; ".join(f"{label('tier.' + n, lang)}: {e}" for n, e in explanation.tiers)),
        (label("explain.hit_tiers", lang), ", ".join(f"{i} ({label('tier.' + t, lang)})" for i, t in explanation.hits)),
    )
    for name, value in lines:
        out.write(f"govai: {name}: {safe(value)}\n")
