"""The compiled, cached index: SQLite with FTS5 over folded text, refreshed file by file.

One index file per dataset (per set of data paths) in the user cache directory
(``GOVAI_CACHE_DIR`` overrides). It remembers, for each data file, its size, mtime, ctime
and the SHA-256 of its bytes, and the records read from it; a run re-reads only the files
whose size, mtime or ctime changed (and whose bytes really did), were added or were removed.
Records are stored as plain tuples with ``marshal`` (never pickle): loading a cache cannot run code.

A missing, corrupt, locked or read-only cache is never an error: the index is then built in
memory for this run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from . import __version__
from .dataset import Defined, FileRecords, Ref, cross_check, read_file
from .errors import DataError, Problem
from .files import Found, Loaded, content_hash, data_roots, scan
from .model import (
    Actor,
    Dataset,
    Event,
    Fact,
    Filters,
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
from .textnorm import fold, tokens

SCHEMA_VERSION = 6  # bump whenever the tables or the record encoding change
LOCK_WAIT_SECONDS = 2.0
COLUMNS = ("title", "symbol", "facts", "actors", "topics", "summary")
WEIGHTS = (10.0, 12.0, 6.0, 4.0, 3.0, 2.0)  # symbol (a query that is a symbol), title, facts, then the rest

# ---------------------------------------------------------------- safe encoding of records

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        PartialDate, Origin, Text, TitleForm, Title, Fact, Role, Participation, Event, Actor, Source, Topic,
        Problem,
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
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
    title, symbol, facts, actors, topics, summary, tokenize = "unicode61 remove_diacritics 0");
"""
_TABLES = ("meta", "files", "aux", "ids", "refs", "dangling", "notes", "events", "events_fts")


def _connect(path: Path | None) -> sqlite3.Connection:
    # A second govai updating the same index waits at most this long, then builds in memory.
    connection = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None
    )
    connection.executescript(_SCHEMA)
    return connection


# ---------------------------------------------------------------- the index


class Index:
    """A fresh index over the data in ``roots`` (the caller builds it with ``open_index``).

    Tables: ``files`` (path, role, size, mtime, ctime, SHA-256: all a freshness check reads); ``aux``
    (the records of actors, sources and topics files); ``ids``, ``refs`` and ``notes`` (what
    the cross-file check needs, so it runs in SQL); ``events`` (one row and one encoded record
    per event, with the columns filters use) and ``events_fts`` (folded text per field).
    """

    def __init__(self, connection: sqlite3.Connection, roots: Sequence[Path], strict: bool) -> None:
        self.db = connection
        self.roots = list(roots)
        self.strict = strict
        self.warnings: tuple[Problem, ...] = ()
        self.content_hash = ""
        self._aux: tuple[list[Actor], list[Source], list[Topic]] | None = None
        # During an update: the files whose rows were replaced, and the ids they defined before.
        self._touched: set[str] = set()
        self._lost: set[str] = set()

    # -- refresh

    def refresh(self) -> None:
        """Bring the index up to date with the files; raise DataError if the data is invalid."""
        version_ok = self._meta("version") == f"{__version__}/{SCHEMA_VERSION}"
        if not (version_ok and os.environ.get("GOVAI_TRUST_INDEX") == "1" and self._meta("signature")):
            self._check_files(version_ok)
        problems = _unpack(self._meta_blob("problems"))
        self.warnings = tuple(_unpack(self._meta_blob("warnings")))
        self.content_hash = str(self._meta("content_hash"))
        if problems:
            raise DataError(list(problems))

    def _check_files(self, version_ok: bool) -> None:
        stats, walk_problems, walk_warnings = scan(self.roots)
        walk = _pack((walk_problems, walk_warnings))
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
        self._update(stats, changed, removed, walk, signature, rebuild=not version_ok)

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
        stats: list[Found],
        changed: list[Found],
        removed: dict[str, str],
        walk: bytes,
        signature: str,
        *,
        rebuild: bool,
    ) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if rebuild:
                for table in _TABLES:
                    db.execute(f"DELETE FROM {table}")
                changed, removed = stats, {}
            stored = dict(db.execute("SELECT path, sha256 FROM files"))
            for path in removed:
                self._forget(path)
            # Actors, sources and topics first: every event's searched text includes their names.
            others = [found for found in changed if found[1] != "events"]
            event_files = [found for found in changed if found[1] == "events"]
            aux_changed = rebuild or any(role != "events" for role in removed.values())
            for found in others:
                result = read_file(Path(found[0]), found[1], self.strict)
                if self._record_file(found, result, stored, rebuild):
                    self._forget(found[0], keep_file=True)
                    self._write([self._prepared(found[0], result)])
                    self._aux = None
                    aux_changed = True
            if aux_changed and event_files:
                self._reindex_all_events()  # before the event files, so they are indexed once
                aux_changed = False
            actors, _, topics = self._aux_records()
            next_rowid: int | None = None  # the first write finds it
            batch: list[Prepared] = []
            for found, result, prepared in _read_events(event_files, self.strict, actors, topics):
                if self._record_file(found, result, stored, rebuild):
                    if not rebuild:  # (a rebuild starts from empty tables)
                        self._forget(found[0], keep_file=True)
                    batch.append(prepared)
                if len(batch) >= WRITE_BATCH:
                    next_rowid = self._write(batch, next_rowid)
                    batch.clear()
            self._write(batch, next_rowid)
            if aux_changed:
                self._reindex_all_events()
            self._check_all(walk, full=rebuild)
            self._set_meta("signature", signature)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            _FOLDED.clear()
            self._touched.clear()
            self._lost.clear()

    def _forget(self, path: str, *, keep_file: bool = False) -> None:
        db = self.db
        self._touched.add(path)
        self._lost.update(i for (i,) in db.execute("SELECT id FROM ids WHERE path = ?", (path,)))
        tables = ("aux", "ids", "refs", "notes") if keep_file else ("files", "aux", "ids", "refs", "notes")
        for table in tables:
            db.execute(f"DELETE FROM {table} WHERE path = ?", (path,))
        rowids = [(r[0],) for r in db.execute("SELECT rowid FROM events WHERE path = ?", (path,))]
        db.executemany("DELETE FROM events_fts WHERE rowid = ?", rowids)
        db.execute("DELETE FROM events WHERE path = ?", (path,))

    def _record_file(self, found: Found, result: FileRecords, stored: dict[str, str], rebuild: bool) -> bool:
        """Note the file's new size, times and hash; True if its records must be re-stored."""
        self.db.execute(
            "INSERT OR REPLACE INTO files(path, role, size, mtime_ns, ctime_ns, sha256) VALUES (?, ?, ?, ?, ?, ?)",
            (*found, result.sha256),
        )
        # A file touched, not changed (same bytes): only its size and times were new.
        return rebuild or not result.sha256 or stored.get(found[0]) != result.sha256

    def _prepared(self, path: str, result: FileRecords) -> Prepared:
        actors, _, topics = self._aux_records()
        return prepare(path, result, {a.id: a for a in actors}, {t.id: t for t in topics})

    def _write(self, batch: Sequence[Prepared], next_rowid: int | None = None) -> int:
        """Store the prepared rows of some files; return the next free event rowid.

        One ``executemany`` per table for the whole batch: per call, the sqlite3 module's own
        overhead is worth more than a row.
        """
        db = self.db
        if next_rowid is None:
            next_rowid = (db.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0) + 1
        ids, refs, notes, aux, events, texts = [], [], [], [], [], []
        for path, file_ids, file_refs, file_notes, file_aux, file_events in batch:
            ids += file_ids
            refs += file_refs
            notes += file_notes
            if file_aux is not None:
                aux.append((path, file_aux))
            for row, searched in file_events:
                events.append((next_rowid, *row))
                texts.append((next_rowid, *searched))
                next_rowid += 1
        db.executemany("INSERT INTO ids(id, kind, actor_kind, path, line) VALUES (?, ?, ?, ?, ?)", ids)
        db.executemany("INSERT INTO refs(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", refs)
        db.executemany("INSERT INTO notes(path, warning, line, col, message) VALUES (?, ?, ?, ?, ?)", notes)
        db.executemany("INSERT INTO aux(path, records) VALUES (?, ?)", aux)
        db.executemany(
            "INSERT INTO events(rowid, id, path, sort_key, first_day, last_day, kind, body, actors, countries, "
            "topics, symbol_key, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        db.executemany(
            "INSERT INTO events_fts(rowid, title, symbol, facts, actors, topics, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
            texts,
        )
        return next_rowid

    def _reindex_all_events(self) -> None:
        """Rebuild every event's row and searched text from the stored records (no YAML read)."""
        db = self.db
        rows = db.execute("SELECT path, record FROM events ORDER BY rowid").fetchall()
        db.execute("DELETE FROM events")
        db.execute("DELETE FROM events_fts")
        self._aux = None
        actors, _, topics = self._aux_records()
        by_id = {a.id: a for a in actors}, {t.id: t for t in topics}
        self._write([(path, [], [], [], None, [event_row(path, _unpack(blob), blob, *by_id)]) for path, blob in rows])

    def _dangling(self, full: bool) -> list[tuple[Any, ...]]:
        """The references whose target is not defined, kept in a table between updates.

        After a full build every reference is checked; after an update only those that can
        have changed: the references of the files re-read, those to ids that these files
        defined before, and those that were dangling already.
        """
        db = self.db
        if full:
            candidates = "SELECT path, kind, target, line, place FROM refs"
        else:
            for table, column, values in (("touched", "path", self._touched), ("lost", "id", self._lost)):
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
            "SELECT 1 FROM ids i WHERE i.id = r.target AND (i.kind = r.kind OR (r.kind = 'organization' "
            "AND i.kind = 'actor' AND i.actor_kind = 'organization')))"
        ).fetchall()
        db.execute("DELETE FROM dangling")
        db.executemany("INSERT INTO dangling(path, kind, target, line, place) VALUES (?, ?, ?, ?, ?)", rows)
        return sorted(rows)

    def _check_all(self, walk: bytes, *, full: bool) -> None:
        """Every problem of the data, across files, from the tables (no record decoded)."""
        db = self.db
        walk_problems, walk_warnings = _unpack(walk)
        problems: list[Problem] = list(walk_problems)
        warnings: list[Problem] = list(walk_warnings)
        for path, warning, line, col, message in db.execute("SELECT path, warning, line, col, message FROM notes"):
            (warnings if warning else problems).append(Problem(path, line, message, col))
        # SQL picks the rows that can be wrong; dataset.cross_check says what is wrong with them.
        ids = "SELECT kind, id, actor_kind, path, line FROM ids"
        dangling = self._dangling(full)
        if not dangling:  # only duplicates can remain: give the check just the duplicated ids
            ids += " WHERE id IN (SELECT id FROM ids GROUP BY id HAVING count(*) > 1)"
        every = [Defined(k, i, a, Origin(p, n)) for k, i, a, p, n in db.execute(ids + " ORDER BY path, line, id")]
        refs = [Ref(kind, target, path, line, place) for path, kind, target, line, place in dangling]
        problems += cross_check(every, refs)
        self._set_meta("problems", _pack(sorted(problems, key=Problem.sort_key)))
        self._set_meta("warnings", _pack(sorted(warnings, key=Problem.sort_key)))
        self._set_meta("walk", walk)
        hashes = db.execute("SELECT path, sha256 FROM files").fetchall()
        self._set_meta("content_hash", content_hash(self.roots, hashes))
        self._set_meta("version", f"{__version__}/{SCHEMA_VERSION}")

    def _aux_records(self) -> tuple[list[Actor], list[Source], list[Topic]]:
        if self._aux is None:
            actors: list[Actor] = []
            sources: list[Source] = []
            topics: list[Topic] = []
            for (blob,) in self.db.execute("SELECT records FROM aux ORDER BY path"):
                a, s, t = _unpack(blob)
                actors += a
                sources += s
                topics += t
            self._aux = (actors, sources, topics)
        return self._aux

    # -- reading

    def aux_dataset(self, events: Sequence[Event] = ()) -> Dataset:
        """A Dataset with every actor, source and topic, and only ``events``."""
        actors, sources, topics = self._aux_records()
        return Dataset(
            events=tuple(events),
            actors=tuple(sorted(actors, key=lambda a: a.id)),
            sources=tuple(sorted(sources, key=lambda s: s.id)),
            topics=tuple(sorted(topics, key=lambda t: t.id)),
            content_hash=self.content_hash,
        )

    def load(self) -> Loaded:
        """The whole validated dataset, from the index (no YAML read unless files changed)."""
        events = [_unpack(blob) for (blob,) in self.db.execute("SELECT record FROM events")]
        dataset = self.aux_dataset(sorted(events, key=Event.sort_key))
        files = tuple(path for (path,) in self.db.execute("SELECT path FROM files ORDER BY path"))
        return Loaded(replace(dataset, files=files), self.warnings)

    def events(self, rowids: Sequence[int]) -> dict[int, Event]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.db.execute(f"SELECT rowid, record FROM events WHERE rowid IN ({marks})", list(rowids))
        return {rowid: _unpack(blob) for rowid, blob in rows}

    def texts(self, rowids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        cols = ", ".join(COLUMNS)
        rows = self.db.execute(f"SELECT rowid, {cols} FROM events_fts WHERE rowid IN ({marks})", list(rowids))
        return {row[0]: tuple(row[1:]) for row in rows}

    def match(
        self, expression: str, phrase: str | None, filters: Filters, limit: int | None, *, excludes: bool = False
    ) -> tuple[list[tuple[int, float]], int]:
        """(rowid, score) of the best ``limit`` events matching, and how many match in all.

        Order: an event whose symbol is the query first; then the events where the whole query
        is found as a phrase, by the phrase's field-weighted bm25 (a symbol or a title before
        a summary); then the others by the query's weighted bm25; ties by date, then id.
        """
        # Without filters, FTS5 can rank alone (unless a phrase row might hold an excluded word).
        if limit is not None and not any(vars(filters).values()) and not (excludes and phrase is not None):
            quick = self._match_top(expression, phrase, limit)
            if quick is not None:
                return quick
        where = ["events_fts MATCH ?"]
        args: list[Any] = []
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
        phrase_join, tier, phrase_args, symbol_args = "", "0", [], []
        if phrase is not None:
            phrase_join = (
                f"LEFT JOIN (SELECT rowid AS prow, -bm25(events_fts, {_WEIGHTS}) AS pscore FROM events_fts "
                "WHERE events_fts MATCH ?) p ON p.prow = f.rowid"
            )
            tier = "(p.prow IS NOT NULL) + coalesce(e.symbol_key = ?, 0)"
            phrase_args = [phrase]
            symbol_args = [_symbol_key(phrase)]
        score = "coalesce(p.pscore, -bm25(events_fts, {0}))" if phrase is not None else "-bm25(events_fts, {0})"
        # bm25() cannot sit beside a window function: score in a subquery, count and cut outside.
        sql = (
            "SELECT rowid, tier, score, count(*) OVER () FROM ("
            f"SELECT f.rowid AS rowid, {tier} AS tier, {score.format(_WEIGHTS)} AS score, "
            f"e.sort_key AS sort_key, e.id AS id FROM events_fts f JOIN events e ON e.rowid = f.rowid "
            f"{phrase_join} WHERE {' AND '.join(where)}) ORDER BY tier DESC, score DESC, sort_key, id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.db.execute(sql, [*symbol_args, *phrase_args, expression, *args]).fetchall()
        total = rows[0][3] if rows else 0
        return [(rowid, _reported(tier, score)) for rowid, tier, score, _ in rows], total

    def _match_top(self, expression: str, phrase: str | None, limit: int) -> tuple[list[tuple[int, float]], int] | None:
        """``match`` without filters, ranked by FTS5 alone: None when it cannot decide alone.

        The full query joins every matching event to sort it; at 100k events that is most of a
        search's time. Here FTS5 keeps only the best ``limit + 1`` scores; date and id, needed
        only to break ties, are read for those rows. When the best rows are not all phrase
        rows, or a tie reaches past the cut, the full query decides.
        """
        db = self.db
        total = db.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (expression,)).fetchone()[0]
        if total == 0 or limit <= 0:
            return [], total
        query, tier, by_symbol = expression, 0, set()
        if phrase is not None:
            query, tier = phrase, 1
            by_symbol = {
                r for (r,) in db.execute("SELECT rowid FROM events WHERE symbol_key = ?", (_symbol_key(phrase),))
            }
        fetched = db.execute(
            f"SELECT rowid, -bm25(events_fts, {_WEIGHTS}) AS s FROM events_fts WHERE events_fts MATCH ? "
            "ORDER BY s DESC LIMIT ?",
            (query, limit + 1 + len(by_symbol)),
        ).fetchall()
        if not by_symbol <= {r for r, _ in fetched}:
            return None  # a symbol match outside the best phrase scores: the full query ranks it
        if len(fetched) < min(limit, total):
            return None  # fewer phrase rows than asked: the others come from the word query
        # (tier, score) of each candidate; the symbol matches go first.
        candidates = sorted(((r, tier + (r in by_symbol), s) for r, s in fetched), key=lambda c: (-c[1], -c[2]))
        best, rest = candidates[:limit], candidates[limit:]
        if rest and rest[0][1:] == best[-1][1:]:
            return None  # a tie across the cut: date and id of every tied row decide
        marks = ",".join("?" * len(best))
        sql = f"SELECT rowid, sort_key, id FROM events WHERE rowid IN ({marks})"
        keys = {r: (k, i) for r, k, i in db.execute(sql, [r for r, _, _ in best])}
        best.sort(key=lambda c: (-c[1], -c[2], *keys[c[0]]))
        return [(r, _reported(t, s)) for r, t, s in best], total


TIER = 10000.0  # a symbol match scores above 20000, a phrase match above 10000, other matches below


def _reported(tier: int, score: float) -> float:
    """The score shown: the tier, then bm25 (capped so that the shown scores never go up)."""
    return tier * TIER + min(score, TIER - 1)


def _symbol_key(phrase: str) -> str:
    return " ".join(phrase.strip('"').split())


_WEIGHTS = ", ".join(str(w) for w in WEIGHTS)


# ---------------------------------------------------------------- preparing rows (no database)

# One event's row of the events table (without its rowid) and its folded texts.
EventRow = tuple[tuple[Any, ...], tuple[str, ...]]
# What one file adds to the index: path, ids, refs and notes rows, the aux blob, event rows.
Prepared = tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], bytes | None, list[EventRow]]

PARALLEL_FROM = 2000
WRITE_BATCH = (
    500  # files whose rows are written together  # event files to read before a second process is worth its start-up
)


def event_row(path: str, event: Event, blob: bytes, actors: dict[str, Actor], topics: dict[str, Topic]) -> EventRow:
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
    return row, search_texts(event, actors, topics)


def prepare(path: str, result: FileRecords, actors: dict[str, Actor], topics: dict[str, Topic]) -> Prepared:
    """Every row one file adds to the index, as plain values (so a worker process can send them)."""
    records = result.records
    ids = [(d.id, d.kind, d.actor_kind, path, d.origin.line) for d in result.defined()]
    refs = [(r.path, r.kind, r.target, r.line, r.where) for r in records.refs]
    notes = [(path, 0, p.line, p.column, p.message) for p in records.problems]
    notes += [(path, 1, p.line, p.column, p.message) for p in records.warnings]
    aux = None
    if records.actors or records.sources or records.topics:
        aux = _pack((records.actors, records.sources, records.topics))
    events = [event_row(path, e, marshal.dumps(_encode(e)), actors, topics) for e in records.events]
    return path, ids, refs, notes, aux, events


_WORKER: tuple[bool, dict[str, Actor], dict[str, Topic]] | None = None


def _worker_start(strict: bool, actors: dict[str, Actor], topics: dict[str, Topic]) -> None:
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    _WORKER = (strict, actors, topics)


def _read_one(
    found: Found, strict: bool, actors: dict[str, Actor], topics: dict[str, Topic]
) -> tuple[Found, FileRecords, Prepared]:
    path, role, *_ = found
    result = read_file(Path(path), role, strict)
    return found, result, prepare(path, result, actors, topics)


def _worker_read(found: Found) -> tuple[Found, FileRecords, Prepared]:
    assert _WORKER is not None
    return _read_one(found, *_WORKER)


def _read_events(
    files: list[Found], strict: bool, actors: list[Actor], topics: list[Topic]
) -> Iterator[tuple[Found, FileRecords, Prepared]]:
    """Read and prepare event files, in order; in worker processes when there are many."""
    by_id = {a.id: a for a in actors}, {t.id: t for t in topics}
    workers = min(os.cpu_count() or 1, 4)
    pool = None
    if len(files) >= PARALLEL_FROM and workers >= 2:
        import multiprocessing

        with contextlib.suppress(OSError, ImportError):  # no processes here (a sandbox, no /dev/shm)
            pool = multiprocessing.Pool(workers, _worker_start, (strict, *by_id))
    if pool is None:
        for found in files:
            yield _read_one(found, strict, *by_id)
        return
    with pool:
        yield from pool.imap(_worker_read, files, chunksize=64)


def search_texts(event: Event, actors: dict[str, Actor], topics: dict[str, Topic]) -> tuple[str, ...]:
    """The folded text of each searched field of ``event``, in COLUMNS order."""
    names = [_folded_names(actors[a]) for a in event.actor_ids if a in actors]
    labels = [_folded_labels(topics[t]) for t in event.topics if t in topics]
    facts = [text for fact in event.facts for text in (*fact.text.values(), fact.quote or "")]
    parts = (
        event.title.text().values(),
        (event.symbol or "", *event.other_symbols),
        facts,
        event.summary.values() if event.summary else (),
    )
    title, symbol, facts_text, summary = (_SEPARATOR.join(fold(t) for t in texts if t) for texts in parts)
    return title, symbol, facts_text, _SEPARATOR.join(n for n in names if n), _SEPARATOR.join(labels), summary


_SEPARATOR = " \u2029 "


# Every event of an actor or topic repeats its names: fold them once per record, not per
# event. Keyed by the record's identity (the entry keeps the record alive, so no id is reused).
_FOLDED: dict[int, tuple[Actor | Topic, str]] = {}


def _folded_names(actor: Actor) -> str:
    entry = _FOLDED.get(id(actor))
    if entry is None or entry[0] is not actor:
        names = [*actor.name.values(), *actor.aliases, *(actor.short_name.values() if actor.short_name else ())]
        entry = _FOLDED[id(actor)] = (actor, _SEPARATOR.join(fold(n) for n in names if n))
    return entry[1]


def _folded_labels(topic: Topic) -> str:
    entry = _FOLDED.get(id(topic))
    if entry is None or entry[0] is not topic:
        labels = [*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en]
        entry = _FOLDED[id(topic)] = (topic, _SEPARATOR.join(fold(t) for t in labels if t))
    return entry[1]


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
