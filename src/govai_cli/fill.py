"""The cache brought up to date: the rows of each changed data file, prepared, written and checked.

Preparing a file's rows needs no database, so that worker processes can read and prepare
event files in parallel on a first build; the main process writes them in batches.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codec import encode, pack, unpack
from .dataset import FileRecords, read_file
from .dates import date_in_text
from .errors import Problem
from .files import Found
from .model import Actor, Event, Origin, Source, Topic
from .references import Defined, Ref, cross_check
from .search import FTS_AUTOMERGE, FTS_AUTOMERGE_DEFAULT, FTS_INSERT, actor_fact_event, folded_texts, forget_folded
from .store import DEFERRED_INDEXES, INDEX_VERSION, TABLES
from .textnorm import tokens

if TYPE_CHECKING:
    from .cache import Index

# One event's row of the events table (without its rowid) and its folded texts.
EventRow = tuple[tuple[Any, ...], tuple[str, ...]]
# What one file adds to the index: path, ids, refs, notes and named rows (its actors, sources
# and topics, one encoded record each), event rows.
Rows = list[tuple[Any, ...]]
Prepared = tuple[str, Rows, Rows, Rows, Rows, list[EventRow]]

PARALLEL_FROM = 2000  # event files to read before a second process is worth its start-up
WRITE_BATCH = 500  # files whose rows are written together


def event_row(
    path: str, event: Event, blob: bytes, actors: Mapping[str, Actor], topics: Mapping[str, Topic]
) -> EventRow:
    """The columns filters read (dates, kind, forum, actors, countries, topics, symbol) and the texts."""
    actor_ids = event.actor_ids
    countries = {actors[a].country for a in actor_ids if a in actors and actors[a].country}
    row = (
        event.id,
        path,
        "{:04d}-{:02d}-{:02d}".format(*event.date.sort_key()),
        event.date.first_day().isoformat(),
        event.end.last_day().isoformat(),
        event.kind,
        event.body,
        " " + " ".join(actor_ids) + " ",
        " " + " ".join(sorted(c for c in countries if c)) + " ",
        " " + " ".join(event.topics) + " ",
        " ".join(tokens(event.symbol)) if event.symbol else None,
        blob,
    )
    return row, folded_texts(event, actors, topics)


def prepare(path: str, result: FileRecords, actors: Mapping[str, Actor], topics: Mapping[str, Topic]) -> Prepared:
    """Every row one file adds to the index, as plain values (so a worker process can send them)."""
    records = result.records
    ids = [(d.id, d.kind, d.actor_kind, path, d.origin.line) for d in result.defined()]
    refs = [(r.path, r.kind, r.target, r.line, r.where) for r in records.refs]
    notes = [(path, 0, p.line, p.column, p.message) for p in records.problems]
    notes += [(path, 1, p.line, p.column, p.message) for p in records.warnings]
    kinds: tuple[tuple[str, Sequence[Actor | Source | Topic]], ...] = (
        ("actor", records.actors), ("source", records.sources), ("topic", records.topics),
    )  # fmt: skip
    named = [(path, kind, r.id, pack(r)) for kind, found in kinds for r in found]
    events = [event_row(path, e, marshal.dumps(encode(e)), actors, topics) for e in records.events]
    # Each dated fact of an actor is a search row too (search.actor_fact_event).
    for actor in records.actors:
        for fact in actor.facts:
            date = date_in_text(fact.text.en) or date_in_text(fact.text.fr)
            if date is not None:
                event = actor_fact_event(actor, fact, date)
                events.append(event_row(path, event, marshal.dumps(encode(event)), actors, topics))
    return path, ids, refs, notes, named, events


_WORKER: tuple[bool, Mapping[str, Actor], Mapping[str, Topic]] | None = None


def _worker_start(strict: bool, actors: Mapping[str, Actor], topics: Mapping[str, Topic]) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _WORKER = (strict, actors, topics)


def _read_one(
    found: Found, strict: bool, actors: Mapping[str, Actor], topics: Mapping[str, Topic]
) -> tuple[Found, str, Prepared]:
    path, role, *_ = found
    result = read_file(Path(path), role, strict)
    return found, result.sha256, prepare(path, result, actors, topics)


def _worker_read(found: Found) -> tuple[Found, str, Prepared]:
    assert _WORKER is not None
    return _read_one(found, *_WORKER)


def read_events(
    files: list[Found],
    strict: bool,
    actors: Mapping[str, Actor],
    topics: Mapping[str, Topic],
    *,
    parallel: bool | None = None,
) -> Iterator[tuple[Found, str, Prepared]]:
    """Read and prepare data files, in order: each file's scan entry, SHA-256 and rows; in worker
    processes when there are many (``parallel`` None) or when asked (then ``actors`` and
    ``topics`` are dicts: they are sent to each worker). Only rows come back, not the records:
    pickling those cost more than the rows."""
    by_id = actors, topics
    workers = min(os.cpu_count() or 1, 4)
    pool = None
    if (len(files) >= PARALLEL_FROM if parallel is None else parallel and len(files) > 1) and workers >= 2:
        import multiprocessing  # heavy, and needed only by a first build of many files

        with contextlib.suppress(OSError, ImportError):  # no processes here (a sandbox, no /dev/shm)
            pool = multiprocessing.Pool(workers, _worker_start, (strict, *by_id))
    if pool is None:
        for found in files:
            yield _read_one(found, strict, *by_id)
        return
    with pool:  # chunks of 64 files, fewer when there are few: every worker gets some
        yield from pool.imap(_worker_read, files, chunksize=max(1, min(64, len(files) // (4 * workers))))


def write(db: sqlite3.Connection, batch: Sequence[Prepared], next_rowid: int | None = None) -> int:
    """Store the prepared rows of some files; return the next free event rowid.

    One ``executemany`` per table for the whole batch: per call, the sqlite3 module's own
    overhead is worth more than a row.
    """
    if next_rowid is None:
        next_rowid = (db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0) + 1
    ids, refs, notes, named, events, texts = [], [], [], [], [], []
    for _, file_ids, file_refs, file_notes, file_named, file_events in batch:
        ids += file_ids
        refs += file_refs
        notes += file_notes
        named += file_named
        for row, searched in file_events:
            events.append((next_rowid, *row))
            texts.append((next_rowid, *searched))
            next_rowid += 1
    db.executemany("INSERT INTO ids(id, kind, actor_kind, path, line) VALUES (?, ?, ?, ?, ?)", ids)
    db.executemany("INSERT INTO refs(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", refs)
    db.executemany("INSERT INTO notes(path, warning, line, col, message) VALUES (?, ?, ?, ?, ?)", notes)
    db.executemany("INSERT INTO named(path, kind, id, record) VALUES (?, ?, ?, ?)", named)
    db.executemany(
        "INSERT INTO events(rowid, id, path, sort_key, first_day, last_day, kind, body, actors, countries, "
        "topics, symbol_key, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    db.executemany(FTS_INSERT, texts)
    return next_rowid


def forget(db: sqlite3.Connection, path: str, *, keep_file: bool = False) -> list[str]:
    """Delete the rows of ``path``; return the ids it defined."""
    lost = [i for (i,) in db.execute("SELECT id FROM ids WHERE path = ?", (path,))]
    tables = ("named", "ids", "refs", "notes") if keep_file else ("files", "named", "ids", "refs", "notes")
    for table in tables:
        db.execute(f"DELETE FROM {table} WHERE path = ?", (path,))
    rowids = [(r[0],) for r in db.execute("SELECT rowid FROM events WHERE path = ?", (path,))]
    db.executemany("DELETE FROM events_fts WHERE rowid = ?", rowids)
    db.execute("DELETE FROM events WHERE path = ?", (path,))
    return lost


def reindex_events(db: sqlite3.Connection, actors: dict[str, Actor], topics: dict[str, Topic]) -> None:
    """Rebuild every event's row and searched text from the stored records (no YAML read)."""
    rows = db.execute("SELECT path, record FROM events ORDER BY rowid").fetchall()
    db.execute("DELETE FROM events")
    db.execute("DELETE FROM events_fts")
    write(db, [(path, [], [], [], [], [event_row(path, unpack(blob), blob, actors, topics)]) for path, blob in rows])


def dangling(db: sqlite3.Connection, touched: set[str] | None, lost: set[str]) -> list[tuple[Any, ...]]:
    """The references whose target is not defined, kept in a table between updates.

    After a full build (``touched`` None) every reference is checked; after an update only
    those that can have changed: the references of the files re-read, those to ids that these
    files defined before, and those that were dangling already.
    """
    if touched is None:
        candidates = "SELECT path, kind, target, line, place FROM refs"
    else:
        for table, column, values in (("touched", "path", touched), ("lost", "id", lost)):
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table}({column} TEXT PRIMARY KEY)")
            db.execute(f"DELETE FROM {table}")
            db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", [(v,) for v in values])
        candidates = (
            "SELECT path, kind, target, line, place FROM dangling WHERE path NOT IN (SELECT path FROM touched) "
            "UNION SELECT path, kind, target, line, place FROM refs WHERE path IN (SELECT path FROM touched) "
            "UNION SELECT path, kind, target, line, place FROM refs WHERE target IN (SELECT id FROM lost)"
        )
    rows = db.execute(
        f"SELECT r.path, r.kind, r.target, r.line, r.place FROM ({candidates}) r WHERE NOT EXISTS ("
        "SELECT 1 FROM ids i WHERE i.id = r.target AND (i.kind = r.kind OR i.kind = '?' OR (r.kind = "
        "'organization' AND i.kind = 'actor' AND i.actor_kind = 'organization')))"
    ).fetchall()
    db.execute("DELETE FROM dangling")
    db.executemany("INSERT INTO dangling(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", rows)
    return sorted(rows)


def update(index: Index, changed: list[Found], removed: dict[str, str], walk: bytes, *, rebuild: bool) -> None:
    """Bring ``index``'s rows up to date with the files (in the caller's transaction), then check them.

    ``changed``: the files new or changed since the last update (every file for a ``rebuild``).
    """
    try:
        run = _Update(index, rebuild=rebuild)
        run.run(changed, removed)
        _check_all(index, walk, None if rebuild else run.touched, run.lost)
    finally:
        forget_folded()


class _Update:
    """One refresh of the index's rows: the files that changed are read again, the others kept."""

    def __init__(self, index: Index, *, rebuild: bool) -> None:
        self.index = index
        self.db = index.db
        self.rebuild = rebuild
        self.touched: set[str] = set()  # the files whose rows were replaced
        self.lost: set[str] = set()  # the ids they defined before
        self.names: tuple[dict[str, Actor], dict[str, Topic]] | None = None  # read once the files are stored

    def run(self, changed: list[Found], removed: dict[str, str]) -> None:
        if self.rebuild:
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table}")
            for name in DEFERRED_INDEXES:  # made again once the rows are in (in this transaction)
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
            self.db.execute(FTS_AUTOMERGE, (0,))  # the full-text segments merged by later writes, not at each flush
        for path in removed:
            self._forget(path, keep_file=False)
        # Actors, sources and topics first: every event's searched text includes their names.
        event_files = [found for found in changed if found[1] == "events"]
        aux_changed = self.rebuild or any(role != "events" for role in removed.values())
        # Read without names (in worker processes when many event files follow): these files'
        # search rows (their actors' dated facts) are made again by reindex_events below, once
        # every actor and topic is stored (decoding them all after each file cost a second a
        # file at 10k events).
        aux_files = [found for found in changed if found[1] != "events"]
        parallel = len(event_files) >= PARALLEL_FROM
        for found, sha256, prepared in read_events(aux_files, self.index.strict, {}, {}, parallel=parallel):
            if self._record_file(found, sha256):
                self._forget(found[0])
                write(self.db, [prepared])
                self.index.forget_aux()
                self.names = None
                aux_changed = True
        if aux_changed and event_files:
            reindex_events(self.db, *self._names())  # before the event files, so they are indexed once
            aux_changed = False
        self._events(event_files)
        if aux_changed:
            reindex_events(self.db, *self._names())
        if self.rebuild:
            for statement in DEFERRED_INDEXES.values():
                self.db.execute(statement)
            self.db.execute(FTS_AUTOMERGE, (FTS_AUTOMERGE_DEFAULT,))

    def _events(self, files: list[Found]) -> None:
        actors: Mapping[str, Actor]
        topics: Mapping[str, Topic]
        if self.rebuild or len(files) >= PARALLEL_FROM:
            actors, topics = self._names()
        else:  # a few files: the names of their actors and topics, read by id
            actors, topics = self.index.named("actor"), self.index.named("topic")
        next_rowid: int | None = None  # the first write finds it
        batch: list[Prepared] = []
        for found, sha256, prepared in read_events(files, self.index.strict, actors, topics):
            if self._record_file(found, sha256):
                if not self.rebuild:  # (a rebuild starts from empty tables)
                    self._forget(found[0])
                batch.append(prepared)
            if len(batch) >= WRITE_BATCH:
                next_rowid = write(self.db, batch, next_rowid)
                batch.clear()
        write(self.db, batch, next_rowid)

    def _names(self) -> tuple[dict[str, Actor], dict[str, Topic]]:
        """Every actor and topic by id (the last one in path order): what event rows need. The
        sources are left undecoded (at 10k events of the issue's shape, three quarters of the rows)."""
        if self.names is None:
            found: dict[str, dict[str, Any]] = {"actor": {}, "topic": {}}
            names = "SELECT kind, id, record FROM named WHERE kind IN ('actor', 'topic') ORDER BY path, rowid"
            rows = self.db.execute(names)
            for kind, record_id, blob in rows:
                found[kind][record_id] = unpack(blob)
            self.names = found["actor"], found["topic"]
        return self.names

    def _forget(self, path: str, *, keep_file: bool = True) -> None:
        self.touched.add(path)
        self.lost.update(forget(self.db, path, keep_file=keep_file))

    def _record_file(self, found: Found, sha256: str) -> bool:
        """Note the file's new size, times and hash; True if its records must be re-stored."""
        before = None
        if not self.rebuild:
            row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (found[0],)).fetchone()
            before = row[0] if row else None
        self.db.execute(
            "INSERT OR REPLACE INTO files(path, role, size, mtime_ns, ctime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?)",
            (*found, sha256),
        )
        # A file touched, not changed (same bytes): only its size and times were new.
        return self.rebuild or not sha256 or before != sha256


def _may_be_duplicated(touched: set[str] | None) -> str:
    """The ids that can be duplicated after an update, as a WHERE clause: those the files re-read
    define, those they defined before (``dangling`` filled the temporary tables ``touched``
    and ``lost``) and those duplicated already; after a full build, every id."""
    if touched is None:
        return ""
    return (
        "WHERE id IN (SELECT i.id FROM ids i WHERE i.path IN (SELECT path FROM touched) "
        "UNION SELECT id FROM lost UNION SELECT id FROM duplicated)"
    )


def _check_all(index: Index, walk: bytes, touched: set[str] | None, lost: set[str]) -> None:
    """Every problem of the data, across files, from the tables (no record decoded).

    ``touched``: the files whose rows were replaced (None after a full build); ``lost``:
    the ids they defined before.
    """
    db = index.db
    walk_problems, walk_warnings = unpack(walk)
    problems: list[Problem] = list(walk_problems)
    warnings: list[Problem] = list(walk_warnings)
    for path, warning, line, col, message in db.execute("SELECT path, warning, line, col, message FROM notes"):
        (warnings if warning else problems).append(Problem(path, line, message, col))
    # SQL picks the rows that can be wrong; references.cross_check says what is wrong with them.
    ids = "SELECT kind, id, actor_kind, path, line FROM ids"
    unknown = dangling(db, touched, lost)
    if not unknown:  # only duplicates can remain: give the check just the duplicated ids
        ids += f" WHERE id IN (SELECT id FROM ids {_may_be_duplicated(touched)} GROUP BY id HAVING count(*) > 1)"
    every = [Defined(k, i, a, Origin(p, n)) for k, i, a, p, n in db.execute(ids + " ORDER BY path, line, id")]
    refs = [Ref(kind, target, path, line, place) for path, kind, target, line, place in unknown]
    problems += cross_check(every, refs)
    counts = Counter(defined.id for defined in every)
    db.execute("DELETE FROM duplicated")
    db.executemany("INSERT INTO duplicated(id) VALUES (?)", [(i,) for i, count in counts.items() if count > 1])
    index.set_meta("problems", pack(sorted(problems, key=Problem.sort_key)))
    index.set_meta("warnings", pack(sorted(warnings, key=Problem.sort_key)))
    index.set_meta("content_hash", None)  # computed when first needed (``Index.content_hash``)
    index.set_meta("version", INDEX_VERSION)
