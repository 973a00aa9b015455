"""The shape of the package (docs/architecture.md): one-way imports, small modules and commands."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "govai_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))
# Heavy or optional modules a function may import lazily, with a reason on the line or above.
LAZY = {
    "pycountry", "dateutil.parser", "yaml", "icalendar", "multiprocessing",  # heavy libraries
    "tables",  # Rich, for the table format only
    "fill", "dataset",  # reading YAML, only when files changed or for `validate`
    "export", "citations",  # the exports, for `export` and `cite` only
    "document",  # the Markdown document, for `show --format md` only
    "usage",  # the help texts and Click's words, for a help page or a usage error only
    "cells", "human",  # text for people (cells, names, captions): tables, CSV, Markdown, not JSON
    "csv",  # the CSV format only
    "json",  # the JSON formats only: not a table
    "hashlib",  # SHA-256 (OpenSSL's, 5 ms to load): the data's identity, for `info`, exports and updates only
    "cli",  # the console script loads the commands for all but `govai --version`
}  # fmt: skip


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The govai modules ``path`` imports at run time (not under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])]
                )
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in NAMES else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in NAMES and name != _name(path)}


NAMES = {_name(path) for path in MODULES}


def test_no_import_cycle() -> None:
    graph = {_name(path): _imports(path) for path in MODULES}
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        assert module not in trail, " → ".join([*trail[trail.index(module) :], module])
        if module in done:
            return
        for target in graph[module]:
            # A package's __init__ importing its own modules is not a cycle with them.
            if not target.startswith(module + "."):
                visit(target, (*trail, module))
        done.add(module)

    for module in graph:
        visit(module, ())


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_imports_inside_functions_are_lazy_heavy_modules_with_a_reason(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                names = {inner.module} if isinstance(inner, ast.ImportFrom) else {a.name for a in inner.names}
                names |= {a.name for a in inner.names} if isinstance(inner, ast.ImportFrom) else set()
                assert names & LAZY, f"{path.name}:{inner.lineno}: import inside {node.name}()"
                reason = lines[inner.lineno - 1] + lines[inner.lineno - 2]
                assert "#" in reason, f"{path.name}:{inner.lineno}: a lazy import says why"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_and_classes_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500, path.name
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno < 150, f"{path.name}: class {node.name}"


def test_commands_are_short() -> None:
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    commands = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any("app.command" in ast.unparse(d) for d in node.decorator_list)
    ]
    assert len(commands) >= 9
    for node in commands:
        assert node.end_lineno is not None
        assert node.end_lineno - node.lineno < 25, node.name


# What a search (bundled data, index built) must not import: Rich and the modules only tables,
# CSV, Markdown, `show`, a help page or a usage error need.
NOT_FOR_JSON = (
    "rich", "govai_cli.output.tables", "govai_cli.output.record", "govai_cli.output.layout",
    "govai_cli.output.human", "govai_cli.output.cells", "govai_cli.output.document", "govai_cli.usage",
    "govai_cli.help_texts", "govai_cli.fill", "govai_cli.dataset", "govai_cli.yamlread", "yaml", "csv", "hashlib",
)  # fmt: skip
NOT_FOR_TABLE = (
    "govai_cli.output.document", "govai_cli.usage", "govai_cli.help_texts", "govai_cli.fill", "yaml", "csv",
    "hashlib", "json",
)  # fmt: skip


def _loaded_by(*args: str) -> set[str]:
    """The modules a run of the console script has imported, the search index built beforehand."""
    script = (  # the console script leaves by os._exit: the modules are listed on the way
        "import os, sys\n"
        "sys.argv = ['govai', *sys.argv[1:]]\n"
        "leave = os._exit\n"
        "def listed(code):\n"
        "    sys.stderr.write(' '.join(sorted(sys.modules)))\n"
        "    sys.stderr.flush()\n"
        "    leave(code)\n"
        "os._exit = listed\n"
        "from govai_cli.entry import main\n"
        "main()\n"
    )
    for _ in range(2):  # the first run builds the index (and reads YAML), the second is the one
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout
    return set(done.stderr.split())


def test_a_json_search_imports_neither_rich_nor_what_only_people_read() -> None:
    loaded = _loaded_by("search", "égalité des sexes", "--format", "json")
    assert "govai_cli.output.writers" in loaded
    assert sorted(loaded & set(NOT_FOR_JSON)) == []


def test_a_search_table_imports_rich_and_nothing_it_does_not_use() -> None:
    loaded = _loaded_by("search", "égalité des sexes")
    assert {"rich", "govai_cli.output.tables"} <= loaded
    assert sorted(loaded & set(NOT_FOR_TABLE)) == []
