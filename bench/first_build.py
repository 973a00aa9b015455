"""The first run (no index), two or more govai side by side, against PyYAML's CSafeLoader (issue 18).

Usage:
    python bench/generate.py 10000 DATA --shape issue
    python bench/first_build.py DATA --govai after=/path/to/govai \\
        --govai before=/path/to/govai:/path/to/old/src --runs 3

``LABEL=PATH[:PYTHONPATH]``: a govai console script, and optionally the source folder to put
first on ``PYTHONPATH`` (to run an older checkout with the same virtual environment). Each
round runs, one after the other: ``bench/yaml_baseline.py`` (CSafeLoader alone on every event
file), then each govai's ``search`` with an empty cache folder (the whole first build). Reports
the median wall time, the median CPU time (user + system, worker processes included), the
largest peak memory of one process (GNU time's %M), the ratio of the medians to the
baseline's, and the median of each round's own ratio (a run against the baseline of its round:
the machine's speed drifts between rounds), with the load average before and after.
``--one-core LABEL`` adds that govai pinned to one core (``taskset -c 0``), to tell the work
from the parallelism.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERY = "égalité des sexes"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds (children included) and peak resident KiB of one run of ``command``."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True,
        )  # fmt: skip
        wall, user, system, kib = report.read().split()[-4:]
        return float(wall), float(user) + float(system), int(kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--govai", action="append", required=True, help="LABEL=PATH[:PYTHONPATH]")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one-core", action="append", default=[], metavar="LABEL", help="also run LABEL on one core")
    args = parser.parse_args()
    data = args.data.resolve()
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "CSafeLoader alone (bench/yaml_baseline.py)": ([sys.executable, str(HERE / "yaml_baseline.py"), str(data)], {}),
    }
    for item in args.govai:
        label, _, where = item.partition("=")
        path, _, source = where.partition(":")
        command = [path, "search", QUERY, "--data", str(data), "--format", "json", "--limit", "20"]
        extra = {"PYTHONPATH": source} if source else {}
        cases[f"govai {label}, first run"] = (command, extra)
        if label in args.one_core:  # pinned to one core: the workers then share it
            cases[f"govai {label}, first run, one core (taskset -c 0)"] = (["taskset", "-c", "0", *command], extra)
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in cases}
    print(f"{data}: load average before {os.getloadavg()}", flush=True)
    for round_number in range(args.runs):
        for name, (command, extra) in cases.items():
            cache = Path(tempfile.mkdtemp(prefix="govai-first-"))
            try:
                env = {**os.environ, **extra, "GOVAI_CACHE_DIR": str(cache)}
                results[name].append(timed(command, env))
            finally:
                shutil.rmtree(cache, ignore_errors=True)
            wall, cpu, kib = results[name][-1]
            print(f"round {round_number + 1}: {name}: {wall:.1f} s, CPU {cpu:.1f} s, {kib / 1024:.0f} MiB", flush=True)
    print(f"load average after {os.getloadavg()}\n")
    baseline = next(iter(results.values()))
    base = statistics.median(r[0] for r in baseline)
    print(
        "| case | median wall | median CPU | peak memory | vs CSafeLoader | each round's ratio (median) |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        peak = max(r[2] for r in runs) / 1024
        # The machine's speed drifts between rounds: each run against the baseline of its round.
        rounds = statistics.median(r[0] / b[0] for r, b in zip(runs, baseline, strict=True))
        print(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MiB | {wall / base:.2f}× | {rounds:.2f}× |")


if __name__ == "__main__":
    main()
