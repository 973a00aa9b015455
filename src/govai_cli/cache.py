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

from . import __version__
from .codec import pack, unpack
from .errors import DataError, Problem
from .files import Loaded, data_roots, scan
from .model import Actor, Dataset, Event, Source, Topic
from .search import ACTOR_FACT
from .store import INDEX_VERSION, SCHEMA, SCHEMA_VERSION

LOCK_WAIT_SECONDS = 2.0


def cache_dir() -> Path:
    configured = os.environ.get("GOVAI_CACHE_DIR")
    return Path(configured) if configured else Path(user_cache_dir("govai"))


def index_path(roots: Sequence[Path], strict: bool) -> Path:
    key = "\0".join([__version__, str(SCHEMA_VERSION), str(strict), *(str(r.resolve()) for r in roots)])
    return cache_dir() / f"index-{hashlib.sha256(key.encode()).hexdigest()[:20]}.sqlite"


def _connect(path: Path | None) -> sqlite3.Connection:
    # A second govai updating the same index waits at most this long, then builds in memory.
    connection = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None
    )
    connection.executescript(SCHEMA)
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
        version_ok = self.meta("version") == INDEX_VERSION
        if not (version_ok and os.environ.get("GOVAI_TRUST_INDEX") == "1" and self.meta("signature")):
            self._check_files(version_ok)
        problems = unpack(self.meta_blob("problems"))
        self.warnings = tuple(unpack(self.meta_blob("warnings")))
        self.content_hash = str(self.meta("content_hash"))
        if problems:
            raise DataError(list(problems))

    def _check_files(self, version_ok: bool) -> None:
        stats, walk_problems, walk_warnings = scan(self.roots)
        walk = pack((walk_problems, walk_warnings))
        # One hash of every (path, role, size, mtime, ctime) and of the walk's notes: when it is the
        # stored one, nothing changed, and the files table need not be read at all.
        signature = hashlib.sha256(marshal.dumps(stats) + walk).hexdigest()
        if version_ok and self.meta("signature") == signature:
            return
        # A stored row (path, role, size, mtime, ctime) equals the Found tuple of an unchanged file.
        known = {row[0]: row for row in self.db.execute("SELECT path, role, size, mtime_ns, ctime_ns FROM files")}
        changed = [found for found in stats if known.get(found[0]) != found]
        current = {found[0] for found in stats}
        removed = {path: row[1] for path, row in known.items() if path not in current}
        # Reading and checking YAML costs ~20 ms of imports: only a run whose files changed pays.
        from . import fill

        self.db.execute("BEGIN IMMEDIATE")
        try:
            fill.update(self, stats, changed, removed, walk, rebuild=not version_ok)
            self.set_meta("signature", signature)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def meta_blob(self, key: str) -> bytes:
        value = self.meta(key)
        return bytes(value) if value is not None else pack(())

    def meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

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
        rows = self.db.execute("SELECT record FROM events WHERE kind != ?", (ACTOR_FACT,))  # events only
        events = [unpack(blob) for (blob,) in rows]
        dataset = self.aux_dataset(sorted(events, key=Event.sort_key))
        files = tuple(path for (path,) in self.db.execute("SELECT path FROM files ORDER BY path"))
        return Loaded(replace(dataset, files=files), self.warnings)

    def events(self, rowids: Sequence[int]) -> dict[int, Event]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"SELECT rowid, record FROM events WHERE rowid IN ({marks})", list(rowids))
        return {rowid: unpack(blob) for rowid, blob in rows}


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
