"""What every export format shares: its input and report, the atomic write, and the few ways
an event is put into words (its title and sources in one language, what it refers to).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from govai_cli import __version__
from govai_cli.errors import UsageError
from govai_cli.i18n import label
from govai_cli.model import Actor, Dataset, Event, Source, Text, Topic

T = TypeVar("T")


@dataclass(frozen=True)
class ExportInput:
    """What an export holds: the (filtered) events of a dataset, in one language."""

    dataset: Dataset
    events: tuple[Event, ...]
    lang: str
    version: str | None = None  # the bundled dataset's version; None for user data
    filters: dict[str, str] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    group: str | None = None  # how a chronology groups events (a key of lanes.GROUPINGS); None: not asked

    @property
    def dataset_version(self) -> str:
        return self.version or "user data"

    def stamp(self) -> dict[str, Any]:
        """Where the data comes from, written into every export."""
        return {
            "generator": f"govai {__version__}",
            "dataset_version": self.dataset_version,
            "content_hash": self.dataset.content_hash,
            "lang": self.lang,
            "filters": dict(sorted(self.filters.items())),
        }

    def stamp_line(self) -> str:
        return label("export.stamp", self.lang).format(
            version=self.version or label("info.user_data", self.lang), hash=self.dataset.content_hash
        )


@dataclass(frozen=True)
class ExportReport:
    written: int  # events written (or what ``noun`` says)
    skipped: int = 0  # events a format cannot hold (iCalendar: not dated to the day)
    noun: str = "export.written"  # the label of the closing note: what ``written`` counts


Writer = Callable[[ExportInput, Path], ExportReport]


# ---------------------------------------------------------------- atomic writes


def refuse_folder(target: Path) -> None:
    if target.is_dir():
        raise UsageError.of("export.is_folder", target=target, example=target / "govai.sqlite")


def _check_target(target: Path, force: bool) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise UsageError.of("export.no_folder", target=target, folder=folder)
    refuse_folder(target)
    if os.path.lexists(target) and not force:
        raise UsageError.of("export.exists", target=target)


def _file_mode() -> int:
    """The mode a newly created file gets under the current umask (mkstemp's 0600 is too tight)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(target: Path, write: Callable[[Path], T], *, force: bool = False) -> T:
    """Run ``write`` on a temporary file beside ``target``, then rename it into place.

    Whatever stops ``write`` (an error, Ctrl-C) removes the temporary file, and ``target``
    is left as it was: absent, or whole.
    """
    _check_target(target, force)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        result = write(temporary)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _file_mode())
        os.replace(temporary, target)
    except BaseException:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            leftover.unlink(missing_ok=True)
        raise
    return result


# ---------------------------------------------------------------- an event in words


def text_in(text: Text | None, lang: str) -> str | None:
    """``text`` in ``lang``, else in the other language; None if there is none."""
    got = text.get(lang) if text else None
    return got[0] if got else None


def heading(key: str, lang: str) -> str:
    """``Sources :`` in French typography, ``Sources:`` in English."""
    return label(key, lang) + (" :" if lang == "fr" else ":")


def event_title(event: Event, lang: str) -> str:
    return text_in(event.title.text(), lang) or event.id


def actor_name(actor: Actor, lang: str) -> str:
    return text_in(actor.name, lang) or actor.id


def event_sources(dataset: Dataset, event: Event) -> list[Source]:
    """The sources of ``event`` the dataset holds, once each, in the order the event lists them."""
    return [dataset.sources_by_id[s] for s in dict.fromkeys(event.sources) if s in dataset.sources_by_id]


def source_name(source: Source, lang: str) -> str:
    """How a source is named beside an event: its publisher, else its title or description."""
    return source.publisher or source.label(lang)


def referenced(dataset: Dataset, events: Iterable[Event]) -> tuple[list[Actor], list[Source], list[Topic]]:
    """The actors, sources and topics ``events`` refer to, and those these actors refer to, by id."""
    actor_ids: set[str] = set()
    source_ids: set[str] = set()
    topic_ids: set[str] = set()
    for event in events:
        actor_ids.update(event.actor_ids)
        source_ids.update(event.cited_source_ids)
        topic_ids.update(event.topics)
    pending = sorted(actor_ids)
    while pending:
        actor = dataset.actors_by_id.get(pending.pop())
        if actor is None:
            continue
        source_ids.update(actor.sources)
        source_ids.update(f.source for f in actor.facts)
        for role in actor.roles:
            if role.source:
                source_ids.add(role.source)
            if role.organization and role.organization not in actor_ids:
                actor_ids.add(role.organization)
                pending.append(role.organization)
    return (
        [a for a in dataset.actors if a.id in actor_ids],
        [s for s in dataset.sources if s.id in source_ids],
        [t for t in dataset.topics if t.id in topic_ids],
    )
