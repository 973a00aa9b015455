"""Where start-up goes, module by module: two Pythons' ``-X importtime`` side by side.

Usage:
    python bench/importtime.py BEFORE/bin/python AFTER/bin/python --runs 9 -- search "égalité des sexes" --format json

Each round runs ``govai ARGS`` (through ``govai_cli.entry``, as the console script does) once
with each Python, interleaved; every module's self time is the median over the rounds (0 when
a side does not import it). Prints the totals, govai's own share, and every module, largest
first. Run each side once beforehand, so that both read bytecode and an index that exist.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from collections import defaultdict

SIDES = ("before", "after")


def self_times(python: str, args: list[str]) -> dict[str, int]:
    """Each module's own import time (µs) in one run of govai ``args``."""
    code = f"import sys; sys.argv = ['govai', *{args!r}]; from govai_cli.entry import main; main()"
    done = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True, check=False)
    found = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            found[name.strip()] = int(own)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("args", nargs="+", help="govai's arguments, after --")
    options = parser.parse_args()
    times: dict[str, defaultdict[str, list[int]]] = {side: defaultdict(list) for side in SIDES}
    totals: dict[str, list[int]] = {side: [] for side in SIDES}
    for _ in range(options.runs):
        for side, python in zip(SIDES, (options.before, options.after), strict=True):
            found = self_times(python, options.args)
            for name, own in found.items():
                times[side][name].append(own)
            totals[side].append(sum(found.values()))

    def ms(side: str, name: str) -> float:
        values = times[side].get(name, [])
        return statistics.median(values + [0] * (options.runs - len(values))) / 1000 if values else 0.0

    names = set(times["before"]) | set(times["after"])
    own = {side: sum(ms(side, n) for n in names if n.startswith("govai_cli")) for side in SIDES}
    total = {side: statistics.median(totals[side]) / 1000 for side in SIDES}
    print(f"{options.runs} interleaved rounds of govai {' '.join(options.args)}; median self times, ms")
    print(f"{'all modules':32} {total['before']:7.1f} {total['after']:7.1f}")
    print(f"{'govai_cli (own modules)':32} {own['before']:7.1f} {own['after']:7.1f}")
    for name in sorted(names, key=lambda n: -max(ms("before", n), ms("after", n))):
        print(f"{name:32} {ms('before', name):7.1f} {ms('after', name):7.1f}")


if __name__ == "__main__":
    main()
