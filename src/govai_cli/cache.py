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
import marshal
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, ValuesView
from pathlib import Path
from typing import Any, TypeVar

from msgspec.structs import replace
from platformdirs import user_cache_dir

from . import __version__
from .codec import NAMED, PROBLEMS, pack, unpack
from .errors import DataError, Problem
from .files import Block, Found, Loaded, Walk, content_hash, data_roots, fingerprint, walk_aside
from .model import Actor, Dataset, Event, Source, Topic
from .search import ACTOR_FACT
from .store import INDEX_VERSION, SCHEMA, SCHEMA_VERSION

LOCK_WAIT_SECONDS = 2.0
MAX_PICKED = 500  # events whose actors, sources and topics are read by id (more: all are read)
AHEAD_FROM = 1000  # files: below, walking them costs less than forking the walk's child processes
T = TypeVar("T")


def cache_dir() -> Path:
    configured = os.environ.get("GOVAI_CACHE_DIR")
    return Path(configured) if configured else Path(user_cache_dir("govai"))


def index_path(roots: Sequence[Path], strict: bool) -> Path:
    key = "\0".join([__version__, str(SCHEMA_VERSION), str(strict), *(str(r.resolve()) for r in roots)])
    return cache_dir() / f"index-{fingerprint(key.encode()).hexdigest()[:20]}.sqlite"


def _connect(path: Path | None) -> sqlite3.Connection:
    # A second govai updating the same index waits at most this long, then builds in memory.
    connection = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None
    )
    connection.executescript(SCHEMA)
    return connection


class Index:
    """A fresh index over the data in ``roots`` (``open_index`` builds it).

    Tables: ``files`` (path, role, size, mtime, ctime, SHA-256 of each file); ``named`` (the
    actors, sources and topics, one encoded record a row, read by id); ``ids``, ``refs`` and
    ``notes`` (what the cross-file check needs, so it runs in SQL); ``events`` (one row and one
    encoded record per event, with the columns filters use) and ``events_fts`` (``search``'s
    folded texts). ``scanned`` keeps the last scan's blocks (``files.Block``) and ``meta`` their
    digests and one signature over them: a freshness check compares the signature, then the
    digests, and reads back only the blocks whose digest changed; never the files table.
    """

    def __init__(self, connection: sqlite3.Connection, roots: Sequence[Path], strict: bool) -> None:
        self.db = connection
        self.roots = list(roots)
        self.strict = strict
        self.warnings: tuple[Problem, ...] = ()
        self._aux: tuple[list[Actor], list[Source], list[Topic]] | None = None
        self.updated = False  # whether the last refresh changed the index

    def refresh(self, walked: Callable[[], Walk] | None = None) -> None:
        """Bring the index up to date with the files; raise DataError if the data is invalid.
        ``walked``: the walk of the files, if one was started already (``files.walk_aside``)."""
        self.updated = False
        version_ok = self.meta("version") == INDEX_VERSION
        if not (version_ok and _trusted(self)):
            self._check_files(version_ok, walked)
        problems = unpack(self.meta_blob("problems"), PROBLEMS)
        self.warnings = unpack(self.meta_blob("warnings"), PROBLEMS)
        if problems:
            raise DataError(list(problems))

    def _check_files(self, version_ok: bool, walked: Callable[[], Walk] | None) -> None:
        rebuild = not version_ok or self.meta("scan") is None  # (an index of this version has its last scan)
        known = {} if rebuild else _known(self)
        walk = walked() if walked is not None else Walk(self.roots, known)  # (started with these known blocks)
        notes = pack((walk.problems, walk.warnings))
        # One hash of every block's digest and of the walk's notes: when it is the stored one,
        # nothing changed, and neither the stored blocks nor the files table are read.
        signature = walk.signature(notes)
        if version_ok and self.meta("signature") == signature:
            return
        now = {block.key for block in walk.blocks}
        changed = [block for block in walk.blocks if known.get(block.key) != block.digest]
        gone = [key for key in known if key not in now]
        removed: dict[str, str] = {}
        if rebuild:
            files = walk.found()
        else:  # the files of the blocks that changed, against those blocks as stored
            before = _stored_blocks(self.db, [block.key for block in changed if block.key in known] + gone)
            files, removed = _diff(
                [found for block in before for found in block.found()],
                sorted(found for block in changed for found in block.found()),
            )
        # Reading and checking YAML costs ~20 ms of imports: only a run whose files changed pays.
        from . import fill

        self.db.execute("BEGIN IMMEDIATE")
        try:
            fill.update(self, files, removed, notes, rebuild=rebuild)
            _store_blocks(self.db, changed, gone)
            self.set_meta("scan", marshal.dumps([(block.key, block.digest) for block in walk.blocks]))
            self.set_meta("signature", signature)
            self.db.execute("COMMIT")
            self.updated = True
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    @property
    def content_hash(self) -> str:
        """The dataset's content hash (``files.content_hash``), computed at its first use after
        an update: a search never needs it, and it reads a row per file."""
        stored = self.meta("content_hash")
        if stored is None:
            stored = content_hash(self.roots, self.db.execute("SELECT path, sha256 FROM files").fetchall())
            with contextlib.suppress(sqlite3.Error):  # a read-only or locked index: computed again next time
                self.set_meta("content_hash", stored)
        return str(stored)

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
            self._aux = _by_kind(self.db.execute("SELECT kind, record FROM named ORDER BY path, rowid"))
        return self._aux

    def aux_dataset(self, events: Sequence[Event] = (), rowids: Sequence[int] | None = None) -> Dataset:
        """A Dataset with ``events`` and every actor, source and topic.

        With ``rowids`` (the rows of ``events``), only the actors, sources and topics that the
        files of those events refer to: what rendering them needs, read by id, not the whole
        vocabulary (10,000 actors at 100k events). Its content hash is left empty.
        """
        if rowids is not None and len(rowids) <= MAX_PICKED:
            picked = _REFERRED.format(marks=",".join("?" * len(rowids)))
            actors, sources, topics = _by_kind(self.db.execute(picked, list(rowids)))
            content_hash = ""
        else:
            actors, sources, topics = self.aux_records()
            content_hash = self.content_hash
        return Dataset(
            events=tuple(events),
            actors=tuple(sorted(actors, key=lambda a: a.id)),
            sources=tuple(sorted(sources, key=lambda s: s.id)),
            topics=tuple(sorted(topics, key=lambda t: t.id)),
            content_hash=content_hash,
        )

    def named(self, kind: str) -> Mapping[str, Any]:
        """The actors (``kind`` "actor") or topics, read by id when asked for."""
        return _Named(self.db, kind)

    def load(self) -> Loaded:
        """The whole validated dataset, from the index (no YAML read unless files changed)."""
        rows = self.db.execute("SELECT record FROM events WHERE kind != ?", (ACTOR_FACT,))  # events only
        events = [unpack(blob, Event) for (blob,) in rows]
        dataset = self.aux_dataset(sorted(events, key=Event.sort_key))
        files = tuple(path for (path,) in self.db.execute("SELECT path FROM files ORDER BY path"))
        return Loaded(replace(dataset, files=files), self.warnings)

    def events(self, rowids: Sequence[int]) -> dict[int, Event]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"SELECT rowid, record FROM events WHERE rowid IN ({marks})", list(rowids))
        return {rowid: unpack(blob, Event) for rowid, blob in rows}


# The actors, sources and topics that the files of some events (by rowid) refer to.
_REFERRED = (
    "SELECT n.kind, n.record FROM named n WHERE n.id IN (SELECT r.target FROM refs r WHERE r.path IN "
    "(SELECT e.path FROM events e WHERE e.rowid IN ({marks}))) ORDER BY n.path, n.rowid"
)


def _by_kind(rows: Iterable[tuple[str, bytes]]) -> tuple[list[Actor], list[Source], list[Topic]]:
    """Rows of ``named`` (kind, record) decoded: the actors, the sources and the topics."""
    found: dict[str, list[Any]] = {"actor": [], "source": [], "topic": []}
    for kind, blob in rows:
        found[kind].append(unpack(blob, NAMED[kind]))
    return found["actor"], found["source"], found["topic"]


def _trusted(index: Index) -> bool:
    """Whether the files go unchecked: ``GOVAI_TRUST_INDEX=1`` and a scan to trust."""
    return os.environ.get("GOVAI_TRUST_INDEX") == "1" and bool(index.meta("signature"))


def _known(index: Index) -> dict[str, bytes]:
    """The last scan's blocks: key → digest (empty when there is none)."""
    stored = index.meta("scan")
    return dict(marshal.loads(stored)) if stored is not None else {}


def _stored_blocks(db: sqlite3.Connection, keys: Sequence[str]) -> list[Block]:
    """The blocks of the last scan stored under ``keys``."""
    found = []
    for key in keys:
        row = db.execute("SELECT body FROM scanned WHERE key = ?", (key,)).fetchone()
        if row is not None:
            found.append(Block.loads(row[0]))
    return found


def _store_blocks(db: sqlite3.Connection, changed: Sequence[Block], gone: Sequence[str]) -> None:
    """Only the blocks that changed are stored again (after an edit: one block, not the scan)."""
    db.executemany("DELETE FROM scanned WHERE key = ?", [(key,) for key in gone])
    db.executemany("INSERT OR REPLACE INTO scanned(key, body) VALUES (?, ?)", [(b.key, b.dumps()) for b in changed])


def _diff(before: list[Found], now: list[Found]) -> tuple[list[Found], dict[str, str]]:
    """The files of ``now`` that are new or changed since ``before``, and the removed ones
    (path: role). Both are the files of the blocks whose digest changed, not the whole scan."""
    known = set(before)
    current = {found[0] for found in now}
    return [found for found in now if found not in known], {f[0]: f[1] for f in before if f[0] not in current}


class _Named(Mapping[str, Any]):
    """The records of one kind in the index, each decoded when first asked for.

    An update of a few event files needs the names of their actors and topics only: reading
    them by id costs microseconds; decoding all (10,000 actors) costs a second.
    """

    def __init__(self, db: sqlite3.Connection, kind: str) -> None:
        self.db = db
        self.kind = kind
        self.found: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self.found:
            # The last one in path order, as a dict built from ``aux_records`` would keep.
            row = self.db.execute(
                "SELECT record FROM named WHERE id = ? AND kind = ? ORDER BY path DESC, rowid DESC LIMIT 1",
                (key, self.kind),
            ).fetchone()
            if row is None:
                raise KeyError(key)
            self.found[key] = unpack(row[0], NAMED[self.kind])
        return self.found[key]

    def __iter__(self) -> Iterator[str]:
        rows = self.db.execute("SELECT DISTINCT id FROM named WHERE kind = ? ORDER BY id", (self.kind,))
        return (i for (i,) in rows)

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(DISTINCT id) FROM named WHERE kind = ?", (self.kind,)).fetchone()[0])

    def values(self) -> ValuesView[Any]:
        """Every record, in id order, read in one query (not one per id: a search reads every topic)."""
        last: dict[str, bytes] = {}
        rows = self.db.execute("SELECT id, record FROM named WHERE kind = ? ORDER BY path, rowid", (self.kind,))
        for key, record in rows:
            last[key] = record  # the last one in path order, as __getitem__ reads it
        for key, record in last.items():
            if key not in self.found:
                self.found[key] = unpack(record, NAMED[self.kind])
        return {key: self.found[key] for key in sorted(last)}.values()


def _remove(location: Path | None) -> None:
    if location is not None:
        with contextlib.suppress(OSError):
            location.unlink(missing_ok=True)


def open_index(paths: Sequence[Path] | None, *, strict: bool | None = None) -> Index:
    """A fresh index for ``paths`` (the bundled data when None), on disk if possible."""
    return _opened(paths, strict, None)[0]


def answer(
    paths: Sequence[Path] | None,
    work: Callable[[Index], T],
    *,
    strict: bool | None = None,
    opened: Callable[[Index], None] = lambda index: None,
) -> tuple[Index, T]:
    """The fresh index for ``paths`` (``open_index``) and ``work`` done on it; ``opened`` is
    called in between (the warnings come before the work's own errors, as in turn).

    On a large dataset, the files' walk goes to child processes (``files.walk_aside``) while
    ``work`` (which must only read) is done on the index as stored. A check that finds
    nothing changed, the usual case, keeps that result: the run costs the longer of the
    two, not their sum. A check that finds a change updates the index, and ``work`` is done
    again.
    """
    index, early = _opened(paths, strict, work)
    opened(index)
    if early is None:
        return index, work(index)
    if isinstance(early, _Failed):
        raise early.error
    return index, early


class _Failed:
    """The work done ahead raised: raised again if its result is the one kept."""

    def __init__(self, error: Exception) -> None:
        self.error = error


def _ahead(index: Index, work: Callable[[Index], T]) -> tuple[Callable[[], Walk], T | _Failed] | None:
    """The walk started aside and ``work`` done meanwhile, when the check will walk many
    files: a stored scan of this version, not trusted as is, of ``AHEAD_FROM`` files or more
    (by rowid: the files table is never counted)."""
    if index.meta("version") != INDEX_VERSION or _trusted(index) or index.meta("signature") is None:
        return None
    last = index.db.execute("SELECT max(rowid) FROM files").fetchone()[0]
    if last is None or last < AHEAD_FROM:
        return None
    walked = walk_aside(index.roots, _known(index))
    try:
        return walked, work(index)
    except Exception as error:  # a DataError or a usage error: raised if the index proves fresh
        return walked, _Failed(error)


def _opened(
    paths: Sequence[Path] | None, strict: bool | None, work: Callable[[Index], T] | None
) -> tuple[Index, T | _Failed | None]:
    """``open_index``, and with ``work``, that work done ahead of the files' check when worth it
    (returned if the check changed nothing)."""
    roots = data_roots(paths)
    if strict is None:
        strict = paths is None
    location: Path | None = index_path(roots, strict)
    try:
        assert location is not None
        location.parent.mkdir(parents=True, exist_ok=True)
        index = Index(_connect(location), roots, strict)
        ahead = _ahead(index, work) if work is not None else None
        index.refresh(ahead[0] if ahead is not None else None)
        # The stored records decode (a record of actors, sources or topics and an event): else rebuild.
        for kind, blob in index.db.execute(
            "SELECT kind, record FROM named WHERE rowid = (SELECT min(rowid) FROM named)"
        ):
            unpack(blob, NAMED[kind])
        first = index.db.execute("SELECT min(rowid) FROM events").fetchone()[0]
        index.events([first] if first is not None else [])
        return index, ahead[1] if ahead is not None and not index.updated else None
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
    return index, None
