"""What several test files share: data files to write, the checklist's "clean error", the installed
program in a subprocess, and a terminal forced on or off.

A "clean error" (``clean_error``) is: the exit code of README "Exit codes", one short message on
stderr with ``file:line[:column]`` where there is one, nothing on stdout, no ``Traceback``, and no
raw ESC or C1 character anywhere.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from govai_cli.cache import open_index
from govai_cli.dataset import load_dataset
from govai_cli.errors import DataError
from govai_cli.model import Filters
from govai_cli.search import search

from .conftest import GOOD, Run

C1 = [bytes([0xC2, b]) for b in range(0x80, 0xA0)]  # U+0080-U+009F as UTF-8
MB = 1024 * 1024

# The JSON contract's keys, as a test holds them (the event's in their fixed order).
EVENT_KEY_ORDER = [
    "id", "date", "end_date", "kind", "body", "session", "symbol", "other_symbols", "title", "title_status",
    "title_note", "summary", "location", "actors", "topics", "facts", "sources", "related", "verification",
    "verification_note",
]  # fmt: skip
EVENT_KEYS = set(EVENT_KEY_ORDER)
HIT_KEYS = EVENT_KEYS | {"score", "matched"}
ACTOR_KEYS = {"id", "kind", "name", "short_name", "aliases", "country", "roles", "facts", "sources", "part_of"}
SOURCE_KEYS = {"id", "title", "description", "publisher", "published", "language", "url", "kind"}
TOPIC_KEYS = {"id", "label", "synonyms"}


def data(*args: str) -> tuple[str, ...]:
    """``--data`` on the fixture dataset, then ``args``."""
    return ("--data", str(GOOD), *args)


# ---------------------------------------------------------------- data files


def event(event_id: str = "x", *, date: str = "2024-07-01", title: str = "X", extra: str = "") -> str:
    """The YAML of a valid event; ``extra`` is appended as more lines."""
    return f"id: {event_id}\ndate: {date}\nkind: resolution\ntitle: {{en: {title}}}\n{extra}"


VALID = event()

# An event with a title status and a summary, for search and the index: ``.format(id=, date=, title=, summary=)``.
INDEXED_EVENT = """id: {id}
date: {date}
kind: meeting
title:
  en: {{text: "{title}", status: official}}
summary:
  en: "{summary}"
"""


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


def problems_of(root: Path, text: str | bytes, name: str = "x.yaml") -> list[str]:
    """``load_dataset``'s problems once ``events/name`` holds ``text``, paths relative to ``events/``."""
    folder = event_file(root, text, name).parent
    with pytest.raises(DataError) as caught:
        load_dataset([root])
    return [str(p).replace(str(folder) + os.sep, "") for p in caught.value.problems]


def searched_ids(folder: Path, text: str, **options: object) -> list[str]:
    """The ids ``search`` finds for ``text`` in ``folder``, through the index, best first."""
    hits, _, _ = search(open_index([folder]), text, Filters(), **options)  # type: ignore[arg-type]
    return [h.event.id for h in hits]


# ---------------------------------------------------------------- results


def no_raw_escapes(result: Result) -> None:
    for stream in (result.stdout_bytes, result.stderr_bytes):
        assert b"\x1b" not in stream
        assert not any(c1 in stream for c1 in C1)


def clean_error(result: Result, code: int, *where: str) -> str:
    """Assert the checklist's clean error, with each of ``where`` on stderr; return stderr."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    no_raw_escapes(result)
    for text in where:
        assert text in result.stderr, (text, result.stderr)
    return result.stderr


def validate(run: Run, root: Path) -> Result:
    return run("validate", str(root), "--lang", "en")


# ---------------------------------------------------------------- the installed program


def installed() -> str:
    """The ``govai`` script beside this Python, else the one on ``PATH``."""
    script = Path(sys.executable).with_name("govai")
    return str(script) if script.exists() else shutil.which("govai") or "govai"


def govai(*args: str, env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[bytes]:
    """The installed program in a subprocess, in the test's pinned environment plus ``env``."""
    return subprocess.run(
        [installed(), *args], capture_output=True, timeout=timeout, check=False, env={**os.environ, **(env or {})}
    )


def limited(*args: str, memory: int = 512 * MB) -> subprocess.CompletedProcess[bytes]:
    """``govai ARGS`` under an address-space limit, killed after 5 s: a hang or a blow-up fails."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([installed(), *args], capture_output=True, timeout=5, check=False, preexec_fn=limit)


# ---------------------------------------------------------------- the terminal

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


def first_problem_at(problems: list[str], where: str, words: list[str]) -> None:
    """Some problem starts at ``where`` (``file:line:col:``) and the first such names every word."""
    assert problems, "expected a problem"
    first = next((p for p in problems if p.startswith(where)), None)
    assert first is not None, problems
    for word in words:
        assert word in first, (word, first)
