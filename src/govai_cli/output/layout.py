"""Widths of people's tables, worked out before Rich draws them, so no token is ever split.

An id, a symbol or a URL copied from a table must come whole: Rich's ``fold`` would cut it
where the column ends. So the columns beside a table's main text (an event's title, an
actor's name) get the width of their widest value, and those that do not fit go under the
main text, one item after the other, in a column at least as wide as the longest of them.
Names (forums, roles) may wrap at spaces, never inside a word. Pure: numbers in, numbers out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

GAP = 3  # between two columns: a space of padding each side of the (blank) rule
MAIN_MIN = 24  # the main text (a title) is never narrower, unless the terminal is
SLACK = 1.15  # columns are easier to scan than lines under the title: worth a few more lines
NAME_MAX = 18  # a forum's or a role's column: wider names wrap at spaces


class Side(NamedTuple):
    """A value shown beside (or under) the main text: its name, widest value and longest token."""

    name: str
    width: int  # the column's width: the widest value (a name: capped, but never below ``token``)
    token: int  # the longest part that must stay whole: a whole id or symbol, a name's longest word


class Layout(NamedTuple):
    columns: tuple[Side, ...]  # beside the main text, in order
    under: tuple[Side, ...]  # under the main text
    main: int  # the main column's width


def token_side(name: str, values: Iterable[str]) -> Side:
    """A side whose values are tokens (ids, symbols): never wrapped."""
    widest = max((len(v) for v in values), default=0)
    return Side(name, widest, widest)


def name_side(name: str, values: Iterable[str], cap: int = NAME_MAX) -> Side:
    """A side whose values are names: wrapped at spaces past ``cap``, never inside a word."""
    values = list(values)
    word = max((len(w) for v in values for w in v.split()), default=0)
    widest = max((len(v) for v in values), default=0)
    return Side(name, max(min(widest, cap), word), word)


Row = tuple[str, Mapping[str, str]]  # a row's main text, and its side values by name


def fit(width: int, lead: int, sides: Sequence[Side], main_min: int = MAIN_MIN, rows: Sequence[Row] = ()) -> Layout:
    """The layout of a table ``width`` wide: a first column ``lead`` wide (0: none), the main
    text, then the first ``sides`` as columns; the others go under the main text, which is
    then at least as wide as their longest token. Of the layouts that fit, the one with the
    most columns whose ``rows`` take at most ``SLACK`` times the fewest lines."""
    present = [s for s in sides if s.width]
    first = lead + GAP if lead else 0
    fitting = []
    for count in range(len(present), -1, -1):
        columns, under = present[:count], present[count:]
        need = max([main_min, *(s.token for s in under)])
        used = first + sum(s.width + GAP for s in columns)
        if used + need <= width:
            fitting.append(Layout(tuple(columns), tuple(under), width - used))
    if not fitting:
        return Layout((), tuple(present), max(width - first, 1))
    heights = [height(layout, rows) for layout in fitting]
    return next(layout for layout, h in zip(fitting, heights, strict=True) if h <= min(heights) * SLACK)


def height(layout: Layout, rows: Sequence[Row]) -> int:
    """How many lines ``rows`` take in ``layout`` (text wrapped at spaces)."""
    total = 0
    for text, values in rows:
        under = pack([(values[s.name], s.token == s.width) for s in layout.under], layout.main)
        lines = len(textwrap.wrap(text, layout.main) or [""]) + len(under)
        beside = [len(textwrap.wrap(values[s.name], s.width) or [""]) for s in layout.columns]
        total += max([lines, *beside])
    return total


def pack(items: Sequence[tuple[str, bool]], width: int, sep: str = "  ") -> list[str]:
    """Items (text, whole) on as few lines of ``width`` as they fit, ``sep`` between two; an
    item that is not ``whole`` (a name) may wrap at its spaces; a whole one never breaks."""
    pieces: list[str] = []
    for text, whole in items:
        if not text:
            continue
        if whole or len(text) <= width:
            pieces.append(text)
        else:
            pieces += textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(sep) + len(piece) <= width:
            lines[-1] += sep + piece
        else:
            lines.append(piece)
    return lines
