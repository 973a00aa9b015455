"""The lanes of a chronology: one per top-level forum, shared by the exports that group events."""

from __future__ import annotations

from govai_cli.model import Event

# One lane per top-level forum, in this order, picked by the event's body (an actor id). An
# event whose body is not listed goes by its kind (_LANE_OF_KIND), else to "other". This table
# is the one place that knows the grouping: replace it when forums get their parent in the data.
LANES: dict[str, tuple[str, ...]] = {
    "un": (
        "un", "unga", "hrc", "unsc", "un-secretary-general", "unog", "un-ceb", "unesco",
        "unesco-general-conference", "unesco-aheg", "itu", "wmo", "ifad", "hlpdc", "hlab-ai",
        "independent-international-scientific-panel-ai",
    ),
    "eu": ("european-union", "european-commission", "european-parliament", "council-of-the-eu", "ai-office"),
    "coe": ("coe", "coe-committee-of-ministers", "cahai"),
    "oecd": ("oecd", "gpai"),
    "g7g20": ("g7", "g20", "hiroshima-ai-process-friends-group"),
    "summits": (),
    "other": (),
}  # fmt: skip
_LANE_OF_BODY = {body: lane for lane, bodies in LANES.items() for body in bodies}
_LANE_OF_KIND = {"summit": "summits"}


def lane_of(event: Event) -> str:
    """The lane (a key of LANES) an event is drawn in."""
    if event.body in _LANE_OF_BODY:
        return _LANE_OF_BODY[event.body]
    return _LANE_OF_KIND.get(event.kind, "other")
