"""The data, handed to the tools people already use: SQLite for Datasette, TimelineJS3 JSON,
iCalendar files, one self-contained HTML page and the bibliography (BibTeX, RIS); citations
(BibTeX, RIS, APA) are in ``citations``, what they cite (sources, documents) in ``works``.

Formats sit in ``EXPORTERS``, keyed by name: each gives the writer that fills one file from an
``ExportInput`` (stamped with the dataset version and content hash), the file suffixes that
imply it, and a one-line description. ``write_export`` writes into a temporary file beside the
target and renames it into place, so an interrupted export never leaves half a file, and
refuses to replace an existing file unless told to.

A new format is a module with a ``Writer`` and one line in ``EXPORTERS``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from govai_cli.errors import NotFoundError, UsageError
from govai_cli.i18n import label

from .bibliography import write_bibtex, write_ris
from .common import ExportInput, ExportReport, Writer, refuse_folder, write_atomically
from .html import write_html
from .ics import write_ics
from .sqlite import write_sqlite
from .timelinejs import write_timelinejs

__all__ = ["EXPORTERS", "ExportInput", "ExportReport", "Exporter", "format_for", "report_notes", "write_export"]


@dataclass(frozen=True)
class Exporter:
    write: Writer
    suffixes: tuple[str, ...]  # lower case, with the dot: the file names that imply this format
    description: str
    groups: bool = False  # takes --group (lanes.GROUPINGS)


# The order is the order of the choices in messages.
EXPORTERS: dict[str, Exporter] = {
    "sqlite": Exporter(write_sqlite, (".sqlite", ".sqlite3", ".db"), "SQLite database, for Datasette"),
    "timelinejs": Exporter(write_timelinejs, (".json",), "TimelineJS3 JSON", groups=True),
    "ics": Exporter(write_ics, (".ics",), "iCalendar, the events known to the day"),
    "html": Exporter(write_html, (".html",), "one self-contained HTML page, to look at and to share"),
    "bibtex": Exporter(write_bibtex, (".bib",), "the bibliography (documents and sources) as BibTeX"),
    "ris": Exporter(write_ris, (".ris",), "the bibliography (documents and sources) as RIS, for Zotero or EndNote"),
}


STDOUT = Path("-")  # `-o -`: the export on standard output, as Unix tools take it


def write_export(
    fmt: str, target: Path, data: ExportInput, *, force: bool = False, stdout: BinaryIO | None = None
) -> ExportReport:
    """Write ``data`` as ``fmt`` (a key of EXPORTERS) to ``target``, atomically; to ``stdout``
    when ``target`` is ``-``. An export that would hold no event is refused (NotFoundError):
    nothing is written."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise UsageError.of("export.unknown_format", fmt=fmt, choices=", ".join(EXPORTERS))
    if data.group is not None and not exporter.groups:
        raise UsageError.of("export.group", fmt=fmt, choices=", ".join(n for n, e in EXPORTERS.items() if e.groups))
    if not data.events:
        raise NotFoundError.of("export.nothing")
    if target == STDOUT and stdout is not None:
        with tempfile.TemporaryDirectory() as folder:
            written = Path(folder) / "export"
            report = exporter.write(data, written)
            stdout.write(written.read_bytes())
            stdout.flush()
            return report
    return write_atomically(target, lambda path: exporter.write(data, path), force=force)


def report_notes(report: ExportReport, target: Path, lang: str) -> list[str]:
    """What the reader is told once the export is written: how much, where, and what was left out."""
    notes = [label("export.ics_skipped", lang).format(count=report.skipped)] if report.skipped else []
    shown = label("export.stdout", lang) if target == STDOUT else target
    return [*notes, label(report.noun, lang).format(count=report.written, path=shown)]


def format_for(target: Path) -> str:
    """The export format a file name implies, by its suffix (``.sqlite``/``.db``, ``.json``, ``.ics``, ``.html``…)."""
    refuse_folder(target)
    suffix = target.suffix.lower()  # (`-` has none: standard output needs --format)
    for name, exporter in EXPORTERS.items():
        if suffix in exporter.suffixes:
            return name
    suffixes = ", ".join(s for exporter in EXPORTERS.values() for s in exporter.suffixes)
    raise UsageError.of("export.no_format", name=target.name, formats="|".join(EXPORTERS), suffixes=suffixes)
