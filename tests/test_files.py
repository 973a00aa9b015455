"""Files and folders a user points govai at: a missing path, what the walk skips (hidden and swap
files, FIFOs, devices, link loops), size and permission limits, file names shown escaped, and data
files never written.

Bad-input checklist items D2.15, D7.39-44 (map: tests/README.md).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from govai_cli.dataset import MAX_FILE_BYTES, load_dataset
from govai_cli.errors import DataError

from .conftest import GOOD, Run
from .helpers import MB, TERMINALS, VALID, clean_error, event, event_file, limited, terminal, validate

# ---------------------------------------------------------------- paths given by users (D7)


def test_a_missing_path_is_named_exit_1(run: Run, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope")
    for args in (["validate", missing], ["timeline", "--data", missing], ["search", "x", "--data", missing]):
        clean_error(run(*args), 1, f"{missing}: no such file or folder")
    clean_error(run("show", "x", "--data", missing), 1, f"{missing}: no such file or folder")


def test_missing_data_path_is_a_data_error(run: Run, tmp_path: Path) -> None:
    result = run("timeline", "--data", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no such file or folder" in result.stderr


@pytest.mark.parametrize("files", [[], [".hidden.yaml", ".x.yaml.swp", "x.yaml~", "notes.txt", "x.yaml.swo"]])
def test_a_folder_without_data_files_is_reported_as_such(run: Run, tmp_path: Path, files: list[str]) -> None:
    (tmp_path / "events").mkdir()
    for name in files:
        (tmp_path / "events" / name).write_text("garbage: [", encoding="utf-8")
    result = validate(run, tmp_path)
    assert result.exit_code == 0
    assert result.stderr == "govai: ok: 0 events, 0 actors, 0 sources, 0 topics in 0 files\n"
    result = run("timeline", "--data", str(tmp_path), "--lang", "en")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "govai: No event matches.\n"


def test_hidden_and_swap_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / ".c.yaml.swp").write_text("garbage: [", encoding="utf-8")
    (tmp_path / "events" / ".hidden.yaml").write_text("garbage: [", encoding="utf-8")
    (tmp_path / "events" / "c.yaml~").write_text("garbage: [", encoding="utf-8")
    assert [e.id for e in load_dataset([tmp_path]).dataset.events] == ["x"]


def test_a_fifo_and_a_dev_zero_link_are_skipped_without_hanging(tmp_path: Path) -> None:
    event_file(tmp_path, event())
    os.mkfifo(tmp_path / "events" / "fifo.yaml")
    (tmp_path / "events" / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "actors.yaml").symlink_to("/dev/zero")
    for args in (("validate", str(tmp_path)), ("timeline", "--data", str(tmp_path), "--format", "json")):
        done = limited(*args)  # 5 s and 512 MB at most
        assert done.returncode == 0, done.stderr
        for name in ("events/fifo.yaml", "events/zero.yaml", "actors.yaml"):
            assert f"govai: avertissement : {tmp_path / name}: skipped: not a regular file".encode() in done.stderr
    assert json.loads(done.stdout)[0]["id"] == "x"


def test_fifo_and_device_links_are_skipped_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    os.mkfifo(tmp_path / "events" / "fifo.yaml")
    (tmp_path / "events" / "zero.yaml").symlink_to("/dev/zero")
    loaded = load_dataset([tmp_path])
    assert [e.id for e in loaded.dataset.events] == ["x"]
    assert sorted(Path(w.path).name for w in loaded.warnings) == ["fifo.yaml", "zero.yaml"]


def test_a_link_loop_ends_and_each_file_loads_once(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event())
    (tmp_path / "events" / "a").mkdir()
    (tmp_path / "events" / "a" / "up").symlink_to("..")
    (tmp_path / "events" / "self").symlink_to(".")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = validate(run, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "1 event," in result.stderr
    timeline = run("timeline", "--data", str(tmp_path), "--format", "json")
    assert [r["id"] for r in json.loads(timeline.stdout)] == ["x"]


def test_symlink_loop_terminates_and_loads_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / "up").symlink_to("..")
    assert [e.id for e in load_dataset([tmp_path]).dataset.events] == ["x"]


def test_a_folder_named_like_a_data_file_is_walked_and_a_link_to_a_file_is_read(tmp_path: Path) -> None:
    """The walk stats data-named entries in blocks: a folder or a link among them is still
    seen for what it is."""
    event_file(tmp_path, event("inside"), name="x.yaml")
    (tmp_path / "events" / "x.yaml").rename(tmp_path / "more.yaml")
    (tmp_path / "events" / "more.yaml").mkdir()
    (tmp_path / "more.yaml").rename(tmp_path / "events" / "more.yaml" / "inside.yaml")
    (tmp_path / "outside.txt").write_text(event("linked"), encoding="utf-8")
    (tmp_path / "events" / "link.yaml").symlink_to(tmp_path / "outside.txt")
    loaded = load_dataset([tmp_path])
    assert [e.id for e in loaded.dataset.events] == ["inside", "linked"]
    assert loaded.warnings == ()


@pytest.mark.parametrize("kind", TERMINALS)
def test_file_names_with_escapes_and_markup_are_shown_escaped(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    terminal(monkeypatch, kind)
    name = "ev\x1b[2J[red]\x9b.yaml"
    shown = "ev\\x1b[2J[red]\\x9b.yaml"
    bad, skipped = tmp_path / "bad", tmp_path / "skipped"
    event_file(bad, "a: [", name)
    event_file(skipped, event())
    os.mkfifo(skipped / "events" / name)
    for args in (("validate", str(bad)), ("timeline", "--data", str(bad))):
        assert "[red]" in clean_error(run(*args), 1, f"{bad / 'events'}/{shown}:1:5: ")
    for args in (("validate", str(skipped)), ("timeline", "--data", str(skipped))):
        result = run(*args)
        assert result.exit_code == 0
        assert b"\x1b" not in result.stderr_bytes
        assert b"\x1b[2J" not in result.stdout_bytes
        assert f"govai: avertissement : {skipped / 'events'}/{shown}: skipped: not a regular file" in result.stderr
    missing = tmp_path / name
    clean_error(run("timeline", "--data", str(missing)), 1, f"{tmp_path}/{shown}: no such file or folder")


def test_file_names_with_escapes_are_shown_escaped(run: Run, tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "ev\x1b[2J[red].yaml").write_text("a: [", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "ev\\x1b[2J[red].yaml" in result.stderr


# ---------------------------------------------------------------- size and permissions (D2, D7)


def test_a_50_mb_file_is_refused_before_it_is_read(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = event_file(tmp_path, "", "big.yaml")
    with path.open("w", encoding="utf-8") as out:
        out.write("title: ")
        for _ in range(50):
            out.write("x" * MB)
        out.write("\n")
    event_file(tmp_path, event())
    read: list[str] = []
    real = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    clean_error(run("validate", str(tmp_path)), 1, f"{path}: file larger than 5 MB")
    assert "big.yaml" not in read


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    big = tmp_path / "events" / "big.yaml"
    big.write_text("a: " + "x" * (MAX_FILE_BYTES + 1) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    assert "larger than 5 MB" in str(caught.value)


def deny(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Reading ``name`` fails as with chmod 000 for a user who is not root."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_an_unreadable_file_is_named_exit_1(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = event_file(tmp_path, event("y"), "y.yaml")
    event_file(tmp_path, event())
    deny(monkeypatch, "y.yaml")
    for args in (("validate", str(tmp_path)), ("timeline", "--data", str(tmp_path))):
        clean_error(run(*args), 1, f"govai: {path}: cannot read: Permission denied\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the test above simulates it")
def test_an_unreadable_file_is_named_exit_1_for_real(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, event())
    path.chmod(0)
    try:
        clean_error(validate(run, tmp_path), 1, f"govai: {path}: cannot read: Permission denied\n")
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------- nothing is lost


def test_validate_is_read_only(run: Run, tmp_path: Path) -> None:
    files = sorted(GOOD.rglob("*.yaml"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert run("validate", str(GOOD)).exit_code == 0
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before


def test_data_files_are_never_written(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    event_file(data, "", "empty.yaml")  # a warning on the way, too

    def snapshot() -> dict[str, tuple[bytes, int, int]]:
        return {
            str(p.relative_to(data)): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(data.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    for args in (
        ("validate", str(data)),
        ("timeline", "--data", str(data)),
        ("search", "oeuvre", "--data", str(data)),
        ("search", "oeuvre", "--data", str(data)),  # served from the index this time
        ("show", "resolution", "--data", str(data)),
        ("actors", "--data", str(data)),
        ("info", "--data", str(data)),
    ):
        assert run(*args).exit_code == 0, args
    assert snapshot() == before
    assert sorted(p.name for p in data.rglob("*") if p.is_file()) == sorted(Path(k).name for k in before)


# ---------------------------------------------------------------- your data with the bundled data


def my_event(root: Path, event_id: str = "my-event", name: str = "mine.yaml") -> Path:
    """An event of the user's that names a bundled forum and a bundled actor."""
    extra = "body: unga\nactors:\n  - {id: china, role: sponsor}\n"
    return event_file(root, event(event_id, date="2026-01", extra=extra), name)


def test_your_events_can_name_bundled_actors_and_forums(run: Run, tmp_path: Path) -> None:
    my_event(tmp_path)
    alone = clean_error(validate(run, tmp_path), 1, "unknown organization", "unknown actor 'china'")
    assert "2 problems found in the data" in alone
    bundled = json.loads(run("info", "--format", "json").stdout)
    together = run("validate", str(tmp_path), "--with-bundled", "--lang", "en")
    assert together.exit_code == 0, together.stderr
    assert f"ok: {bundled['events'] + 1} events" in together.stderr
    assert f"in {bundled['files'] + 1} files" in together.stderr
    for args, env in [
        (["--data", str(tmp_path), "--with-bundled"], None),
        ([], {"GOVAI_DATA": f"+{tmp_path}"}),
    ]:
        rows = json.loads(run("timeline", *args, "--format", "json", env=env).stdout)
        assert len(rows) == bundled["events"] + 1, env
        assert "my-event" in {row["id"] for row in rows}
        assert "ares-78-311" in {row["id"] for row in rows}
        shown = json.loads(run("show", "my-event", *args, "--format", "json", env=env).stdout)
        assert shown["actors"] == [{"id": "china", "role": "sponsor"}]


def test_an_id_of_yours_that_is_bundled_is_a_duplicate_naming_both_places(run: Run, tmp_path: Path) -> None:
    mine = my_event(tmp_path, "ares-78-311")
    bundled = next(
        (Path(json.loads(run("info", "--format", "json").stdout)["bundled_data"]) / "events").glob("*ares-78-311.yaml")
    )
    for args in (
        ["validate", str(tmp_path), "--with-bundled"],
        ["timeline", "--data", str(tmp_path), "--with-bundled"],
    ):
        stderr = clean_error(run(*args, "--lang", "en"), 1, "duplicate id 'ares-78-311'")
        assert f"{bundled}:1" in stderr
        assert f"{mine}:1" in stderr


def test_the_index_of_your_data_with_the_bundled_data_is_its_own(run: Run, tmp_path: Path) -> None:
    """One index per set of folders: the bundled data alone, yours alone, both; never mixed up."""
    my_event(tmp_path / "mine", "solo", "solo.yaml")
    (tmp_path / "mine" / "actors.yaml").write_text(
        "- {id: china, kind: state, name: {en: China}, country: CN}\n"
        "- {id: unga, kind: organization, name: {en: UNGA}}\n",
        encoding="utf-8",
    )
    counts = []
    for args in ([], ["--data", str(tmp_path / "mine")], ["--data", str(tmp_path / "mine"), "--with-bundled"], []):
        result = run("info", *args, "--format", "json")
        counts.append((result.exit_code, json.loads(result.stdout)["events"] if result.exit_code == 0 else None))
    bundled = counts[0][1]
    assert counts[1] == (0, 1)
    assert counts[3] == (0, bundled)
    # both hold an actor 'china': yours is a duplicate of the bundled one, said with both places
    assert counts[2][0] == 1
    (tmp_path / "mine" / "actors.yaml").unlink()
    result = run("info", "--data", str(tmp_path / "mine"), "--with-bundled", "--format", "json")
    assert json.loads(result.stdout)["events"] == bundled + 1
    assert len(list((tmp_path / "cache").glob("index-*.sqlite"))) == 3


def test_info_says_where_the_bundled_data_lives_and_which_folders_are_used(run: Run, tmp_path: Path) -> None:
    my_event(tmp_path)
    alone = json.loads(run("info", "--format", "json").stdout)
    assert Path(alone["bundled_data"], "VERSION").is_file()
    assert alone["data_folders"] == [alone["bundled_data"]]
    both = json.loads(run("info", "--data", str(tmp_path), "--with-bundled", "--format", "json").stdout)
    assert both["data_folders"] == [alone["bundled_data"], str(tmp_path)]
    assert both["version"] is None  # your data with it is no longer the bundled dataset's version
    wide = {"COLUMNS": "1000"}  # an installed package's path can be longer than a terminal line
    table = run("info", "--data", str(tmp_path), "--with-bundled", "--lang", "en", env=wide).stdout
    assert f"Bundled data: {alone['bundled_data']}\n" in table
    assert f"Data in use: {alone['bundled_data']}, {tmp_path}\n" in table
    assert "Données utilisées: " in run("info").stdout
