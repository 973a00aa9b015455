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
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar

import typer
from msgspec import Struct
from msgspec.structs import asdict

from . import i18n, query
from .cache import Index, answer, open_index
from .errors import Problem
from .files import bundled_data_dir, data_roots, dataset_version
from .language import error_lang, resolve_lang
from .model import EVENT_KINDS, Dataset, Filters
from .output import Format, Result, emit, prepare
from .textnorm import safe

T = TypeVar("T")


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


DataOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        show_default=False,
    ),
]
LangOpt = Annotated[str | None, typer.Option("--lang", show_default=False)]
WithBundledOpt = Annotated[bool, typer.Option("--with-bundled")]
FromOpt = Annotated[
    str | None,
    typer.Option("--from"),
]
ToOpt = Annotated[str | None, typer.Option("--to")]
BodyOpt = Annotated[
    str | None,
    typer.Option(
        "--body",
        autocompletion=completion("forum"),
    ),
]
BodyOnlyOpt = Annotated[bool, typer.Option("--body-only")]
TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        autocompletion=completion("topic"),
    ),
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1)]


def note(message: str) -> None:
    """One line for the reader on stderr (what was written, what was not found)."""
    sys.stderr.write(f"govai: {message}\n")


def warn(problems: tuple[Problem, ...], lang: str) -> None:
    """A data file's warnings (in English, like its problems), each after a word in ``lang``."""
    for problem in problems:
        sys.stderr.write(f"govai: {i18n.message('warning', lang, text=safe(str(problem)))}\n")


class Pack(Struct, frozen=True):
    """Options that travel together; a subclass is a frozen record with OPTIONS for Typer."""

    OPTIONS: ClassVar[dict[str, Any]]  # name → its Annotated type; each defaults to the field's default


class Data(Pack, frozen=True):
    """--data, --with-bundled and --lang: which dataset, and in which language to speak."""

    paths: list[Path] | None = None
    lang: str | None = None
    with_bundled: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {"paths": DataOpt, "lang": LangOpt, "with_bundled": WithBundledOpt}

    @property
    def language(self) -> str:
        return resolve_lang(self.lang)

    def data_paths(self, given: list[Path] | None = None) -> list[Path] | None:
        """The data folders and files in use (None: the bundled dataset alone).

        ``given`` (validate's arguments), else --data, else GOVAI_DATA; the bundled folder first
        with --with-bundled, or when GOVAI_DATA (used) starts with ``+``.
        """
        paths, bundled = given or self.paths, self.with_bundled
        if not paths:
            env = os.environ.get("GOVAI_DATA", "")
            bundled = bundled or env.startswith("+")
            paths = [Path(p) for p in env.removeprefix("+").split(os.pathsep) if p.strip()]
        if bundled and paths:
            return [bundled_data_dir(), *paths]
        return paths or None

    def roots(self) -> list[Path]:
        return data_roots(self.data_paths())

    def index(self) -> Index:
        index = open_index(self.data_paths())
        self.show_warnings(index)
        return index

    def answer(self, work: Callable[[Index], T]) -> tuple[Index, T]:
        """The index and ``work`` done on it (``cache.answer``: on a large dataset, done while
        the files are checked)."""
        return answer(self.data_paths(), work, opened=self.show_warnings)

    def show_warnings(self, index: Index) -> None:
        """The data's warnings, on stderr in the reader's language."""
        warn(index.warnings, error_lang(self.lang))

    def load(self) -> Dataset:
        return self.index().load().dataset

    def version(self) -> str | None:
        return dataset_version(self.data_paths())


class Asked(Pack, frozen=True):
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
            typer.Option("--country", autocompletion=completion("country")),
        ],
        "body": BodyOpt,
        "actor": Annotated[
            str | None,
            typer.Option("--actor", autocompletion=completion("actor")),
        ],
        "topic": TopicOpt,
        "kind": Annotated[
            str | None,
            typer.Option("--kind", autocompletion=completion("kind")),
        ],
        "body_only": BodyOnlyOpt,
    }

    def filters(self, dataset: Dataset) -> Filters:
        return query.build_filters(dataset, **asdict(self))

    def filters_of(self, index: Index) -> Filters:
        """The filters; the actors and topics are read only when a filter is asked for."""
        if all(v is None or v is False for v in asdict(self).values()):  # (--body-only alone does nothing)
            return Filters()
        return self.filters(index.aux_dataset())


class ActorsAsked(Pack, frozen=True):
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
                autocompletion=completion("country"),
            ),
        ],
        "kind": Annotated[
            str | None,
            typer.Option(
                "--kind",
            ),
        ],
        "date_from": FromOpt,
        "date_to": ToOpt,
        "body": BodyOpt,
        "actor": Annotated[str | None, typer.Option("--actor")],
        "topic": TopicOpt,
        "body_only": BodyOnlyOpt,
    }

    def filters(self, dataset: Dataset) -> tuple[Filters, str | None]:
        return query.actor_filters(dataset, **asdict(self))


class Out(Pack, frozen=True):
    """--format, --fields and --raw-csv: how the result is written."""

    fmt: Format = Format.table
    fields: str | None = None
    raw_csv: bool = False
    no_pager: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {
        "fmt": Annotated[
            Format,
            typer.Option(
                "--format",
            ),
        ],
        "fields": Annotated[
            str | None,
            typer.Option(
                "--fields",
                show_default=False,
            ),
        ],
        "raw_csv": Annotated[
            bool,
            typer.Option(
                "--raw-csv",
            ),
        ],
        "no_pager": Annotated[bool, typer.Option("--no-pager")],
    }

    def prepare(self) -> None:
        """What ``emit`` will import, imported now (``output.prepare``)."""
        prepare(self.fmt)

    def emit(self, result: Result, lang: str, *, notes: bool = True) -> None:
        """``result`` on stdout; with ``notes``, what a reader should know (nothing found…) on stderr."""
        shown = sys.stderr if notes else None
        emit(
            result, self.fmt, sys.stdout, lang, fields=self.fields, raw_csv=self.raw_csv, notes=shown,
            pager=not self.no_pager, compact=getattr(self, "compact", False),
        )  # fmt: skip


class ListOut(Out, frozen=True):
    """Out, and --compact: the output of the commands that list rows (timeline, search, actors, topics)."""

    compact: bool = False
    OPTIONS: ClassVar[dict[str, Any]] = {
        **Out.OPTIONS,
        "compact": Annotated[bool, typer.Option("--compact")],
    }


def with_options(command: Callable[..., None]) -> Callable[..., None]:
    """Let Typer see each Pack parameter of ``command`` as the pack's own options."""
    signature = inspect.signature(command, eval_str=True)
    packs = {p.name: p.annotation for p in signature.parameters.values() if _is_pack(p.annotation)}
    kept = [p for p in signature.parameters.values() if p.name not in packs]
    added = [
        inspect.Parameter(f"{pack_name}__{name}", inspect.Parameter.KEYWORD_ONLY, default=default,
                          annotation=pack.OPTIONS[name])
        for pack_name, pack in packs.items()
        for name, default in _defaults(pack).items()
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


def _defaults(pack: type[Pack]) -> dict[str, Any]:
    """Each option of ``pack`` and its default (every field of a pack has one). Not
    ``msgspec.structs.fields``, which resolves every annotation (~0.3 ms a pack, on every start)."""
    return dict(zip(pack.__struct_fields__, pack.__struct_defaults__, strict=True))


def _is_pack(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Pack)
