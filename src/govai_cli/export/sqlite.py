"""SQLite for Datasette: one table per kind of record, link tables, and full-text search.

Every value the data holds in two languages has a column per language, and one in the export's
language; lists are JSON arrays. A filtered export holds the events kept and what they refer to.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from govai_cli.model import Actor, Dataset, Event, Fact, PartialDate, Source, Topic
from govai_cli.output.contract import source_json
from govai_cli.search import searched_texts
from govai_cli.textnorm import fold

from .common import ExportInput, ExportReport, actor_name, event_title, referenced, text_in

# Datasette finds the FTS table of `events` by its `content="events"` declaration (the
# double-quoted form) and joins it on rowid; the indexed column holds fold()ed text so that
# `egalite` finds « égalité » and `oeuvre` finds « œuvre ».
SQLITE_SCHEMA = """
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT, description TEXT, publisher TEXT, published TEXT,
    language TEXT, url TEXT, kind TEXT
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, name_fr TEXT, name_en TEXT,
    short_name_fr TEXT, short_name_en TEXT, aliases TEXT NOT NULL, country TEXT
);
CREATE TABLE actor_roles (
    actor_id TEXT NOT NULL REFERENCES actors(id), position INTEGER NOT NULL,
    title TEXT NOT NULL, title_fr TEXT, title_en TEXT, organization TEXT REFERENCES actors(id),
    date_from TEXT, date_to TEXT, source_id TEXT REFERENCES sources(id),
    PRIMARY KEY (actor_id, position)
);
CREATE TABLE topics (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, label_fr TEXT, label_en TEXT,
    synonyms_fr TEXT NOT NULL, synonyms_en TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, end_date TEXT, first_day TEXT NOT NULL, last_day TEXT NOT NULL,
    precision TEXT NOT NULL, kind TEXT NOT NULL, body TEXT REFERENCES actors(id), session TEXT, symbol TEXT,
    other_symbols TEXT NOT NULL, title TEXT NOT NULL, title_fr TEXT, title_en TEXT,
    title_status_fr TEXT, title_status_en TEXT, summary TEXT, summary_fr TEXT, summary_en TEXT,
    location_fr TEXT, location_en TEXT, verification TEXT, verification_note TEXT, related TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id), role TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (event_id, position)
);
CREATE TABLE event_topics (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (event_id, position)
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, event_id TEXT REFERENCES events(id), actor_id TEXT REFERENCES actors(id),
    position INTEGER NOT NULL, text TEXT NOT NULL, text_fr TEXT, text_en TEXT,
    source_id TEXT NOT NULL REFERENCES sources(id), quote TEXT,
    CHECK ((event_id IS NULL) <> (actor_id IS NULL))
);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
CREATE INDEX event_topics_topic ON event_topics(topic_id);
CREATE INDEX facts_event ON facts(event_id);
CREATE INDEX facts_actor ON facts(actor_id);
CREATE INDEX facts_source ON facts(source_id);
CREATE INDEX actor_roles_organization ON actor_roles(organization);
CREATE VIRTUAL TABLE events_fts USING fts5(search_text, content="events");
"""


def search_text(dataset: Dataset, event: Event) -> str:
    """Everything one searches an event by (``search.searched_texts``), fold()ed, a line each."""
    texts = searched_texts(event, dataset.actors_by_id, dataset.topics_by_id)
    return "\n".join(fold(text) for field in texts.values() for text in field)


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _insert(db: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        columns = list(rows[0])
        names, values = ", ".join(columns), ", ".join(f":{c}" for c in columns)
        db.executemany(f"INSERT INTO {table} ({names}) VALUES ({values})", rows)


def _event_row(dataset: Dataset, event: Event, lang: str) -> dict[str, Any]:
    fr, en = event.title.fr, event.title.en
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end_date": _iso(event.end_date),
        "first_day": event.date.first_day().isoformat(),
        "last_day": event.end.last_day().isoformat(),
        "precision": event.date.precision.name.lower(),
        "kind": event.kind,
        "body": event.body,
        "session": event.session,
        "symbol": event.symbol,
        "other_symbols": _json_list(event.other_symbols),
        "title": event_title(event, lang),
        "title_fr": fr.text if fr else None,
        "title_en": en.text if en else None,
        "title_status_fr": fr.status if fr else None,
        "title_status_en": en.status if en else None,
        "summary": text_in(event.summary, lang),
        "summary_fr": event.summary.fr if event.summary else None,
        "summary_en": event.summary.en if event.summary else None,
        "location_fr": event.location.fr if event.location else None,
        "location_en": event.location.en if event.location else None,
        "verification": event.verification,
        "verification_note": text_in(event.verification_note, lang),
        "related": _json_list(event.related),
        "search_text": search_text(dataset, event),
    }


def _actor_row(actor: Actor, lang: str) -> dict[str, Any]:
    short = actor.short_name
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name": actor_name(actor, lang),
        "name_fr": actor.name.fr,
        "name_en": actor.name.en,
        "short_name_fr": short.fr if short else None,
        "short_name_en": short.en if short else None,
        "aliases": _json_list(actor.aliases),
        "country": actor.country,
    }


def _fact_rows(owner: str, owner_id: str, facts: Sequence[Fact], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "event_id": owner_id if owner == "event" else None,
            "actor_id": owner_id if owner == "actor" else None,
            "position": position,
            "text": text_in(fact.text, lang) or "",
            "text_fr": fact.text.fr,
            "text_en": fact.text.en,
            "source_id": fact.source,
            "quote": fact.quote,
        }
        for position, fact in enumerate(facts, 1)
    ]


def _role_rows(actor: Actor, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "actor_id": actor.id,
            "position": position,
            "title": text_in(role.title, lang) or "",
            "title_fr": role.title.fr,
            "title_en": role.title.en,
            "organization": role.organization,
            "date_from": _iso(role.start),
            "date_to": _iso(role.end),
            "source_id": role.source,
        }
        for position, role in enumerate(actor.roles, 1)
    ]


def _topic_row(topic: Topic, lang: str) -> dict[str, Any]:
    return {
        "id": topic.id,
        "label": text_in(topic.label, lang) or topic.id,
        "label_fr": topic.label.fr,
        "label_en": topic.label.en,
        "synonyms_fr": _json_list(topic.synonyms_fr),
        "synonyms_en": _json_list(topic.synonyms_en),
    }


def _listed(events: Sequence[Event], column: str, ids: Callable[[Event], Sequence[str]]) -> list[dict[str, Any]]:
    """One row per event and id it lists (each id once), numbered from 1 in the event's order."""
    return [
        {"event_id": e.id, "position": i, column: value}
        for e in events
        for i, value in enumerate(dict.fromkeys(ids(e)), 1)
    ]


def _link_rows(events: Sequence[Event]) -> dict[str, list[dict[str, Any]]]:
    """The rows of the tables that link events to actors, sources and topics."""
    return {
        "event_actors": [
            {"event_id": e.id, "position": i, "actor_id": p.actor_id, "role": p.role}
            for e in events
            for i, p in enumerate(e.actors, 1)
        ],
        "event_sources": _listed(events, "source_id", lambda e: e.sources),
        "event_topics": _listed(events, "topic_id", lambda e: e.topics),
    }


def _records(data: ExportInput) -> tuple[Sequence[Actor], Sequence[Source], Sequence[Topic]]:
    """The actors, sources and topics to write: all of them, or those the filtered events refer to."""
    dataset = data.dataset
    if data.filters:
        return referenced(dataset, data.events)
    return dataset.actors, dataset.sources, dataset.topics


def fill_sqlite(db: sqlite3.Connection, data: ExportInput) -> None:
    """Create the tables and insert ``data``: the whole dataset, or the filtered events and what they refer to."""
    dataset, lang, events = data.dataset, data.lang, data.events
    actors, sources, topics = _records(data)
    db.executescript(SQLITE_SCHEMA)
    stamp = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in data.stamp().items()}
    _insert(db, "metadata", [{"key": k, "value": v} for k, v in sorted(stamp.items())])
    _insert(db, "sources", [{**source_json(s), "description": text_in(s.description, lang)} for s in sources])
    _insert(db, "actors", [_actor_row(a, lang) for a in actors])
    _insert(db, "actor_roles", [row for a in actors for row in _role_rows(a, lang)])
    _insert(db, "topics", [_topic_row(t, lang) for t in topics])
    _insert(db, "events", [_event_row(dataset, e, lang) for e in events])
    for table, rows in _link_rows(events).items():
        _insert(db, table, rows)
    _insert(db, "facts", [row for e in events for row in _fact_rows("event", e.id, e.facts, lang)])
    _insert(db, "facts", [row for a in actors for row in _fact_rows("actor", a.id, a.facts, lang)])
    # The FTS rows take the events' rowids, read from the content table.
    db.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")


def write_sqlite(data: ExportInput, path: Path) -> ExportReport:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            fill_sqlite(db, data)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # a bug in ``referenced``, never a user's doing
            raise RuntimeError(f"foreign key violations in the SQLite export: {problems[:5]}")
    return ExportReport(written=len(data.events))
