"""The command line's shared options, declared once and handed to a command as small packs.

A command names a pack in its signature (``data: Data``, ``asked: Asked``, ``out: Out``);
``@with_options`` replaces that parameter by the pack's options for Typer, and calls the
command with the pack built from what was typed. So ``--from`` … ``--kind`` are written once,
and a command function holds only what is its own.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any, ClassVar

import typer

from . import query
from .cache import Index, open_index
from .errors import Problem
from .files import dataset_version
from .language import resolve_lang
from .model import EVENT_KINDS, Dataset, Filters
from .output import Format, Result, emit
from .textnorm import safe


def completion(kind: str) -> Callable[[str], list[str]]:
    """Shell completion for a value naming ``kind``: ``forum``, ``actor``, ``topic``, ``kind``,
    ``country`` or ``id`` (any record), from the dataset in use (bundled, or GOVAI_DATA)."""

    def complete(incomplete: str) -> list[str]:
        try:
            values = _completions(kind)
        except Exception:
            return []
        return sorted(v for v in values if v.startswith(incomplete))

    return complete


def _completions(kind: str) -> set[str]:
    if kind == "kind":
        return set(EVENT_KINDS)
    dataset = open_index(Data().data_paths()).load().dataset
    if kind == "forum":
        return {a.id for a in dataset.actors if a.kind == "organization"}
    if kind == "actor":
        return {a.id for a in dataset.actors}
    if kind == "topic":
        return {t.id for t in dataset.topics}
    if kind == "country":
        return {a.country for a in dataset.actors if a.kind == "state" and a.country}
    return {*dataset.events_by_id, *dataset.actors_by_id, *dataset.sources_by_id, *dataset.topics_by_id}


DATES_HELP = (
    "A partial date covers its whole period (2024-07 is 1-31 July) and an event matches when its "
    "period overlaps the range, both ends included."
)
DataOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        help="YAML file or folder to use instead of the bundled dataset (repeatable; env GOVAI_DATA, "
        "paths joined by the OS path separator).",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="fr or en (env GOVAI_LANG; else the locale; else fr).", show_default=False)
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help=f"Start date: 2024, 2024-07, 2024-07-01, juillet 2024, 1 July 2024. {DATES_HELP}"),
]
ToOpt = Annotated[str | None, typer.Option("--to", help="End date, same forms as --from.")]
BodyOpt = Annotated[
    str | None,
    typer.Option(
        "--body",
        help="Forum, by id, name or acronym (unga, AG, CDH…), with the forums part of it (UN, ONU…).",
        autocompletion=completion("forum"),
    ),
]
BodyOnlyOpt = Annotated[
    bool, typer.Option("--body-only", help="--body keeps that forum's own events, not those of its parts.")
]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        help="Topic, by id or label (gender-equality, « fracture numérique »…).",
        autocompletion=completion("topic"),
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="At most N rows.")]


def note(message: str) -> None:
    """One line for the reader on stderr (what was written, what was not found)."""
    sys.stderr.write(f"govai: {message}\n")


def warn(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        sys.stderr.write(f"govai: warning: {safe(str(problem))}\n")


class Pack:
    """Options that travel together; a subclass is a frozen dataclass with OPTIONS for Typer."""

    OPTIONS: ClassVar[dict[str, Any]]  # name → its Annotated type; each defaults to the field's default


@dataclass(frozen=True)
class Data(Pack):
    """--data and --lang: which dataset, and in which language to speak."""

    paths: list[Path] | None = None
    lang: str | None = None
    OPTIONS: ClassVar[dict[str, Any]] = {"paths": DataOpt, "lang": LangOpt}

    @property
    def language(self) -> str:
        return resolve_lang(self.lang)

    def data_paths(self) -> list[Path] | None:
        if self.paths:
            return self.paths
        env = os.environ.get("GOVAI_DATA", "")
        return [Path(p) for p in env.split(os.pathsep) if p.strip()] or None

    def index(self) -> Index:
        index = open_index(self.data_paths())
        warn(index.warnings)
        return index

    def load(self) -> Dataset:
        return self.index().load().dataset

    def version(self) -> str | None:
        return dataset_version(self.data_paths())


@dataclass(frozen=True)
class Asked(Pack):
    """The event filters: --from, --to, --country, --body, --actor, --topic, --kind."""

    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    body: str | None = None
    actor: str | None = None
    topic: str | None = None
    kind: str | None = None
    body_only: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {
        "date_from": FromOpt,
        "date_to": ToOpt,
        "country": Annotated[
            str | None,
            typer.Option("--country", help="Country: Chine, China, CN or CHN.", autocompletion=completion("country")),
        ],
        "body": BodyOpt,
        "actor": Annotated[
            str | None,
            typer.Option(
                "--actor", help="Actor, by id or name (fu-cong, « Chen Xu »…).", autocompletion=completion("actor")
            ),
        ],
        "topic": TopicOpt,
        "kind": Annotated[
            str | None,
            typer.Option(
                "--kind", help="Event kind: resolution, statement, summit…", autocompletion=completion("kind")
            ),
        ],
        "body_only": BodyOnlyOpt,
    }

    def filters(self, dataset: Dataset) -> Filters:
        return query.build_filters(dataset, **vars(self))

    def filters_of(self, index: Index) -> Filters:
        """The filters; the actors and topics are read only when a filter is asked for."""
        if all(v is None or v is False for v in vars(self).values()):  # (--body-only alone does nothing)
            return Filters()
        return self.filters(index.aux_dataset())


@dataclass(frozen=True)
class ActorsAsked(Pack):
    """The filters of ``govai actors``: the actors' own country and kind, and event filters."""

    country: str | None = None
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    body: str | None = None
    actor: str | None = None
    topic: str | None = None
    body_only: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {
        "country": Annotated[
            str | None,
            typer.Option(
                "--country",
                help="The actors' own country: Chine, China, CN or CHN.",
                autocompletion=completion("country"),
            ),
        ],
        "kind": Annotated[
            str | None,
            typer.Option(
                "--kind",
                help="person, state or organization; or an event kind (resolution…): the actors of such events.",
            ),
        ],
        "date_from": FromOpt,
        "date_to": ToOpt,
        "body": BodyOpt,
        "actor": Annotated[
            str | None, typer.Option("--actor", help="Actor, by id or name: the actors of the events they appear in.")
        ],
        "topic": TopicOpt,
        "body_only": BodyOnlyOpt,
    }

    def filters(self, dataset: Dataset) -> tuple[Filters, str | None]:
        return query.actor_filters(dataset, **vars(self))


@dataclass(frozen=True)
class Out(Pack):
    """--format, --fields and --raw-csv: how the result is written."""

    fmt: Format = Format.table
    fields: str | None = None
    raw_csv: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {
        "fmt": Annotated[
            Format,
            typer.Option(
                "--format",
                help="table for people; json, ndjson or csv for programs (never colour, never wrapped); "
                "md for a Markdown table with its caption.",
            ),
        ],
        "fields": Annotated[
            str | None,
            typer.Option(
                "--fields",
                help="Columns of json, ndjson, csv or md output, comma-separated (id,date,title); "
                "an unknown name lists the valid ones.",
                show_default=False,
            ),
        ],
        "raw_csv": Annotated[
            bool,
            typer.Option(
                "--raw-csv",
                help="Keep CSV cells starting with = + - @ TAB or CR as they are (by default a ' is put "
                "before them, so a spreadsheet does not run them as formulas).",
            ),
        ],
    }

    def emit(self, result: Result, lang: str, *, notes: bool = True) -> None:
        """``result`` on stdout; with ``notes``, what a reader should know (nothing found…) on stderr."""
        shown = sys.stderr if notes else None
        emit(result, self.fmt, sys.stdout, lang, fields=self.fields, raw_csv=self.raw_csv, notes=shown)


def with_options(command: Callable[..., None]) -> Callable[..., None]:
    """Let Typer see each Pack parameter of ``command`` as the pack's own options."""
    signature = inspect.signature(command, eval_str=True)
    packs = {p.name: p.annotation for p in signature.parameters.values() if _is_pack(p.annotation)}
    kept = [p for p in signature.parameters.values() if p.name not in packs]
    added = [
        inspect.Parameter(f"{pack_name}__{f.name}", inspect.Parameter.KEYWORD_ONLY, default=f.default,
                          annotation=pack.OPTIONS[f.name])
        for pack_name, pack in packs.items()
        for f in fields(pack)
    ]  # fmt: skip
    arguments = [p for p in kept if p.default is inspect.Parameter.empty]
    optional = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept if p not in arguments]

    @functools.wraps(command)
    def run(**typed: Any) -> None:
        for pack_name, pack in packs.items():
            prefix = pack_name + "__"
            values = {name.removeprefix(prefix): typed.pop(name) for name in list(typed) if name.startswith(prefix)}
            typed[pack_name] = pack(**values)
        command(**typed)

    parameters = [*arguments, *added, *optional]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def _is_pack(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Pack)
