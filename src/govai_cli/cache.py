"""The cache: the validated records in SQLite, kept fresh file by file (the reading half).

One index file per dataset (per set of data paths) in the user cache directory
(``GOVAI_CACHE_DIR`` overrides). It remembers, for each data file, its size, mtime, ctime
and the SHA-256 of its bytes, and the records read from it; a run re-reads only the files
whose size, mtime or ctime changed (and whose bytes really did), were added or were removed.
Problems are found by ``dataset`` (per file, then across files); the cache stores them.

A missing, corrupt, locked or read-only cache is never an error: the index is then built in
memory for this run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from . import __version__, fill
from .codec import pack, unpack
from .dataset import Defined, FileRecords, Ref, cross_check, read_file
from .errors import DataError, Problem
from .files import Found, Loaded, content_hash, data_roots, scan
from .model import Actor, Dataset, Event, Origin, Source, Topic
from .search import FTS_TABLE, forget_folded

SCHEMA_VERSION = 7  # bump whenever the tables or the record encoding change
LOCK_WAIT_SECONDS = 2.0


def cache_dir() -> Path:
    configured = os.environ.get("GOVAI_CACHE_DIR")
    return Path(configured) if configured else Path(user_cache_dir("govai"))


def index_path(roots: Sequence[Path], strict: bool) -> Path:
    key = "\0".join([__version__, str(SCHEMA_VERSION), str(strict), *(str(r.resolve()) for r in roots)])
    return cache_dir() / f"index-{hashlib.sha256(key.encode()).hexdigest()[:20]}.sqlite"


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, role TEXT, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, sha256 TEXT);
CREATE TABLE IF NOT EXISTS aux(path TEXT PRIMARY KEY, records BLOB);
CREATE TABLE IF NOT EXISTS ids(id TEXT, kind TEXT, actor_kind TEXT, path TEXT, line INTEGER);
CREATE INDEX IF NOT EXISTS ids_id ON ids(id);
CREATE INDEX IF NOT EXISTS ids_path ON ids(path);
CREATE TABLE IF NOT EXISTS refs(path TEXT, kind TEXT, target TEXT, line INTEGER, place TEXT);
CREATE INDEX IF NOT EXISTS refs_path ON refs(path);
CREATE INDEX IF NOT EXISTS refs_target ON refs(target);
CREATE TABLE IF NOT EXISTS dangling(path TEXT, kind TEXT, target TEXT, line INTEGER, place TEXT);
CREATE TABLE IF NOT EXISTS notes(path TEXT, warning INTEGER, line INTEGER, col INTEGER, message TEXT);
CREATE INDEX IF NOT EXISTS notes_path ON notes(path);
CREATE TABLE IF NOT EXISTS events(
    rowid INTEGER PRIMARY KEY, id TEXT, path TEXT, sort_key TEXT, first_day TEXT, last_day TEXT,
    kind TEXT, body TEXT, actors TEXT, countries TEXT, topics TEXT, symbol_key TEXT, record BLOB);
CREATE INDEX IF NOT EXISTS events_path ON events(path);
CREATE INDEX IF NOT EXISTS events_symbol ON events(symbol_key) WHERE symbol_key IS NOT NULL;
{FTS_TABLE};
"""
_TABLES = ("meta", "files", "aux", "ids", "refs", "dangling", "notes", "events", "events_fts")


def _connect(path: Path | None) -> sqlite3.Connection:
    # A second govai updating the same index waits at most this long, then builds in memory.
    connection = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None
    )
    connection.executescript(_SCHEMA)
    return connection


class Index:
    """A fresh index over the data in ``roots`` (``open_index`` builds it).

    Tables: ``files`` (path, role, size, mtime, ctime, SHA-256: all a freshness check reads); ``aux``
    (the records of actors, sources and topics files); ``ids``, ``refs`` and ``notes`` (what
    the cross-file check needs, so it runs in SQL); ``events`` (one row and one encoded record
    per event, with the columns filters use) and ``events_fts`` (``search``'s folded texts).
    """

    def __init__(self, connection: sqlite3.Connection, roots: Sequence[Path], strict: bool) -> None:
        self.db = connection
        self.roots = list(roots)
        self.strict = strict
        self.warnings: tuple[Problem, ...] = ()
        self.content_hash = ""
        self._aux: tuple[list[Actor], list[Source], list[Topic]] | None = None

    def refresh(self) -> None:
        """Bring the index up to date with the files; raise DataError if the data is invalid."""
        version_ok = self._meta("version") == f"{__version__}/{SCHEMA_VERSION}"
        if not (version_ok and os.environ.get("GOVAI_TRUST_INDEX") == "1" and self._meta("signature")):
            self._check_files(version_ok)
        problems = unpack(self._meta_blob("problems"))
        self.warnings = tuple(unpack(self._meta_blob("warnings")))
        self.content_hash = str(self._meta("content_hash"))
        if problems:
            raise DataError(list(problems))

    def _check_files(self, version_ok: bool) -> None:
        stats, walk_problems, walk_warnings = scan(self.roots)
        walk = pack((walk_problems, walk_warnings))
        # One hash of every (path, role, size, mtime, ctime) and of the walk's notes: when it is the
        # stored one, nothing changed, and the files table need not be read at all.
        signature = hashlib.sha256(marshal.dumps(stats) + walk).hexdigest()
        if version_ok and self._meta("signature") == signature:
            return
        # A stored row (path, role, size, mtime, ctime) equals the Found tuple of an unchanged file.
        known = {row[0]: row for row in self.db.execute("SELECT path, role, size, mtime_ns, ctime_ns FROM files")}
        changed = [found for found in stats if known.get(found[0]) != found]
        current = {found[0] for found in stats}
        removed = {path: row[1] for path, row in known.items() if path not in current}
        self.db.execute("BEGIN IMMEDIATE")
        try:
            update = _Update(self, rebuild=not version_ok)
            update.run(stats, changed, removed)
            self._check_all(walk, None if update.rebuild else update.touched, update.lost)
            self._set_meta("signature", signature)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        finally:
            forget_folded()

    def _meta_blob(self, key: str) -> bytes:
        value = self._meta(key)
        return bytes(value) if value is not None else pack(())

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _check_all(self, walk: bytes, touched: set[str] | None, lost: set[str]) -> None:
        """Every problem of the data, across files, from the tables (no record decoded).

        ``touched``: the files whose rows were replaced (None after a full build); ``lost``:
        the ids they defined before.
        """
        db = self.db
        walk_problems, walk_warnings = unpack(walk)
        problems: list[Problem] = list(walk_problems)
        warnings: list[Problem] = list(walk_warnings)
        for path, warning, line, col, message in db.execute("SELECT path, warning, line, col, message FROM notes"):
            (warnings if warning else problems).append(Problem(path, line, message, col))
        # SQL picks the rows that can be wrong; dataset.cross_check says what is wrong with them.
        ids = "SELECT kind, id, actor_kind, path, line FROM ids"
        dangling = fill.dangling(db, touched, lost)
        if not dangling:  # only duplicates can remain: give the check just the duplicated ids
            ids += " WHERE id IN (SELECT id FROM ids GROUP BY id HAVING count(*) > 1)"
        every = [Defined(k, i, a, Origin(p, n)) for k, i, a, p, n in db.execute(ids + " ORDER BY path, line, id")]
        refs = [Ref(kind, target, path, line, place) for path, kind, target, line, place in dangling]
        problems += cross_check(every, refs)
        self._set_meta("problems", pack(sorted(problems, key=Problem.sort_key)))
        self._set_meta("warnings", pack(sorted(warnings, key=Problem.sort_key)))
        hashes = db.execute("SELECT path, sha256 FROM files").fetchall()
        self._set_meta("content_hash", content_hash(self.roots, hashes))
        self._set_meta("version", f"{__version__}/{SCHEMA_VERSION}")

    # -- reading

    def forget_aux(self) -> None:
        """Read actors, sources and topics again at the next use (their files changed)."""
        self._aux = None

    def aux_records(self) -> tuple[list[Actor], list[Source], list[Topic]]:
        if self._aux is None:
            actors: list[Actor] = []
            sources: list[Source] = []
            topics: list[Topic] = []
            for (blob,) in self.db.execute("SELECT records FROM aux ORDER BY path"):
                a, s, t = unpack(blob)
                actors += a
                sources += s
                topics += t
            self._aux = (actors, sources, topics)
        return self._aux

    def aux_dataset(self, events: Sequence[Event] = ()) -> Dataset:
        """A Dataset with every actor, source and topic, and only ``events``."""
        actors, sources, topics = self.aux_records()
        return Dataset(
            events=tuple(events),
            actors=tuple(sorted(actors, key=lambda a: a.id)),
            sources=tuple(sorted(sources, key=lambda s: s.id)),
            topics=tuple(sorted(topics, key=lambda t: t.id)),
            content_hash=self.content_hash,
        )

    def load(self) -> Loaded:
        """The whole validated dataset, from the index (no YAML read unless files changed)."""
        events = [unpack(blob) for (blob,) in self.db.execute("SELECT record FROM events")]
        dataset = self.aux_dataset(sorted(events, key=Event.sort_key))
        files = tuple(path for (path,) in self.db.execute("SELECT path FROM files ORDER BY path"))
        return Loaded(replace(dataset, files=files), self.warnings)

    def events(self, rowids: Sequence[int]) -> dict[int, Event]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"SELECT rowid, record FROM events WHERE rowid IN ({marks})", list(rowids))
        return {rowid: unpack(blob) for rowid, blob in rows}


class _Update:
    """One refresh of the index's rows: the files that changed are read again, the others kept."""

    def __init__(self, index: Index, *, rebuild: bool) -> None:
        self.index = index
        self.db = index.db
        self.rebuild = rebuild
        self.touched: set[str] = set()  # the files whose rows were replaced
        self.lost: set[str] = set()  # the ids they defined before

    def run(self, stats: list[Found], changed: list[Found], removed: dict[str, str]) -> None:
        if self.rebuild:
            for table in _TABLES:
                self.db.execute(f"DELETE FROM {table}")
            changed, removed = stats, {}
        stored = dict(self.db.execute("SELECT path, sha256 FROM files"))
        for path in removed:
            self._forget(path, keep_file=False)
        # Actors, sources and topics first: every event's searched text includes their names.
        event_files = [found for found in changed if found[1] == "events"]
        aux_changed = self.rebuild or any(role != "events" for role in removed.values())
        for found in (found for found in changed if found[1] != "events"):
            result = read_file(Path(found[0]), found[1], self.index.strict)
            if self._record_file(found, result, stored):
                self._forget(found[0])
                fill.write(self.db, [fill.prepare(found[0], result, *self._names())])
                self.index.forget_aux()
                aux_changed = True
        if aux_changed and event_files:
            fill.reindex_events(self.db, *self._names())  # before the event files, so they are indexed once
            aux_changed = False
        self._events(event_files, stored)
        if aux_changed:
            fill.reindex_events(self.db, *self._names())

    def _events(self, files: list[Found], stored: dict[str, str]) -> None:
        actors, _, topics = self.index.aux_records()
        next_rowid: int | None = None  # the first write finds it
        batch: list[fill.Prepared] = []
        for found, result, prepared in fill.read_events(files, self.index.strict, actors, topics):
            if self._record_file(found, result, stored):
                if not self.rebuild:  # (a rebuild starts from empty tables)
                    self._forget(found[0])
                batch.append(prepared)
            if len(batch) >= fill.WRITE_BATCH:
                next_rowid = fill.write(self.db, batch, next_rowid)
                batch.clear()
        fill.write(self.db, batch, next_rowid)

    def _names(self) -> tuple[dict[str, Actor], dict[str, Topic]]:
        actors, _, topics = self.index.aux_records()
        return {a.id: a for a in actors}, {t.id: t for t in topics}

    def _forget(self, path: str, *, keep_file: bool = True) -> None:
        self.touched.add(path)
        self.lost.update(fill.forget(self.db, path, keep_file=keep_file))

    def _record_file(self, found: Found, result: FileRecords, stored: dict[str, str]) -> bool:
        """Note the file's new size, times and hash; True if its records must be re-stored."""
        self.db.execute(
            "INSERT OR REPLACE INTO files(path, role, size, mtime_ns, ctime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?)",
            (*found, result.sha256),
        )
        # A file touched, not changed (same bytes): only its size and times were new.
        return self.rebuild or not result.sha256 or stored.get(found[0]) != result.sha256


def _remove(location: Path | None) -> None:
    if location is not None:
        with contextlib.suppress(OSError):
            location.unlink(missing_ok=True)


def open_index(paths: Sequence[Path] | None, *, strict: bool | None = None) -> Index:
    """A fresh index for ``paths`` (the bundled data when None), on disk if possible."""
    roots = data_roots(paths)
    if strict is None:
        strict = paths is None
    location: Path | None = index_path(roots, strict)
    try:
        assert location is not None
        location.parent.mkdir(parents=True, exist_ok=True)
        index = Index(_connect(location), roots, strict)
        index.refresh()
        # The stored records decode (actors, sources, topics and an event): else rebuild.
        index.aux_dataset()
        first = index.db.execute("SELECT min(rowid) FROM events").fetchone()[0]
        index.events([first] if first is not None else [])
        return index
    except DataError:
        raise
    except sqlite3.DatabaseError as exc:
        # A corrupt or truncated file is removed (the next run rebuilds it); a locked or
        # read-only one is left alone. Either way this run builds its index in memory.
        if "not a database" in str(exc) or "malformed" in str(exc):
            _remove(location)
    except (sqlite3.Error, OSError, ValueError, TypeError, KeyError, EOFError, IndexError):
        _remove(location)
    index = Index(_connect(None), roots, strict)
    index.refresh()
    return index
