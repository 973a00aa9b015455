"""The query language and the ranking: what a search asks the index, and in which order.

``parse_query`` reads what a user types (never engine syntax); ``ranking`` derives each
tier's test from it; ``match`` runs them over ``search``'s FTS table and orders the matches.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
from collections import Counter
from collections.abc import Sequence, Set
from itertools import chain
from typing import Any

from msgspec import Struct

from .errors import UsageError
from .model import Filters, Topic
from .textnorm import fold, tokens

COLUMNS = ("title", "symbol", "facts", "actors", "topics", "summary", "kind")
# symbol (a query that is a symbol), title, facts, then the rest; the kind (« résolution ») is
# in every event of that kind: it finds, the title and the ranking tiers decide.
WEIGHTS = (10.0, 12.0, 6.0, 4.0, 3.0, 2.0, 1.0)
FIELD_WEIGHTS = dict(zip(COLUMNS, WEIGHTS, strict=True))
_WEIGHTS = ", ".join(str(w) for w in WEIGHTS)

# Folded question and stop words of French and English that a search never requires.
STOP_WORDS = frozenset(
    fold(word)
    for word in (
        "when", "what", "which", "who", "whom", "whose", "where", "why", "how", "was", "were", "is",
        "are", "be", "been", "did", "does", "do", "has", "have", "had", "the", "a", "an", "of", "in",
        "on", "at", "to", "for", "by", "with", "from", "and", "or", "about", "this", "that", "these",
        "those", "it", "its",
        "quand", "quel", "quelle", "quels", "quelles", "qui", "que", "quoi", "ou", "où", "comment", "pourquoi",
        "est", "sont", "été", "était", "a", "ont", "le", "la", "les", "l", "un", "une", "des", "de",
        "du", "d", "au", "aux", "et", "en", "sur", "par", "pour", "dans", "avec", "ce", "cet", "cette",
        "ces", "il", "elle",
    )
)  # fmt: skip


def topic_names(topic: Topic) -> list[str]:
    return [*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en]


# ---------------------------------------------------------------- the query

MAX_QUERY_CHARS = 1000
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class Query(Struct, frozen=True, order=True):
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


# ---------------------------------------------------------------- ranking

TIER_NAMES = ("rest", "title_words", "title_phrase", "symbol_fragment", "symbol")
TIER = 10000.0  # shown score: tier x 10000, +5000 words as typed, +2500 kind named, +100 a title word, + bm25
# Words a title also counts as holding, for the "title words" tier: titles spell out what
# queries abbreviate (« Recommendation on the Ethics of Artificial Intelligence »).
TITLE_EQUIVALENTS = {"ai": ("artificial intelligence",), "ia": ("intelligence artificielle",)}


class Ranking(Struct, frozen=True, order=True):
    """What each tier of a search looks for (FTS5 expressions; None: that tier cannot occur)."""

    symbol_key: str | None  # the query's words, compared with each event's folded symbol
    fragment: str | None  # the query's numbered terms (``78/311``), in the symbol field
    phrase: str | None  # the query as typed, anywhere (ranks first within a tier)
    title_phrase: str | None  # the query as typed (or the topic it names), in the title
    title_words: tuple[str, ...]  # one expression per meaningful word: its forms, in title, kind or actors
    kind: str | None  # any meaningful word (or its forms) in the kind: the query names what the event is


def ranking(typed: Query, query: Query, topics: Sequence[Topic] = ()) -> Ranking:
    """The tiers' expressions for ``query``, whose words are ``typed``'s with their other forms."""
    words = typed.tokens
    plain = len(typed.groups) == len(query.groups) and all(len(g) == 1 for g in typed.groups)
    phrase = '"' + " ".join(words) + '"' if plain else None
    numbered = [t for g in typed.groups if len(g) == 1 for t in g if len(t) > 1 and any(w.isdigit() for w in t)]
    fragment = "{symbol} : (" + " AND ".join('"' + " ".join(t) + '"' for t in numbered) + ")" if numbered else None
    # A query that is a topic's name (« LAWS ») also names the topic's other names in titles.
    named = [t for t in topics if any(tuple(tokens(n)) == words for n in topic_names(t))] if plain else []
    names = sorted({'"' + " ".join(tokens(n)) + '"' for t in named for n in topic_names(t) if tokens(n)} - {phrase})
    title_phrase = "{title} : (" + " OR ".join([phrase, *names]) + ")" if phrase is not None else None
    title_words = []
    for group in query.groups:
        first = group[0]
        if len(group) == 1 and len(first) == 1 and first[0] in STOP_WORDS:
            continue
        terms = [*group, *(tuple(e.split()) for t in group if len(t) == 1 for e in TITLE_EQUIVALENTS.get(t[0], ()))]
        title_words.append(" OR ".join(['"' + " ".join(t) + '"' for t in terms] + (names if len(words) == 1 else [])))
    symbol_key = " ".join(words) if plain else None
    kind = "{kind} : (" + " OR ".join(title_words) + ")" if title_words else None
    in_title = tuple("{title kind actors} : (" + w + ")" for w in title_words)
    return Ranking(symbol_key, fragment, phrase, title_phrase, in_title, kind)


def _filters_sql(filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
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
    return where, args


_MATCHING = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
_SCORED = f"SELECT rowid, -bm25(events_fts, {_WEIGHTS}) FROM events_fts WHERE events_fts MATCH ?"


class Ranked(Struct, frozen=True, order=True):
    rowid: int
    tier: int
    score: float


# A match's place before its score: tier, the query as typed found, the kind named, title words.
Key = tuple[int, bool, bool, int]


def match(
    db: sqlite3.Connection, expression: str, tiers: Ranking, filters: Filters, limit: int | None
) -> tuple[list[Ranked], int]:
    """The best ``limit`` events matching ``expression``, and how many match in all.

    Order: tier (exact symbol, symbol fragment, title phrase, every meaningful word in the
    title, the rest); within a tier, the query as typed found anywhere first, then whether the
    query names the event's kind, then how many of its words the title holds, then
    field-weighted bm25 (in the title phrase tier, the title phrase's own: the shorter title
    first); ties by date, then id.

    In stages, so that a query matching most of a large dataset scores only what can reach
    the top ``limit``: each tier's test gives a set of rowids (one FTS pass each), the matches
    are grouped by their place before the score, and bm25 is read only for the groups the
    cut reaches (the expression's own only when one of them is outside the title phrase tier);
    dates and ids only for the rows kept and those tied with the last.
    """
    where, args = _filters_sql(filters)
    if where:
        sql = f"SELECT m.rowid FROM ({_MATCHING}) m JOIN events e ON e.rowid = m.rowid WHERE " + " AND ".join(where)
        matched = [r for (r,) in db.execute(sql, [expression, *args])]
    else:
        matched = [r for (r,) in db.execute(_MATCHING, (expression,))]
    # The title phrase's bm25 orders its tier; its rows are the tier's test too (one pass).
    titled: dict[int, float] = {}
    if tiers.title_phrase and matched:
        titled = dict(db.execute(_SCORED, (tiers.title_phrase,)))
    groups = _groups(db, matched, tiers, titled.keys())
    chosen: list[Key] = []
    count = 0
    for key in sorted(groups, reverse=True):
        chosen.append(key)
        count += len(groups[key])
        if limit is not None and count >= limit:
            break
    scores: dict[int, float] = {}
    if any(key[0] != 2 for key in chosen):
        scores = dict(db.execute(_SCORED, (expression,)))
    scored = [(key, (titled if key[0] == 2 else scores)[r], r) for key in chosen for r in groups[key]]
    if limit is not None and len(scored) > limit:
        last = heapq.nlargest(limit, scored, key=_before_ties)[-1][:2]
        scored = [row for row in scored if row[:2] >= last]  # the best ``limit`` and those tied with the last
    places = _places(db, [r for _, _, r in scored])
    scored.sort(key=lambda row: (_negated(row[0]), -row[1], places[row[2]]))
    kept = scored if limit is None else scored[:limit]
    return [Ranked(r, key[0], _reported(*key, s)) for key, s, r in kept], len(matched)


def _groups(db: sqlite3.Connection, matched: list[int], tiers: Ranking, titled: Set[int]) -> dict[Key, list[int]]:
    """The matches grouped by their place before the score (``Key``), in their given order."""

    def rows(expression: str | None) -> set[int]:
        return {r for (r,) in db.execute(_MATCHING, (expression,))} if expression and matched else set()

    symbol = set()
    if tiers.symbol_key and matched:
        symbol = {r for (r,) in db.execute("SELECT rowid FROM events WHERE symbol_key = ?", (tiers.symbol_key,))}
    fragment, exact, kinded = (rows(e) for e in (tiers.fragment, tiers.phrase, tiers.kind))
    full = len(tiers.title_words)
    covers = Counter(chain.from_iterable(rows(w) for w in tiers.title_words))  # title words per match
    groups: dict[Key, list[int]] = {}
    for r in matched:
        cover = covers.get(r, 0)
        tier = 4 if r in symbol else 3 if r in fragment else 2 if r in titled else 1 if full and cover == full else 0
        key = (tier, r in exact, r in kinded, cover)
        if key in groups:
            groups[key].append(r)
        else:
            groups[key] = [r]
    return groups


def _before_ties(row: tuple[Key, float, int]) -> tuple[Key, float]:
    return row[0], row[1]


def _negated(key: Key) -> tuple[int, int, int, int]:
    return -key[0], -key[1], -key[2], -key[3]


def _places(db: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[str, str]]:
    """Each event's date order and id (what breaks ties), read by rowid."""
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(rowids), 500):
        part = rowids[start : start + 500]
        sql = f"SELECT rowid, sort_key, id FROM events WHERE rowid IN ({', '.join('?' * len(part))})"
        found.update((r, (key, id_)) for r, key, id_ in db.execute(sql, part))
    return found


def _reported(tier: int, exact: bool, kinded: bool, cover: int, score: float) -> float:
    """The score shown: it orders as the ranking does (``TIER``), bm25 capped to keep it so."""
    return round(tier * TIER + exact * 5000 + kinded * 2500 + min(cover, 24) * 100 + min(max(score, 0), 99.9999), 4)
