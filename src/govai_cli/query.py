"""Pure queries over a Dataset; each returns results in a fixed, documented order."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from msgspec import Struct
from msgspec.structs import replace

from .countries import resolve_country
from .dates import overlaps, parse_user_date
from .errors import GovaiError, NotFoundError, UsageError
from .files import bundled_data_dir
from .i18n import KIND_LABELS, label
from .model import ACTOR_KINDS, EVENT_KINDS, LANGS, Actor, Dataset, Event, Filters, PartialDate, Source, Topic
from .textnorm import close_matches, fold, tokens

Record = Event | Actor | Source | Topic


def _country_names(dataset: Dataset) -> dict[str, str]:
    """Names and aliases of the dataset's states, folded, to their code."""
    names: dict[str, str] = {}
    for actor in dataset.actors:
        if actor.kind == "state" and actor.country:
            for name in (*actor.name.values(), *actor.aliases):
                names[fold(name)] = actor.country
    return names


def actor_names(actor: Actor) -> set[str]:
    """The folded names an actor answers to: id, names, short names, aliases, and a person's surname."""
    names = {actor.id, *actor.name.values(), *actor.aliases, *(actor.short_name.values() if actor.short_name else ())}
    if actor.kind == "person":
        names |= {name.split()[-1] for name in actor.name.values() if " " in name}
    return {fold(name) for name in names}


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_Identified)
T = TypeVar("T")


def _one(found: Sequence[R], text: str, missing: Callable[[], GovaiError]) -> R:
    """The one record found; several is a usage error listing their ids, none is ``missing()``."""
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError.of("ambiguous", text=text, choices=", ".join(sorted(r.id for r in found)))
    raise missing()


def resolve_actor(dataset: Dataset, text: str, *, kind: str | None = None) -> Actor:
    """An actor by id, name, short name, alias or (a person) surname; case and accents ignored."""
    candidates = [a for a in dataset.actors if kind is None or a.kind == kind]
    if any(a.id == text for a in candidates):
        return next(a for a in candidates if a.id == text)
    key = fold(text)
    exact = [a for a in candidates if key in {fold(n) for n in (*a.name.values(), *a.aliases, a.id)}]
    found = exact or [a for a in candidates if key in actor_names(a)]
    names = [n for a in candidates for n in (a.id, *a.name.values(), *a.aliases)]
    unknown = "unknown.forum" if kind == "organization" else "unknown.actor"
    return _one(found, text, lambda: UsageError.of(unknown, text=text, suggestions=close_matches(text, names)))


def resolve_topic(dataset: Dataset, text: str) -> Topic:
    """A topic by id, label or synonym in either language; else the one whose label holds the words."""
    key = fold(text)
    labels = {t.id: [*t.label.values(), *t.synonyms_fr, *t.synonyms_en] for t in dataset.topics}
    found = [t for t in dataset.topics if t.id == text or key in {fold(n) for n in labels[t.id]}]
    if not found and tokens(text):
        words = set(tokens(text))
        found = [t for t in dataset.topics if any(words <= set(tokens(n)) for n in labels[t.id])]
    names = [t.id for t in dataset.topics] + [n for t in dataset.topics for n in t.label.values()]
    return _one(found, text, lambda: UsageError.of("unknown.topic", text=text, suggestions=close_matches(text, names)))


def resolve_kind(text: str, choices: Sequence[str] = EVENT_KINDS) -> str:
    """A kind by its name or its label in French or English (``traité``, ``déclaration conjointe``)."""
    by_name = {c: c for c in choices} | {fold(label(c, lang, KIND_LABELS)): c for c in choices for lang in LANGS}
    key = fold(text)
    if key in by_name:
        return by_name[key]
    raise UsageError.of("unknown.kind", text=text, kinds=", ".join(choices), suggestions=close_matches(key, by_name))


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
    body_only: bool = False,
) -> Filters:
    """Resolve what a user typed into Filters; a usage error names what would be right.

    ``--body`` keeps the events of that forum and of every forum part of it (``UN`` finds the
    General Assembly's), unless ``body_only``.
    """
    start = parse_user_date(date_from) if date_from is not None else None
    end = parse_user_date(date_to) if date_to is not None else None
    if start and end and end.last_day() < start.first_day():
        raise UsageError.of("dates.reversed", end=end, start=start)
    forum = resolve_actor(dataset, body, kind="organization").id if body is not None else None
    return Filters(
        date_from=start,
        date_to=end,
        country=resolve_country(country, _country_names(dataset)) if country is not None else None,
        body=forum,
        bodies=() if forum is None else (forum,) if body_only else parts_of(dataset, forum),
        actor=resolve_actor(dataset, actor).id if actor is not None else None,
        topic=resolve_topic(dataset, topic).id if topic is not None else None,
        kind=resolve_kind(kind) if kind is not None else None,
    )


def parts_of(dataset: Dataset, forum: str) -> tuple[str, ...]:
    """``forum`` and every organization part of it, however deep (``part_of``), in id order."""
    children: dict[str, list[str]] = {}
    for actor in dataset.actors:
        if actor.part_of:
            children.setdefault(actor.part_of, []).append(actor.id)
    found, todo = {forum}, [forum]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:  # (a loop in the data cannot loop here)
                found.add(child)
                todo.append(child)
    return (forum, *sorted(found - {forum}))


def matches(dataset: Dataset, event: Event, filters: Filters) -> bool:
    if not overlaps(event.date, event.end, filters.date_from, filters.date_to):
        return False
    if filters.kind and event.kind != filters.kind:
        return False
    if filters.body and event.body not in filters.bodies:
        return False
    if filters.topic and filters.topic not in event.topics:
        return False
    if filters.actor and filters.actor not in event.actor_ids:
        return False
    if filters.country:
        actors = dataset.actors_by_id
        return any(actors[i].country == filters.country for i in event.actor_ids if i in actors)
    return True


def timeline(dataset: Dataset, filters: Filters = Filters(), order: str | None = None) -> list[Event]:
    """Events that pass ``filters``, oldest first (date, less precise first, then id), or in
    ``order`` (``sorted_by``)."""
    return sorted_by([e for e in dataset.events if matches(dataset, e, filters)], order, _itself)


SORT_ORDERS = ("date", "-date")  # --sort: oldest first, newest first


def sorted_by(items: Iterable[T], order: str | None, event_of: Callable[[T], Event]) -> list[T]:
    """``items`` by the date of their event (``event_of``): ``date`` oldest first, ``-date``
    newest first (ties by id, reversed too); None keeps them as they are."""
    if order is None:
        return list(items)
    return sorted(items, key=lambda item: event_of(item).sort_key(), reverse=order == "-date")


def _itself(event: Event) -> Event:
    return event


class ActorRow(Struct, frozen=True, order=True):
    actor: Actor
    event_count: int


_KIND_ORDER = {k: i for i, k in enumerate(("person", "state", "organization"))}


def actor_filters(
    dataset: Dataset,
    *,
    country: str | None = None,
    kind: str | None = None,
    body_only: bool = False,
    **event_filters: str | None,
) -> tuple[Filters, str | None]:
    """Filters of ``govai actors`` and the actor kind asked for.

    ``--country`` is the actor's own country; ``--kind`` names an actor kind (person, state,
    organization) or an event kind (the actors of such events); the other filters pick events,
    and the actors are those taking part in at least one of them.
    """
    actor_kind = None
    if kind is not None and fold(kind) in ACTOR_KINDS:
        actor_kind, kind = fold(kind), None
    elif kind is not None:
        kind = resolve_kind(kind, (*ACTOR_KINDS, *EVENT_KINDS))
    filters = build_filters(dataset, kind=kind, body_only=body_only, **event_filters)
    code = resolve_country(country, _country_names(dataset)) if country is not None else None
    return replace(filters, country=code), actor_kind


def actors(dataset: Dataset, filters: Filters = Filters(), kind: str | None = None) -> list[ActorRow]:
    """Actors, people first, then states, then organizations, each by name.

    ``filters.country`` keeps the actors of that country; the event filters keep the actors
    of the events they select, and each row counts those events only.
    """
    event_filters = replace(filters, country=None)
    selective = event_filters != Filters()
    counts: dict[str, int] = {}
    for event in dataset.events:
        if selective and not matches(dataset, event, event_filters):
            continue
        for actor_id in set(event.actor_ids):
            counts[actor_id] = counts.get(actor_id, 0) + 1
    rows = [
        ActorRow(a, counts.get(a.id, 0))
        for a in dataset.actors
        if (filters.country is None or a.country == filters.country)
        and (kind is None or a.kind == kind)
        and (not selective or a.id in counts)
    ]
    return sorted(
        rows, key=lambda r: (_KIND_ORDER[r.actor.kind], fold(r.actor.name.en or r.actor.name.fr or ""), r.actor.id)
    )


class TopicRow(Struct, frozen=True, order=True):
    topic: Topic
    event_count: int


def topics(dataset: Dataset) -> list[TopicRow]:
    """Every topic, by id, with the number of events that carry it."""
    counts: dict[str, int] = {}
    for event in dataset.events:
        for topic_id in set(event.topics):
            counts[topic_id] = counts.get(topic_id, 0) + 1
    return [TopicRow(t, counts.get(t.id, 0)) for t in sorted(dataset.topics, key=lambda t: t.id)]


def events_of_actor(dataset: Dataset, actor_id: str) -> list[Event]:
    return [e for e in dataset.events if actor_id in e.actor_ids]


def get_record(dataset: Dataset, text: str) -> Record:
    """A record by id; else an event by its symbol (``A/RES/78/311``, ``78/311``), an actor or
    forum by name, alias or surname, a topic by label. Several: a usage error listing them;
    none: NotFoundError with the closest ids."""
    tables = (dataset.events_by_id, dataset.actors_by_id, dataset.sources_by_id, dataset.topics_by_id)
    for table in tables:
        if text in table:
            return table[text]
    key = " ".join(tokens(text))
    found: list[Record] = [e for e in dataset.events if key and key in _symbol_keys(e)]
    found = found or [a for a in dataset.actors if fold(text) in actor_names(a)]
    if not found and key:
        with contextlib.suppress(UsageError):
            found = [resolve_topic(dataset, text)]
    every = (record_id for table in tables for record_id in table)
    return _one(found, text, lambda: NotFoundError.of("unknown.id", id=text, suggestions=close_matches(text, every)))


def _symbol_keys(event: Event) -> set[str]:
    """An event's symbols as folded words, whole and without their body prefix (``78 311``)."""
    keys = set()
    for symbol in (event.symbol, *event.other_symbols):
        words = tokens(symbol) if symbol else []
        keys |= {" ".join(words[i:]) for i in range(len(words)) if any(w.isdigit() for w in words[i:])}
    return keys


def events_citing(dataset: Dataset, record: Record, order: str | None = None) -> list[Event]:
    """The events an actor takes part in, or that cite a source or carry a topic, in time
    order (or in ``order``: ``sorted_by``)."""
    if isinstance(record, Actor):
        found = events_of_actor(dataset, record.id)
    elif isinstance(record, Source):
        found = [e for e in dataset.events if record.id in e.sources]
    elif isinstance(record, Topic):
        found = [e for e in dataset.events if record.id in e.topics]
    else:
        found = []
    return sorted_by(found, order, _itself)


class DatasetInfo(Struct, frozen=True, order=True):
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
    bundled: str  # where the bundled dataset lives
    folders: tuple[str, ...]  # the data folders and files in use


def _count(values: Iterable[Any]) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def info(dataset: Dataset, version: str | None, roots: Sequence[Path] = ()) -> DatasetInfo:
    """What the dataset holds: counts, coverage and how many titles are official; where the
    bundled data lives, and the data folders in use (``roots``)."""
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
        bundled=str(bundled_data_dir()),
        folders=tuple(str(root) for root in roots),
    )
