"""Exit codes and the one family of domain errors, each carrying its exit code."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Self

from msgspec import Struct

from .i18n import message, plural


class ExitCode(IntEnum):
    OK = 0
    INVALID_DATA = 1
    USAGE = 2
    NOT_FOUND = 4
    INTERRUPTED = 130


class Problem(Struct, frozen=True):
    """One thing wrong in a data file, located as an editor shows it (1-based)."""

    path: str
    line: int | None
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.column or 0, self.message)


class GovaiError(Exception):
    """A failure the user can act on; the CLI turns it into a message and an exit code."""

    exit_code: ExitCode = ExitCode.INVALID_DATA

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.key: str | None = None
        self.params: dict[str, str] = {}
        self.suggestions: tuple[str, ...] = ()

    @classmethod
    def of(cls, key: str, *, suggestions: Iterable[str] = (), **params: object) -> Self:
        """An error whose text is i18n.MESSAGES[key], rendered in the user's language by the CLI.

        ``.message`` (and ``str()``) is the English text; ``suggestions`` fill a "did you mean".
        """
        texts = {name: str(value) for name, value in params.items()}
        close = tuple(suggestions)
        exc = cls(message(key, "en", suggestions=close, **texts))
        exc.key, exc.params, exc.suggestions = key, texts, close
        return exc

    def text(self, lang: str) -> str:
        """The message in ``lang`` (fr or en); English for errors made without a key."""
        if self.key is None:
            return self.message
        return message(self.key, lang, suggestions=self.suggestions, **self.params)


class UsageError(GovaiError):
    exit_code = ExitCode.USAGE


class NotFoundError(GovaiError):
    exit_code = ExitCode.NOT_FOUND


class DataError(GovaiError):
    """The dataset is invalid: every problem found, not just the first."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Every problem (in English, like a compiler's), then their count in ``lang``."""
        return "\n".join([*map(str, self.problems), plural("problems", len(self.problems), lang)])
