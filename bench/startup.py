"""Cold start-up of govai commands against a minimal Typer + Rich program, measured side by side.

Usage: python bench/startup.py [--runs N]
Each case runs once to warm up (the search index is built then), then all cases run in turn,
N times (default 7), each as a fresh process; the median wall time is reported with its ratio
to the baseline measured in the same rounds, so a noisy machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


ENV = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=True)
    return time.perf_counter() - start


def medians(cases: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Each case once to warm up (the index is built then), then all cases in turn, ``runs`` times."""
    for command in cases.values():
        seconds(command)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, command in cases.items():
            times[name].append(seconds(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    govai = shutil.which("govai") or str(Path(sys.executable).with_name("govai"))
    cases = {
        "baseline: minimal Typer + Rich, 60-row table": [sys.executable, str(HERE / "minimal_typer_rich.py")],
        "govai --version": [govai, "--version"],
        "govai timeline (table)": [govai, "timeline"],
        "govai timeline --format json": [govai, "timeline", "--format", "json"],
        'govai search "égalité des sexes" (table)': [govai, "search", "égalité des sexes"],
        'govai search "égalité des sexes" --format json': [govai, "search", "égalité des sexes", "--format", "json"],
    }
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.runs} cold runs each\n")
    results = medians(cases, args.runs)
    baseline = next(iter(results.values()))
    for name, median in results.items():
        print(f"{name:50s} {median * 1000:7.1f} ms   {median / baseline:5.2f}x")


if __name__ == "__main__":
    main()
