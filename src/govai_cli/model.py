"""The dataset's types: frozen records (``msgspec.Struct``) holding tuples.

``msgspec.Struct`` rather than dataclasses: the same equality, hashing, repr and immutability, but
made in C when the class is defined, where a dataclass compiles six methods each (bench/README.md,
"Run D").
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from functools import cached_property
from typing import TypeVar

from msgspec import Struct

T = TypeVar("T")

LANGS = ("fr", "en")
EVENT_KINDS = (
    "resolution", "statement", "declaration", "meeting", "summit", "conference", "dialogue",
    "initiative", "report", "consultation", "recommendation", "principles", "treaty", "law",
    "appointment", "establishment", "launch", "other",
)  # fmt: skip
ACTOR_KINDS = ("person", "state", "organization")
PARTICIPATION_ROLES = (
    "sponsor", "co-sponsor", "presenter", "speaker", "chair", "co-chair", "facilitator", "co-facilitator",
    "host", "co-host", "convener", "organizer", "supporter", "participant", "signatory", "ratifier",
    "endorser", "member", "author", "appointee", "briefer", "spokesperson", "opposed", "abstained", "subject",
)  # fmt: skip
TITLE_STATUSES = ("official", "descriptive", "press", "translation")
# The statuses a reader is told about, after the title ([press], [traduction]…): all but official.
MARKED_STATUSES = TITLE_STATUSES[1:]
SOURCE_KINDS = ("news", "official-document", "report", "webpage", "dataset")
VERIFICATION = ("verified", "partial")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (month 1 to 12), without the calendar module's import."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return _MONTH_DAYS[month - 1] + (month == 2 and leap)


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class PartialDate(Struct, frozen=True):
    """A date known to the year, the month or the day; never filled in beyond that."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, days_in_month(self.year, month))

    def sort_key(self) -> tuple[int, int, int]:
        """By start, the less precise first: 2024 < 2024-01 < 2024-01-01."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


class Origin(Struct, frozen=True):
    """Where a record was read: file and 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def _in_language(lang: str, fr: T | None, en: T | None) -> tuple[T, str] | None:
    """The value for ``lang``, else the other language's, with the language it is in."""
    for value, used in ((fr, "fr"), (en, "en")) if lang == "fr" else ((en, "en"), (fr, "fr")):
        if value is not None:
            return value, used
    return None


class Text(Struct, frozen=True):
    """A text in French and English; either may be missing in user data."""

    fr: str | None = None
    en: str | None = None

    def get(self, lang: str) -> tuple[str, str] | None:
        """The text in ``lang``, else in the other language: (text, language used)."""
        return _in_language(lang, self.fr or None, self.en or None)

    def values(self) -> tuple[str, ...]:
        return tuple(t for t in (self.fr, self.en) if t)


class TitleForm(Struct, frozen=True):
    text: str
    status: str | None = None
    source: str | None = None
    note: Text | None = None


class Title(Struct, frozen=True):
    fr: TitleForm | None = None
    en: TitleForm | None = None

    def form(self, lang: str) -> tuple[TitleForm, str] | None:
        """The title in ``lang``, else in the other language: (form, language used)."""
        return _in_language(lang, self.fr, self.en)

    def text(self) -> Text:
        return Text(self.fr.text if self.fr else None, self.en.text if self.en else None)


class Fact(Struct, frozen=True):
    text: Text
    source: str
    quote: str | None = None


class Role(Struct, frozen=True):
    title: Text
    organization: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    source: str | None = None


class Participation(Struct, frozen=True):
    actor_id: str
    role: str


class Event(Struct, frozen=True):
    id: str
    date: PartialDate
    kind: str
    title: Title
    origin: Origin
    end_date: PartialDate | None = None
    body: str | None = None
    session: str | None = None
    symbol: str | None = None
    other_symbols: tuple[str, ...] = ()
    location: Text | None = None
    summary: Text | None = None
    topics: tuple[str, ...] = ()
    actors: tuple[Participation, ...] = ()
    facts: tuple[Fact, ...] = ()
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    verification: str | None = None
    verification_note: Text | None = None

    @property
    def end(self) -> PartialDate:
        return self.end_date or self.date

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """The forum first, then every actor taking part (the ids filters and search look at)."""
        ids = tuple(p.actor_id for p in self.actors)
        return (self.body, *ids) if self.body else ids

    @property
    def cited_source_ids(self) -> tuple[str, ...]:
        """Every source the event cites, once each: its sources, then its facts' and its titles'."""
        titles = (form.source for form in (self.title.fr, self.title.en) if form and form.source)
        return tuple(dict.fromkeys([*self.sources, *(f.source for f in self.facts), *titles]))

    def sort_key(self) -> tuple[tuple[int, int, int], str]:
        return (self.date.sort_key(), self.id)


class Actor(Struct, frozen=True):
    id: str
    kind: str
    name: Text
    origin: Origin
    short_name: Text | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    roles: tuple[Role, ...] = ()
    facts: tuple[Fact, ...] = ()
    sources: tuple[str, ...] = ()
    part_of: str | None = None


class Source(Struct, frozen=True):
    id: str
    origin: Origin
    title: str | None = None
    description: Text | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    url: str | None = None
    kind: str | None = None

    def label(self, lang: str) -> str:
        """The exact title, else the description in ``lang`` (else in the other language), else the id."""
        described = self.description.get(lang) if self.description else None
        return self.title or (described[0] if described else self.id)


class Topic(Struct, frozen=True):
    id: str
    label: Text
    origin: Origin
    synonyms_fr: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()


class Dataset(Struct, frozen=True, dict=True):  # dict: room for the cached lookups below
    """A validated dataset; events sorted by date then id, the rest by id.

    Two datasets are equal when they hold the same records, whatever files they came from.
    """

    events: tuple[Event, ...] = ()
    actors: tuple[Actor, ...] = ()
    sources: tuple[Source, ...] = ()
    topics: tuple[Topic, ...] = ()
    files: tuple[str, ...] = ()
    content_hash: str = ""

    def _records(self) -> tuple[tuple[Event, ...], tuple[Actor, ...], tuple[Source, ...], tuple[Topic, ...]]:
        return (self.events, self.actors, self.sources, self.topics)

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and self._records() == other._records()

    def __hash__(self) -> int:
        return hash(self._records())

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def actors_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def topics_by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}


class Filters(Struct, frozen=True):
    """What to keep; every filter given must hold (dates by the overlap rule)."""

    date_from: PartialDate | None = None
    date_to: PartialDate | None = None
    country: str | None = None
    body: str | None = None
    actor: str | None = None
    topic: str | None = None
    kind: str | None = None
    bodies: tuple[str, ...] = ()  # with ``body``: it and the forums that are part of it

    def describe(self) -> dict[str, str]:
        """What was asked, as typed ids (the forums ``body`` stands for are not repeated)."""
        asked = ((k, getattr(self, k)) for k in self.__struct_fields__ if k != "bodies")
        return {k: str(v) for k, v in asked if v is not None}
