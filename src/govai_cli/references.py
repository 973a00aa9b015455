"""Ids and references across data files: what each file defines and names, and what is wrong
across them (duplicate ids, references to ids that do not exist).

A file that cannot be parsed defines nothing for sure; the ids written in it (``id: x``) are
noted as ``UNREAD``: a reference to one of them is not reported (the file's own error is), and
they never count as duplicates. Every other check across files still runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import Problem
from .model import Origin
from .textnorm import close_matches

UNREAD = "?"  # the kind of an id seen in a file that could not be parsed
_WRITTEN_ID = re.compile(r"\bid:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass
class Ref:
    kind: str  # "actor", "source", "topic", "event", "organization"
    target: str
    path: str
    line: int
    where: str


@dataclass(frozen=True)
class Defined:
    """An id a file defines, enough to check references without the whole record."""

    kind: str
    id: str
    actor_kind: str | None
    origin: Origin


def unread_ids(path: str, text: str) -> list[Defined]:
    """The ids written in a file that could not be parsed (and the ids it names: never reported)."""
    return [Defined(UNREAD, found, None, Origin(path, 0)) for found in dict.fromkeys(_WRITTEN_ID.findall(text))]


def hint(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` for a data file's problem, or nothing."""
    close = close_matches(word, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


# Unknown references that get a "did you mean" (a pass over the ids of its kind each): at most
# 20, while the passes compare at most SUGGESTION_BUDGET ids in all (the first always gets one).
SUGGESTED_REFERENCES, SUGGESTION_BUDGET = 20, 10_000


def cross_check(defined: Sequence[Defined], refs: Sequence[Ref]) -> list[Problem]:
    """Problems across files: duplicate ids and references to ids that do not exist.

    ``refs`` may be every reference or only those that can have changed (an index update):
    the problems are the same for the references given.
    """
    problems = []
    seen: dict[str, Origin] = {}
    known: dict[str, set[str]] = {kind: set() for kind in ("event", "actor", "organization", "source", "topic")}
    unread: set[str] = set()
    for record in defined:
        if record.kind == UNREAD:
            unread.add(record.id)
            continue
        first = seen.setdefault(record.id, record.origin)
        if first is not record.origin:
            message = f"duplicate id '{record.id}' (also at {first}); ids must be unique"
            problems.append(Problem(record.origin.path, record.origin.line, message))
        known[record.kind].add(record.id)
        if record.actor_kind == "organization":
            known["organization"].add(record.id)
    suggested = compared = 0
    for ref in sorted(refs, key=lambda r: (r.path, r.line, r.where)):
        choices = known[ref.kind]
        if ref.target in choices or ref.target in unread:
            continue
        noun = "organization (an actor of kind organization)" if ref.kind == "organization" else ref.kind
        wanted = suggested < SUGGESTED_REFERENCES and (not suggested or compared + len(choices) <= SUGGESTION_BUDGET)
        close = hint(ref.target, choices) if wanted else ""
        compared, suggested = compared + (len(choices) if wanted else 0), suggested + 1
        problems.append(Problem(ref.path, ref.line, f"{ref.where}: unknown {noun} '{ref.target}'{close}"))
    return problems
