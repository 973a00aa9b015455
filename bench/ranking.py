"""The ranking alone, in one process over a built index: ``rank.match`` (staged) against the
single SQL query it replaced (``tests/test_rank_stages.reference_match``), side by side.

Usage (from the repository's root, with govai installed and the index built by one search):
    GOVAI_CACHE_DIR=DIR GOVAI_TRUST_INDEX=1 python bench/ranking.py DATA --runs 7

For each query, the median of --runs calls of each (alternating, so load affects both alike),
the ratio staged / one query, how many events match, and a check that both return the same.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_rank_stages import reference_match

from govai_cli import rank
from govai_cli.cache import open_index
from govai_cli.model import Filters
from govai_cli.understand import with_forms

QUERIES = ("égalité des sexes", "intelligence artificielle", "résolution", "78/311", "droits de l'homme")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--limit", type=int, default=20)
    args = parser.parse_args()
    index = open_index([args.data])
    topics = tuple(index.named("topic").values())
    print(f"{'query':<28} {'matches':>8} {'one query':>10} {'staged':>9} {'ratio':>6}  same")
    for text in QUERIES:
        typed = rank.parse_query(text)
        query = with_forms(index, typed)
        expression, tiers = rank.fts_expression(query), rank.ranking(typed, query, topics)
        times: dict[str, list[float]] = {"one": [], "staged": []}
        results = {}
        for _ in range(args.runs):
            for name, run in (("one", reference_match), ("staged", rank.match)):
                start = time.perf_counter()
                results[name] = run(index.db, expression, tiers, Filters(), args.limit)
                times[name].append(time.perf_counter() - start)
        one, staged = (statistics.median(times[n]) * 1000 for n in ("one", "staged"))
        same = results["one"] == results["staged"]
        print(f"{text:<28} {results['staged'][1]:>8} {one:>8.1f}ms {staged:>7.1f}ms {staged / one:>5.2f}x  {same}")


if __name__ == "__main__":
    main()
