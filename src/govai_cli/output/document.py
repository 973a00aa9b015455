"""``govai show --format md``: one record as a Markdown document, to paste into notes or a report.

A heading (the title, the name), the record's fields as a list (dates first), the summary, the
facts each followed by a numbered citation (``[1]``, ``[2]``…), then the sources as a numbered
list in that order: title, publisher, date, address. Labels follow ``--lang``.

Written for CommonMark and GitHub: data text goes through ``inline``, so it never turns into
markup, a link or a table cell (``\\`` ``*`` ``_`` ``[`` ``]`` ``<`` ``>`` ``|`` ``~`` ``#`` ``&``
and the backtick are escaped, a line break is a space), and ``block`` also escapes what would
open a list or a quote at the start of a line. Addresses are autolinks only when they are plain
web addresses (``textnorm.WEB_URL``); any other is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import IO

from govai_cli.dates import format_date, format_span
from govai_cli.i18n import ROLE_LABELS, label, quote
from govai_cli.model import Actor, Dataset, Event, Fact, Source, Topic
from govai_cli.textnorm import WEB_URL, safe

from .human import actor_name, kind_label, marked, pick, role_span, title_label
from .results import RecordResult

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
_BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])|([-+=>]))")


def inline(text: str) -> str:
    """Data text as Markdown text on one line: every character that means markup escaped."""
    return _INLINE_SPECIAL.sub(r"\\\1", safe(" ".join(text.split())))


def block(text: str) -> str:
    """``inline``, for the start of a line: ``1. x``, ``- x``, ``> x`` stay text."""
    return _BLOCK_START.sub(lambda m: (m[1] + "\\" + m[2]) if m[1] else "\\" + m[3], inline(text), count=1)


def link(url: str) -> str:
    return f"<{url}>" if WEB_URL.fullmatch(url) else inline(url)


def code(text: str) -> str:
    """An id as a code span (ids never hold a backtick; anything else is escaped text)."""
    return f"`{safe(text)}`" if "`" not in text and text.strip() == text and text else inline(text)


class Citations:
    """The sources a document cites, numbered in the order given: the record's own sources, then
    those its facts, roles or titles cite (``Event.cited_source_ids`` for an event)."""

    def __init__(self, dataset: Dataset, source_ids: Iterable[str]) -> None:
        self.sources = [dataset.sources_by_id[s] for s in dict.fromkeys(source_ids) if s in dataset.sources_by_id]
        self.number = {s.id: n for n, s in enumerate(self.sources, 1)}

    def mark(self, source_id: str | None) -> str:
        if source_id is None:
            return ""
        number = self.number.get(source_id)
        return f" [{number}]" if number is not None else f" [{code(source_id)}]"

    def lines(self, lang: str) -> list[str]:
        if not self.sources:
            return []
        return [
            "",
            f"## {label('sources', lang)}",
            "",
            *(f"{n}. {_source_entry(s, lang)}" for n, s in enumerate(self.sources, 1)),
        ]


def _source_entry(source: Source, lang: str) -> str:
    """``*Title*. Publisher, 1 July 2024 (en). <https://…> (`id`)``; a description in brackets."""
    text = f"*{inline(source.title)}*" if source.title else block(f"[{marked(source.description, lang) or source.id}]")
    details = [inline(source.publisher)] if source.publisher else []
    if source.published:
        details.append(format_date(source.published, lang))
    entry = text + (". " + ", ".join(details) if details else "")
    if source.language:
        entry += f" ({inline(source.language)})"
    entry += "."
    if source.url:
        entry += " " + link(source.url)
    return f"{entry} ({code(source.id)})"


def _field(lines: list[str], name: str, value: str, lang: str, qualifier: str = "") -> None:
    """``- **Date:** value`` (``- **Date :** value`` in French); nothing for an empty value."""
    if value:
        colon = " :" if lang == "fr" else ":"
        lines.append(f"- **{label(name, lang)}{qualifier}{colon}** {value}")


def _facts(facts: Sequence[Fact], citations: Citations, lang: str) -> list[str]:
    if not facts:
        return []
    lines = ["", f"## {label('facts', lang)}", ""]
    for fact in facts:
        lines.append(f"- {block(marked(fact.text, lang))}{citations.mark(fact.source)}")
        if fact.quote:
            lines.append(f"  > {quote(inline(fact.quote), lang)}")
    return lines


def _events(events: Sequence[Event], lang: str) -> list[str]:
    if not events:
        return []
    lines = ["", f"## {label('events', lang)} ({len(events)})", ""]
    for event in events:
        span = format_span(event.date, event.end_date, lang)
        lines.append(f"- {span} — {inline(str(title_label(event, lang)))} ({code(event.id)})")
    return lines


def _event(dataset: Dataset, event: Event, lang: str) -> list[str]:
    citations = Citations(dataset, event.cited_source_ids)
    lines = [f"# {inline(str(title_label(event, lang)))}", ""]
    iso = event.date.iso() + (f" → {event.end_date.iso()}" if event.end_date else "")
    _field(lines, "date", f"{format_span(event.date, event.end_date, lang)} ({iso})", lang)
    _field(lines, "kind", kind_label(event.kind, lang), lang)
    _field(lines, "forum", inline(actor_name(dataset, event.body, lang)), lang)
    _field(lines, "session", inline(event.session or ""), lang)
    _field(lines, "symbol", inline(event.symbol or ""), lang)
    _field(lines, "other_symbols", inline(", ".join(event.other_symbols)), lang)
    _field(lines, "location", inline(marked(event.location, lang)), lang)
    for code_lang in ("fr", "en"):
        form = getattr(event.title, code_lang)
        if form is not None:
            status = label("status." + (form.status or "unknown"), lang)
            note = f" — {inline(marked(form.note, lang))}" if form.note else ""
            value = f"{inline(form.text)} ({status}){citations.mark(form.source)}{note}"
            _field(lines, "title", value, lang, qualifier=f" ({code_lang})")
    if event.verification:
        note = f" — {inline(marked(event.verification_note, lang))}" if event.verification_note else ""
        _field(lines, "verification", label(event.verification, lang) + note, lang)
    topics = [marked(dataset.topics_by_id[t].label, lang) for t in event.topics if t in dataset.topics_by_id]
    _field(lines, "topics", inline(", ".join(topics)), lang)
    _field(lines, "related", ", ".join(code(r) for r in event.related), lang)
    _field(lines, "id", code(event.id), lang)
    summary = marked(event.summary, lang)
    if summary:
        lines += ["", block(summary)]
    if event.actors:
        lines += ["", f"## {label('actors', lang)}", ""]
        for part in event.actors:
            role = label(part.role, lang, ROLE_LABELS)
            lines.append(f"- {block(actor_name(dataset, part.actor_id, lang))} — {role} ({code(part.actor_id)})")
    return lines + _facts(event.facts, citations, lang) + citations.lines(lang)


def _actor(dataset: Dataset, actor: Actor, events: Sequence[Event], lang: str) -> list[str]:
    cited = [*actor.sources, *(r.source for r in actor.roles if r.source), *(f.source for f in actor.facts)]
    citations = Citations(dataset, cited)
    name, _ = pick(actor.name, lang)
    lines = [f"# {inline(marked(actor.name, lang))}", ""]
    other = actor.name.en if lang == "fr" else actor.name.fr
    if other and other != name:
        _field(lines, "name", inline(other), lang)
    _field(lines, "kind", label(actor.kind, lang), lang)
    _field(lines, "country", inline(actor.country or ""), lang)
    _field(lines, "aliases", inline(", ".join(actor.aliases)), lang)
    _field(lines, "id", code(actor.id), lang)
    if actor.roles:
        lines += ["", f"## {label('roles', lang)}", ""]
        for role in actor.roles:
            where = f" — {inline(actor_name(dataset, role.organization, lang))}" if role.organization else ""
            lines.append(f"- {block(marked(role.title, lang))}{where}{role_span(role)}{citations.mark(role.source)}")
    return lines + _facts(actor.facts, citations, lang) + _events(events, lang) + citations.lines(lang)


def _source(source: Source, events: Sequence[Event], lang: str) -> list[str]:
    lines = [f"# {inline(source.label(lang))}", ""]
    if source.title:
        _field(lines, "description", inline(marked(source.description, lang)), lang)
    _field(lines, "publisher", inline(source.publisher or ""), lang)
    _field(lines, "published", format_date(source.published, lang) if source.published else "", lang)
    _field(lines, "language", inline(source.language or ""), lang)
    _field(lines, "url", link(source.url) if source.url else "", lang)
    _field(lines, "id", code(source.id), lang)
    return lines + _events(events, lang)


def _topic(topic: Topic, events: Sequence[Event], lang: str) -> list[str]:
    lines = [f"# {inline(marked(topic.label, lang))}", ""]
    _field(lines, "synonyms", inline(", ".join(topic.synonyms_fr + topic.synonyms_en)), lang)
    _field(lines, "id", code(topic.id), lang)
    return lines + _events(events, lang)


def write_document(result: RecordResult, lang: str, out: IO[str]) -> None:
    """The record of ``result`` as a Markdown document, in ``lang``."""
    record, events = result.record, result.events
    if isinstance(record, Event):
        lines = _event(result.dataset, record, lang)
    elif isinstance(record, Actor):
        lines = _actor(result.dataset, record, events, lang)
    elif isinstance(record, Source):
        lines = _source(record, events, lang)
    else:
        lines = _topic(record, events, lang)
    out.write("\n".join(lines) + "\n")
