"""The loader: the bundled dataset validates; bad files give clean file:line errors (D1-D4)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml

from govai_cli.dataset import MAX_FILE_BYTES, SUGGESTED_REFERENCES, load_dataset
from govai_cli.errors import DataError
from govai_cli.yamlread import too_deep

from .conftest import GOOD, Run

VALID = "id: x\ndate: 2024-07-01\nkind: resolution\ntitle: {en: X}\n"


def test_bundled_dataset_validates() -> None:
    loaded = load_dataset()
    assert loaded.warnings == ()
    assert loaded.dataset.actors
    assert loaded.dataset.topics


def test_fixture_dataset_validates() -> None:
    dataset = load_dataset([GOOD]).dataset
    assert [e.id for e in dataset.events] == ["dialogue", "initiative", "session-span", "resolution", "statement"]


def problems_of(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> list[str]:
    folder = tmp_path / "events"
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    return [str(p).replace(str(folder) + os.sep, "") for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", "x.yaml:2:4:", ["flow sequence", "parsing stopped at line 3"]),  # D1.1
        ("a: 1\n\tb: 2\n", "x.yaml:", ["spaces, not tabs"]),  # D1.2
        ("title: 'abc\nb: 1\n", "x.yaml:1:8:", ["quoted scalar", "close the quote"]),  # D1.3
        ("title: Loi n°2024: IA\n", "x.yaml:1:", ["put the value in quotes"]),  # D1.4
        ("id: x\ntitle: a\ntitle: b\n", "x.yaml:3:1:", ["duplicate key 'title'", "line 2", "line 3"]),  # D1.5
        ("- 1\n", "x.yaml:1:3:", ["expected a mapping"]),  # D1.8
        ("just text\n", "x.yaml:1:1:", ["expected a mapping"]),  # D1.8
        ("---\na: 1\n---\nb: 2\n", "x.yaml:3:1:", ["one YAML document per file"]),  # D1.9
        ("id: x\nkind: resolution\ntitle: {en: X}\n", "x.yaml:1:1:", ["missing required field 'date'"]),  # D1.10
        (VALID + "titel: y\n", "x.yaml:5:1:", ["unknown field 'titel'", "did you mean 'title'"]),  # D1.10
        (VALID + "actors: ACME\n", "x.yaml:5:9:", ["actors", "expected a list"]),  # D1.11
        ("id: x\ndate: 2024\nkind: resolution\ntitle: 123\n", "x.yaml:4:8:", ["title", "expected a mapping"]),
        ('x: !!python/object/apply:os.system ["true"]\n', "x.yaml:1:4:", ["tags"]),  # D2.12
        ("x: !!binary aGVsbG8=\n", "x.yaml:1:4:", ["tags"]),
        ("x: !!set {a, b}\n", "x.yaml:1:4:", ["tags"]),
        ("a: &a [x, x]\nb: *a\n", "x.yaml:1:4:", ["anchors and aliases"]),  # D2.13
        ("[" * 10_000, "x.yaml:1:51:", ["nesting too deep"]),  # D2.14
        ("[" * 100_000, "x.yaml:1:51:", ["nesting too deep"]),
        ("id: x\ndate: 2024-13-01\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["invalid month 13"]),  # D3.18
        ("id: x\ndate: 2024-02-30\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["invalid day 30"]),
        ("id: x\ndate: 01/07/2024\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["ISO 2024-07-01"]),  # D5.29
        ("id: x\ndate: 2024\nkind: resolution\ntitle:\n  en: C# et #IA\n", "x.yaml:5:7:", ["quote the text"]),  # D3.20
        (b"id: caf\xe9\n", "x.yaml:1:8:", ["not valid UTF-8 (byte 0xE9)"]),  # D4.21
        ("\ufeff".encode("utf-16"), "x.yaml:1:1:", ["UTF-16", "UTF-8"]),  # D4.22
        ("id: x\ntitle: a\u2028b\n", "x.yaml:2:9:", ["U+2028"]),  # D4.23: line as an editor counts it
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\e[2J"}\n', "x.yaml:4:13:", ["U+001B"]),  # D4.24
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\x9b2J"}\n', "x.yaml:4:13:", ["U+009B"]),
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\u202Eevil"}\n', "x.yaml:4:13:", ["U+202E"]),
        ("id: x\u001b\n", "x.yaml:1:6:", ["U+001B"]),
    ],
)
def test_bad_files_give_clean_located_errors(tmp_path: Path, text: str | bytes, where: str, words: list[str]) -> None:
    problems = problems_of(tmp_path, text)
    assert problems, "expected a problem"
    first = next((p for p in problems if p.startswith(where)), None)
    assert first is not None, problems
    for word in words:
        assert word in first, (word, first)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * 60, "x.yaml:1:51:"),  # below any parser's own limit: govai's check on the events
        ("a: " + "[" * 60, "x.yaml:1:53:"),  # the mapping is the first level
        ("".join(" " * i + "- \n" for i in range(60)), "x.yaml:51:51:"),  # block nesting, one level a line
        ("[" * 10_000, "x.yaml:1:51:"),  # libyaml 0.2.5 stops at level 1000 before any event: the pre-scan
    ],
)
def test_nesting_is_refused_at_govai_limit(tmp_path: Path, text: str, where: str) -> None:
    problems = problems_of(tmp_path, text)
    assert problems[0].startswith(where + " nesting too deep (more than 50 levels)"), problems


class _StopsAtOnce:
    """A YAML parser that, like libyaml 0.2.5 on deep flow brackets, fails before any event."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get_event(self) -> None:
        mark = yaml.Mark("x.yaml", len(self.text) - 1, 0, len(self.text) - 1, None, None)
        raise yaml.parser.ParserError("while parsing", None, "the parser's own limit", mark)

    def dispose(self) -> None:
        pass


def test_nesting_limit_is_govai_s_whatever_the_parser_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "CSafeLoader", _StopsAtOnce, raising=False)
    monkeypatch.setattr(yaml, "SafeLoader", _StopsAtOnce)
    assert problems_of(tmp_path, "[" * 5_000)[0].startswith("x.yaml:1:51: nesting too deep")
    # A parser error that is not about depth is reported as the parser's, located.
    shallow = problems_of(tmp_path, "title: [a, b\n")[0]
    assert shallow.startswith("x.yaml:1:"), shallow
    assert "the parser's own limit" in shallow, shallow


@pytest.mark.parametrize(
    "text",
    [
        "title: '" + "[" * 80 + "'\n",  # quoted
        'title: "' + "{" * 80 + '"\n',
        "title: x # " + "[" * 80 + "\n",  # a comment
        "title: see " + "[" * 80 + "\n",  # brackets inside plain text open nothing
        "a: [" + "], [" * 80 + "]\n",  # wide, not deep
    ],
)
def test_the_depth_scan_counts_only_flow_brackets(text: str) -> None:
    assert too_deep(text, len(text)) is None


def test_tagged_file_never_executes(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    problems_of(tmp_path, f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert not marker.exists()


def test_alias_bomb_and_deep_nesting_finish_fast(tmp_path: Path) -> None:
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    start = time.monotonic()
    problems_of(tmp_path, "\n".join(lines) + "\n", "bomb.yaml")
    problems_of(tmp_path, "[" * 100_000, "deep.yaml")
    assert time.monotonic() - start < 5  # generous: the point is "no blow-up", not a benchmark


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("id: x\ndate: 2024\nkind: resolution\ntitle: {en: X}\nsession: no\n", "session", "no"),  # D3.17
        ("id: x\ndate: 2024\nkind: resolution\ntitle: {en: X}\nsession: 010\n", "session", "010"),  # D3.19
        ("id: x\ndate: 2024\nkind: resolution\ntitle: {en: X}\nsession: 12:30\n", "session", "12:30"),
        ("id: x\ndate: 2024\nkind: resolution\ntitle: {en: X}\nsymbol: 1.10\n", "symbol", "1.10"),
    ],
)
def test_yaml_11_surprises_stay_text(tmp_path: Path, text: str, field: str, value: str) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "x.yaml").write_text(text, encoding="utf-8")
    event = load_dataset([tmp_path]).dataset.events[0]
    assert getattr(event, field) == value
    assert event.date.iso() == "2024"


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "x.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_dataset([tmp_path]).dataset.events[0].id == "x"


def test_empty_and_comment_only_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "events" / "b.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    loaded = load_dataset([tmp_path])
    assert [e.id for e in loaded.dataset.events] == ["x"]
    assert [w.message for w in loaded.warnings] == ["empty file, skipped", "empty file, skipped"]


def test_duplicate_ids_across_files_name_both(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / "b.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    message = str(caught.value.problems[0])
    assert "b.yaml:1" in message
    assert "a.yaml:1" in message
    assert "duplicate id 'x'" in message


def test_dangling_references_are_reported_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "actors.yaml").write_text(
        "- {id: china, kind: state, name: {fr: Chine, en: China}, country: CN}\n", encoding="utf-8"
    )
    (tmp_path / "events" / "a.yaml").write_text(
        VALID + "actors:\n  - {id: chian, role: sponsor}\nsources: [nowhere]\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    messages = [str(p) for p in caught.value.problems]
    assert any(":6:" in m and "unknown actor 'chian'" in m and "did you mean 'china'" in m for m in messages)
    assert any(":7:" in m and "unknown source 'nowhere'" in m for m in messages)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    big = tmp_path / "events" / "big.yaml"
    big.write_text("a: " + "x" * (MAX_FILE_BYTES + 1) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    assert "larger than 5 MB" in str(caught.value)


def test_fifo_and_device_links_are_skipped_without_hanging(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    os.mkfifo(tmp_path / "events" / "fifo.yaml")
    (tmp_path / "events" / "zero.yaml").symlink_to("/dev/zero")
    loaded = load_dataset([tmp_path])
    assert [e.id for e in loaded.dataset.events] == ["x"]
    assert sorted(Path(w.path).name for w in loaded.warnings) == ["fifo.yaml", "zero.yaml"]


def test_symlink_loop_terminates_and_loads_each_file_once(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / "up").symlink_to("..")
    assert [e.id for e in load_dataset([tmp_path]).dataset.events] == ["x"]


def test_hidden_and_swap_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "events" / ".c.yaml.swp").write_text("garbage: [", encoding="utf-8")
    (tmp_path / "events" / ".hidden.yaml").write_text("garbage: [", encoding="utf-8")
    (tmp_path / "events" / "c.yaml~").write_text("garbage: [", encoding="utf-8")
    assert [e.id for e in load_dataset([tmp_path]).dataset.events] == ["x"]


def test_validate_is_read_only(run: Run, tmp_path: Path) -> None:
    files = sorted(GOOD.rglob("*.yaml"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert run("validate", str(GOOD)).exit_code == 0
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before


def test_file_names_with_escapes_are_shown_escaped(run: Run, tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "ev\x1b[2J[red].yaml").write_text("a: [", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "ev\\x1b[2J[red].yaml" in result.stderr


def test_yaml_1_1_look_alikes_are_read_as_text_with_a_warning(tmp_path: Path, run: Run) -> None:
    """`NO`, `yes`, `on`, `off`, `y`, `n`, `1:30` unquoted: govai reads text, YAML 1.1 tools do not."""
    (tmp_path / "events").mkdir()
    event = VALID + "session: on\nsymbol: 1:30\nlocation: {fr: 'no', en: n}\n"
    (tmp_path / "events" / "x.yaml").write_text(event, encoding="utf-8")
    actors = "- {id: norway, kind: state, name: {en: Norway}, country: NO}\n- {id: y, kind: state, name: {en: 'off'}}\n"
    (tmp_path / "actors.yaml").write_text(actors, encoding="utf-8")
    loaded = load_dataset([tmp_path])
    event_read = loaded.dataset.events[0]
    assert (event_read.session, event_read.symbol, event_read.location.en if event_read.location else None) == (
        "on",
        "1:30",
        "n",
    )
    assert loaded.dataset.actors_by_id["norway"].country == "NO"
    shown = [str(w).replace(str(tmp_path) + os.sep, "") for w in loaded.warnings]
    assert shown == [
        "actors.yaml:1:58: actor 'norway': country: unquoted 'NO' is read as a boolean by YAML 1.1 tools; quote it",
        "actors.yaml:2:8: actor 'y': id: unquoted 'y' is read as a boolean by YAML 1.1 tools; quote it",
        "events/x.yaml:5:10: event 'x': session: unquoted 'on' is read as a boolean by YAML 1.1 tools; quote it",
        "events/x.yaml:6:9: event 'x': symbol: unquoted '1:30' is read as a base-60 number by YAML 1.1 tools; quote it",
        "events/x.yaml:7:26: event 'x': location.en: unquoted 'n' is read as a boolean by YAML 1.1 tools; quote it",
    ]
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "events/x.yaml:5:10:" in result.stderr.replace(os.sep, "/")
    assert "warning" in result.stderr


@pytest.mark.parametrize("count", [40, 400])
def test_unknown_references_cost_a_bounded_number_of_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Every event dropped for a wrong kind leaves a dangling reference; suggesting a close id
    for each would pass over every id once per problem (quadratic). Only the first few get one."""
    from govai_cli import dataset as dataset_module

    calls: list[str] = []
    real = dataset_module.close_matches

    def counting(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
        calls.append(word)
        return real(word, choices, n)

    monkeypatch.setattr(dataset_module, "close_matches", counting)
    folder = tmp_path / "events"
    folder.mkdir()
    for i in range(count):
        kind = "wrong-kind" if i % 2 else "resolution"
        related = f"related: [e{i + 1:04d}]\n" if i % 2 == 0 else ""
        (folder / f"e{i:04d}.yaml").write_text(
            f"id: e{i:04d}\ndate: 2024-07-01\nkind: {kind}\ntitle: {{en: X}}\n{related}", encoding="utf-8"
        )
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    unknown = [p for p in caught.value.problems if "unknown event" in p.message]
    assert len(unknown) == count // 2  # each dropped event is the target of one reference
    assert len([c for c in calls if c.startswith("e")]) == min(len(unknown), SUGGESTED_REFERENCES)
