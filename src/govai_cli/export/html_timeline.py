"""The page's picture: an inline SVG timeline, years along the axis, one lane per forum."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govai_cli.model import Actor, Event, Precision

from .html_text import esc, lbl
from .lanes import LANES, lane_of

WIDTH = 1000  # the SVG's user units; the page scales it
PAD = 14  # left and right of the axis
AXIS = 26  # height of the year labels
LANE_HEAD = 20  # a lane's name above its rows
ROW = 14
MAX_ROWS = 8  # beyond, marks of a crowded lane overlap (zoom in to part them)
BAR_MIN = 10  # the narrowest span bar, so a short span still reads as a bar
DOT = 5  # radius of a mark
TICK_STEPS = (1, 2, 5, 10, 20, 50, 100)  # years between labels; page.js zoom() picks with the same rule
TICK_MIN = 44  # units between two year labels


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


@dataclass(frozen=True)
class Mark:
    event: Event
    start: float  # in years, as 2024.5
    end: float
    span: bool  # a bar from start to end; else a dot in the middle


def marks(events: Iterable[Event]) -> list[Mark]:
    out = []
    for event in events:
        start = _year_fraction(event.date.first_day())
        end = _year_fraction(event.end.last_day() + dt.timedelta(days=1))
        out.append(Mark(event, start, end, event.end_date is not None and event.end_date != event.date))
    return out


class Scale:
    """Years to SVG units over [t0, t1): the linear map page.js zoom() also uses."""

    def __init__(self, t0: float, t1: float) -> None:
        self.t0, self.t1 = t0, t1

    def x(self, t: float) -> float:
        return PAD + (t - self.t0) / (self.t1 - self.t0) * (WIDTH - 2 * PAD)

    def extent(self, mark: Mark) -> tuple[float, float]:
        if mark.span:
            left = self.x(mark.start)
            return left, max(self.x(mark.end), left + BAR_MIN)
        middle = self.x((mark.start + mark.end) / 2)
        return middle - DOT, middle + DOT

    def step(self) -> int:
        per_year = (WIDTH - 2 * PAD) / (self.t1 - self.t0)
        return next((s for s in TICK_STEPS if s * per_year >= TICK_MIN), TICK_STEPS[-1])


def pack(lane: list[Mark], scale: Scale) -> list[int]:
    """A row for each mark (in date order) so that marks of a row do not touch, at most MAX_ROWS rows."""
    ends: list[float] = []
    rows = []
    for mark in lane:
        left, right = scale.extent(mark)
        row = next((r for r, end in enumerate(ends) if end + 2 <= left), None)
        if row is None:
            row = len(ends) if len(ends) < MAX_ROWS else min(range(len(ends)), key=ends.__getitem__)
            if row == len(ends):
                ends.append(right)
        ends[row] = max(ends[row], right)
        rows.append(row)
    return rows


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _mark_svg(mark: Mark, scale: Scale, y: float) -> str:
    """A mark linking to its event, named by the event's date and title."""
    event = mark.event
    eid = esc(event.id)
    left, right = scale.extent(mark)
    if mark.span:
        shape = f'<rect x="{_num(left)}" y="{_num(y - 4)}" width="{_num(right - left)}" height="8" rx="3"/>'
    else:
        vague = "" if event.date.precision == Precision.DAY else ' class="vague"'
        shape = f'<circle cx="{_num(left + DOT)}" cy="{_num(y)}" r="{DOT}"{vague}/>'
    return (
        f'<a class="mark" href="#e-{eid}" id="m-{eid}" data-a="{mark.start:.4f}" data-b="{mark.end:.4f}" '
        f'aria-labelledby="d-{eid} h-{eid}">{shape}</a>'
    )


def timeline_svg(events: tuple[Event, ...], actors: Mapping[str, Actor]) -> str:
    """The SVG timeline of ``events``: year axis on top, then one band per lane that has events."""
    all_marks = marks(events)
    t0 = float(min(e.date.year for e in events))
    t1 = float(max(e.end.year for e in events) + 1)
    scale = Scale(t0, t1)
    by_lane: dict[str, list[Mark]] = {lane: [] for lane in LANES}
    for mark in all_marks:
        by_lane[lane_of(mark.event, actors)].append(mark)
    bands = []
    y = AXIS + 4.0
    for lane, lane_marks in by_lane.items():
        if not lane_marks:
            continue
        rows = pack(lane_marks, scale)
        height = LANE_HEAD + (max(rows) + 1) * ROW + 4
        shapes = "".join(
            _mark_svg(m, scale, y + LANE_HEAD + r * ROW + ROW / 2) for m, r in zip(lane_marks, rows, strict=True)
        )
        bands.append(
            f'<g class="lane lane-{lane}" data-lane="{lane}">'
            f'<rect class="band" x="0" y="{_num(y)}" width="{WIDTH}" height="{height}"/>'
            f'<text class="lane-name" x="{PAD}" y="{_num(y + 14)}">{lbl("lane." + lane, tag="tspan")}</text>'
            f"{shapes}</g>"
        )
        y += height + 2
    bottom = y + 2
    step = scale.step()
    ticks = []
    for year in range(int(t0), int(t1) + 1):
        x = _num(scale.x(year))
        minor = "" if year % step == 0 and year < t1 else ' class="minor"'
        ticks.append(
            f'<g class="tick" data-year="{year}"><line x1="{x}" x2="{x}" y1="20" y2="{_num(bottom)}"/>'
            f'<text x="{_num(scale.x(year + 0.5))}" y="16"{minor}>{year}</text></g>'
        )
    return (
        f'<svg id="chart" viewBox="0 0 {WIDTH} {_num(bottom)}" role="group" aria-labelledby="h-timeline" '
        f'data-t0="{int(t0)}" data-t1="{int(t1)}" data-width="{WIDTH}" data-pad="{PAD}" data-bar="{BAR_MIN}" '
        f'data-dot="{DOT}" data-steps="{" ".join(map(str, TICK_STEPS))}" data-tick="{TICK_MIN}">'
        f'<g class="axis" aria-hidden="true">{"".join(ticks)}</g>{"".join(bands)}'
        f'<rect class="brush" x="0" y="0" width="0" height="{_num(bottom)}"/></svg>'
    )
