"""Start-up of two installed govai side by side (before and after a change), with the baseline.

Usage:
    python bench/compare.py /path/to/before/bin/govai /path/to/after/bin/govai --runs 11

Each case runs as a fresh process, the two versions and the minimal Typer + Rich program
(bench/minimal_typer_rich.py) interleaved round after round, so a noisy machine affects them
alike; medians are reported with their ratio to the baseline's. Each govai's index is built
by a first, untimed run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = {
    "--version": ["--version"],
    "timeline (table)": ["timeline"],
    "timeline --format json": ["timeline", "--format", "json"],
    "search (table)": ["search", "égalité des sexes"],
    "search --format json": ["search", "égalité des sexes", "--format", "json"],
}


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--data", help="a dataset both versions read (so the same events), instead of the bundled ones")
    args = parser.parse_args()
    extra = ["--data", args.data] if args.data else []
    baseline = [sys.executable, str(HERE / "minimal_typer_rich.py")]
    for govai in (args.before, args.after):
        for case in CASES.values():
            seconds([govai, *case, *(extra if case != ["--version"] else [])])
    times: dict[str, list[list[float]]] = {name: [[], []] for name in ["baseline", *CASES]}
    for _ in range(args.runs):
        times["baseline"][0].append(seconds(baseline))
        for name, case in CASES.items():
            for side, govai in enumerate((args.before, args.after)):
                times[name][side].append(seconds([govai, *case, *(extra if case != ["--version"] else [])]))
    base = statistics.median(times["baseline"][0])
    print(f"{args.runs} interleaved rounds; baseline (Typer + Rich, 60-row table) median {base * 1000:.0f} ms")
    print(f"{'case':28} {'before':>9} {'ratio':>6} {'after':>9} {'ratio':>6}")
    for name in CASES:
        before, after = (statistics.median(side) for side in times[name])
        print(f"{name:28} {before * 1000:7.0f}ms {before / base:5.2f}x {after * 1000:7.0f}ms {after / base:5.2f}x")


if __name__ == "__main__":
    main()
