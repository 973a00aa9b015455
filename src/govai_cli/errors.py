"""Exit codes and the one family of domain errors, each carrying its exit code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INVALID_DATA = 1
    USAGE = 2
    NOT_FOUND = 4
    INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
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


class UsageError(GovaiError):
    exit_code = ExitCode.USAGE


class NotFoundError(GovaiError):
    exit_code = ExitCode.NOT_FOUND


class DataError(GovaiError):
    """The dataset is invalid: every problem found, not just the first."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(problems, key=Problem.sort_key))
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} found in the data"
        super().__init__("\n".join([*map(str, self.problems), summary]))
