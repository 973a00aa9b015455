"""The command line's own words in the reader's language: ``--help``, and Click's usage errors.

``localize`` gives every command and option of the Click tree its help from ``help_texts``,
and a help formatter that writes Click's section titles ("Usage", "Options"…) in the same
language; ``usage_text`` turns a Click usage error into the text of a govai message.
"""

from __future__ import annotations

import re
from typing import Any

import typer

from . import i18n
from .help_texts import CLICK, COMMANDS, OPTIONS

_PROGRAM = "govai"


# French puts a space inside « » and before ; : ? ! — a no-break one, so that wrapping the help
# never leaves a mark alone at the start or end of a line.
_FRENCH_SPACES = re.compile(r"(?<=«) | (?=[»;:?!])")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return _FRENCH_SPACES.sub("\u00a0", pair[0]) if lang == "fr" else pair[1]


def click_word(word: str, lang: str) -> str:
    """One of Click's own words (a section title, a marker) in ``lang``."""
    pair = CLICK.get(word)
    return _pick(pair, lang) if pair else word


def help_key(command: str, param: Any) -> tuple[str, str]:
    """The keys of OPTIONS that may hold ``param``'s help: the command's own, then the general one."""
    if param.param_type_name == "argument":
        key = f"{command} {param.name}"
        return key, key
    name = max(param.opts, key=len)
    return f"{command} {name}", name


def param_help(command: str, param: Any, lang: str) -> str | None:
    """``param``'s help in ``lang`` from OPTIONS, or None when the tables lack it."""
    for key in help_key(command, param):
        if key in OPTIONS:
            return _pick(OPTIONS[key], lang)
    return None


def commands_of(group: Any) -> dict[str, Any]:
    """The program (``govai``) and each of its commands, by name."""
    return {_PROGRAM: group, **group.commands}


def localize(group: Any, lang: str) -> None:
    """Every help text of ``group``'s tree, and the words of its help pages, in ``lang``.

    A command or option missing from the tables keeps the text Typer gave it (the test of the
    tables fails for it).
    """
    for name, command in commands_of(group).items():
        if name in COMMANDS:
            command.help = _pick(COMMANDS[name], lang)
        for param in command.params:
            text = param_help(name, param, lang)
            if text is not None:
                param.help = text
        command.context_class = _FRENCH_CONTEXT if lang == "fr" else _ENGLISH_CONTEXT


class _Formatter(typer.Context.formatter_class):  # type: ignore[misc, valid-type]
    """Click's help formatter, writing its own words in ``lang``."""

    lang = "en"

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        colon = "\u00a0: " if self.lang == "fr" else ": "
        super().write_usage(prog, args, prefix=prefix or click_word("Usage", self.lang) + colon)

    def write_heading(self, heading: str) -> None:
        colon = "\u00a0:" if self.lang == "fr" else ":"
        self.write(f"{'':>{self.current_indent}}{click_word(heading, self.lang)}{colon}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([self._row(term, text) for term, text in rows], col_max, col_spacing)

    def _row(self, term: str, text: str) -> tuple[str, str]:
        if term.endswith("--help"):
            text = _pick(OPTIONS["--help"], self.lang)
        for word in (w for w in CLICK if w.startswith("<")):
            term = term.replace(word, click_word(word, self.lang))
        return term, _MARKERS.sub(self._marker, text)

    def _marker(self, found: re.Match[str]) -> str:
        if found.group(1):
            return click_word("default", self.lang) + ("\u00a0: " if self.lang == "fr" else ": ")
        return click_word("required", self.lang)


# The markers Click adds after an option's help: [default: table], [required], [x>=1; required].
_MARKERS = re.compile(r"(?<=[\[ ])(default): |(?<=[\[ ])required(?=[\];])")


class _FrenchFormatter(_Formatter):
    lang = "fr"


class _EnglishContext(typer.Context):
    formatter_class = _Formatter


class _FrenchContext(typer.Context):
    formatter_class = _FrenchFormatter


_ENGLISH_CONTEXT, _FRENCH_CONTEXT = _EnglishContext, _FrenchContext


# ---------------------------------------------------------------- usage errors


def is_usage_error(exc: BaseException) -> bool:
    """A Click usage error (a bad option, value or argument), but not ``govai`` alone (help)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return "UsageError" in names and "NoArgsIsHelpError" not in names


def usage_text(exc: Any, lang: str, command: str = _PROGRAM) -> str:
    """The text of a govai error message for Click's usage error ``exc``, in ``lang``; its help
    hint names ``exc``'s command, else ``command``."""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        text = i18n.message(
            "usage.no_option", lang, option=exc.option_name, suggestions=sorted(exc.possibilities or ())
        )
    elif kind == "MissingParameter" and exc.param is not None:
        key = "usage.missing_argument" if exc.param.param_type_name == "argument" else "usage.missing_option"
        text = i18n.message(key, lang, name=_param_name(exc.param))
    elif kind == "BadParameter" and exc.param is not None:
        text = i18n.message(
            "usage.bad_value", lang, name=_param_name(exc.param), problem=_known(str(exc.message), lang)
        )
    else:
        text = _known(str(exc.message), lang)
    command = exc.ctx.command_path if exc.ctx is not None else command
    return text + i18n.message("usage.see_help", lang, command=command)


def _param_name(param: Any) -> str:
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return str(param.metavar or param.name).upper()


# Click's English messages that govai says in the reader's language: pattern → message key.
_CLICK_MESSAGES = (
    (
        re.compile(r"'(?P<value>.*)' is not a valid (?:integer|int|integer range|int range|float|float range)\.?"),
        "usage.not_number",
    ),
    (re.compile(r"(?P<value>.*) is not in the range (?P<range>.*?)\.?"), "usage.not_in_range"),
    (re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*?)\.?"), "usage.not_a_choice"),
    (re.compile(r"Option '(?P<option>.*)' requires an argument\.?"), "usage.needs_value"),
    (re.compile(r"Option '(?P<option>.*)' does not take a value\.?"), "usage.takes_no_value"),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"), "usage.extra"),
    (re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<close>.*)\?)?"), "usage.no_command"),
)


def _known(message: str, lang: str) -> str:
    for pattern, key in _CLICK_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            params = {k: v for k, v in found.groupdict().items() if k != "close"}
            if "choices" in params:
                params["choices"] = ", ".join(c.strip("'") for c in params["choices"].split(", "))
            close = re.findall(r"'([^']*)'", found.groupdict().get("close") or "")
            return i18n.message(key, lang, suggestions=close, **params)
    return message.rstrip(".")
