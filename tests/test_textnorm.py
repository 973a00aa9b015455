"""Folding text for search and comparison: accents, case, ligatures, apostrophes, spaces,
normalization forms; examples and properties."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govai_cli import textnorm
from govai_cli.textnorm import CONTROL, fold, folded_words, tokens

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


# Characters where folding a text word by word could differ from folding it whole: white space
# of every kind, marks that combine across a space or alone, casing that depends on context
# (final sigma), compatibility forms that decompose into a space and a mark (¨), elisions.
_TRICKY = st.sampled_from(
    ["é", "E", "a", " ", "\u00a0", "\u202f", "\x85", "\x1c", "\u2028", "\u3000", "\u0308", "¨", "\u200b",
     "\ufeff", "Σ", "ς", "İ", "ß", "ﬁ", "œ", "Æ", "’", "'", "l’", "d'", "qu’", "jusqu'", "-", "_", "\t", "\n"]
)  # fmt: skip


def _whole(text: str) -> str:
    """``fold`` as it was written before it went word by word: the whole text at once."""
    return textnorm._one_space(text.lower()).strip() if text.isascii() else textnorm._fold_text(text)


@given(st.one_of(st.text(), st.lists(_TRICKY).map("".join)))
def test_folding_word_by_word_is_folding_the_whole_text(text: str) -> None:
    """``fold`` and ``folded_words`` fold each distinct word once (``textnorm._by_word``): the
    same as folding the whole text, on any text, whether the words were seen before or not."""
    whole = _whole(text)
    for _ in range(2):  # the words unknown, then known
        assert fold(text) == whole
        assert folded_words(text) == (textnorm._ELISION.sub("", whole) if "'" in whole else whole)


def test_the_words_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textnorm, "_KNOWN_WORDS", 3)
    textnorm._FOLDED.clear()
    for word in ["Élan", "été", "à", "où", "çà", "là", "déjà"]:
        assert fold(word) == textnorm._fold_text(word)
        assert len(textnorm._FOLDED) <= 4  # cleared once it holds more than 3
    assert fold("Élan été") == "elan ete"


def test_every_control_character_is_unprintable() -> None:
    """The data check skips its CONTROL search on printable text (dataset._Values.text): that
    holds only while no CONTROL character is printable."""
    characters = (chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert [c for c in characters if CONTROL.match(c) and c.isprintable()] == []
