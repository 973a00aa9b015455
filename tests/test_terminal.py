"""The terminal view: the pager (in a real pseudo-terminal), the compact view, tokens never
split, ids in every table, roles, topics and sort orders."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run
from .helpers import data, installed

FAKE_PAGER = """import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(("LESS=" + os.environ.get("LESS", "<unset>") + "\\n").encode())
    f.write(sys.stdin.buffer.read())
"""


def fake_pager(tmp_path: Path, record_name: str) -> tuple[str, Path]:
    """A pager command that records what it is given (and LESS) in ``tmp_path/record_name``."""
    pager = tmp_path / "pager.py"
    pager.write_text(FAKE_PAGER, encoding="utf-8")
    record = tmp_path / record_name
    return f"{sys.executable} {pager} {record}", record


def on_terminal(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[str, str]:
    """``govai ARGS`` with stdout on a pseudo-terminal: (what reached the terminal, what the
    fake pager recorded, or "" if it never ran)."""
    command, record = fake_pager(tmp_path, "paged.txt")
    record.unlink(missing_ok=True)
    full = {**os.environ, "GOVAI_PAGER": command, "LINES": "20", "COLUMNS": "80"}
    full.pop("LESS", None)
    full.update(env or {})
    shown = read_terminal([installed(), *args], full)
    return shown, record.read_text(encoding="utf-8") if record.exists() else ""


def read_terminal(argv: list[str], env: dict[str, str]) -> str:
    """What ``argv`` writes to a pseudo-terminal, read as it comes (a full terminal would block it)."""
    main, child = pty.openpty()
    process = subprocess.Popen(argv, stdout=child, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    os.close(child)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, "no output for 60 s"
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end closed: the program ended
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 0, stderr
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


def test_a_tall_table_on_a_terminal_goes_through_the_pager_with_less_frx(tmp_path: Path) -> None:
    shown, paged = on_terminal(tmp_path, "timeline", "--lang", "en")
    assert paged.startswith("LESS=FRX\n")
    assert "Enhancing" in paged
    assert paged.count("\n") > 20
    assert "Enhancing" not in shown


def test_the_readers_less_is_kept(tmp_path: Path) -> None:
    _, paged = on_terminal(tmp_path, "timeline", env={"LESS": "-S"})
    assert paged.startswith("LESS=-S\n")


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_other_formats_are_paged_on_a_terminal_too(tmp_path: Path, fmt: str) -> None:
    shown, paged = on_terminal(tmp_path, "timeline", "--format", fmt)
    assert "ares-78-311" in paged
    assert "ares-78-311" not in shown


@pytest.mark.parametrize("env", [{"GOVAI_PAGER": ""}, {"GOVAI_PAGER": "cat"}], ids=["empty", "cat"])
def test_an_empty_or_cat_pager_means_no_pager(tmp_path: Path, env: dict[str, str]) -> None:
    shown, paged = on_terminal(tmp_path, "timeline", "--lang", "en", env=env)
    assert paged == ""
    assert "Enhancing" in shown


def test_pager_falls_back_to_pager_variable_when_govai_pager_is_unset(tmp_path: Path) -> None:
    command, record = fake_pager(tmp_path, "other.txt")
    env = {k: v for k, v in os.environ.items() if k != "GOVAI_PAGER"}
    env.update({"PAGER": command, "LINES": "20", "COLUMNS": "80"})
    read_terminal([installed(), "timeline", "--lang", "en"], env)
    assert "Enhancing" in record.read_text(encoding="utf-8")


def test_no_pager_option_and_short_output_write_to_the_terminal(tmp_path: Path) -> None:
    shown, paged = on_terminal(tmp_path, "timeline", "--no-pager", "--lang", "en")
    assert paged == ""
    assert "Enhancing" in shown
    shown, paged = on_terminal(tmp_path, "timeline", *data("--lang", "en"), env={"LINES": "60"})
    assert paged == ""
    assert "Joint statement" in shown


def test_a_pager_that_cannot_start_falls_back_to_plain_output(tmp_path: Path) -> None:
    shown, paged = on_terminal(tmp_path, "timeline", "--lang", "en", env={"GOVAI_PAGER": str(tmp_path / "nope")})
    assert paged == ""
    assert "Enhancing" in shown


def test_no_pager_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    command, record = fake_pager(tmp_path, "paged.txt")
    env = {**os.environ, "GOVAI_PAGER": command, "LINES": "5"}
    for fmt in ("table", "json", "csv", "ndjson", "md"):
        done = subprocess.run(
            [installed(), "timeline", "--format", fmt], capture_output=True, timeout=60, check=False, env=env
        )
        assert done.returncode == 0
        assert b"A/RES/78/311" in done.stdout
        assert not record.exists()


# ---------------------------------------------------------------- tokens never split


def _bundled(run: Run, kind: str) -> list[dict[str, Any]]:
    result = run("timeline" if kind == "event" else "actors", "--format", "json")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_ids_symbols_and_urls_are_never_split(run: Run, columns: str, lang: str) -> None:
    events, actors = _bundled(run, "event"), _bundled(run, "actor")
    env = {"COLUMNS": columns}
    urls = [s["url"] for e in events if e["id"] == "ares-78-311" for s in e["sources"] if s["url"]]
    views = {
        ("timeline",): [*(e["id"] for e in events), *(e["symbol"] for e in events if e["symbol"])],
        ("timeline", "--compact"): [e["id"] for e in events],
        ("timeline", "--group", "body"): [e["id"] for e in events],
        ("actors",): [a["id"] for a in actors],
        ("actors", "--compact"): [a["id"] for a in actors],
        ("search", "intelligence"): ["ares-78-311", "A/RES/78/311", "oecd-ai-recommendation", "OECD/LEGAL/0449"],
        ("show", "ares-78-311"): urls,
    }
    for args, tokens in views.items():
        result = run(*args, "--lang", lang, env=env)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        for token in tokens:
            assert any(token in line for line in lines), (args, token)
        if args[0] != "show":  # (a URL longer than the screen is written whole, for the terminal to wrap)
            assert max(len(line) for line in lines) <= int(columns), args


@pytest.mark.parametrize("columns", [60, 70])
def test_in_a_narrower_terminal_dates_wrap_so_ids_stay_whole(run: Run, columns: int) -> None:
    """Past 80 columns the longest id (49 characters) no longer fits beside a one-line date:
    the dates wrap at their spaces instead, and the id stays whole."""
    events = _bundled(run, "event")
    tokens = [*(e["id"] for e in events), *(e["symbol"] for e in events if e["symbol"])]
    for lang in ("fr", "en"):
        lines = run("timeline", "--lang", lang, env={"COLUMNS": str(columns)}).stdout.splitlines()
        assert max(len(line) for line in lines) <= columns
        for token in tokens:
            assert any(token in line for line in lines), (lang, token)


def test_every_event_table_shows_the_id(run: Run) -> None:
    for args in (("timeline",), ("search", "droits"), ("timeline", "--group", "body")):
        result = run(*args, *data("--lang", "en"))
        for event_id in ("statement", "session-span"):
            assert event_id in result.stdout, (args, event_id)


def test_show_wraps_with_a_hanging_indent(run: Run) -> None:
    result = run("show", "ares-78-311", "--lang", "en", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    facts = lines.index("Facts")
    bullet = next(i for i in range(facts, len(lines)) if lines[i].startswith("  • ") and len(lines[i]) > 70)
    assert lines[bullet + 1].startswith("    ")
    assert lines[bullet + 1][4] != " "
    verification = next(i for i, line in enumerate(lines) if line.startswith("Verification: "))
    assert lines[verification + 1].startswith(" " * len("Verification: "))


# ---------------------------------------------------------------- compact view


def test_compact_is_one_line_per_event_with_date_title_forum_and_id(run: Run) -> None:
    result = run("timeline", "--compact", *data("--lang", "en"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "5 events · 2020–2024"
    assert len(lines) == 6
    resolution = next(line for line in lines if line.endswith("resolution"))
    assert resolution.startswith("Jul 1, 2024")
    assert "Enhancing international" in resolution
    assert "UNGA" in resolution


def test_compact_fits_the_bundled_timeline_in_a_line_an_event(run: Run) -> None:
    for columns in ("80", "120"):
        result = run("timeline", "--compact", env={"COLUMNS": columns})
        lines = result.stdout.splitlines()
        assert len(lines) == 1 + len(_bundled(run, "event"))
        assert max(len(line) for line in lines) <= int(columns)


def test_compact_in_a_narrow_terminal_keeps_every_id_that_fits_whole(run: Run) -> None:
    ids = [e["id"] for e in _bundled(run, "event")]
    for columns in (40, 50):
        result = run("timeline", "--compact", "--lang", "fr", env={"COLUMNS": str(columns)})
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= columns
        fitting = [i for i in ids if len("26 sept. 2025  ") + len(i) <= columns]
        assert fitting
        for event_id in fitting:
            # on the line of its date, not folded onto a line of its own
            assert any(line.endswith(event_id) and len(line) > len(event_id) for line in lines), (columns, event_id)


def test_compact_applies_to_the_table_only(run: Run) -> None:
    result = run("timeline", "--compact", "--format", "json", "--lang", "en")
    assert result.exit_code == 2
    assert "--compact" in result.stderr


def test_related_events_show_their_date_and_title(run: Run) -> None:
    result = run("show", "fwcw-beijing", "--lang", "en", env={"COLUMNS": "200"})
    related = result.stdout.split("\nRelated\n")[1].split("\n\n")[0].splitlines()
    assert related[0].startswith("  • Jul 1, 2024  Joint statement")
    assert related[0].endswith("[hrc56-joint-statement-ai-women]")


# ---------------------------------------------------------------- topics


def test_topics_lists_id_label_and_event_count_in_every_format(run: Run) -> None:
    result = run("topics", *data("--lang", "fr"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2 thèmes"
    row = next(line for line in result.stdout.splitlines() if line.startswith("gender-equality"))
    assert "Égalité" in row
    assert row.endswith(" 1")
    rows = json.loads(run("topics", *data("--format", "json")).stdout)
    assert {r["id"]: r["events"] for r in rows} == {"capacity-building": 1, "gender-equality": 1}
    assert set(rows[0]) == {"id", "label", "synonyms", "events"}
    csv_text = run("topics", *data("--format", "csv")).stdout
    assert csv_text.splitlines()[0] == "id,label,synonyms,events"
    assert "| Id | Label | Events |" in run("topics", *data("--format", "md", "--lang", "en")).stdout
    assert len(run("topics", *data("--format", "ndjson")).stdout.splitlines()) == 2


def test_show_a_topic_lists_its_events(run: Run) -> None:
    result = run("show", "gender-equality", *data("--lang", "en"))
    assert result.exit_code == 0, result.output
    assert "Events (1)" in result.stdout
    assert "[statement]" in result.stdout


# ---------------------------------------------------------------- sort orders and the latest events


def _ids(run: Run, *args: str) -> list[str]:
    result = run(*args, *data("--format", "json"))
    assert result.exit_code == 0, result.output
    value = json.loads(result.stdout)
    return [row["id"] for row in value]


def test_timeline_sorts_by_date_either_way_and_latest_shows_the_newest(run: Run) -> None:
    oldest = _ids(run, "timeline")
    assert _ids(run, "timeline", "--sort", "date") == oldest
    assert _ids(run, "timeline", "--sort", "-date") == oldest[::-1]
    assert _ids(run, "timeline", "--latest", "2") == oldest[::-1][:2]
    table = run("timeline", "--latest", "2", *data("--lang", "en")).stdout
    assert table.splitlines()[0] == "2 events (of 5) · 2024"


def test_search_keeps_relevance_unless_sorted(run: Run) -> None:
    relevance = _ids(run, "search", "droits")
    by_date = _ids(run, "search", "droits", "--sort", "date")
    assert sorted(relevance) == sorted(by_date)
    assert by_date == ["session-span", "statement"]
    assert _ids(run, "search", "droits", "--sort", "-date") == by_date[::-1]


def test_show_sorts_an_actors_events(run: Run) -> None:
    shown = run("show", "china", "--sort", "-date", *data("--lang", "en")).stdout
    assert shown.index("Enhancing") < shown.index("Global AI Governance")
    shown = run("show", "china", *data("--lang", "en")).stdout
    assert shown.index("Global AI Governance") < shown.index("Enhancing")


# ---------------------------------------------------------------- roles


def test_a_list_filtered_by_country_or_actor_shows_its_role(run: Run) -> None:
    result = run("timeline", "--country", "China", "--lang", "en", env={"COLUMNS": "200"})
    laws = next(line for line in result.stdout.splitlines() if "ares-78-241-laws" in line)
    assert "abstained" in laws
    assert "Role" in result.stdout.splitlines()[2]
    fixture = run("timeline", *data("--actor", "fu-cong", "--lang", "fr"), env={"COLUMNS": "200"}).stdout
    assert "présentation" in next(line for line in fixture.splitlines() if "resolution" in line)
    narrow = run("timeline", "--country", "China", "--lang", "en", env={"COLUMNS": "80"}).stdout
    block = narrow.split("Lethal autonomous")[1].split("ares-78-241-laws")[0]  # the row, beside or under the title
    assert "abstained" in block
