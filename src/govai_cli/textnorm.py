"""One text normalization, used for both indexing and queries."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose but a French or English reader treats as two.
_EXPAND = str.maketrans({"œ": "oe", "æ": "ae"})
# Apostrophes and quotes that typography substitutes for "'" (U+2019, U+02BC, U+2018, U+00B4, U+2032).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u00b4": "'", "\u2032": "'"})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
# French elisions: l'IA, d'éthique, qu'il, jusqu'à … The elided word is dropped from tokens.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Case-, accent- and ligature-insensitive form of ``text``.

    ``fold("Égalité")``, ``fold("EGALITE")`` and ``fold("égalité")`` (NFC or NFD) are equal;
    ``fold("œuvre") == fold("oeuvre")``; typographic apostrophes become ``'`` and runs of
    white space (non-breaking ones included) become one space.
    """
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    # NFKD first so compatibility forms (ℌ, ﬁ) are cased; again after casefold, which can
    # itself produce combining marks (İ → i̇) that must then be stripped.
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).casefold()
    # Accents of Latin letters are in U+0300-U+036F: delete them at once; test only the rare
    # characters beyond U+02FF one by one (marks of other scripts, but also « » – ’).
    stripped = unicodedata.normalize("NFKD", text).translate(_LATIN_MARKS)
    stripped = _BEYOND_LATIN.sub(_drop_mark, stripped)
    return _SPACES.sub(" ", stripped.translate(_EXPAND)).strip()


_LATIN_MARKS = dict.fromkeys(range(0x300, 0x370))
_BEYOND_LATIN = re.compile("[^\x00-\u02ff]")


def _drop_mark(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def tokens(text: str) -> list[str]:
    """Words of ``text`` after folding, with French elided articles removed."""
    return _WORD.findall(_ELISION.sub("", fold(text)))
