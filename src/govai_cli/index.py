"""The compiled, cached index: SQLite with FTS5 over folded text, refreshed file by file.

One index file per dataset (per set of data paths) in the user cache directory
(``GOVAI_CACHE_DIR`` overrides). It remembers, for each data file, its size, mtime and the
SHA-256 of its bytes, and the records read from it; a run re-reads only the files whose size
or mtime changed (and whose bytes really did), were added or were removed. Records are stored
as plain tuples with ``marshal`` (never pickle): loading a cache cannot run code.

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
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .dataset import (
    Defined,
    FileRecords,
    Loaded,
    _Records,
    _Ref,
    assemble,
    content_hash,
    cross_check,
    data_roots,
    discover,
    read_file,
)
from .errors import DataError, Problem
from .model import (
    Actor,
    Dataset,
    Event,
    Fact,
    Origin,
    PartialDate,
    Participation,
    Role,
    Source,
    Text,
    Title,
    TitleForm,
    Topic,
)
from .textnorm import fold

if TYPE_CHECKING:
    from .query import Filters

SCHEMA_VERSION = 2  # bump whenever the tables or the record encoding change
LOCK_WAIT_SECONDS = 2.0
COLUMNS = ("title", "symbol", "facts", "actors", "topics", "summary")
WEIGHTS = (10.0, 12.0, 6.0, 4.0, 3.0, 2.0)  # symbol (a query that is a symbol), title, facts, then the rest

# ---------------------------------------------------------------- safe encoding of records

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        PartialDate, Origin, Text, TitleForm, Title, Fact, Role, Participation, Event, Actor, Source, Topic,
        Problem, _Ref, Defined,
    )
}  # fmt: skip


_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {
    cls: (name, tuple(f.name for f in fields(cls) if f.init)) for name, cls in _TYPES.items()
}


def _encode(value: Any) -> Any:
    kind = _FIELDS.get(type(value))
    if kind is not None:
        return ("@", kind[0], tuple(_encode(getattr(value, name)) for name in kind[1]))
    if isinstance(value, (tuple, list)):
        return ("T", tuple(_encode(v) for v in value))
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, tuple):
        if value[0] == "T":
            return tuple(_decode(v) for v in value[1])
        cls = _TYPES[value[1]]
        return cls(*(_decode(v) for v in value[2]))
    return value


def _pack(value: Any) -> bytes:
    return marshal.dumps(_encode(value))


def _unpack(blob: bytes) -> Any:
    return _decode(marshal.loads(blob))


def _records_blob(result: FileRecords) -> tuple[bytes, list[bytes]]:
    """The file's records, and each of its events alone (both encoded once)."""
    r = result.records
    events = [_encode(e) for e in r.events]
    rest = [_encode(x) for x in (r.actors, r.sources, r.topics, r.refs, r.problems, r.warnings)]
    return marshal.dumps((("T", tuple(events)), *rest)), [marshal.dumps(e) for e in events]


def _records_from(path: str, sha: str, blob: bytes) -> FileRecords:
    events, actors, sources, topics, refs, problems, warnings = (_decode(x) for x in marshal.loads(blob))
    lists = (events, actors, sources, topics, refs, problems, warnings)
    records = _Records(*(list(items) for items in lists))
    return FileRecords(path, sha, records)


# ---------------------------------------------------------------- where the index lives


def cache_dir() -> Path:
    configured = os.environ.get("GOVAI_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("govai"))


def _index_path(roots: Sequence[Path], strict: bool) -> Path:
    key = "\0".join([__version__, str(SCHEMA_VERSION), str(strict), *(str(r.resolve()) for r in roots)])
    return cache_dir() / f"index-{hashlib.sha256(key.encode()).hexdigest()[:20]}.sqlite"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, role TEXT, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    light BLOB, records BLOB);
CREATE TABLE IF NOT EXISTS events(
    rowid INTEGER PRIMARY KEY, id TEXT, path TEXT, sort_key TEXT, first_day TEXT, last_day TEXT,
    kind TEXT, body TEXT, actors TEXT, countries TEXT, topics TEXT, record BLOB);
CREATE INDEX IF NOT EXISTS events_path ON events(path);
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
    title, symbol, facts, actors, topics, summary, tokenize = "unicode61 remove_diacritics 0");
"""


def _connect(path: Path | None) -> sqlite3.Connection:
    # A second govai updating the same index waits at most this long, then builds in memory.
    connection = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None
    )
    connection.executescript(_SCHEMA)
    return connection


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class _Stat:
    path: str
    role: str
    size: int
    mtime_ns: int


class Index:
    """A fresh index over the data in ``roots`` (the caller builds it with ``open_index``)."""

    def __init__(self, connection: sqlite3.Connection, roots: Sequence[Path], strict: bool) -> None:
        self.db = connection
        self.roots = list(roots)
        self.strict = strict
        self.warnings: tuple[Problem, ...] = ()
        self.content_hash = ""
        self._aux: tuple[list[Actor], list[Source], list[Topic]] | None = None

    # -- refresh

    def refresh(self) -> None:
        """Bring the index up to date with the files; raise DataError if the data is invalid."""
        found, walk_problems, walk_warnings = discover(self.roots)
        stats = []
        for path, role in found:
            try:
                st = path.stat()
            except OSError:
                stats.append(_Stat(str(path), role, -1, -1))
                continue
            stats.append(_Stat(str(path), role, st.st_size, st.st_mtime_ns))
        known = {row[0]: row[1:] for row in self.db.execute("SELECT path, size, mtime_ns, role FROM files")}
        current = {s.path: s for s in stats}
        changed = [s for s in stats if known.get(s.path) != (s.size, s.mtime_ns, s.role)]
        removed = {p: row[2] for p, row in known.items() if p not in current}
        version_ok = self._meta("version") == f"{__version__}/{SCHEMA_VERSION}"
        if changed or removed or not version_ok or self._meta("walk") != _pack((walk_problems, walk_warnings)):
            self._update(stats, changed, removed, walk_problems, walk_warnings, rebuild=not version_ok)
        problems = _unpack(self._meta_blob("problems"))
        self.warnings = tuple(_unpack(self._meta_blob("warnings")))
        self.content_hash = str(self._meta("content_hash"))
        if problems:
            raise DataError(list(problems))

    def _meta_blob(self, key: str) -> bytes:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else _pack(())

    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _update(
        self,
        stats: list[_Stat],
        changed: list[_Stat],
        removed: dict[str, str],
        walk_problems: list[Problem],
        walk_warnings: list[Problem],
        rebuild: bool,
    ) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if rebuild:
                for table in ("meta", "files", "events", "events_fts"):
                    db.execute(f"DELETE FROM {table}")
                changed = stats
                removed = {}
            stored = {row[0]: row[1] for row in db.execute("SELECT path, sha256 FROM files")}
            reread: dict[str, list[tuple[Event, bytes]]] = {}
            for stat in changed:
                result = read_file(Path(stat.path), stat.role, self.strict)
                if stored.get(stat.path) == result.sha256 and result.sha256 and not rebuild:
                    # Touched, not changed: remember the new stat, keep everything else.
                    db.execute(
                        "UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (stat.size, stat.mtime_ns, stat.path)
                    )
                    continue
                blob, event_blobs = _records_blob(result)
                reread[stat.path] = list(zip(result.records.events, event_blobs, strict=True))
                light = _pack((result.defined(), result.records.refs, result.records.problems, result.records.warnings))
                db.execute(
                    "INSERT OR REPLACE INTO files(path, role, size, mtime_ns, sha256, light, records) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (stat.path, stat.role, stat.size, stat.mtime_ns, result.sha256, light, blob),
                )
            for path in removed:
                db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._check_all(walk_problems, walk_warnings)
            # Actors, sources and topics feed every event's searched text: when they change, reindex all.
            aux_changed = (
                rebuild
                or any(s.role != "events" for s in changed if s.path in reread)
                or any(role != "events" for role in removed.values())
            )
            self._reindex_events(reread, list(removed), everything=aux_changed)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _check_all(self, walk_problems: list[Problem], walk_warnings: list[Problem]) -> None:
        defined: list[Defined] = []
        refs: list[_Ref] = []
        problems: list[Problem] = list(walk_problems)
        warnings: list[Problem] = list(walk_warnings)
        hashes = []
        for path, sha, light in self.db.execute("SELECT path, sha256, light FROM files ORDER BY path"):
            d, r, p, w = _unpack(light)
            defined += d
            refs += r
            problems += p
            warnings += w
            hashes.append((path, sha))
        problems += cross_check(defined, refs)
        self._set_meta("problems", _pack(sorted(problems, key=Problem.sort_key)))
        self._set_meta("warnings", _pack(sorted(warnings, key=Problem.sort_key)))
        self._set_meta("walk", _pack((walk_problems, walk_warnings)))
        self._set_meta("content_hash", content_hash(self.roots, hashes))
        self._set_meta("version", f"{__version__}/{SCHEMA_VERSION}")

    def _reindex_events(
        self, reread: dict[str, list[tuple[Event, bytes]]], removed: list[str], *, everything: bool
    ) -> None:
        db = self.db
        if everything:
            db.execute("DELETE FROM events")
            db.execute("DELETE FROM events_fts")
            reread = {}
            for path, blob in db.execute("SELECT path, records FROM files"):
                encoded_events = marshal.loads(blob)[0][1]
                reread[path] = [(_decode(e), marshal.dumps(e)) for e in encoded_events]
        else:
            for path in [*reread, *removed]:
                rowids = [r[0] for r in db.execute("SELECT rowid FROM events WHERE path = ?", (path,))]
                db.executemany("DELETE FROM events_fts WHERE rowid = ?", [(r,) for r in rowids])
                db.execute("DELETE FROM events WHERE path = ?", (path,))
        actors, _, topics = self._load_aux()
        actors_by_id = {a.id: a for a in actors}
        topics_by_id = {t.id: t for t in topics}
        for path, events in reread.items():
            for event, blob in events:
                self._insert_event(path, event, blob, actors_by_id, topics_by_id)

    def _insert_event(
        self, path: str, event: Event, blob: bytes, actors: dict[str, Actor], topics: dict[str, Topic]
    ) -> None:
        from .query import event_actor_ids

        actor_ids = event_actor_ids(event)
        countries = {actors[a].country for a in actor_ids if a in actors and actors[a].country}
        cursor = self.db.execute(
            "INSERT INTO events(id, path, sort_key, first_day, last_day, kind, body, actors, countries, topics, "
            "record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
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
                blob,
            ),
        )
        self.db.execute(
            "INSERT INTO events_fts(rowid, title, symbol, facts, actors, topics, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cursor.lastrowid, *search_texts(event, actors, topics)),
        )

    def _load_aux(self) -> tuple[list[Actor], list[Source], list[Topic]]:
        actors: list[Actor] = []
        sources: list[Source] = []
        topics: list[Topic] = []
        for path, sha, blob in self.db.execute("SELECT path, sha256, records FROM files WHERE role != 'events'"):
            records = _records_from(path, sha, blob).records
            actors += records.actors
            sources += records.sources
            topics += records.topics
        return actors, sources, topics

    # -- reading

    def aux_dataset(self, events: Sequence[Event] = ()) -> Dataset:
        """A Dataset with every actor, source and topic, and only ``events``."""
        if self._aux is None:
            self._aux = self._load_aux()
        actors, sources, topics = self._aux
        return Dataset(
            events=tuple(events),
            actors=tuple(sorted(actors, key=lambda a: a.id)),
            sources=tuple(sorted(sources, key=lambda s: s.id)),
            topics=tuple(sorted(topics, key=lambda t: t.id)),
            content_hash=self.content_hash,
        )

    def load(self) -> Loaded:
        """The whole validated dataset, from the index (no YAML read unless files changed)."""
        rows = self.db.execute("SELECT path, sha256, records FROM files ORDER BY path").fetchall()
        results = [_records_from(p, s, b) for p, s, b in rows]
        walk = _unpack(self._meta_blob("walk"))
        problems, warnings = walk if walk else ((), ())
        return assemble(self.roots, results, problems, warnings)

    def events(self, rowids: Sequence[int]) -> dict[int, Event]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"SELECT rowid, record FROM events WHERE rowid IN ({marks})", list(rowids))
        return {rowid: _unpack(blob) for rowid, blob in rows}

    def match(self, expression: str, phrase: str | None, filters: Filters) -> list[tuple[int, float]]:
        """(rowid, score) of the events matching, best first: exact phrase, score, date, id."""
        where = ["events_fts MATCH ?"]
        args: list[Any] = [expression]
        if filters.date_from is not None:
            where.append("e.last_day >= ?")
            args.append(filters.date_from.first_day().isoformat())
        if filters.date_to is not None:
            where.append("e.first_day <= ?")
            args.append(filters.date_to.last_day().isoformat())
        for column, value in (("kind", filters.kind), ("body", filters.body)):
            if value is not None:
                where.append(f"e.{column} = ?")
                args.append(value)
        for column, value in (("actors", filters.actor), ("countries", filters.country), ("topics", filters.topic)):
            if value is not None:
                where.append(f"instr(e.{column}, ?) > 0")
                args.append(f" {value} ")
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = self.db.execute(
            f"SELECT f.rowid, -bm25(events_fts, {weights}), e.sort_key, e.id FROM events_fts f "
            f"JOIN events e ON e.rowid = f.rowid WHERE {' AND '.join(where)}",
            args,
        ).fetchall()
        # The whole query as a phrase ranks first, by the weight of the best field holding it.
        bonus: dict[int, float] = {}
        if phrase is not None and rows:
            for column, weight in zip(COLUMNS, WEIGHTS, strict=True):
                sql = "SELECT rowid FROM events_fts WHERE events_fts MATCH ?"
                for (rowid,) in self.db.execute(sql, (f"{column} : {phrase}",)):
                    bonus[rowid] = max(bonus.get(rowid, 0.0), weight)
        rows.sort(key=lambda r: (-bonus.get(r[0], 0.0), -r[1], r[2], r[3]))
        return [(rowid, score + bonus.get(rowid, 0.0)) for rowid, score, _, _ in rows]

    def texts(self, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        cols = ", ".join(COLUMNS)
        rows = self.db.execute(f"SELECT rowid, {cols} FROM events_fts WHERE rowid IN ({marks})", list(rowids))
        return {row[0]: tuple(row[1:]) for row in rows}


def search_texts(event: Event, actors: dict[str, Actor], topics: dict[str, Topic]) -> tuple[str, ...]:
    """The folded text of each searched field of ``event``, in COLUMNS order."""
    from .query import event_actor_ids

    names: list[str] = []
    for actor_id in event_actor_ids(event):
        actor = actors.get(actor_id)
        if actor is not None:
            names += [*actor.name.values(), *actor.aliases]
            if actor.short_name is not None:
                names += actor.short_name.values()
    labels: list[str] = []
    for topic_id in event.topics:
        topic = topics.get(topic_id)
        if topic is not None:
            labels += [*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en]
    facts = [text for fact in event.facts for text in (*fact.text.values(), fact.quote or "")]
    parts = (
        event.title.text().values(),
        (event.symbol or "", *event.other_symbols),
        facts,
        names,
        labels,
        event.summary.values() if event.summary else (),
    )
    return tuple(" \u2029 ".join(fold(t) for t in texts if t) for texts in parts)


def _remove(location: Path | None) -> None:
    if location is not None:
        with contextlib.suppress(OSError):
            location.unlink(missing_ok=True)


def open_index(paths: Sequence[Path] | None, *, strict: bool | None = None) -> Index:
    """A fresh index for ``paths`` (the bundled data when None), on disk if possible."""
    roots = data_roots(paths)
    if strict is None:
        strict = paths is None
    location: Path | None = _index_path(roots, strict)
    try:
        assert location is not None
        location.parent.mkdir(parents=True, exist_ok=True)
        index = Index(_connect(location), roots, strict)
        index.refresh()
        index.aux_dataset()  # the stored records decode: a cache written otherwise is rebuilt
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
