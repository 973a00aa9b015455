"""The cache brought up to date: the rows of each changed data file, prepared, written and checked.

Preparing a file's rows needs no database, so that worker processes can read and prepare
event files in parallel on a first build; the main process writes them in batches.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codec import NAMED, NOTES, pack, unpack
from .dataset import FileRecords, read_file
from .dates import date_in_text
from .errors import Problem
from .files import Found
from .model import Actor, Event, Origin, Source, Topic
from .references import Defined, Ref, cross_check
from .search import (
    FTS_BUILDING,
    FTS_DEFAULTS,
    FTS_INSERT,
    FTS_SETTING,
    actor_fact_event,
    forget_folded,
    own_folded,
    with_names,
)
from .store import DEFERRED_INDEXES, INDEX_VERSION, TABLES
from .textnorm import tokens

if TYPE_CHECKING:
    from .cache import Index

# One event's row as a file's reading prepares it: the columns of the events table (but
# ``countries``) and the folded texts that need no other file, then its actors and topics,
# whose records other files hold (``complete`` adds their countries and names).
OpenRow = tuple[tuple[Any, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
# What one file adds to the index: path, ids, refs, notes and named rows (its actors, sources
# and topics, one encoded record each), event rows.
Rows = list[tuple[Any, ...]]
Prepared = tuple[str, Rows, Rows, Rows, Rows, list[OpenRow]]
# An event's complete row (without its rowid) and its folded texts, as ``write`` stores them.
EventRow = tuple[tuple[Any, ...], tuple[str, ...]]

PARALLEL_FROM = 2000  # event files to read before a second process is worth its start-up
WRITE_BATCH = 500  # files whose rows are written together
WORKERS = min(os.cpu_count() or 1, 4)  # processes reading files on a first build


def open_row(path: str, event: Event, blob: bytes) -> OpenRow:
    """The columns filters read (dates, kind, forum, actors, topics, symbol), the record and the
    event's own texts; ``complete`` adds what its actors and topics give."""
    row = (
        event.id,
        path,
        "{:04d}-{:02d}-{:02d}".format(*event.date.sort_key()),
        event.date.first_day().isoformat(),
        event.end.last_day().isoformat(),
        event.kind,
        event.body,
        " " + " ".join(event.actor_ids) + " ",
        " " + " ".join(event.topics) + " ",
        " ".join(tokens(event.symbol)) if event.symbol else None,
        blob,
    )
    return row, own_folded(event), event.actor_ids, event.topics


def complete(row: OpenRow, actors: Mapping[str, Actor], topics: Mapping[str, Topic]) -> EventRow:
    """An event's row with its actors' countries (the ``countries`` column, last) and the
    searched texts with its actors' and topics' names."""
    columns, own, actor_ids, topic_ids = row
    countries = {country for a in actor_ids if a in actors if (country := actors[a].country)}
    return (*columns, " " + " ".join(sorted(countries)) + " "), with_names(own, actor_ids, topic_ids, actors, topics)


def prepare(path: str, result: FileRecords) -> Prepared:
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
    events = [open_row(path, e, pack(e)) for e in records.events]
    # Each dated fact of an actor is a search row too (search.actor_fact_event).
    for actor in records.actors:
        for fact in actor.facts:
            date = date_in_text(fact.text.en) or date_in_text(fact.text.fr)
            if date is not None:
                event = actor_fact_event(actor, fact, date)
                events.append(open_row(path, event, pack(event)))
    return path, ids, refs, notes, named, events


_STRICT = False  # a worker process's reading mode, set when it starts


def _worker_start(strict: bool) -> None:
    global _STRICT
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _STRICT = strict


def _read_one(found: Found, strict: bool) -> tuple[Found, str, Prepared]:
    path, role, *_ = found
    result = read_file(Path(path), role, strict)
    return found, result.sha256, prepare(path, result)


def _worker_read(files: list[Found]) -> list[tuple[Found, str, Prepared]]:
    return [_read_one(found, _STRICT) for found in files]


def read_files(files: list[Found], strict: bool, *, parallel: bool) -> Iterator[tuple[Found, str, Prepared]]:
    """Read and prepare data files, in order: each file's scan entry, SHA-256 and rows; in
    worker processes when asked (``parallel``) and there is more than one core. Only rows come
    back, not the records: pickling those cost more than the rows. No file needs another's
    records to be read, so the workers read event files while the main process still stores
    the actors before them."""
    pool = None
    if parallel and len(files) > 1 and WORKERS >= 2:
        import multiprocessing  # heavy, and needed only by a first build of many files

        with contextlib.suppress(OSError, ImportError):  # no processes here (a sandbox, no /dev/shm)
            pool = multiprocessing.Pool(WORKERS, _worker_start, (strict,))
    if pool is None:
        for found in files:
            yield _read_one(found, strict)
        return
    with pool:
        for chunk in pool.imap(_worker_read, _chunks(files, WORKERS)):
            yield from chunk


def _chunks(files: list[Found], workers: int) -> Iterator[list[Found]]:
    """The workers' tasks: each actor, source or topic file alone (one holds thousands of
    records, and each is needed before the events), then event files by 64, fewer when there
    are few, so that every worker gets some."""
    size = max(1, min(64, len(files) // (4 * workers)))
    start = 0
    while start < len(files) and files[start][1] != "events":
        yield [files[start]]
        start += 1
    for first in range(start, len(files), size):
        yield files[first : first + size]


def write(
    db: sqlite3.Connection,
    batch: Sequence[Prepared],
    actors: Mapping[str, Actor],
    topics: Mapping[str, Topic],
    next_rowid: int | None = None,
) -> int:
    """Store the prepared rows of some files, their events completed with ``actors`` and
    ``topics`` (``complete``); return the next free event rowid.

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
        for open_event in file_events:
            row, searched = complete(open_event, actors, topics)
            events.append((next_rowid, *row))
            texts.append((next_rowid, *searched))
            next_rowid += 1
    db.executemany("INSERT INTO ids(id, kind, actor_kind, path, line) VALUES (?, ?, ?, ?, ?)", ids)
    db.executemany("INSERT INTO refs(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", refs)
    db.executemany("INSERT INTO notes(path, warning, line, col, message) VALUES (?, ?, ?, ?, ?)", notes)
    db.executemany("INSERT INTO named(path, kind, id, record) VALUES (?, ?, ?, ?)", named)
    db.executemany(
        "INSERT INTO events(rowid, id, path, sort_key, first_day, last_day, kind, body, actors, topics, "
        "symbol_key, record, countries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    batch: list[Prepared] = [(path, [], [], [], [], [open_row(path, unpack(blob, Event), blob)]) for path, blob in rows]
    write(db, batch, actors, topics)


# A reference resolves when its target is defined with its kind, or with an unknown kind ('?':
# an id of a file that cannot be read), or, for an organization, as an actor of that kind.
_UNRESOLVED = (
    "NOT EXISTS (SELECT 1 FROM ids i WHERE i.id = r.target AND (i.kind = r.kind OR i.kind = '?' OR (r.kind = "
    "'organization' AND i.kind = 'actor' AND i.actor_kind = 'organization')))"
)
_REF = "r.path, r.kind, r.target, r.line, r.place"


def dangling(db: sqlite3.Connection, touched: set[str] | None, lost: set[str]) -> list[tuple[Any, ...]]:
    """The references whose target is not defined, kept in a table between updates.

    After a full build (``touched`` None) every reference is checked, by what it refers to:
    each distinct ``(target, kind)`` once (read from the index ``refs_target`` alone; at 100k
    events, 130k pairs for 1.1M references: 0.5 s, not 2 s), then the references of the pairs
    left. After an update only those that can have changed: the references of the files
    re-read, those to ids that these files defined before, and those that were dangling already.
    """
    if touched is None:
        missing = f"SELECT target, kind FROM (SELECT DISTINCT target, kind FROM refs) r WHERE {_UNRESOLVED}"
        query = f"SELECT {_REF} FROM refs r JOIN ({missing}) m ON r.target = m.target AND r.kind = m.kind"
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
        query = f"SELECT {_REF} FROM ({candidates}) r WHERE {_UNRESOLVED}"
    rows = db.execute(query).fetchall()
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


_FILE_ROW = "INSERT OR REPLACE INTO files(path, role, size, mtime_ns, ctime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?)"


class _Update:
    """One refresh of the index's rows: the files that changed are read again, the others kept."""

    def __init__(self, index: Index, *, rebuild: bool) -> None:
        self.index = index
        self.db = index.db
        self.rebuild = rebuild
        self.touched: set[str] = set()  # the files whose rows were replaced
        self.lost: set[str] = set()  # the ids they defined before
        self.files: list[tuple[Any, ...]] = []  # a rebuild's rows of the files table, written with their batch
        self.names: tuple[dict[str, Actor], dict[str, Topic]] | None = None  # read once the files are stored

    def run(self, changed: list[Found], removed: dict[str, str]) -> None:
        if self.rebuild:
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table}")
            for name in DEFERRED_INDEXES:  # made again once the rows are in (in this transaction)
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
            self.db.executemany(FTS_SETTING, FTS_BUILDING.items())  # segments merged once, not at each flush
        for path in removed:
            self._forget(path, keep_file=False)
        # Actors, sources and topics first, in the same stream as the event files (in worker
        # processes when many event files follow: the workers read events while these are
        # stored). Every event's searched text includes their names: the events are completed
        # once they are all stored. These files' own search rows (their actors' dated facts)
        # are made again by reindex_events below, with every actor and topic (decoding them
        # all after each file cost a second a file at 10k events).
        event_files = [found for found in changed if found[1] == "events"]
        aux_files = [found for found in changed if found[1] != "events"]
        aux_changed = self.rebuild or any(role != "events" for role in removed.values())
        reading = read_files(aux_files + event_files, self.index.strict, parallel=len(event_files) >= PARALLEL_FROM)
        for found, sha256, prepared in itertools.islice(reading, len(aux_files)):
            if self._record_file(found, sha256):
                self._forget(found[0])
                self._write([prepared], {}, {})
                self.index.forget_aux()
                self.names = None
                aux_changed = True
        if aux_changed and event_files:
            reindex_events(self.db, *self._names())  # before the event files, so they are indexed once
            aux_changed = False
        self._events(reading, len(event_files))
        if aux_changed:
            reindex_events(self.db, *self._names())
        if self.rebuild:
            # Each index is a sort: SQLite's sorter may use the other cores (1.7 s, not 2.2 s, at 100k).
            self.db.execute(f"PRAGMA threads = {WORKERS - 1}")
            for statement in DEFERRED_INDEXES.values():
                self.db.execute(statement)
            self.db.executemany(FTS_SETTING, FTS_DEFAULTS.items())

    def _events(self, reading: Iterator[tuple[Found, str, Prepared]], count: int) -> None:
        actors: Mapping[str, Actor]
        topics: Mapping[str, Topic]
        if self.rebuild or count >= PARALLEL_FROM:
            actors, topics = self._names()
        else:  # a few files: the names of their actors and topics, read by id
            actors, topics = self.index.named("actor"), self.index.named("topic")
        next_rowid: int | None = None  # the first write finds it
        batch: list[Prepared] = []
        for found, sha256, prepared in reading:
            if self._record_file(found, sha256):
                if not self.rebuild:  # (a rebuild starts from empty tables)
                    self._forget(found[0])
                batch.append(prepared)
            if len(batch) >= WRITE_BATCH:
                next_rowid = self._write(batch, actors, topics, next_rowid)
                batch.clear()
        self._write(batch, actors, topics, next_rowid)

    def _write(
        self,
        batch: list[Prepared],
        actors: Mapping[str, Actor],
        topics: Mapping[str, Topic],
        next_rowid: int | None = None,
    ) -> int:
        if self.files:
            self.db.executemany(_FILE_ROW, self.files)
            self.files.clear()
        return write(self.db, batch, actors, topics, next_rowid)

    def _names(self) -> tuple[dict[str, Actor], dict[str, Topic]]:
        """Every actor and topic by id (the last one in path order): what event rows need. The
        sources are left undecoded (at 10k events of the issue's shape, three quarters of the rows)."""
        if self.names is None:
            found: dict[str, dict[str, Any]] = {"actor": {}, "topic": {}}
            names = "SELECT kind, id, record FROM named WHERE kind IN ('actor', 'topic') ORDER BY path, rowid"
            rows = self.db.execute(names)
            for kind, record_id, blob in rows:
                found[kind][record_id] = unpack(blob, NAMED[kind])
            self.names = found["actor"], found["topic"]
        return self.names

    def _forget(self, path: str, *, keep_file: bool = True) -> None:
        self.touched.add(path)
        self.lost.update(forget(self.db, path, keep_file=keep_file))

    def _record_file(self, found: Found, sha256: str) -> bool:
        """Note the file's new size, times and hash; True if its records must be re-stored."""
        if self.rebuild:  # (written with its batch: one statement for many files)
            self.files.append((*found, sha256))
            return True
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (found[0],)).fetchone()
        self.db.execute(_FILE_ROW, (*found, sha256))
        # A file touched, not changed (same bytes): only its size and times were new.
        return not sha256 or (row[0] if row else None) != sha256


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
    walk_problems, walk_warnings = unpack(walk, NOTES)
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
