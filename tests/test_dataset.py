"""Records as the loader checks them: required and unknown fields, types, dates and text in the
data, ids and references across files, and the warnings it gives.

Bad-input checklist items D1.6-8, D1.10-11, D2.16, D3.18, D4.24 (refused), D4.27 (an ESC in a URL),
D5.29 (map: tests/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import jsonschema
import pytest

from govai_cli import references
from govai_cli.dataset import load_dataset
from govai_cli.errors import DataError
from govai_cli.model import Text
from govai_cli.references import SUGGESTED_REFERENCES, SUGGESTION_BUDGET
from govai_cli.schema import data_schema

from .conftest import GOOD, Run
from .helpers import TERMINALS, VALID, clean_error, event, event_file, first_problem_at, problems_of, terminal, validate


def test_bundled_dataset_validates() -> None:
    loaded = load_dataset()
    assert loaded.warnings == ()
    assert loaded.dataset.actors
    assert loaded.dataset.topics


def test_fixture_dataset_validates() -> None:
    dataset = load_dataset([GOOD]).dataset
    assert [e.id for e in dataset.events] == ["dialogue", "initiative", "session-span", "resolution", "statement"]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("- 1\n", "x.yaml:1:3:", ["expected a mapping"]),  # D1.8
        ("just text\n", "x.yaml:1:1:", ["expected a mapping"]),  # D1.8
        ("id: x\nkind: resolution\ntitle: {en: X}\n", "x.yaml:1:1:", ["missing required field 'date'"]),  # D1.10
        (VALID + "titel: y\n", "x.yaml:5:1:", ["unknown field 'titel'", "did you mean 'title'"]),  # D1.10
        (VALID + "actors: ACME\n", "x.yaml:5:9:", ["actors", "expected a list"]),  # D1.11
        ("id: x\ndate: 2024\nkind: resolution\ntitle: 123\n", "x.yaml:4:8:", ["title", "expected a mapping"]),
        ("id: x\ndate: 2024-13-01\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["invalid month 13"]),  # D3.18
        ("id: x\ndate: 2024-02-30\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["invalid day 30"]),
        ("id: x\ndate: 01/07/2024\nkind: resolution\ntitle: {en: X}\n", "x.yaml:2:7:", ["ISO 2024-07-01"]),  # D5.29
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\e[2J"}\n', "x.yaml:4:13:", ["U+001B"]),  # D4.24
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\x9b2J"}\n', "x.yaml:4:13:", ["U+009B"]),
        ('id: x\ndate: 2024\nkind: resolution\ntitle: {en: "\\u202Eevil"}\n', "x.yaml:4:13:", ["U+202E"]),
    ],
)
def test_bad_records_give_clean_located_errors(tmp_path: Path, text: str | bytes, where: str, words: list[str]) -> None:
    first_problem_at(problems_of(tmp_path, text), where, words)


# ---------------------------------------------------------------- fields and types (D1)


@pytest.mark.parametrize(
    ("name", "text", "where", "expected"),
    [
        ("events/x.yaml", "- 1\n", ":1:3: ", "expected a mapping"),
        ("events/x.yaml", "just text\n", ":1:1: ", "expected a mapping"),
        ("actors.yaml", "id: x\n", ":1:1: ", "expected a list of actors, got a mapping"),
        ("sources.yaml", "just text\n", ":1:1: ", "expected a list of sources"),
        ("data.yaml", "- 1\n", ":1:1: ", "expected a mapping"),
    ],
)
def test_a_wrong_top_level_type_says_what_was_expected(
    run: Run, tmp_path: Path, name: str, text: str, where: str, expected: str
) -> None:
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    clean_error(validate(run, tmp_path), 1, f"{path}{where}", expected)


def test_a_missing_field_and_an_unknown_field_with_a_suggestion(run: Run, tmp_path: Path) -> None:
    missing = event_file(tmp_path, "\n" + event().replace("date: 2024-07-01\n", ""), "a.yaml")
    unknown = event_file(tmp_path, event("y", extra="titel: Y\n"), "b.yaml")
    clean_error(
        validate(run, tmp_path),
        1,
        f"{missing}:2:1: event 'x': missing required field 'date'",
        f"{unknown}:5:1: unknown field 'titel'",
        "did you mean 'title'?",
    )


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        (event(extra="actors: ACME\n"), ":5:9: ", "expected a list, got 'ACME'"),
        ("id: x\ndate: 2024\nkind: resolution\ntitle: 123\n", ":4:8: ", "expected a mapping of fields, got '123'"),
        (event(extra="topics: {a: b}\n"), ":5:9: ", "expected a list, got a mapping"),
    ],
)
def test_a_wrong_type_is_located_at_the_value(run: Run, tmp_path: Path, text: str, where: str, expected: str) -> None:
    path = event_file(tmp_path, text)
    clean_error(validate(run, tmp_path), 1, f"{path}{where}", expected)


EMPTY = ["", "\n\n", "# nothing yet\n", "---\n", "---\n# later\n"]


def test_validate_and_timeline_skip_empty_files_with_a_warning(run: Run, tmp_path: Path) -> None:
    paths = [event_file(tmp_path, text, f"empty{i}.yaml") for i, text in enumerate(EMPTY)]
    event_file(tmp_path, event())
    result = validate(run, tmp_path)
    assert result.exit_code == 0, result.stderr
    for path in paths:
        assert f"govai: warning: {path}: empty file, skipped\n" in result.stderr
    assert "1 event," in result.stderr
    timeline = run("timeline", "--data", str(tmp_path), "--format", "json")
    assert [r["id"] for r in json.loads(timeline.stdout)] == ["x"]
    assert "Traceback" not in result.stderr + timeline.stderr


def test_empty_and_comment_only_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "events" / "b.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (tmp_path / "events" / "c.yaml").write_text(VALID, encoding="utf-8")
    loaded = load_dataset([tmp_path])
    assert [e.id for e in loaded.dataset.events] == ["x"]
    assert [w.message for w in loaded.warnings] == ["empty file, skipped", "empty file, skipped"]


# ---------------------------------------------------------------- ids and references across files (D1, D2)


def test_validate_names_both_places_of_a_duplicate_id(run: Run, tmp_path: Path) -> None:
    first = event_file(tmp_path, event(), "a.yaml")
    second = event_file(tmp_path, event(), "b.yaml")
    clean_error(validate(run, tmp_path), 1, f"{second}:1: duplicate id 'x' (also at {first}:1)")


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


@pytest.mark.parametrize(("count", "budget"), [(40, SUGGESTION_BUDGET), (400, SUGGESTION_BUDGET), (400, 1000)])
def test_unknown_references_cost_a_bounded_number_of_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, budget: int
) -> None:
    """Every reference to a missing event is a problem; suggesting a close id for each would
    pass over every id once per problem (quadratic). Only the first few get one, and only while
    the ids they compare stay within a budget (the first always gets one)."""
    calls: list[str] = []
    compared: list[int] = []
    real = references.close_matches

    def counting(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
        calls.append(word)
        choices = list(choices)
        compared.append(len(choices) if word.startswith("gone") else 0)
        return real(word, choices, n)

    monkeypatch.setattr(references, "SUGGESTION_BUDGET", budget)
    monkeypatch.setattr(references, "close_matches", counting)
    folder = tmp_path / "events"
    folder.mkdir()
    for i in range(count):
        related = f"related: [gone-{i:04d}]\n" if i % 2 == 0 else ""
        (folder / f"e{i:04d}.yaml").write_text(
            f"id: e{i:04d}\ndate: 2024-07-01\nkind: resolution\ntitle: {{en: X}}\n{related}", encoding="utf-8"
        )
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path])
    unknown = [p for p in caught.value.problems if "unknown event" in p.message]
    assert len(unknown) == count // 2
    passes = min(len(unknown), SUGGESTED_REFERENCES, max(1, budget // count))  # each pass: every id
    assert len([c for c in calls if c.startswith("gone")]) == passes
    assert sum(compared) <= max(budget, count)  # the ids compared: at most the budget, or one pass


# ---------------------------------------------------------------- every problem in one pass


def broken_folder(root: Path) -> tuple[Path, Path, Path]:
    """A syntax error in one file, a duplicate id and an unknown actor in others."""
    (root / "actors.yaml").write_text("- {id: china, kind: state, name: {en: China}, country: CN}\n", encoding="utf-8")
    broken = event_file(root, "id: broken\ndate: 2024\nkind: summit\ntitle: {en: [unclosed\n", "a.yaml")
    first = event_file(root, event("twice", extra="actors:\n  - {id: nobody, role: host}\n"), "b.yaml")
    second = event_file(root, event("twice"), "c.yaml")
    return broken, first, second


@pytest.mark.parametrize("command", ["validate", "timeline"])
def test_a_syntax_error_hides_no_other_file_s_problems(run: Run, tmp_path: Path, command: str) -> None:
    broken, first, second = broken_folder(tmp_path)
    args = [str(tmp_path)] if command == "validate" else ["--data", str(tmp_path)]
    stderr = clean_error(run(command, *args, "--lang", "en"), 1)
    assert stderr.splitlines() == [
        f"govai: {broken}:4:13: YAML syntax error while parsing a flow sequence that starts here: did not find "
        "expected ',' or ']' (parsing stopped at line 5, column 1)",
        f"govai: {first}:6: event 'twice': actor id: unknown actor 'nobody'",
        f"govai: {second}:1: duplicate id 'twice' (also at {first}:1); ids must be unique",
        "govai: 3 problems found in the data",
    ]
    french = run(command, *args, "--lang", "fr").stderr
    assert french.endswith("govai: 3 problèmes trouvés dans les données\n")


def test_the_count_of_problems_agrees_with_its_number(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, "id: x\n  bad: [\n")
    assert run("validate", str(tmp_path), "--lang", "fr").stderr.endswith("govai: 1 problème trouvé dans les données\n")
    assert run("validate", str(tmp_path), "--lang", "en").stderr.endswith("govai: 1 problem found in the data\n")


@pytest.mark.parametrize("command", ["validate", "timeline"])
def test_references_into_a_file_that_cannot_be_parsed_are_not_reported(run: Run, tmp_path: Path, command: str) -> None:
    """Ids written in an unparsable file may be defined there: a reference to one is not an
    "unknown" problem (the file's own error is); references to other ids still are."""
    (tmp_path / "actors.yaml").write_text(
        "- {id: china, kind: state, name: {en: China}, country: CN}\n- {id: france, name: [\n", encoding="utf-8"
    )
    event_file(tmp_path, event(extra="actors:\n  - {id: china, role: host}\n  - {id: nobody, role: host}\n"))
    args = [str(tmp_path)] if command == "validate" else ["--data", str(tmp_path)]
    result = run(command, *args, "--lang", "en")
    stderr = clean_error(result, 1, "actors.yaml:3:1: YAML syntax error", "unknown actor 'nobody'")
    assert "'china'" not in stderr
    assert "2 problems found" in stderr


def test_a_refused_record_s_id_is_still_defined(run: Run, tmp_path: Path) -> None:
    """An actor refused for a bad field leaves no false "unknown actor" in the events naming it,
    and its id still counts for duplicates."""
    (tmp_path / "actors.yaml").write_text(
        "- {id: china, kind: state, name: {en: China}, country: China}\n", encoding="utf-8"
    )
    event_file(tmp_path, event(extra="actors:\n  - {id: china, role: host}\n"))
    event_file(tmp_path, event("china"), "y.yaml")
    stderr = clean_error(validate(run, tmp_path), 1, "must be an ISO 3166 alpha-2 code", "duplicate id 'china'")
    assert "unknown actor" not in stderr


def test_a_thousand_files_load_in_a_fixed_order(run: Run, tmp_path: Path) -> None:
    for i in range(1000):
        date = f"20{10 + i % 15}-{1 + i % 12:02d}"
        event_file(tmp_path, event(f"e{i:04d}", date=date), f"{(i * 7919) % 1000:04d}.yaml")
    events = [e.sort_key() for e in load_dataset([tmp_path]).dataset.events]
    assert len(events) == 1000
    assert events == sorted(events)
    for i in (3, 500, 997):  # broken files: the messages come sorted by file, the same every time
        event_file(tmp_path, "a: [", f"{i:04d}.yaml")
    first, second = validate(run, tmp_path), validate(run, tmp_path)
    assert first.exit_code == 1
    assert first.stderr == second.stderr
    located = [line for line in first.stderr.splitlines() if ".yaml:" in line]
    assert len(located) == 3
    assert located == sorted(located)


# ---------------------------------------------------------------- dates and text in the data (D3, D4, D5)


def test_unquoted_dates_are_text_checked_against_the_calendar(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event(date="2024-06-01"))
    assert json.loads(run("show", "x", "--data", str(tmp_path), "--format", "json").stdout)["date"] == "2024-06-01"
    month = event_file(tmp_path, event("m", date="2024-13-01"), "m.yaml")
    day = event_file(tmp_path, event("d", date="2024-02-30"), "d.yaml")
    stderr = clean_error(validate(run, tmp_path), 1, f"{month}:2:7: ", "invalid month 13", f"{day}:2:7: ")
    assert "invalid day 30 (month 02 of 2024 has 29 days)" in stderr
    assert "ValueError" not in stderr


def test_slashed_dates_in_data_ask_for_iso(run: Run, tmp_path: Path) -> None:
    path = event_file(tmp_path, event(date="01/07/2024"))
    clean_error(validate(run, tmp_path), 1, f"{path}:2:7: ", "ambiguous order: use ISO 2024-07-01 (YYYY-MM-DD)")


def test_escapes_in_data_are_refused_with_their_place(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = {"U+001B": "\\e[2J\\e]0;pwned\\a", "U+009B": "\\x9b2J", "U+202E": "\\u202Eevil"}
    paths = {
        code: event_file(tmp_path, event(code[2:].lower(), title=f'"{text}"'), f"{code}.yaml")
        for code, text in cases.items()
    }
    where = [
        f"{path}:4:13: event '{code[2:].lower()}': title.en: control character {code} not allowed"
        for code, path in paths.items()
    ]
    clean_error(validate(run, tmp_path), 1, *where)
    for kind in TERMINALS:
        terminal(monkeypatch, kind)
        clean_error(run("timeline", "--data", str(tmp_path)), 1, *where)


def test_an_escape_inside_a_url_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text('- {id: s, title: "T", url: "https://ex.org/\\e]8;;x"}\n', encoding="utf-8")
    clean_error(validate(run, tmp_path), 1, f"{tmp_path / 'sources.yaml'}:1:", "U+001B not allowed")


# ---------------------------------------------------------------- notes: {fr, en}, or plain text read as English

NOTES = """\
- id: e
  date: 2024
  kind: report
  verification_note: Only English
  title:
    en: {text: Title, note: {fr: Note FR, en: Note EN}}
    fr: {text: Titre, note: "Plain note"}
"""


def test_a_note_as_plain_text_is_read_as_english(tmp_path: Path) -> None:
    event_file(tmp_path, NOTES)
    loaded = load_dataset([tmp_path]).dataset.events[0]
    assert loaded.verification_note == Text(en="Only English")
    assert loaded.title.fr is not None
    assert loaded.title.fr.note == Text(en="Plain note")
    assert loaded.title.en is not None
    assert loaded.title.en.note == Text("Note FR", "Note EN")


def test_curated_data_wants_every_note_in_both_languages(tmp_path: Path) -> None:
    event_file(tmp_path, NOTES.replace("note: {fr: Note FR, en: Note EN}", "note: {en: Note EN}"))
    with pytest.raises(DataError) as caught:
        load_dataset([tmp_path], strict=True)
    messages = [p.message for p in caught.value.problems]
    assert "event 'e': verification_note: expected a mapping of fields, got 'Only English'" in messages
    assert "event 'e': title.fr.note: expected a mapping of fields, got 'Plain note'" in messages
    assert "event 'e': title.en.note: missing required field 'fr'" in messages


def test_the_schema_takes_a_note_in_both_languages_or_as_plain_text() -> None:
    validator = jsonschema.Draft202012Validator(data_schema("event"))
    base = {"id": "e", "date": "2024", "kind": "report", "title": {"en": "T"}}
    for note in ("Only English", {"fr": "Note", "en": "Note"}, {"en": "Note"}):
        assert list(validator.iter_errors({**base, "verification_note": note})) == []
    for bad in ({"de": "Notiz"}, {}, ["a list"]):
        assert list(validator.iter_errors({**base, "verification_note": bad})) != []
