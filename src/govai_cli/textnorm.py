"""Text rules shared by every module: folding for search, and the characters never shown raw."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable

# Apostrophes and quotes that typography substitutes for "'" (U+2019, U+02BC, U+2018, U+00B4, U+2032).
_APOSTROPHES = re.compile("[\u2019\u02bc\u2018\u00b4\u2032]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
# French elisions: l'IA, d'éthique, qu'il, jusqu'à … The elided word is dropped from tokens.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_WORD = re.compile(r"[^\W_]+")

# The one set of characters that never stand in data nor reach a terminal raw: C0 controls but
# tab and line feed; DEL and C1; the Unicode line and paragraph separators (YAML counts them as
# line breaks, editors do not); bidirectional embeddings, overrides, isolates and marks; a BOM.
CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
# The addresses shown as links (in a terminal, a page or an export): http(s), a plain host, and
# no space, control, quote, backquote, backslash, angle or square bracket.
WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s\x00-\x1f\x7f-\x9f\[\]<>\"'`\\]*)?")
# Accents of Latin letters after NFKD: U+0300-U+036F, deleted at once.
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")
# Characters that may be combining marks of other scripts: tested one by one. General
# Punctuation (U+2000-U+206F: – — ’ … ‹ ›) holds none, so French text never gets here.
_MAYBE_MARK = re.compile("[^\x00-\u036f\u2000-\u206f]")


def fold(text: str) -> str:
    """Case-, accent- and ligature-insensitive form of ``text``.

    ``fold("Égalité")``, ``fold("EGALITE")`` and ``fold("égalité")`` (NFC or NFD) are equal;
    ``fold("œuvre") == fold("oeuvre")``; typographic apostrophes become ``'`` and runs of
    white space (non-breaking ones included) become one space.
    """
    if text.isascii():
        return _one_space(text.lower()).strip()
    return _by_word(text, _FOLDED, _fold_text)


def _by_word(text: str, known: dict[str, str], form: Callable[[str], str]) -> str:
    """``form`` of each word of ``text``, joined by a space, each distinct word's form computed
    once per process (``known``). The same as ``form`` of the whole text for ``fold`` and
    ``folded_words``, none of whose steps looks across white space; but an index build folds
    the same words again and again: 1.7M words at 100k events, most of them French."""
    if len(known) > _KNOWN_WORDS:
        known.clear()
    forms = []
    for word in text.split():
        found = known.get(word)
        if found is None:
            found = known[word] = form(word)
        if found:
            forms.append(found)
    return " ".join(forms)


_FOLDED: dict[str, str] = {}  # word → fold(word)
_INDEXED: dict[str, str] = {}  # word → folded_words(word)
_KNOWN_WORDS = 100_000  # distinct words kept by each, then forgotten (under 20 MiB each)


def _fold_text(text: str) -> str:
    """``fold`` of a text that is not ASCII, in one pass over the whole text."""
    # NFKD first so compatibility forms (ℌ, ﬁ) are cased; again after casefold, which can
    # itself produce combining marks (İ → i̇) that must then be stripped. Regular expressions,
    # not str.translate with a table: translate looks each character up in a dict, ~5× slower.
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("'", text)).casefold()
    stripped = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if _MAYBE_MARK.search(stripped):
        stripped = _MAYBE_MARK.sub(_drop_mark, stripped)
    # Letters that Unicode does not decompose but a French or English reader treats as two.
    return _one_space(stripped.replace("œ", "oe").replace("æ", "ae")).strip()


def _one_space(text: str) -> str:
    """Each run of white space as one space. A printable text without two spaces in a row has
    nothing to replace (every other white space character is unprintable): no regex pass."""
    return text if text.isprintable() and "  " not in text else _SPACES.sub(" ", text)


def _drop_mark(match: re.Match[str]) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def tokens(text: str) -> list[str]:
    """Words of ``text`` after folding, with French elided articles removed."""
    return _WORD.findall(folded_words(text))


def folded_words(text: str) -> str:
    """``text`` folded, without French elided articles: what the index stores, so that a quoted
    ``"droits de l'homme"`` (the words ``droits de homme``) is a phrase of the index too."""
    if text.isascii() and "'" not in text:  # no accent, no elision
        return fold(text)
    return _by_word(text, _INDEXED, _index_form)


def _index_form(word: str) -> str:
    folded = fold(word)
    return _ELISION.sub("", folded) if "'" in folded else folded


def safe(text: str) -> str:
    """``text`` with every CONTROL character written as an escape (``\\x1b``, ``\\u202e``)."""
    return CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


SIMILARITY = 0.6  # difflib's ratio from which a word is offered as "did you mean"
MARGIN = 0.1  # and no further than this below the best one: "chine" for "Chinee", not "chile"


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices closest to ``word``, best first: every "did you mean" comes from here.

    Choices that begin with ``word`` (three letters or more) come first: ``hrc56`` suggests
    ``hrc56-joint-statement-ai-women`` before ``hrc``.
    """
    choices = set(choices)
    starting = sorted(c for c in choices if len(word) >= 3 and c.startswith(word) and c != word)
    if starting:
        return starting[:n]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY:
            ratio = matcher.ratio()
            if ratio >= SIMILARITY:
                scored.append((-ratio, choice))
    scored.sort()
    return [choice for ratio, choice in scored[:n] if -ratio >= -scored[0][0] - MARGIN]
