"""The English and French READMEs: linked to each other, with the same commands and structure; and
tests/README.md: every test file described, every bad-inputs checklist item mapped to tests that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
ENGLISH = (ROOT / "README.md").read_text(encoding="utf-8")
FRENCH = (ROOT / "README.fr.md").read_text(encoding="utf-8")


def commands(text: str) -> list[str]:
    """The commands of every shell block, without their comments."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command and not command.startswith("#"):
                found.append(command)
    return found


def test_each_readme_links_to_the_other() -> None:
    assert "(README.fr.md)" in ENGLISH
    assert "(README.md)" in FRENCH


def test_both_readmes_give_the_same_commands() -> None:
    assert commands(ENGLISH) == commands(FRENCH)
    assert len(commands(ENGLISH)) > 20


def test_both_readmes_have_the_same_structure() -> None:
    def shape(text: str) -> list[int]:
        return [len(m) for m in re.findall(r"^(#+) ", re.sub(r"```.*?```", "", text, flags=re.DOTALL), re.MULTILINE)]

    assert shape(ENGLISH) == shape(FRENCH)
    assert ENGLISH.count("\n| ") == FRENCH.count("\n| ")  # the same table rows


def test_the_set_up_commands_are_the_same() -> None:
    setup = re.compile(r"python3 -m venv \.venv && .*")
    assert setup.findall(ENGLISH) == setup.findall(FRENCH)
    assert len(setup.findall(ENGLISH)) == 2


def test_ci_installs_as_the_readme_says() -> None:
    """.ci/run runs the README's second command: the lock, then govai, then the tests."""
    second = re.findall(r"python3 -m venv \.venv && \. \.venv/bin/activate && (.*)", ENGLISH)[1]
    steps = [step.strip() for step in second.split("&&")]
    ci = re.sub(r"\s*\\?\n\s*", " ", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    ci = ci.replace("--quiet ", "").replace(" -p no:cacheprovider", "")
    for step in steps:
        assert step in ci, step
    assert all("--require-hashes" in step or "--no-index" in step for step in steps if step.startswith("pip "))


# ---------------------------------------------------------------- tests/README.md: the files and the checklist map

TESTS = ROOT / "tests"
TESTS_README = (TESTS / "README.md").read_text(encoding="utf-8")
CHECKLIST_ITEMS = range(1, 51)  # bad-inputs.md, D1-D8


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def checklist_map() -> dict[int, list[tuple[str, str]]]:
    """Item number -> the (file, test) pairs its row of the map names."""
    rows: dict[int, list[tuple[str, str]]] = {}
    for number, cells in re.findall(r"^\| (\d+) \|(.*)\|$", TESTS_README, re.MULTILINE):
        assert int(number) not in rows, f"item {number} has two rows"
        rows[int(number)] = re.findall(r"`(test_\w+\.py)::(test_\w+)`", cells)
    return rows


def test_every_checklist_item_maps_to_tests_that_exist() -> None:
    rows = checklist_map()
    assert sorted(rows) == list(CHECKLIST_ITEMS), "the map needs one row per checklist item, 1 to 50"
    tests = {path.name: defined_tests(path) for path in TESTS.glob("test_*.py")}
    for number, named in rows.items():
        assert named, f"item {number} names no test"
        for file, test in named:
            assert test in tests.get(file, set()), f"item {number}: {file}::{test} does not exist"


def test_every_test_file_is_described() -> None:
    described = set(re.findall(r"^\| `(test_\w+\.py)` \|", TESTS_README, re.MULTILINE))
    assert described == {path.name for path in TESTS.glob("test_*.py")}
