"""The data format, written once: one field spec per record kind.

The loader's checks (``dataset``), the JSON Schema of the YAML files (``govai schema``), the
JSON contract's field order and ``--fields`` all come from ``RECORDS``. Adding a field to
events is a line here, an attribute of ``model.Event``, and its rendering where it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from . import __version__
from .errors import UsageError
from .model import (
    ACTOR_KINDS,
    EVENT_KINDS,
    LANGS,
    PARTICIPATION_ROLES,
    SOURCE_KINDS,
    TITLE_STATUSES,
    VERIFICATION,
)

# When a field must be given: never, always, or in the bundled (strict, curated) dataset only.
OPTIONAL, ALWAYS, CURATED = "optional", "always", "curated"


class Field(NamedTuple):
    """One field of a record, as written in the YAML files.

    ``value``: ``id`` (a slug), ``ref``/``refs`` (ids of ``target`` records), ``text`` (one
    line), ``free`` (prose, which an unquoted `` #`` would cut), ``texts`` (a list of text),
    ``date`` (a partial date), ``choice`` (one of ``choices``), ``bitext`` (``{fr, en}``;
    both in curated data when ``bilingual``), ``note`` (the project's prose: a ``bitext``, or
    plain text read as English, which curated data refuses when ``bilingual``), ``country``,
    ``language``, ``url``, ``title`` (per language a ``title_form``), ``items`` (a list of
    ``target`` records), ``synonyms``.
    """

    name: str
    value: str
    need: str = OPTIONAL
    choices: tuple[str, ...] = ()
    target: str = ""
    attribute: str = ""  # the model's attribute, when it is not ``name``
    bilingual: bool = False

    @property
    def key(self) -> str:
        return self.attribute or self.name


class Record(NamedTuple):
    """A record kind: its fields, and how messages name it (``event 'x': actor role``)."""

    name: str
    fields: tuple[Field, ...]
    label: str = ""  # a nested record's word in messages ("actor", "fact", "role")
    one_of: tuple[str, ...] = ()  # at least one of these must be given

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def required(self, strict: bool) -> tuple[str, ...]:
        needed = (ALWAYS, CURATED) if strict else (ALWAYS,)
        return tuple(f.name for f in self.fields if f.need in needed)


RECORDS: dict[str, Record] = {
    r.name: r
    for r in (
        Record("event", (
            Field("id", "id", ALWAYS),
            Field("date", "date", ALWAYS),
            Field("end_date", "date"),
            Field("kind", "choice", ALWAYS, EVENT_KINDS),
            Field("body", "ref", target="organization"),
            Field("session", "text"),
            Field("symbol", "text"),
            Field("other_symbols", "texts"),
            Field("title", "title", ALWAYS),
            Field("summary", "bitext", CURATED, bilingual=True),
            Field("location", "bitext"),
            Field("actors", "items", target="participation"),
            Field("topics", "refs", target="topic"),
            Field("facts", "items", target="fact"),
            Field("sources", "refs", CURATED, target="source"),
            Field("related", "refs", target="event"),
            Field("verification", "choice", CURATED, VERIFICATION),
            Field("verification_note", "note", bilingual=True),
        )),
        Record("participation", (
            Field("id", "ref", ALWAYS, target="actor", attribute="actor_id"),
            Field("role", "choice", ALWAYS, PARTICIPATION_ROLES),
        ), label="actor"),
        Record("fact", (
            Field("text", "bitext", ALWAYS, bilingual=True),
            Field("source", "ref", ALWAYS, target="source"),
            Field("quote", "free"),
        ), label="fact"),
        Record("title_form", (
            Field("text", "free", ALWAYS),
            Field("status", "choice", CURATED, TITLE_STATUSES),
            Field("source", "ref", target="source"),
            Field("note", "note", bilingual=True),
        )),
        Record("actor", (
            Field("id", "id", ALWAYS),
            Field("kind", "choice", ALWAYS, ACTOR_KINDS),
            Field("name", "bitext", ALWAYS, bilingual=True),
            Field("short_name", "bitext"),
            Field("aliases", "texts"),
            Field("country", "country"),
            Field("roles", "items", target="role"),
            Field("facts", "items", target="fact"),
            Field("sources", "refs", target="source"),
            # The organization a forum belongs to (the UNESCO General Conference to UNESCO, UNESCO
            # to the UN): --body UN finds the events of every part.
            Field("part_of", "ref", target="organization"),
        )),
        Record("role", (
            Field("title", "bitext", ALWAYS, bilingual=True),
            # A role's organization may be a state ("Foreign Secretary" of the United Kingdom).
            Field("organization", "ref", target="actor"),
            Field("from", "date", attribute="start"),
            Field("to", "date", attribute="end"),
            Field("source", "ref", target="source"),
        ), label="role"),
        Record("source", (
            Field("id", "id", ALWAYS),
            Field("title", "free"),
            Field("description", "note", bilingual=True),
            Field("publisher", "free"),
            Field("published", "date"),
            Field("language", "language"),
            Field("url", "url"),
            Field("kind", "choice", choices=SOURCE_KINDS),
        ), one_of=("title", "description")),
        Record("topic", (
            Field("id", "id", ALWAYS),
            Field("label", "bitext", ALWAYS, bilingual=True),
            Field("synonyms", "synonyms"),
        )),
    )
}  # fmt: skip

# The lists a single --data file may hold, each of one record kind.
COLLECTIONS = {"events": "event", "actors": "actor", "sources": "source", "topics": "topic"}


def field_names(record: str) -> tuple[str, ...]:
    return RECORDS[record].names


# ---------------------------------------------------------------- JSON Schema

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TARGETS = ("all", "event", "actors", "sources", "topics", "data")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """govai reads an empty value, ``~`` or ``null`` as "not given"."""
    return {"anyOf": [schema, {"type": "null"}]}


def _list_of(item: dict[str, Any]) -> dict[str, Any]:
    return _nullable({"type": "array", "items": item})


_NESTED = {"participation", "role"}  # written inline; the other records have a $defs entry
_LISTS = {"refs": _ref("id"), "texts": _ref("text")}
_VALUES: dict[str, dict[str, Any]] = {
    "id": _ref("id"),
    "ref": _ref("id"),
    "text": _ref("text"),
    "free": _ref("text"),
    "date": _ref("date"),
    "bitext": _ref("bitext"),
    "note": _ref("note"),
    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
    "language": {"type": "string", "pattern": "^[a-z]{2}$"},
    "url": {"type": "string"},
    "title": {
        "type": "object",
        "properties": {lang: _ref("title_form") for lang in LANGS},
        "additionalProperties": False,
        "minProperties": 1,
    },
}


def _value(field: Field) -> dict[str, Any]:
    if field.value == "choice":
        return {"enum": list(field.choices)}
    if field.value in _LISTS:
        return _list_of(_LISTS[field.value])
    if field.value == "items":
        return _list_of(_record(field.target) if field.target in _NESTED else _ref(field.target))
    if field.value == "synonyms":
        return _object({lang: _list_of(_ref("text")) for lang in LANGS}, ())
    return _VALUES[field.value]


def _object(properties: dict[str, Any], required: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: value if name in required else _nullable(value) for name, value in properties.items()},
        "required": list(required),
        "additionalProperties": False,
    }


def _record(name: str) -> dict[str, Any]:
    """An object with exactly the record's fields; those always required are required."""
    record = RECORDS[name]
    schema = _object({f.name: _value(f) for f in record.fields}, record.required(strict=False))
    if record.one_of:
        schema["anyOf"] = [{"required": [name]} for name in record.one_of]
    return schema


def _values() -> dict[str, Any]:
    """The values fields hold: text, ids, partial dates, text in two languages."""
    return {
        "text": {
            "type": ["string", "number", "boolean"],
            "description": "Text; govai reads every value as written (quote it so an editor does not see a number).",
        },
        "id": {"anyOf": [{"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}, {"type": "integer", "minimum": 0}]},
        "date": {
            "description": "A partial date: YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the source.",
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
        },
        "bitext": {
            "type": "object",
            "properties": {lang: _nullable(_ref("text")) for lang in LANGS},
            "additionalProperties": False,
            "anyOf": [{"required": [lang]} for lang in LANGS],
        },
        "note": {
            "description": "The project's words in French and English; plain text is read as English.",
            "anyOf": [_ref("bitext"), _ref("text")],
        },
    }


def _files() -> dict[str, Any]:
    """The data files: what each of them holds."""
    return {
        "event_file": {
            "description": "events/*.yaml: one event, or a list of events.",
            "anyOf": [_ref("event"), {"type": "array", "items": _ref("event")}],
        },
        **{
            f"{key}_file": {"description": f"{key}.yaml", "type": "array", "items": _ref(kind)}
            for key, kind in COLLECTIONS.items()
            if key != "events"
        },
        "data_file": {
            "description": "A single --data file: any of these lists.",
            "type": "object",
            "properties": {key: {"type": "array", "items": _ref(kind)} for key, kind in COLLECTIONS.items()},
            "additionalProperties": False,
        },
    }


def _definitions() -> dict[str, Any]:
    # A title in one language: plain text, or text with its status, source and note.
    title_form = {"anyOf": [_ref("text"), _record("title_form")]}
    records = {name: _record(name) for name in ("fact", "event", "actor", "source", "topic")}
    return {**_values(), "title_form": title_form, **records, **_files()}


def data_schema(target: str = "all") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a govai YAML file, as an editor reads YAML (1.2).

    ``target``: ``event`` (events/*.yaml), ``actors``, ``sources``, ``topics`` (the list
    files), ``data`` (a single --data file) or ``all`` (any of them).
    """
    if target not in SCHEMA_TARGETS:
        raise UsageError.of("schema.unknown_target", target=target, choices=", ".join(SCHEMA_TARGETS))
    files = ("event_file", "actors_file", "sources_file", "topics_file", "data_file")
    root: dict[str, Any] = {"anyOf": [_ref(name) for name in files]} if target == "all" else _ref(f"{target}_file")
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "govai data file" if target == "all" else f"govai data file ({target})",
        "description": f"YAML data files of govai {__version__}; see docs/data-format.md.",
        **root,
        "$defs": _definitions(),
    }
