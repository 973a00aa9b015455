"""Properties, and the strategies that feed them: shared by the test suite and ``bench/fuzz.py``.

Each ``check_*`` takes one generated example and raises (an AssertionError, or whatever
unexpected exception the code under test lets out) when the property does not hold. The
suite runs each for Hypothesis's default number of examples; ``bench/fuzz.py`` for many more.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable
from typing import Any

import yaml
from hypothesis import strategies as st

from govai_cli.dataset import assemble, read_data
from govai_cli.dates import parse_iso, parse_user_date
from govai_cli.errors import DataError, UsageError
from govai_cli.rank import fts_expression, parse_query
from govai_cli.schema import field_names
from govai_cli.textnorm import fold

# ---------------------------------------------------------------- folding


def check_fold_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


FRENCH = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæß0123456789 '’-"


def check_fold_case_blind(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


def check_fold_ignores_normalization_form(text: str) -> None:
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


# ---------------------------------------------------------------- dates


def check_parse_user_date_is_total(text: str) -> None:
    """A date, round-tripping through ISO, or a usage error with a message: nothing else."""
    try:
        date = parse_user_date(text)
    except UsageError as exc:
        message = exc.message
        assert message
    else:
        assert parse_iso(date.iso()) == date


DATE_WORDS = ["1er", "1", "31", "juin", "juillet", "July", "Sept.", "août", "févr", "2024", "0000", "99999", "-", "/"]

# ---------------------------------------------------------------- the query parser

_FTS = sqlite3.connect(":memory:", check_same_thread=False)
_FTS.execute("CREATE VIRTUAL TABLE t USING fts5(a, b)")
_FTS.execute("INSERT INTO t VALUES ('egalite des sexes', 'oeuvre')")


def check_query(text: str) -> None:
    """A clean usage error, or folded terms and an expression FTS5 accepts."""
    try:
        query = parse_query(text)
    except UsageError as exc:
        message = exc.message
        assert message
        return
    for group in query.groups:
        for term in group:
            assert term
            assert all(word == fold(word) for word in term)
    _FTS.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts_expression(query),)).fetchall()


QUERY_SYNTAX = ['"', "-", "OR", "AND", "NOT", "*", ":", "(", ")", "^", "NEAR", "a", "é", " "]


def check_query_syntax(parts: list[str]) -> None:
    check_query("".join(parts))


# ---------------------------------------------------------------- the loader

ROLES = ("events", "mixed", "actors", "sources", "topics")


def check_loader(data: bytes, role: str, strict: bool) -> None:
    """Any bytes give records, or problems located inside the file: never another exception."""
    result = read_data(data, "x.yaml", role, strict)
    lines = data.count(b"\n") + 1
    for problem in (*result.records.problems, *result.records.warnings):
        assert problem.path == "x.yaml"
        assert problem.line is None or 1 <= problem.line <= lines, (problem, lines)
        assert problem.column is None or problem.column >= 1, problem
    try:
        assemble([], [result])
    except DataError as exc:
        problems = exc.problems
        assert problems


def check_loader_text(example: tuple[str, str, bool]) -> None:
    text, role, strict = example
    check_loader(text.encode("utf-8"), role, strict)


def check_loader_bytes(example: tuple[bytes, str, bool]) -> None:
    check_loader(*example)


YAML_BITS = [
    "id: x\n", "date: 2024-07-01\n", "kind: resolution\n", "title: {en: X}\n", "title:\n  en: C# et #IA\n",
    "events:\n", "actors:\n", "- {id: a, kind: state, name: {en: A}, country: no}\n", "- ", "  ", "\t", "\n",
    "\r\n", "[", "]", "{", "}", ", ", ": ", ":", "'", '"', "#", " #", "&a ", "*a", "<<: *a\n", "? ",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set", "!tag ", "!<x> ", "---\n", "...\n",
    "%YAML 1.1\n", "|\n", ">-\n", "no", "NO", "010", "0x1F", "12:30", "1.10", ".inf", "~", "null", "2024-13-01",
    "2024-02-30", "01/07/2024", "é", "œ", "\u2028", "\u202e", "\ufeff", "\x1b", "\x85", "\x00", "\\e", "\\x9b",
    "\\u202E", "[" * 60, "a" * 80,
]  # fmt: skip

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.sampled_from(YAML_BITS))
_KEYS = st.one_of(
    st.sampled_from(field_names("event")), st.sampled_from(["en", "fr", "text", "status", "titel"]), st.text()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=6)),
    max_leaves=25,
)


def _dump(value: Any, style: str) -> str:
    if style == "json":  # flow style: JSON is YAML
        return json.dumps(value, ensure_ascii=False)
    return str(yaml.safe_dump(value, allow_unicode=True, default_flow_style=False))


YAML_TEXTS = st.one_of(
    st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=6)), max_size=40).map("".join),
    st.builds(_dump, _VALUES, st.sampled_from(["json", "block"])),
    st.text(),
)
LOADER_TEXT = st.tuples(YAML_TEXTS, st.sampled_from(ROLES), st.booleans())
LOADER_BYTES = st.tuples(
    st.one_of(
        st.binary(max_size=400),
        st.builds(bytes.__add__, st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.binary(max_size=200)),
        st.builds(lambda t, e: t.encode(e, "replace"), YAML_TEXTS, st.sampled_from(["latin-1", "utf-16", "cp1252"])),
    ),
    st.sampled_from(ROLES),
    st.booleans(),
)

# ---------------------------------------------------------------- the list bench/fuzz.py runs

PROPERTIES: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "fold is idempotent": (check_fold_idempotent, st.text()),
    "fold is case-blind": (check_fold_case_blind, st.text(alphabet=FRENCH + FRENCH.upper())),
    "fold ignores NFC/NFD": (check_fold_ignores_normalization_form, st.text()),
    "date parsing is total": (
        check_parse_user_date_is_total,
        st.one_of(st.text(max_size=40), st.lists(st.sampled_from(DATE_WORDS), max_size=4).map(" ".join)),
    ),
    "query parser never raises": (check_query, st.text(max_size=200)),
    "query syntax is literal": (check_query_syntax, st.lists(st.sampled_from(QUERY_SYNTAX), max_size=12)),
    "loader: YAML text": (check_loader_text, LOADER_TEXT),
    "loader: random bytes": (check_loader_bytes, LOADER_BYTES),
}
