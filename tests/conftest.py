"""Shared fixtures: a pinned terminal and environment, a CLI runner, the fixture datasets."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from govai_cli.cli import app

TESTS = Path(__file__).parent
DATA = TESTS / "data"
GOOD = DATA / "good"
GOLDEN = TESTS / "golden"

Run = Callable[..., Result]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from current output")


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (
        "FORCE_COLOR", "GOVAI_DATA", "GOVAI_LANG", "LC_ALL", "LC_MESSAGES", "GOVAI_DEBUG",
        "TYPER_STANDARD_TRACEBACK", "PYTHONIOENCODING",
    ):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("GOVAI_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden to create it"
        assert actual == path.read_text(encoding="utf-8"), f"{name} differs; rerun with --update-golden if intended"

    return check


@pytest.fixture
def good_copy(tmp_path: Path) -> Path:
    """A copy of the fixture dataset, free to edit."""
    copy = tmp_path / "data"
    shutil.copytree(GOOD, copy)
    return copy
