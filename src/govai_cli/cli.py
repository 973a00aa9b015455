"""The govai command line: each command parses, runs one query and renders the result."""

from __future__ import annotations

import errno
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from . import search as search_module
from .errors import ExitCode, GovaiError, Problem
from .language import error_lang, lang_from_argv, resolve_lang
from .model import Dataset, Filters
from .output import (
    ActorsResult,
    Format,
    RecordResult,
    SearchResult,
    TimelineResult,
    emit,
    write_explanation,
    write_json,
)
from .textnorm import safe

if TYPE_CHECKING:
    from .cache import Index
SEARCH_LIMIT = 50

# The raw arguments of the running command, for the language of its error lines (set by _Group).
_raw_args: list[str] = []


class Grouping(StrEnum):
    year = "year"
    body = "body"


def _fail(message: str, code: int) -> NoReturn:
    for line in message.splitlines() or [""]:
        sys.stderr.write(f"govai: {safe(line)}\n")
    raise typer.Exit(code)


def _user_lang() -> str:
    """The language of stderr lines: --lang of the command line, else GOVAI_LANG, the locale, fr."""

    return error_lang(lang_from_argv(_raw_args))


def _say(key: str, **params: str) -> str:
    from . import i18n

    return i18n.message(key, _user_lang(), **params)


class _Group(TyperGroup):
    """Turns every domain error into its message on stderr and its exit code: the one place.

    Usage and not-found errors follow --lang (GOVAI_LANG, the locale); a data file's problems
    (exit 1, file:line: message) stay in English, like a compiler's.
    """

    def invoke(self, ctx: Any) -> Any:
        _raw_args[:] = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        try:
            return super().invoke(ctx)
        except GovaiError as exc:
            if exc.exit_code == ExitCode.INVALID_DATA:
                _fail(exc.message, exc.exit_code)
            _fail(_say("error", text=exc.text(_user_lang())), exc.exit_code)
        except KeyboardInterrupt:
            _fail(_say("interrupted"), ExitCode.INTERRUPTED)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            _fail(_say("error", text=str(exc.strerror or exc)), ExitCode.INVALID_DATA)
        except Exception as exc:
            if os.environ.get("GOVAI_DEBUG") or os.environ.get("TYPER_STANDARD_TRACEBACK"):
                raise
            _fail(_say("internal", name=type(exc).__name__), ExitCode.INVALID_DATA)


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
FromOpt = Annotated[
    str | None,
    typer.Option("--from", help=f"Start date: 2024, 2024-07, 2024-07-01, juillet 2024, 1 July 2024. {DATES_HELP}"),
]
ToOpt = Annotated[str | None, typer.Option("--to", help="End date, same forms as --from.")]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="fr or en (env GOVAI_LANG; else the locale; else fr).", show_default=False)
]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="At most N rows.")]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Country: Chine, China, CN or CHN.")]
BodyOpt = Annotated[str | None, typer.Option("--body", help="Forum, by id, name or acronym (unga, AG, CDH…).")]
ActorOpt = Annotated[str | None, typer.Option("--actor", help="Actor, by id or name (fu-cong, « Chen Xu »…).")]
TopicOpt = Annotated[
    str | None, typer.Option("--topic", help="Topic, by id or label (gender-equality, « fracture numérique »…).")
]
KindOpt = Annotated[str | None, typer.Option("--kind", help="Event kind: resolution, statement, summit…")]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        help="table for people; json, ndjson or csv for programs (never colour, never wrapped); "
        "md for a Markdown table with its caption.",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Columns of json, ndjson, csv or md output, comma-separated (id,date,title); "
        "an unknown name lists the valid ones.",
        show_default=False,
    ),
]
RawCsvOpt = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="Keep CSV cells starting with = + - @ TAB or CR as they are (by default a ' is put "
        "before them, so a spreadsheet does not run them as formulas).",
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


def _data_paths(data: list[Path] | None) -> list[Path] | None:
    if data:
        return data
    env = os.environ.get("GOVAI_DATA", "")
    paths = [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return paths or None


def _index(data: list[Path] | None) -> Index:
    from .cache import open_index

    index = open_index(_data_paths(data))
    _warn(index.warnings)
    return index


def _load(data: list[Path] | None) -> Dataset:
    return _index(data).load().dataset


def _prepare(data: list[Path] | None, lang: str | None, **filters: str | None) -> tuple[str, Dataset, Filters]:
    """The language, the dataset and the resolved filters every data command starts from."""
    from . import query

    language = resolve_lang(lang)
    dataset = _load(data)
    return language, dataset, query.build_filters(dataset, **filters)


def _warn(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        sys.stderr.write(f"govai: warning: {safe(str(problem))}\n")


def _note(message: str) -> None:
    sys.stderr.write(f"govai: {message}\n")


@app.command()
def timeline(
    data: DataOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    body: BodyOpt = None,
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.table,
    fields: FieldsOpt = None,
    raw_csv: RawCsvOpt = False,
    group: Annotated[
        Grouping | None,
        typer.Option("--group", help="Rows of the table by year (the default) or by forum (body).", show_default=False),
    ] = None,
    limit: LimitOpt = None,
) -> None:
    """Every event, oldest first: a caption, a strip of events per year, a table grouped by year.

    \b
    Examples:
      govai timeline --from "juillet 2024" --to 2024-12 --lang en
      govai timeline --country Chine --group body
      govai timeline --format csv --fields id,date,title > events.csv
    """
    from . import query

    language, dataset, filters = _prepare(
        data, lang, date_from=date_from, date_to=date_to, country=country, body=body, actor=actor,
        topic=topic, kind=kind,
    )  # fmt: skip
    found = query.timeline(dataset, filters)
    result = TimelineResult(dataset, filters, tuple(found[:limit]), len(found), group.value if group else None)
    emit(result, fmt, sys.stdout, language, fields=fields, raw_csv=raw_csv, notes=sys.stderr)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='Words to find (all of them); "quoted phrase" for words in order.')],
    data: DataOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    body: BodyOpt = None,
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.table,
    fields: FieldsOpt = None,
    raw_csv: RawCsvOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most N results.")] = SEARCH_LIMIT,
    exact: Annotated[bool, typer.Option("--exact", help="Accents count: « é » no longer matches « e ».")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="Print (on stderr) how the search was read.")] = False,
) -> None:
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
    from . import query

    language = resolve_lang(lang)
    index = _index(data)
    filters = query.build_filters(
        index.aux_dataset(), date_from=date_from, date_to=date_to, country=country, body=body, actor=actor,
        topic=topic, kind=kind,
    )  # fmt: skip
    if explain:
        write_explanation(sys.stderr, search_module.explain(index.aux_dataset(), text), language)
    hits, total, dataset = search_module.search(index, text, filters, limit=limit, lang=language, exact=exact)
    result = SearchResult(dataset, filters, text, tuple(hits), total)
    emit(result, fmt, sys.stdout, language, fields=fields, raw_csv=raw_csv, notes=sys.stderr)


@app.command()
def actors(
    data: DataOpt = None,
    country: Annotated[
        str | None, typer.Option("--country", help="The actors' own country: Chine, China, CN or CHN.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="person, state or organization; or an event kind (resolution…): the actors of such events."
        ),
    ] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    body: BodyOpt = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Actor, by id or name: the actors of the events they appear in.")
    ] = None,
    topic: TopicOpt = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.table,
    fields: FieldsOpt = None,
    raw_csv: RawCsvOpt = False,
    limit: LimitOpt = None,
) -> None:
    """People, states and organizations, with their roles and how many events they appear in.

    The event filters (--from, --to, --body, --actor, --topic, an event --kind) keep the actors
    of the events they select, and the count is of those events.

    \b
    Examples:
      govai actors --country Chine
      govai actors --kind person --body CDH --lang en
      govai actors --format md > actors.md
    """
    from . import query

    language = resolve_lang(lang)
    dataset = _load(data)
    filters, actor_kind = query.actor_filters(
        dataset, country=country, kind=kind, date_from=date_from, date_to=date_to, body=body, actor=actor, topic=topic
    )
    found = query.actors(dataset, filters, actor_kind)
    result = ActorsResult(dataset, filters, tuple(found[:limit]), len(found), actor_kind)
    emit(result, fmt, sys.stdout, language, fields=fields, raw_csv=raw_csv, notes=sys.stderr)


@app.command()
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Id of an event, actor, source or topic.")],
    data: DataOpt = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.table,
    fields: FieldsOpt = None,
    raw_csv: RawCsvOpt = False,
) -> None:
    """One event, actor, source or topic in full, with every fact and its source.

    An actor comes with the events they appear in, oldest first.

    \b
    Examples:
      govai show ares-78-311
      govai show fu-cong --lang en
      govai show ares-78-311 --format json --fields id,date,title,sources
    """
    from . import query

    language = resolve_lang(lang)
    dataset = _load(data)
    record = query.get_record(dataset, record_id)
    result = RecordResult(dataset, record, tuple(query.events_citing(dataset, record)))
    emit(result, fmt, sys.stdout, language, fields=fields, raw_csv=raw_csv)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to check (default: --data, else the bundled data).")
    ] = None,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check a dataset; print every problem as file:line: message (exit 1 if any).

    The problems are in English whatever --lang says; the closing count follows it.

    \b
    Examples:
      govai validate my-data/
      govai validate --data extra.yaml
    """
    from . import i18n
    from .dataset import load_dataset

    language = resolve_lang(lang)
    targets = paths or _data_paths(data)
    loaded = load_dataset(targets)
    _warn(loaded.warnings)
    ds = loaded.dataset
    counts = {"events": ds.events, "actors": ds.actors, "sources": ds.sources, "topics": ds.topics, "files": ds.files}
    _note(i18n.message("validate.ok", language, **{n: i18n.plural(n, len(v), language) for n, v in counts.items()}))


@app.command()
def info(
    data: DataOpt = None,
    lang: LangOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """The dataset: version, content hash, counts by kind and year, title status, date range.

    \b
    Examples:
      govai info --lang en
      govai info --format json
    """
    from . import query
    from .files import dataset_version

    language = resolve_lang(lang)
    summary = query.info(_load(data), dataset_version(_data_paths(data)))
    emit(summary, fmt, sys.stdout, language)


class ExportFormat(StrEnum):
    sqlite = "sqlite"
    timelinejs = "timelinejs"
    ics = "ics"
    html = "html"


class CitationStyle(StrEnum):
    bibtex = "bibtex"
    ris = "ris"
    apa = "apa"


class SchemaTarget(StrEnum):
    all = "all"
    event = "event"
    actors = "actors"
    sources = "sources"
    topics = "topics"
    data = "data"


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.", show_default=False)],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            help="sqlite (Datasette), timelinejs (TimelineJS3 JSON), ics (iCalendar) or html (a page to share); "
            "default: from the file name (.sqlite/.db, .json, .ics, .html).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    data: DataOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    country: CountryOpt = None,
    body: BodyOpt = None,
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    kind: KindOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the events (all, or those the filters keep) for Datasette, TimelineJS, a calendar or a web page.

    The file is written whole or not at all, stamped with the dataset version and content hash.

    \b
    Examples:
      govai export --format sqlite -o govai.sqlite && datasette govai.sqlite
      govai export -o govai.ics --kind summit
      govai export --format timelinejs -o govai-timeline.json --from 2020 --lang fr
      govai export -o chronologie.html --lang fr
    """
    from . import export, i18n, query
    from .files import dataset_version

    fmt_name = fmt or export.format_for(output)
    language, dataset, filters = _prepare(
        data,
        lang,
        date_from=date_from,
        date_to=date_to,
        country=country,
        body=body,
        actor=actor,
        topic=topic,
        kind=kind,
    )
    events = tuple(query.timeline(dataset, filters))
    content = export.ExportInput(dataset, events, language, dataset_version(_data_paths(data)), filters.describe())
    report = export.write_export(fmt_name, output, content, force=force)
    if report.skipped:
        _note(i18n.label("export.ics_skipped", language).format(count=report.skipped))
    _note(i18n.label("export.written", language).format(count=report.written, path=output))


@app.command()
def cite(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Id of a source, or of an event to cite its sources.")],
    style: Annotated[CitationStyle, typer.Option("--style", help="bibtex, ris or apa.")] = CitationStyle.bibtex,
    data: DataOpt = None,
    lang: LangOpt = None,
) -> None:
    """Citation of a source, or of every source of an event, as BibTeX, RIS or APA.

    \b
    Examples:
      govai cite hrc56-joint-statement-ai-women --style apa --lang en
      govai cite un-press-ga12612-en --style bibtex
    """
    from . import i18n, query
    from .export import citations

    language = resolve_lang(lang)
    dataset = _load(data)
    sources = citations.cited_sources(dataset, query.get_record(dataset, record_id))
    if not sources:
        _note(i18n.label("cite.no_sources", language).format(id=record_id))
    sys.stdout.write(citations.cite(sources, style.value, language))


@app.command()
def schema(
    target: Annotated[
        SchemaTarget,
        typer.Option(
            "--for",
            help="all (any data file), event (events/*.yaml), actors, sources, topics, or data (a single --data file).",
        ),
    ] = SchemaTarget.all,
) -> None:
    """JSON Schema (draft 2020-12) of the YAML data files, for editors and CI.

    Save it, then start a data file with: # yaml-language-server: $schema=govai.schema.json

    \b
    Examples:
      govai schema > govai.schema.json
      govai schema --for actors > actors.schema.json
    """
    from .schema import data_schema

    write_json(data_schema(target.value), sys.stdout)


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character stdout cannot encode becomes ``\\uXXXX``.

    That is valid inside JSON strings (so ``--format json`` stays exact) and readable in a
    table; the first time it is needed, one line on stderr says how to get the real text.
    """
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    global _escape_hint_shown
    if not _escape_hint_shown:
        _escape_hint_shown = True
        _note(_say("encoding", encoding=exc.encoding))
    escaped = []
    for char in exc.object[exc.start : exc.end]:
        data = char.encode("utf-16-be", "surrogatepass")
        escaped += [f"\\u{int.from_bytes(data[i : i + 2], 'big'):04x}" for i in range(0, len(data), 2)]
    return "".join(escaped), exc.end


_escape_hint_shown = False


def _degrade_stdout_gracefully() -> None:
    """On a stdout that is not UTF-8 (PYTHONIOENCODING=ascii, a Latin-1 locale), escape, never crash."""
    import codecs

    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name.startswith("utf") or not hasattr(stream, "reconfigure"):
        return
    codecs.register_error("govai.escape", _escape_unencodable)
    stream.reconfigure(errors="govai.escape")


def main() -> None:
    """Console-script entry point."""
    _degrade_stdout_gracefully()
    app(prog_name="govai")


if __name__ == "__main__":  # pragma: no cover
    main()
