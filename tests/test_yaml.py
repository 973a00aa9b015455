"""YAML as govai reads it: syntax errors located as an editor shows them, encodings and
characters, implicit typing (the Norway problem), and the safety limits: tags, anchors, nesting.

Bad-input checklist items D1.1-5, D1.9, D2.12-14, D3.17, D3.19-20, D4.21-23 (map: tests/README.md).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given

from govai_cli import yamlread
from govai_cli.dataset import load_dataset
from govai_cli.textnorm import CONTROL
from govai_cli.yamlread import too_deep

from . import properties
from .conftest import Run
from .helpers import VALID, clean_error, event, event_file, first_problem_at, limited, problems_of, validate
from .properties import PROPERTIES

# ---------------------------------------------------------------- syntax (D1)


@pytest.mark.parametrize("command", ["validate", "timeline", "search"])
def test_an_unclosed_flow_list_names_the_bracket_and_where_parsing_stopped(
    run: Run, tmp_path: Path, command: str
) -> None:
    path = event_file(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    args = {"validate": [str(tmp_path)], "timeline": ["--data", str(tmp_path)]}
    args["search"] = ["x", "--data", str(tmp_path), "--format", "json"]
    clean_error(run(command, *args[command]), 1, f"{path}:2:4: ", "parsing stopped at line 3")


@pytest.mark.parametrize(
    ("text", "where"), [("a: [", ":1:5: "), ("[[[[", ":1:5: "), ("a: {b: 1", ":1:4: "), ("a: [\n", ":2:1: ")]
)
def test_an_error_at_the_end_of_a_file_stays_inside_it(run: Run, tmp_path: Path, text: str, where: str) -> None:
    path = event_file(tmp_path, text)  # no final newline: libyaml counts one line more than an editor shows
    stderr = clean_error(validate(run, tmp_path), 1, f"{path}{where}")
    assert f"line {text.count(chr(10)) + 2}," not in stderr


@pytest.mark.parametrize("text", ["a: 1\n\tb: 2\n", "a:\n\t- 1\n", "a:\n  b: 1\n\tc: 2\n"])
def test_tab_indentation_is_located_at_the_tab(run: Run, tmp_path: Path, text: str) -> None:
    path = event_file(tmp_path, text)
    line = text.count("\n", 0, text.index("\t")) + 1
    clean_error(validate(run, tmp_path), 1, f"{path}:{line}:1: ", "use spaces, not tabs")


def test_an_unclosed_quote_points_at_the_opening_quote(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, "title: 'abc\nb: 1\n")
    clean_error(validate(run, tmp_path), 1, f"{path}:1:8: ", "close the quote")


def test_colon_space_in_a_plain_value_asks_for_quotes(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, "title: Loi n°2024: IA\n")
    clean_error(validate(run, tmp_path), 1, f"{path}:1:18: ", "put the value in quotes")


def test_a_duplicate_key_names_the_key_and_both_lines(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, event(extra="title: {en: Y}\n"))
    clean_error(validate(run, tmp_path), 1, f"{path}:5:1: ", "duplicate key 'title'", "line 4", "line 5")


def test_a_second_document_is_refused(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, "---\n" + event() + "---\n" + event("y"))
    clean_error(validate(run, tmp_path), 1, f"{path}:6:1: ", "one YAML document per file")


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", "x.yaml:2:4:", ["flow sequence", "parsing stopped at line 3"]),  # D1.1
        ("a: 1\n\tb: 2\n", "x.yaml:", ["spaces, not tabs"]),  # D1.2
        ("title: 'abc\nb: 1\n", "x.yaml:1:8:", ["quoted scalar", "close the quote"]),  # D1.3
        ("title: Loi n°2024: IA\n", "x.yaml:1:", ["put the value in quotes"]),  # D1.4
        ("id: x\ntitle: a\ntitle: b\n", "x.yaml:3:1:", ["duplicate key 'title'", "line 2", "line 3"]),  # D1.5
        ("---\na: 1\n---\nb: 2\n", "x.yaml:3:1:", ["one YAML document per file"]),  # D1.9
        ('x: !!python/object/apply:os.system ["true"]\n', "x.yaml:1:4:", ["tags"]),  # D2.12
        ("x: !!binary aGVsbG8=\n", "x.yaml:1:4:", ["tags"]),
        ("x: !!set {a, b}\n", "x.yaml:1:4:", ["tags"]),
        ("a: &a [x, x]\nb: *a\n", "x.yaml:1:4:", ["anchors and aliases"]),  # D2.13
        ("[" * 10_000, "x.yaml:1:51:", ["nesting too deep"]),  # D2.14
        ("[" * 100_000, "x.yaml:1:51:", ["nesting too deep"]),
        ("id: x\ndate: 2024\nkind: resolution\ntitle:\n  en: C# et #IA\n", "x.yaml:5:7:", ["quote the text"]),  # D3.20
        (b"id: caf\xe9\n", "x.yaml:1:8:", ["not valid UTF-8 (byte 0xE9)"]),  # D4.21
        ("\ufeff".encode("utf-16"), "x.yaml:1:1:", ["UTF-16", "UTF-8"]),  # D4.22
        ("id: x\ntitle: a\u2028b\n", "x.yaml:2:9:", ["U+2028"]),  # D4.23: line as an editor counts it
        ("id: x\u001b\n", "x.yaml:1:6:", ["U+001B"]),  # D4.24, a raw ESC in the file
    ],
)
def test_bad_yaml_gives_a_clean_located_error(tmp_path: Path, text: str | bytes, where: str, words: list[str]) -> None:
    first_problem_at(problems_of(tmp_path, text), where, words)


# ---------------------------------------------------------------- safety and resource limits (D2)


TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    "!!python/name:os.system",
    "!!binary dG91Y2g=",
    "!!set {{a, b}}",
    "!python/object/apply:os.system ['touch {marker}']",
]


def test_tags_are_refused_and_never_run(run: Run, tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    texts = [
        event(f"e{i}").replace("title: {en: X}", "title: " + tag.format(marker=marker)) for i, tag in enumerate(TAGS)
    ]
    where = [f"{event_file(tmp_path, text, f'e{i}.yaml')}:4:8: YAML tags" for i, text in enumerate(texts)]
    assert "not allowed" in clean_error(validate(run, tmp_path), 1, *where)
    clean_error(run("timeline", "--data", str(tmp_path)), 1, *where)
    assert not marker.exists()


def test_tagged_file_never_executes(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    problems_of(tmp_path, f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert not marker.exists()


def billion_laughs() -> str:
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_the_first_anchor_under_512_mb(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, billion_laughs(), "bomb.yaml")
    message = f"{path}:1:4: anchors and aliases ('&', '*') are not allowed"
    clean_error(run("validate", str(tmp_path)), 1, message)
    done = limited("validate", str(tmp_path))
    assert (done.returncode, done.stdout) == (1, b""), done.stderr
    assert message.encode() in done.stderr
    assert b"Traceback" not in done.stderr


def test_deep_nesting_is_refused_at_level_51(run: Run, tmp_path: Path) -> None:
    paths = [event_file(tmp_path, "[" * depth, f"deep{depth}.yaml") for depth in (10_000, 100_000)]
    where = [f"{path}:1:51: nesting too deep" for path in paths]
    clean_error(run("validate", str(tmp_path)), 1, *where)
    done = limited("validate", str(tmp_path))
    assert done.returncode == 1, done.returncode  # never a RecursionError traceback or a segfault (139)
    assert all(w.encode() in done.stderr for w in where)
    assert b"Traceback" not in done.stderr


def test_alias_bomb_and_deep_nesting_are_refused_by_the_loader(tmp_path: Path) -> None:
    problems_of(tmp_path, billion_laughs(), "bomb.yaml")
    problems_of(tmp_path, "[" * 100_000, "deep.yaml")
    # That neither blows up is checked under a 5 s timeout and 512 MB by the two tests above.


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


# ---------------------------------------------------------------- implicit typing: the Norway problem and friends (D3)


def test_no_is_text_never_false(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event(extra="session: no\nsymbol: NO\n"))
    row = json.loads(run("show", "x", "--data", str(tmp_path), "--format", "json").stdout)
    assert (row["session"], row["symbol"]) == ("no", "NO")
    # Where the field has a form, "no" is checked as the text it is, with its place.
    (tmp_path / "actors.yaml").write_text("- {id: n, kind: state, name: {en: N}, country: no}\n", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("- {id: s, title: T, language: NO}\n", encoding="utf-8")
    key = event_file(tmp_path, event("y", extra="no: 1\n"), "y.yaml")
    stderr = clean_error(
        validate(run, tmp_path),
        1,
        f"{tmp_path / 'actors.yaml'}:1:48: actor 'n': country 'no' must be an ISO 3166 alpha-2 code",
        f"{tmp_path / 'sources.yaml'}:1:31: source 's': language 'NO' must be an ISO 639-1 code",
        f"{key}:5:1: unknown field 'no'",
    )
    assert "False" not in stderr


def test_sexagesimal_octal_and_float_lookalikes_stay_as_written(run: Run, tmp_path: Path) -> None:
    extra = "session: 12:30\nsymbol: 010\nother_symbols: [10:30, 1.10, 0x1F, 1e3, .inf, ~x]\n"
    event_file(tmp_path, event(extra=extra))
    row = json.loads(run("show", "x", "--data", str(tmp_path), "--format", "json").stdout)
    assert (row["session"], row["symbol"]) == ("12:30", "010")
    assert row["other_symbols"] == ["10:30", "1.10", "0x1F", "1e3", ".inf", "~x"]


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
    assert "govai: avertissement : " in result.stderr  # the default language, French
    assert "govai: warning: " in run("validate", str(tmp_path), "--lang", "en").stderr


def test_a_hash_after_unquoted_text_is_refused_quoted_it_loads(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, event().replace("{en: X}", "\n  en: C# et #IA"))
    clean_error(
        validate(run, tmp_path), 1, f"{path}:5:7: event 'x': title.en: ' #' after unquoted text", "quote the text"
    )
    path.write_text(event(title='"C# et #IA"'), encoding="utf-8")
    result = run("timeline", "--data", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "C# et #IA" in result.stdout


# ---------------------------------------------------------------- encodings and characters (D4)


def test_a_latin1_file_names_the_byte_and_its_place(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, event(title="Caf\xe9").encode("latin-1"))
    stderr = clean_error(
        validate(run, tmp_path), 1, f"{path}:4:16: not valid UTF-8 (byte 0xE9)", "save the file as UTF-8"
    )
    assert "UnicodeDecodeError" not in stderr
    assert "ReaderError" not in stderr


@pytest.mark.parametrize(
    ("encoding", "where", "expected"),
    [
        ("utf-16", ":1:1: ", "file is UTF-16: save it as UTF-8"),  # with its BOM
        ("utf-16-le", ":1:2: ", "character U+0000 not allowed"),  # without: the NULs give it away
    ],
)
def test_a_utf8_bom_loads_utf16_is_refused(run: Run, tmp_path: Path, encoding: str, where: str, expected: str) -> None:
    event_file(tmp_path, b"\xef\xbb\xbf" + event().encode())
    assert validate(run, tmp_path).exit_code == 0
    path = event_file(tmp_path, event("y").encode(encoding), "y.yaml")
    clean_error(validate(run, tmp_path), 1, f"{path}{where}", expected)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "x.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_dataset([tmp_path]).dataset.events[0].id == "x"


def test_a_line_separator_is_refused_at_the_line_an_editor_shows(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, "id: x\ntitle: a\u2028b\n")  # two lines for an editor, three for YAML
    clean_error(validate(run, tmp_path), 1, f"{path}:2:9: character U+2028 not allowed")


def test_a_lone_carriage_return_is_refused_crlf_loads(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event().replace("\n", "\r\n"))
    assert validate(run, tmp_path).exit_code == 0
    path = event_file(tmp_path, "id: y\rdate: 2024\n", "y.yaml")  # old Mac line ends: one line for most tools
    clean_error(validate(run, tmp_path), 1, f"{path}:1:6: carriage return (U+000D) without a line feed")


# ---------------------------------------------------------------- fuzzing the loader (bench/fuzz.py runs it longer)


@given(PROPERTIES["loader: YAML text"][1])
def test_generated_yaml_gives_only_located_problems(example: tuple[str, str, bool]) -> None:
    properties.check_loader_text(example)


@given(PROPERTIES["loader: random bytes"][1])
@example((b"\r(", "events", False))  # found by bench/fuzz.py: YAML counted the lone CR as a line break
def test_random_bytes_give_only_located_problems(example: tuple[bytes, str, bool]) -> None:
    properties.check_loader_bytes(example)


def test_the_raw_characters_refused_are_the_control_set_but_the_carriage_return() -> None:
    """``yamlread._BAD_RAW`` is ``textnorm.CONTROL`` with the carriage return taken out of its
    class: checked on every code point."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    refused = set(yamlread._BAD_RAW.findall(every))
    assert refused == set(CONTROL.findall(every)) - {"\r"}
    assert "\x0b" in refused
    assert "\x0e" in refused
