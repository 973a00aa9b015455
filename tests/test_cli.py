"""The command line as a user meets it: help, version, exit codes, stdout vs stderr, the JSON
contract, tables, the environment and the language of messages, internal errors and Ctrl-C.

Bad-input checklist item D8.50 (map: tests/README.md).
"""

from __future__ import annotations

import json
import signal
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main

from govai_cli import __version__, query, usage
from govai_cli.cli import app, app_for
from govai_cli.errors import NotFoundError
from govai_cli.help_texts import COMMANDS, OPTIONS
from govai_cli.i18n import MESSAGES
from govai_cli.language import lang_from_argv
from govai_cli.output import tables

from .conftest import GOOD, Run
from .helpers import EVENT_KEYS, SOURCE_KEYS, clean_error, data, installed


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"govai {__version__}\n"


TYPER_S_OWN = {"install_completion", "show_completion"}  # options Typer adds, with their help


def test_every_command_option_and_argument_has_help_in_both_languages() -> None:
    """The help tables hold every command, option and argument; a new one fails here, named."""
    group = typer.main.get_command(app)
    commands = usage.commands_of(group)
    assert {"govai", "timeline", "search", "actors", "show", "validate"} <= set(commands)
    missing = []
    for name, command in commands.items():
        if name not in COMMANDS:
            missing.append(f"{name}: add help_texts.COMMANDS[{name!r}] = (fr, en), with examples")
        for param in command.params:
            shown = "/".join(param.opts) or param.name
            if usage.param_help(name, param, "fr") is None:
                keys = " or ".join(repr(key) for key in dict.fromkeys(usage.help_key(name, param)))
                missing.append(f"{name} {shown}: add help_texts.OPTIONS[{keys}] = (fr, en)")
            if param.help and param.name not in TYPER_S_OWN:  # declared in the code too: two places
                missing.append(f"{name} {shown}: move its help= to help_texts.OPTIONS")
    assert not missing, "--help texts missing from src/govai_cli/help_texts.py:\n" + "\n".join(missing)
    for key, (fr, en) in [*COMMANDS.items(), *OPTIONS.items()]:
        assert fr.strip(), key
        assert en.strip(), key
        assert fr != en, key
    for key, (fr, en) in COMMANDS.items():
        assert "Exemples :" in fr, f"{key} has no examples"
        assert "Examples:" in en, f"{key} has no examples"


def test_every_command_has_help_with_an_example_in_either_language(run: Run) -> None:
    for name in usage.commands_of(typer.main.get_command(app)):
        args = [name] if name != "govai" else []
        french, english = run(*args, "--help"), run("--lang", "en", *args, "--help")
        assert (french.exit_code, english.exit_code) == (0, 0), name
        assert tuple(w for w in ("Exemples\u00a0:", "Options\u00a0:") if w in french.stdout) == (
            "Exemples\u00a0:",
            "Options\u00a0:",
        )
        assert tuple(w for w in ("Examples:", "Options:") if w in english.stdout) == ("Examples:", "Options:")


def test_help_follows_lang_wherever_it_is_given(run: Run) -> None:
    french = run("--lang", "fr", "timeline", "--help", env={"GOVAI_LANG": "en"})
    assert french.exit_code == 0
    assert french.stdout.startswith("Utilisation\u00a0: govai timeline [OPTIONS]\n\n  Chaque événement")
    assert "Date de début\u00a0: 2024" in french.stdout
    assert "[par défaut\u00a0: table]" in french.stdout
    assert "Affiche cette aide et s'arrête." in french.stdout
    assert "--limit <entier>" in french.stdout
    english = run("--lang", "en", "timeline", "--help")
    assert english.stdout.startswith("Usage: govai timeline [OPTIONS]\n\n  Every event")
    assert "Start date: 2024" in english.stdout
    assert "[default:" in english.stdout
    assert "Show this message and exit." in english.stdout
    for env in ({"GOVAI_LANG": "en"}, {"LANG": "en_GB.UTF-8"}):
        assert run("timeline", "--help", env=env).stdout == english.stdout
    assert run("timeline", "--help", "--lang", "fr", env={"GOVAI_LANG": "en"}).stdout == french.stdout
    listed = run("--help", "--lang", "en").stdout
    assert "Commands:" in listed
    assert "timeline  Every event, oldest first" in listed
    assert "Commandes\u00a0:" in run("--help").stdout


def test_lang_before_the_command_is_the_command_s_lang(run: Run) -> None:
    assert "Event" in run("--lang", "en", "timeline", *data()).stdout
    assert "Événement" in run("--lang", "en", "timeline", *data("--lang", "fr")).stdout
    clean_error(run("--lang", "de", "timeline", *data()), 2, "langue inconnue « de »")


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


# ---------------------------------------------------------------- actors


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
    assert result.stderr == "govai: error: --lang: unknown language “de”; use fr or en\n"
    result = run("timeline", *data(), env={"GOVAI_LANG": "de", "LANG": "en_US.UTF-8"})
    assert result.stderr == "govai: error: GOVAI_LANG: unknown language “de”; use fr or en\n"


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
    command = [installed()]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"govai {__version__}"
    done = subprocess.run(
        [*command, "show", "nope", "--data", str(GOOD)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 4
    assert "Traceback" not in done.stderr


def test_ctrl_c_exits_130_with_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
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
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(tables, "print_timeline", broken)
    monkeypatch.setenv("GOVAI_DEBUG", "1")
    with pytest.raises(ValueError, match="boom"):
        run("timeline", *data())


# ---------------------------------------------------------------- messages in both languages

ERRORS = [
    (
        ("timeline", "--from", "01/07/2024"),
        2,
        "govai: erreur : date ambiguë « 01/07/2024 » : écrivez-la en ISO AAAA-MM-JJ "
        "(pour le 1er juillet 2024 : 2024-07-01)\n",
        "govai: error: ambiguous date “01/07/2024”: use ISO YYYY-MM-DD (for 1 July 2024: 2024-07-01)\n",
    ),
    (
        ("actors", "--country", "Chinee"),
        2,
        "govai: erreur : pays inconnu « Chinee ». Vouliez-vous dire « chine » ? "
        "Donnez un nom français ou anglais ou un code ISO (Chine, China, CN, CHN).\n",
        "govai: error: unknown country “Chinee”. Did you mean “chine”? "
        "Give a French or English name or an ISO code (Chine, China, CN, CHN).\n",
    ),
    (
        ("show", "resolutoin"),
        4,
        "govai: erreur : aucun événement, acteur, source ou thème n'a l'identifiant « resolutoin ». "
        "Vouliez-vous dire « resolution » ?\n",
        "govai: error: no event, actor, source or topic with id “resolutoin”. Did you mean “resolution”?\n",
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
        "govai: error: unknown topic “genderequality”. Did you mean “gender-equality” or “Gender equality”?\n",
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
    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, (fr, en) in MESSAGES.items():
        assert names(fr) == names(en), key


def test_a_keyed_error_reads_in_english_and_renders_in_either_language() -> None:
    exc = NotFoundError.of("unknown.id", id="x", suggestions=["y", "z"])
    assert str(exc) == exc.message == "no event, actor, source or topic with id “x”. Did you mean “y” or “z”?"
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
    assert result.stderr.endswith("govai: 1 problème trouvé dans les données\n")


def test_validate_in_french_says_in_french_all_but_the_data_s_problems(run: Run, tmp_path: Path) -> None:
    events = tmp_path / "events"
    events.mkdir()
    (events / "empty.yaml").write_text("# later\n", encoding="utf-8")
    (events / "b.yaml").write_text("id: b\ndate: '2024'\nkind: resolution\ntitle: {en: B}\n", encoding="utf-8")
    warned = run("validate", str(tmp_path), "--lang", "fr").stderr
    assert warned == (
        f"govai: avertissement : {events / 'empty.yaml'}: empty file, skipped\n"
        "govai: ok : 1 événement, 0 acteur, 0 source, 0 thème dans 2 fichiers\n"
    )
    (events / "a.yaml").write_text("id: a\ndate: 2024-13\nkind: resolution\ntitle: {en: A}\n", encoding="utf-8")
    (events / "c.yaml").write_text("id: c\ndate: 2024\nkind: resolutoin\ntitle: {en: C}\n", encoding="utf-8")
    french = run("validate", str(tmp_path), "--lang", "fr").stderr.splitlines()
    english = run("validate", str(tmp_path), "--lang", "en").stderr.splitlines()
    assert french[:-1] == english[:-1]  # the problems themselves: English in both, like a compiler's
    assert len(french) == 3
    assert (french[-1], english[-1]) == (
        "govai: 2 problèmes trouvés dans les données",
        "govai: 2 problems found in the data",
    )


# ---------------------------------------------------------------- internal errors, Ctrl-C, help, typos (D8.50)


def broken_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    def print_timeline(*args: object, **kwargs: object) -> None:
        secret = "secret-token-123"
        raise ValueError(secret)

    monkeypatch.setattr(tables, "print_timeline", print_timeline)


def test_an_internal_error_is_one_line_asking_for_a_report(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    broken_renderer(monkeypatch)
    stderr = clean_error(run("timeline", "--data", str(GOOD), "--lang", "en"), 1, "internal error (ValueError)")
    assert "please report it" in stderr
    assert "with the command you ran" in stderr
    assert "GOVAI_DEBUG=1" in stderr
    assert len(stderr.splitlines()) == 1
    assert "secret-token-123" not in stderr  # neither the message nor a locals panel


@pytest.mark.parametrize("variable", ["GOVAI_DEBUG", "TYPER_STANDARD_TRACEBACK"])
def test_the_traceback_shows_on_request(run: Run, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    broken_renderer(monkeypatch)
    monkeypatch.setenv(variable, "1")
    with pytest.raises(ValueError, match="secret-token-123"):  # Python prints it, as for any program
        run("timeline", "--data", str(GOOD))


def test_a_real_sigint_is_exit_130_and_one_line(tmp_path: Path) -> None:
    # A real SIGINT, sent once the command is running (it waits in the renderer until then).
    script = (
        "import sys, time\n"
        "from govai_cli import cli\nfrom govai_cli.output import tables\n"
        "def wait(*args, **kwargs):\n"
        "    sys.stderr.write('ready\\n'); sys.stderr.flush(); time.sleep(30)\n"
        "tables.print_timeline = wait\n"
        "sys.argv = ['govai', 'timeline', '--data', sys.argv[1], '--lang=en']\n"
        "cli.main()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(GOOD)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    assert process.stderr.readline() == b"ready\n"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert (process.returncode, out, err) == (130, b"", b"govai: interrupted\n")


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_is_on_stdout_with_examples_and_literal_brackets(run: Run, option: str) -> None:
    result = run(option, "--lang", "en")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Examples:" in result.stdout
    assert 'govai search "égalité des sexes"' in result.stdout
    timeline = run("timeline", option, "--lang", "en")
    assert timeline.exit_code == 0
    assert "govai timeline --from" in timeline.stdout
    assert "[OPTIONS]" in timeline.stdout  # brackets are text: help is never read as Rich markup
    assert "[x>=1]" in timeline.stdout


def test_version_and_unknown_options(run: Run) -> None:
    version = run("--version")
    assert (version.exit_code, version.stdout) == (0, f"govai {__version__}\n")
    stderr = clean_error(run("timeline", "--form", "2024"), 2, "option inconnue --form.")
    assert "Vouliez-vous dire « --format » ou « --from » ou « --sort » ?" in stderr
    stderr = clean_error(run("timline"), 2, "commande inconnue « timline ».")
    assert "Vouliez-vous dire « timeline » ?" in stderr


# Click's own usage errors, said as govai says its own: one line, the reader's language, exit 2.
USAGE_ERRORS = [
    (
        ("timeline", "--form", "2024"),
        "option inconnue --form. Vouliez-vous dire « --format » ou « --from » ou « --sort » ? "
        "Aide : govai timeline --help",
        "no such option --form. Did you mean “--format” or “--from” or “--sort”? Help: govai timeline --help",
    ),
    (
        ("timline",),
        "commande inconnue « timline ». Vouliez-vous dire « timeline » ? Aide : govai --help",
        "no such command “timline”. Did you mean “timeline”? Help: govai --help",
    ),
    (
        ("timeline", "--limit", "abc"),
        "valeur invalide pour --limit : « abc » n'est pas un nombre entier. Aide : govai timeline --help",
        "invalid value for --limit: “abc” is not a whole number. Help: govai timeline --help",
    ),
    (
        ("timeline", "--limit", "0"),
        "valeur invalide pour --limit : 0 n'est pas dans l'intervalle x>=1. Aide : govai timeline --help",
        "invalid value for --limit: 0 is not in the range x>=1. Help: govai timeline --help",
    ),
    (
        ("timeline", "--group", "nope"),
        "valeur invalide pour --group : « nope » n'est pas l'un des choix year, body. Aide : govai timeline --help",
        "invalid value for --group: “nope” is not one of year, body. Help: govai timeline --help",
    ),
    (
        ("show",),
        "argument ID manquant. Aide : govai show --help",
        "missing argument ID. Help: govai show --help",
    ),
    (
        ("timeline", "--limit"),
        "l'option --limit demande une valeur. Aide : govai timeline --help",
        "option --limit needs a value. Help: govai timeline --help",
    ),
    (
        ("timeline", "extra"),
        "argument(s) en trop : extra. Aide : govai timeline --help",
        "unexpected extra argument(s): extra. Help: govai timeline --help",
    ),
    (
        ("--bogus",),
        "option inconnue --bogus. Aide : govai --help",
        "no such option --bogus. Help: govai --help",
    ),
]


@pytest.mark.parametrize(
    ("args", "french", "english"), USAGE_ERRORS, ids=lambda v: "-".join(v) if isinstance(v, tuple) else ""
)
def test_click_usage_errors_are_govai_errors_in_the_reader_s_language(
    run: Run, args: tuple[str, ...], french: str, english: str
) -> None:
    for env, expected in ((None, f"govai: erreur : {french}\n"), ({"GOVAI_LANG": "en"}, f"govai: error: {english}\n")):
        result = run(*args, env=env)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected), env
    result = run("--lang", "en", *args)
    assert result.stderr == f"govai: error: {english}\n"


def test_a_bad_citation_style_is_a_usage_error_whatever_the_id(run: Run) -> None:
    for record in ("nope", "fixture-official"):
        result = run("cite", record, "--style", "nope", *data("--lang", "en"))
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == "govai: error: unknown citation style “nope”; use one of: bibtex, ris, apa\n"


def test_govai_alone_still_shows_its_help(run: Run) -> None:
    result = run()
    assert result.exit_code == 2
    assert "Utilisation\u00a0: govai [OPTIONS] COMMAND" in result.stderr


def test_the_version_loads_none_of_the_commands() -> None:
    """`govai --version` answers from the console script without importing the CLI's modules."""
    script = (
        "import sys\nsys.argv = ['govai', '--version']\nfrom govai_cli.entry import main\nmain()\n"
        "print(sorted(m for m in sys.modules if m.startswith('govai_cli.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    version, loaded = done.stdout.splitlines()
    assert version == f"govai {__version__}"
    assert loaded == "['govai_cli.entry']"


ALL_COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["search", "droits", "--format", "json"], ["search"]),
        (["--lang", "en", "show", "un-res-78-265"], ["show"]),
        (["--lang=en", "timeline", "--help"], ["timeline"]),
        (["serch", "droits"], ALL_COMMANDS),  # a typo: the whole app, for its "did you mean"
        (["--help"], ALL_COMMANDS),
        (["--version", "search"], ALL_COMMANDS),
        ([], ALL_COMMANDS),
    ],
)
def test_a_run_builds_only_the_command_it_runs(args: list[str], built: list[str]) -> None:
    """The console script hands Typer an app holding the one command typed (start-up time)."""
    group = typer.main.get_command(app_for(args))
    assert sorted(group.commands) == built  # type: ignore[attr-defined]
    assert sorted(typer.main.get_command(app).commands) == ALL_COMMANDS  # type: ignore[attr-defined]
    assert len(ALL_COMMANDS) >= 9


def test_the_console_script_with_one_command_says_what_the_whole_app_says() -> None:
    """Help, usage errors and a typo read the same through the console script as through the app."""
    for args in (["search", "--help"], ["--lang", "en", "show"], ["search", "x", "--format", "xml"], ["serch"]):
        script = f"import sys\nsys.argv = ['govai', *{args!r}]\nfrom govai_cli.entry import main\nmain()\n"
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
        whole = subprocess.run(
            [sys.executable, "-c", "from govai_cli.cli import app\napp(prog_name='govai')", *args],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stdout, done.stderr) == (whole.returncode, whole.stdout, whole.stderr), args
        assert done.stdout or done.stderr


# ---------------------------------------------------------------- the way out


@pytest.mark.parametrize(("raised", "code"), [(SystemExit(0), 0), (SystemExit(4), 4), (SystemExit(None), 0)])
def test_the_console_script_leaves_at_once_once_its_streams_are_written(
    monkeypatch: pytest.MonkeyPatch, raised: SystemExit, code: int
) -> None:
    """``entry.main`` skips the interpreter's teardown (``os._exit``), but only after stdout and
    stderr are flushed."""
    from govai_cli import cli, entry

    flushed: list[str] = []

    class Stream:
        def __init__(self, name: str) -> None:
            self.name = name

        def flush(self) -> None:
            flushed.append(self.name)

        def write(self, text: str) -> int:
            return len(text)

    def leave(given: int) -> None:
        raise RuntimeError(given, list(flushed))

    def command() -> None:
        raise raised

    monkeypatch.setattr(sys, "argv", ["govai", "timeline"])
    monkeypatch.setattr(sys, "stdout", Stream("stdout"))
    monkeypatch.setattr(sys, "stderr", Stream("stderr"))
    monkeypatch.setattr(cli, "main", command)
    monkeypatch.setattr(entry.os, "_exit", leave)
    with pytest.raises(RuntimeError) as left:
        entry.main()
    assert left.value.args == (code, ["stdout", "stderr"])


def test_the_installed_program_writes_everything_before_it_leaves(tmp_path: Path) -> None:
    """Through a pipe, whole outputs arrive and each exit code is the documented one."""
    every = subprocess.run([installed(), "timeline", "--format", "json"], capture_output=True, check=False)
    assert every.returncode == 0
    assert len(json.loads(every.stdout)) > 50  # the whole document, parsed
    lines = subprocess.run([installed(), "timeline", "--format", "ndjson"], capture_output=True, check=False)
    assert len(lines.stdout.splitlines()) == len(json.loads(every.stdout))
    missing = subprocess.run([installed(), "show", "no-such-id"], capture_output=True, check=False)
    assert missing.returncode == 4
    assert missing.stderr.startswith(b"govai: ")
    typo = subprocess.run([installed(), "timeline", "--from", "someday"], capture_output=True, check=False)
    assert typo.returncode == 2
    assert b"someday" in typo.stderr
