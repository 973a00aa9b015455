"""The search index's cache: refreshed file by file, rechecked where something changed, and never
able to hurt: corrupt, locked, read-only or missing, it gives way to a fresh answer."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from govai_cli import cache, files, fill
from govai_cli import dataset as dataset_module
from govai_cli.cache import index_path, open_index
from govai_cli.codec import pack
from govai_cli.errors import DataError
from govai_cli.model import Filters, Origin
from govai_cli.search import search
from govai_cli.store import DEFERRED_INDEXES, TABLES

from .conftest import GOOD, Run
from .helpers import INDEXED_EVENT, event, event_file, installed, searched_ids


@pytest.fixture
def data(good_copy: Path) -> Path:
    return good_copy


# ---------------------------------------------------------------- fresh: changes are seen, and only they are read again


def test_editing_adding_and_removing_files_is_seen(data: Path) -> None:
    assert searched_ids(data, "oeuvre") == ["resolution"]
    (data / "events" / "new.yaml").write_text(
        INDEXED_EVENT.format(id="new", date="2025", title="Chef-d’œuvre", summary="x"), encoding="utf-8"
    )
    assert searched_ids(data, "oeuvre") == ["new", "resolution"]  # title above facts
    target = data / "events" / "new.yaml"
    target.write_text(INDEXED_EVENT.format(id="new", date="2025", title="Nothing", summary="x"), encoding="utf-8")
    assert searched_ids(data, "oeuvre") == ["resolution"]
    target.unlink()
    assert searched_ids(data, "nothing") == []


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the data files read from now on (``dataset.read_file`` counted)."""
    read: list[str] = []
    real = dataset_module.read_file

    def counting(path: Path, role: str, strict: bool) -> dataset_module.FileRecords:
        read.append(path.name)
        return real(path, role, strict)

    monkeypatch.setattr(fill, "read_file", counting)
    return read


def test_only_changed_files_are_read_again(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_index([data])
    read = counted_reads(monkeypatch)
    open_index([data])
    assert read == []
    event = data / "events" / "2024-07-01-statement.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("Quatre", "Cinq"), encoding="utf-8")
    open_index([data])
    assert read == ["2024-07-01-statement.yaml"]
    os.utime(event, ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, not changed
    read.clear()
    index = open_index([data])
    assert read == ["2024-07-01-statement.yaml"]  # read to compare its hash ...
    assert [h.event.id for h in search(index, "cinq")[0]] == ["statement"]  # ... and still right


def traced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the indexes opened from now on run (sqlite3's trace callback)."""
    statements: list[str] = []
    real = cache._connect

    def tracing(path: Path | None) -> sqlite3.Connection:
        connection = real(path)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(cache, "_connect", tracing)
    return statements


def test_a_first_build_indexes_the_references_once_they_are_in(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The indexes of ids and refs are made after a first build's rows (one sort each), and are
    there after it; an edit keeps them. The full-text table merges its segments only after."""
    statements = traced(monkeypatch)
    index = open_index([data])
    inserts = [i for i, s in enumerate(statements) if s.startswith(("INSERT INTO refs", "INSERT INTO ids"))]
    for name, create in DEFERRED_INDEXES.items():
        dropped = statements.index(f"DROP INDEX IF EXISTS {name}")
        made = statements.index(create)
        assert dropped < inserts[0]
        assert inserts[-1] < made
    made_names = {name for (name,) in index.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert set(DEFERRED_INDEXES) <= made_names
    # SQLite's sorter may use the other cores for them.
    sorting = statements.index(f"PRAGMA threads = {fill.WORKERS - 1}")
    assert inserts[-1] < sorting < min(statements.index(create) for create in DEFERRED_INDEXES.values())
    # The full-text segments are not merged while the rows go in, and are written from a larger
    # buffer; both settings are back to FTS5's defaults afterwards.
    texts = [i for i, s in enumerate(statements) if s.startswith("INSERT INTO events_fts(rowid")]
    for building, default in (("'automerge', 0", "'automerge', 4"), ("'hashsize', 8388608", "'hashsize', 1048576")):
        [before] = [i for i, s in enumerate(statements) if building in s]
        [after] = [i for i, s in enumerate(statements) if default in s]
        assert before < texts[0]
        assert texts[-1] < after
    config = dict(index.db.execute("SELECT k, v FROM events_fts_config WHERE k IN ('automerge', 'hashsize')"))
    assert config == {"automerge": 4, "hashsize": 2**20}
    event = data / "events" / "2024-07-01-statement.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("Quatre", "Cinq"), encoding="utf-8")
    statements.clear()
    index = open_index([data])
    assert not [s for s in statements if s.startswith("DROP INDEX")]
    plan = index.db.execute("EXPLAIN QUERY PLAN SELECT path FROM refs WHERE target = 'x'").fetchall()
    assert "refs_target" in str(plan)


def test_an_edit_reads_back_only_the_rows_of_its_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither the files table nor the actors, sources and topics are read whole after an edit."""
    open_index([data])
    statements = traced(monkeypatch)
    event = data / "events" / "2024-07-01-statement.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("Quatre", "Cinq"), encoding="utf-8")
    index = open_index([data])
    whole = [s for s in statements if ("FROM files" in s or "FROM named" in s) and "WHERE" not in s]
    assert whole == []
    assert not [s for s in statements if "FROM ids GROUP BY" in s]  # duplicates: only the ids that can be
    assert all("WHERE key = " in s for s in statements if "FROM scanned" in s)  # the scan: by block
    assert any("FROM named WHERE id = " in s for s in statements)  # the edited event's actors, by id
    assert [h.event.id for h in search(index, "cinq")[0]] == ["statement"]
    assert index.content_hash == dataset_module.load_dataset([data]).dataset.content_hash


def counted_blocks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the scan's blocks turned into one tuple per file from now on."""
    unpacked: list[str] = []
    real = files.Block.found

    def counting(block: files.Block) -> list[files.Found]:
        unpacked.append(block.key)
        return real(block)

    monkeypatch.setattr(files.Block, "found", counting)
    return unpacked


def test_an_unchanged_tree_is_checked_without_a_tuple_per_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "BLOCK", 2)  # the fixture's 5 event files: 3 blocks
    open_index([data])
    unpacked = counted_blocks(monkeypatch)
    statements = traced(monkeypatch)
    open_index([data])
    assert unpacked == []
    assert not [s for s in statements if "scanned" in s]  # nor a stored block read or written


def test_an_edit_unpacks_and_stores_only_its_block(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "BLOCK", 2)
    open_index([data])
    unpacked = counted_blocks(monkeypatch)
    statements = traced(monkeypatch)
    event = data / "events" / "2024-07-01-statement.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("Quatre", "Cinq"), encoding="utf-8")
    index = open_index([data])
    (key,) = set(unpacked)
    assert len(unpacked) == 2  # the block as stored and as it is now, no other
    assert [s for s in statements if "scanned" in s and "SELECT" in s] == [
        f"SELECT body FROM scanned WHERE key = '{key}'"
    ]
    assert len([s for s in statements if "INSERT OR REPLACE INTO scanned" in s]) == 1
    assert [h.event.id for h in search(index, "cinq")[0]] == ["statement"]


def test_files_moving_between_blocks_are_neither_lost_nor_read_again(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding or removing a file shifts the files after it into other blocks: only the files
    that really changed are read again, and the removed one is forgotten."""
    monkeypatch.setattr(files, "BLOCK", 2)
    assert searched_ids(data, "oeuvre") == ["resolution"]
    read = counted_reads(monkeypatch)
    (data / "events" / "0000-new.yaml").write_text(
        INDEXED_EVENT.format(id="new", date="2025", title="Chef-d’œuvre", summary="x"), encoding="utf-8"
    )
    assert searched_ids(data, "oeuvre") == ["new", "resolution"]
    assert read == ["0000-new.yaml"]
    read.clear()
    (data / "events" / "2020-06-15-dialogue.yaml").unlink()
    assert searched_ids(data, "oeuvre") == ["new", "resolution"]
    assert read == []
    assert "dialogue" not in {e.id for e in open_index([data]).load().dataset.events}


def test_a_duplicate_id_stays_reported_until_it_is_gone(data: Path) -> None:
    """After an update, duplicate ids are looked for only among the ids that can have changed
    and those duplicated already: an unrelated edit keeps a duplicate reported."""

    def problems() -> str:
        try:
            open_index([data])
        except DataError as exc:
            return str(exc)
        return ""

    copy = data / "events" / "copy.yaml"
    copy.write_text(INDEXED_EVENT.format(id="resolution", date="2025", title="C", summary="x"), encoding="utf-8")
    assert "duplicate id 'resolution'" in problems()
    span = data / "events" / "2024-span.yaml"
    span.write_text(span.read_text(encoding="utf-8") + "\n# an unrelated edit\n", encoding="utf-8")
    assert "duplicate id 'resolution'" in problems()
    copy.write_text(INDEXED_EVENT.format(id="other-id", date="2025", title="C", summary="x"), encoding="utf-8")
    assert problems() == ""
    span.write_text(span.read_text(encoding="utf-8").replace("id: ", "id: resolution\n# was: ", 1), "utf-8")
    assert "duplicate id 'resolution'" in problems()  # the edited file now defines it too


def test_a_search_decodes_only_what_it_returns(run: Run, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_index([data])
    decoded: list[str] = []
    real = cache.unpack

    def counting(blob: bytes, kind: Any) -> Any:
        value = real(blob, kind)
        decoded.append(type(value).__name__)
        return value

    def every_record(_: object) -> None:
        raise AssertionError("a search read every actor, source and topic")

    monkeypatch.setattr(cache, "unpack", counting)
    monkeypatch.setattr(cache.Index, "aux_records", every_record)
    result = run("search", "oeuvre", "--data", str(data), "--format", "json", "--limit", "1")
    (hit,) = json.loads(result.stdout)
    assert hit["id"] == "resolution"
    # One event and one actor decoded at opening (they decode: the index is sound), then the
    # event returned and the actors its file names (of the fixture's 6), no other.
    assert decoded.count("Event") == 2
    assert decoded.count("Actor") == 1 + len({hit["body"], *(a["id"] for a in hit["actors"])} - {None})


def test_a_search_reads_the_topics_in_one_query(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ranking needs every topic's names: one statement for all, not one per topic."""
    open_index([data])
    statements = traced(monkeypatch)
    index = open_index([data])
    assert [h.event.id for h in search(index, "oeuvre")[0]] == ["resolution"]
    topics = [s for s in statements if "FROM named" in s and "'topic'" in s]
    assert len(topics) == 1, topics
    assert len(index.named("topic")) > 1


@pytest.mark.parametrize(
    ("before", "now", "changed", "removed"),
    [
        ("abcd", "abcd", "", ""),
        ("abcd", "aBcd", "B", ""),  # B: b with another size
        ("abcd", "abcde", "e", ""),
        ("abcd", "acd", "", "b"),
        ("abcd", "Acdf", "Af", "b"),
        ("", "ab", "ab", ""),
        ("ab", "", "", "ab"),
    ],
)
def test_the_scan_diff(before: str, now: str, changed: str, removed: str) -> None:
    def found(name: str) -> tuple[str, str, int, int, int]:
        return (name.lower(), "events", 2 if name.isupper() else 1, 0, 0)

    got_changed, got_removed = cache._diff([found(n) for n in before], [found(n) for n in now])
    assert got_changed == [found(n) for n in changed]
    assert got_removed == dict.fromkeys(removed, "events")


def test_changing_an_actor_reindexes_the_events_that_name_it(data: Path) -> None:
    assert searched_ids(data, "Zhang") == []
    actors = data / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('en: "Chen Xu"', 'en: "Chen Xu Zhang"'), "utf-8")
    assert searched_ids(data, "Zhang") == ["statement"]


def test_a_same_size_edit_with_its_old_mtime_is_seen(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    stat = path.stat()
    path.write_text(event(title="Omega"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert searched(run, data, "omega") == ["x"]


def test_invalid_data_is_reported_from_the_index_too(data: Path) -> None:
    open_index([data])
    (data / "events" / "bad.yaml").write_text("id: x\ndate: 2024-13\nkind: meeting\ntitle: {en: X}\n", "utf-8")
    for _ in range(2):  # once when read, once from the index
        with pytest.raises(DataError) as caught:
            open_index([data])
        assert "bad.yaml:2:7" in str(caught.value)


def test_references_are_rechecked_when_their_target_comes_and_goes(data: Path) -> None:
    """The dangling-reference check after an update looks only where something can have changed."""

    def problems() -> str:
        try:
            open_index([data])
        except DataError as exc:
            return str(exc)
        return ""

    other = data / "events" / "other.yaml"
    pointer = data / "events" / "pointer.yaml"
    pointer.write_text(INDEXED_EVENT.format(id="pointer", date="2025", title="P", summary="x") + "related: [other]\n")
    reported = problems()  # dangling from the start
    assert "pointer.yaml" in reported
    assert "'other'" in reported
    (data / "events" / "2024-span.yaml").write_text(
        (data / "events" / "2024-span.yaml").read_text(encoding="utf-8") + "\n# an unrelated edit\n"
    )
    assert "'other'" in problems()  # still dangling after another file changed
    other.write_text(INDEXED_EVENT.format(id="other", date="2025", title="O", summary="x"))
    assert problems() == ""  # the new file defines it
    other.write_text(INDEXED_EVENT.format(id="renamed", date="2025", title="O", summary="x"))
    assert "'other'" in problems()  # its id went away with the edit
    other.unlink()
    assert "'other'" in problems()
    pointer.unlink()
    assert problems() == ""
    actors = data / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("id: chen-xu", "id: chen-xu-2"), encoding="utf-8")
    assert "'chen-xu'" in problems()  # an actor named by an untouched event went away
    actors.write_text(text, encoding="utf-8")
    assert problems() == ""


def test_trusting_the_index_skips_the_file_check_only_when_asked(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert searched_ids(data, "oeuvre") == ["resolution"]
    (data / "events" / "new.yaml").write_text(INDEXED_EVENT.format(id="new", date="2025", title="Œuvre", summary="x"))
    monkeypatch.setenv("GOVAI_TRUST_INDEX", "1")
    assert searched_ids(data, "oeuvre") == ["resolution"]  # trusted: the new file is not looked for
    monkeypatch.setenv("GOVAI_TRUST_INDEX", "0")
    assert searched_ids(data, "oeuvre") == ["new", "resolution"]


@pytest.mark.parametrize("pool", ["works", "unavailable"])
def test_worker_processes_build_the_same_index(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: str
) -> None:
    """Many event files are read in worker processes; the index they build is the same."""
    for n in range(6):
        (data / "events" / f"extra-{n}.yaml").write_text(
            INDEXED_EVENT.format(id=f"extra-{n}", date=f"202{n}", title=f"Œuvre numéro {n}", summary="l’égalité")
        )
    serial = [(h.event, h.score) for h in search(open_index([data]), "oeuvre", Filters())[0]]
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(tmp_path / "other-cache"))
    monkeypatch.setattr(fill, "PARALLEL_FROM", 2)
    if pool == "unavailable":

        def no_pool(*_: object) -> None:
            raise OSError("no processes here")

        monkeypatch.setattr("multiprocessing.Pool", no_pool)
    parallel = [(h.event, h.score) for h in search(open_index([data]), "oeuvre", Filters())[0]]
    assert parallel == serial
    assert len(serial) == 7  # the six new ones and the fixture's own


def test_one_pool_reads_every_file_and_each_aux_file_is_a_task_of_its_own(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build starts one pool of workers for every file: the actor, source and topic
    files first, each a task of its own (one can hold thousands of records), then the event
    files by chunks, so the workers read events while the main process stores the actors."""
    for n in range(9):
        (data / "events" / f"extra-{n}.yaml").write_text(
            INDEXED_EVENT.format(id=f"extra-{n}", date=f"202{n}", title=f"Œuvre numéro {n}", summary="x")
        )
    import multiprocessing

    real_pool = multiprocessing.Pool
    tasks: list[list[str]] = []
    pools: list[object] = []

    def counted_pool(*args: Any) -> Any:
        pool = real_pool(*args)
        real_imap = pool.imap

        def imap(work: Any, chunks: Any) -> Any:
            chunks = list(chunks)
            tasks.extend([Path(found[0]).name for found in chunk] for chunk in chunks)
            return real_imap(work, chunks)

        pool.imap = imap  # type: ignore[method-assign]
        pools.append(pool)
        return pool

    monkeypatch.setattr(multiprocessing, "Pool", counted_pool)
    monkeypatch.setattr(fill, "PARALLEL_FROM", 2)
    assert searched_ids(data, "oeuvre")
    assert len(pools) == 1
    aux = [task for task in tasks if not task[0].startswith(("2", "extra"))]
    assert aux == [[name] for name in sorted(p.name for p in data.glob("*.yaml"))]
    assert tasks[: len(aux)] == aux  # before every event file
    events = [name for task in tasks[len(aux) :] for name in task]
    assert events == sorted(p.name for p in (data / "events").glob("*.yaml"))
    assert len(tasks) - len(aux) > 1  # in more than one chunk


def test_a_first_build_checks_each_distinct_reference_once(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a first build, the references are checked by what they refer to: each distinct
    (target, kind) once, read from the index on refs alone, then only the references of the
    pairs left undefined."""
    (data / "events" / "pointer.yaml").write_text(
        INDEXED_EVENT.format(id="pointer", date="2025", title="P", summary="x") + "related: [gone, gone]\n"
    )
    statements = traced(monkeypatch)
    with pytest.raises(DataError) as caught:
        open_index([data])
    assert str(caught.value).count("'gone'") == 2
    [check] = [s for s in statements if "NOT EXISTS (SELECT 1 FROM ids" in s]
    assert "FROM (SELECT DISTINCT target, kind FROM refs) r WHERE NOT EXISTS" in check
    with contextlib.closing(sqlite3.connect(index_path([data], False))) as db:
        plan = str(db.execute("EXPLAIN QUERY PLAN SELECT DISTINCT target, kind FROM refs").fetchall())
    assert "COVERING INDEX refs_target" in plan


def index_rows(index: cache.Index) -> dict[str, list[str]]:
    """Every row of every table of ``index``, in order (the last scan's blob left out: it holds times)."""
    return {
        table: [repr(row) for row in index.db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        for table in TABLES
        if table != "meta"
    } | {"meta": [repr(r) for r in index.db.execute("SELECT * FROM meta WHERE key != 'scan' ORDER BY key")]}


def test_worker_processes_store_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With worker processes (the actor, source and topic files too), every table holds the same
    rows as a build in one process: the bundled data, with its actors' dated facts."""
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(tmp_path / "serial"))
    serial = index_rows(open_index(None))
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(tmp_path / "parallel"))
    monkeypatch.setattr(fill, "PARALLEL_FROM", 2)
    parallel = index_rows(open_index(None))
    assert parallel == serial
    assert any("actor_fact" in row for row in serial["events"])


def test_a_first_build_decodes_the_stored_names_once(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The actors and topics are read back once a build, not once per file read, and the
    sources not at all (event rows need only names)."""
    (data / "sources-2.yaml").write_text("sources: []\n", encoding="utf-8")
    statements = traced(monkeypatch)
    assert searched_ids(data, "oeuvre") == ["resolution"]
    whole = [s for s in statements if s.startswith("SELECT") and re.search(r"FROM named( ORDER|$)", s)]
    names = [s for s in statements if "FROM named WHERE kind IN ('actor', 'topic')" in s]
    assert (len(whole), len(names)) == (0, 1), statements


# ---------------------------------------------------------------- the cache cannot hurt


def searched(run: Run, data: Path, text: str) -> list[str]:
    result = run("search", text, "--data", str(data), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" or "Aucun" in result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_index_is_rebuilt(data: Path, damage: str) -> None:
    open_index([data])
    path = index_path([data], False)
    content = path.read_bytes()
    path.write_bytes(
        {"garbage": b"not a database" * 100, "truncated": content[: len(content) // 3], "empty": b""}[damage]
    )
    assert searched_ids(data, "oeuvre") == ["resolution"]
    assert searched_ids(data, "oeuvre") == ["resolution"]


@pytest.mark.parametrize("table", ["named", "events"])
@pytest.mark.parametrize("blob", ["garbage", "another type"])
def test_an_index_whose_records_do_not_decode_is_rebuilt(data: Path, table: str, blob: str) -> None:
    """Records are decoded by the type asked for: bytes that are not one (garbage, or a record
    of another type, well formed) make the index rebuilt, never a wrong record."""
    open_index([data])
    other = pack(Origin("elsewhere.yaml", 1))
    with sqlite3.connect(index_path([data], False)) as db:
        db.execute(f"UPDATE {table} SET record = ?", ({"garbage": b"\xc1not msgpack", "another type": other}[blob],))
    assert searched_ids(data, "oeuvre") == ["resolution"]
    assert len(open_index([data]).load().dataset.events) == 5


def test_an_unusable_cache_directory_falls_back_to_memory(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    assert searched_ids(data, "oeuvre") == ["resolution"]


def test_a_missing_cache_folder_is_created(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(cache))
    assert searched(run, GOOD, "oeuvre") == ["resolution"]
    assert len(list(cache.glob("index-*.sqlite"))) == 1


def test_a_read_only_index_file_is_used_or_bypassed(data: Path, tmp_path: Path) -> None:
    open_index([data])
    path = index_path([data], False)
    path.chmod(stat.S_IRUSR)
    try:
        (data / "events" / "new.yaml").write_text(
            INDEXED_EVENT.format(id="new", date="2025", title="Read only", summary="x"), encoding="utf-8"
        )
        assert searched_ids(data, "read only") == ["new"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_cache_gives_fresh_answers(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    (stored,) = (tmp_path / "cache").glob("index-*.sqlite")
    before = stored.read_bytes()
    path.write_text(event(title="Omega"), encoding="utf-8")
    real = sqlite3.connect

    def read_only(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        # As in a folder or file the user cannot write: reads work, every write fails.
        if database == ":memory:":
            return real(database, *args, **kwargs)
        return real(f"file:{database}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    assert searched(run, data, "omega") == ["x"]
    assert searched(run, data, "alpha") == []
    assert stored.read_bytes() == before  # left alone


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode; the test above simulates it")
def test_a_read_only_cache_folder_for_real(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    path.write_text(event(title="Omega"), encoding="utf-8")
    (tmp_path / "cache").chmod(0o500)
    try:
        assert searched(run, data, "omega") == ["x"]
    finally:
        (tmp_path / "cache").chmod(0o700)


def test_a_locked_index_falls_back_to_memory(data: Path) -> None:
    open_index([data])
    blocker = sqlite3.connect(index_path([data], False), isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        (data / "events" / "new.yaml").write_text(
            INDEXED_EVENT.format(id="new", date="2025", title="Locked out", summary="x"), encoding="utf-8"
        )
        assert searched_ids(data, "locked") == ["new"]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_two_processes_building_at_once_both_answer_right(data: Path, tmp_path: Path) -> None:
    command = [installed(), "search", "oeuvre", "--data", str(data), "--format", "json"]
    env = {**os.environ, "GOVAI_CACHE_DIR": str(tmp_path / "shared-cache")}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = [run.communicate(timeout=60) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert b'"id": "resolution"' in out


def test_installed_program_uses_the_user_cache_directory(tmp_path: Path) -> None:
    command = installed()
    env = {k: v for k, v in os.environ.items() if k != "GOVAI_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    env["HOME"] = str(tmp_path)
    for _ in range(2):  # the first run builds the index, the second reads it
        done = subprocess.run(
            [command, "search", "égalité des sexes", "--format", "json"],
            capture_output=True, text=True, timeout=60, check=False, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)[0]["id"] == "hrc56-joint-statement-ai-women"
    assert list((tmp_path / "xdg" / "govai").glob("index-*.sqlite"))
