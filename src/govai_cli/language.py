"""The reader's language: --lang, else GOVAI_LANG, else the locale, else French."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .errors import UsageError

LANGUAGES = ("fr", "en")


def resolve_lang(option: str | None) -> str:
    """--lang, else GOVAI_LANG, else the locale, else French."""
    for value, origin in ((option, "--lang"), (os.environ.get("GOVAI_LANG"), "GOVAI_LANG")):
        if value:
            lang = value.strip().lower()
            if lang not in LANGUAGES:
                raise UsageError.of("unknown.language", origin=origin, value=value)
            return lang
    return _locale_lang()


def _locale_lang() -> str:
    # The first locale variable set decides, as for gettext: LC_ALL, then LC_MESSAGES, then LANG.
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value[:2] if value[:2] in LANGUAGES else "fr"
    return "fr"


def lang_from_argv(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` in raw arguments (before ``--``), else
    None: ``govai --lang fr timeline --lang en`` speaks English, as the command's option wins."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang":
            found = argv[i + 1] if i + 1 < len(argv) else None
        elif arg.startswith("--lang="):
            found = arg.removeprefix("--lang=")
    return found


def error_lang(option: str | None) -> str:
    """The language of an error message: as resolve_lang, but never failing (an invalid
    --lang or GOVAI_LANG is passed over for the next source)."""
    for candidate in (option, None):
        try:
            return resolve_lang(candidate)
        except UsageError:
            continue
    return _locale_lang()
