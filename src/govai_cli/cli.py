"""The govai command line: each command reads its options, runs one query and emits the result.

Errors of every kind become a message on stderr and an exit code in one place, ``_Group``.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__, i18n, query, understand
from . import search as search_module
from .errors import ExitCode, GovaiError
from .language import error_lang, lang_from_argv
from .options import ActorsAsked, Asked, Data, LimitOpt, Out, completion, note, warn, with_options
from .output import ActorsResult, RecordResult, SearchResult, TimelineResult, write_explanation, write_json
from .schema import SCHEMA_TARGETS, data_schema
from .textnorm import safe

SEARCH_LIMIT = 50


def _fail(message: str, code: int) -> NoReturn:
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"govai: {safe(line)}\n")
    raise typer.Exit(code)


class _Group(TyperGroup):
    """Turns every domain error into its message on stderr and its exit code: the one place.

    Usage and not-found errors follow --lang (GOVAI_LANG, the locale); a data file's problems
    (exit 1, file:line: message) stay in English, like a compiler's.
    """

    def invoke(self, ctx: Any) -> Any:
        lang = error_lang(lang_from_argv([*getattr(ctx, "_protected_args", ()), *ctx.args]))
        try:
            return super().invoke(ctx)
        except GovaiError as exc:
            if exc.exit_code == ExitCode.INVALID_DATA:
                _fail(exc.message, exc.exit_code)
            _fail(i18n.message("error", lang, text=exc.text(lang)), exc.exit_code)
        except KeyboardInterrupt:
            _fail(i18n.message("interrupted", lang), ExitCode.INTERRUPTED)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            _fail(i18n.message("error", lang, text=str(exc.strerror or exc)), ExitCode.INVALID_DATA)
        except Exception as exc:
            if os.environ.get("GOVAI_DEBUG") or os.environ.get("TYPER_STANDARD_TRACEBACK"):
                raise
            _fail(i18n.message("internal", lang, name=type(exc).__name__), ExitCode.INVALID_DATA)


app = typer.Typer(
    cls=_Group,
    name="govai",
    help=(
        "Facts of international AI governance, offline, in French and English: what was decided, "
        "when, by whom, with a source behind every fact.\n\n"
        "\b\nExamples:\n"
        "  govai timeline --from 2024 --to 2024\n"
        '  govai search "égalité des sexes"\n'
        "  govai actors --country Chine\n"
        "  govai show ares-78-311\n\n"
        "Shell completion: govai --install-completion (bash, zsh, fish, PowerShell), then open a new shell."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Grouping(StrEnum):
    year = "year"
    body = "body"


# The choices of --for, from the schema. Those of export's --format and cite's --style are
# checked by the export registry itself, which only those two commands import.
SchemaTarget = StrEnum("SchemaTarget", [(name, name) for name in SCHEMA_TARGETS])  # type: ignore[misc]
ALL_FILES = SchemaTarget("all")

GroupOpt = Annotated[
    Grouping | None,
    typer.Option("--group", help="Rows of the table by year (the default) or by forum (body).", show_default=False),
]
TextArg = Annotated[str, typer.Argument(help='Words to find (all of them); "quoted phrase" for words in order.')]
SearchLimitOpt = Annotated[int, typer.Option("--limit", min=1, help="At most N results.")]
ExactOpt = Annotated[bool, typer.Option("--exact", help="Accents count: « é » no longer matches « e ».")]
ExplainOpt = Annotated[bool, typer.Option("--explain", help="Print (on stderr) how the search was read.")]
RecordArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An event, actor, source or topic: its id, a symbol (A/RES/78/311, 78/311) or a name (Fu Cong, UNESCO).",
        autocompletion=completion("id"),
    ),
]
CitedArg = Annotated[str, typer.Argument(metavar="ID", help="Id of a source, or of an event to cite its sources.")]
PathsArg = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders to check (default: --data, else the bundled data).")
]
OutputOpt = Annotated[
    Path,
    typer.Option("--output", "-o", help="File to write; - for standard output (with --format).", show_default=False),
]
ExportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="sqlite (Datasette), timelinejs (TimelineJS3 JSON), ics (iCalendar) or html (a page to share); "
        "default: from the file name (.sqlite/.db, .json, .ics, .html).",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
StyleOpt = Annotated[str, typer.Option("--style", help="bibtex, ris or apa.")]
SchemaTargetOpt = Annotated[
    SchemaTarget,
    typer.Option(
        "--for",
        help="all (any data file), event (events/*.yaml), actors, sources, topics, or data (a single --data file).",
    ),
]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"govai {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """govai: the facts of international AI governance."""


@app.command()
@with_options
def timeline(data: Data, asked: Asked, out: Out, group: GroupOpt = None, limit: LimitOpt = None) -> None:
    """Every event, oldest first: a caption, a strip of events per year, a table grouped by year.

    \b
    Examples:
      govai timeline --from "juillet 2024" --to 2024-12 --lang en
      govai timeline --country Chine --group body
      govai timeline --format csv --fields id,date,title > events.csv
    """
    language, dataset = data.language, data.load()
    filters = asked.filters(dataset)
    found = query.timeline(dataset, filters)
    out.emit(TimelineResult(dataset, filters, tuple(found[:limit]), len(found), group), language)


@app.command()
@with_options
def search(
    text: TextArg, data: Data, asked: Asked, out: Out, limit: SearchLimitOpt = SEARCH_LIMIT,
    exact: ExactOpt = False, explain: ExplainOpt = False,
) -> None:  # fmt: skip
    """Search titles, summaries, facts, quotes, symbols, actors and topics in both languages.

    Accents, case and ligatures never matter (egalite finds « Égalité », oeuvre finds « œuvre »);
    words are all required, "quoted phrases" keep their order, -word excludes, OR widens.
    Topics bridge the languages: gender equality also finds « égalité des sexes ».

    \b
    Examples:
      govai search "égalité des sexes" --from 2024
      govai search "gender equality" --format json
      govai search IA --format csv --fields id,date,title,score > results.csv
    """
    language, index = data.language, data.index()
    filters = asked.filters_of(index)
    if explain:
        write_explanation(sys.stderr, search_module.explain(index.aux_dataset(), text), language)
    found = understand.find(index, text, filters, limit=limit, lang=language, exact=exact)
    hits = tuple(found.hits)
    out.emit(SearchResult(found.dataset, filters, text, hits, found.total, found.corrected, found.partial), language)


@app.command()
@with_options
def actors(data: Data, asked: ActorsAsked, out: Out, limit: LimitOpt = None) -> None:
    """People, states and organizations, with their roles and how many events they appear in.

    The event filters (--from, --to, --body, --actor, --topic, an event --kind) keep the actors
    of the events they select, and the count is of those events.

    \b
    Examples:
      govai actors --country Chine
      govai actors --kind person --body CDH --lang en
      govai actors --format md > actors.md
    """
    language, dataset = data.language, data.load()
    filters, actor_kind = asked.filters(dataset)
    found = query.actors(dataset, filters, actor_kind)
    out.emit(ActorsResult(dataset, filters, tuple(found[:limit]), len(found), actor_kind), language)


@app.command()
@with_options
def show(record_id: RecordArg, data: Data, out: Out) -> None:
    """One event, actor, source or topic in full, with every fact and its source.

    An actor comes with the events they appear in, oldest first.

    \b
    Examples:
      govai show ares-78-311
      govai show fu-cong --lang en
      govai show ares-78-311 --format json --fields id,date,title,sources
    """
    language, dataset = data.language, data.load()
    record = query.get_record(dataset, record_id)
    out.emit(RecordResult(dataset, record, tuple(query.events_citing(dataset, record))), language, notes=False)


@app.command()
@with_options
def validate(data: Data, paths: PathsArg = None) -> None:
    """Check a dataset; print every problem as file:line: message (exit 1 if any).

    The problems are in English whatever --lang says; the closing count follows it.

    \b
    Examples:
      govai validate my-data/
      govai validate --data extra.yaml
    """
    from .dataset import load_dataset  # the YAML reader (~20 ms): a run served from the cache never needs it

    language = data.language
    loaded = load_dataset(paths or data.data_paths())
    warn(loaded.warnings)
    ds = loaded.dataset
    counts = {"events": ds.events, "actors": ds.actors, "sources": ds.sources, "topics": ds.topics, "files": ds.files}
    note(i18n.message("validate.ok", language, **{n: i18n.plural(n, len(v), language) for n, v in counts.items()}))


@app.command()
@with_options
def info(data: Data, out: Out) -> None:
    """The dataset: version, content hash, counts by kind and year, title status, date range.

    \b
    Examples:
      govai info --lang en
      govai info --format json
    """
    out.emit(query.info(data.load(), data.version()), data.language, notes=False)


@app.command()
@with_options
def export(output: OutputOpt, data: Data, asked: Asked, fmt: ExportFormatOpt = None, force: ForceOpt = False) -> None:
    """Write the events (all, or those the filters keep) for Datasette, TimelineJS, a calendar or a web page.

    The file is written whole or not at all, stamped with the dataset version and content hash.

    \b
    Examples:
      govai export --format sqlite -o govai.sqlite && datasette govai.sqlite
      govai export -o govai.ics --kind summit
      govai export --format timelinejs -o govai-timeline.json --from 2020 --lang fr
      govai export -o chronologie.html --lang fr
    """
    from . import export as exports  # the exports' modules (~30 ms): only `export` and `cite` use them

    fmt_name = fmt or exports.format_for(output)
    language, dataset = data.language, data.load()
    filters = asked.filters(dataset)
    content = exports.ExportInput(
        dataset, tuple(query.timeline(dataset, filters)), language, data.version(), filters.describe()
    )
    report = exports.write_export(fmt_name, output, content, force=force, stdout=sys.stdout.buffer)
    if report.skipped:
        note(i18n.label("export.ics_skipped", language).format(count=report.skipped))
    shown = i18n.label("export.stdout", language) if output == exports.STDOUT else output
    note(i18n.label("export.written", language).format(count=report.written, path=shown))


@app.command()
@with_options
def cite(record_id: CitedArg, data: Data, style: StyleOpt = "bibtex") -> None:
    """Citation of a source, or of every source of an event, as BibTeX, RIS or APA.

    \b
    Examples:
      govai cite hrc56-joint-statement-ai-women --style apa --lang en
      govai cite un-press-ga12612-en --style bibtex
    """
    from .export import citations  # the exports' modules (~30 ms): only `export` and `cite` use them

    language, dataset = data.language, data.load()
    sources = citations.cited_sources(dataset, query.get_record(dataset, record_id))
    if not sources:
        note(i18n.label("cite.no_sources", language).format(id=record_id))
    sys.stdout.write(citations.cite(sources, style, language))


@app.command()
def schema(target: SchemaTargetOpt = ALL_FILES) -> None:
    """JSON Schema (draft 2020-12) of the YAML data files, for editors and CI.

    Save it, then start a data file with: # yaml-language-server: $schema=govai.schema.json

    \b
    Examples:
      govai schema > govai.schema.json
      govai schema --for actors > actors.schema.json
    """
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


def main() -> None:
    """Console-script entry point."""
    _degrade_stdout_gracefully(error_lang(lang_from_argv(sys.argv[1:])))
    app(prog_name="govai")


if __name__ == "__main__":  # pragma: no cover
    main()
