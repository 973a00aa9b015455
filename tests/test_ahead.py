"""A search on a large dataset while its files are checked: the walk in a child process
(``files.walk_aside``), the search on the index as stored meanwhile (``cache.answer``), its
result kept only when the check found nothing changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govai_cli import cache, files
from govai_cli.errors import DataError, UsageError
from govai_cli.files import Walk, walk_aside
from govai_cli.model import Filters
from govai_cli.search import search

from .conftest import Run
from .helpers import INDEXED_EVENT, event_file

CHILDREN = min(2, os.cpu_count() or 1)  # the walk's child processes, one a core (up to two)


def walked(walk: Walk) -> tuple[Any, ...]:
    """Everything a walk found, comparable."""
    blocks = [(b.key, b.folder, b.role, b.names, b.columns.tobytes(), b.digest) for b in walk.blocks]
    return blocks, walk.problems, walk.warnings


@pytest.fixture
def tree(good_copy: Path) -> Path:
    """The fixture dataset, with more events in nested folders (one named like a data file), and
    a FIFO (a warning)."""
    root = good_copy
    for folder in ("a", "a/b", "a/dir.yaml", "c"):
        event_file(
            root / folder, INDEXED_EVENT.format(id=folder[-1], date="2022", title="Nested", summary="x"), "n.yaml"
        )
    for number in range(12):
        event_file(root, INDEXED_EVENT.format(id=f"e{number}", date="2024", title=f"Title {number}", summary="x"),
                   f"e{number}.yaml")  # fmt: skip
    event_file(root / "more", INDEXED_EVENT.format(id="m", date="2023", title="More news", summary="x"), "m.yaml")
    os.mkfifo(root / "events" / "pipe.yaml")
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children forked (their pids)."""
    started: list[int] = []
    real = os.fork

    def fork() -> int:
        child = real()
        if child:
            started.append(child)
        return child

    monkeypatch.setattr(os, "fork", fork)
    return started


@pytest.fixture
def given(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Paths as given: the tree (in blocks of 3 files), one of its files again, a missing path."""
    monkeypatch.setattr(files, "BLOCK", 3)
    return [tree, tree / "events" / "e5.yaml", tmp_path / "missing"]


def test_a_walk_in_shares_finds_what_one_walk_finds(given: Path, tree: Path) -> None:
    whole = Walk(given)
    assert len(whole.blocks) > 8  # several blocks in a folder, and folders of one
    assert whole.problems  # the missing path
    assert whole.warnings  # the FIFO
    known = {block.key: block.digest for block in whole.blocks}
    (tree / "events" / "e3.yaml").write_text("id: e3\n", encoding="utf-8")  # one block changed, the others not
    for seen in ({}, known):
        for count in (1, 2, 3, 5):
            shares = [Walk(given, seen, (k, count)) for k in range(count)]
            if count > 1:
                assert all(len(share.blocks) < len(whole.blocks) for share in shares)
            assert walked(files._merged(shares)) == walked(Walk(given, seen))


def test_a_walk_aside_finds_what_a_walk_here_finds(given: Path, tree: Path, forks: list[int]) -> None:
    known = {block.key: block.digest for block in Walk(given).blocks}
    (tree / "events" / "e3.yaml").write_text("id: e3\n", encoding="utf-8")
    for seen in ({}, known):
        assert walked(walk_aside(given, seen)()) == walked(Walk(given, seen))
    assert len(forks) == 2 * CHILDREN


@pytest.mark.parametrize("failure", ["no fork", "the child fails"])
def test_without_a_child_the_walk_is_done_here(
    tree: Path, failure: str, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    if failure == "no fork":
        monkeypatch.setattr(os, "fork", lambda: (_ for _ in ()).throw(OSError("no fork here")))
    else:
        monkeypatch.setattr(files, "_dumps", lambda walk: 1 / 0)  # in the child, which then exits with 1
    assert walked(walk_aside([tree], {})()) == walked(Walk([tree]))
    assert len(forks) == (0 if failure == "no fork" else CHILDREN)


@pytest.fixture
def large(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tree`` (its FIFO a warning) counted as a large dataset (work done ahead from 1 file), its index built."""
    monkeypatch.setattr(cache, "AHEAD_FROM", 1)
    cache.open_index([tree])
    return tree


def counted(calls: list[int], text: str = "title") -> Callable[[cache.Index], list[str]]:
    def work(index: cache.Index) -> list[str]:
        calls.append(1)
        return [hit.event.id for hit in search(index, text, Filters())[0]]

    return work


def test_unchanged_files_keep_the_work_done_while_they_were_walked(large: Path, forks: list[int]) -> None:
    calls: list[int] = []
    index, ids = cache.answer([large], counted(calls, "more news"))
    assert ids == ["m"]
    assert len(calls) == 1
    assert len(forks) == CHILDREN
    assert not index.updated


def test_a_change_found_by_the_walk_drops_the_work_and_does_it_again(large: Path, forks: list[int]) -> None:
    calls: list[int] = []
    event_file(large, INDEXED_EVENT.format(id="new", date="2025", title="More news", summary="x"), "new.yaml")
    index, ids = cache.answer([large], counted(calls, "more news"))
    assert sorted(ids) == ["m", "new"]
    assert len(calls) == 2
    assert len(forks) == CHILDREN
    assert index.updated


def test_a_small_dataset_or_a_trusted_index_walks_here(
    large: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(cache, "AHEAD_FROM", 1000)
    cache.answer([large], counted(calls))
    monkeypatch.setattr(cache, "AHEAD_FROM", 1)
    monkeypatch.setenv("GOVAI_TRUST_INDEX", "1")
    cache.answer([large], counted(calls))
    assert len(calls) == 2
    assert forks == []


def test_the_work_s_error_is_raised_only_if_its_result_is_kept(large: Path, forks: list[int]) -> None:
    seen: list[bool] = []

    def work(index: cache.Index) -> int:
        seen.append(bool(search(index, "brand", Filters())[0]))
        if not seen[-1]:
            raise UsageError("not found in the index as stored")
        return len(seen)

    event_file(large, INDEXED_EVENT.format(id="new", date="2025", title="Brand new", summary="x"), "new.yaml")
    assert cache.answer([large], work)[1] == 2  # the stale index's error dropped with its result
    assert seen == [False, True]
    seen.clear()
    (large / "events" / "new.yaml").unlink()
    assert cache.open_index([large]).updated  # the index without it: now the work's error stands
    with pytest.raises(UsageError):
        cache.answer([large], work)
    assert seen == [False]


def test_invalid_data_is_reported_whatever_the_work_ahead_found(large: Path) -> None:
    (large / "events" / "bad.yaml").write_text("id: x\ndate: 2024-13\nkind: meeting\ntitle: {en: X}\n", "utf-8")
    for _ in range(2):  # found by the walk, then from the index
        with pytest.raises(DataError) as caught:
            cache.answer([large], counted([]))
        assert "bad.yaml:2:7" in str(caught.value)


def test_the_command_says_the_same_with_the_work_ahead_or_not(
    run: Run, large: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    asked = (("title",), ("title", "--format", "json"), ("title", "--country", "Atlantis"))
    for edit in range(2):  # each run ahead finds the edit, the run after it the same files
        for args in asked:
            event_file(
                large, INDEXED_EVENT.format(id="n", date="2025", title=f"Title {edit} {args}", summary="x"), "n.yaml"
            )
            said = []
            for ahead_from in (1, 10**9):
                monkeypatch.setattr(cache, "AHEAD_FROM", ahead_from)
                result = run("search", *args, "--data", str(large))
                said.append((result.exit_code, result.stdout, result.stderr))
            assert said[0] == said[1]
            assert "pipe.yaml: skipped" in said[0][2]  # the FIFO's warning
            assert said[0][0] == (2 if "Atlantis" in args else 0)
    assert len(forks) == 2 * len(asked) * CHILDREN
