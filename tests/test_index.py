"""The search index: refreshed file by file, ranked as documented, never hurt by its cache."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from govai_cli import dataset as dataset_module
from govai_cli import fill
from govai_cli.cache import index_path, open_index
from govai_cli.errors import DataError
from govai_cli.model import Filters
from govai_cli.search import search

from .conftest import GOOD

EVENT = """id: {id}
date: {date}
kind: meeting
title:
  en: {{text: "{title}", status: official}}
summary:
  en: "{summary}"
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(GOOD, copy)
    return copy


def ids(folder: Path, text: str, **options: object) -> list[str]:
    hits, _, _ = search(open_index([folder]), text, Filters(), **options)  # type: ignore[arg-type]
    return [h.event.id for h in hits]


def test_editing_adding_and_removing_files_is_seen(data: Path) -> None:
    assert ids(data, "oeuvre") == ["resolution"]
    (data / "events" / "new.yaml").write_text(
        EVENT.format(id="new", date="2025", title="Chef-d’œuvre", summary="x"), encoding="utf-8"
    )
    assert ids(data, "oeuvre") == ["new", "resolution"]  # title above facts
    target = data / "events" / "new.yaml"
    target.write_text(EVENT.format(id="new", date="2025", title="Nothing", summary="x"), encoding="utf-8")
    assert ids(data, "oeuvre") == ["resolution"]
    target.unlink()
    assert ids(data, "nothing") == []


def test_only_changed_files_are_read_again(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_index([data])
    read: list[str] = []
    real = dataset_module.read_file

    def counting(path: Path, role: str, strict: bool) -> dataset_module.FileRecords:
        read.append(path.name)
        return real(path, role, strict)

    monkeypatch.setattr(fill, "read_file", counting)
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


def test_changing_an_actor_reindexes_the_events_that_name_it(data: Path) -> None:
    assert ids(data, "Zhang") == []
    actors = data / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('en: "Chen Xu"', 'en: "Chen Xu Zhang"'), "utf-8")
    assert ids(data, "Zhang") == ["statement"]


def test_invalid_data_is_reported_from_the_index_too(data: Path) -> None:
    open_index([data])
    (data / "events" / "bad.yaml").write_text("id: x\ndate: 2024-13\nkind: meeting\ntitle: {en: X}\n", "utf-8")
    for _ in range(2):  # once when read, once from the index
        with pytest.raises(DataError) as caught:
            open_index([data])
        assert "bad.yaml:2:7" in str(caught.value)


def test_ranking_title_and_symbol_above_summary_exact_phrase_first(tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    rows = [
        ("a-summary", "2020", "Other", "gender equality matters"),
        ("b-title", "2021", "Gender equality", "other"),
        ("c-scattered", "2019", "Gender and other", "equality"),
        ("d-title-later", "2022", "Gender equality", "other"),
    ]
    for event_id, date, title, summary in rows:
        (events / f"{event_id}.yaml").write_text(
            EVENT.format(id=event_id, date=date, title=title, summary=summary), encoding="utf-8"
        )
    # Exact phrase in the title first (ties by date then id), then in the summary, then scattered words.
    assert ids(tmp_path, "gender equality") == ["b-title", "d-title-later", "a-summary", "c-scattered"]


def test_exact_keeps_accents(data: Path) -> None:
    assert ids(data, "egalite") == ["statement"]
    assert ids(data, "egalite", exact=True) == []
    assert ids(data, "Égalité", exact=True) == ["statement"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_index_is_rebuilt(data: Path, damage: str) -> None:
    open_index([data])
    path = index_path([data], False)
    content = path.read_bytes()
    path.write_bytes(
        {"garbage": b"not a database" * 100, "truncated": content[: len(content) // 3], "empty": b""}[damage]
    )
    assert ids(data, "oeuvre") == ["resolution"]
    assert ids(data, "oeuvre") == ["resolution"]


def test_an_unusable_cache_directory_falls_back_to_memory(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    assert ids(data, "oeuvre") == ["resolution"]


def test_a_read_only_index_file_is_used_or_bypassed(data: Path, tmp_path: Path) -> None:
    open_index([data])
    path = index_path([data], False)
    path.chmod(stat.S_IRUSR)
    try:
        (data / "events" / "new.yaml").write_text(
            EVENT.format(id="new", date="2025", title="Read only", summary="x"), encoding="utf-8"
        )
        assert ids(data, "read only") == ["new"]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_locked_index_falls_back_to_memory(data: Path) -> None:
    open_index([data])
    blocker = sqlite3.connect(index_path([data], False), isolation_level=None, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        (data / "events" / "new.yaml").write_text(
            EVENT.format(id="new", date="2025", title="Locked out", summary="x"), encoding="utf-8"
        )
        assert ids(data, "locked") == ["new"]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_two_processes_building_at_once_both_answer_right(data: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(sys.executable).with_name("govai")
    command = [str(script) if script.exists() else "govai", "search", "oeuvre", "--data", str(data), "--format", "json"]
    env = {**os.environ, "GOVAI_CACHE_DIR": str(tmp_path / "shared-cache")}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = [run.communicate(timeout=60) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert b'"id": "resolution"' in out


@pytest.mark.parametrize("table", ["aux SET records", "events SET record"])
def test_an_index_whose_records_do_not_decode_is_rebuilt(data: Path, table: str) -> None:
    open_index([data])
    with sqlite3.connect(index_path([data], False)) as db:
        db.execute(f"UPDATE {table} = ?", (b"\x00not marshal",))
    assert ids(data, "oeuvre") == ["resolution"]
    assert len(open_index([data]).load().dataset.events) == 5


QUERIES = [
    "égalité des sexes",
    "intelligence artificielle",
    "A/RES/78/311",
    "IA",
    "droits OR rights",
    "ia -chine",
    '"capacity-building" resolution',
    "sommet",
    "human rights council",
]


@pytest.mark.parametrize("limit", [1, 2, 5, 20, 200])
def test_the_quick_ranking_agrees_with_the_full_query(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without filters FTS5 ranks alone (Index._match_top); its answer is the full query's."""
    from govai_cli import search as search_module
    from govai_cli.search import _phrase, fts_expression, parse_query

    index = open_index(None)
    decided = 0
    for text in QUERIES:
        query = parse_query(text)
        decided += search_module._match_top(index.db, fts_expression(query), _phrase(query), limit) is not None
        quick, quick_total = _match(index, text, limit)
        monkeypatch.setattr(search_module, "_match_top", lambda *_: None)
        full, full_total = _match(index, text, limit)
        monkeypatch.undo()
        assert (quick, quick_total) == (full, full_total), text
    assert decided >= len(QUERIES) // 2  # the quick path did answer, not only defer


def test_the_quick_ranking_leaves_ties_and_symbols_to_the_full_query(tmp_path: Path) -> None:
    events = tmp_path / "data" / "events"
    events.mkdir(parents=True)
    # Six identical events (tied scores, so date then id decide), and one whose symbol is the query.
    for n in range(6):
        (events / f"e{n}.yaml").write_text(
            EVENT.format(id=f"same-{5 - n}", date=f"2020-01-0{n + 1}", title="digital cooperation", summary="x")
        )
    (events / "sym.yaml").write_text(
        EVENT.format(id="sym", date="2021", title="other", summary="digital cooperation digital cooperation")
        + "symbol: Digital Cooperation\n"
    )
    index = open_index([tmp_path / "data"])
    hits, total = _match(index, "digital cooperation", 3)
    assert total == 7
    assert hits[0] == "sym"  # the symbol lookup first, though its text scores lower
    assert hits[1:] == ["same-5", "same-4"]  # tied texts: oldest first


def _match(index: object, text: str, limit: int) -> tuple[list[str], int]:
    from govai_cli.search import _phrase, fts_expression, match, parse_query

    query = parse_query(text)
    ranked, total = match(
        index.db,  # type: ignore[attr-defined]
        fts_expression(query),
        _phrase(query),
        Filters(),
        limit,
        excludes=bool(query.excluded),
    )
    records = index.events([r for r, _ in ranked])  # type: ignore[attr-defined]
    return [records[r].id for r, _ in ranked], total


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
    pointer.write_text(EVENT.format(id="pointer", date="2025", title="P", summary="x") + "related: [other]\n")
    reported = problems()  # dangling from the start
    assert "pointer.yaml" in reported
    assert "'other'" in reported
    (data / "events" / "2024-span.yaml").write_text(
        (data / "events" / "2024-span.yaml").read_text(encoding="utf-8") + "\n# an unrelated edit\n"
    )
    assert "'other'" in problems()  # still dangling after another file changed
    other.write_text(EVENT.format(id="other", date="2025", title="O", summary="x"))
    assert problems() == ""  # the new file defines it
    other.write_text(EVENT.format(id="renamed", date="2025", title="O", summary="x"))
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
    assert ids(data, "oeuvre") == ["resolution"]
    (data / "events" / "new.yaml").write_text(EVENT.format(id="new", date="2025", title="Œuvre", summary="x"))
    monkeypatch.setenv("GOVAI_TRUST_INDEX", "1")
    assert ids(data, "oeuvre") == ["resolution"]  # trusted: the new file is not looked for
    monkeypatch.setenv("GOVAI_TRUST_INDEX", "0")
    assert ids(data, "oeuvre") == ["new", "resolution"]


@pytest.mark.parametrize("pool", ["works", "unavailable"])
def test_worker_processes_build_the_same_index(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: str
) -> None:
    """Many event files are read in worker processes; the index they build is the same."""
    from govai_cli import fill

    for n in range(6):
        (data / "events" / f"extra-{n}.yaml").write_text(
            EVENT.format(id=f"extra-{n}", date=f"202{n}", title=f"Œuvre numéro {n}", summary="l’égalité")
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
