"""The bad-inputs checklist items not yet moved to a behaviour file (the loader's items are in
test_yaml.py, test_dataset.py and test_files.py; dates, search and the cache in test_dates.py,
test_query.py, test_search.py and test_cache.py).

A "clean error" is: the exit code of README "Exit codes", one short message on stderr with
``file:line[:column]`` where there is one, nothing on stdout, no ``Traceback``, and no raw ESC
or C1 character anywhere. ``python -m pytest tests/test_bad_inputs.py`` runs the checklist.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import Result

from govai_cli import __version__
from govai_cli.dataset import load_dataset
from govai_cli.model import Fact, Text, Title, TitleForm

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
