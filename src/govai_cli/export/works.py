"""What a bibliography cites: the sources, and the documents some events are (a resolution, a
report, a treaty), each as one ``Work`` that the citation styles write.

An event with a ``symbol`` is a document. Several events may carry the same symbol (a treaty
adopted, then opened for signature; a regulation entering into force, then applying): they
are one document, described by the first of them (in time) whose title is official, else by
the event cited. The document is dated only when that event is its adoption or publication
(``ISSUING_KINDS``): an act's entry into force is not its date. It has no address: the data
holds none for documents, and none is made up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from govai_cli.model import Dataset, Event, PartialDate, Source

from .common import actor_name, event_sources

# The event kinds whose date is the date of the document they issue.
ISSUING_KINDS = frozenset(
    {"resolution", "declaration", "statement", "report", "recommendation", "principles", "treaty"}
)
# Title forms that render the document's own title (a description is not one).
_RENDERINGS = ("translation", "press")


class Work(NamedTuple):
    """One entry of a bibliography, whatever it cites."""

    key: str  # the citation key: a source's id, a document's symbol as a slug
    title: str  # the exact title, else a description (``bracketed``)
    bracketed: bool = False  # the title is a description: APA's [brackets] for untitled works
    translated: str | None = None  # the title in the reader's language, when the title is in the other
    author: str | None = None  # an institution (never split into first and last names)
    container: str | None = None  # the news outlet of a news item
    publisher: str | None = None
    date: PartialDate | None = None
    language: str | None = None
    url: str | None = None
    kind: str | None = None  # a source kind (model.SOURCE_KINDS)
    number: str | None = None  # a document's symbol


def source_work(source: Source, lang: str) -> Work:
    news = source.kind == "news"
    return Work(
        key=source.id,
        title=source.label(lang),
        bracketed=not source.title,
        author=None if news else source.publisher,
        container=source.publisher if news else None,
        publisher=source.publisher,
        date=source.published,
        language=source.language,
        url=source.url,
        kind=source.kind,
    )


def slug(text: str) -> str:
    """``A/RES/78/311`` → ``a-res-78-311``: ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "document"


def _official(event: Event) -> bool:
    return any(form is not None and form.status in (None, "official") for form in (event.title.fr, event.title.en))


def _title(event: Event, lang: str) -> tuple[str, str | None, bool, str]:
    """(title, translation, bracketed, language): the official form, in ``lang`` if there is one."""
    other = "en" if lang == "fr" else "fr"
    mine, theirs = getattr(event.title, lang), getattr(event.title, other)
    if mine is not None and mine.status in (None, "official"):
        return mine.text, None, False, lang
    if theirs is not None and theirs.status in (None, "official"):
        translated = mine.text if mine is not None and mine.status in _RENDERINGS else None
        return theirs.text, translated, False, other
    form, used = event.title.form(lang) or (None, lang)
    if form is None:
        return event.symbol or event.id, None, True, lang
    return form.text, None, form.status == "descriptive", used


def _document(dataset: Dataset, symbol: str, events: Sequence[Event], lang: str) -> Work:
    """The document ``symbol`` names, from the events carrying it (oldest first)."""
    issuing = next((e for e in events if _official(e)), events[0])
    title, translated, bracketed, title_lang = _title(issuing, lang)
    forum = dataset.actors_by_id.get(issuing.body) if issuing.body else None
    author = actor_name(forum, lang) if forum is not None else None
    return Work(
        key=slug(symbol),
        title=title,
        bracketed=bracketed,
        translated=translated,
        author=author,
        publisher=author,
        date=issuing.date if issuing.kind in ISSUING_KINDS else None,
        language=title_lang,
        kind="report" if issuing.kind == "report" else "official-document",
        number=symbol,
    )


def documents(dataset: Dataset, events: Sequence[Event], lang: str, taken: Iterable[str] = ()) -> list[Work]:
    """The documents ``events`` are, once each, in the order of the events; a key already
    ``taken`` (by a source) or by an earlier document gets a ``-2``, ``-3``… suffix."""
    symbols = list(dict.fromkeys(e.symbol for e in events if e.symbol))
    carrying: dict[str, list[Event]] = {s: [] for s in symbols}
    for event in dataset.events:  # oldest first
        if event.symbol in carrying:
            carrying[event.symbol].append(event)
    used = set(taken)
    works = []
    for symbol in symbols:
        work = _document(dataset, symbol, carrying[symbol] or [e for e in events if e.symbol == symbol], lang)
        key, n = work.key, 1
        while key in used:
            n += 1
            key = f"{work.key}-{n}"
        used.add(key)
        works.append(work._replace(key=key))
    return works


def event_works(dataset: Dataset, event: Event, lang: str) -> list[Work]:
    """What citing an event cites: its document first (if it is one), then its sources."""
    sources = [source_work(s, lang) for s in event_sources(dataset, event)]
    return documents(dataset, [event], lang, taken=(w.key for w in sources)) + sources
