"""TimelineJS3 JSON: one slide per event, dated only as precisely as the data knows."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from govai_cli.dates import format_span
from govai_cli.i18n import label
from govai_cli.model import Dataset, Event, PartialDate
from govai_cli.textnorm import WEB_URL

from .common import ExportInput, ExportReport, event_sources, event_title, heading, source_name, text_in
from .lanes import GROUPINGS, lane_name


def _timeline_date(date: PartialDate) -> dict[str, int]:
    """Only what is known: ``{"year": 2024, "month": 7}`` for July 2024."""
    out = {"year": date.year}
    if date.month is not None:
        out["month"] = date.month
        if date.day is not None:
            out["day"] = date.day
    return out


def _source_links(dataset: Dataset, event: Event, lang: str) -> list[str]:
    links = []
    for source in event_sources(dataset, event):
        name = html.escape(source_name(source, lang), quote=False)
        if source.url and WEB_URL.fullmatch(source.url):
            links.append(f'<a href="{html.escape(source.url)}">{name}</a>')
        else:
            links.append(name)
    return links


def timelinejs_slide(dataset: Dataset, event: Event, lang: str, grouping: str = GROUPINGS[0]) -> dict[str, Any]:
    """One TimelineJS3 slide. ``text`` holds HTML (TimelineJS sanitizes it), so data text is escaped.

    ``group`` names the slide's lane (``lanes.lane_name``): TimelineJS draws one band per name.
    """
    slide: dict[str, Any] = {"unique_id": event.id, "start_date": _timeline_date(event.date)}
    if event.end_date is not None and event.end_date != event.date:
        slide["end_date"] = _timeline_date(event.end_date)
    slide["display_date"] = format_span(event.date, event.end_date, lang)
    body = [f"<p>{html.escape(text_in(event.summary, lang) or '', quote=False)}</p>"]
    links = _source_links(dataset, event, lang)
    if links:
        body.append(f"<p>{heading('sources', lang)} {', '.join(links)}</p>")
    slide["text"] = {"headline": html.escape(event_title(event, lang), quote=False), "text": "".join(body)}
    lane = lane_name(event, dataset.actors_by_id, grouping, lang)
    if lane is not None:
        slide["group"] = lane
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
        "events": [timelinejs_slide(data.dataset, e, data.lang, data.group or GROUPINGS[0]) for e in data.events],
        "govai": data.stamp(),
    }


def write_timelinejs(data: ExportInput, path: Path) -> ExportReport:
    document = timelinejs(data)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return ExportReport(written=len(document["events"]))
