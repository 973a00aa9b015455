"""The staged ranking (``rank.match``) gives exactly what one SQL query over every match gave.

``reference_match`` is that query, as it stood before the stages: every match scored and
tested for every tier, then ordered and cut. Each search below runs both and compares rowids,
tiers, scores and totals; then a traced search shows what the stages spare.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from govai_cli import rank
from govai_cli import search as search_module
from govai_cli.cache import Index, open_index
from govai_cli.dates import parse_user_date
from govai_cli.model import Filters
from govai_cli.understand import find

from .relevance import CASES

_IN = "m.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)"


def reference_match(
    db: sqlite3.Connection, expression: str, tiers: rank.Ranking, filters: Filters, limit: int | None
) -> tuple[list[rank.Ranked], int]:
    """The best ``limit`` events matching ``expression``, and how many match in all.

    Order: tier (exact symbol, symbol fragment, title phrase, every meaningful word in the
    title, the rest); within a tier, the query as typed found anywhere first, then how many
    of its words the title holds, then field-weighted bm25 (in the title phrase tier, the
    title phrase's own: the shorter title first); ties by date, then id.
    """
    where, args = rank._filters_sql(filters)
    signals = [
        ("coalesce(e.symbol_key = ?, 0)", tiers.symbol_key),
        (_IN, tiers.fragment),
        (_IN, tiers.title_phrase),
        (_IN, tiers.phrase),
        (_IN, tiers.kind),
    ]
    columns = [sql if value else "0" for sql, value in signals]
    params: list[Any] = [value for _, value in signals if value]
    cover = " + ".join(f"({_IN})" for _ in tiers.title_words) or "0"
    params += [*tiers.title_words, expression]
    title_join, title_score = "", "m.score"
    if tiers.title_phrase:
        title_join = (
            f"LEFT JOIN (SELECT rowid AS trow, -bm25(events_fts, {rank._WEIGHTS}) AS tscore FROM events_fts "
            "WHERE events_fts MATCH ?) t ON t.trow = m.rowid "
        )
        title_score = "coalesce(t.tscore, m.score)"
        params.append(tiers.title_phrase)
    full = len(tiers.title_words)
    inner = (
        f"SELECT m.rowid AS rowid, {columns[0]} AS s4, {columns[1]} AS s3, {columns[2]} AS s2, {columns[3]} AS exact, "
        f"{columns[4]} AS kinded, {cover} AS cover, m.score AS score, {title_score} AS tscore, "
        "e.sort_key AS sort_key, e.id AS id FROM "
        f"(SELECT rowid, -bm25(events_fts, {rank._WEIGHTS}) AS score FROM events_fts WHERE events_fts MATCH ?) m "
        f"JOIN events e ON e.rowid = m.rowid {title_join}" + (" WHERE " + " AND ".join(where) if where else "")
    )
    tier = f"CASE WHEN s4 THEN 4 WHEN s3 THEN 3 WHEN s2 THEN 2 WHEN {full} > 0 AND cover = {full} THEN 1 ELSE 0 END"
    # bm25() cannot sit beside a window function: score in a subquery, count and cut outside.
    sql = (
        "SELECT rowid, tier, exact, kinded, cover, CASE WHEN tier = 2 THEN tscore ELSE score END AS s, "
        f"count(*) OVER () FROM (SELECT rowid, {tier} AS tier, exact, kinded, cover, score, tscore, sort_key, id "
        f"FROM ({inner})) ORDER BY tier DESC, exact DESC, kinded DESC, cover DESC, s DESC, sort_key, id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute(sql, [*params, *args]).fetchall()
    total = rows[0][6] if rows else 0
    return [rank.Ranked(r, t, rank._reported(t, x, k, c, s)) for r, t, x, k, c, s, _ in rows], total


@pytest.fixture(scope="module")
def bundled() -> Index:
    return open_index(None)


def _both(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every search run both rankings and compare them; returns the count of comparisons."""
    compared: list[int] = []

    def checked(
        db: sqlite3.Connection, expression: str, tiers: rank.Ranking, filters: Filters, limit: int | None
    ) -> tuple[list[rank.Ranked], int]:
        staged = rank.match(db, expression, tiers, filters, limit)
        assert staged == reference_match(db, expression, tiers, filters, limit), (expression, filters, limit)
        compared.append(len(staged[0]))
        return staged

    monkeypatch.setattr(search_module, "match", checked)
    return compared


QUERIES = [case.query for case in CASES] + [
    "intelligence artificielle", "AI", "résolution", "78", "A/RES/78/311", "droits -femmes", "UNESCO OR OCDE",
    '"human rights council"', "china", "sommet", "égalité des sexes", "LAWS", "zzzz", "the", "Déclaration de Bletchley",
]  # fmt: skip


@pytest.mark.parametrize("limit", [1, 3, 20, 200])
def test_the_stages_rank_as_the_one_query_did(bundled: Index, monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    compared = _both(monkeypatch)
    for text in QUERIES:
        find(bundled, text, Filters(), limit=limit, lang="fr")
    assert len(compared) >= len(QUERIES)
    assert sum(1 for n in compared if n) > len(QUERIES) * 3 // 4  # real results compared, not only empty ones


FILTERS = [
    Filters(date_from=parse_user_date("2024"), date_to=parse_user_date("2024")),
    Filters(kind="resolution"),
    Filters(country="CN"),
    Filters(body="unga", bodies=("unga",)),
    Filters(date_from=parse_user_date("2023-06")),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f.describe()))
def test_the_stages_rank_as_the_one_query_did_with_filters(
    bundled: Index, monkeypatch: pytest.MonkeyPatch, filters: Filters
) -> None:
    compared = _both(monkeypatch)
    for text in ("intelligence artificielle", "résolution", "human rights", "AI", "78/311", "sommet"):
        find(bundled, text, filters, limit=5, lang="fr")
        find(bundled, text, filters, limit=5, lang="fr", exact=True)
    assert sum(compared) > 0


def test_a_search_scores_only_what_can_reach_the_top(bundled: Index) -> None:
    """A title-phrase query: its tier fills the cut, so the expression's own bm25 is never read
    (the one query scored every match twice), and dates are read for the kept rows only."""
    statements: list[str] = []
    bundled.db.set_trace_callback(statements.append)
    try:
        query = rank.parse_query("intelligence artificielle")
        ranked, total = rank.match(bundled.db, rank.fts_expression(query), rank.ranking(query, query), Filters(), 3)
    finally:
        bundled.db.set_trace_callback(None)
    assert [r.tier for r in ranked] == [2, 2, 2]
    assert total > 20
    scored = [s for s in statements if "bm25(" in s]
    assert len(scored) == 1
    assert "{title}" in scored[0]
    dated = [s for s in statements if "sort_key" in s]
    assert len(dated) == 1
    assert dated[0].count(",") < 10


def test_any_reference_query_is_real(bundled: Index) -> None:
    rows: Any = bundled.db.execute("SELECT count(*) FROM events_fts").fetchone()
    assert rows[0] > 50
