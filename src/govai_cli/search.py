"""Search: the query language, the text an event is searched by, ranking and snippets.

The one definition of what a search reads is ``searched_texts``; the index stores it folded
(``folded_texts``) in the FTS5 table this module defines, and snippets come from the originals.
The cache (``cache.py``) fills the table; this module reads it through ``Searchable``.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from .errors import UsageError
from .model import Actor, Dataset, Event, Filters, Text, Topic
from .textnorm import fold, folded_words, tokens

COLUMNS = ("title", "symbol", "facts", "actors", "topics", "summary")
WEIGHTS = (10.0, 12.0, 6.0, 4.0, 3.0, 2.0)  # symbol (a query that is a symbol), title, facts, then the rest
FIELD_WEIGHTS = dict(zip(COLUMNS, WEIGHTS, strict=True))
_WEIGHTS = ", ".join(str(w) for w in WEIGHTS)

FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5({', '.join(COLUMNS)}, "
    'tokenize = "unicode61 remove_diacritics 0")'
)
# Every word of the index, for correcting the words of a search that finds nothing.
VOCAB_TABLE = "CREATE VIRTUAL TABLE IF NOT EXISTS events_vocab USING fts5vocab(events_fts, row)"
FTS_INSERT = f"INSERT INTO events_fts(rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"


class Searchable(Protocol):
    """What a search needs of the cache: its database and decoded records."""

    db: sqlite3.Connection

    def aux_dataset(self, events: Sequence[Event] = (), rowids: Sequence[int] | None = None) -> Dataset: ...

    def events(self, rowids: Sequence[int]) -> dict[int, Event]: ...


# ---------------------------------------------------------------- what an event is searched by

_SEPARATOR = " \u2029 "


def actor_names(actor: Actor) -> list[str]:
    """The names an actor is found by: name, aliases and short name, in both languages."""
    return [*actor.name.values(), *actor.aliases, *(actor.short_name.values() if actor.short_name else ())]


def topic_names(topic: Topic) -> list[str]:
    return [*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en]


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


def searched_texts(
    event: Event, actors: Mapping[str, Actor], topics: Mapping[str, Topic], lang: str = "fr"
) -> dict[str, list[str]]:
    """The original texts behind each searched field (COLUMNS order), ``lang`` first."""
    title, symbols, facts, summary = _own_texts(event, lang)
    names = [n for a in event.actor_ids if a in actors for n in actor_names(actors[a])]
    labels = [n for t in event.topics if t in topics for n in topic_names(topics[t])]
    return dict(zip(COLUMNS, (title, symbols, facts, names, labels, summary), strict=True))


def folded_texts(event: Event, actors: Mapping[str, Actor], topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """``searched_texts`` folded, one string per field, as the FTS table stores them."""
    title, symbols, facts, summary = (
        _SEPARATOR.join(folded_words(t) for t in texts) for texts in _own_texts(event, "fr")
    )
    names = _SEPARATOR.join(n for a in event.actor_ids if a in actors if (n := _folded(actors[a], actor_names)))
    labels = _SEPARATOR.join(n for t in event.topics if t in topics if (n := _folded(topics[t], topic_names)))
    return title, symbols, facts, names, labels, summary


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


# ---------------------------------------------------------------- the query

MAX_QUERY_CHARS = 1000
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class Query(NamedTuple):
    """A parsed search: ``groups`` are ANDed, the terms of a group ORed, ``excluded`` NOTed.

    Each term is a phrase: a tuple of folded tokens that must follow each other.
    """

    text: str
    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(t for group in self.groups for term in group for t in term)


def parse_query(text: str) -> Query:
    """Words ANDed, "quoted phrases" in order, ``-word`` excluded, ``OR`` between words widens.

    Anything else is literal text, folded: nothing a user types reaches the engine's syntax.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError.of("search.too_long", length=len(text), max=MAX_QUERY_CHARS)
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    join_next = False
    for minus, phrase, word in _TERM.findall(text):
        if word == "OR":
            join_next = bool(groups)
            continue
        negative = bool(minus) or (word.startswith("-") and len(word) > 1)
        raw = phrase if phrase or minus else word.removeprefix("-") if negative else word
        term = tuple(tokens(raw))
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        raise UsageError.of("search.empty")
    return Query(text, tuple(tuple(g) for g in groups), tuple(excluded))


def fts_expression(query: Query) -> str:
    """The FTS5 MATCH expression: every term a quoted string, so user text is never syntax."""

    def quoted(term: tuple[str, ...]) -> str:
        return '"' + " ".join(term) + '"'  # tokens are folded words: no quote can occur in them

    expression = " AND ".join("(" + " OR ".join(quoted(t) for t in group) + ")" for group in query.groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {quoted(term)}"
    return expression


class Snippet(NamedTuple):
    field: str
    text: str
    spans: tuple[tuple[int, int], ...]  # (start, end) of the matched words in ``text``


class Hit(NamedTuple):
    event: Event
    score: float
    matched: tuple[str, ...]
    snippet: Snippet | None = None


_WORDS = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")  # with combining accents: NFD text has them


def snippet(field: str, text: str, wanted: set[str], width: int = 90) -> Snippet | None:
    """A window of ``text`` around its first wanted word, the wanted words located in it."""
    found = [(m.start(), m.end()) for m in _WORDS.finditer(text) if fold(m.group()) in wanted]
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
    """Events matching ``text``, best first: exact phrase first, then score, date, id.

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
    phrase: str | None = None,
) -> tuple[list[Hit], int, Dataset]:
    """``search`` of a parsed query; ``phrase`` ranks first (by default, the query's words in order)."""
    expression, phrase = fts_expression(query), phrase or phrase_of(query)
    if exact:
        ranked, _ = match(index.db, expression, phrase, filters, None)
        candidates = index.events([r[0] for r in ranked])
        every = index.aux_dataset()
        texts = {r: searched_texts(e, every.actors_by_id, every.topics_by_id, lang) for r, e in candidates.items()}
        ranked = [r for r in ranked if _exact_match(texts[r[0]], query)]
        total = len(ranked)
        top = ranked[:limit] if limit is not None else ranked
    else:
        top, total = match(index.db, expression, phrase, filters, limit, excludes=bool(query.excluded))
    rowids = [r[0] for r in top]
    events = index.events(rowids)
    # The hits' events, and only the actors, sources and topics they refer to (read by id).
    dataset = index.aux_dataset([events[r] for r in rowids], rowids)
    columns = folded_columns(index.db, rowids)
    hits = [_hit(events[rowid], score, columns[rowid], set(query.tokens), dataset, lang) for rowid, score in top]
    return hits, total, dataset


def _hit(event: Event, score: float, columns: tuple[str, ...], wanted: set[str], dataset: Dataset, lang: str) -> Hit:
    """A search result: the fields that matched, and a snippet of the weightiest one."""
    matched = [name for name, column in zip(COLUMNS, columns, strict=True) if wanted & set(_WORDS.findall(column))]
    originals = searched_texts(event, dataset.actors_by_id, dataset.topics_by_id, lang)
    best = None
    for name in sorted(matched, key=lambda n: -FIELD_WEIGHTS[n]):
        best = next((s for t in originals[name] if (s := snippet(name, t, wanted))), None)
        if best:
            break
    return Hit(event, round(score, 4), tuple(n for n in FIELD_WEIGHTS if n in matched), best)


def phrase_of(query: Query) -> str | None:
    """The whole query as one phrase, when it has several words (exact phrase ranks first)."""
    words = query.tokens
    if len(words) < 2 or any(len(g) > 1 for g in query.groups):
        return None
    return '"' + " ".join(words) + '"'


class Explanation(NamedTuple):
    folded: str
    expression: str
    topics: tuple[Topic, ...]
    fields: tuple[str, ...]


def explain(dataset: Dataset, text: str) -> Explanation:
    """What a search does with ``text``: folded words, engine expression, topics it reaches."""
    query = parse_query(text)
    wanted = set(query.tokens)
    names = {t.id: (*t.label.values(), *t.synonyms_fr, *t.synonyms_en) for t in dataset.topics}
    reached = tuple(t for t in dataset.topics if any(wanted <= set(tokens(name)) for name in names[t.id]))
    folded = " ".join(" ".join(t) for g in query.groups for t in g)
    return Explanation(folded, fts_expression(query), reached, COLUMNS)


# ---------------------------------------------------------------- ranking


def match(
    db: sqlite3.Connection,
    expression: str,
    phrase: str | None,
    filters: Filters,
    limit: int | None,
    *,
    excludes: bool = False,
) -> tuple[list[tuple[int, float]], int]:
    """(rowid, score) of the best ``limit`` events matching, and how many match in all.

    Order: an event whose symbol is the query first; then the events where the whole query
    is found as a phrase, by the phrase's field-weighted bm25 (a symbol or a title before
    a summary); then the others by the query's weighted bm25; ties by date, then id.
    """
    # Without filters, FTS5 can rank alone (unless a phrase row might hold an excluded word).
    if limit is not None and not any(vars(filters).values()) and not (excludes and phrase is not None):
        quick = _match_top(db, expression, phrase, limit)
        if quick is not None:
            return quick
    where = ["events_fts MATCH ?"]
    args: list[Any] = []
    if filters.date_from is not None:
        where.append("e.last_day >= ?")
        args.append(filters.date_from.first_day().isoformat())
    if filters.date_to is not None:
        where.append("e.first_day <= ?")
        args.append(filters.date_to.last_day().isoformat())
    if filters.kind is not None:
        where.append("e.kind = ?")
        args.append(filters.kind)
    if filters.body is not None:
        where.append(f"e.body IN ({', '.join('?' * len(filters.bodies))})")
        args += filters.bodies
    for column, value in (("actors", filters.actor), ("countries", filters.country), ("topics", filters.topic)):
        if value is not None:
            where.append(f"instr(e.{column}, ?) > 0")
            args.append(f" {value} ")
    phrase_join, tier, phrase_args, symbol_args = "", "0", [], []
    if phrase is not None:
        phrase_join = (
            f"LEFT JOIN (SELECT rowid AS prow, -bm25(events_fts, {_WEIGHTS}) AS pscore FROM events_fts "
            "WHERE events_fts MATCH ?) p ON p.prow = f.rowid"
        )
        tier = "(p.prow IS NOT NULL) + coalesce(e.symbol_key = ?, 0)"
        phrase_args = [phrase]
        symbol_args = [_symbol_key(phrase)]
    score = "coalesce(p.pscore, -bm25(events_fts, {0}))" if phrase is not None else "-bm25(events_fts, {0})"
    # bm25() cannot sit beside a window function: score in a subquery, count and cut outside.
    sql = (
        "SELECT rowid, tier, score, count(*) OVER () FROM ("
        f"SELECT f.rowid AS rowid, {tier} AS tier, {score.format(_WEIGHTS)} AS score, "
        f"e.sort_key AS sort_key, e.id AS id FROM events_fts f JOIN events e ON e.rowid = f.rowid "
        f"{phrase_join} WHERE {' AND '.join(where)}) ORDER BY tier DESC, score DESC, sort_key, id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute(sql, [*symbol_args, *phrase_args, expression, *args]).fetchall()
    total = rows[0][3] if rows else 0
    return [(rowid, _reported(tier, score)) for rowid, tier, score, _ in rows], total


def _match_top(
    db: sqlite3.Connection, expression: str, phrase: str | None, limit: int
) -> tuple[list[tuple[int, float]], int] | None:
    """``match`` without filters, ranked by FTS5 alone: None when it cannot decide alone.

    The full query joins every matching event to sort it; at 100k events that is most of a
    search's time. Here FTS5 keeps only the best ``limit + 1`` scores; date and id, needed
    only to break ties, are read for those rows. When the best rows are not all phrase
    rows, or a tie reaches past the cut, the full query decides.
    """
    total = db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (expression,)).fetchone()[0]
    if total == 0 or limit <= 0:
        return [], total
    query, tier, by_symbol = expression, 0, set()
    if phrase is not None:
        query, tier = phrase, 1
        by_symbol = {r for (r,) in db.execute("SELECT rowid FROM events WHERE symbol_key = ?", (_symbol_key(phrase),))}
    fetched = db.execute(
        f"SELECT rowid, -bm25(events_fts, {_WEIGHTS}) AS s FROM events_fts WHERE events_fts MATCH ? "
        "ORDER BY s DESC LIMIT ?",
        (query, limit + 1 + len(by_symbol)),
    ).fetchall()
    if not by_symbol <= {r for r, _ in fetched}:
        return None  # a symbol match outside the best phrase scores: the full query ranks it
    if len(fetched) < min(limit, total):
        return None  # fewer phrase rows than asked: the others come from the word query
    # (tier, score) of each candidate; the symbol matches go first.
    candidates = sorted(((r, tier + (r in by_symbol), s) for r, s in fetched), key=lambda c: (-c[1], -c[2]))
    best, rest = candidates[:limit], candidates[limit:]
    if rest and rest[0][1:] == best[-1][1:]:
        return None  # a tie across the cut: date and id of every tied row decide
    marks = ",".join("?" * len(best))
    sql = f"SELECT rowid, sort_key, id FROM events WHERE rowid IN ({marks})"
    keys = {r: (k, i) for r, k, i in db.execute(sql, [r for r, _, _ in best])}
    best.sort(key=lambda c: (-c[1], -c[2], *keys[c[0]]))
    return [(r, _reported(t, s)) for r, t, s in best], total


TIER = 10000.0  # a symbol match scores above 20000, a phrase match above 10000, other matches below


def _reported(tier: int, score: float) -> float:
    """The score shown: the tier, then bm25 (capped so that the shown scores never go up)."""
    return tier * TIER + min(score, TIER - 1)


def _symbol_key(phrase: str) -> str:
    return " ".join(phrase.strip('"').split())
