"""Search: the query language, the text an event is searched by, ranking and snippets.

The one definition of what a search reads is ``searched_texts``; the index stores it folded
(``folded_texts``) in the FTS5 table this module defines, and snippets come from the originals.
The cache (``cache.py``) fills the table; this module reads it through ``Searchable``.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from msgspec import Struct

from .i18n import KIND_LABELS
from .model import Actor, Dataset, Event, Fact, Filters, PartialDate, Participation, Text, Title, TitleForm, Topic
from .rank import (
    _TERM,
    COLUMNS,
    FIELD_WEIGHTS,
    STOP_WORDS,
    TIER_NAMES,
    Query,
    Ranked,
    fts_expression,
    match,
    parse_query,
    ranking,
    topic_names,
)
from .textnorm import fold, folded_words, tokens

FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5({', '.join(COLUMNS)}, "
    'tokenize = "unicode61 remove_diacritics 0")'
)
# Every word of the index, for correcting the words of a search that finds nothing.
VOCAB_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS events_vocab USING fts5vocab(events_fts, row)"
FTS_INSERT = f"INSERT INTO events_fts(rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"
# FTS5's settings while a first build inserts, and after: its incremental merging of segments
# off (4, its default, after), and the tokens it gathers in memory before writing a segment
# raised from 1 MiB to 8 (fewer, larger segments: at 100k events, the inserts took 2.3 to 3.0 s
# of CPU, not 2.9 to 3.7 s; 64 MiB did no better).
FTS_SETTING = "INSERT INTO events_fts(events_fts, rank) VALUES (?, ?)"
FTS_BUILDING = {"automerge": 0, "hashsize": 8 * 2**20}
FTS_DEFAULTS = {"automerge": 4, "hashsize": 2**20}


class Searchable(Protocol):
    """What a search needs of the cache: its database and decoded records."""

    db: sqlite3.Connection

    def aux_dataset(self, events: Sequence[Event] = (), rowids: Sequence[int] | None = None) -> Dataset: ...

    def events(self, rowids: Sequence[int]) -> dict[int, Event]: ...

    def named(self, kind: str) -> Mapping[str, Any]: ...


# ---------------------------------------------------------------- what an event is searched by

_SEPARATOR = " \u2029 "


def actor_names(actor: Actor) -> list[str]:
    """The names an actor is found by: name, aliases and short name, in both languages."""
    return [*actor.name.values(), *actor.aliases, *(actor.short_name.values() if actor.short_name else ())]


def _both(text: Text | None, lang: str) -> list[str]:
    """A text's two languages, ``lang`` first."""
    if text is None:
        return []
    first, second = (text.fr, text.en) if lang == "fr" else (text.en, text.fr)
    return [t for t in (first, second) if t]


def _own_texts(event: Event, lang: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """Title, symbols, facts (with their quotes) and summary (with the place) of ``event``."""
    facts = [t for fact in event.facts for t in (*_both(fact.text, lang), fact.quote) if t]
    symbols = [s for s in (event.symbol, *event.other_symbols) if s]
    return _both(event.title.text(), lang), symbols, facts, [*_both(event.summary, lang), *_both(event.location, lang)]


def kind_names(kind: str, lang: str = "fr") -> list[str]:
    """What an event of ``kind`` is called, ``lang`` first (« résolution », "resolution")."""
    fr, en = KIND_LABELS.get(kind, (kind, kind))
    return [fr, en] if lang == "fr" else [en, fr]


ACTOR_FACT = "actor_fact"  # the kind of a search row that is one of an actor's own facts


def actor_fact_event(actor: Actor, fact: Fact, date: PartialDate) -> Event:
    """One fact of ``actor`` as a search row: the actor's id and name, the fact, the date it states.

    Stored with the events so that search finds and ranks it as it does events; never part of
    a dataset's events (``cache.load`` leaves these rows out).
    """
    fr, en = KIND_LABELS[ACTOR_FACT]
    name = Title(*(TitleForm(f"{n} ({kind})") if n else None for n, kind in ((actor.name.fr, fr), (actor.name.en, en))))
    return Event(
        id=actor.id, date=date, kind=ACTOR_FACT, title=name, origin=actor.origin, facts=(fact,),
        actors=(Participation(actor.id, "subject"),), sources=(fact.source,),
    )  # fmt: skip


def searched_texts(
    event: Event, actors: Mapping[str, Actor], topics: Mapping[str, Topic], lang: str = "fr"
) -> dict[str, list[str]]:
    """The original texts behind each searched field (COLUMNS order), ``lang`` first."""
    title, symbols, facts, summary = _own_texts(event, lang)
    names = [n for a in event.actor_ids if a in actors for n in actor_names(actors[a])]
    labels = [n for t in event.topics if t in topics for n in topic_names(topics[t])]
    kinds = kind_names(event.kind, lang)
    return dict(zip(COLUMNS, (title, symbols, facts, names, labels, summary, kinds), strict=True))


def folded_texts(event: Event, actors: Mapping[str, Actor], topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """``searched_texts`` folded, one string per field, as the FTS table stores them."""
    return with_names(own_folded(event), event.actor_ids, event.topics, actors, topics)


def own_folded(event: Event) -> tuple[str, ...]:
    """The folded texts of ``event`` itself (title, symbols, facts, summary, kind): what
    ``with_names`` completes with the names of its actors and topics, which other files hold."""
    title, symbols, facts, summary = (
        _SEPARATOR.join(folded_words(t) for t in texts) for texts in _own_texts(event, "fr")
    )
    return title, symbols, facts, summary, _SEPARATOR.join(folded_words(k) for k in kind_names(event.kind))


def with_names(
    own: tuple[str, ...],
    actor_ids: Sequence[str],
    topic_ids: Sequence[str],
    actors: Mapping[str, Actor],
    topics: Mapping[str, Topic],
) -> tuple[str, ...]:
    """An event's own folded texts (``own_folded``) and its actors' and topics' folded names,
    in the FTS table's columns."""
    title, symbols, facts, summary, kinds = own
    names = _SEPARATOR.join(n for a in actor_ids if a in actors if (n := _folded(actors[a], actor_names)))
    labels = _SEPARATOR.join(n for t in topic_ids if t in topics if (n := _folded(topics[t], topic_names)))
    return title, symbols, facts, names, labels, summary, kinds


# Every event of an actor or topic repeats its names: fold them once per record, not per
# event. Keyed by the record's identity (the entry keeps the record alive, so no id is reused).
_FOLDED: dict[int, tuple[Any, str]] = {}


def _folded(record: Any, names: Any) -> str:
    entry = _FOLDED.get(id(record))
    if entry is None or entry[0] is not record:
        entry = _FOLDED[id(record)] = (record, _SEPARATOR.join(folded_words(n) for n in names(record) if n))
    return str(entry[1])


def forget_folded() -> None:
    """Drop the folded names kept during an index update."""
    _FOLDED.clear()


def folded_columns(db: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The stored folded text of each field of the events ``rowids``."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = db.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM events_fts WHERE rowid IN ({marks})", list(rowids))
    return {row[0]: tuple(row[1:]) for row in rows}


class Snippet(Struct, frozen=True, order=True):
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) of the matched words in ``text``


class Hit(Struct, frozen=True, order=True):
    event: Event
    score: float
    matched: tuple[str, ...]
    snippet: Snippet | None = None
    tier: str = "rest"  # which of ``TIER_NAMES`` ranked it


_WORD_CHAR = r"(?:[^\W_]|[\u0300-\u036f])"  # with combining accents: NFD text has them
_WORDS = re.compile(f"{_WORD_CHAR}+")
# A word's folded form, kept: a page of results folds the same words again and again.
_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


def _any_word(wanted: set[str]) -> re.Pattern[str]:
    """Finds any of ``wanted`` as a whole word of a text (as ``_WORDS`` splits it)."""
    words = "|".join(re.escape(w) for w in sorted(wanted, key=len, reverse=True))
    return re.compile(f"(?<!{_WORD_CHAR})(?:{words})(?!{_WORD_CHAR})" if words else "(?!)")


def snippet(field: str, text: str, wanted: set[str], width: int = 90) -> Snippet | None:
    """A window of ``text`` around its first wanted word, the wanted words located in it."""
    found = [(m.start(), m.end()) for m in _WORDS.finditer(text) if _fold_word(m.group()) in wanted]
    if not found:
        return None
    first = found[0][0]
    start = 0 if first < width // 3 else text.rfind(" ", 0, first - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        end = max(text.rfind(" ", start, end), first + 1)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple((a + shift, b + shift) for a, b in found if a >= start and b <= end)
    return Snippet(field, prefix + text[start:end] + suffix, spans)


def _exact_match(texts: dict[str, list[str]], query: Query) -> bool:
    """--exact: every wanted phrase occurs with its accents (case still ignored)."""
    haystack = unicodedata.normalize("NFC", " ".join(t for ts in texts.values() for t in ts)).casefold()
    wanted = [m.group(2) or m.group(3) for m in _TERM.finditer(query.text) if not m.group(1) and m.group(3) != "OR"]
    wanted = [unicodedata.normalize("NFC", w.removeprefix("-") if w.startswith("-") else w).casefold() for w in wanted]
    return all(w in haystack for w in wanted if w and not w.startswith("-"))


def search(
    index: Searchable,
    text: str,
    filters: Filters = Filters(),
    *,
    limit: int | None = None,
    lang: str = "fr",
    exact: bool = False,
) -> tuple[list[Hit], int, Dataset]:
    """Events matching ``text``, best first (``match``).

    Returns the hits (at most ``limit``), how many matched in all, and a Dataset holding the
    hits and every actor, source and topic (what rendering them needs).
    """
    return run(index, parse_query(text), filters, limit=limit, lang=lang, exact=exact)


def run(
    index: Searchable,
    query: Query,
    filters: Filters,
    *,
    limit: int | None,
    lang: str,
    exact: bool = False,
    typed: Query | None = None,
) -> tuple[list[Hit], int, Dataset]:
    """``search`` of a parsed query; ``typed``: the query as typed, before other forms were added."""
    tiers = ranking(typed or query, query, tuple(index.named("topic").values()))
    expression = fts_expression(query)
    if exact:
        ranked, _ = match(index.db, expression, tiers, filters, None)
        candidates = index.events([r.rowid for r in ranked])
        every = index.aux_dataset()
        texts = {r: searched_texts(e, every.actors_by_id, every.topics_by_id, lang) for r, e in candidates.items()}
        ranked = [r for r in ranked if _exact_match(texts[r.rowid], query)]
        total = len(ranked)
        top = ranked[:limit] if limit is not None else ranked
    else:
        top, total = match(index.db, expression, tiers, filters, limit)
    rowids = [r.rowid for r in top]
    events = index.events(rowids)
    # The hits' events, and only the actors, sources and topics they refer to (read by id).
    dataset = index.aux_dataset([events[r] for r in rowids], rowids)
    columns = folded_columns(index.db, rowids)
    wanted = meaningful(query)
    found = _any_word(wanted)
    hits = [_hit(events[r.rowid], r, columns[r.rowid], wanted, found, dataset, lang) for r in top]
    return hits, total, dataset


def _shown(snip: Snippet) -> set[str]:
    """The distinct words a snippet highlights, folded."""
    return {fold(snip.text[a:b]) for a, b in snip.spans}


def meaningful(query: Query) -> set[str]:
    """The query's words a snippet highlights: all but its stop words (unless it has only those)."""
    words = set(query.tokens)
    return (words - STOP_WORDS) or words


def _hit(
    event: Event,
    ranked: Ranked,
    columns: tuple[str, ...],
    wanted: set[str],
    found: re.Pattern[str],
    dataset: Dataset,
    lang: str,
) -> Hit:
    """A search result: the fields that matched (``found``: ``_any_word(wanted)``, compiled
    once a search), and a snippet of the weightiest one."""
    matched = [name for name, column in zip(COLUMNS, columns, strict=True) if found.search(column)]
    originals = searched_texts(event, dataset.actors_by_id, dataset.topics_by_id, lang)
    # The snippet showing the most of the wanted words; of those, the weightiest field's (an
    # actor fact's own text before the actor's name).
    candidates = [s for name in matched for t in originals[name] if (s := snippet(name, t, wanted))]
    fact_first = event.kind == ACTOR_FACT
    best = max(
        candidates,
        key=lambda s: (len(_shown(s)), fact_first and s.field == "facts", FIELD_WEIGHTS[s.field]),
        default=None,
    )
    return Hit(event, ranked.score, tuple(n for n in FIELD_WEIGHTS if n in matched), best, TIER_NAMES[ranked.tier])


class Explanation(Struct, frozen=True, order=True):
    folded: str
    expression: str
    topics: tuple[Topic, ...]
    fields: tuple[str, ...]
    tiers: tuple[tuple[str, str], ...] = ()  # (tier name, what it looks for), best tier first
    hits: tuple[tuple[str, str], ...] = ()  # (event id, tier name) of each result shown


def explain(dataset: Dataset, text: str, hits: Sequence[Hit] = ()) -> Explanation:
    """What a search does with ``text``: folded words, engine expression, topics it reaches,
    the ranking tiers (for the words as typed) and the tier of each of ``hits``."""
    query = parse_query(text)
    wanted = set(query.tokens)
    names = {t.id: (*t.label.values(), *t.synonyms_fr, *t.synonyms_en) for t in dataset.topics}
    reached = tuple(t for t in dataset.topics if any(wanted <= set(tokens(name)) for name in names[t.id]))
    folded = " ".join(" ".join(t) for g in query.groups for t in g)
    tiers = ranking(query, query, dataset.topics)
    looks = (
        ("symbol", f'"{tiers.symbol_key}"' if tiers.symbol_key else None),
        ("symbol_fragment", tiers.fragment),
        ("title_phrase", tiers.title_phrase),
        ("title_words", " AND ".join(tiers.title_words) or None),
    )
    shown = (*((name, look) for name, look in looks if look), ("rest", fts_expression(query)))
    return Explanation(
        folded, fts_expression(query), reached, COLUMNS, shown, tuple((h.event.id, h.tier) for h in hits)
    )
