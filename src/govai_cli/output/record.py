"""One record in full for ``govai show``, and an event's title as styled text (Rich).

With ``tables.py``, the only module importing Rich, and loaded with it for the table format
only. Every data text passes through ``textnorm.safe`` before it reaches Rich.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text as RichText

from govai_cli.dates import format_date, format_span
from govai_cli.i18n import ROLE_LABELS, label, quote
from govai_cli.model import Actor, Dataset, Event, Fact, Filters, Source, Topic
from govai_cli.textnorm import safe

from .human import actor_name, kind_label, marked, other_lang, part_in, pick, role_span, title_label
from .results import RecordResult

_CLEAN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\x00-\x1f\x7f-\x9f\[\]<>\"'\\`]*)?")


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
        lines = _topic_lines(record, events, lang)
    for line in lines:
        _print_hanging(console, line)


HANG_MAX = 16  # a deeper hanging indent would leave too little room
# Where a wrapped line's next lines start: under the text after the indent and a bullet
# (``  • ``), a label (``Forum: ``) or a bracketed id (``  [source-id] ``).
_HANG = re.compile(r"\s*(?:• |[^\s:]{1,30}(?: [^\s:]{1,30})?\s?: |\[[^\]\s]{1,60}\] |[a-z]{2}: |« )?")


def _print_hanging(console: Console, line: RichText) -> None:
    """``line`` wrapped at spaces to the console's width, each next line indented to where its
    text began (a hanging indent). A URL alone on its line and too long for it is written
    whole, for the terminal to wrap, so that it copies and opens whole."""
    width = console.width
    indent = len(_HANG.match(line.plain).group())  # type: ignore[union-attr]
    if indent > HANG_MAX:  # (a long bracketed id): the next lines start a little in
        indent = len(line.plain) - len(line.plain.lstrip()) + 4
    if indent > width // 2:
        indent = 0
    body = line[indent:]
    room = width - indent
    if cell_len(body.plain) <= room:
        console.print(line, no_wrap=True, overflow="ignore")
        return
    lone = body.plain.strip()
    if " " not in lone and lone.startswith(("http://", "https://")):
        console.print(line, soft_wrap=True)
        return
    for number, part in enumerate(body.wrap(console, room, overflow="fold")):
        part.rstrip()
        head = line[:indent] if number == 0 else RichText(" " * indent)
        console.print(RichText.assemble(head, part), no_wrap=True, overflow="ignore")


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
        line.append(safe(quote(source.title, lang) if source.title else marked(source.description, lang)))
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


def _event_list(
    lines: list[RichText],
    events: Sequence[Event],
    lang: str,
    *,
    name: str = "events",
    role: Callable[[Event], str] | None = None,
) -> None:
    """``Events (n)``, then each event's dates, title, ``role`` in it if given, and id."""
    _heading(lines, name, lang, len(events))
    for event in events:
        lines.append(_event_line(event, lang, role(event) if role else ""))


def _event_line(event: Event, lang: str, role: str = "") -> RichText:
    line = RichText("  • ")
    line.append(format_span(event.date, event.end_date, lang), style="cyan")
    line.append("  ")
    line.append_text(title_text(event, lang))
    if role:
        line.append(f" — {safe(role)}", style="italic")
    line.append(f" [{event.id}]", style="dim")
    return line


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
            line.append(f" ({safe(marked(form.note, lang))})", style="dim")
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
        note = f" — {safe(marked(event.verification_note, lang))}" if event.verification_note else ""
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
        related = [dataset.events_by_id.get(r) for r in event.related]
        _heading(lines, "related", lang)
        lines += [
            _event_line(r, lang) if r else RichText(f"  • [{safe(i)}]")
            for i, r in zip(event.related, related, strict=True)
        ]
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
        wanted = Filters(actor=actor.id)
        _event_list(lines, events, lang, role=lambda event: part_in(dataset, event, wanted, lang))
    cited = [*actor.sources, *(r.source for r in actor.roles if r.source), *(f.source for f in actor.facts)]
    if cited:
        _heading(lines, "sources", lang)
        lines.extend(_source_lines(dataset, dict.fromkeys(cited), lang))
    return lines


def _source_record_lines(source: Source, events: Sequence[Event], lang: str) -> list[RichText]:
    lines = [RichText(safe(source.title or marked(source.description, lang) or source.id), style="bold"), RichText()]
    for name in ("id", "description", "publisher", "language"):
        value = marked(source.description, lang) if name == "description" else getattr(source, name)
        if value and not (name == "description" and not source.title):
            _field(lines, name, safe(value), lang)
    if source.published:
        _field(lines, "published", format_date(source.published, lang), lang)
    if source.url:
        _field(lines, "url", _link(source.url), lang)
    if events:
        _event_list(lines, events, lang)
    return lines


def _topic_lines(topic: Topic, events: Sequence[Event], lang: str) -> list[RichText]:
    lines = [RichText(safe(marked(topic.label, lang)), style="bold")]
    _field(lines, "id", topic.id, lang)
    _field(lines, "synonyms", safe(", ".join(topic.synonyms_fr + topic.synonyms_en)), lang)
    if events:
        _event_list(lines, events, lang)
    return lines
