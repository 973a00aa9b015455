"""Folding text for search and comparison: accents, case, ligatures, apostrophes, spaces,
normalization forms; examples and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given

from govai_cli.textnorm import CONTROL, fold, tokens

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


def test_every_control_character_is_unprintable() -> None:
    """The data check skips its CONTROL search on printable text (dataset._Values.text): that
    holds only while no CONTROL character is printable."""
    characters = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert [c for c in characters if CONTROL.match(c) and c.isprintable()] == []
