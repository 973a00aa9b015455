"""The bibliography as one file, BibTeX or RIS, for Zotero, JabRef, EndNote or a LaTeX paper.

Unfiltered, it holds every source of the dataset and every document an event is; filtered,
the documents of the events kept and the sources they cite (``Event.cited_source_ids``).
Documents come first, in time order, then sources by id: keys are the sources' ids and the
documents' symbols as slugs (``works``), unique and the same from one export to the next.
"""

from __future__ import annotations

from pathlib import Path

from .citations import bibtex, ris
from .common import ExportInput, ExportReport
from .works import Work, documents, source_work


def bibliography(data: ExportInput) -> list[Work]:
    """The works of an export: its events' documents, then the sources (all, or the events')."""
    dataset = data.dataset
    if data.filters:
        wanted = {s for e in data.events for s in e.cited_source_ids}
        sources = [s for s in dataset.sources if s.id in wanted]
    else:
        sources = list(dataset.sources)
    works = [source_work(s, data.lang) for s in sources]
    return documents(dataset, data.events, data.lang, taken=(w.key for w in works)) + works


def _write(data: ExportInput, path: Path, style: str) -> ExportReport:
    works = bibliography(data)
    write_one = bibtex if style == "bibtex" else ris
    path.write_text("\n".join(write_one(w, data.lang) for w in works), encoding="utf-8")
    return ExportReport(written=len(works), noun="export.written_works")


def write_bibtex(data: ExportInput, path: Path) -> ExportReport:
    return _write(data, path, "bibtex")


def write_ris(data: ExportInput, path: Path) -> ExportReport:
    return _write(data, path, "ris")
