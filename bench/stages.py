"""Where the time of one ``govai search`` goes, stage by stage, in one process (issue 18).

Usage:
    python bench/stages.py DATA [--edit N] [--runs 3]

Runs ``govai search "égalité des sexes" --data DATA --limit 20`` in this process (the index
built beforehand, ``GOVAI_CACHE_DIR`` as set), timing the stages by wrapping the functions
that do them: the imports up to the command line, the walk of the files (on a large dataset,
in child processes while the search runs: the file check then waits for them), the stored
blocks read back and diffed, the update of the index (reading the edited file, its rows, the
checks across files), the search and the output. With ``--edit N``, each run first edits one
event file the way ``bench/issue18.py`` does (round N, N+1, ...), so the stages are those of
the first search after an edit. Wall times (``perf_counter``), median of ``--runs``; each
run is a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERY = "égalité des sexes"
UPDATE_IMPORTS = "imports of the update (fill, dataset, PyYAML)"
STAGES = {  # stage: (module, attribute path) of the function that does it
    "child processes started for the walk (cache.walk_aside)": ("govai_cli.cache", "walk_aside"),
    "walk of the files here (files.Walk; 0 when walked aside)": ("govai_cli.files", "Walk.__init__"),
    "stored blocks read back (cache._stored_blocks)": ("govai_cli.cache", "_stored_blocks"),
    "changed blocks as one tuple a file (files.Block.found)": ("govai_cli.files", "Block.found"),
    "diff of the changed blocks (cache._diff)": ("govai_cli.cache", "_diff"),
    "update: files re-read and their rows (fill._Update.run)": ("govai_cli.fill", "_Update.run"),
    "update: checks across files (fill._check_all)": ("govai_cli.fill", "_check_all"),
    "changed blocks stored (cache._store_blocks)": ("govai_cli.cache", "_store_blocks"),
    "the file check in all (Index._check_files)": ("govai_cli.cache", "Index._check_files"),
    "search (understand.find)": ("govai_cli.understand", "find"),
    "output (options.Out.emit)": ("govai_cli.options", "Out.emit"),
}


def child(data: str, edit: int | None) -> None:
    """One run, in this process: report each stage's seconds as JSON on stdout's last line."""
    if edit is not None:
        sys.path.insert(0, str(HERE))
        import scale

        scale.edit_one_event(Path(data), edit)
    start = time.perf_counter()
    import importlib

    from govai_cli import cli

    spent: dict[str, float] = {"imports up to the command line": time.perf_counter() - start}
    if edit is not None:  # imported by the update only: timed here, as it would be there
        begin = time.perf_counter()
        importlib.import_module("govai_cli.fill")
        spent[UPDATE_IMPORTS] = time.perf_counter() - begin
    for stage, (module_name, attribute) in STAGES.items():
        if module_name == "govai_cli.fill" and edit is None:
            continue  # (not run: importing it would add its imports)
        module = importlib.import_module(module_name)
        owner: Any = module
        *parents, name = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        real = getattr(owner, name)

        def timed(*args: Any, _real: Any = real, _stage: str = stage, **kwargs: Any) -> Any:
            begin = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                spent[_stage] = spent.get(_stage, 0.0) + time.perf_counter() - begin

        setattr(owner, name, timed)
    sys.argv = ["govai", "search", QUERY, "--data", data, "--limit", "20"]
    with contextlib.suppress(SystemExit):
        cli.main()
    spent["whole run"] = time.perf_counter() - start
    sys.stdout.write("\n" + json.dumps(spent) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--edit", type=int, help="edit one event file first (round N, then N+1, ...)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = str(args.data.resolve())
    if args.child:
        child(data, args.edit)
        return
    runs: list[dict[str, float]] = []
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    for number in range(args.runs):
        command = [sys.executable, __file__, data, "--child", "--runs", "1"]
        if args.edit is not None:
            command += ["--edit", str(args.edit + number)]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'edited' if args.edit is not None else 'unchanged'} data, median of {args.runs} runs:")
    for stage in ["imports up to the command line", UPDATE_IMPORTS, *STAGES, "whole run"]:
        values = [run.get(stage, 0.0) for run in runs]
        print(f"  {stage:58s} {statistics.median(values) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
