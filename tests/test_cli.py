"""The command line as a user meets it: exit codes, stdout vs stderr, JSON contract, tables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from govai_cli import __version__
from govai_cli.cli import app

from .conftest import GOOD, Run

EVENT_KEYS = {
    "id", "date", "end_date", "kind", "body", "session", "symbol", "other_symbols", "title", "title_status",
    "summary", "location", "actors", "topics", "facts", "sources", "related", "verification",
}  # fmt: skip
SOURCE_KEYS = {"id", "title", "description", "publisher", "published", "language", "url", "kind"}
ACTOR_KEYS = {"id", "kind", "name", "short_name", "aliases", "country", "roles", "facts", "sources"}


def data(*args: str) -> tuple[str, ...]:
    return ("--data", str(GOOD), *args)


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"govai {__version__}\n"


def test_every_command_has_help_with_an_example(run: Run) -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {"timeline", "search", "actors", "show", "validate"} <= set(commands)
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0, result.output
        assert "Example" in result.stdout, f"{name} --help has no example"
        assert commands[name].help, f"{name} has no help text"


def test_unknown_option_is_a_usage_error(run: Run) -> None:
    result = run("timeline", "--colour")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--colour" in result.stderr


# ---------------------------------------------------------------- timeline


def test_timeline_table_fr_golden(run: Run, golden: Callable[[str, str], None]) -> None:
    result = run("timeline", *data("--lang", "fr"))
    assert result.exit_code == 0, result.output
    golden("timeline_fr.txt", result.stdout)


def test_timeline_table_en_golden(run: Run, golden: Callable[[str, str], None]) -> None:
    result = run("timeline", *data("--lang", "en"))
    assert result.exit_code == 0, result.output
    golden("timeline_en.txt", result.stdout)


def test_timeline_json_is_oldest_first_with_partial_dates(run: Run) -> None:
    result = run("timeline", *data("--format", "json"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["dialogue", "initiative", "session-span", "resolution", "statement"]
    assert rows[1]["date"] == "2023-10"
    assert rows[2]["end_date"] == "2024-07-12"
    for row in rows:
        assert set(row) == EVENT_KEYS
        for source in row["sources"]:
            assert set(source) == SOURCE_KEYS
        for fact in row["facts"]:
            assert set(fact) == {"text", "source", "quote"}
    assert result.stderr == ""


def test_timeline_ndjson_is_one_object_per_line(run: Run) -> None:
    result = run("timeline", *data("--format", "ndjson"))
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0])["id"] == "dialogue"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-07", "2024-07", ["session-span", "resolution", "statement"]),
        ("juillet 2024", "July 2024", ["session-span", "resolution", "statement"]),
        ("2024-07-02", None, ["session-span"]),  # the session ran until 12 July
        (None, "2023", ["dialogue", "initiative"]),
        ("2023-10-15", "2023-10-15", ["initiative"]),  # a month-precision event covers the whole month
        ("1er juin 2020", "15 June 2020", ["dialogue"]),
    ],
)
def test_date_range_follows_the_overlap_rule(run: Run, start: str | None, end: str | None, expected: list[str]) -> None:
    args = ["timeline", *data("--format", "json")]
    if start:
        args += ["--from", start]
    if end:
        args += ["--to", end]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


@pytest.mark.parametrize("bad", ["01/07/2024", "2024-02-30", "2024-13", "0000-00-00", "99999999999", "", "demain"])
def test_bad_dates_are_usage_errors(run: Run, bad: str) -> None:
    result = run("timeline", *data("--from", bad))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "YYYY" in result.stderr or "AAAA" in result.stderr or "2024" in result.stderr


def test_empty_result_is_success_with_a_note(run: Run) -> None:
    result = run("timeline", *data("--from", "1990", "--to", "1991", "--format", "json"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "No event" in result.stderr or "Aucun" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--body", "CDH", ["session-span", "statement"]),
        ("--body", "Human Rights Council", ["session-span", "statement"]),
        ("--actor", "Fu Cong", ["resolution"]),
        ("--topic", "égalité des sexes", ["statement"]),
        ("--kind", "resolution", ["resolution"]),
        ("--country", "France", ["dialogue"]),
    ],
)
def test_filters(run: Run, option: str, value: str, expected: list[str]) -> None:
    result = run("timeline", *data(option, value, "--format", "json"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [("--body", "CDHH", "CDH"), ("--kind", "resolutoin", "resolution"), ("--topic", "genderequality", "gender")],
)
def test_unknown_filter_values_suggest(run: Run, option: str, value: str, hint: str) -> None:
    result = run("timeline", *data(option, value, "--lang", "en"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Did you mean" in result.stderr
    assert hint in result.stderr


def test_limit(run: Run) -> None:
    result = run("timeline", *data("--limit", "2", "--format", "json"))
    assert len(json.loads(result.stdout)) == 2


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("egalite des sexes", ["statement"]),  # through the topic's French label
        ("gender equality", ["statement"]),  # the same topic's English label
        ("ÉGALITÉ", ["statement"]),
        ("oeuvre", ["resolution"]),  # "œuvre" in a quote
        ("A/RES/78/311", ["resolution"]),
        ("l’IA droits", ["statement"]),
        ("fu cong", ["resolution"]),
        ("AGNU", ["resolution"]),
        ('"sans vote"', ["resolution"]),
    ],
)
def test_search_finds(run: Run, query: str, expected: list[str]) -> None:
    result = run("search", query, *data("--format", "json"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected


def test_search_json_has_score_and_matched_in_descending_order(run: Run) -> None:
    result = run("search", "capacités", *data("--format", "json"))
    rows = json.loads(result.stdout)
    assert rows
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert set(row) == EVENT_KEYS | {"score", "matched"}
        assert row["matched"]


@pytest.mark.parametrize("query", ["", "   ", '""'])
def test_empty_search_is_a_usage_error(run: Run, query: str) -> None:
    result = run("search", query, *data())
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize("query", ["[bold]x", "AND OR NOT", '"unclosed', "a*", "-", "col:on", "\x1b[2J"])
def test_search_with_syntax_characters_never_fails(run: Run, query: str) -> None:
    result = run("search", query, *data())
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_search_table_shows_where_it_matched(run: Run) -> None:
    result = run("search", "oeuvre", *data("--lang", "en"))
    assert result.exit_code == 0
    assert "facts" in result.stdout
    assert "Enhancing international" in result.stdout


# ---------------------------------------------------------------- actors


@pytest.mark.parametrize("country", ["Chine", "China", "CN", "CHN", "chine", "CHINE", "chn"])
def test_actors_by_country_in_any_form(run: Run, country: str) -> None:
    result = run("actors", *data("--country", country, "--format", "json"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["chen-xu", "fu-cong", "china"]
    for row in rows:
        assert set(row) == ACTOR_KEYS | {"events"}


def test_unknown_country_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    result = run("actors", *data("--country", "Chinee", "--lang", "en"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Did you mean" in result.stderr


def test_actors_table_shows_roles_and_event_counts(run: Run) -> None:
    result = run("actors", *data("--country", "CN", "--lang", "en"))
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "Fu Cong" in line)
    assert "Permanent Representative" in line
    assert " 1 " in line


# ---------------------------------------------------------------- show


def test_show_event_prints_date_and_sources(run: Run) -> None:
    result = run("show", "resolution", *data("--lang", "en"))
    assert result.exit_code == 0, result.output
    assert "2024-07-01" in result.stdout
    assert "https://press.un.org/en/2024/ga12612.doc.htm" in result.stdout
    assert "[fixture-official]" in result.stdout
    assert "[translation]" in result.stdout  # the French title is marked as a translation


def test_show_actor_lists_events_in_time_order(run: Run) -> None:
    result = run("show", "china", *data("--lang", "en"))
    assert result.exit_code == 0
    assert result.stdout.index("Global AI Governance") < result.stdout.index("Enhancing")


def test_show_json(run: Run) -> None:
    result = run("show", "resolution", *data("--format", "json"))
    assert set(json.loads(result.stdout)) == EVENT_KEYS
    result = run("show", "fixture-official", *data("--format", "json"))
    assert set(json.loads(result.stdout)) == SOURCE_KEYS


def test_show_unknown_id_exits_4_with_a_suggestion(run: Run) -> None:
    result = run("show", "resolutoin", *data("--lang", "en"))
    assert result.exit_code == 4
    assert result.stdout == ""
    assert "'resolution'" in result.stderr


# ---------------------------------------------------------------- data paths, language


def test_govai_data_environment_variable(run: Run) -> None:
    result = run("timeline", "--format", "json", env={"GOVAI_DATA": str(GOOD)})
    assert json.loads(result.stdout)[0]["id"] == "dialogue"


def test_language_from_environment(run: Run) -> None:
    assert "Événement" in run("timeline", *data(), env={"GOVAI_LANG": "fr"}).stdout
    assert "Event" in run("timeline", *data(), env={"GOVAI_LANG": "en"}).stdout
    assert "Event" in run("timeline", *data(), env={"LANG": "en_GB.UTF-8"}).stdout


def test_unknown_language_is_a_usage_error(run: Run) -> None:
    result = run("timeline", *data("--lang", "de"))
    assert result.exit_code == 2
    assert result.stderr == "govai: erreur : --lang : langue inconnue « de » ; choisissez fr ou en\n"
    # an invalid --lang cannot choose the language of its own error: GOVAI_LANG, the locale do
    result = run("timeline", *data("--lang", "de"), env={"GOVAI_LANG": "en"})
    assert result.stderr == "govai: error: --lang: unknown language 'de'; use fr or en\n"
    result = run("timeline", *data(), env={"GOVAI_LANG": "de", "LANG": "en_US.UTF-8"})
    assert result.stderr == "govai: error: GOVAI_LANG: unknown language 'de'; use fr or en\n"


def test_validate_good_and_bad(run: Run, tmp_path: Path) -> None:
    assert run("validate", str(GOOD)).exit_code == 0
    bad = tmp_path / "events"
    bad.mkdir()
    (bad / "x.yaml").write_text("id: x\ndate: 2024-13\nkind: resolution\ntitle: {en: X}\n", encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert f"{bad / 'x.yaml'}:2:7:" in result.stderr
    assert "invalid month" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- the installed program


def test_installed_entry_point_runs() -> None:
    script = Path(sys.executable).with_name("govai")
    command = [str(script)] if script.exists() else [shutil.which("govai") or "govai"]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"govai {__version__}"
    done = subprocess.run(
        [*command, "show", "nope", "--data", str(GOOD)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 4
    assert "Traceback" not in done.stderr


def test_info_counts_the_fixture(run: Run) -> None:
    result = run("info", *data("--format", "json"))
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["events"] == 5
    assert info["first"] == "2020-06-15"
    assert info["last"] == "2024-07-12"
    assert info["events_by_year"] == {"2020": 1, "2023": 1, "2024": 3}
    assert info["title_status"]["fr"] == {"official": 2, "press": 2, "translation": 1}
    assert len(info["content_hash"]) == 64
    assert info["version"] is None  # user data has no dataset version


def test_info_hash_changes_exactly_when_data_changes(run: Run, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(GOOD, copy)
    first = json.loads(run("info", "--data", str(copy), "--format", "json").stdout)["content_hash"]
    assert json.loads(run("info", "--data", str(GOOD), "--format", "json").stdout)["content_hash"] == first
    (copy / "topics.yaml").write_text((copy / "topics.yaml").read_text() + "\n", encoding="utf-8")
    assert json.loads(run("info", "--data", str(copy), "--format", "json").stdout)["content_hash"] != first


def test_ctrl_c_exits_130_with_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from govai_cli import query

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(query, "timeline", interrupted)
    result = run("timeline", *data())
    assert result.exit_code == 130
    assert result.stderr == "govai: interrompu\n"
    assert result.stdout == ""
    assert run("timeline", *data("--lang", "en")).stderr == "govai: interrupted\n"
    assert run("timeline", *data(), env={"GOVAI_LANG": "en"}).stderr == "govai: interrupted\n"


def test_internal_error_is_one_line_without_locals(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from govai_cli.output import tables

    def broken(*args: object, **kwargs: object) -> None:
        secret = "secret-token-123"
        raise ValueError(secret)

    monkeypatch.setattr(tables, "print_timeline", broken)
    result = run("timeline", *data("--lang", "en"))
    assert result.exit_code == 1
    assert "internal error (ValueError)" in result.stderr
    assert "report" in result.stderr
    assert "Traceback" not in result.stderr
    assert "secret-token-123" not in result.stderr


def test_internal_error_traceback_on_request(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from govai_cli.output import tables

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(tables, "print_timeline", broken)
    monkeypatch.setenv("GOVAI_DEBUG", "1")
    with pytest.raises(ValueError, match="boom"):
        run("timeline", *data())


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("govai")
    command = str(script) if script.exists() else "govai"
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


def test_installed_program_uses_the_user_cache_directory(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("govai")
    command = str(script) if script.exists() else "govai"
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


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--kind", "statement"), ["statement"]),
        (("--from", "2024-07-01", "--to", "2024-07-01"), ["statement", "resolution", "session-span"]),
        (("--country", "FR"), []),
        (("--body", "AG"), ["resolution"]),
        (("--topic", "capacity-building"), ["resolution"]),
        (("--actor", "Chen Xu"), ["statement"]),
    ],
)
def test_search_combines_with_filters(run: Run, args: tuple[str, ...], expected: list[str]) -> None:
    result = run("search", "2024 OR droits OR capacités", *data("--format", "json", *args))
    assert result.exit_code == 0, result.output
    assert sorted(r["id"] for r in json.loads(result.stdout)) == sorted(expected)


def test_search_query_language(run: Run) -> None:
    def found(query: str) -> list[str]:
        return [r["id"] for r in json.loads(run("search", query, *data("--format", "json")).stdout or "[]")]

    assert found("droits femmes") == ["statement"]
    assert found('"droits des femmes"') == ["statement"]
    assert found('"femmes des droits"') == []
    assert found("droits -femmes") == ["session-span"]  # the HRC session, through its forum's name
    assert sorted(found("femmes OR capacités")) == ["resolution", "statement"]


def test_search_table_highlights_the_matched_words(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = run("search", "oeuvre", *data("--lang", "en"))
    assert result.exit_code == 0
    assert "\x1b[1;3mŒuvre\x1b[0m\x1b[2;3m commune" in result.stdout  # the word bold, the rest dim
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    plain = run("search", "oeuvre", *data("--lang", "en")).stdout
    assert "facts: Œuvre commune" in plain
    assert "\x1b" not in plain


def test_search_explain_goes_to_stderr(run: Run) -> None:
    result = run("search", "Égalité des sexes", "--explain", *data("--format", "json", "--lang", "en"))
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert "egalite des sexes" in result.stderr
    assert "gender-equality" in result.stderr


def test_search_default_limit_notes_the_rest(run: Run) -> None:
    result = run("search", "2024 OR droits OR capacités OR session", *data("--limit", "1", "--lang", "en"))
    assert result.exit_code == 0
    assert "showing 1 of" in result.stderr


# ---------------------------------------------------------------- messages in both languages

ERRORS = [
    (
        ("timeline", "--from", "01/07/2024"),
        2,
        "govai: erreur : date ambiguë « 01/07/2024 » : écrivez-la en ISO AAAA-MM-JJ "
        "(pour le 1er juillet 2024 : 2024-07-01)\n",
        "govai: error: ambiguous date '01/07/2024': use ISO YYYY-MM-DD (for 1 July 2024: 2024-07-01)\n",
    ),
    (
        ("actors", "--country", "Chinee"),
        2,
        "govai: erreur : pays inconnu « Chinee ». Vouliez-vous dire « chine » ? "
        "Donnez un nom français ou anglais ou un code ISO (Chine, China, CN, CHN).\n",
        "govai: error: unknown country 'Chinee'. Did you mean 'chine'? "
        "Give a French or English name or an ISO code (Chine, China, CN, CHN).\n",
    ),
    (
        ("show", "resolutoin"),
        4,
        "govai: erreur : aucun événement, acteur, source ou thème n'a l'identifiant « resolutoin ». "
        "Vouliez-vous dire « resolution » ?\n",
        "govai: error: no event, actor, source or topic with id 'resolutoin'. Did you mean 'resolution'?\n",
    ),
    (
        ("search", "  "),
        2,
        "govai: erreur : recherche vide : donnez au moins un mot à trouver, "
        'par exemple govai search "égalité des sexes"\n',
        'govai: error: empty search: give at least one word to find, e.g. govai search "égalité des sexes"\n',
    ),
    (
        ("timeline", "--from", "2024", "--to", "2023"),
        2,
        "govai: erreur : --to 2023 tombe avant --from 2024\n",
        "govai: error: --to 2023 is before --from 2024\n",
    ),
    (
        ("timeline", "--topic", "genderequality"),
        2,
        "govai: erreur : thème inconnu « genderequality ». Vouliez-vous dire « gender-equality » ou "
        "« Gender equality » ?\n",
        "govai: error: unknown topic 'genderequality'. Did you mean 'gender-equality' or 'Gender equality'?\n",
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "french", "english"), ERRORS, ids=["date", "country", "id", "search", "range", "topic"]
)
def test_errors_follow_the_language(run: Run, args: tuple[str, ...], code: int, french: str, english: str) -> None:
    for extra, env, expected in [
        ((), None, french),  # the default: French
        (("--lang", "fr"), {"GOVAI_LANG": "en"}, french),  # --lang wins over GOVAI_LANG
        (("--lang", "en"), None, english),
        (("--lang=en",), None, english),
        ((), {"GOVAI_LANG": "en"}, english),
        ((), {"LANG": "en_US.UTF-8"}, english),
    ]:
        result = run(*args, *data(*extra), env=env)
        assert (result.exit_code, result.stdout, result.stderr) == (code, "", expected), (extra, env)


def test_every_message_has_the_same_placeholders_in_both_languages() -> None:
    import string

    from govai_cli.i18n import MESSAGES

    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, (fr, en) in MESSAGES.items():
        assert names(fr) == names(en), key


def test_a_keyed_error_reads_in_english_and_renders_in_either_language() -> None:
    from govai_cli.errors import NotFoundError

    exc = NotFoundError.of("unknown.id", id="x", suggestions=["y", "z"])
    assert str(exc) == exc.message == "no event, actor, source or topic with id 'x'. Did you mean 'y' or 'z'?"
    assert exc.text("en") == exc.message
    assert exc.text("fr") == (
        "aucun événement, acteur, source ou thème n'a l'identifiant « x ». Vouliez-vous dire « y » ou « z » ?"
    )
    assert NotFoundError("plain").text("fr") == "plain"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["timeline", "--lang", "en"], "en"),
        (["timeline", "--lang=fr", "--from", "2024"], "fr"),
        (["search", "--", "--lang", "en"], None),  # after --, words to search
        (["timeline", "--lang"], None),
        (["timeline"], None),
    ],
)
def test_lang_from_argv(argv: list[str], expected: str | None) -> None:
    from govai_cli.language import lang_from_argv

    assert lang_from_argv(argv) == expected


def test_validate_counts_in_either_language_and_problems_in_english(run: Run, tmp_path: Path) -> None:
    assert (
        run("validate", str(GOOD)).stderr
        == "govai: ok : 5 événements, 6 acteurs, 2 sources, 2 thèmes dans 8 fichiers\n"
    )
    assert (
        run("validate", str(GOOD), "--lang", "en").stderr
        == "govai: ok: 5 events, 6 actors, 2 sources, 2 topics in 8 files\n"
    )
    bad = tmp_path / "events"
    bad.mkdir()
    (bad / "x.yaml").write_text("id: x\ndate: 2024-13\nkind: resolution\ntitle: {en: X}\n", encoding="utf-8")
    result = run("validate", str(tmp_path), "--lang", "fr")
    assert result.exit_code == 1
    assert f"{bad / 'x.yaml'}:2:7: " in result.stderr
    assert "invalid month 13" in result.stderr  # a data file's problem: English, like a compiler's
