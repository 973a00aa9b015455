"""iCalendar: the events known to the day, as all-day events a calendar can import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govai_cli import __version__
from govai_cli.i18n import KIND_LABELS, label
from govai_cli.model import Dataset, Event, Precision

from .common import ExportInput, ExportReport, event_sources, event_title, heading, source_name, text_in


def day_span(event: Event) -> tuple[dt.date, dt.date] | None:
    """First day and the day after the last (DTEND is exclusive); None unless known to the day."""
    if event.date.precision != Precision.DAY or event.end.precision != Precision.DAY:
        return None
    return event.date.first_day(), event.end.last_day() + dt.timedelta(days=1)


def calendar_bytes(data: ExportInput) -> tuple[bytes, ExportReport]:
    """An iCalendar file of the events known to the day, as all-day events."""
    import icalendar  # lazily: ~150 ms to import, and only this format needs it

    lang, dataset = data.lang, data.dataset
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//govai//govai {__version__}//{lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", label("export.title", lang))
    calendar.add("x-wr-caldesc", data.stamp_line())
    calendar.add("x-govai-dataset-version", data.dataset_version)
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
        entry.add("summary", event_title(event, lang))
        entry.add("description", _calendar_description(dataset, event, lang))
        location = text_in(event.location, lang)
        if location:
            entry.add("location", location)
        entry.add("categories", [label(event.kind, lang, KIND_LABELS)])
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
        written += 1
    return calendar.to_ical(), ExportReport(written=written, skipped=skipped)


def _calendar_description(dataset: Dataset, event: Event, lang: str) -> str:
    lines = [text_in(event.summary, lang) or ""]
    sources = event_sources(dataset, event)
    if sources:
        lines += ["", heading("sources", lang)]
        lines += [f"- {source_name(s, lang)}{' ' + s.url if s.url else ''}" for s in sources]
    lines += ["", f"govai: {event.id}"]
    return "\n".join(lines).strip()


def write_ics(data: ExportInput, path: Path) -> ExportReport:
    content, report = calendar_bytes(data)
    path.write_bytes(content)
    return report
