"""The govai command line: each command reads its options, runs one query and emits the result.

Errors of every kind become a message on stderr and an exit code in one place, ``_Group``.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import errno
import os
import sys
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.main import get_command_name

from . import __version__, i18n, query, understand
from . import search as search_module
from .cache import Index
from .errors import ExitCode, GovaiError
from .language import error_lang, lang_from_argv, resolve_lang
from .model import Filters
from .options import ActorsAsked, Asked, Data, LangOpt, LimitOpt, ListOut, Out, completion, note, warn, with_options
from .output import (
    ActorsResult,
    RecordResult,
    SearchResult,
    TimelineResult,
    TopicsResult,
    write_explanation,
    write_json,
)
from .schema import SCHEMA_TARGETS, data_schema
from .textnorm import safe

SEARCH_LIMIT = 50


def _closed_pipe() -> NoReturn:
    """The reader of stdout went away (govai timeline | head -1): it read what it wanted, so
    exit 0 without a word, whatever was still to write (which now goes nowhere)."""
    with contextlib.suppress(OSError, ValueError):  # a stdout without a descriptor (tests)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise typer.Exit(ExitCode.OK)


def _fail(message: str, code: int) -> NoReturn:
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"govai: {safe(line)}\n")
    raise typer.Exit(code)


def _usage_fail(exc: typer.TyperException, lang: str, command: str = "govai") -> NoReturn:
    """Click's usage error ``exc`` said as govai's (its help hint names ``command``); any other
    Click exception raised again."""
    from . import usage  # the help texts (~4 ms): only a help page or a usage error needs them

    if not usage.is_usage_error(exc):
        raise exc
    _fail(i18n.message("error", lang, text=usage.usage_text(exc, lang, command)), ExitCode.USAGE)


_LANG = "govai.lang"  # the reader's language, in the Click context's meta


class _Group(TyperGroup):
    """Turns every error into its message on stderr and its exit code: the one place.

    Usage, not-found and Click's own usage errors follow --lang (GOVAI_LANG, the locale), and so
    does --help; a data file's problems (exit 1, file:line: message) stay in English, like a
    compiler's, and only their count follows it.
    """

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        lang = error_lang(lang_from_argv(args))
        if not args or "--help" in args or "-h" in args:  # a help page: govai alone, or asked for
            from . import usage  # the help texts (~4 ms): only a help page or a usage error needs them

            usage.localize(self, lang)
        try:
            ctx = super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:  # --help | head -1
            _closed_pipe()
        except typer.TyperException as exc:
            _usage_fail(exc, lang)
        ctx.meta[_LANG] = lang
        return ctx

    def invoke(self, ctx: Any) -> Any:
        typed = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        lang, command = ctx.meta.get(_LANG) or error_lang(None), " ".join([ctx.command_path, *typed[:1]])
        try:
            return super().invoke(ctx)
        except GovaiError as exc:
            key = "error" if exc.exit_code != ExitCode.INVALID_DATA else None
            _fail(i18n.message(key, lang, text=exc.text(lang)) if key else exc.text(lang), exc.exit_code)
        except KeyboardInterrupt:
            _fail(i18n.message("interrupted", lang), ExitCode.INTERRUPTED)
        except SystemExit:  # Rich's answer to a closed pipe (govai's own code never exits so)
            _closed_pipe()
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as exc:
            _usage_fail(exc, lang, command)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _closed_pipe()
            _fail(i18n.message("error", lang, text=str(exc.strerror or exc)), ExitCode.INVALID_DATA)
        except Exception as exc:
            if os.environ.get("GOVAI_DEBUG") or os.environ.get("TYPER_STANDARD_TRACEBACK"):
                raise
            _fail(i18n.message("internal", lang, name=type(exc).__name__), ExitCode.INVALID_DATA)


app = typer.Typer(
    cls=_Group,
    name="govai",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Grouping(StrEnum):
    year = "year"
    body = "body"


class Lanes(StrEnum):  # export --group: the choices of export.lanes.GROUPINGS (a test holds them equal)
    top = "top"
    forum = "forum"
    none = "none"


# The choices of --for, from the schema. Those of export's --format and cite's --style are
# checked by the export registry itself, which only those two commands import.
SchemaTarget = StrEnum("SchemaTarget", [(name, name) for name in SCHEMA_TARGETS])  # type: ignore[misc]
ALL_FILES = SchemaTarget("all")

SortOrder = StrEnum("SortOrder", [(name.replace("-", "newest_"), name) for name in query.SORT_ORDERS])  # type: ignore[misc]
SortOpt = Annotated[
    SortOrder | None,
    typer.Option("--sort", show_default=False),
]
LatestOpt = Annotated[int | None, typer.Option("--latest", min=1)]
GroupOpt = Annotated[
    Grouping | None,
    typer.Option("--group", show_default=False),
]
TextArg = Annotated[str, typer.Argument()]
SearchLimitOpt = Annotated[int, typer.Option("--limit", min=1)]
ExactOpt = Annotated[bool, typer.Option("--exact")]
ExplainOpt = Annotated[bool, typer.Option("--explain")]
RecordArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        autocompletion=completion("id"),
    ),
]
CitedArg = Annotated[str, typer.Argument(metavar="ID")]
PathsArg = Annotated[list[Path] | None, typer.Argument()]
OutputOpt = Annotated[
    Path,
    typer.Option("--output", "-o", show_default=False),
]
ExportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force")]
LanesOpt = Annotated[Lanes | None, typer.Option("--group", show_default=False)]
StyleOpt = Annotated[str, typer.Option("--style")]
SchemaTargetOpt = Annotated[
    SchemaTarget,
    typer.Option(
        "--for",
    ),
]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"govai {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
    lang: LangOpt = None,
) -> None:
    """govai: the facts of international AI governance (each --help is in help_texts, both languages)."""
    if lang:  # govai --lang en timeline: as timeline --lang en, which still wins when also given
        resolve_lang(lang)
        ctx.default_map = {name: {"data__lang": lang} for name in getattr(ctx.command, "commands", ())}


@app.command()
@with_options
def timeline(
    data: Data, asked: Asked, out: ListOut, group: GroupOpt = None, limit: LimitOpt = None, sort: SortOpt = None,
    latest: LatestOpt = None,
) -> None:  # fmt: skip
    """Every event, oldest first: a caption, a strip of events per year, a table grouped by year."""
    language, dataset = data.language, data.load()
    filters = asked.filters(dataset)
    found = query.timeline(dataset, filters, "-date" if latest else sort)
    shown = found[: min(latest or len(found), limit or len(found))]
    out.emit(TimelineResult(dataset, filters, tuple(shown), len(found), group), language)


@app.command()
@with_options
def search(
    text: TextArg, data: Data, asked: Asked, out: ListOut, limit: SearchLimitOpt = SEARCH_LIMIT,
    exact: ExactOpt = False, explain: ExplainOpt = False, sort: SortOpt = None,
) -> None:  # fmt: skip
    """Search titles, summaries, facts, quotes, symbols, actors and topics in both languages."""
    language = data.language

    def searched(index: Index) -> tuple[Filters, understand.Found]:  # only reads: done while files are checked
        filters = asked.filters_of(index)
        found = understand.find(index, text, filters, limit=limit, lang=language, exact=exact)
        out.prepare()
        return filters, found

    index, (filters, found) = data.answer(searched)
    if explain:
        write_explanation(sys.stderr, search_module.explain(index.aux_dataset(), text, found.hits), language)
    hits = tuple(query.sorted_by(found.hits, sort, attrgetter("event")))  # by relevance unless --sort
    out.emit(SearchResult(found.dataset, filters, text, hits, found.total, found.corrected, found.partial), language)


@app.command()
@with_options
def actors(data: Data, asked: ActorsAsked, out: ListOut, limit: LimitOpt = None) -> None:
    """People, states and organizations, with their roles and how many events they appear in."""
    language, dataset = data.language, data.load()
    filters, actor_kind = asked.filters(dataset)
    found = query.actors(dataset, filters, actor_kind)
    out.emit(ActorsResult(dataset, filters, tuple(found[:limit]), len(found), actor_kind), language)


@app.command()
@with_options
def topics(data: Data, out: Out) -> None:
    """The topics: id, label in the reader's language, and how many events carry each."""
    language, dataset = data.language, data.load()
    out.emit(TopicsResult(dataset, tuple(query.topics(dataset))), language)


@app.command()
@with_options
def show(record_id: RecordArg, data: Data, out: Out, sort: SortOpt = None) -> None:
    """One event, actor, source or topic in full, with every fact and its source."""
    language, dataset = data.language, data.load()
    record = query.get_record(dataset, record_id)
    events = tuple(query.events_citing(dataset, record, sort))
    out.emit(RecordResult(dataset, record, events), language, notes=False)


@app.command()
@with_options
def validate(data: Data, paths: PathsArg = None) -> None:
    """Check a dataset; print every problem as file:line: message (exit 1 if any)."""
    from .dataset import load_dataset  # the YAML reader (~20 ms): a run served from the cache never needs it

    language = data.language
    loaded = load_dataset(data.data_paths(paths))
    warn(loaded.warnings, language)
    ds = loaded.dataset
    counts = {"events": ds.events, "actors": ds.actors, "sources": ds.sources, "topics": ds.topics, "files": ds.files}
    note(i18n.message("validate.ok", language, **{n: i18n.plural(n, len(v), language) for n, v in counts.items()}))


@app.command()
@with_options
def info(data: Data, out: Out) -> None:
    """The dataset: version, content hash, counts by kind and year, title status, date range."""
    out.emit(query.info(data.load(), data.version(), data.roots()), data.language, notes=False)


@app.command()
@with_options
def export(
    output: OutputOpt, data: Data, asked: Asked, fmt: ExportFormatOpt = None, group: LanesOpt = None,
    force: ForceOpt = False,
) -> None:  # fmt: skip
    """Write the events (all, or those the filters keep) for other tools, or their bibliography."""
    from . import export as exports  # the exports' modules (~30 ms): only `export` and `cite` use them

    fmt_name = fmt or exports.format_for(output)
    language, dataset = data.language, data.load()
    filters = asked.filters(dataset)
    events = tuple(query.timeline(dataset, filters))
    content = exports.ExportInput(dataset, events, language, data.version(), filters.describe(), group=group)
    report = exports.write_export(fmt_name, output, content, force=force, stdout=sys.stdout.buffer)
    for line in exports.report_notes(report, output, language):
        note(line)


@app.command()
@with_options
def cite(record_id: CitedArg, data: Data, style: StyleOpt = "bibtex") -> None:
    """Citation of a source, or of an event: its document (A/RES/78/311…) first, then its sources."""
    from .export import citations  # the exports' modules (~30 ms): only `export` and `cite` use them

    language = data.language
    citations.cite((), style, language)  # an unknown --style is a usage error, before any lookup
    dataset = data.load()
    works = citations.cited_works(dataset, query.get_record(dataset, record_id), language)
    if not works:
        note(i18n.label("cite.no_sources", language).format(id=record_id))
    sys.stdout.write(citations.cite(works, style, language))


@app.command()
def schema(target: SchemaTargetOpt = ALL_FILES) -> None:
    """JSON Schema (draft 2020-12) of the YAML data files, for editors and CI."""
    write_json(data_schema(target.value), sys.stdout)


def _escape_unencodable(lang: str) -> Any:
    """A codec error handler: each character stdout cannot encode becomes ``\\uXXXX``.

    That is valid inside JSON strings (so ``--format json`` stays exact) and readable in a
    table; the first time it is needed, one line on stderr says how to get the real text.
    """
    hinted: list[bool] = []

    def escape(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        if not hinted:
            hinted.append(True)
            note(i18n.message("encoding", lang, encoding=exc.encoding))
        escaped = []
        for char in exc.object[exc.start : exc.end]:
            data = char.encode("utf-16-be", "surrogatepass")
            escaped += [f"\\u{int.from_bytes(data[i : i + 2], 'big'):04x}" for i in range(0, len(data), 2)]
        return "".join(escaped), exc.end

    return escape


def _degrade_stdout_gracefully(lang: str) -> None:
    """On a stdout that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale), escape, never crash."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name.startswith("utf") or not hasattr(stream, "reconfigure"):
        return
    codecs.register_error("govai.escape", _escape_unencodable(lang))
    stream.reconfigure(errors="govai.escape")


def _command_in(args: list[str]) -> str | None:
    """The command ``args`` run, when plain to see: the first word, past ``--lang X``; None when
    an option comes first (``--help``, ``--version``) or there is no word."""
    words = iter(args)
    for arg in words:
        if arg == "--lang":
            next(words, None)
        elif not arg.startswith("--lang="):
            return None if arg.startswith("-") else arg
    return None


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` run: Typer builds the options of every command it
    holds, on every run (~30 ms for all ten, ~8 ms for one). The whole app when no known command
    is plain to see (``govai --help``, a typo and its "did you mean", shell completion)."""
    name = _command_in(args)
    kept = [c for c in app.registered_commands if c.callback and get_command_name(c.callback.__name__) == name]
    if not kept:
        return app
    only = copy.copy(app)  # the same app (settings, callback), holding one command
    only.registered_commands = kept
    return only


def main() -> None:
    """Console-script entry point."""
    _degrade_stdout_gracefully(error_lang(lang_from_argv(sys.argv[1:])))
    try:
        app_for(sys.argv[1:])(prog_name="govai")
    finally:  # what is still in stdout's buffer meets a closed pipe only now
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _closed_pipe()


if __name__ == "__main__":  # pragma: no cover
    main()
