"""Folding and dates: examples and properties."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govai_cli.dates import format_date, format_span, overlaps, parse_iso, parse_user_date
from govai_cli.errors import UsageError
from govai_cli.model import PartialDate, Precision
from govai_cli.search import fts_expression, parse_query
from govai_cli.textnorm import fold, tokens

from . import properties
from .properties import PROPERTIES


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Égalité", "egalite"),
        ("ÉGALITÉ", "egalite"),
        (unicodedata.normalize("NFD", "égalité"), "egalite"),
        ("œuvre", "oeuvre"),
        ("Œuvre", "oeuvre"),
        ("Cæsar", "caesar"),
        ("Straße", "strasse"),
        ("l’IA", "l'ia"),
        ("ex\u00a0ante", "ex ante"),
        ("10\u202f000", "10 000"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tokens_drop_french_elisions() -> None:
    assert tokens("l’IA et d'éthique, qu’il") == ["ia", "et", "ethique", "il"]
    assert tokens("A/RES/78/311") == ["a", "res", "78", "311"]


# The properties' bodies and strategies live in tests/properties.py, shared with bench/fuzz.py.


@given(PROPERTIES["fold is idempotent"][1])
def test_fold_is_idempotent(text: str) -> None:
    properties.check_fold_idempotent(text)


@given(PROPERTIES["fold is case-blind"][1])
def test_fold_is_case_blind(text: str) -> None:
    properties.check_fold_case_blind(text)


@given(PROPERTIES["fold ignores NFC/NFD"][1])
def test_fold_ignores_normalization_form(text: str) -> None:
    properties.check_fold_ignores_normalization_form(text)


@given(PROPERTIES["query parser never raises"][1])
def test_query_parser_gives_a_clean_error_or_a_valid_engine_expression(text: str) -> None:
    properties.check_query(text)


@given(PROPERTIES["query syntax is literal"][1])
def test_query_syntax_characters_are_literal(parts: list[str]) -> None:
    properties.check_query_syntax(parts)


def test_query_language() -> None:
    query = parse_query('Égalité "des sexes" -militaire IA OR AI')
    assert query.groups == ((("egalite",),), (("des", "sexes"),), (("ia",), ("ai",)))
    assert query.excluded == (("militaire",),)
    assert fts_expression(query) == '(("egalite") AND ("des sexes") AND ("ia" OR "ai")) NOT "militaire"'


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2024", "2024", Precision.YEAR),
        ("2024-07", "2024-07", Precision.MONTH),
        ("2024-07-01", "2024-07-01", Precision.DAY),
        ("juillet 2024", "2024-07", Precision.MONTH),
        ("1er juillet 2024", "2024-07-01", Precision.DAY),
        ("July 2024", "2024-07", Precision.MONTH),
        ("1 July 2024", "2024-07-01", Precision.DAY),
        ("July 1, 2024", "2024-07-01", Precision.DAY),
        ("Sept. 2021", "2021-09", Precision.MONTH),
        ("juin 2020", "2020-06", Precision.MONTH),
        ("août 2024", "2024-08", Precision.MONTH),
        ("aout 2024", "2024-08", Precision.MONTH),
        ("29 février 2024", "2024-02-29", Precision.DAY),
    ],
)
def test_parse_user_date(text: str, iso: str, precision: Precision) -> None:
    date = parse_user_date(text)
    assert date.iso() == iso
    assert date.precision is precision


@pytest.mark.parametrize(
    "text", ["01/07/2024", "2024-02-30", "29 février 2023", "2024-00", "2024-1", "juillet", "soon"]
)
def test_parse_user_date_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_user_date(text)


@given(PROPERTIES["date parsing is total"][1])
def test_parse_user_date_is_total(text: str) -> None:
    properties.check_parse_user_date_is_total(text)


@given(st.dates())
def test_iso_round_trip(day: dt.date) -> None:
    text = day.isoformat()
    assert parse_iso(text).iso() == text
    assert parse_iso(text).first_day() == day


def test_partial_dates_are_never_filled_in() -> None:
    date = parse_iso("2024-02")
    assert date.day is None
    assert date.first_day() == dt.date(2024, 2, 1)
    assert date.last_day() == dt.date(2024, 2, 29)
    assert parse_iso("2024").last_day() == dt.date(2024, 12, 31)


def test_sort_order_less_precise_first() -> None:
    dates = [parse_iso(t) for t in ("2024-01-01", "2024", "2023-12-31", "2024-01")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == ["2023-12-31", "2024", "2024-01", "2024-01-01"]


def test_overlap_rule() -> None:
    june15 = parse_iso("2024-06-15")
    assert overlaps(parse_iso("2024-06"), parse_iso("2024-06"), june15, None)
    assert overlaps(parse_iso("2024"), parse_iso("2024"), june15, june15)
    assert not overlaps(parse_iso("2024-05"), parse_iso("2024-05"), june15, None)
    assert overlaps(parse_iso("2024-05-20"), parse_iso("2024-06-15"), june15, None)  # both ends inclusive


def test_formats() -> None:
    assert format_date(parse_iso("2024-07-01"), "fr") == "1 juil. 2024"
    assert format_date(parse_iso("2024-07-01"), "en") == "Jul 1, 2024"
    assert format_date(parse_iso("2024-07"), "fr") == "juil. 2024"
    assert format_date(parse_iso("2024-07"), "en") == "Jul 2024"
    assert format_date(parse_iso("2024"), "en") == "2024"
    assert format_span(parse_iso("2024-06-18"), parse_iso("2024-07-12"), "fr") == "18 juin – 12 juil. 2024"
    assert format_span(parse_iso("2024-06-18"), parse_iso("2024-07-12"), "en") == "Jun 18 – Jul 12, 2024"
