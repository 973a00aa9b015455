"""What each stage of a first run (no index) costs, in one process (issue 18).

Usage:
    python bench/generate.py 10000 DATA --shape issue
    python bench/build_stages.py DATA [--profile 25]

Needs only govai installed (``pip install .``; PyYAML comes with it). Four parts:

1. the whole first build as ``govai search`` runs it (worker processes when there are many
   files), then the same build in this one process (no pool): wall and CPU seconds;
2. each stage alone over every event file, one stage after the other, as a worker does it:
   reading the bytes, hashing, decoding, govai's YAML walk (``yamlread.parse_yaml``: libyaml's
   event stream walked in Python to keep every line number) beside PyYAML's ``CSafeLoader``
   building plain objects from the same text and beside libyaml's event stream alone, the
   schema check, the searched texts' folding, the record's encoding, the rest of the rows,
   and pickling what a worker sends back;
3. what the main process does: reading the actor, source and topic files and decoding them,
   the SQLite inserts table by table, the FTS5 inserts, the checks across files
   (dangling references, duplicate ids) and the commit, into a fresh file;
4. with ``--profile N``: the in-process build under cProfile, its N costliest functions.

Each stage runs over all files with its inputs made by the stage before, so a stage's time
is its own. The times of part 2 are one core's; a first run spreads them over the workers.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import os
import pickle
import pstats
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from govai_cli import cache, fill
from govai_cli.codec import pack
from govai_cli.dataset import FileRecords, _Reader, _Records, read_file
from govai_cli.files import scan
from govai_cli.model import Origin
from govai_cli.references import Defined, Ref, cross_check
from govai_cli.search import FTS_INSERT, own_folded
from govai_cli.store import SCHEMA
from govai_cli.yamlread import Seq, decode, parse_yaml

Row = tuple[str, float, float]


@contextlib.contextmanager
def timed(rows: list[Row], name: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    rows.append((name, time.perf_counter() - wall, time.process_time() - cpu))


def children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def whole_build(data: Path, *, pool: bool) -> Row:
    """One first build through ``cache.open_index``, into a fresh cache folder."""
    saved = fill.PARALLEL_FROM
    if not pool:
        fill.PARALLEL_FROM = sys.maxsize
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GOVAI_CACHE_DIR"] = folder
        wall, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
        try:
            cache.open_index([data], strict=False).db.close()
        finally:
            fill.PARALLEL_FROM = saved
        cpu = time.process_time() - cpu + children_cpu() - children
    label = "with worker processes" if pool else "one process, no pool"
    return f"whole first build, {label}", time.perf_counter() - wall, cpu


def worker_stages(events: list[str]) -> tuple[list[Row], list[Any]]:
    """Each file through every stage in turn (as a worker reads it, nothing kept but its rows);
    the wall and CPU time of each stage summed over the files."""
    names = (
        "read the file's bytes", "SHA-256 of the bytes", "decode UTF-8",
        "libyaml's event stream alone (floor of the walk)", "PyYAML CSafeLoader, plain objects (baseline)",
        "govai's YAML walk (parse_yaml)", "schema check → records", "own texts folded (search.own_folded)",
        "record encoded (codec.pack)", "all rows of a file (fill.prepare)",
        "the whole worker step (fill._read_one)", "pickled for the main process", "unpickled in the main process",
    )  # fmt: skip
    wall = dict.fromkeys(names, 0.0)
    cpu = dict.fromkeys(names, 0.0)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    prepared: list[Any] = []
    sent_bytes = 0

    def run(name: str, work: Callable[..., Any], *args: Any) -> Any:
        start, start_cpu = time.perf_counter(), time.process_time()
        value = work(*args)
        wall[name] += time.perf_counter() - start
        cpu[name] += time.process_time() - start_cpu
        return value

    def check(node: Any, path: str) -> FileRecords:
        records = _Records()
        reader = _Reader(path, records, False)
        for item in node.items if isinstance(node, Seq) else [node]:
            reader.event(item)
        return FileRecords(path, "", records)

    for path in events:
        raw = run(names[0], Path.read_bytes, Path(path))
        run(names[1], lambda b: hashlib.sha256(b).hexdigest(), raw)
        text = run(names[2], decode, raw, path)
        run(names[3], lambda t: sum(1 for _ in yaml.parse(t, loader)), text)
        run(names[4], yaml.load, text, loader)
        node = run(names[5], parse_yaml, text, path)
        result = run(names[6], check, node, path)
        for event in result.records.events:
            run(names[7], own_folded, event)
            run(names[8], pack, event)
        prepared.append(run(names[9], fill.prepare, path, result))
        sent = run(names[10], fill._read_one, (path, "events", 0, 0, 0), False)
        blob = run(names[11], pickle.dumps, sent)
        run(names[12], pickle.loads, blob)
        sent_bytes += len(blob)
    rows = [(name, wall[name], cpu[name]) for name in names]
    rows.append((f"  (bytes sent back: {sent_bytes / len(events):,.0f} a file, {sent_bytes / 2**20:,.1f} MiB)", 0, 0))
    return rows, prepared


def main_stages(data: Path, files: list[Any], prepared: list[Any]) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(str(Path(folder) / "index.sqlite"), isolation_level=None)
        db.executescript(SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        aux = [f for f in files if f[1] != "events"]
        with timed(rows, "main: read actor, source, topic files"):
            read = [read_file(Path(f[0]), f[1], False) for f in aux]
        with timed(rows, "main: store them (fill.prepare + write)"):
            fill.write(db, [fill.prepare(r.path, r) for r in read], {}, {})
        with timed(rows, "main: actors and topics decoded back by id"):
            actors, topics = fill._Update(cache.Index(db, [data], False), rebuild=True)._names()
        batch = fill.WRITE_BATCH
        tables = {
            "ids": ("INSERT INTO ids(id, kind, actor_kind, path, line) VALUES (?, ?, ?, ?, ?)", 1),
            "refs": ("INSERT INTO refs(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", 2),
            "notes": ("INSERT INTO notes(path, warning, line, col, message) VALUES (?, ?, ?, ?, ?)", 3),
            "named": ("INSERT INTO named(path, kind, id, record) VALUES (?, ?, ?, ?)", 4),
        }
        next_rowid = 1 + (db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0)
        for table, (sql, column) in tables.items():
            with timed(rows, f"main: INSERT INTO {table}"):
                for start in range(0, len(prepared), batch):
                    db.executemany(sql, [r for p in prepared[start : start + batch] for r in p[column]])
        with timed(rows, "main: rows completed with names (fill.complete)"):
            completed = [fill.complete(row, actors, topics) for p in prepared for row in p[5]]
        events = [row for row, _ in completed]
        texts = [texts for _, texts in completed]
        numbered = range(next_rowid, next_rowid + len(events))
        events_sql = (
            "INSERT INTO events(rowid, id, path, sort_key, first_day, last_day, kind, body, actors, topics, "
            "symbol_key, record, countries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        with timed(rows, "main: INSERT INTO events"):
            numbered_rows = [(n, *r) for n, r in zip(numbered, events, strict=True)]
            for start in range(0, len(events), batch):
                db.executemany(events_sql, numbered_rows[start : start + batch])
        with timed(rows, "main: INSERT INTO events_fts"):
            numbered_texts = [(n, *t) for n, t in zip(numbered, texts, strict=True)]
            for start in range(0, len(texts), batch):
                db.executemany(FTS_INSERT, numbered_texts[start : start + batch])
        with timed(rows, "main: dangling references (fill.dangling)"):
            unknown = fill.dangling(db, None, set())
        with timed(rows, "main: duplicate ids and cross_check"):
            ids = "SELECT kind, id, actor_kind, path, line FROM ids"
            if not unknown:
                ids += " WHERE id IN (SELECT id FROM ids GROUP BY id HAVING count(*) > 1)"
            every = [Defined(k, i, a, Origin(p, n)) for k, i, a, p, n in db.execute(ids + " ORDER BY path, line, id")]
            cross_check(every, [Ref(k, t, p, n, w) for p, k, t, n, w in unknown])
        with timed(rows, "main: COMMIT"):
            db.execute("COMMIT")
        db.close()
    return rows


def report(title: str, rows: list[Row], total: float | None = None) -> None:
    print(f"\n{title}")
    print(f"{'stage':<56} {'wall s':>8} {'CPU s':>8} {'share':>6}")
    whole = total if total is not None else sum(r[1] for r in rows)
    for name, wall, cpu in rows:
        if not wall and not cpu:
            print(name)
            continue
        print(f"{name:<56} {wall:8.2f} {cpu:8.2f} {wall / whole:6.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile the build: top N functions")
    parser.add_argument("--no-whole", action="store_true", help="skip part 1 (the two whole builds)")
    args = parser.parse_args()
    data = args.data.resolve()
    files, _, _ = scan([data])
    events = [f[0] for f in files if f[1] == "events"]
    print(f"{data}: {len(events):,} event files, {len(files) - len(events)} other; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    if not args.no_whole:
        report("1. whole first build", [whole_build(data, pool=True), whole_build(data, pool=False)])
    rows, prepared = worker_stages(events)
    report("2. per event file, one core (what a worker does)", rows)
    report("3. main process", main_stages(data, files, prepared))
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        whole_build(data, pool=False)
        profiler.disable()
        print(f"\n4. cProfile of the build in one process (its overhead inflates many small calls), top {args.profile}")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
