"""govai search at scale, side by side with the tools a user would otherwise pick.

Usage:
    python bench/generate.py 100000 bench/out/100k [--shape issue]   # once: the synthetic dataset
    python bench/scale.py bench/out/100k --runs 5 [--no-jrnl]        # needs `govai` installed

Baselines: PyYAML's CSafeLoader alone on every event file (for the first run), a bare
``os.scandir`` + ``lstat`` walk of the tree (for the file check), sqlite-utils (for a search).

The peers are installed by this script into bench/out/peers (a virtual environment of its
own): sqlite-utils, searching the same records loaded into an FTS5 table (--limit 20), and
jrnl, searching the same records as a journal with -contains. Each case runs --runs times as a
fresh process; the median wall time and the largest peak resident memory (GNU time's %M) are
reported, with ratios. All cases of one round run one after the other, so a noisy machine
affects them alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERY = "égalité des sexes"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak resident KiB of one run of ``command``."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%M", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
        return elapsed, int(report.read().strip().splitlines()[-1])


def peers(out: Path) -> Path:
    venv = out / "peers"
    if not (venv / "bin" / "jrnl").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "sqlite-utils", "jrnl"], check=True)
    return venv / "bin"


def records(data: Path, out: Path) -> Path:
    """The dataset's events as JSON lines (title, summary, facts), read once with PyYAML."""
    target = out / "records.jsonl"
    if target.exists():
        return target
    import yaml

    with target.open("w", encoding="utf-8") as sink:
        for path in sorted((data / "events").glob("*.yaml")):
            event = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            row = {
                "id": event["id"],
                "date": str(event["date"]),
                "title": " / ".join(v["text"] if isinstance(v, dict) else v for v in event["title"].values()),
                "summary": " / ".join(event.get("summary", {}).values()),
                "facts": " / ".join(t for f in event.get("facts", []) for t in f["text"].values()),
            }
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    return target


def sqlite_db(bin_dir: Path, rows: Path, out: Path) -> Path:
    db = out / "records.sqlite"
    if not db.exists():
        subprocess.run([str(bin_dir / "sqlite-utils"), "insert", str(db), "records", str(rows), "--nl"], check=True)
        subprocess.run([str(bin_dir / "sqlite-utils"), "enable-fts", str(db), "records", "title", "summary", "facts"],
                       check=True)  # fmt: skip
    return db


def journal(rows: Path, out: Path) -> Path:
    """The same records as a jrnl journal and its configuration (XDG_CONFIG_HOME)."""
    config_home = out / "jrnl-config"
    text = out / "journal.txt"
    if not text.exists():
        with text.open("w", encoding="utf-8") as sink, rows.open(encoding="utf-8") as source:
            for line in source:
                row = json.loads(line)
                day = row["date"] + "-01-01"[len(row["date"]) - 4 :] if len(row["date"]) < 10 else row["date"]
                sink.write(f"[{day} 09:00] {row['title']}\n{row['summary']} {row['facts']}\n\n")
    (config_home / "jrnl").mkdir(parents=True, exist_ok=True)
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        f"indent_character: '|'\njournals:\n  default:\n    journal: {text}\nlinewrap: 79\n"
        "tagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.2\n",
        encoding="utf-8",
    )
    return config_home


def edit_one_event(data: Path, round_number: int) -> None:
    path = sorted((data / "events").glob("*.yaml"))[round_number * 7919 % 1000]
    text = path.read_text(encoding="utf-8")
    marker = f"edited in round {round_number}"
    lines = [line for line in text.splitlines() if not line.startswith("session:")]
    path.write_text("\n".join([*lines, f'session: "{marker}"']) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-jrnl", action="store_true", help="leave jrnl out (a minute a run at 100k)")
    args = parser.parse_args()
    data = args.data.resolve()
    out = data.parent / f"{data.name}-work"  # the peers' copies of this dataset, and govai's cache
    out.mkdir(exist_ok=True)
    govai = shutil.which("govai") or str(Path(sys.executable).with_name("govai"))
    bin_dir = peers(HERE / "out")
    rows = records(data, out)
    db = sqlite_db(bin_dir, rows, out)
    jrnl_config = journal(rows, out)
    cache = out / "govai-cache"
    env = {**os.environ, "GOVAI_CACHE_DIR": str(cache), "COLUMNS": "100", "NO_COLOR": "1"}
    jrnl_env = {**env, "XDG_CONFIG_HOME": str(jrnl_config)}
    search = [govai, "search", QUERY, "--data", str(data), "--limit", "20"]
    cases: dict[str, tuple[list[str], dict[str, str]]] = {
        "PyYAML CSafeLoader alone, all event files": ([sys.executable, str(HERE / "yaml_baseline.py"), str(data)], env),
        "bare scandir + lstat walk of the tree": ([sys.executable, str(HERE / "walk_baseline.py"), str(data)], env),
        "govai search, first run (no index)": (search, env),
        "govai search, index built (table)": (search, env),
        "govai search, index built (--format json)": ([*search, "--format", "json"], env),
        "govai search, index trusted (GOVAI_TRUST_INDEX=1)": (search, {**env, "GOVAI_TRUST_INDEX": "1"}),
        "govai search, after one event file edited": (search, env),
        "sqlite-utils search --limit 20": (
            [str(bin_dir / "sqlite-utils"), "search", str(db), "records", QUERY, "--limit", "20"],
            env,
        ),
        "jrnl -contains": ([str(bin_dir / "jrnl"), "-contains", QUERY], jrnl_env),
    }
    if args.no_jrnl:
        del cases["jrnl -contains"]
    times: dict[str, list[float]] = {name: [] for name in cases}
    memory: dict[str, list[int]] = {name: [] for name in cases}
    for round_number in range(args.runs):
        for name, (command, case_env) in cases.items():
            if "first run" in name:
                shutil.rmtree(cache, ignore_errors=True)
            if "edited" in name:
                edit_one_event(data, round_number)
            seconds, kib = timed(command, case_env)
            times[name].append(seconds)
            memory[name].append(kib)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"data: {data} ({len(list((data / 'events').iterdir()))} event files); query: {QUERY!r}")
    print(f"median of {args.runs} cold runs each; peak memory is the largest of the runs\n")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:48s} {median:8.3f} s   peak {max(memory[name]) / 1024:7.1f} MiB")
    print()
    yaml_alone = medians["PyYAML CSafeLoader alone, all event files"]
    indexed = medians["govai search, index built (table)"]
    print(f"first run / CSafeLoader alone: {medians['govai search, first run (no index)'] / yaml_alone:.2f}x")
    sqlite_utils = medians["sqlite-utils search --limit 20"]
    trusted = medians["govai search, index trusted (GOVAI_TRUST_INDEX=1)"]
    print(f"indexed search / sqlite-utils search: {indexed / sqlite_utils:.2f}x")
    print(f"indexed search / bare walk: {indexed / medians['bare scandir + lstat walk of the tree']:.2f}x")
    print(f"trusted index search / sqlite-utils search: {trusted / sqlite_utils:.2f}x")
    edited = medians["govai search, after one event file edited"]
    print(f"after one edit / sqlite-utils search: {edited / sqlite_utils:.2f}x")
    if "jrnl -contains" in medians:
        print(f"jrnl -contains / indexed search: {medians['jrnl -contains'] / indexed:.1f}x faster")


if __name__ == "__main__":
    main()
