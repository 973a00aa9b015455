"""Exports, each read back by the program or library that would read it: sqlite3, json against
TimelineJS3's rules, icalendar, bibtexparser and rispy, jsonschema."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import bibtexparser
import icalendar
import jsonschema
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware

from govai_cli import dataset as dataset_module
from govai_cli import export
from govai_cli.cli import Lanes, SchemaTarget
from govai_cli.dataset import load_dataset
from govai_cli.export import citations, common, ics, sqlite
from govai_cli.export.lanes import GROUPINGS, LANES
from govai_cli.files import Loaded, bundled_data_dir
from govai_cli.i18n import label
from govai_cli.model import PartialDate, Source, Text
from govai_cli.schema import SCHEMA_TARGETS, field_names

from .conftest import GOOD, Run

HRC56 = "hrc56-joint-statement-ai-women"
# Datasette's test for "this table has a full-text index" (datasette/utils/__init__.py, detect_fts_sql).
DATASETTE_DETECT_FTS = """
    select name from sqlite_master where rootpage = 0 and (
        sql like '%VIRTUAL TABLE%USING FTS%content="events"%'
        or sql like '%VIRTUAL TABLE%USING FTS%content=[events]%'
    )
"""


@pytest.fixture(scope="module")
def bundled() -> Loaded:
    return load_dataset()


@pytest.fixture
def loaded_once(bundled: Loaded, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as usual, but the bundled YAML is parsed once for the module, not once per call."""
    real = dataset_module.load_dataset

    def load(paths: Any = None, *, strict: bool | None = None) -> Loaded:
        return bundled if paths is None else real(paths, strict=strict)

    monkeypatch.setattr(dataset_module, "load_dataset", load)


def good(*args: str) -> tuple[str, ...]:
    return (*args, "--data", str(GOOD))


@pytest.fixture
def connect() -> Iterator[Any]:
    opened: list[sqlite3.Connection] = []

    def open_db(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        opened.append(db)
        return db

    yield open_db
    for db in opened:
        db.close()


def test_cli_choices_are_the_registries(run: Run, tmp_path: Path) -> None:
    assert {t.value for t in SchemaTarget} == set(SCHEMA_TARGETS)
    # --format and --style are checked by the registries themselves, which list their choices.
    wrong_format = run("export", "--format", "nope", "-o", str(tmp_path / "x"), "--lang", "en")
    assert wrong_format.exit_code == 2
    assert ", ".join(export.EXPORTERS) in wrong_format.stderr
    wrong_style = run("cite", "ares-78-311", "--style", "nope", "--lang", "en")
    assert wrong_style.exit_code == 2
    assert ", ".join(citations.CITATION_STYLES) in wrong_style.stderr


def test_file_suffixes_come_from_the_registry(tmp_path: Path) -> None:
    suffixes = [s for exporter in export.EXPORTERS.values() for s in exporter.suffixes]
    assert len(suffixes) == len(set(suffixes)), "a suffix implies two formats"
    for name, exporter in export.EXPORTERS.items():
        for suffix in exporter.suffixes:
            assert export.format_for(tmp_path / f"govai{suffix.upper()}") == name


# ---------------------------------------------------------------- SQLite


@pytest.mark.usefixtures("loaded_once")
def test_sqlite_fts_finds_the_hrc56_event_by_folded_text(run: Run, tmp_path: Path, connect: Any) -> None:
    target = tmp_path / "govai.sqlite"
    result = run("export", "--format", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    db = connect(target)
    found = db.execute(
        "SELECT events.id FROM events_fts JOIN events ON events.rowid = events_fts.rowid "
        "WHERE events_fts MATCH 'egalite' ORDER BY rank"
    ).fetchall()
    assert HRC56 in {row[0] for row in found}
    assert db.execute(DATASETTE_DETECT_FTS).fetchall() == [("events_fts",)]
    # The FTS rows are the events' rows, by rowid.
    fts = db.execute("SELECT rowid, search_text FROM events_fts ORDER BY rowid").fetchall()
    assert fts == db.execute("SELECT rowid, search_text FROM events ORDER BY rowid").fetchall()
    assert db.execute("SELECT count(*) FROM events").fetchone() == (len(load_dataset().dataset.events),)


@pytest.mark.usefixtures("loaded_once")
def test_sqlite_is_stamped_with_the_dataset_version_and_hash(
    run: Run, tmp_path: Path, connect: Any, bundled: Loaded
) -> None:
    target = tmp_path / "govai.db"
    assert run("export", "-o", str(target)).exit_code == 0
    info = json.loads(run("info", "--format", "json").stdout)
    metadata = dict(connect(target).execute("SELECT key, value FROM metadata").fetchall())
    assert metadata["content_hash"] == bundled.dataset.content_hash == info["content_hash"]
    assert metadata["dataset_version"] == info["version"]
    assert metadata["dataset_version"] == (bundled_data_dir() / "VERSION").read_text(encoding="utf-8").strip()


def test_sqlite_tables_links_and_foreign_keys(run: Run, tmp_path: Path, connect: Any) -> None:
    target = tmp_path / "good.sqlite"
    result = run("export", *good("--format", "sqlite", "-o", str(target), "--lang", "en"))
    assert result.exit_code == 0, result.output
    db = connect(target)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    expected = {"events", "actors", "sources", "event_actors", "event_sources", "facts", "topics", "event_topics"}
    assert expected | {"metadata", "actor_roles", "events_fts"} <= tables

    def references(table: str) -> set[tuple[str, str, str]]:
        return {(r[3], r[2], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({table})")}

    assert references("event_actors") == {("event_id", "events", "id"), ("actor_id", "actors", "id")}
    assert references("event_sources") == {("event_id", "events", "id"), ("source_id", "sources", "id")}
    assert references("event_topics") == {("event_id", "events", "id"), ("topic_id", "topics", "id")}
    assert references("facts") == {
        ("event_id", "events", "id"),
        ("actor_id", "actors", "id"),
        ("source_id", "sources", "id"),
    }
    assert ("body", "actors", "id") in references("events")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []

    roles = db.execute("SELECT actor_id, role FROM event_actors WHERE event_id = 'resolution' ORDER BY position")
    assert roles.fetchall() == [("china", "sponsor"), ("fu-cong", "presenter")]
    row = db.execute("SELECT title, title_fr, date, end_date, body FROM events WHERE id = 'session-span'").fetchone()
    assert row == ("56th session", "56e session", "2024-06-18", "2024-07-12", "hrc")
    assert db.execute("SELECT date, precision FROM events WHERE id = 'initiative'").fetchone() == ("2023-10", "month")
    facts = db.execute("SELECT text, source_id, quote FROM facts WHERE event_id = 'resolution' ORDER BY position")
    assert facts.fetchall() == [
        ("Adopted without a vote", "fixture-official", None),
        ("A joint work", "fixture-news", "la mise en œuvre de l’Agenda 2030"),
    ]
    # Folded text: "oeuvre" finds « œuvre », "egalite" the topic « Égalité des sexes ».
    for query, event_id in (("oeuvre", "resolution"), ("egalite", "statement"), ("ÉGALITÉ", "statement")):
        hits = db.execute(
            "SELECT events.id FROM events_fts JOIN events ON events.rowid = events_fts.rowid WHERE events_fts MATCH ?",
            [f'"{query}"'],
        ).fetchall()
        assert hits == [(event_id,)], query
    metadata = dict(db.execute("SELECT key, value FROM metadata"))
    assert metadata["dataset_version"] == "user data"
    assert len(metadata["content_hash"]) == 64


def test_filtered_sqlite_holds_the_events_and_what_they_refer_to(run: Run, tmp_path: Path, connect: Any) -> None:
    target = tmp_path / "hrc.sqlite"
    result = run("export", *good("-o", str(target), "--body", "CDH"))
    assert result.exit_code == 0, result.output
    db = connect(target)
    assert [r[0] for r in db.execute("SELECT id FROM events ORDER BY rowid")] == ["session-span", "statement"]
    assert {r[0] for r in db.execute("SELECT id FROM actors")} == {"hrc", "chen-xu"}
    assert {r[0] for r in db.execute("SELECT id FROM sources")} == {"fixture-news"}
    assert {r[0] for r in db.execute("SELECT id FROM topics")} == {"gender-equality"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    metadata = dict(db.execute("SELECT key, value FROM metadata"))
    assert json.loads(metadata["filters"]) == {"body": "hrc"}


# ---------------------------------------------------------------- TimelineJS3

TIMELINE_TOP_KEYS = {"title", "events", "eras", "scale", "govai"}  # TimelineConfig reads the first four
SLIDE_KEYS = {"unique_id", "start_date", "end_date", "display_date", "text", "group", "media", "background"}


def check_timeline_date(value: Any) -> dt.date:
    """TimelineJS3's rules: numbers only, year first, no part without the one above it; a real date."""
    assert isinstance(value, dict), value
    assert value, value
    assert list(value) == ["year", "month", "day"][: len(value)], value
    assert all(isinstance(v, int) and not isinstance(v, bool) for v in value.values()), value
    return dt.date(value["year"], value.get("month", 1), value.get("day", 1))


def check_timeline(document: dict[str, Any]) -> None:
    assert set(document) <= TIMELINE_TOP_KEYS
    assert set(document["title"]["text"]) == {"headline", "text"}
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == len(set(ids))
    for slide in document["events"]:
        assert set(slide) <= SLIDE_KEYS, slide
        assert "start_date" in slide, slide["unique_id"]
        start = check_timeline_date(slide["start_date"])
        if "end_date" in slide:
            assert check_timeline_date(slide["end_date"]) >= start
            assert slide["end_date"] != slide["start_date"]
        assert set(slide["text"]) == {"headline", "text"}
        assert slide["text"]["headline"].strip()
        assert isinstance(slide["display_date"], str)
        assert slide["display_date"]


def test_timelinejs_follows_timelinejs_rules(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "timeline.json"
    result = run("export", *good("--format", "timelinejs", "-o", str(target), "--lang", "en", "--group", "forum"))
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    check_timeline(document)
    slides = {s["unique_id"]: s for s in document["events"]}
    assert len(slides) == 5
    assert slides["initiative"]["start_date"] == {"year": 2023, "month": 10}
    assert "end_date" not in slides["initiative"]
    assert slides["session-span"]["start_date"] == {"year": 2024, "month": 6, "day": 18}
    assert slides["session-span"]["end_date"] == {"year": 2024, "month": 7, "day": 12}
    assert slides["session-span"]["display_date"] == "Jun 18 – Jul 12, 2024"
    assert slides["statement"]["group"] == "Human Rights Council"
    assert slides["dialogue"]["group"] == "Others"  # no forum: a named lane all the same
    assert slides["statement"]["text"]["headline"] == "Joint statement on AI promoting women's rights"
    assert slides["statement"]["text"]["text"].startswith("<p>Statement on behalf of more than 80 countries.</p>")
    link = '<a href="https://press.un.org/en/2024/ga12612.doc.htm">United Nations</a>'
    assert link in slides["resolution"]["text"]["text"]
    assert document["govai"]["dataset_version"] == "user data"
    assert len(document["govai"]["content_hash"]) == 64


def test_timelinejs_in_french(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "frise.json"
    assert run("export", *good("-o", str(target), "--lang", "fr", "--group", "forum")).exit_code == 0
    slides = {s["unique_id"]: s for s in json.loads(target.read_text(encoding="utf-8"))["events"]}
    assert slides["statement"]["text"]["headline"] == "Déclaration conjointe sur l’IA et les droits des femmes"
    assert slides["statement"]["group"] == "Conseil des droits de l'homme"
    assert slides["dialogue"]["group"] == "Autres"
    assert slides["initiative"]["display_date"] == "oct. 2023"


@pytest.mark.usefixtures("loaded_once")
def test_timelinejs_of_the_bundled_dataset(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "timeline.json"
    assert run("export", "-o", str(target), "--lang", "en").exit_code == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    check_timeline(document)
    assert len(document["events"]) == len(load_dataset().dataset.events)
    # By default, one lane per top-level forum, as on the HTML page: a few lanes, every one named.
    lanes = {slide["unique_id"]: slide["group"] for slide in document["events"]}
    assert set(lanes.values()) == {label("lane." + lane, "en") for lane in LANES}  # 7 lanes
    assert lanes["hrc56-joint-statement-ai-women"] == lanes["ares-78-311"] == "UN system"  # HRC is part of the UN


@pytest.mark.usefixtures("loaded_once")
@pytest.mark.parametrize(("group", "lanes"), [("forum", range(20, 40)), ("none", range(1))])
def test_timelinejs_lanes_can_be_chosen(run: Run, group: str, lanes: range) -> None:
    result = run("export", "--format", "timelinejs", "-o", "-", "--group", group, "--lang", "fr")
    assert result.exit_code == 0, result.stderr
    names = [slide.get("group") for slide in json.loads(result.stdout)["events"]]
    assert len(set(names) - {None}) in lanes
    assert (None in names) == (group == "none")  # every event in a named lane, unless none is asked
    assert group == "none" or "Autres" in names


def test_group_is_for_timelines_only(run: Run, tmp_path: Path) -> None:
    assert [n for n, e in export.EXPORTERS.items() if e.groups] == ["timelinejs"]
    assert {g.value for g in Lanes} == set(GROUPINGS)
    result = run("export", *good("-o", str(tmp_path / "x.ics"), "--group", "top", "--lang", "en"))
    assert result.exit_code == 2
    assert "--group groups the events of a timeline: it applies to --format timelinejs only, not ics" in result.stderr
    assert not (tmp_path / "x.ics").exists()


def test_timelinejs_escapes_html(run: Run, tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_text(
        "events:\n"
        "  - id: tags\n    date: 2024-05\n    kind: other\n"
        '    title: {en: "C# & <b>IA</b>"}\n'
        '    summary: {en: "<script>alert(1)</script>"}\n',
        encoding="utf-8",
    )
    target = tmp_path / "t.json"
    result = run("export", "-o", str(target), "--data", str(data), "--lang", "en")
    assert result.exit_code == 0, result.output
    slide = json.loads(target.read_text(encoding="utf-8"))["events"][0]
    assert slide["text"] == {
        "headline": "C# &amp; &lt;b&gt;IA&lt;/b&gt;",
        "text": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    }


# ---------------------------------------------------------------- iCalendar


def read_calendar(path: Path) -> tuple[icalendar.Calendar, dict[str, Any]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    return calendar, events


def test_ics_all_day_events_and_month_precision_left_out(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "govai.ics"
    result = run("export", *good("--format", "ics", "-o", str(target), "--lang", "en"))
    assert result.exit_code == 0, result.output
    assert "1 event(s) not dated to the day left out" in result.stderr
    assert "4 event(s) written" in result.stderr
    calendar, events = read_calendar(target)
    assert set(events) == {"dialogue@govai", "session-span@govai", "resolution@govai", "statement@govai"}
    for event in events.values():
        assert event["DTSTART"].params.get("VALUE") == "DATE"
        assert type(event.decoded("DTSTART")) is dt.date
        assert type(event.decoded("DTEND")) is dt.date
        assert isinstance(event.decoded("DTSTAMP"), dt.datetime)
    span = events["session-span@govai"]
    # DTEND is exclusive (RFC 5545): the day after the last day.
    assert (span.decoded("DTSTART"), span.decoded("DTEND")) == (dt.date(2024, 6, 18), dt.date(2024, 7, 13))
    one_day = events["resolution@govai"]
    assert (one_day.decoded("DTSTART"), one_day.decoded("DTEND")) == (dt.date(2024, 7, 1), dt.date(2024, 7, 2))
    assert (
        str(one_day["SUMMARY"]) == "Enhancing international cooperation on capacity-building of artificial intelligence"
    )
    assert "https://press.un.org/en/2024/ga12612.doc.htm" in str(one_day["DESCRIPTION"])
    assert str(calendar["X-GOVAI-DATASET-VERSION"]) == "user data"
    assert re.fullmatch(r"[0-9a-f]{64}", str(calendar["X-GOVAI-CONTENT-HASH"]))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//govai//")


@pytest.mark.usefixtures("loaded_once")
def test_ics_of_the_bundled_dataset(run: Run, tmp_path: Path, bundled: Loaded) -> None:
    target = tmp_path / "govai.ics"
    result = run("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    calendar, events = read_calendar(target)
    by_day = [e for e in bundled.dataset.events if ics.day_span(e) is not None]
    assert len(events) == len(by_day)
    assert f"{len(bundled.dataset.events) - len(by_day)} événement(s)" in result.stderr
    hrc56 = events[f"{HRC56}@govai"]
    assert (hrc56.decoded("DTSTART"), hrc56.decoded("DTEND")) == (dt.date(2024, 7, 1), dt.date(2024, 7, 2))
    assert str(calendar["X-GOVAI-CONTENT-HASH"]) == bundled.dataset.content_hash


# ---------------------------------------------------------------- overwriting and interrupted writes


def test_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "govai.ics"
    target.write_text("precious", encoding="utf-8")
    result = run("export", *good("-o", str(target)))
    assert result.exit_code == 2, result.output
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    result = run("export", *good("-o", str(target), "--force"))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert files_in(tmp_path) == {"govai.ics"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "{tmp}/missing/govai.sqlite"), "does not exist"),
        (("-o", "{tmp}"), "is a folder"),
        (("-o", "{tmp}/govai.txt"), "--format"),
        (("-o", "{tmp}/x.json", "--format", "pdf"), "pdf"),
    ],
)
def test_export_usage_errors(run: Run, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run("export", *good(*(a.format(tmp=tmp_path) for a in args), "--lang", "en"))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "cache"}


@pytest.mark.parametrize(("failure", "code"), [(KeyboardInterrupt, 130), (RuntimeError, 1)])
def test_an_interrupted_export_leaves_no_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: type[BaseException], code: int
) -> None:
    def half_written(data: export.ExportInput, path: Path) -> export.ExportReport:
        path.write_text('{"events": [', encoding="utf-8")
        raise failure()

    monkeypatch.setitem(export.EXPORTERS, "timelinejs", replace(export.EXPORTERS["timelinejs"], write=half_written))
    out = tmp_path / "out"
    out.mkdir()
    result = run("export", *good("-o", str(out / "timeline.json")))
    assert result.exit_code == code, result.output
    assert files_in(out) == set()

    # With --force, the file it would have replaced is left whole.
    (out / "timeline.json").write_text("old", encoding="utf-8")
    result = run("export", *good("-o", str(out / "timeline.json"), "--force"))
    assert result.exit_code == code, result.output
    assert files_in(out) == {"timeline.json"}
    assert (out / "timeline.json").read_text(encoding="utf-8") == "old"


def test_an_interrupted_sqlite_export_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_dataset([GOOD]).dataset
    data = export.ExportInput(dataset, dataset.events, "fr")

    def fail_midway(db: sqlite3.Connection, data: export.ExportInput) -> None:
        db.executescript(sqlite.SQLITE_SCHEMA)
        db.execute("INSERT INTO metadata VALUES ('k', 'v')")
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite, "fill_sqlite", fail_midway)
    with pytest.raises(KeyboardInterrupt):
        export.write_export("sqlite", tmp_path / "govai.sqlite", data)
    assert files_in(tmp_path) == set()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_file_gets_the_usual_permissions(tmp_path: Path, umask: int, mode: int) -> None:
    """The umask decides, as for any new file: not the temporary file's own 0600."""
    target = tmp_path / "t.json"
    previous = os.umask(umask)
    try:
        common.write_atomically(target, lambda path: path.write_text("{}", encoding="utf-8"))
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == mode


# ---------------------------------------------------------------- citations

OFFICIAL = Source(
    id="fixture-official",
    origin=None,  # type: ignore[arg-type]
    title="Fixture official record",
    publisher="United Nations",
    published=PartialDate(2024, 7, 1),
    language="en",
    url="https://press.un.org/en/2024/ga12612.doc.htm",
    kind="official-document",
)


def parse_bibtex(text: str, *, decode: bool = True) -> dict[str, dict[str, str]]:
    """Entries by key; ``decode`` reads LaTeX markup as a LaTeX user sees it (not for urls, which are verbatim)."""
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()] if decode else [])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return {
        entry.key: {f.key: f.value for f in entry.fields} | {"ENTRYTYPE": entry.entry_type} for entry in library.entries
    }


def test_bibtex_of_a_source_parses_back(run: Run) -> None:
    result = run("cite", *good("fixture-official", "--style", "bibtex"))
    assert result.exit_code == 0, result.output
    assert "author = {{United Nations}}" in result.stdout  # braced: one corporate name, not "Nations, United"
    entry = parse_bibtex(result.stdout)["fixture-official"]
    assert entry["author"] == "United Nations"
    assert entry["title"] == "Fixture official record"
    assert entry["year"] == "2024"
    assert entry["url"] == "https://press.un.org/en/2024/ga12612.doc.htm"
    assert entry["publisher"] == "United Nations"


def test_bibtex_of_an_event_is_its_document_then_its_sources(run: Run) -> None:
    result = run("cite", *good("resolution"))
    assert result.exit_code == 0, result.output
    entries = parse_bibtex(result.stdout)
    assert list(entries) == ["a-res-78-311", "fixture-official", "fixture-news"]
    news = entries["fixture-news"]
    assert news["ENTRYTYPE"] == "article"
    assert news["journal"] == news["publisher"] == "Fixture Press"
    assert news["title"] == "[A fixture news article]"
    assert news["year"] == "2024"
    assert "author" not in news


def test_bibtex_escapes_latex(tmp_path: Path) -> None:
    source = Source(
        id="odd",
        origin=None,
        title=r"50% of {AI} & R_D #1 \o/ ~x^2",
        publisher="A & B",
        url="https://x.org/a{b}",  # type: ignore[arg-type]
    )
    text = citations.bibtex(source, "en")
    assert r"\textasciitilde{}x\textasciicircum{}2" in text
    entry = parse_bibtex(text)["odd"]
    assert entry["title"].startswith(r"50% of {AI} & R_D #1 \o/ ~x")  # pylatexenc reads \textasciicircum as U+02C6
    assert entry["author"] == "A & B"
    assert parse_bibtex(text, decode=False)["odd"]["url"] == "https://x.org/a%7Bb%7D"


def test_ris_parses_back(run: Run) -> None:
    result = run("cite", *good("resolution", "--style", "ris"))
    assert result.exit_code == 0, result.output
    document, official, news = rispy.loads(result.stdout)
    assert document["id"] == "a-res-78-311"
    assert official["type_of_reference"] == "GOVDOC"
    assert official["authors"] == ["United Nations"]
    assert official["title"] == "Fixture official record"
    assert official["year"] == "2024"
    assert official["date"] == "2024/07/01/"
    assert official["urls"] == ["https://press.un.org/en/2024/ga12612.doc.htm"]
    assert official["publisher"] == "United Nations"
    assert news["type_of_reference"] == "NEWS"
    assert news["publisher"] == "Fixture Press"
    assert news["year"] == "2024"
    assert "authors" not in news


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "United Nations. (2024, July 1). Fixture official record. https://press.un.org/en/2024/ga12612.doc.htm\n",
        ),
        (
            "fr",
            "United Nations. (2024, 1er juillet). Fixture official record. https://press.un.org/en/2024/ga12612.doc.htm\n",
        ),
    ],
)
def test_apa_in_each_language(run: Run, lang: str, expected: str) -> None:
    result = run("cite", *good("fixture-official", "--style", "apa", "--lang", lang))
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_apa_news_and_missing_dates() -> None:
    news = Source(
        id="n",
        origin=None,  # type: ignore[arg-type]
        description=Text(en="A note"),
        publisher="Le Monde",
        published=PartialDate(2024, 7),
        kind="news",
    )
    assert citations.apa(news, "fr") == "[A note]. (2024, juillet). Le Monde.\n"
    undated = Source(id="u", origin=None, title="Why?", kind="webpage")  # type: ignore[arg-type]
    assert citations.apa(undated, "en") == "Why? (n.d.).\n"
    assert citations.apa(undated, "fr") == "Why? (s.d.).\n"


@pytest.mark.usefixtures("loaded_once")
def test_cite_the_hrc56_event(run: Run, bundled: Loaded) -> None:
    result = run("cite", HRC56, "--style", "ris")
    assert result.exit_code == 0, result.output
    records = rispy.loads(result.stdout)
    event = bundled.dataset.events_by_id[HRC56]
    assert [r["id"] for r in records] == list(event.sources)  # a joint statement has no symbol: no document
    assert all(r.get("title") for r in records)


def test_cite_refuses_actors_and_unknown_ids(run: Run) -> None:
    result = run("cite", *good("fu-cong", "--lang", "en"))
    assert result.exit_code == 2, result.output
    assert "source or of an event" in result.stderr
    result = run("cite", *good("fixture-oficial"))
    assert result.exit_code == 4, result.output
    assert "fixture-official" in result.stderr


# ---------------------------------------------------------------- JSON Schema of the data files


class Yaml12Loader(yaml.SafeLoader):
    """Scalars as an editor reads them (YAML 1.2 core schema): dates stay text, only true/false are booleans."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's API)


for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("float", r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
):
    Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


def schema_of(run: Run, *args: str) -> dict[str, Any]:
    result = run("schema", *args)
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_schema_is_draft_2020_12_and_follows_the_loader(run: Run) -> None:
    schema = schema_of(run)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    definitions = schema["$defs"]
    assert list(definitions["event"]["properties"]) == list(field_names("event"))
    assert list(definitions["actor"]["properties"]) == list(field_names("actor"))
    assert list(definitions["source"]["properties"]) == list(field_names("source"))


@pytest.mark.parametrize("root", [bundled_data_dir(), GOOD], ids=["bundled", "fixture"])
def test_schema_validates_the_data(run: Run, root: Path) -> None:
    everything = jsonschema.Draft202012Validator(schema_of(run))
    by_role = {name: jsonschema.Draft202012Validator(schema_of(run, "--for", name)) for name in ("event", "actors")}
    files = sorted(root.rglob("*.yaml"))
    assert len(files) > 4
    for path in files:
        document = read_yaml(path)
        errors = [f"{path}: {e.json_path}: {e.message}" for e in everything.iter_errors(document)]
        assert not errors, errors[:3]
        role = "actors" if path.name == "actors.yaml" else "event" if path.parent.name == "events" else None
        if role:
            assert not list(by_role[role].iter_errors(document)), path


BAD_FILES = {
    "unknown field": "id: x\ndate: 2024-07-01\nkind: statement\ntitle: {en: X}\ntitel: {en: X}\n",
    "unknown kind": "id: x\ndate: 2024-07-01\nkind: statment\ntitle: {en: X}\n",
    "ambiguous date": "id: x\ndate: 01/07/2024\nkind: statement\ntitle: {en: X}\n",
    "impossible month": "id: x\ndate: 2024-13\nkind: statement\ntitle: {en: X}\n",
    "missing title": "id: x\ndate: 2024-07-01\nkind: statement\n",
    "bad id": "id: Not An Id\ndate: 2024\nkind: statement\ntitle: {en: X}\n",
    "bad role": "id: x\ndate: 2024\nkind: statement\ntitle: {en: X}\nactors: [{id: china, role: boss}]\n",
    "title language": "id: x\ndate: 2024\nkind: statement\ntitle: {de: X}\n",
    "fact without source": "id: x\ndate: 2024\nkind: statement\ntitle: {en: X}\nfacts: [{text: {en: Y}}]\n",
    "actor country": "actors:\n  - {id: x, kind: state, name: {en: X}, country: FRA}\n",
    "source untitled": "sources:\n  - {id: x, publisher: P}\n",
    "unknown list": "people:\n  - {id: x}\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_schema_rejects_a_bad_file_the_loader_rejects(run: Run, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "data"
    events = folder / "events"
    events.mkdir(parents=True)
    text = BAD_FILES[name]
    path = (folder / "mine.yaml") if text.split(":")[0] in ("actors", "sources", "people") else events / "x.yaml"
    path.write_text(text, encoding="utf-8")
    validator = jsonschema.Draft202012Validator(schema_of(run))
    assert list(validator.iter_errors(read_yaml(path))), f"the schema accepts a file with a {name}"
    result = run("validate", str(folder))
    assert result.exit_code == 1, f"the loader accepts a file with a {name}: {result.output}"


def test_dash_means_standard_output(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--format", "timelinejs", "-o", "-", "--kind", "summit", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["events"]
    assert "written to standard output" in result.stderr
    assert not (tmp_path / "-").exists()  # never a file named "-"
    assert run("export", "-o", "-", "--lang", "en").exit_code == 2  # standard output needs --format


def test_an_export_that_selects_nothing_writes_nothing(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "none.ics"
    result = run("export", "-o", str(target), "--from", "1990", "--to", "1991", "--lang", "en")
    assert result.exit_code == 4
    assert "no event to export" in result.stderr
    assert not target.exists()
