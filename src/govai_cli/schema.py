"""The JSON Schema (draft 2020-12) of govai's YAML data files, for editors and CI (``govai schema``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import __version__
from .dataset import ACTOR_FIELDS, COLLECTIONS, EVENT_FIELDS, SOURCE_FIELDS
from .errors import UsageError
from .model import ACTOR_KINDS, EVENT_KINDS, PARTICIPATION_ROLES, SOURCE_KINDS, TITLE_STATUSES, VERIFICATION

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TARGETS = ("all", "event", "actors", "sources", "topics", "data")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """govai reads an empty value, ``~`` or ``null`` as "not given"."""
    return {"anyOf": [schema, {"type": "null"}]}


def _mapping(properties: dict[str, Any], order: Sequence[str], required: Sequence[str] = ()) -> dict[str, Any]:
    """An object with exactly the fields ``order`` names (a KeyError if one lacks a schema)."""
    return {
        "type": "object",
        "properties": {name: properties[name] if name in required else _nullable(properties[name]) for name in order},
        "required": list(required),
        "additionalProperties": False,
    }


def _list_of(item: dict[str, Any]) -> dict[str, Any]:
    return _nullable({"type": "array", "items": item})


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
            "properties": {"fr": _nullable(_ref("text")), "en": _nullable(_ref("text"))},
            "additionalProperties": False,
            "anyOf": [{"required": ["fr"]}, {"required": ["en"]}],
        },
    }


def _title_form() -> dict[str, Any]:
    """A title in one language: plain text, or text with its status, source and note."""
    form = _mapping(
        {"text": _ref("text"), "status": {"enum": list(TITLE_STATUSES)}, "source": _ref("id"), "note": _ref("text")},
        ("text", "status", "source", "note"),
        ("text",),
    )
    return {"anyOf": [_ref("text"), form]}


def _fact() -> dict[str, Any]:
    return _mapping(
        {"text": _ref("bitext"), "source": _ref("id"), "quote": _ref("text")},
        ("text", "source", "quote"),
        ("text", "source"),
    )


def _event() -> dict[str, Any]:
    participation = _mapping(
        {"id": _ref("id"), "role": {"enum": list(PARTICIPATION_ROLES)}}, ("id", "role"), ("id", "role")
    )
    return _mapping(
        {
            "id": _ref("id"), "date": _ref("date"), "end_date": _ref("date"), "kind": {"enum": list(EVENT_KINDS)},
            "body": _ref("id"), "session": _ref("text"), "symbol": _ref("text"),
            "other_symbols": _list_of(_ref("text")), "location": _ref("bitext"),
            "title": {
                "type": "object",
                "properties": {"fr": _ref("title_form"), "en": _ref("title_form")},
                "additionalProperties": False,
                "minProperties": 1,
            },
            "summary": _ref("bitext"), "topics": _list_of(_ref("id")), "actors": _list_of(participation),
            "facts": _list_of(_ref("fact")), "sources": _list_of(_ref("id")), "related": _list_of(_ref("id")),
            "verification": {"enum": list(VERIFICATION)}, "verification_note": _ref("text"),
        },
        EVENT_FIELDS,
        ("id", "date", "kind", "title"),
    )  # fmt: skip


def _actor() -> dict[str, Any]:
    role = _mapping(
        {
            "title": _ref("bitext"),
            "organization": _ref("id"),
            "from": _ref("date"),
            "to": _ref("date"),
            "source": _ref("id"),
        },
        ("title", "organization", "from", "to", "source"),
        ("title",),
    )
    return _mapping(
        {
            "id": _ref("id"), "kind": {"enum": list(ACTOR_KINDS)}, "name": _ref("bitext"), "short_name": _ref("bitext"),
            "aliases": _list_of(_ref("text")), "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "roles": _list_of(role), "facts": _list_of(_ref("fact")), "sources": _list_of(_ref("id")),
        },
        ACTOR_FIELDS,
        ("id", "kind", "name"),
    )  # fmt: skip


def _source() -> dict[str, Any]:
    source = _mapping(
        {
            "id": _ref("id"), "title": _ref("text"), "description": _ref("text"), "publisher": _ref("text"),
            "published": _ref("date"), "language": {"type": "string", "pattern": "^[a-z]{2}$"},
            "url": {"type": "string"}, "kind": {"enum": list(SOURCE_KINDS)},
        },
        SOURCE_FIELDS,
        ("id",),
    )  # fmt: skip
    source["anyOf"] = [{"required": ["title"]}, {"required": ["description"]}]
    return source


def _topic() -> dict[str, Any]:
    synonyms = _mapping({"fr": _list_of(_ref("text")), "en": _list_of(_ref("text"))}, ("fr", "en"))
    return _mapping(
        {"id": _ref("id"), "label": _ref("bitext"), "synonyms": synonyms}, ("id", "label", "synonyms"), ("id", "label")
    )


def _files() -> dict[str, Any]:
    """The data files: what each of them holds."""
    lists = {"events": "event", "actors": "actor", "sources": "source", "topics": "topic"}
    return {
        "event_file": {
            "description": "events/*.yaml: one event, or a list of events.",
            "anyOf": [_ref("event"), {"type": "array", "items": _ref("event")}],
        },
        "actors_file": {"description": "actors.yaml", "type": "array", "items": _ref("actor")},
        "sources_file": {"description": "sources.yaml", "type": "array", "items": _ref("source")},
        "topics_file": {"description": "topics.yaml", "type": "array", "items": _ref("topic")},
        "data_file": {
            "description": "A single --data file: any of these lists.",
            "type": "object",
            "properties": {key: {"type": "array", "items": _ref(lists[key])} for key in COLLECTIONS},
            "additionalProperties": False,
        },
    }


def _definitions() -> dict[str, Any]:
    return {
        **_values(), "title_form": _title_form(), "fact": _fact(),
        "event": _event(), "actor": _actor(), "source": _source(), "topic": _topic(),
        **_files(),
    }  # fmt: skip


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
