"""What a data command hands to ``emit``: the records it found and what was asked.

The result types live here, not in ``query``: queries return plain records (events, hits,
actor rows, counts), and what a command shows around them (the filters in a caption, the
total before ``--limit``, the table's grouping) is output's business. A command builds one of
these and ends with one ``emit(result, ...)``. Frozen ``msgspec.Struct`` records, as the
model's: immutable, and cheaper to define at import than named tuples or dataclasses (every
run imports this module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from msgspec import Struct

from govai_cli.model import Actor, Dataset, Event, Filters, Source

if TYPE_CHECKING:
    from govai_cli.query import ActorRow, DatasetInfo, Record, TopicRow
    from govai_cli.search import Hit


class TimelineResult(Struct, frozen=True, order=True):
    """Events in time order; ``total`` counts them before ``--limit``; ``group`` is the table's."""

    dataset: Dataset
    filters: Filters
    events: tuple[Event, ...]
    total: int
    group: str | None = None  # "year" or "body"; None: not asked (by year)


class SearchResult(Struct, frozen=True, order=True):
    """Hits; ``corrected``: the words replaced to find them (typed, used); ``partial``: the hits
    have some of the words, as none has them all."""

    dataset: Dataset
    filters: Filters
    text: str
    hits: tuple[Hit, ...]
    total: int
    corrected: tuple[tuple[str, str], ...] = ()
    partial: bool = False


class ActorsResult(Struct, frozen=True, order=True):
    """Actor rows; ``actor_kind`` is the actor kind asked for (``--kind person``), if any."""

    dataset: Dataset
    filters: Filters
    rows: tuple[ActorRow, ...]
    total: int
    actor_kind: str | None = None


class TopicsResult(Struct, frozen=True, order=True):
    """Topic rows (each with its number of events)."""

    dataset: Dataset
    rows: tuple[TopicRow, ...]


class RecordResult(Struct, frozen=True, order=True):
    """One record in full, with the events citing it (an actor's, a source's, a topic's)."""

    dataset: Dataset
    record: Record
    events: tuple[Event, ...] = ()


# ``govai info`` emits query.DatasetInfo as it is: it needs nothing more. (A string: the query
# types are for annotations only, so output never loads the query layer.)
Result: TypeAlias = "TimelineResult | SearchResult | ActorsResult | TopicsResult | RecordResult | DatasetInfo"


def record_kind(record: Record) -> str:
    """The row kind of a record, as ``contract.FIELDS`` names it."""
    if isinstance(record, Event):
        return "event"
    if isinstance(record, Actor):
        return "actor"
    return "source" if isinstance(record, Source) else "topic"
