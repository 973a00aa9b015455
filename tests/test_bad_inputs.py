"""The bad-inputs checklist items not yet moved to a behaviour file (the loader's items are in
test_yaml.py, test_dataset.py and test_files.py).

A "clean error" is: the exit code of README "Exit codes", one short message on stderr with
``file:line[:column]`` where there is one, nothing on stdout, no ``Traceback``, and no raw ESC
or C1 character anywhere. ``python -m pytest tests/test_bad_inputs.py`` runs the checklist.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import Result

from govai_cli import __version__
from govai_cli.dataset import load_dataset
from govai_cli.dates import parse_user_date
from govai_cli.model import Fact, PartialDate, Text, Title, TitleForm

from .conftest import GOOD, Run

C1 = [bytes([0xC2, b]) for b in range(0x80, 0xA0)]  # U+0080-U+009F as UTF-8


def no_raw_escapes(result: Result) -> None:
    for stream in (result.stdout_bytes, result.stderr_bytes):
        assert b"\x1b" not in stream
        assert not any(c1 in stream for c1 in C1)


def clean_error(result: Result, code: int, *where: str) -> str:
    """Assert the checklist's clean error; return stderr."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    no_raw_escapes(result)
    for text in where:
        assert text in result.stderr, (text, result.stderr)
    return result.stderr


def event_file(root: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    """``root/events/name`` holding ``text``; returns its path."""
    folder = root / "events"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def govai(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    """The installed program in a subprocess, in the test's pinned environment plus ``env``."""
    script = Path(sys.executable).with_name("govai")
    command = str(script) if script.exists() else "govai"
    return subprocess.run(
        [command, *args], capture_output=True, timeout=timeout, check=False, env={**os.environ, **(env or {})}
    )


def event(event_id: str = "x", *, date: str = "2024-07-01", title: str = "X", extra: str = "") -> str:
    return f"id: {event_id}\ndate: {date}\nkind: resolution\ntitle: {{en: {title}}}\n{extra}"


def validate(run: Run, root: Path) -> Result:
    return run("validate", str(root), "--lang", "en")


# ---------------------------------------------------------------- D2. YAML safety and resource limits

MB = 1024 * 1024


def limited(*args: str, memory: int = 512 * MB) -> subprocess.CompletedProcess[bytes]:
    """``govai ARGS`` under an address-space limit, killed after 5 s."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    script = Path(sys.executable).with_name("govai")
    command = [str(script) if script.exists() else "govai", *args]
    return subprocess.run(command, capture_output=True, timeout=5, check=False, preexec_fn=limit)


def timed(run: Run, *args: str) -> Result:
    """``run(*args)``, which must take under a second (it takes milliseconds)."""
    start = time.monotonic()
    result = run(*args)
    assert time.monotonic() - start < 1.0
    return result


# ---------------------------------------------------------------- D4. Encoding and characters in data files


TERMINALS = ("plain", "forced")


def terminal(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Not a terminal (the pinned default), or a colour terminal forced with FORCE_COLOR=1."""
    monkeypatch.setenv("COLUMNS", "200")
    forced = kind == "forced"
    for name, value in (("NO_COLOR", "1"), ("FORCE_COLOR", "1")):
        if (name == "FORCE_COLOR") == forced:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color" if forced else "dumb")


EVIL = ["\x1b[2J\x1b]0;pwned\x07", "\x9b2J", "\u202eevil", "a\u2028b", "\x1b]8;;https://evil.example\x1b\\x"]


def test_d4_24_escapes_that_reach_a_table_are_shown_escaped(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: were such text to get past the loader, the tables would still escape it."""
    from govai_cli import cli

    dataset = load_dataset([GOOD]).dataset
    first = dataset.events[0]
    evil = replace(
        first,
        title=Title(en=TitleForm(" ".join(EVIL), "official")),
        symbol="\x1b[31mS",
        facts=(Fact(Text(en="\x9b2J fact"), "fixture-news", "\x1b]0;quote\x07"),),
    )
    monkeypatch.setattr(cli, "_load", lambda data: replace(dataset, events=(evil, *dataset.events[1:])))
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


def test_d4_25_26_rich_markup_and_link_markup_in_data_print_literally(
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


def test_d4_27_only_clean_http_urls_become_hyperlinks(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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


# ---------------------------------------------------------------- D5. Dates


def today_is(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """freezegun's trick without freezegun: every way Python tells today's date says ``day``."""
    noon = dt.datetime(day.year, day.month, day.day, 12)

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> FrozenDate:
            return cls(day.year, day.month, day.day)

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenDateTime:
            return cls.combine(day, noon.time(), tz)

        @classmethod
        def today(cls) -> FrozenDateTime:
            return cls.combine(day, noon.time())

    monkeypatch.setattr(dt, "date", FrozenDate)
    monkeypatch.setattr(dt, "datetime", FrozenDateTime)
    monkeypatch.setattr(time, "time", lambda: noon.timestamp())
    monkeypatch.setattr(
        time, "localtime", lambda seconds=None: REAL_LOCALTIME(noon.timestamp() if seconds is None else seconds)
    )


REAL_LOCALTIME = time.localtime
TODAYS = [dt.date(2020, 11, 23), dt.date(2025, 1, 31), dt.date(2024, 2, 29)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_d5_28_partial_dates_never_take_todays_month_or_day(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    dates = ["2020", "2020-06", "2020-06-01", "2020-06-30", "2020-07-01", "2020-11-23", "2024", "2024-06"]
    for date in dates:
        event_file(tmp_path, event(f"e{date}", date=date), f"{date}.yaml")
    today_is(monkeypatch, today)
    assert dt.date.today() == today  # the injection holds

    def ids(*args: str) -> list[str]:
        result = run("timeline", "--data", str(tmp_path), "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [r["date"] for r in json.loads(result.stdout)]

    assert ids() == dates  # stored as written: "2020" and "2020-06", never a filled-in day
    assert parse_user_date("juin 2020") == PartialDate(2020, 6)
    assert parse_user_date("2024") == PartialDate(2024)
    assert ids("--from", "juin 2020", "--to", "juin 2020") == ["2020", "2020-06", "2020-06-01", "2020-06-30"]
    assert ids("--from", "2020-06", "--to", "Sept. 2020") == [
        "2020",
        "2020-06",
        "2020-06-01",
        "2020-06-30",
        "2020-07-01",
    ]
    assert ids("--from", "1er juillet 2020", "--to", "2020") == ["2020", "2020-07-01", "2020-11-23"]


def test_d5_30_iso_means_iso_in_french_and_slashes_are_refused(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event("january", date="2024-01-07"), "a.yaml")
    event_file(tmp_path, event("july", date="2024-07-01"), "b.yaml")
    env = {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8"}
    result = run(
        "timeline", "--data", str(tmp_path), "--from", "2024-07-01", "--format", "json", "--lang", "fr", env=env
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["july"]
    for option in ("--from", "--to"):
        stderr = clean_error(run("timeline", "--data", str(tmp_path), option, "01/07/2024", env=env), 2)
        assert (
            "date ambiguë « 01/07/2024 » : écrivez-la en ISO AAAA-MM-JJ (pour le 1er juillet 2024 : 2024-07-01)"
            in stderr
        )


@pytest.mark.parametrize(
    ("text", "iso"), [("juin 2020", "2020-06"), ("1er juillet 2024", "2024-07-01"), ("Sept. 2021", "2021-09")]
)
def test_d5_31_dates_in_words_keep_their_precision(text: str, iso: str) -> None:
    assert parse_user_date(text).iso() == iso


def test_d5_31_dates_in_words_are_never_fuzzy(run: Run) -> None:
    for text in ["juin", "20 juin", "juin 20", "next june", "2020 juin 15 extra", "Juneteenth 2020"]:
        clean_error(
            run("timeline", "--data", str(GOOD), "--from", text), 2, "date non reconnue", "formes possibles : 2024"
        )
        english = run("timeline", "--data", str(GOOD), "--from", text, "--lang", "en")
        clean_error(english, 2, "unrecognized date", "use one of 2024")


OUT_OF_RANGE = [
    ("--from", "0000-00-00", "invalid year 0000"),
    ("--from", "99999999999", "unrecognized date"),
    ("--from", "10000-01-01", "unrecognized date"),
    ("--to", "2024-02-30", "invalid day 30"),
    ("--from", "", "empty date"),
    ("--from", "2024-07-01T00:00", "unrecognized date"),
    ("--to", "31 février 2024", "invalid day 31"),
]


def test_d5_32_out_of_range_dates_are_usage_errors(run: Run) -> None:
    for option, text, expected in OUT_OF_RANGE:
        stderr = clean_error(run("timeline", "--data", str(GOOD), option, text, "--lang", "en"), 2, expected)
        assert "OverflowError" not in stderr


def test_d5_33_partial_dates_overlap_and_sort_less_precise_first(run: Run, tmp_path: Path) -> None:
    for date in ("2024-06-14", "2024-06-15", "2024-06", "2024", "2024-01-01", "2024-01", "2023"):
        event_file(tmp_path, event(f"e{date}", date=date), f"{date}.yaml")

    def dates(*args: str) -> list[str]:
        result = run("timeline", "--data", str(tmp_path), "--format", "json", *args)
        return [r["date"] for r in json.loads(result.stdout)]

    assert dates() == ["2023", "2024", "2024-01", "2024-01-01", "2024-06", "2024-06-14", "2024-06-15"]
    assert dates("--from", "2024-06-15") == ["2024", "2024-06", "2024-06-15"]  # periods that overlap the range
    assert dates("--to", "2024-01-01") == ["2023", "2024", "2024-01", "2024-01-01"]


# ---------------------------------------------------------------- D6. Search


NFD_EGALITE = unicodedata.normalize("NFD", "Égalité")
FOLDING = {
    "nfc": "Égalité des sexes",
    "nfd": f"{NFD_EGALITE} des sexes",
    "ligature": "Mise en œuvre",
    "apostrophe": "Le rôle de l’IA",
    "nbsp": "Contrôle ex\u00a0ante",
}


@pytest.fixture
def folding(tmp_path: Path) -> Path:
    for event_id, title in FOLDING.items():
        event_file(tmp_path, event(event_id, title=f'"{title}"'), f"{event_id}.yaml")
    return tmp_path


FOLDED_QUERIES = [
    ("egalite", ["nfc", "nfd"], ["Égalité", NFD_EGALITE]),
    ("EGALITE", ["nfc", "nfd"], ["Égalité", NFD_EGALITE]),
    ("oeuvre", ["ligature"], ["œuvre"]),
    ("l'IA", ["apostrophe"], ["IA"]),
    ("ex ante", ["nbsp"], ["ex", "ante"]),
]


def test_d6_34_accents_case_ligatures_apostrophes_and_spaces_fold(
    run: Run, folding: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for query, expected, _ in FOLDED_QUERIES:
        result = run("search", query, "--data", str(folding), "--format", "json")
        assert sorted(r["id"] for r in json.loads(result.stdout)) == expected, query
    terminal(monkeypatch, "forced")
    for query, _, highlighted in FOLDED_QUERIES:
        table = run("search", query, "--data", str(folding), "--lang", "en").stdout
        for word in highlighted:  # the bold span holds exactly the original characters, NFD accents included
            assert f"\x1b[1;3m{word}\x1b[0m" in table, (word, table)


def test_d6_35_there_is_no_regex_option(run: Run) -> None:
    stderr = clean_error(run("search", "--regex", "[", "x", "--data", str(GOOD)), 2, "No such option: --regex")
    assert "Try 'govai search -h' for help." in stderr
    assert "regex" not in run("search", "--help").stdout.lower()


def test_d6_36_a_catastrophic_regex_is_refused_at_once(tmp_path: Path) -> None:
    event_file(tmp_path, event(title="a" * 40))
    done = govai("search", "--regex", "^(a|a)*$", "--data", str(tmp_path), timeout=5)
    assert (done.returncode, done.stdout) == (2, b"")
    assert b"No such option: --regex" in done.stderr


def test_d6_36_regex_text_is_searched_as_words_in_linear_time(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event(title="a" * 40))
    event_file(tmp_path, event("y", title="a a"), "y.yaml")
    result = timed(run, "search", "^(a|a)*$", "--data", str(tmp_path), "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["y"]  # the phrase "a a", literally


def test_d6_37_an_empty_search_is_a_usage_error(run: Run) -> None:
    for query in ["", "   ", "\t\n", '""', "-", "« »", "OR"]:
        clean_error(run("search", query, "--data", str(GOOD), "--lang", "en"), 2, "empty search")


def test_d6_37_a_huge_search_is_refused_at_once(run: Run) -> None:
    for query in ["a" * 100_000, "mot " * 25_000]:
        expected = "search text too long (100000 characters)"
        clean_error(timed(run, "search", query, "--data", str(GOOD), "--lang", "en"), 2, expected)


def test_d6_38_markup_and_escapes_in_a_query_are_echoed_literally(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event(title='"Loi [bold]x[/bold]"'))  # no summary: a hit must still render
    result = run("search", "[bold]x", "--data", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Loi [bold]x[/bold]" in result.stdout
    for query in ("[bold]zzz", "\x1b[2Jzzz"):
        result = run("search", query, "--data", str(tmp_path), "--lang", "en")
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        no_raw_escapes(result)
    assert "« [bold]zzz »" in run("search", "[bold]zzz", "--data", str(tmp_path)).stderr
    assert "« \\x1b[2Jzzz »" in run("search", "\x1b[2Jzzz", "--data", str(tmp_path)).stderr
    rows = json.loads(run("search", "[bold]x", "--data", str(tmp_path), "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["x"]


# ---------------------------------------------------------------- D8. Output, pipes and environment


LONG_TITLE = "Résolution" + "-très-longue" * 12  # one 154-character word: it must fold, not vanish
LONG_URL = "https://press.un.org/en/2024/" + "a" * 120 + ".doc.htm"


def long_values(root: Path) -> Path:
    event_file(root, event("long", title=f'"{LONG_TITLE}"', extra="sources: [long-source]\n"))
    (root / "sources.yaml").write_text(f'- {{id: long-source, title: "Long", url: "{LONG_URL}"}}\n', encoding="utf-8")
    return root


def pipe_to_head(args: list[str], head: list[str], *, program: bool = True) -> tuple[int, bytes, bytes]:
    """``govai ARGS | head HEAD``: govai's exit code and stderr, and what head printed."""
    script = Path(sys.executable).with_name("govai")
    command = [str(script) if script.exists() else "govai"] if program else []
    writer = subprocess.Popen([*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = subprocess.run(["head", *head], stdin=writer.stdout, capture_output=True, timeout=30, check=False)
    assert writer.stdout is not None
    writer.stdout.close()
    _, err = writer.communicate(timeout=30)
    return writer.returncode, err, reader.stdout


def test_d8_45_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
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
        # 1 when govai saw the pipe close; 0 when its last write had already gone into the pipe.
        assert code in (0, 1), (args, code, err)
        assert err == b"", err  # no Traceback, no "Exception ignored"


def test_d8_45_a_write_that_meets_the_closed_pipe_exits_1_quietly() -> None:
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
    assert (code, err, out) == (1, b"", b"line 0\n")


EVENT_KEY_ORDER = [
    "id", "date", "end_date", "kind", "body", "session", "symbol", "other_symbols", "title", "title_status",
    "summary", "location", "actors", "topics", "facts", "sources", "related", "verification",
]  # fmt: skip


def test_d8_46_json_is_a_stable_contract_even_on_a_forced_terminal(
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


SGR = re.compile(r"\x1b\[([0-9;]*)m")
COLOUR = re.compile(r"(?:^|;)(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;|$)")


NO_COLOUR_ENVIRONMENTS = [
    ({"TERM": "xterm-256color"}, False),  # not a terminal: nothing at all
    ({"TERM": "dumb", "FORCE_COLOR": "1"}, False),
    ({"TERM": "xterm-256color", "FORCE_COLOR": "1", "NO_COLOR": "1"}, True),  # bold and links, no colour
]


def test_d8_47_no_colour_where_it_is_not_wanted(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
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
def test_d8_47_narrow_terminals_fold_long_values_and_never_crash(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    data = ("--data", str(long_values(tmp_path)), "--lang", "en")
    for args in (("timeline",), ("search", "resolution"), ("show", "long")):
        result = run(*args, *data)
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)
        assert LONG_TITLE in "".join(result.stdout.split())
    assert LONG_URL in "".join(run("show", "long", *data).stdout.split())
    assert run("info", *data).exit_code == 0
    actors = run("actors", "--data", str(GOOD), "--lang", "en")
    assert actors.exit_code == 0
    if columns == "40":  # names and ids are folded, not squeezed away (they were, before 2 columns went)
        for name in ("ChenXu", "FuCong", "chen-xu", "unga", "Assembly"):
            assert name in "".join(actors.stdout.split())


ACCENTED = event(title='"Œuvre commune, égalité"')


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_d8_48_a_non_utf8_output_encoding_degrades_with_one_hint(tmp_path: Path, encoding: str) -> None:
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


def test_d8_48_lang_c_output_is_identical_to_c_utf8(tmp_path: Path) -> None:
    event_file(tmp_path, ACCENTED)
    outputs = [
        govai("timeline", "--data", str(tmp_path), env={"LANG": lang, "LC_ALL": lang}) for lang in ("C", "C.UTF-8")
    ]
    assert outputs[0].returncode == outputs[1].returncode == 0
    assert outputs[0].stdout == outputs[1].stdout
    assert "Œuvre commune, égalité".encode() in outputs[0].stdout
    assert outputs[0].stderr == outputs[1].stderr == b""


def broken_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    from govai_cli.output import tables

    def print_timeline(*args: object, **kwargs: object) -> None:
        secret = "secret-token-123"
        raise ValueError(secret)

    monkeypatch.setattr(tables, "print_timeline", print_timeline)


def test_d8_50_an_internal_error_is_one_line_asking_for_a_report(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    broken_renderer(monkeypatch)
    stderr = clean_error(run("timeline", "--data", str(GOOD), "--lang", "en"), 1, "internal error (ValueError)")
    assert "please report it" in stderr
    assert "with the command you ran" in stderr
    assert "GOVAI_DEBUG=1" in stderr
    assert len(stderr.splitlines()) == 1
    assert "secret-token-123" not in stderr  # neither the message nor a locals panel


@pytest.mark.parametrize("variable", ["GOVAI_DEBUG", "TYPER_STANDARD_TRACEBACK"])
def test_d8_50_the_traceback_on_request(run: Run, monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    broken_renderer(monkeypatch)
    monkeypatch.setenv(variable, "1")
    with pytest.raises(ValueError, match="secret-token-123"):  # Python prints it, as for any program
        run("timeline", "--data", str(GOOD))


def test_d8_50_ctrl_c_is_exit_130_and_one_line(tmp_path: Path) -> None:
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
def test_d8_50_help_is_on_stdout_with_examples_and_literal_brackets(run: Run, option: str) -> None:
    result = run(option)
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Examples:" in result.stdout
    assert 'govai search "égalité des sexes"' in result.stdout
    timeline = run("timeline", option)
    assert timeline.exit_code == 0
    assert "govai timeline --from" in timeline.stdout
    assert "[OPTIONS]" in timeline.stdout  # brackets are text: help is never read as Rich markup
    assert "[x>=1]" in timeline.stdout


def test_d8_50_version_and_unknown_options(run: Run) -> None:
    version = run("--version")
    assert (version.exit_code, version.stdout) == (0, f"govai {__version__}\n")
    stderr = clean_error(run("timeline", "--form", "2024"), 2, "No such option: --form")
    assert "(Possible options: --actor, --format, --from)" in stderr
    stderr = clean_error(run("timline"), 2, "No such command 'timline'")
    assert "Did you mean 'timeline'?" in stderr


# ---------------------------------------------------------------- The cache cannot hurt; nothing is lost
# (tests/test_index.py holds the corrupt, truncated, empty, locked, read-only file, unusable folder,
# concurrent builds and edited-data cases; these add what it does not.)


def searched(run: Run, data: Path, text: str) -> list[str]:
    result = run("search", text, "--data", str(data), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" or "Aucun" in result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_cache_a_missing_cache_folder_is_created(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(cache))
    assert searched(run, GOOD, "oeuvre") == ["resolution"]
    assert len(list(cache.glob("index-*.sqlite"))) == 1


def test_cache_a_read_only_cache_gives_fresh_answers(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govai_cli import cache as index

    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    (stored,) = (tmp_path / "cache").glob("index-*.sqlite")
    before = stored.read_bytes()
    path.write_text(event(title="Omega"), encoding="utf-8")
    real = index._connect

    def read_only(location: Path | None) -> sqlite3.Connection:
        # As in a folder or file the user cannot write: reads work, every write fails.
        if location is None:
            return real(None)
        return sqlite3.connect(f"file:{location}?mode=ro", uri=True, isolation_level=None)

    monkeypatch.setattr(index, "_connect", read_only)
    assert searched(run, data, "omega") == ["x"]
    assert searched(run, data, "alpha") == []
    assert stored.read_bytes() == before  # left alone


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode; the test above simulates it")
def test_cache_a_read_only_cache_folder_for_real(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    path.write_text(event(title="Omega"), encoding="utf-8")
    (tmp_path / "cache").chmod(0o500)
    try:
        assert searched(run, data, "omega") == ["x"]
    finally:
        (tmp_path / "cache").chmod(0o700)


def test_cache_a_same_size_edit_with_its_old_mtime_is_seen(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = event_file(data, event(title="Alpha"))
    assert searched(run, data, "alpha") == ["x"]
    stat = path.stat()
    path.write_text(event(title="Omega"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert searched(run, data, "omega") == ["x"]
