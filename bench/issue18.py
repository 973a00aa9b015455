"""Search at 100k with the index built, two govai side by side, against their floors (issue 18).

Usage:
    python bench/generate.py 100000 DATA --shape issue
    python bench/issue18.py DATA --govai before=/path/to/govai --govai after=/path/to/govai --runs 5

For each govai (its own cache folder, DATA-work/cache-LABEL, built by a first untimed run):
``search --limit 20`` with the file check, with ``GOVAI_TRUST_INDEX=1``, and the first search
after one event file was edited; beside them, in the same rounds, a bare ``os.scandir`` +
``lstat`` walk of the tree (the file check's floor), the minimal Typer + Rich program that
prints a 60-row table (the start-up floor of any such program) and ``sqlite-utils search
--limit 20`` on the same records (bench/scale.py builds its table and installs it). Medians,
the largest peak memory (GNU time's %M), and the ratios the issue asks for.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scale  # noqa: E402  (timing, the peers and the edit, shared)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--govai", action="append", required=True, help="LABEL=PATH of a govai to measure")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = args.data.resolve()
    out = data.parent / f"{data.name}-work"
    out.mkdir(exist_ok=True)
    db = scale.sqlite_db(scale.peers(HERE / "out"), scale.records(data, out), out)
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    floors = {
        "bare scandir + lstat walk": [sys.executable, str(HERE / "walk_baseline.py"), str(data)],
        "minimal Typer + Rich table program": [sys.executable, str(HERE / "minimal_typer_rich.py")],
        "sqlite-utils search --limit 20": [
            str(HERE / "out" / "peers" / "bin" / "sqlite-utils"), "search", str(db), "records", scale.QUERY,
            "--limit", "20",
        ],
    }  # fmt: skip
    govais = dict(item.split("=", 1) for item in args.govai)
    envs = {label: {**env, "GOVAI_CACHE_DIR": str(out / f"cache-{label}")} for label in govais}
    asked = ["search", scale.QUERY, "--data", str(data), "--limit", "20"]
    search = {label: [path, *asked] for label, path in govais.items()}
    for label in govais:
        subprocess.run(search[label], env=envs[label], capture_output=True, check=True)  # the index, built
    times: dict[str, list[float]] = {}
    memory: dict[str, list[int]] = {}

    def measure(name: str, command: list[str], case_env: dict[str, str]) -> None:
        seconds, kib = scale.timed(command, case_env)
        times.setdefault(name, []).append(seconds)
        memory.setdefault(name, []).append(kib)

    for round_number in range(args.runs):
        for name, command in floors.items():
            measure(name, command, env)
        for label in govais:
            measure(f"{label}: search, files checked", search[label], envs[label])
        for label in govais:
            measure(f"{label}: search, GOVAI_TRUST_INDEX=1", search[label], {**envs[label], "GOVAI_TRUST_INDEX": "1"})
        scale.edit_one_event(data, round_number + 100)
        for label in govais:
            measure(f"{label}: search after one edit", search[label], envs[label])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"data: {data}; query: {scale.QUERY!r}; median of {args.runs} interleaved rounds, largest peak\n")
    medians = {name: statistics.median(values) for name, values in times.items()}
    walk, peer = medians["bare scandir + lstat walk"], medians["sqlite-utils search --limit 20"]
    for name, median in medians.items():
        ratio = f"{median / walk:5.2f}x walk  {median / peer:5.2f}x sqlite-utils"
        print(f"{name:40s} {median:7.3f} s  peak {max(memory[name]) / 1024:6.1f} MiB  {ratio}")


if __name__ == "__main__":
    main()
