"""What a reader meant: other forms of each word, and, when that finds nothing, fewer words.

Every word also finds its other forms (plural, feminine, ``létales`` and ``létaux``): the
index's words that share its French or English Snowball stem. The exact form ranks first.
Then, only if nothing was found: without question and stop words (``when was the UNESCO
Recommendation adopted``) and with each word the index does not hold replaced by its closest
word that it does (``unseco`` → ``unesco``); then any of the words, best first.
"""

from __future__ import annotations

import os
from typing import Any

import Stemmer  # type: ignore[import-not-found,unused-ignore]
from msgspec import Struct

from .model import Dataset, Filters
from .rank import STOP_WORDS, Query, parse_query
from .search import Hit, Searchable, run
from .textnorm import close_matches


class Found(Struct, frozen=True, order=True):
    """A search's hits, and how the words were read to find them."""

    hits: list[Hit]
    total: int
    dataset: Dataset
    corrected: tuple[tuple[str, str], ...] = ()  # (typed, used) for each word corrected
    partial: bool = False  # no event has every word: these have some


def find(index: Searchable, text: str, filters: Filters, *, limit: int, lang: str, exact: bool = False) -> Found:
    """The events matching ``text`` and the other forms of its words; if none, the words the
    reader meant (module docstring). ``exact`` searches the words as typed, and only them."""
    query = parse_query(text)
    if exact:
        return Found(*run(index, query, filters, limit=limit, lang=lang, exact=True))
    hits, total, dataset = run(index, with_forms(index, query), filters, limit=limit, lang=lang, typed=query)
    if hits:
        return Found(hits, total, dataset)
    typed, corrected = _meant(index, query)
    meant = with_forms(index, typed)
    if corrected or len(meant.groups) < len(query.groups):
        hits, total, dataset = run(index, meant, filters, limit=limit, lang=lang, typed=typed)
    if hits or len(meant.groups) < 2:
        return Found(hits, total, dataset, corrected)
    any_word = Query(meant.text, (tuple(term for group in meant.groups for term in group),), meant.excluded)
    hits, total, dataset = run(index, any_word, filters, limit=limit, lang=lang, typed=typed)
    return Found(hits, total, dataset, corrected, partial=bool(hits))


def _meant(index: Searchable, query: Query) -> tuple[Query, tuple[tuple[str, str], ...]]:
    """``query`` without stop words (when others remain) and with unknown words corrected."""
    groups = [g for g in query.groups if not (len(g) == 1 and len(g[0]) == 1 and g[0][0] in STOP_WORDS)]
    groups = groups or list(query.groups)
    words = {word for group in groups for term in group for word in term}
    known = {w for w in words if index.db.execute("SELECT 1 FROM events_vocab WHERE term = ?", (w,)).fetchone()}
    corrections: dict[str, str] = {}
    if words - known:
        vocabulary = [term for (term,) in index.db.execute("SELECT term FROM events_vocab")]
        for word in sorted(words - known):
            close = close_matches(word, vocabulary, n=1)
            if close:
                corrections[word] = close[0]
    fixed = tuple(tuple(tuple(corrections.get(word, word) for word in term) for term in group) for group in groups)
    return Query(query.text, fixed, query.excluded), tuple(corrections.items())


def with_forms(index: Searchable, query: Query) -> Query:
    """``query`` where each single word also accepts the index's words of the same stem."""
    stemmers = Stemmer.Stemmer("french"), Stemmer.Stemmer("english")
    groups = []
    for group in query.groups:
        terms = list(group)
        for term in group:
            if len(term) == 1:
                terms += [(form,) for form in _forms(index, term[0], stemmers) if (form,) not in terms]
        groups.append(tuple(terms))
    return Query(query.text, tuple(groups), query.excluded)


def _forms(index: Searchable, word: str, stemmers: tuple[Any, ...]) -> list[str]:
    """The index's words that share ``word``'s French or English stem (``word`` excluded)."""
    stems = [stemmer.stemWord(word) for stemmer in stemmers]
    # Candidates share the first four letters of the stem (létales, létaux: "leta"), then the stem.
    prefix = os.path.commonprefix([word, *stems])[:4]  # noqa: RUF071 (letters, not paths)
    if len(prefix) < 3:
        return []
    rows = index.db.execute("SELECT term FROM events_vocab WHERE term >= ? AND term < ?", (prefix, prefix + "\uffff"))
    same = []
    for (term,) in rows:
        if term != word and any(stemmer.stemWord(term) == stem for stemmer, stem in zip(stemmers, stems, strict=True)):
            same.append(term)
    return sorted(same)
