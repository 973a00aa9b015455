"""Relevance of search over the bundled data: MRR, top-1 and top-3 rates of tests/relevance.py.

Usage: python bench/relevance.py [--show-misses]
Each case's rank is that of its first expected result (``top3`` and ``any3`` ids) among the
first 20; MRR is the mean of 1/rank (0 when none is in the first 20). A case passes at top 3
when every ``top3`` id, and one ``any3`` id if it has some, is in the first three.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from govai_cli.cache import open_index
from govai_cli.model import Filters
from govai_cli.understand import find

HERE = Path(__file__).resolve().parent


def _cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relevance", HERE.parent / "tests" / "relevance.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["relevance"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="print the first three results of each miss")
    args = parser.parse_args()
    index = open_index(None)
    cases = _cases().CASES
    reciprocal, top1, top3 = 0.0, 0, 0
    for case in cases:
        ids = [h.event.id for h in find(index, case.query, Filters(), limit=20, lang="fr").hits]
        expected = set(case.top3) | set(case.any3)
        rank = next((n for n, i in enumerate(ids, 1) if i in expected), None)
        reciprocal += 1 / rank if rank else 0.0
        top1 += rank == 1
        passed = set(case.top3) <= set(ids[:3]) and (not case.any3 or bool(set(case.any3) & set(ids[:3])))
        top3 += passed
        if not passed and args.show_misses:
            print(f"miss: {case.query!r} -> {ids[:3]}")
    n = len(cases)
    print(f"cases: {n}")
    print(f"MRR: {reciprocal / n:.3f}")
    print(f"top-1: {top1}/{n} ({100 * top1 / n:.0f}%)")
    print(f"top-3: {top3}/{n} ({100 * top3 / n:.0f}%)")


if __name__ == "__main__":
    main()
