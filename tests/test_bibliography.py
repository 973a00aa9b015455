"""Citing documents and the bibliography export: an event's document cited first, dates as
precise as the data, and `export --format bibtex|ris` read back by bibtexparser and rispy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rispy

from govai_cli.dataset import load_dataset
from govai_cli.export import bibliography, citations, common, works
from govai_cli.files import Loaded
from govai_cli.model import PartialDate, Source

from .conftest import GOOD, Run
from .test_export import parse_bibtex

RESOLUTION_TITLE = "Enhancing international cooperation on capacity-building of artificial intelligence"


def good(*args: str) -> tuple[str, ...]:
    return (*args, "--data", str(GOOD))


@pytest.fixture(scope="module")
def bundled() -> Loaded:
    return load_dataset()


# ---------------------------------------------------------------- an event's document, cited first


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", f"United Nations General Assembly. (2024, July 1). {RESOLUTION_TITLE} (A/RES/78/311).\n"),
        (
            "fr",
            f"Assemblée générale des Nations Unies. (2024, 1er juillet). {RESOLUTION_TITLE} "
            "[Renforcement de la coopération internationale] (A/RES/78/311).\n",
        ),
    ],
)
def test_citing_an_event_cites_its_document_first_in_apa(run: Run, lang: str, expected: str) -> None:
    result = run("cite", *good("resolution", "--style", "apa", "--lang", lang))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines(keepends=True)
    assert lines[0] == expected  # the official title, its translation marked as such; no address: the data has none
    assert len(lines) == 3  # then its two sources
    assert lines[1].startswith("United Nations. (2024, July 1). Fixture official record." if lang == "en" else "United")


def test_the_document_in_bibtex_and_ris(run: Run) -> None:
    result = run("cite", *good("resolution", "--style", "bibtex", "--lang", "fr"))
    assert result.exit_code == 0, result.output
    document = parse_bibtex(result.stdout)["a-res-78-311"]
    assert document["ENTRYTYPE"] == "misc"
    assert document["author"] == "Assemblée générale des Nations Unies"
    assert document["title"] == RESOLUTION_TITLE
    assert document["titleaddon"] == "[Renforcement de la coopération internationale]"
    assert document["number"] == document["howpublished"] == "A/RES/78/311"
    assert (document["year"], document["date"]) == ("2024", "2024-07-01")
    assert "url" not in document

    result = run("cite", *good("resolution", "--style", "ris", "--lang", "en"))
    record = rispy.loads(result.stdout)[0]
    assert record["type_of_reference"] == "GOVDOC"
    assert record["authors"] == ["United Nations General Assembly"]
    assert record["title"] == RESOLUTION_TITLE
    assert "translated_title" not in record  # the English title is the official one
    assert record["note"] == "A/RES/78/311"  # M1, the document's number
    assert (record["year"], record["date"]) == ("2024", "2024/07/01/")
    assert record["id"] == "a-res-78-311"
    assert "urls" not in record


def test_an_event_without_a_symbol_is_not_a_document(run: Run) -> None:
    result = run("cite", *good("statement", "--style", "ris"))
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in rispy.loads(result.stdout)] == ["fixture-news"]


SHARED = """\
actors:
  - id: eu
    kind: organization
    name: {fr: "Union européenne", en: "European Union"}
sources:
  - {id: reg-2024-1, title: "A source whose id is the symbol's slug", kind: webpage}
events:
  - id: act-applies
    date: 2025-02-02
    kind: law
    body: eu
    symbol: "Reg 2024/1"
    title:
      en: {text: "The act's bans start to apply", status: descriptive}
      fr: {text: "Les interdictions s'appliquent", status: descriptive}
    sources: [reg-2024-1]
  - id: act-in-force
    date: 2024-08-01
    kind: law
    body: eu
    symbol: "Reg 2024/1"
    title:
      en: {text: "Regulation laying down rules on AI", status: official}
      fr: {text: "Règlement établissant des règles sur l'IA", status: official}
  - id: report
    date: 2024-09
    kind: report
    symbol: "R/1"
    title:
      en: {text: "A report", status: press}
      fr: {text: "Un rapport sur l'œuvre", status: descriptive}
"""


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    path = tmp_path / "shared.yaml"
    path.write_text(SHARED, encoding="utf-8")
    return path


def test_events_sharing_a_symbol_cite_one_document(run: Run, shared: Path) -> None:
    result = run("cite", "act-applies", "--style", "apa", "--lang", "fr", "--data", str(shared))
    assert result.exit_code == 0, result.output
    document, source = result.stdout.splitlines()
    # Titled by the event whose title is official; undated, as an act's entry into force is not its date.
    assert document == "Union européenne. (s.d.). Règlement établissant des règles sur l'IA (Reg 2024/1)."
    assert source.startswith("A source whose id")
    result = run("cite", "act-applies", "--style", "bibtex", "--data", str(shared))
    entries = parse_bibtex(result.stdout)
    assert list(entries) == ["reg-2024-1-2", "reg-2024-1"]  # the source keeps its id; the document steps aside
    assert "year" not in entries["reg-2024-1-2"]
    assert "date" not in entries["reg-2024-1-2"]


def test_a_report_without_an_official_title(run: Run, shared: Path) -> None:
    result = run("cite", "report", "--style", "apa", "--data", str(shared), "--lang", "fr")
    assert result.stdout == "[Un rapport sur l'œuvre] (R/1). (2024, septembre).\n"  # a description, bracketed
    result = run("cite", "report", "--style", "ris", "--data", str(shared), "--lang", "en")
    (record,) = rispy.loads(result.stdout)
    assert (record["type_of_reference"], record["title"], record["issn"]) == ("RPRT", "A report", "R/1")
    assert (record["year"], record["date"]) == ("2024", "2024/09//")


def test_the_symbol_is_not_repeated_when_the_title_holds_it(bundled: Loaded) -> None:
    event = bundled.dataset.events_by_id["eu-ai-act-prohibitions-apply"]
    (document,) = works.documents(bundled.dataset, [event], "en")
    assert document.title.startswith("Regulation (EU) 2024/1689 laying down")  # from the event of its entry into force
    assert document.date is None
    assert citations.apa(document, "en").count("2024/1689") == 1


def test_keys_are_slugs_of_symbols() -> None:
    assert works.slug("A/RES/78/311") == "a-res-78-311"
    assert works.slug("Règlement (UE) 2024/1689") == "reglement-ue-2024-1689"
    assert works.slug("COM(2025) 836") == "com-2025-836"
    assert works.slug("///") == "document"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("published", "apa", "bibtex_fields", "ris_fields"),
    [
        (PartialDate(2024, 7, 1), "(2024, July 1)", {"year": "2024", "date": "2024-07-01"}, ("2024", "2024/07/01/")),
        (PartialDate(2024, 7), "(2024, July)", {"year": "2024", "date": "2024-07"}, ("2024", "2024/07//")),
        (PartialDate(2024), "(2024)", {"year": "2024", "date": "2024"}, ("2024", "2024///")),
        (None, "(n.d.)", {}, None),
    ],
)
def test_citations_carry_the_date_the_data_has(
    published: PartialDate | None, apa: str, bibtex_fields: dict[str, str], ris_fields: tuple[str, str] | None
) -> None:
    source = Source(id="s", origin=None, title="T", publisher="P", published=published)  # type: ignore[arg-type]
    assert citations.apa(source, "en") == f"P. {apa}. T.\n"
    entry = parse_bibtex(citations.bibtex(source, "en"))["s"]
    assert {k: v for k, v in entry.items() if k in ("year", "date")} == bibtex_fields
    assert ("month" in entry) == (published is not None and published.month is not None)
    (record,) = rispy.loads(citations.ris(source, "en"))
    assert ((record["year"], record["date"]) if "year" in record else None) == ris_fields
    assert ("date" in record) == (ris_fields is not None)


# ---------------------------------------------------------------- govai export --format bibtex|ris


def test_the_whole_bibliography(run: Run, tmp_path: Path, bundled: Loaded) -> None:
    dataset = bundled.dataset
    bib, ris_file = tmp_path / "govai.bib", tmp_path / "govai.ris"
    assert run("export", "-o", str(bib), "--lang", "fr").exit_code == 0
    result = run("export", "-o", str(ris_file), "--lang", "fr")
    assert result.exit_code == 0, result.output
    symbols = {e.symbol for e in dataset.events if e.symbol}
    assert f"{len(dataset.sources) + len(symbols)} référence(s)" in result.stderr
    entries = parse_bibtex(bib.read_text(encoding="utf-8"))
    records = rispy.loads(ris_file.read_text(encoding="utf-8"))
    keys = [r["id"] for r in records]
    assert len(keys) == len(set(keys)) == len(entries) == len(dataset.sources) + len(symbols)
    assert set(keys) == set(entries)
    assert {s.id for s in dataset.sources} <= set(keys)  # every source, under its own id
    # French accents survive the round trip, in both files.
    act = entries[works.slug("Regulation (EU) 2024/1689")]
    assert act["title"].startswith("Règlement (UE) 2024/1689 du Parlement européen")
    assert act["author"] == "Union européenne"
    by_id = {r["id"]: r for r in records}
    french = next(s for s in dataset.sources if s.title and "é" in s.title)
    assert by_id[french.id]["title"] == french.title
    assert entries[french.id]["title"] == french.title


def test_bibliography_keys_are_stable(bundled: Loaded) -> None:
    data = common.ExportInput(bundled.dataset, bundled.dataset.events, "en")
    first = bibliography.bibliography(data)
    again = bibliography.bibliography(common.ExportInput(bundled.dataset, bundled.dataset.events[::-1], "en"))
    assert {w.key: w.number for w in first} == {w.key: w.number for w in again}
    documents = len(first) - len(bundled.dataset.sources)
    assert all(w.number for w in first[:documents])  # documents first, then every source in id order
    assert [w.key for w in first[documents:]] == [s.id for s in bundled.dataset.sources]


def test_a_filtered_bibliography_holds_its_events_documents_and_sources(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "hrc.bib"
    result = run("export", *good("-o", str(target), "--body", "hrc", "--lang", "en"))
    assert result.exit_code == 0, result.output
    assert list(parse_bibtex(target.read_text(encoding="utf-8"))) == ["fixture-news"]
    target = tmp_path / "2024.ris"
    assert run("export", *good("-o", str(target), "--from", "2024-07-01", "--to", "2024-07-01")).exit_code == 0
    assert [r["id"] for r in rispy.loads(target.read_text(encoding="utf-8"))] == [
        "a-res-78-311",
        "fixture-news",
        "fixture-official",
    ]


def test_the_bibliography_on_standard_output(run: Run) -> None:
    result = run("export", *good("--format", "bibtex", "-o", "-", "--lang", "en"))
    assert result.exit_code == 0, result.stderr
    entries: dict[str, Any] = parse_bibtex(result.stdout)
    assert list(entries) == ["a-res-78-311", "fixture-news", "fixture-official"]
    assert "3 reference(s) (documents and sources) written to standard output" in result.stderr
