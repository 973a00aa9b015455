"""`govai validate` on data where one event in ten is wrong: the time must stay linear.

Usage:
    python bench/broken.py 10000 50000 100000 --runs 3 [--out DIR]   # needs `govai` installed

For each size N, two datasets are generated under bench/out/broken-N (bench/generate.py's
shape): a valid one, and the same where every tenth event has an unknown ``kind`` and refers
to a missing event in ``related`` (every event refers to the next one): each leaves a dangling
reference, the case that once cost a pass over every id per problem. (An event refused for its
kind still defines its id, so the reference to it is not what dangles.) Each is
validated --runs times as a fresh process with no index (``govai validate``); the report gives
the medians and the ratio broken / valid, which should stay flat as N grows.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the synthetic dataset's shape, shared)


def make(count: int, out: Path, *, broken: bool) -> None:
    if out.exists():
        shutil.rmtree(out)
    (out / "events").mkdir(parents=True)
    generate.write_vocabulary(out, random.Random(20261123))
    rng = random.Random(20261207)
    for i in range(count):
        name, text = generate.event(i, rng)
        if i + 1 < count:
            text += f"related: [event-{i + 1:06d}]\n"
        if broken and i % 10 == 5:
            text = text.replace("\nkind: ", "\nkind: not-a-kind-", 1).replace("related: [event-", "related: [gone-")
        (out / "events" / name).write_text(text, encoding="utf-8")


def seconds(data: Path) -> float:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "GOVAI_CACHE_DIR": cache}
        start = time.perf_counter()
        subprocess.run(["govai", "validate", str(data)], env=env, capture_output=True, check=False)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where the datasets go (bench/out)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {args.runs} cold runs of `govai validate` (no index)\n")
    print(f"{'events':>8} {'valid':>10} {'10% broken':>12} {'ratio':>7} {'broken / event':>16}")
    for size in args.sizes:
        valid, broken = args.out / f"valid-{size}", args.out / f"broken-{size}"
        make(size, valid, broken=False)
        make(size, broken, broken=True)
        times = {"valid": [], "broken": []}  # type: dict[str, list[float]]
        for _ in range(args.runs):
            times["valid"].append(seconds(valid))
            times["broken"].append(seconds(broken))
        v, b = statistics.median(times["valid"]), statistics.median(times["broken"])
        print(f"{size:>8} {v:>9.2f}s {b:>11.2f}s {b / v:>6.2f}x {b / size * 1e6:>13.1f} µs")


if __name__ == "__main__":
    main()
