"""One record in full for ``govai show``, and an event's title as styled text (Rich).

With ``tables.py``, the only module importing Rich, and loaded with it for the table format
only. Every data text passes through ``textnorm.safe`` before it reaches Rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.style import Style
from rich.text import Text as RichText

from govai_cli.dates import format_date, format_span
from govai_cli.i18n import ROLE_LABELS, label, quote
from govai_cli.model import Actor, Dataset, Event, Fact, Source, Topic
from govai_cli.textnorm import safe

from .human import actor_name, kind_label, marked, other_lang, pick, role_span, title_label
from .results import RecordResult

_CLEAN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\x00-\x1f\x7f-\x9f\[\]<>\"'\\`]*)?")
# Notes (a title's, the verification note) are written in English only: marked as such elsewhere.
_NOTE_LANG_MARK = {"fr": " [en]"}


def title_text(event: Event, lang: str) -> RichText:
    """The title, its fallback language dimmed and its status (press, translation) in italics."""
    title = title_label(event, lang)
    out = RichText(safe(title.text))
    if title.fallback:
        out.append(f" [{title.fallback}]", style="dim")
    if title.status:
        out.append(f" [{title.status}]", style="dim italic")
    return out


def print_record(console: Console, result: RecordResult, lang: str) -> None:
    dataset, record, events = result.dataset, result.record, result.events
    if isinstance(record, Event):
        lines = _event_lines(dataset, record, lang)
    elif isinstance(record, Actor):
        lines = _actor_lines(dataset, record, events, lang)
    elif isinstance(record, Source):
        lines = _source_record_lines(record, events, lang)
    else:
        lines = _topic_lines(record, lang)
    for line in lines:
        console.print(line)


def _link(url: str) -> RichText:
    shown = safe(url)
    if _CLEAN_URL.fullmatch(url):
        return RichText(shown, style=Style(link=url, underline=True))
    return RichText(shown)


def _name(dataset: Dataset, actor_id: str | None, lang: str) -> str:
    return safe(actor_name(dataset, actor_id, lang))


def _field(lines: list[RichText], name: str, value: str | RichText, lang: str) -> None:
    if not value:
        return
    line = RichText(f"{label(name, lang)}: ", style="bold")
    line.append_text(value if isinstance(value, RichText) else RichText(value))
    lines.append(line)


def _heading(lines: list[RichText], name: str, lang: str, count: int | None = None) -> None:
    text = label(name, lang) if count is None else f"{label(name, lang)} ({count})"
    lines.append(RichText(text, style="bold"))


def _source_lines(dataset: Dataset, source_ids: Iterable[str], lang: str) -> list[RichText]:
    out = []
    for source_id in source_ids:
        source = dataset.sources_by_id.get(source_id)
        if source is None:
            continue
        line = RichText(f"  [{source.id}] ", style="cyan")
        line.append(safe(quote(source.title, lang) if source.title else source.description or ""))
        published = format_date(source.published, lang) if source.published else None
        details = [safe(d) for d in (source.publisher, published, source.language) if d]
        if details:
            line.append(" — " + ", ".join(details), style="dim")
        out.append(line)
        if source.url:
            url_line = RichText("    ")
            url_line.append_text(_link(source.url))
            out.append(url_line)
    return out


def _fact_lines(facts: Sequence[Fact], lang: str) -> list[RichText]:
    out = []
    for fact in facts:
        text, fallback = pick(fact.text, lang)
        line = RichText("  • " + safe(text))
        if fallback:
            line.append(f" [{other_lang(lang)}]", style="dim")
        line.append(f" [{fact.source}]", style="cyan")
        out.append(line)
        if fact.quote:
            out.append(RichText(f"      {quote(safe(fact.quote), lang)}", style="italic dim"))
    return out


def _event_list(lines: list[RichText], events: Sequence[Event], lang: str, *, ids: bool) -> None:
    """``Events (n)``, then each event's dates and title (``ids``: and its id)."""
    _heading(lines, "events", lang, len(events))
    for event in events:
        line = RichText(f"  {format_span(event.date, event.end_date, lang)}  ", style="cyan")
        line.append_text(title_text(event, lang))
        if ids:
            line.append(f" [{event.id}]", style="dim")
        lines.append(line)


def _title_forms(event: Event, lang: str) -> list[RichText]:
    """The title in each language it has, with its status, source and note."""
    lines = []
    for code in ("fr", "en"):
        form = getattr(event.title, code)
        if form is None:
            continue
        status = label("status." + (form.status or "unknown"), lang)
        line = RichText(f"  {code}: ", style="dim")
        line.append(safe(form.text))
        line.append(f"  [{status}]", style="dim italic")
        if form.source:
            line.append(f" [{form.source}]", style="cyan")
        if form.note:
            line.append(f" ({safe(form.note)})" + _NOTE_LANG_MARK.get(lang, ""), style="dim")
        lines.append(line)
    return lines


def _event_lines(dataset: Dataset, event: Event, lang: str) -> list[RichText]:
    heading = title_text(event, lang)
    heading.stylize("bold")
    lines = [heading, *_title_forms(event, lang), RichText()]
    _field(lines, "id", event.id, lang)
    iso = event.date.iso() + (f" → {event.end_date.iso()}" if event.end_date else "")
    _field(lines, "date", f"{format_span(event.date, event.end_date, lang)}  ({iso})", lang)
    _field(lines, "kind", kind_label(event.kind, lang), lang)
    _field(lines, "forum", _name(dataset, event.body, lang), lang)
    _field(lines, "session", safe(event.session or ""), lang)
    _field(lines, "symbol", safe(event.symbol or ""), lang)
    _field(lines, "other_symbols", safe(", ".join(event.other_symbols)), lang)
    _field(lines, "location", safe(marked(event.location, lang)), lang)
    if event.verification:
        note = f" — {safe(event.verification_note)}{_NOTE_LANG_MARK.get(lang, '')}" if event.verification_note else ""
        _field(lines, "verification", label(event.verification, lang) + note, lang)
    summary = safe(marked(event.summary, lang))
    if summary:
        lines += [RichText(), RichText(summary)]
    if event.actors:
        lines.append(RichText())
        _heading(lines, "actors", lang)
        for part in event.actors:
            role = label(part.role, lang, ROLE_LABELS)
            lines.append(RichText(f"  • {_name(dataset, part.actor_id, lang)} — {role} [{part.actor_id}]"))
    if event.facts:
        lines.append(RichText())
        _heading(lines, "facts", lang)
        lines.extend(_fact_lines(event.facts, lang))
    if event.topics:
        topics = dataset.topics_by_id
        names = [safe(marked(topics[t].label, lang)) for t in event.topics if t in topics]
        lines.append(RichText())
        _field(lines, "topics", ", ".join(names), lang)
    if event.related:
        _field(lines, "related", ", ".join(event.related), lang)
    lines.append(RichText())
    _heading(lines, "sources", lang)
    lines.extend(_source_lines(dataset, event.sources, lang))
    return lines


def _actor_lines(dataset: Dataset, actor: Actor, events: Sequence[Event], lang: str) -> list[RichText]:
    name, _ = pick(actor.name, lang)
    lines = [RichText(safe(marked(actor.name, lang)), style="bold")]
    other = actor.name.en if lang == "fr" else actor.name.fr
    if other and other != name:
        lines.append(RichText(f"  ({safe(other)})", style="dim"))
    lines.append(RichText())
    _field(lines, "id", actor.id, lang)
    _field(lines, "kind", label(actor.kind, lang), lang)
    _field(lines, "country", actor.country or "", lang)
    _field(lines, "aliases", safe(", ".join(actor.aliases)), lang)
    if actor.roles:
        _heading(lines, "roles", lang)
        for role in actor.roles:
            line = RichText("  • " + safe(marked(role.title, lang)))
            if role.organization:
                line.append(f" — {_name(dataset, role.organization, lang)}")
            line.append(role_span(role))
            if role.source:
                line.append(f" [{role.source}]", style="cyan")
            lines.append(line)
    if actor.facts:
        _heading(lines, "facts", lang)
        lines.extend(_fact_lines(actor.facts, lang))
    if events:
        _event_list(lines, events, lang, ids=True)
    cited = [*actor.sources, *(r.source for r in actor.roles if r.source), *(f.source for f in actor.facts)]
    if cited:
        _heading(lines, "sources", lang)
        lines.extend(_source_lines(dataset, dict.fromkeys(cited), lang))
    return lines


def _source_record_lines(source: Source, events: Sequence[Event], lang: str) -> list[RichText]:
    lines = [RichText(safe(source.label), style="bold"), RichText()]
    for name in ("id", "description", "publisher", "language"):
        value = getattr(source, name)
        if value and not (name == "description" and not source.title):
            _field(lines, name, safe(value), lang)
    if source.published:
        _field(lines, "published", format_date(source.published, lang), lang)
    if source.url:
        _field(lines, "url", _link(source.url), lang)
    if events:
        _event_list(lines, events, lang, ids=False)
    return lines


def _topic_lines(topic: Topic, lang: str) -> list[RichText]:
    lines = [RichText(safe(marked(topic.label, lang)), style="bold")]
    _field(lines, "id", topic.id, lang)
    _field(lines, "synonyms", safe(", ".join(topic.synonyms_fr + topic.synonyms_en)), lang)
    return lines
