"""Output a reader and a pipe both want: formats, --fields, captions, the density strip, grouping;
the terminal (colour, width, hyperlinks, escapes, encodings) and pipes.

Bad-input checklist items D4.24 (escaped in tables), D4.25-27, D8.45-49 (map: tests/README.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
from msgspec.structs import replace
from typer.testing import Result

from govai_cli.cache import Index
from govai_cli.cli import app
from govai_cli.dataset import load_dataset
from govai_cli.files import Loaded
from govai_cli.model import Fact, Text, Title, TitleForm
from govai_cli.output.cells import COLUMNS
from govai_cli.output.contract import FIELDS
from govai_cli.output.human import density_strip
from govai_cli.output.writers import neutralize
from govai_cli.schema import field_names

from .conftest import GOOD, Run
from .helpers import (
    ACTOR_KEYS,
    C1,
    EVENT_KEY_ORDER,
    EVENT_KEYS,
    HIT_KEYS,
    SOURCE_KEYS,
    TERMINALS,
    TOPIC_KEYS,
    clean_error,
    data,
    event,
    event_file,
    govai,
    installed,
    terminal,
)

FORMULA_DATA = """\
events:
  - id: eq
    date: 2024-01
    kind: report
    symbol: "-1"
    title: {en: "=HYPERLINK(\\"http://x\\",\\"y\\")", fr: "=1+1"}
    summary: {en: "@SUM(A1:A2)", fr: "+33 1 23 45 67 89"}
  - id: tab
    date: 2024-02
    kind: report
    title: {en: "\\tTabbed, with \\"quotes\\"\\nand a | pipe", fr: "Sans formule"}
  - id: english-only
    date: 2025
    kind: report
    title: {en: "Only in English"}
"""


@pytest.fixture
def formula_data(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.yaml"
    path.write_text(FORMULA_DATA, encoding="utf-8")
    return path


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def raw_stdout(result: Result) -> str:
    """stdout as written: Click's ``Result.stdout`` turns CRLF into LF."""
    return result.stdout_bytes.decode("utf-8")


# ---------------------------------------------------------------- JSON key sets


def test_field_lists_are_the_json_keys(run: Run) -> None:
    assert set(FIELDS["event"]) == EVENT_KEYS
    assert set(FIELDS["hit"]) == HIT_KEYS
    assert set(FIELDS["actor"]) == ACTOR_KEYS
    assert set(FIELDS["actor_row"]) == ACTOR_KEYS | {"events"}
    assert set(FIELDS["source"]) == SOURCE_KEYS
    assert set(FIELDS["topic"]) == TOPIC_KEYS


def test_the_event_contract_holds_the_field_spec_and_the_title_marks() -> None:
    assert set(FIELDS["event"]) == set(field_names("event")) | {"title_status", "title_note"}


def test_every_json_field_has_a_csv_and_markdown_cell() -> None:
    assert {kind: set(names) for kind, names in FIELDS.items()} == {
        kind: set(columns) for kind, columns in COLUMNS.items()
    }


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (("timeline",), EVENT_KEYS),
        (("search", "droits"), HIT_KEYS),
        (("actors",), ACTOR_KEYS | {"events"}),
        (("show", "resolution"), EVENT_KEYS),
        (("show", "fu-cong"), ACTOR_KEYS),
        (("show", "fixture-news"), SOURCE_KEYS),
        (("show", "gender-equality"), TOPIC_KEYS),
    ],
)
def test_json_key_sets(run: Run, args: tuple[str, ...], keys: set[str]) -> None:
    result = run(*args, *data("--format", "json"))
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)
    for row in value if isinstance(value, list) else [value]:
        assert set(row) == keys
    # the same keys, in the same order, head the CSV
    result = run(*args, *data("--format", "csv"))
    assert result.exit_code == 0, result.output
    header = next(csv.reader(io.StringIO(raw_stdout(result), newline="")))
    assert set(header) == keys
    assert len(header) == len(keys)


# ---------------------------------------------------------------- every format, every command

COMMANDS = [("timeline",), ("search", "droits"), ("actors",), ("show", "resolution"), ("show", "china")]


@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "md"])
def test_machine_and_markdown_formats_never_colour_or_wrap(
    run: Run, args: tuple[str, ...], fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "20")
    result = run(*args, *data("--format", fmt, "--lang", "en"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "ndjson":
        for line in result.stdout.splitlines():
            json.loads(line)
    elif fmt == "csv":
        assert raw_stdout(result).endswith("\r\n")
        assert len(csv_rows(raw_stdout(result))) >= 1
    elif args[0] == "show":  # a document (tests/test_document.py), not a table
        assert result.stdout.startswith("# ")
        assert "<br>" not in result.stdout
    else:
        table = [line for line in result.stdout.splitlines() if line.startswith("|")]
        assert len(table) >= 3
        assert len({line.count(" | ") for line in table}) == 1  # every row has as many cells


def test_search_ia_csv_round_trips_through_the_csv_module(run: Run) -> None:
    result = run("search", "IA", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = csv_rows(raw_stdout(result))
    as_json = json.loads(run("search", "IA", "--format", "json").stdout)
    assert [r["id"] for r in rows] == [r["id"] for r in as_json]
    assert list(rows[0]) == list(FIELDS["hit"])
    first = as_json[0]
    assert rows[0]["title"] == first["title"]["fr"]  # the reader's language, French by default
    assert rows[0]["sources"] == ";".join(s["id"] for s in first["sources"])
    assert rows[0]["actors"] == ";".join(a["id"] for a in first["actors"])
    assert float(rows[0]["score"]) == first["score"]
    # writing the rows back with the csv module gives the same bytes (RFC 4180, CRLF)
    again = io.StringIO(newline="")
    writer = csv.DictWriter(again, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    assert again.getvalue() == raw_stdout(result)


def test_csv_neutralizes_formula_cells(run: Run, formula_data: Path) -> None:
    for cell in ("=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralize(cell) == "'" + cell
    assert neutralize("2024-07") == "2024-07"
    assert neutralize("") == ""

    args = ("timeline", "--data", str(formula_data), "--format", "csv", "--fields", "id,symbol,title,summary")
    rows = {r["id"]: r for r in csv_rows(raw_stdout(run(*args, "--lang", "en")))}
    assert rows["eq"]["title"] == '\'=HYPERLINK("http://x","y")'
    assert rows["eq"]["summary"] == "'@SUM(A1:A2)"
    assert rows["eq"]["symbol"] == "'-1"
    assert rows["tab"]["title"] == '\'\tTabbed, with "quotes"\nand a | pipe'
    french = {r["id"]: r for r in csv_rows(raw_stdout(run(*args, "--lang", "fr")))}
    assert french["eq"]["title"] == "'=1+1"
    assert french["eq"]["summary"] == "'+33 1 23 45 67 89"

    raw = {r["id"]: r for r in csv_rows(raw_stdout(run(*args, "--lang", "en", "--raw-csv")))}
    assert raw["eq"]["title"] == '=HYPERLINK("http://x","y")'
    assert raw["eq"]["summary"] == "@SUM(A1:A2)"
    assert raw["eq"]["symbol"] == "-1"
    assert raw["tab"]["title"] == '\tTabbed, with "quotes"\nand a | pipe'


def test_csv_quotes_commas_quotes_and_newlines(run: Run, formula_data: Path) -> None:
    result = run("timeline", "--data", str(formula_data), "--format", "csv", "--fields", "id,title", "--lang", "en")
    assert '"\'\tTabbed, with ""quotes""\nand a | pipe"\r\n' in raw_stdout(result)
    assert raw_stdout(result).startswith("id,title\r\n")


def test_markdown_escapes_pipes_and_newlines(run: Run, formula_data: Path) -> None:
    result = run("timeline", "--data", str(formula_data), "--format", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 events · 2024–2025"
    assert lines[1] == ""
    assert lines[2] == "| Date | Title | Forum | Symbol | Id |"
    assert lines[3] == "| --- | --- | --- | --- | --- |"
    row = next(line for line in lines if "Tabbed" in line)
    assert 'with "quotes"<br>and a \\| pipe' in row
    assert row.count(" | ") == 4


def test_fallback_language_is_marked_in_every_format(run: Run, formula_data: Path) -> None:
    args = ("timeline", "--data", str(formula_data), "--lang", "fr")
    assert "Only in English [en]" in run(*args).stdout
    assert "Only in English \\[en\\]" in run(*args, "--format", "md").stdout
    rows = {r["id"]: r for r in csv_rows(raw_stdout(run(*args, "--format", "csv")))}
    assert rows["english-only"]["title"] == "Only in English [en]"
    assert rows["tab"]["title"] == "Sans formule"
    row = next(r for r in json.loads(run(*args, "--format", "json").stdout) if r["id"] == "english-only")
    assert row["title"] == {"fr": None, "en": "Only in English"}  # JSON keeps both, unmarked


def test_csv_and_markdown_follow_the_language_but_csv_headers_do_not(run: Run) -> None:
    fr = raw_stdout(run("timeline", *data("--format", "csv", "--lang", "fr", "--kind", "resolution")))
    en = raw_stdout(run("timeline", *data("--format", "csv", "--lang", "en", "--kind", "resolution")))
    assert fr.splitlines()[0] == en.splitlines()[0]
    assert csv_rows(fr)[0]["title"] == "Renforcement de la coopération internationale"
    assert csv_rows(en)[0]["title"].startswith("Enhancing international cooperation")
    assert csv_rows(en)[0]["date"] == "2024-07-01"  # CSV keeps ISO dates
    md = run("timeline", *data("--format", "md", "--lang", "fr", "--kind", "resolution")).stdout
    assert "| Date | Titre | Instance | Cote | Identifiant |" in md
    row = "| 1 juil. 2024 | Renforcement de la coopération internationale \\[traduction\\] | AGNU | A/RES/78/311 |"
    assert row in md


# ---------------------------------------------------------------- --fields


def test_fields_pick_json_keys_in_order(run: Run) -> None:
    result = run("timeline", *data("--format", "json", "--fields", "title,id,date,id"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert list(rows[0]) == ["title", "id", "date"]
    assert isinstance(rows[0]["title"], dict)  # JSON keeps nested values whole
    lines = run("timeline", *data("--format", "ndjson", "--fields", "id")).stdout.splitlines()
    assert json.loads(lines[0]) == {"id": "dialogue"}


def test_fields_pick_csv_and_markdown_columns(run: Run) -> None:
    result = run("search", "droits", *data("--format", "csv", "--fields", "id,score,matched"))
    assert result.stdout.splitlines()[0] == "id,score,matched"
    result = run("actors", *data("--format", "md", "--fields", "id,events", "--lang", "en"))
    assert "| Id | Events |" in result.stdout
    result = run("show", "fixture-news", *data("--format", "csv", "--fields", "id,publisher"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "id,publisher"


@pytest.mark.parametrize(
    ("args", "name", "hint"),
    [
        (("timeline",), "titel", "“title”"),
        (("search", "droits"), "scor", "“score”"),
        (("actors",), "event", "“events”"),
        (("show", "fixture-news"), "publisherr", "“publisher”"),
    ],
)
def test_unknown_field_is_a_usage_error_listing_the_valid_ones(
    run: Run, args: tuple[str, ...], name: str, hint: str
) -> None:
    result = run(*args, *data("--format", "csv", "--fields", f"id,{name}", "--lang", "en"))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert f"unknown field “{name}”" in result.stderr
    assert f"Did you mean {hint}" in result.stderr
    assert "Valid fields: id," in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "--fields", "id"), "--fields picks the columns of --format json"),
        (("timeline", "--format", "json", "--fields", " , "), "no field given"),
        (("timeline", "--format", "json", "--raw-csv"), "--raw-csv applies to --format csv only"),
        (("timeline", "--format", "md", "--group", "body"), "--group groups the rows of the table"),
        (("timeline", "--format", "xml"), "“xml” is not one of table, json"),
        (("timeline", "--group", "month"), "“month” is not one of year, body"),
    ],
)
def test_output_options_that_do_not_apply_are_usage_errors(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run(*args, *data("--lang", "en"))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert message in result.stderr


def test_usage_errors_about_output_follow_the_language(run: Run) -> None:
    result = run("timeline", *data("--format", "json", "--fields", "titel", "--lang", "fr"))
    assert result.exit_code == 2
    assert "champ inconnu « titel »" in result.stderr
    assert "Vouliez-vous dire « title » ?" in result.stderr


# ---------------------------------------------------------------- captions


def test_timeline_in_english_with_a_date_range_in_both_languages(run: Run) -> None:
    result = run("timeline", "--lang", "en", "--from", "July 2024", "--to", "juillet 2024", *data())
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 events · Jul 2024"
    assert "Jun 18 – Jul 12, 2024" in result.stdout
    assert "56th session" in result.stdout
    assert "Enhancing international cooperation" in result.stdout
    assert "Joint statement on AI promoting" in result.stdout
    assert "Dialogue" not in result.stdout  # June 2020 is out of the range
    assert "Renforcement" not in result.stdout


def test_timeline_july_2024_on_the_bundled_data(run: Run) -> None:
    result = run("timeline", "--lang", "en", "--from", "July 2024", "--to", "juillet 2024")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith("events · Jul 2024")
    assert "A/RES/78/311" in result.stdout
    assert "Enhancing international cooperation on" in result.stdout


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        (("timeline",), "en", "5 events · 2020–2024"),
        (("timeline",), "fr", "5 événements · 2020–2024"),
        (("timeline", "--country", "CN"), "fr", "3 événements · pays : Chine · 2023–2024"),
        (("timeline", "--country", "China"), "en", "3 events · country: China · 2023–2024"),
        (("timeline", "--body", "CDH", "--from", "2024"), "en", "2 events · forum: HRC · from 2024"),
        (("timeline", "--to", "2023"), "fr", "2 événements · jusqu'à 2023"),
        (("timeline", "--from", "2020", "--to", "2023"), "en", "2 events · 2020–2023"),
        (("timeline", "--kind", "resolution"), "fr", "1 événement · type : résolution · 2024"),
        (("timeline", "--topic", "gender-equality"), "en", "1 event · topic: Gender equality · 2024"),
        (("timeline", "--actor", "fu-cong"), "en", "1 event · actor: Fu Cong · 2024"),
        (("timeline", "--limit", "2"), "en", "2 events (of 5) · 2020–2023"),
        (("search", "droits"), "fr", "2 résultats pour « droits » · 2024"),
        (("search", "droits"), "en", "2 results for “droits” · 2024"),
        (("actors", "--country", "Chine"), "fr", "3 acteurs · pays : Chine"),
        (("actors", "--kind", "person"), "en", "2 actors · kind: person"),
    ],
)
def test_tables_carry_a_caption(run: Run, args: tuple[str, ...], lang: str, expected: str) -> None:
    result = run(*args, *data("--lang", lang))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == expected
    md = run(*args, *data("--lang", lang, "--format", "md")).stdout
    assert md.splitlines()[0] == expected


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_machine_formats_carry_no_caption(run: Run, fmt: str) -> None:
    for lang, caption in (("en", "3 events"), ("fr", "3 événements")):
        result = run("timeline", *data("--country", "CN", "--lang", lang, "--format", fmt))
        assert result.exit_code == 0, result.output
        assert caption not in result.stdout
        assert "·" not in result.stdout


def test_show_markdown_with_fields_has_a_caption(run: Run) -> None:
    result = run("show", "resolution", *data("--format", "md", "--lang", "en", "--fields", "date,title"))
    assert result.stdout.splitlines()[0] == "Event resolution"
    assert "| Jul 1, 2024 | Enhancing" in result.stdout


def test_empty_markdown_keeps_its_caption_and_header(run: Run) -> None:
    result = run("timeline", *data("--from", "1990", "--to", "1991", "--format", "md", "--lang", "en"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "0 events · 1990–1991"
    assert result.stdout.splitlines()[-1] == "| --- | --- | --- | --- | --- |"
    result = run("timeline", *data("--from", "1990", "--to", "1991", "--format", "csv"))
    assert raw_stdout(result) == ",".join(FIELDS["event"]) + "\r\n"


# ---------------------------------------------------------------- density strip, grouping


def test_density_strip() -> None:
    assert density_strip([2020, 2023, 2024, 2024, 2024], 100, "en") == ("2020", "▃  ▃█", "2024", "max 3 a year")
    assert density_strip([2024], 100, "fr") == ("2024", "█", "", "max. 1 par an")
    first, bars, last, note = density_strip(list(range(1995, 2027)) + [2024] * 7, 40, "en")
    assert (first, last) == ("1995", "2026")
    assert len(first) + len(bars) + len(last) + 2 <= 40  # two years to a bar
    assert len(bars) == 16
    assert set(bars) <= set("▁▂▃▄▅▆▇█")
    assert note == ""  # no room left for it
    first, bars, last, note = density_strip([1995, 2026], 80, "en")
    assert bars == "█" + " " * 30 + "█"  # a year without events is a blank


def test_timeline_opens_with_the_strip(run: Run) -> None:
    lines = run("timeline", *data("--lang", "en")).stdout.splitlines()
    assert lines[1] == "2020 ▃  ▃█ 2024  (max 3 a year)"


def test_timeline_grouped_by_forum(run: Run) -> None:
    result = run("timeline", *data("--lang", "en", "--group", "body"))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Forum" not in out.splitlines()[2]  # the heading row: no forum column when grouping by forum
    order = [out.index(name) for name in ("Human Rights Council", "United Nations General Assembly", "No forum")]
    assert order == sorted(order)
    assert out.index("56th session") < out.index("Joint statement") < out.index("United Nations General")


@pytest.mark.parametrize("columns", ["40", "30"])
def test_narrow_terminal_does_not_break(run: Run, columns: str) -> None:
    commands = [("timeline",), ("timeline", "--group", "body"), ("search", "droits"), ("actors",), ("show", "fu-cong")]
    for args in [*(a + data() for a in commands), ("timeline",)]:  # the last on the bundled data: 1995-2026
        result = run(*args, env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)


# ---------------------------------------------------------------- pipes and the terminal


def test_json_through_json_tool_under_force_color(tmp_path: Path) -> None:
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        f"'{installed()}' timeline --format json | '{sys.executable}' -m json.tool",
        shell=True, capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows
    assert set(rows[0]) == EVENT_KEYS
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize("args", [("timeline", "--format", "json"), ("search", "droits", "--format", "csv")])
def test_machine_formats_never_import_rich(args: tuple[str, ...]) -> None:
    """Nor the Markdown document, which only `show --format md` needs."""
    script = (
        "import sys\n"
        "from govai_cli import cli\n"
        "sys.argv = ['govai', *sys.argv[1:]]\n"
        "try:\n"
        "    cli.main()\n"
        "finally:\n"
        "    sys.stderr.write(f'document imported: {\"govai_cli.output.document\" in sys.modules}\\n')\n"
        "    sys.stderr.write(f'rich imported: {\"rich\" in sys.modules}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args, "--data", str(GOOD)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert done.stderr.endswith("document imported: False\nrich imported: False\n"), done.stderr


def test_plain_formats_end_quietly_on_a_closed_pipe(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    events = "".join(
        f"  - {{id: e{i}, date: '2024', kind: meeting, title: {{en: Event number {i} with a long title}}}}\n"
        for i in range(1500)  # more than a pipe buffer holds, in each format
    )
    path.write_text("events:\n" + events, encoding="utf-8")
    done = subprocess.run(
        f"for f in csv md ndjson; do '{installed()}' timeline --data '{path}' --format $f | head -1; done",
        shell=True, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.stdout.count(b"\n") == 3
    assert done.stderr == b""


def test_info_ndjson_is_one_object_a_line(run: Run) -> None:
    result = run("info", *data("--format", "ndjson"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == json.loads(run("info", *data("--format", "json")).stdout)


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_info_in_a_row_format_is_a_usage_error(run: Run, fmt: str) -> None:
    result = run("info", *data("--format", fmt, "--lang", "en"))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "govai info is written as --format table, json or ndjson" in result.stderr


def test_every_command_help_has_an_examples_section(run: Run) -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name in commands:
        for lang, heading in (("en", "Examples:"), ("fr", "Exemples\u00a0:")):
            result = run("--lang", lang, name, "--help")
            assert result.exit_code == 0, result.output
            assert re.search(rf"{heading}\n +govai {name} ", result.stdout), f"{name} --help has no {heading} section"


def test_shell_completion_is_offered_and_completes() -> None:
    done = subprocess.run([installed(), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert "--install-completion" in done.stdout
    env = {**os.environ, "_GOVAI_COMPLETE": "complete_bash", "COMP_WORDS": "govai tim", "COMP_CWORD": "1"}
    done = subprocess.run([installed()], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["timeline"]


# ---------------------------------------------------------------- goldens: every main view in both languages


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("search", ("search", "droits")),
        ("actors", ("actors",)),
        ("show_event", ("show", "resolution")),
        ("show_actor", ("show", "china")),
        ("timeline_by_forum", ("timeline", "--group", "body")),
        ("timeline_md", ("timeline", "--format", "md")),
        ("timeline_compact", ("timeline", "--compact")),
        ("timeline_actor", ("timeline", "--actor", "china")),
        ("topics", ("topics",)),
    ],
)
def test_golden_views(
    run: Run, golden: Callable[[str, str], None], name: str, args: tuple[str, ...], lang: str
) -> None:
    result = run(*args, *data("--lang", lang))
    assert result.exit_code == 0, result.output
    golden(f"{name}_{lang}.txt", result.stdout)


def test_show_marks_texts_in_the_other_language(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(
        "events:\n"
        "  - id: e\n    date: 2024\n    kind: report\n    title: {fr: Titre}\n    summary: {en: English summary}\n"
        "actors:\n"
        "  - id: p\n    kind: person\n    name: {en: Only English}\n"
        "    roles:\n      - title: {en: Envoy}\n",
        encoding="utf-8",
    )
    event = run("show", "e", "--data", str(path), "--lang", "fr").stdout
    assert "English summary [en]" in event
    assert "Titre [fr]" in run("show", "e", "--data", str(path), "--lang", "en").stdout
    actor = run("show", "p", "--data", str(path), "--lang", "fr").stdout
    assert "Only English [en]" in actor
    assert "Envoy [en]" in actor
    assert "Envoy [en]" in run("actors", "--data", str(path), "--lang", "fr").stdout


# Notes in both languages, and as plain text (read as English), as user data may give them.
NOTES_DATA = """\
events:
  - id: e
    date: 2024
    kind: report
    verification: partial
    verification_note: Only English
    title:
      en: {text: Title, status: descriptive, note: {fr: Note FR, en: Note EN}}
      fr: {text: Titre, note: Plain note}
    sources: [s]
sources:
  - id: s
    description: {fr: Description FR, en: Description EN}
"""


@pytest.fixture
def notes_data(tmp_path: Path) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(NOTES_DATA, encoding="utf-8")
    return path


def test_notes_are_shown_in_the_readers_language_and_marked_when_english_only(run: Run, notes_data: Path) -> None:
    fr = run("show", "e", "--data", str(notes_data), "--lang", "fr").stdout
    assert "(Note FR)" in fr
    assert "(Plain note [en])" in fr
    assert "partiellement vérifié — Only English [en]" in fr
    assert "[s] Description FR" in fr
    assert "Note EN" not in fr
    assert "Description EN" not in fr
    en = run("show", "e", "--data", str(notes_data), "--lang", "en").stdout
    assert "(Note EN)" in en
    assert "(Plain note)" in en
    assert "partially verified — Only English\n" in en
    assert "[s] Description EN" in en
    assert run("show", "s", "--data", str(notes_data), "--lang", "fr").stdout.startswith("Description FR\n")


def test_json_gives_notes_in_both_languages_as_titles(run: Run, notes_data: Path) -> None:
    result = run("show", "e", "--data", str(notes_data), "--format", "json")
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)
    assert event["title_note"] == {"fr": {"fr": None, "en": "Plain note"}, "en": {"fr": "Note FR", "en": "Note EN"}}
    assert event["verification_note"] == {"fr": None, "en": "Only English"}
    assert event["sources"][0]["description"] == {"fr": "Description FR", "en": "Description EN"}
    assert json.loads(run("show", "s", "--data", str(notes_data), "--format", "json").stdout)["description"] == {
        "fr": "Description FR",
        "en": "Description EN",
    }


def test_csv_gives_notes_in_the_readers_language(run: Run, notes_data: Path) -> None:
    args = ("timeline", "--data", str(notes_data), "--format", "csv", "--fields", "id,title_note,verification_note")
    assert csv_rows(run(*args, "--lang", "fr").stdout) == [
        {"id": "e", "title_note": "Plain note [en]", "verification_note": "Only English [en]"}
    ]
    assert csv_rows(run(*args, "--lang", "en").stdout) == [
        {"id": "e", "title_note": "Note EN", "verification_note": "Only English"}
    ]


# ---------------------------------------------------------------- data text reaches the terminal as text (D4.24-27)


EVIL = ["\x1b[2J\x1b]0;pwned\x07", "\x9b2J", "\u202eevil", "a\u2028b", "\x1b]8;;https://evil.example\x1b\\x"]


def test_escapes_that_reach_a_table_are_shown_escaped(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: were such text to get past the loader, the tables would still escape it."""
    dataset = load_dataset([GOOD]).dataset
    first = dataset.events[0]
    evil = replace(
        first,
        title=Title(en=TitleForm(" ".join(EVIL), "official")),
        symbol="\x1b[31mS",
        facts=(Fact(Text(en="\x9b2J fact"), "fixture-news", "\x1b]0;quote\x07"),),
    )
    loaded = Index.load

    def load(index: Index) -> Loaded:  # the CLI's data, with the evil event in place of the first
        return replace(loaded(index), dataset=replace(dataset, events=(evil, *dataset.events[1:])))

    monkeypatch.setattr(Index, "load", load)
    for kind, args in [(kind, args) for kind in TERMINALS for args in (("timeline",), ("show", first.id))]:
        terminal(monkeypatch, kind)
        result = run(*args, "--data", str(GOOD), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        out = result.stdout_bytes
        assert b"\x1b[2J" not in out
        assert b"\x1b]0;" not in out
        assert b"\x1b]8;;https://evil" not in out
        assert b"\x1b[31m" not in out
        assert not any(c1 in out for c1 in C1)
        assert "\\x1b[2J\\x1b]0;pwned\\x07" in result.stdout
        assert "\\u202eevil" in result.stdout
        if kind == "plain":
            assert b"\x1b" not in out


MARKUP = "Loi [fr] [sic] [voir annexe] [bold]x[/bold] [/] :warning: [link=https://evil.example]gouv.fr[/link]"


def test_rich_markup_and_link_markup_in_data_print_literally(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event_file(tmp_path, event(title=f'"{MARKUP}"', extra=f'summary: {{en: "{MARKUP}"}}\n'))
    for kind, args in [
        (kind, args) for kind in TERMINALS for args in (("timeline",), ("show", "x"), ("search", "annexe"))
    ]:
        terminal(monkeypatch, kind)
        result = run(*args, "--data", str(tmp_path), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        assert MARKUP in result.stdout
        assert "⚠" not in result.stdout
        assert b"\x1b]8;" not in result.stdout_bytes  # no hyperlink from text


URLS = {
    "https://www.un.org/fr/ga/": True,
    "http://example.org:8080/a/b?c=d": True,
    "javascript:alert(1)": False,
    "file:///etc/passwd": False,
    "https://ex.org/a]b[/link]": False,
    "https://ex.org/a b": False,
    "https://user@ex.org/": False,
}

OSC8_TARGET = re.compile(rb"\x1b]8;[^;\x1b]*;([^\x1b]+)\x1b\\")


def test_only_clean_http_urls_become_hyperlinks(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [f'- {{id: s{i}, title: "T", url: "{url}"}}' for i, url in enumerate(URLS)]
    (tmp_path / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    event_file(tmp_path, event(extra=f"sources: [{', '.join(f's{i}' for i in range(len(URLS)))}]\n"))
    linked = {url.encode() for url, clean in URLS.items() if clean}
    for kind in TERMINALS:
        terminal(monkeypatch, kind)
        # The event lists every source with its URL; a source's own page shows its URL as a field.
        for record, urls in [("x", list(URLS)), ("s0", list(URLS)[:1]), ("s2", list(URLS)[2:3])]:
            result = run("show", record, "--data", str(tmp_path), "--lang", "en")
            assert result.exit_code == 0, result.stderr
            assert all(url in result.stdout for url in urls)
            expected = {url.encode() for url in urls} & linked if kind == "forced" else set()
            assert set(OSC8_TARGET.findall(result.stdout_bytes)) == expected, (record, kind)


# ---------------------------------------------------------------- JSON on any terminal (D8.46)


LONG_TITLE = "Résolution" + "-très-longue" * 12  # one 154-character word: it must fold, not vanish

LONG_URL = "https://press.un.org/en/2024/" + "a" * 120 + ".doc.htm"


def long_values(root: Path) -> Path:
    event_file(root, event("long", title=f'"{LONG_TITLE}"', extra="sources: [long-source]\n"))
    (root / "sources.yaml").write_text(f'- {{id: long-source, title: "Long", url: "{LONG_URL}"}}\n', encoding="utf-8")
    return root


def test_json_is_a_stable_contract_even_on_a_forced_terminal(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_values(tmp_path)
    event_file(tmp_path, event("month", date="2024-07", title="Égalité œuvre"), "month.yaml")
    event_file(tmp_path, event("year", date="2024", title="Année"), "year.yaml")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "80")
    result = run("timeline", "--data", str(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert b"\x1b" not in result.stdout_bytes
    rows = json.loads(result.stdout_bytes.decode("utf-8"))
    assert [list(r) for r in rows] == [EVENT_KEY_ORDER] * 3
    assert [r["date"] for r in rows] == ["2024", "2024-07", "2024-07-01"]
    assert "Égalité œuvre".encode() in result.stdout_bytes  # UTF-8, not \u escapes
    assert f'"en": "{LONG_TITLE}"' in result.stdout  # one line: never wrapped
    assert f'"url": "{LONG_URL}"' in result.stdout
    search = run("search", "egalite", "--data", str(tmp_path), "--format", "json")
    assert [list(r) for r in json.loads(search.stdout)] == [[*EVENT_KEY_ORDER, "score", "matched"]]
    clean_error(run("timeline", "--data", str(tmp_path), "--format", "json", "--from", "demain"), 2)
    clean_error(run("timeline", "--data", str(tmp_path / "nope"), "--format", "json"), 1)
    clean_error(run("show", "nope", "--data", str(tmp_path), "--format", "json"), 4)


# ---------------------------------------------------------------- colour and width (D8.47)


SGR = re.compile(r"\x1b\[([0-9;]*)m")

COLOUR = re.compile(r"(?:^|;)(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;|$)")

NO_COLOUR_ENVIRONMENTS = [
    ({"TERM": "xterm-256color"}, False),  # not a terminal: nothing at all
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, False),
    ({"TERM": "xterm-256color", "FORCE_COLOR": "1", "NO_COLOR": "1"}, True),  # bold and links, no colour
]


def test_no_colour_where_it_is_not_wanted(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    for env, escapes in NO_COLOUR_ENVIRONMENTS:
        for name in ("NO_COLOR", "FORCE_COLOR"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        for args in (("timeline",), ("search", "oeuvre"), ("show", "resolution"), ("actors",), ("info",)):
            out = run(*args, "--data", str(GOOD)).stdout
            if not escapes:
                assert "\x1b" not in out, (env, args)
            assert not [codes for codes in SGR.findall(out) if COLOUR.search(codes)], (env, args)


@pytest.mark.parametrize("columns", ["40", "20"])
def test_narrow_terminals_fold_long_values_and_never_crash(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    data = ("--data", str(long_values(tmp_path)), "--lang", "en")
    for args in (("timeline",), ("search", "resolution"), ("show", "long")):
        result = run(*args, *data)
        assert result.exit_code == 0, result.output
        # A URL longer than the screen is written whole on its own line, for the terminal to wrap.
        lines = [line for line in result.stdout.splitlines() if line.strip() != LONG_URL]
        assert max(len(line) for line in lines) <= int(columns)
        assert LONG_TITLE in "".join(result.stdout.split())
    assert LONG_URL in run("show", "long", *data).stdout.splitlines()[-1]
    assert run("info", *data).exit_code == 0
    actors = run("actors", "--data", str(GOOD), "--lang", "en")
    assert actors.exit_code == 0
    if columns == "40":  # names and ids are folded, not squeezed away (they were, before 2 columns went)
        for name in ("ChenXu", "FuCong", "chen-xu", "unga", "Assembly"):
            assert name in "".join(actors.stdout.split())


# ---------------------------------------------------------------- output encodings (D8.48)


ACCENTED = event(title='"Œuvre commune, égalité"')


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_non_utf8_output_encoding_degrades_with_one_hint(tmp_path: Path, encoding: str) -> None:
    event_file(tmp_path, ACCENTED)
    table = govai("timeline", "--data", str(tmp_path), "--lang", "en", env={"PYTHONIOENCODING": encoding})
    assert table.returncode == 0, table.stderr
    assert b"Traceback" not in table.stderr
    assert b"UnicodeEncodeError" not in table.stderr
    shown = table.stdout.decode(encoding)
    assert "\\u0152uvre commune" in shown  # Œ is in neither encoding: escaped
    assert ("égalité" if encoding == "latin-1" else "\\u00e9galit\\u00e9") in shown
    hints = [line for line in table.stderr.decode("ascii").splitlines() if "PYTHONIOENCODING=utf-8" in line]
    assert len(hints) == 1
    fmt = "json" if encoding == "ascii" else "ndjson"  # one each: they share the code that decides
    done = govai("timeline", "--data", str(tmp_path), "--format", fmt, env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()  # so valid UTF-8 as well, whatever the stream's encoding
    assert json.loads(done.stdout.splitlines()[0] if fmt == "ndjson" else done.stdout)
    assert b"\\u0152uvre commune, \\u00e9galit\\u00e9" in done.stdout


def test_lang_c_output_is_identical_to_c_utf8(tmp_path: Path) -> None:
    event_file(tmp_path, ACCENTED)
    outputs = [
        govai("timeline", "--data", str(tmp_path), env={"LANG": lang, "LC_ALL": lang}) for lang in ("C", "C.UTF-8")
    ]
    assert outputs[0].returncode == outputs[1].returncode == 0
    assert outputs[0].stdout == outputs[1].stdout
    assert "Œuvre commune, égalité".encode() in outputs[0].stdout
    assert outputs[0].stderr == outputs[1].stderr == b""


# ---------------------------------------------------------------- closed pipes (D8.45)


def pipe_to_head(args: list[str], head: list[str], *, program: bool = True) -> tuple[int, bytes, bytes]:
    """``govai ARGS | head HEAD``: govai's exit code and stderr, and what head printed."""
    command = [installed()] if program else []
    writer = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = subprocess.run(["head", *head], stdin=writer.stdout, capture_output=True, timeout=30, check=False)
    assert writer.stdout is not None
    writer.stdout.close()
    _, err = writer.communicate(timeout=30)
    return writer.returncode, err, reader.stdout


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    rows = [f"- {{id: e{i}, date: '2024', kind: meeting, title: {{en: 'Event {i} {LONG_TITLE}'}}}}" for i in range(300)]
    event_file(tmp_path, "\n".join(rows) + "\n")  # well over a pipe's 64 KiB, whatever the format
    data = ["--data", str(tmp_path)]
    for args, head in [
        (["timeline", *data], ["-1"]),
        (["timeline", *data, "--format", "json"], ["-c", "10"]),
        (["search", "event", *data, "--limit", "300"], ["-1"]),
    ]:
        code, err, out = pipe_to_head(args, head)
        assert out.startswith(b"[") and len(out) == 10 if head == ["-c", "10"] else out.count(b"\n") == 1, out
        # 0 whether govai saw the pipe close or its last write had already gone into the pipe.
        assert code == 0, (args, code, err)
        assert err == b"", err  # no Traceback, no "Exception ignored"


def test_a_write_that_meets_the_closed_pipe_exits_0_quietly() -> None:
    # Many small writes, so one of them surely meets the closed pipe.
    script = (
        "import sys\n"
        "from govai_cli import cli\nfrom govai_cli.output import tables\n"
        "def many(*args, **kwargs):\n"
        "    for i in range(100_000): sys.stdout.write(f'line {i}\\n')\n"
        "tables.print_timeline = many\n"
        "sys.argv = ['govai', 'timeline', '--data', sys.argv[1]]\n"
        "cli.main()\n"
    )
    code, err, out = pipe_to_head([sys.executable, "-c", script, str(GOOD)], ["-1"], program=False)
    assert (code, err, out) == (0, b"", b"line 0\n")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_closed_pipe_never_fails_a_pipefail_pipeline(tmp_path: Path, fmt: str) -> None:
    """Exit 1 means an invalid dataset: a reader that stops early (head, a pager quitting) is
    not one. Under set -o pipefail the pipeline succeeds, and nothing is said."""
    rows = [f"- {{id: e{i}, date: '2024', kind: meeting, title: {{en: 'Event {i} {LONG_TITLE}'}}}}" for i in range(300)]
    event_file(tmp_path, "\n".join(rows) + "\n")
    closes_at_once = f"'{sys.executable}' -c 'import sys; sys.stdin.buffer.read(1)'"
    for reader in ("head -1", closes_at_once):
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; '{installed()}' timeline --data '{tmp_path}' --format {fmt} | {reader}"],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, b""), reader


def test_table_and_json_end_quietly_on_a_closed_pipe(tmp_path: Path) -> None:
    command = installed()
    # Many rows, so the writer really meets a closed pipe.
    folder = tmp_path / "events"
    folder.mkdir()
    for i in range(400):
        (folder / f"e{i}.yaml").write_text(
            f"id: e{i}\ndate: 2024\nkind: meeting\ntitle: {{en: Event number {i} with a long title}}\n",
            encoding="utf-8",
        )
    for fmt in ("table", "json"):
        done = subprocess.run(
            f"'{command}' timeline --data '{tmp_path}' --format {fmt} | head -c 10",
            shell=True, capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        assert len(done.stdout) == 10
        assert b"Traceback" not in done.stderr
        assert b"Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("govai timeline --body unes", ["unesco", "unesco-aheg", "unesco-general-conference"]),
        ("govai show ares-78-3", ["ares-78-311"]),
        ("govai timeline --kind trea", ["treaty"]),
        ("govai search x --topic gender", ["gender-equality"]),
        ("govai timeline --country CN", ["CN"]),
        ("govai actors --country FR", ["FR"]),
    ],
)
def test_completion_offers_ids_forums_kinds_topics_and_countries(words: str, expected: list[str]) -> None:
    env = {
        **os.environ,
        "_GOVAI_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    done = subprocess.run([installed()], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == expected
