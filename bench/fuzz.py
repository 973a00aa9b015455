"""Run the test suite's Hypothesis properties for many examples each, and summarize.

Usage: python bench/fuzz.py [--examples N] [--only NAME]
The properties and their strategies are those of ``tests/properties.py`` (the suite runs each
for Hypothesis's default 100 examples); here each runs for N examples (default 15,000, so
120,000 in all over the 8 properties). Prints, per property, the examples run, failures and
time, then the totals; exits 1 if a property failed, with its falsifying example.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.properties import PROPERTIES


def run(check: Callable[[Any], None], strategy: st.SearchStrategy[Any], examples: int) -> tuple[int, str | None]:
    """Examples run and, if the property failed, the error with its (shrunk) example."""
    count = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
    )
    @given(strategy)
    def prop(example: Any) -> None:
        nonlocal count
        count += 1
        check(example)

    try:
        prop()
    except Exception:  # a property failed: report it, go on with the others
        return count, traceback.format_exc(limit=-3)
    return count, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=15_000, help="examples per property (default 15000)")
    parser.add_argument("--only", help="run only the properties whose name contains this")
    args = parser.parse_args()
    chosen = {name: p for name, p in PROPERTIES.items() if not args.only or args.only in name}
    print(f"python {platform.python_version()} on {platform.machine()}, {args.examples} examples per property")
    print(f"{'property':<28} {'examples':>9} {'failures':>9} {'seconds':>8}")
    total, failed, started = 0, 0, time.perf_counter()
    for name, (check, strategy) in chosen.items():
        start = time.perf_counter()
        count, error = run(check, strategy, args.examples)
        total += count
        failed += error is not None
        print(f"{name:<28} {count:>9} {int(error is not None):>9} {time.perf_counter() - start:>8.1f}", flush=True)
        if error:
            print(error, file=sys.stderr)
    print(f"{'total':<28} {total:>9} {failed:>9} {time.perf_counter() - started:>8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
