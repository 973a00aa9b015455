"""Cold start-up of govai commands against a minimal Typer + Rich program, measured side by side.

Usage: python bench/startup.py [--runs N]
Each case is run N times as a fresh process (default 7); the median wall time is reported,
with its ratio to the baseline measured in the same run, so a noisy machine affects both.
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


def median_seconds(command: list[str], runs: int) -> float:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    baseline = None
    for name, command in cases.items():
        seconds = median_seconds(command, args.runs)
        baseline = baseline or seconds
        print(f"{name:50s} {seconds * 1000:7.1f} ms   {seconds / baseline:5.2f}x")


if __name__ == "__main__":
    main()
