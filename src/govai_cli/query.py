"""Pure queries over a Dataset; each returns results in a fixed, documented order."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .countries import resolve_country
from .dates import overlaps, parse_user_date
from .errors import NotFoundError, UsageError
from .model import ACTOR_KINDS, EVENT_KINDS, Actor, Dataset, Event, PartialDate, Source, Topic
from .textnorm import fold, tokens

Record = Event | Actor | Source | Topic


@dataclass(frozen=True)
class Filters:
    """What to keep; every filter given must hold (dates by the overlap rule)."""

    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    country: str | None = None
    body: str | None = None
    actor: str | None = None
    topic: str | None = None
    kind: str | None = None

    def describe(self) -> dict[str, str]:
        return {k: str(v) for k, v in vars(self).items() if v is not None}


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(set(choices)), n=3, cutoff=0.6)
    return f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _country_names(dataset: Dataset) -> dict[str, str]:
    """Names and aliases of the dataset's states, folded, to their code."""
    names: dict[str, str] = {}
    for actor in dataset.actors:
        if actor.kind == "state" and actor.country:
            for name in (*actor.name.values(), *actor.aliases):
                names[fold(name)] = actor.country
    return names


def resolve_actor(dataset: Dataset, text: str, *, kind: str | None = None) -> Actor:
    """An actor by id, name or alias (case and accents ignored)."""
    candidates = [a for a in dataset.actors if kind is None or a.kind == kind]
    key = fold(text)
    for actor in candidates:
        if actor.id == text or key in {fold(n) for n in (*actor.name.values(), *actor.aliases, actor.id)}:
            return actor
    noun = "forum (an organization)" if kind == "organization" else "actor"
    names = [n for a in candidates for n in (a.id, *a.name.values(), *a.aliases)]
    raise UsageError(f"unknown {noun} '{text}'.{_suggest(text, names)} See 'govai actors' for the list.")


def resolve_topic(dataset: Dataset, text: str) -> Topic:
    key = fold(text)
    for topic in dataset.topics:
        if topic.id == text or key in {
            fold(n) for n in (*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en)
        }:
            return topic
    names = [t.id for t in dataset.topics] + [n for t in dataset.topics for n in t.label.values()]
    raise UsageError(f"unknown topic '{text}'.{_suggest(text, names)}")


def resolve_kind(text: str, choices: Sequence[str] = EVENT_KINDS) -> str:
    key = fold(text)
    if key in choices:
        return key
    raise UsageError(f"unknown kind '{text}'.{_suggest(key, choices)} Kinds: {', '.join(choices)}.")


def build_filters(
    dataset: Dataset,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    country: str | None = None,
    body: str | None = None,
    actor: str | None = None,
    topic: str | None = None,
    kind: str | None = None,
) -> Filters:
    """Resolve what a user typed into Filters; a usage error names what would be right."""
    start = parse_user_date(date_from) if date_from is not None else None
    end = parse_user_date(date_to) if date_to is not None else None
    if start and end and end.last_day() < start.first_day():
        raise UsageError(f"--to {end} is before --from {start}")
    return Filters(
        date_from=start,
        date_to=end,
        country=resolve_country(country, _country_names(dataset)) if country is not None else None,
        body=resolve_actor(dataset, body, kind="organization").id if body is not None else None,
        actor=resolve_actor(dataset, actor).id if actor is not None else None,
        topic=resolve_topic(dataset, topic).id if topic is not None else None,
        kind=resolve_kind(kind) if kind is not None else None,
    )


def event_actor_ids(event: Event) -> tuple[str, ...]:
    ids = tuple(p.actor_id for p in event.actors)
    return (event.body, *ids) if event.body else ids


def matches(dataset: Dataset, event: Event, filters: Filters) -> bool:
    if not overlaps(event.date, event.end, filters.date_from, filters.date_to):
        return False
    if filters.kind and event.kind != filters.kind:
        return False
    if filters.body and event.body != filters.body:
        return False
    if filters.topic and filters.topic not in event.topics:
        return False
    if filters.actor and filters.actor not in event_actor_ids(event):
        return False
    if filters.country:
        actors = dataset.actors_by_id
        return any(actors[i].country == filters.country for i in event_actor_ids(event) if i in actors)
    return True


def timeline(dataset: Dataset, filters: Filters = Filters()) -> list[Event]:
    """Events that pass ``filters``, oldest first (date, less precise first, then id)."""
    return [e for e in dataset.events if matches(dataset, e, filters)]


@dataclass(frozen=True)
class ActorRow:
    actor: Actor
    event_count: int


_KIND_ORDER = {k: i for i, k in enumerate(("person", "state", "organization"))}


def actors(dataset: Dataset, *, country: str | None = None, kind: str | None = None) -> list[ActorRow]:
    """Actors, people first, then states, then organizations, each by name."""
    code = resolve_country(country, _country_names(dataset)) if country is not None else None
    wanted = resolve_kind(kind, ACTOR_KINDS) if kind is not None else None
    counts: dict[str, int] = {}
    for event in dataset.events:
        for actor_id in set(event_actor_ids(event)):
            counts[actor_id] = counts.get(actor_id, 0) + 1
    rows = [
        ActorRow(a, counts.get(a.id, 0))
        for a in dataset.actors
        if (code is None or a.country == code) and (wanted is None or a.kind == wanted)
    ]
    return sorted(
        rows, key=lambda r: (_KIND_ORDER[r.actor.kind], fold(r.actor.name.en or r.actor.name.fr or ""), r.actor.id)
    )


def events_of_actor(dataset: Dataset, actor_id: str) -> list[Event]:
    return [e for e in dataset.events if actor_id in event_actor_ids(e)]


def get_record(dataset: Dataset, record_id: str) -> Record:
    """An event, actor, source or topic by id; NotFoundError with a suggestion otherwise."""
    for table in (dataset.events_by_id, dataset.actors_by_id, dataset.sources_by_id, dataset.topics_by_id):
        if record_id in table:
            return table[record_id]
    every = [*dataset.events_by_id, *dataset.actors_by_id, *dataset.sources_by_id, *dataset.topics_by_id]
    raise NotFoundError(f"no event, actor, source or topic with id '{record_id}'.{_suggest(record_id, every)}")


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class Hit:
    event: Event
    score: float
    matched: tuple[str, ...]


# Field weights: title, symbol and facts above the rest; the summary last but location.
FIELD_WEIGHTS = {"title": 10.0, "symbol": 10.0, "facts": 6.0, "actors": 4.0, "topics": 3.0, "summary": 2.0}
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def parse_query(query: str) -> list[list[str]]:
    """Terms of a query, each a list of folded tokens; quoted phrases stay one term."""
    terms = []
    for phrase, word in _TERM.findall(query):
        words = tokens(phrase if phrase else word)
        if words:
            terms.append(words)
    return terms


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _fields(dataset: Dataset, event: Event) -> dict[str, list[list[str]]]:
    actors = dataset.actors_by_id
    topics = dataset.topics_by_id
    names: list[str] = []
    for actor_id in event_actor_ids(event):
        if actor_id in actors:
            names.extend((*actors[actor_id].name.values(), *actors[actor_id].aliases))
    topic_words: list[str] = []
    for topic_id in event.topics:
        if topic_id in topics:
            t = topics[topic_id]
            topic_words.extend((*t.label.values(), *t.synonyms_fr, *t.synonyms_en))
    facts = [s for f in event.facts for s in (*f.text.values(), f.quote or "")]
    return {
        "title": [tokens(t) for t in event.title.text().values()],
        "symbol": [tokens(s) for s in (event.symbol or "", *event.other_symbols)],
        "facts": [tokens(s) for s in facts],
        "actors": [tokens(s) for s in names],
        "topics": [tokens(s) for s in topic_words],
        "summary": [tokens(s) for s in (event.summary.values() if event.summary else ())],
    }


def _all_fields(dataset: Dataset) -> dict[str, dict[str, list[list[str]]]]:
    cached: dict[str, dict[str, list[list[str]]]] | None = dataset.derived.get("search_fields")
    if cached is None:
        cached = {event.id: _fields(dataset, event) for event in dataset.events}
        dataset.derived["search_fields"] = cached
    return cached


def search(dataset: Dataset, query: str, filters: Filters = Filters()) -> list[Hit]:
    """Events where every term of ``query`` occurs, best first, ties by date then id."""
    terms = parse_query(query)
    if not terms:
        raise UsageError('empty search: give at least one word, e.g. govai search "égalité des sexes"')
    whole = [t for term in terms for t in term]
    every = _all_fields(dataset)
    hits = []
    for event in timeline(dataset, filters):
        fields = every[event.id]
        score = 0.0
        matched: set[str] = set()
        for term in terms:
            found = [name for name, texts in fields.items() if any(_contains(t, term) for t in texts)]
            if not found:
                break
            matched.update(found)
            score += max(FIELD_WEIGHTS[name] for name in found)
        else:
            if len(terms) > 1:
                phrase = [name for name, texts in fields.items() if any(_contains(t, whole) for t in texts)]
                score += max((FIELD_WEIGHTS[name] for name in phrase), default=0.0)
            order = tuple(name for name in FIELD_WEIGHTS if name in matched)
            hits.append(Hit(event, score, order))
    return sorted(hits, key=lambda h: (-h.score, h.event.date.sort_key(), h.event.id))


def events_citing(dataset: Dataset, record: Record) -> list[Event]:
    """The events an actor takes part in, or that cite a source or carry a topic, in time order."""
    if isinstance(record, Actor):
        return events_of_actor(dataset, record.id)
    if isinstance(record, Source):
        return [e for e in dataset.events if record.id in e.sources]
    if isinstance(record, Topic):
        return [e for e in dataset.events if record.id in e.topics]
    return []


@dataclass(frozen=True)
class DatasetInfo:
    version: str | None
    content_hash: str
    files: int
    first: PartialDate | None
    last: PartialDate | None
    events_by_kind: dict[str, int]
    events_by_year: dict[int, int]
    actors_by_kind: dict[str, int]
    sources: int
    topics: int
    facts: int
    quotes: int
    title_status: dict[str, dict[str, int]]


def _count(values: Iterable[Any]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def info(dataset: Dataset, version: str | None) -> DatasetInfo:
    """What the dataset holds: counts, coverage and how many titles are official."""
    status: dict[str, dict[str, int]] = {}
    for lang in ("fr", "en"):
        forms = [getattr(e.title, lang) for e in dataset.events]
        status[lang] = _count((f.status or "unstated") if f else "missing" for f in forms)
    facts = [f for e in dataset.events for f in e.facts] + [f for a in dataset.actors for f in a.facts]
    ends = [e.end for e in dataset.events]
    return DatasetInfo(
        version=version,
        content_hash=dataset.content_hash,
        files=len(dataset.files),
        first=dataset.events[0].date if dataset.events else None,
        last=max(ends, key=PartialDate.sort_key) if ends else None,
        events_by_kind=_count(e.kind for e in dataset.events),
        events_by_year=_count(e.date.year for e in dataset.events),
        actors_by_kind=_count(a.kind for a in dataset.actors),
        sources=len(dataset.sources),
        topics=len(dataset.topics),
        facts=len(facts),
        quotes=sum(1 for f in facts if f.quote),
        title_status=status,
    )
