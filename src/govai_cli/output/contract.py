"""The JSON contract: one object shape per record kind, for ``--format json`` and ``ndjson``.

Pure: records in, dicts out. ``FIELDS`` names each kind's keys in order; ``--fields`` and the
CSV columns are checked against it, and a test holds it to what the functions return. Its
names are the field spec's (``schema``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from govai_cli.model import Actor, Dataset, Event, Fact, Source, Text, Topic
from govai_cli.schema import field_names

if TYPE_CHECKING:
    from govai_cli.query import ActorRow, DatasetInfo, Record, TopicRow
    from govai_cli.search import Hit

# An event's keys: the field spec's, with the title's status marks and notes after the title.
_EVENT = tuple(
    key
    for name in field_names("event")
    for key in ((name, "title_status", "title_note") if name == "title" else (name,))
)

# The keys of each kind of row, in the order the functions below write them.
FIELDS: dict[str, tuple[str, ...]] = {
    "event": _EVENT,
    "hit": (*_EVENT, "score", "matched"),
    "actor": field_names("actor"),
    "actor_row": (*field_names("actor"), "events"),  # `govai actors` adds how many events each appears in
    "source": field_names("source"),
    "topic": field_names("topic"),
    "topic_row": (*field_names("topic"), "events"),  # `govai topics` adds how many events carry each
}


def _text(text: Text | None) -> dict[str, str | None]:
    return {"fr": text.fr if text else None, "en": text.en if text else None}


def _note(note: Text | None) -> dict[str, str | None] | None:
    """A note or a description: ``{fr, en}`` as a title is, or null when there is none."""
    return _text(note) if note else None


def source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "description": _note(source.description),
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
    forms = (("fr", event.title.fr), ("en", event.title.en))
    title_status = {lang: (form.status if form else None) for lang, form in forms}
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
        "title_note": {lang: _note(form.note if form else None) for lang, form in forms},
        "summary": _text(event.summary),
        "location": _text(event.location) if event.location else None,
        "actors": [{"id": p.actor_id, "role": p.role} for p in event.actors],
        "topics": list(event.topics),
        "facts": [_fact_json(f) for f in event.facts],
        "sources": [source_json(sources[s]) for s in event.sources if s in sources],
        "related": list(event.related),
        "verification": event.verification,
        "verification_note": _note(event.verification_note),
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
        "part_of": actor.part_of,
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


def _actor_row_json(dataset: Dataset, row: ActorRow) -> dict[str, Any]:
    return actor_json(row.actor, row.event_count)


def _topic_row_json(dataset: Dataset, row: TopicRow) -> dict[str, Any]:
    return {**topic_json(row.topic), "events": row.event_count}


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
        "bundled_data": info.bundled,
        "data_folders": list(info.folders),
    }


def _info_json(dataset: Dataset, info: DatasetInfo) -> dict[str, Any]:
    return info_json(info)


# The object of one row of each kind (``FIELDS``' keys), from the dataset and the row's item.
ROW_JSON: dict[str, Callable[[Dataset, Any], dict[str, Any]]] = {
    "event": event_json,
    "hit": hit_json,
    "actor": record_json,
    "actor_row": _actor_row_json,
    "source": record_json,
    "topic": record_json,
    "topic_row": _topic_row_json,
    "info": _info_json,  # `govai info`: one object, no --fields
}
