"""The cache's SQLite tables, shared by the module that reads them (``cache``) and the one
that fills them (``fill``)."""

from __future__ import annotations

from . import __version__
from .search import FTS_TABLE, VOCAB_TABLE

SCHEMA_VERSION = 18  # bump whenever the tables or the record encoding change
INDEX_VERSION = f"{__version__}/{SCHEMA_VERSION}"  # what an index file was written by

# The indexes a first build makes once its rows are in (one sort each, not a B-tree insert a row):
# at 100k events, the references took 10 s to insert with theirs, 3 s without and 1.2 s to index.
DEFERRED_INDEXES = {
    "ids_id": "CREATE INDEX IF NOT EXISTS ids_id ON ids(id)",
    "ids_path": "CREATE INDEX IF NOT EXISTS ids_path ON ids(path)",
    "refs_path": "CREATE INDEX IF NOT EXISTS refs_path ON refs(path)",
    "refs_target": "CREATE INDEX IF NOT EXISTS refs_target ON refs(target, kind)",  # (covers fill.dangling's pairs)
}

_DEFERRED = ";\n".join(DEFERRED_INDEXES.values())
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS scanned(key TEXT PRIMARY KEY, body BLOB);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, role TEXT, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, sha256 TEXT);
CREATE TABLE IF NOT EXISTS named(path TEXT, kind TEXT, id TEXT, record BLOB);
CREATE INDEX IF NOT EXISTS named_id ON named(id);
CREATE INDEX IF NOT EXISTS named_path ON named(path);
CREATE INDEX IF NOT EXISTS named_kind ON named(kind, id);
CREATE TABLE IF NOT EXISTS ids(id TEXT, kind TEXT, actor_kind TEXT, path TEXT, line INTEGER);
CREATE TABLE IF NOT EXISTS refs(path TEXT, kind TEXT, target TEXT, line INTEGER, place TEXT);
{_DEFERRED};
CREATE TABLE IF NOT EXISTS duplicated(id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS dangling(path TEXT, kind TEXT, target TEXT, line INTEGER, place TEXT);
CREATE TABLE IF NOT EXISTS notes(path TEXT, warning INTEGER, line INTEGER, col INTEGER, message TEXT);
CREATE INDEX IF NOT EXISTS notes_path ON notes(path);
CREATE TABLE IF NOT EXISTS events(
    rowid INTEGER PRIMARY KEY, id TEXT, path TEXT, sort_key TEXT, first_day TEXT, last_day TEXT,
    kind TEXT, body TEXT, actors TEXT, countries TEXT, topics TEXT, symbol_key TEXT, record BLOB);
CREATE INDEX IF NOT EXISTS events_path ON events(path);
CREATE INDEX IF NOT EXISTS events_symbol ON events(symbol_key) WHERE symbol_key IS NOT NULL;
{FTS_TABLE};
{VOCAB_TABLE};
"""
TABLES = ("meta", "scanned", "files", "named", "ids", "refs", "dangling", "duplicated", "notes", "events", "events_fts")
