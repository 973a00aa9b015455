"""The lanes of a chronology: one per top-level forum, shared by the exports that group events.

``GROUPINGS`` are the ways a chronology may group its events (``export --group``): by lane
(``top``, the default), by the event's own forum (``forum``), or not at all (``none``). Every
lane has a name: an event with no forum goes in « Autres » / "Others".
"""

from __future__ import annotations

from collections.abc import Mapping

from govai_cli.i18n import label
from govai_cli.model import Actor, Event

# One lane per top-level forum, in this order. An event goes in the lane of its forum or of the
# first forum up its ``part_of`` chain that is listed here (the UNESCO General Conference → UNESCO
# → the UN); an event with no such forum goes by its kind (_LANE_OF_KIND), else to "other".
LANES: dict[str, tuple[str, ...]] = {
    "un": ("un",),
    "eu": ("european-union",),
    "coe": ("coe",),
    "oecd": ("oecd", "gpai"),
    "g7g20": ("g7", "g20", "hiroshima-ai-process-friends-group"),
    "summits": (),
    "other": (),
}
_LANE_OF_BODY = {body: lane for lane, bodies in LANES.items() for body in bodies}
_LANE_OF_KIND = {"summit": "summits"}


def lane_of(event: Event, actors: Mapping[str, Actor]) -> str:
    """The lane (a key of LANES) an event is drawn in; ``actors`` by id, for the forums' parents."""
    body, seen = event.body, set()
    while body is not None and body not in seen:
        if body in _LANE_OF_BODY:
            return _LANE_OF_BODY[body]
        seen.add(body)
        parent = actors.get(body)
        body = parent.part_of if parent is not None else None
    return _LANE_OF_KIND.get(event.kind, "other")


GROUPINGS = ("top", "forum", "none")  # the first is the default


def lane_name(event: Event, actors: Mapping[str, Actor], grouping: str, lang: str) -> str | None:
    """The name of the lane ``event`` is drawn in, in ``lang``; None when ``grouping`` is ``none``."""
    if grouping == "none":
        return None
    if grouping == "forum":
        forum = actors.get(event.body) if event.body else None
        got = forum.name.get(lang) if forum is not None else None
        if got is not None:
            return got[0]
        return event.body or label("lane.other", lang)
    return label("lane." + lane_of(event, actors), lang)
