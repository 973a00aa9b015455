"""The data, handed to the tools people already use: SQLite for Datasette, TimelineJS3 JSON,
iCalendar and citations (BibTeX, RIS, APA).

Writers sit in ``WRITERS``, keyed by format name; each fills one file from an ``ExportInput``
and is stamped with the dataset version and content hash. ``write_export`` writes into a
temporary file beside the target and renames it into place, so an interrupted export never
leaves half a file, and refuses to replace an existing file unless told to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .dates import format_span
from .errors import UsageError
from .i18n import KIND_LABELS, MONTH_NAMES, label
from .model import (
    Actor,
    Dataset,
    Event,
    Fact,
    PartialDate,
    Precision,
    Source,
    Text,
    Topic,
)
from .query import Record
from .render import source_json
from .textnorm import fold

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

    def stamp(self) -> dict[str, Any]:
        """Where the data comes from, written into every export."""
        return {
            "generator": f"govai {__version__}",
            "dataset_version": self.version or "user data",
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
    written: int  # events written
    skipped: int = 0  # events a format cannot hold (iCalendar: not dated to the day)


Writer = Callable[[ExportInput, Path], ExportReport]


def _text(text: Text | None, lang: str) -> str | None:
    got = text.get(lang) if text else None
    return got[0] if got else None


def _heading(key: str, lang: str) -> str:
    """``Sources :`` in French typography, ``Sources:`` in English."""
    return label(key, lang) + (" :" if lang == "fr" else ":")


def _title(event: Event, lang: str) -> str:
    return _text(event.title.text(), lang) or event.id


# ---------------------------------------------------------------- atomic writes


def _check_target(target: Path, force: bool) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise UsageError.of("export.no_folder", target=target, folder=folder)
    if target.is_dir():
        raise _folder_error(target)
    if os.path.lexists(target) and not force:
        raise UsageError.of("export.exists", target=target)


def _folder_error(target: Path) -> UsageError:
    return UsageError.of("export.is_folder", target=target, example=target / "govai.sqlite")


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


def write_export(fmt: str, target: Path, data: ExportInput, *, force: bool = False) -> ExportReport:
    """Write ``data`` as ``fmt`` (a key of WRITERS) to ``target``, atomically."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise UsageError.of("export.unknown_format", fmt=fmt, choices=", ".join(WRITERS))
    return write_atomically(target, lambda path: writer(data, path), force=force)


_SUFFIXES = {".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite", ".json": "timelinejs", ".ics": "ics"}


def format_for(target: Path) -> str:
    """The export format a file name implies (``.sqlite``/``.db``, ``.json``, ``.ics``)."""
    fmt = _SUFFIXES.get(target.suffix.lower())
    if target.is_dir():
        raise _folder_error(target)
    if fmt is None:
        raise UsageError.of(
            "export.no_format", name=target.name, formats="|".join(WRITERS), suffixes=", ".join(_SUFFIXES)
        )
    return fmt


# ---------------------------------------------------------------- SQLite (Datasette)

# Datasette finds the FTS table of `events` by its `content="events"` declaration (the
# double-quoted form) and joins it on rowid; the indexed column holds fold()ed text so that
# `egalite` finds « égalité » and `oeuvre` finds « œuvre ».
SQLITE_SCHEMA = """
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id TEXT PRIMARY KEY, title TEXT, description TEXT, publisher TEXT, published TEXT,
    language TEXT, url TEXT, kind TEXT
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, name_fr TEXT, name_en TEXT,
    short_name_fr TEXT, short_name_en TEXT, aliases TEXT NOT NULL, country TEXT
);
CREATE TABLE actor_roles (
    actor_id TEXT NOT NULL REFERENCES actors(id), position INTEGER NOT NULL,
    title TEXT NOT NULL, title_fr TEXT, title_en TEXT, organization TEXT REFERENCES actors(id),
    date_from TEXT, date_to TEXT, source_id TEXT REFERENCES sources(id),
    PRIMARY KEY (actor_id, position)
);
CREATE TABLE topics (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, label_fr TEXT, label_en TEXT,
    synonyms_fr TEXT NOT NULL, synonyms_en TEXT NOT NULL
);
CREATE TABLE events (
    id TEXT PRIMARY KEY, date TEXT NOT NULL, end_date TEXT, first_day TEXT NOT NULL, last_day TEXT NOT NULL,
    precision TEXT NOT NULL, kind TEXT NOT NULL, body TEXT REFERENCES actors(id), session TEXT, symbol TEXT,
    other_symbols TEXT NOT NULL, title TEXT NOT NULL, title_fr TEXT, title_en TEXT,
    title_status_fr TEXT, title_status_en TEXT, summary TEXT, summary_fr TEXT, summary_en TEXT,
    location_fr TEXT, location_en TEXT, verification TEXT, verification_note TEXT, related TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id), role TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    PRIMARY KEY (event_id, position)
);
CREATE TABLE event_topics (
    event_id TEXT NOT NULL REFERENCES events(id), position INTEGER NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics(id),
    PRIMARY KEY (event_id, position)
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, event_id TEXT REFERENCES events(id), actor_id TEXT REFERENCES actors(id),
    position INTEGER NOT NULL, text TEXT NOT NULL, text_fr TEXT, text_en TEXT,
    source_id TEXT NOT NULL REFERENCES sources(id), quote TEXT,
    CHECK ((event_id IS NULL) <> (actor_id IS NULL))
);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
CREATE INDEX event_topics_topic ON event_topics(topic_id);
CREATE INDEX facts_event ON facts(event_id);
CREATE INDEX facts_actor ON facts(actor_id);
CREATE INDEX facts_source ON facts(source_id);
CREATE INDEX actor_roles_organization ON actor_roles(organization);
CREATE VIRTUAL TABLE events_fts USING fts5(search_text, content="events");
"""


def referenced(dataset: Dataset, events: Iterable[Event]) -> tuple[list[Actor], list[Source], list[Topic]]:
    """The actors, sources and topics ``events`` refer to, and those these actors refer to, by id."""
    actor_ids: set[str] = set()
    source_ids: set[str] = set()
    topic_ids: set[str] = set()
    for event in events:
        actor_ids.update(event.actor_ids)
        source_ids.update(event.sources)
        source_ids.update(f.source for f in event.facts)
        source_ids.update(form.source for form in (event.title.fr, event.title.en) if form and form.source)
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


def search_text(dataset: Dataset, event: Event) -> str:
    """Everything one searches an event by, in both languages, fold()ed."""
    parts = [*event.title.text().values(), *(event.summary.values() if event.summary else ())]
    parts += [event.symbol or "", *event.other_symbols, *(event.location.values() if event.location else ())]
    parts += [s for f in event.facts for s in (*f.text.values(), f.quote or "")]
    for actor_id in event.actor_ids:
        actor = dataset.actors_by_id.get(actor_id)
        if actor is not None:
            parts += [*actor.name.values(), *(actor.short_name.values() if actor.short_name else ()), *actor.aliases]
    for topic_id in event.topics:
        topic = dataset.topics_by_id.get(topic_id)
        if topic is not None:
            parts += [*topic.label.values(), *topic.synonyms_fr, *topic.synonyms_en]
    return "\n".join(fold(p) for p in parts if p)


def _json_list(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _insert(db: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        columns = list(rows[0])
        names, values = ", ".join(columns), ", ".join(f":{c}" for c in columns)
        db.executemany(f"INSERT INTO {table} ({names}) VALUES ({values})", rows)


def _event_row(dataset: Dataset, event: Event, lang: str) -> dict[str, Any]:
    fr, en = event.title.fr, event.title.en
    return {
        "id": event.id,
        "date": event.date.iso(),
        "end_date": _iso(event.end_date),
        "first_day": event.date.first_day().isoformat(),
        "last_day": event.end.last_day().isoformat(),
        "precision": event.date.precision.name.lower(),
        "kind": event.kind,
        "body": event.body,
        "session": event.session,
        "symbol": event.symbol,
        "other_symbols": _json_list(event.other_symbols),
        "title": _title(event, lang),
        "title_fr": fr.text if fr else None,
        "title_en": en.text if en else None,
        "title_status_fr": fr.status if fr else None,
        "title_status_en": en.status if en else None,
        "summary": _text(event.summary, lang),
        "summary_fr": event.summary.fr if event.summary else None,
        "summary_en": event.summary.en if event.summary else None,
        "location_fr": event.location.fr if event.location else None,
        "location_en": event.location.en if event.location else None,
        "verification": event.verification,
        "verification_note": event.verification_note,
        "related": _json_list(event.related),
        "search_text": search_text(dataset, event),
    }


def _actor_row(actor: Actor, lang: str) -> dict[str, Any]:
    short = actor.short_name
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name": _text(actor.name, lang) or actor.id,
        "name_fr": actor.name.fr,
        "name_en": actor.name.en,
        "short_name_fr": short.fr if short else None,
        "short_name_en": short.en if short else None,
        "aliases": _json_list(actor.aliases),
        "country": actor.country,
    }


def _fact_rows(owner: str, owner_id: str, facts: Sequence[Fact], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "event_id": owner_id if owner == "event" else None,
            "actor_id": owner_id if owner == "actor" else None,
            "position": position,
            "text": _text(fact.text, lang) or "",
            "text_fr": fact.text.fr,
            "text_en": fact.text.en,
            "source_id": fact.source,
            "quote": fact.quote,
        }
        for position, fact in enumerate(facts, 1)
    ]


def fill_sqlite(db: sqlite3.Connection, data: ExportInput) -> None:
    """Create the tables and insert ``data``: the whole dataset, or the filtered events and what they refer to."""
    dataset, lang, events = data.dataset, data.lang, data.events
    if data.filters:
        actors, sources, topics = referenced(dataset, events)
    else:
        actors, sources, topics = list(dataset.actors), list(dataset.sources), list(dataset.topics)
    db.executescript(SQLITE_SCHEMA)
    stamp = {k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in data.stamp().items()}
    _insert(db, "metadata", [{"key": k, "value": v} for k, v in sorted(stamp.items())])
    _insert(db, "sources", [source_json(s) for s in sources])
    _insert(db, "actors", [_actor_row(a, lang) for a in actors])
    roles = [
        {
            "actor_id": a.id,
            "position": i,
            "title": _text(r.title, lang) or "",
            "title_fr": r.title.fr,
            "title_en": r.title.en,
            "organization": r.organization,
            "date_from": _iso(r.start),
            "date_to": _iso(r.end),
            "source_id": r.source,
        }
        for a in actors
        for i, r in enumerate(a.roles, 1)
    ]
    _insert(db, "actor_roles", roles)
    _insert(
        db,
        "topics",
        [
            {
                "id": t.id,
                "label": _text(t.label, lang) or t.id,
                "label_fr": t.label.fr,
                "label_en": t.label.en,
                "synonyms_fr": _json_list(t.synonyms_fr),
                "synonyms_en": _json_list(t.synonyms_en),
            }
            for t in topics
        ],
    )
    _insert(db, "events", [_event_row(dataset, e, lang) for e in events])
    links = {
        "event_actors": [
            {"event_id": e.id, "position": i, "actor_id": p.actor_id, "role": p.role}
            for e in events
            for i, p in enumerate(e.actors, 1)
        ],
        "event_sources": [
            {"event_id": e.id, "position": i, "source_id": s}
            for e in events
            for i, s in enumerate(dict.fromkeys(e.sources), 1)
        ],
        "event_topics": [
            {"event_id": e.id, "position": i, "topic_id": t}
            for e in events
            for i, t in enumerate(dict.fromkeys(e.topics), 1)
        ],
    }
    for table, rows in links.items():
        _insert(db, table, rows)
    _insert(db, "facts", [row for e in events for row in _fact_rows("event", e.id, e.facts, lang)])
    _insert(db, "facts", [row for a in actors for row in _fact_rows("actor", a.id, a.facts, lang)])
    # The FTS rows take the events' rowids, read from the content table.
    db.execute("INSERT INTO events_fts(events_fts) VALUES ('rebuild')")


def write_sqlite(data: ExportInput, path: Path) -> ExportReport:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode = MEMORY")
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            fill_sqlite(db, data)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # a bug in ``referenced``, never a user's doing
            raise RuntimeError(f"foreign key violations in the SQLite export: {problems[:5]}")
    return ExportReport(written=len(data.events))


# ---------------------------------------------------------------- TimelineJS3


def _timeline_date(date: PartialDate) -> dict[str, int]:
    """Only what is known: ``{"year": 2024, "month": 7}`` for July 2024."""
    out = {"year": date.year}
    if date.month is not None:
        out["month"] = date.month
        if date.day is not None:
            out["day"] = date.day
    return out


_WEB_URL = re.compile(r"https?://\S+")


def _source_links(dataset: Dataset, event: Event) -> list[str]:
    links = []
    for source_id in dict.fromkeys(event.sources):
        source = dataset.sources_by_id.get(source_id)
        if source is None:
            continue
        name = html.escape(source.publisher or source.label, quote=False)
        if source.url and _WEB_URL.fullmatch(source.url):
            links.append(f'<a href="{html.escape(source.url)}">{name}</a>')
        else:
            links.append(name)
    return links


def timelinejs_slide(dataset: Dataset, event: Event, lang: str) -> dict[str, Any]:
    """One TimelineJS3 slide. ``text`` holds HTML (TimelineJS sanitizes it), so data text is escaped."""
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _timeline_date(event.date)}
    if event.end_date is not None and event.end_date != event.date:
        slide["end_date"] = _timeline_date(event.end_date)
    slide["display_date"] = format_span(event.date, event.end_date, lang)
    body = [f"<p>{html.escape(_text(event.summary, lang) or '', quote=False)}</p>"]
    links = _source_links(dataset, event)
    if links:
        body.append(f"<p>{_heading('sources', lang)} {', '.join(links)}</p>")
    slide["text"] = {"headline": html.escape(_title(event, lang), quote=False), "text": "".join(body)}
    forum = dataset.actors_by_id.get(event.body) if event.body else None
    if forum is not None:
        slide["group"] = _text(forum.name, lang) or forum.id
    return slide


def timelinejs(data: ExportInput) -> dict[str, Any]:
    """A TimelineJS3 document: ``title``, ``events``; ``govai`` (the stamp) is ignored by TimelineJS."""
    return {
        "title": {
            "text": {
                "headline": html.escape(label("export.title", data.lang), quote=False),
                "text": f"<p>{html.escape(data.stamp_line(), quote=False)}</p>",
            }
        },
        "events": [timelinejs_slide(data.dataset, e, data.lang) for e in data.events],
        "govai": data.stamp(),
    }


def write_timelinejs(data: ExportInput, path: Path) -> ExportReport:
    document = timelinejs(data)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportReport(written=len(document["events"]))


# ---------------------------------------------------------------- iCalendar


def day_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last (DTEND is exclusive); None unless known to the day."""
    if event.date.precision != Precision.DAY or event.end.precision != Precision.DAY:
        return None
    return event.date.first_day(), event.end.last_day() + dt.timedelta(days=1)


def calendar_bytes(data: ExportInput) -> tuple[bytes, ExportReport]:
    """An iCalendar file of the events known to the day, as all-day events."""
    import icalendar

    lang, dataset = data.lang, data.dataset
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//govai//govai {__version__}//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", label("export.title", lang))
    calendar.add("x-wr-caldesc", data.stamp_line())
    calendar.add("x-govai-dataset-version", data.version or "user data")
    calendar.add("x-govai-content-hash", dataset.content_hash)
    written = skipped = 0
    for event in data.events:
        span = day_span(event)
        if span is None:
            skipped += 1
            continue
        entry = icalendar.Event()
        entry.add("uid", f"{event.id}@govai")
        entry.add("dtstamp", data.now)
        entry.add("dtstart", span[0])
        entry.add("dtend", span[1])
        entry.add("summary", _title(event, lang))
        entry.add("description", _calendar_description(dataset, event, lang))
        location = _text(event.location, lang)
        if location:
            entry.add("location", location)
        entry.add("categories", [label(event.kind, lang, KIND_LABELS)])
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
        written += 1
    return calendar.to_ical(), ExportReport(written=written, skipped=skipped)


def _calendar_description(dataset: Dataset, event: Event, lang: str) -> str:
    lines = [_text(event.summary, lang) or ""]
    sources = [dataset.sources_by_id[s] for s in dict.fromkeys(event.sources) if s in dataset.sources_by_id]
    if sources:
        lines += ["", _heading("sources", lang)]
        lines += [f"- {s.publisher or s.label}{' ' + s.url if s.url else ''}" for s in sources]
    lines += ["", f"govai: {event.id}"]
    return "\n".join(lines).strip()


def write_ics(data: ExportInput, path: Path) -> ExportReport:
    content, report = calendar_bytes(data)
    path.write_bytes(content)
    return report


WRITERS: dict[str, Writer] = {"sqlite": write_sqlite, "timelinejs": write_timelinejs, "ics": write_ics}


# ---------------------------------------------------------------- citations


def cited_sources(dataset: Dataset, record: Record) -> list[Source]:
    """A source itself, or an event's sources in the order the event lists them."""
    if isinstance(record, Source):
        return [record]
    if isinstance(record, Event):
        return [dataset.sources_by_id[s] for s in dict.fromkeys(record.sources) if s in dataset.sources_by_id]
    raise UsageError.of("cite.actor" if isinstance(record, Actor) else "cite.topic", id=record.id)


def _citation_title(source: Source) -> str:
    """The exact title, else the project's description in brackets (APA's form for untitled works)."""
    return source.title or f"[{source.description or source.id}]"


_BIBTEX_TYPES = {"news": "article", "report": "techreport"}
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LATEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES.get(m.group(), "\\" + m.group()), " ".join(text.split()))


def bibtex(source: Source, lang: str) -> str:
    """One BibTeX entry (read by BibTeX and biblatex); a news outlet is the journal, an institution the author."""
    kind = _BIBTEX_TYPES.get(source.kind or "", "misc")
    publisher = _latex(source.publisher) if source.publisher else None
    fields: list[tuple[str, str]] = []
    if publisher and kind != "article":
        fields.append(("author", "{" + publisher + "}"))  # braced: a corporate name, not "Last, First"
    fields.append(("title", _latex(_citation_title(source))))
    if publisher:
        if kind == "article":
            fields.append(("journal", publisher))
        elif kind == "techreport":
            fields.append(("institution", publisher))
        fields.append(("publisher", publisher))
    # year and month (a macro), which BibTeX styles and biblatex both read; no day, which BibTeX lacks.
    date = source.published
    if date is not None:
        fields.append(("year", str(date.year)))
        if date.month is not None:
            fields.append(("month", _BIBTEX_MONTHS[date.month - 1]))
    if source.url:
        # url is read verbatim by url/hyperref and biblatex: only braces need care.
        fields.append(("url", source.url.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}" for name, value in fields)
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


_RIS_TYPES = {"news": "NEWS", "official-document": "GOVDOC", "report": "RPRT", "webpage": "ELEC", "dataset": "DATA"}


def ris(source: Source, lang: str) -> str:
    """One RIS record; ``ER`` closes it."""
    kind = _RIS_TYPES.get(source.kind or "", "GEN")
    lines = [("TY", kind)]
    if source.publisher and kind != "NEWS":
        lines.append(("AU", source.publisher))
    lines.append(("TI", _citation_title(source)))
    if source.publisher:
        if kind == "NEWS":
            lines.append(("T2", source.publisher))
        lines.append(("PB", source.publisher))
    date = source.published
    if date is not None:
        lines.append(("PY", str(date.year)))
        parts = [f"{date.year:04d}", f"{date.month:02d}" if date.month else "", f"{date.day:02d}" if date.day else ""]
        lines.append(("DA", "/".join(parts) + "/"))
    if source.language:
        lines.append(("LA", source.language))
    if source.url:
        lines.append(("UR", source.url))
    lines += [("ID", source.id), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)


def _apa_date(date: PartialDate | None, lang: str) -> str:
    if date is None:
        return label("cite.no_date", lang)
    if date.month is None:
        return str(date.year)
    month = MONTH_NAMES[lang][date.month - 1]
    if date.day is None:
        return f"{date.year}, {month}"
    if lang == "fr":
        return f"{date.year}, {'1er' if date.day == 1 else date.day} {month}"
    return f"{date.year}, {month} {date.day}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(source: Source, lang: str) -> str:
    """APA 7 reference, one line, in ``lang`` (month names, « s.d. » / "n.d.").

    An institution is the author (and then not repeated as publisher); a news item has no
    author, so its title leads and the outlet follows the date.
    """
    date = f"({_apa_date(source.published, lang)})."
    title = _sentence(_citation_title(source))
    if source.publisher and source.kind != "news":
        parts = [_sentence(source.publisher), date, title]
    else:
        parts = [title, date]
        if source.publisher:
            parts.append(_sentence(source.publisher))
    if source.url:
        parts.append(source.url)
    return " ".join(parts) + "\n"


CITATION_STYLES: dict[str, Callable[[Source, str], str]] = {"bibtex": bibtex, "ris": ris, "apa": apa}


def cite(sources: Sequence[Source], style: str, lang: str) -> str:
    """The citations of ``sources`` in ``style`` (a key of CITATION_STYLES)."""
    format_one = CITATION_STYLES.get(style)
    if format_one is None:
        raise UsageError.of("cite.unknown_style", style=style, choices=", ".join(CITATION_STYLES))
    separator = "" if style == "apa" else "\n"
    return separator.join(format_one(s, lang) for s in sources)
