"""Records flattened to text cells, one per field, for CSV and Markdown.

Cells are made from the records themselves (dates from ``PartialDate``, names from the
dataset), never from the JSON objects. CSV keeps machine values (ISO dates, ids, kinds);
Markdown writes dates in the reader's language, kinds as words and actors by name. Both give
text fields in the reader's language, marked ``[en]`` / ``[fr]`` when only the other has it.
Lists of ids are joined by ``;`` in CSV and ``, `` in Markdown; lists of texts (facts, roles)
are one item a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from govai_cli.dates import format_date, format_span
from govai_cli.i18n import label
from govai_cli.model import Dataset, Event, Fact, PartialDate, Text, Topic

from .human import actor_name, kind_label, marked, other_lang, role_text, title_label

if TYPE_CHECKING:
    from govai_cli.query import ActorRow, TopicRow
    from govai_cli.search import Hit


class Flattener:
    """Turns records into text cells: ``human`` for Markdown, else for CSV."""

    def __init__(self, dataset: Dataset, lang: str, *, human: bool) -> None:
        self.dataset = dataset
        self.lang = lang
        self.human = human
        self.separator = ", " if human else ";"

    def row(self, kind: str, item: Any, names: Sequence[str]) -> list[str]:
        """The cells ``names`` of one row of ``kind`` (a key of ``contract.FIELDS``)."""
        columns = COLUMNS[kind]
        return [columns[name](self, item) for name in names]

    def join(self, values: Iterable[str]) -> str:
        return self.separator.join(values)

    def text(self, text: Text | None) -> str:
        return marked(text, self.lang)

    def date(self, date: PartialDate | None) -> str:
        if date is None:
            return ""
        return format_date(date, self.lang) if self.human else date.iso()

    def span(self, start: PartialDate, end: PartialDate | None) -> str:
        return format_span(start, end, self.lang) if self.human else start.iso()

    def word(self, value: str | None, *, kind: bool = False) -> str:
        """A kind or a mark: in the reader's words for Markdown, as it is for CSV."""
        if not value or not self.human:
            return value or ""
        return kind_label(value, self.lang) if kind else label(value, self.lang)

    def name(self, actor_id: str | None, *, short: bool = False) -> str:
        if not self.human:
            return actor_id or ""
        return actor_name(self.dataset, actor_id, self.lang, short=short)

    def facts(self, facts: Sequence[Fact]) -> str:
        return "\n".join(f"{marked(f.text, self.lang)} [{f.source}]" for f in facts)

    def title(self, event: Event) -> str:
        """Markdown marks a press or translated title, as the table does; CSV only the language."""
        return str(title_label(event, self.lang)) if self.human else marked(event.title.text(), self.lang)

    def title_status(self, event: Event) -> str:
        """The status of the title shown (the reader's language, else the other)."""
        got = event.title.form(self.lang)
        status = got[0].status if got else None
        if not status:
            return ""
        return label("status." + status, self.lang) if self.human else status

    def title_note(self, event: Event) -> str:
        """The note of the title shown (the reader's language, else the other), in the reader's language."""
        got = event.title.form(self.lang)
        return self.text(got[0].note if got else None)


Column = Callable[[Flattener, Any], str]

_EVENT: dict[str, Column] = {
    "id": lambda f, e: e.id,
    "date": lambda f, e: f.span(e.date, e.end_date),
    "end_date": lambda f, e: f.date(e.end_date),
    "kind": lambda f, e: f.word(e.kind, kind=True),
    "body": lambda f, e: f.name(e.body, short=True),
    "session": lambda f, e: e.session or "",
    "symbol": lambda f, e: e.symbol or "",
    "other_symbols": lambda f, e: f.join(e.other_symbols),
    "title": Flattener.title,
    "title_status": Flattener.title_status,
    "title_note": Flattener.title_note,
    "summary": lambda f, e: f.text(e.summary),
    "location": lambda f, e: f.text(e.location),
    "actors": lambda f, e: f.join(f.name(p.actor_id) for p in e.actors),
    "topics": lambda f, e: f.join(e.topics),
    "facts": lambda f, e: f.facts(e.facts),
    "sources": lambda f, e: f.join(s for s in e.sources if s in f.dataset.sources_by_id),
    "related": lambda f, e: f.join(e.related),
    "verification": lambda f, e: f.word(e.verification),
    "verification_note": lambda f, e: f.text(e.verification_note),
}

_ACTOR: dict[str, Column] = {
    "id": lambda f, a: a.id,
    "kind": lambda f, a: f.word(a.kind, kind=True),
    "name": lambda f, a: f.text(a.name),
    "short_name": lambda f, a: f.text(a.short_name),
    "aliases": lambda f, a: f.join(a.aliases),
    "country": lambda f, a: a.country or "",
    "roles": lambda f, a: "\n".join(role_text(r, f.lang) for r in a.roles),
    "facts": lambda f, a: f.facts(a.facts),
    "sources": lambda f, a: f.join(a.sources),
    "part_of": lambda f, a: a.part_of or "",
}

_SOURCE: dict[str, Column] = {
    "id": lambda f, s: s.id,
    "title": lambda f, s: s.title or "",
    "description": lambda f, s: f.text(s.description),
    "publisher": lambda f, s: s.publisher or "",
    "published": lambda f, s: f.date(s.published),
    "language": lambda f, s: s.language or "",
    "url": lambda f, s: s.url or "",
    "kind": lambda f, s: f.word(s.kind, kind=True),
}

_TOPIC: dict[str, Column] = {
    "id": lambda f, t: t.id,
    "label": lambda f, t: f.text(t.label),
    "synonyms": lambda f, t: f.join(_synonyms(t, f.lang)),
}


def _synonyms(topic: Topic, lang: str) -> tuple[str, ...]:
    """The reader's language first."""
    both = {"fr": topic.synonyms_fr, "en": topic.synonyms_en}
    return (*both[lang], *both[other_lang(lang)])


def _of_event(column: Column) -> Column:
    return lambda f, hit: column(f, hit.event)


def _of_actor(column: Column) -> Column:
    return lambda f, row: column(f, row.actor)


def _matched(f: Flattener, hit: Hit) -> str:
    return f.join(label("field." + m, f.lang) for m in hit.matched) if f.human else f.join(hit.matched)


def _events(f: Flattener, row: ActorRow | TopicRow) -> str:
    return str(row.event_count)


def _of_topic(column: Column) -> Column:
    return lambda f, row: column(f, row.topic)


# How each field of each row kind becomes a cell; the keys are ``contract.FIELDS``' (a test
# holds them equal).
COLUMNS: dict[str, dict[str, Column]] = {
    "event": _EVENT,
    "hit": {**{n: _of_event(c) for n, c in _EVENT.items()}, "score": lambda f, h: str(h.score), "matched": _matched},
    "actor": _ACTOR,
    "actor_row": {**{n: _of_actor(c) for n, c in _ACTOR.items()}, "events": _events},
    "source": _SOURCE,
    "topic": _TOPIC,
    "topic_row": {**{n: _of_topic(c) for n, c in _TOPIC.items()}, "events": _events},
}
