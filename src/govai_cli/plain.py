"""Plain tabular output for render.py: field selection, flattening, CSV and Markdown writers.

Only render.py calls this module. Rows come in as the JSON contract's objects (one shape per
record kind); CSV and Markdown flatten them to one text cell per field, in the reader's
language. Nothing here draws colour or wraps lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from typing import IO, Any

from .dates import format_date, format_span, parse_iso
from .errors import UsageError
from .i18n import KIND_LABELS, LABELS, label, message
from .model import MARKED_STATUSES
from .textnorm import safe

_EVENT = (
    "id", "date", "end_date", "kind", "body", "session", "symbol", "other_symbols", "title", "title_status",
    "summary", "location", "actors", "topics", "facts", "sources", "related", "verification",
)  # fmt: skip
_ACTOR = ("id", "kind", "name", "short_name", "aliases", "country", "roles", "facts", "sources")
_SOURCE = ("id", "title", "description", "publisher", "published", "language", "url", "kind")

# The keys of each kind of row, in the order of the JSON contract (a test holds them).
FIELDS: dict[str, tuple[str, ...]] = {
    "event": _EVENT,
    "hit": (*_EVENT, "score", "matched"),
    "actor": _ACTOR,
    "actor_row": (*_ACTOR, "events"),  # `govai actors` adds how many events each appears in
    "source": _SOURCE,
    "topic": ("id", "label", "synonyms"),
}

# What Markdown shows without --fields: what the table shows, and the id to `govai show`.
MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "event": ("date", "title", "body", "symbol", "id"),
    "hit": ("date", "title", "body", "symbol", "matched", "id"),
    "actor": ("name", "kind", "country", "roles", "id"),
    "actor_row": ("name", "kind", "country", "roles", "events", "id"),
    "source": ("id", "title", "publisher", "published", "url"),
    "topic": ("id", "label", "synonyms"),
}

_TEXT_FIELDS = {"title", "summary", "location", "name", "short_name", "label"}
_DATE_FIELDS = {"date", "end_date", "published"}


def parse_fields(text: str, kind: str, lang: str) -> tuple[str, ...]:
    """``--fields a,b`` checked against the fields of ``kind``; order kept, repeats dropped."""
    valid = FIELDS[kind]
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(message("fields.empty", lang, valid=", ".join(valid)))
    for name in names:
        if name not in valid:
            close = difflib.get_close_matches(name.lower(), valid, n=3, cutoff=0.6)
            raise UsageError(message("fields.unknown", lang, name=name, valid=", ".join(valid), suggestions=close))
    return tuple(dict.fromkeys(names))


def select(row: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """``row`` with only ``fields``, in their order (all of it when ``fields`` is None)."""
    return row if fields is None else {name: row.get(name) for name in fields}


# ---------------------------------------------------------------- flattening


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def pick_text(value: dict[str, Any] | None, lang: str) -> str:
    """The text in ``lang``; else the other language's, marked ``[en]`` / ``[fr]``."""
    if not value:
        return ""
    if value.get(lang):
        return str(value[lang])
    other = _other(lang)
    if value.get(other):
        return f"{value[other]} [{other}]"
    return ""


class Flattener:
    """Turns one JSON row into text cells: ``human`` for Markdown, else for CSV.

    CSV keeps machine values (ISO dates, ids, kinds); Markdown writes dates in the reader's
    language, kinds as words and actors and forums by name. Both put the reader's language in
    text fields. Lists of ids are joined by ``;`` in CSV and ``, `` in Markdown; lists of texts
    (facts, roles) are one item a line.
    """

    def __init__(self, lang: str, *, human: bool, name_of: Callable[[str, bool], str] | None = None) -> None:
        self.lang = lang
        self.human = human
        self.name_of = name_of or (lambda actor_id, short: actor_id)
        self.join = ", " if human else ";"

    def row(self, row: dict[str, Any], fields: Sequence[str]) -> list[str]:
        return [self.cell(name, row) for name in fields]

    def cell(self, name: str, row: dict[str, Any]) -> str:
        value = row.get(name)
        if value is None or value == [] or value == {}:
            return ""
        if name == "title" and self.human and isinstance(value, dict):
            marker = self.cell("title_status", row)
            return pick_text(value, self.lang) + (f" [{marker}]" if marker in self._marked_statuses() else "")
        if name in _TEXT_FIELDS and isinstance(value, dict):
            return pick_text(value, self.lang)
        if name == "title_status" and isinstance(value, dict):
            title = row.get("title") or {}
            shown = self.lang if title.get(self.lang) else _other(self.lang)
            status = value.get(shown)
            return label("status." + status, self.lang) if status and self.human else status or ""
        if name in _DATE_FIELDS and isinstance(value, str):
            return self._date(name, value, row)
        if name == "kind" and self.human:
            return label(value, self.lang, KIND_LABELS if value in KIND_LABELS else LABELS)
        if name == "body" and self.human:
            return self.name_of(value, True)
        if name == "actors":
            return self.join.join(self.name_of(a["id"], False) if self.human else a["id"] for a in value)
        if name == "sources" and value and isinstance(value[0], dict):
            return self.join.join(s["id"] for s in value)
        if name == "facts":
            return "\n".join(f"{pick_text(f['text'], self.lang)} [{f['source']}]" for f in value)
        if name == "roles":
            return "\n".join(self._role(r) for r in value)
        if name == "synonyms":
            return self.join.join([*value.get(self.lang, []), *value.get(_other(self.lang), [])])
        if name == "matched" and self.human:
            return self.join.join(label("field." + m, self.lang) for m in value)
        if name == "verification" and self.human:
            return label(value, self.lang)
        if isinstance(value, list):
            return self.join.join(str(v) for v in value)
        return str(value)

    def _marked_statuses(self) -> tuple[str, ...]:
        """Title statuses that a human format marks after the title, as the table does."""
        return tuple(label("status." + s, self.lang) for s in MARKED_STATUSES)

    def _date(self, name: str, value: str, row: dict[str, Any]) -> str:
        if not self.human:
            return value
        if name == "date" and row.get("end_date"):
            return format_span(parse_iso(value), parse_iso(row["end_date"]), self.lang)
        return format_date(parse_iso(value), self.lang)

    def _role(self, role: dict[str, Any]) -> str:
        text = pick_text(role.get("title"), self.lang)
        if role.get("from") or role.get("to"):
            text += f" ({role.get('from') or '…'}–{role.get('to') or ''})"
        return text


# ---------------------------------------------------------------- CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """A leading ``'`` on a cell a spreadsheet would read as a formula (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]], out: IO[str], *, raw: bool = False) -> None:
    """RFC 4180: CRLF line ends, cells holding ``,`` ``"`` or line breaks quoted, UTF-8 text."""
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if raw else [neutralize(c) for c in row])


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    """A cell's text as Markdown text: no markup, no ``|`` ending the cell, no line break."""
    escaped = _MD_SPECIAL.sub(r"\\\1", safe(text))
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
