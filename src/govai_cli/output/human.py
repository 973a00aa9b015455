"""What people read, as plain text: names, marked titles, roles, captions, the density strip.

Shared by the Rich tables and the Markdown (and CSV) writers, so a title's markers or a
caption are written once. Texts come back raw: each format makes them safe its own way (the
tables with ``textnorm.safe``, Markdown by escaping; CSV keeps the data as it is).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from msgspec.structs import replace

from govai_cli.countries import country_name
from govai_cli.dates import format_date
from govai_cli.i18n import KIND_LABELS, LABELS, ROLE_LABELS, label, plural
from govai_cli.model import MARKED_STATUSES, Dataset, Event, Filters, PartialDate, Precision, Role, Text

from .results import ActorsResult, RecordResult, Result, SearchResult, TimelineResult, TopicsResult, record_kind


def other_lang(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def pick(text: Text | None, lang: str) -> tuple[str, bool]:
    """Text in ``lang``, else the other language; the flag says a fallback was used."""
    got = text.get(lang) if text else None
    if got is None:
        return "", False
    return got[0], got[1] != lang


def marked(text: Text | None, lang: str) -> str:
    """Text in ``lang``, else the other language's followed by ``[en]`` / ``[fr]``."""
    got = text.get(lang) if text else None
    if got is None:
        return ""
    return got[0] + ("" if got[1] == lang else f" [{got[1]}]")


class TitleLabel(NamedTuple):
    """An event's title as shown to people: the text and its two markers, kept apart for styling."""

    text: str
    fallback: str | None  # the language shown when the title is not in the reader's
    status: str | None  # a status of model.MARKED_STATUSES (press, translation…), in the reader's words

    def __str__(self) -> str:
        return self.text + "".join(f" [{mark}]" for mark in (self.fallback, self.status) if mark)


def title_label(event: Event, lang: str) -> TitleLabel:
    """The title in ``lang`` (else the other language, marked) and its status marker; else the id."""
    got = event.title.form(lang)
    if got is None:
        return TitleLabel(event.id, None, None)
    form, used = got
    status = label("status." + form.status, lang) if form.status in MARKED_STATUSES else None
    return TitleLabel(form.text, None if used == lang else used, status)


def actor_name(dataset: Dataset, actor_id: str | None, lang: str, *, short: bool = False) -> str:
    """An actor's name (``short``: its short name, if it has one); the id of an unknown actor."""
    if actor_id is None:
        return ""
    actor = dataset.actors_by_id.get(actor_id)
    if actor is None:
        return actor_id
    if short and actor.short_name is not None:
        return pick(actor.short_name, lang)[0]
    return pick(actor.name, lang)[0]


def kind_label(kind: str, lang: str) -> str:
    """An event, actor or source kind in the reader's words."""
    return label(kind, lang, KIND_LABELS if kind in KIND_LABELS else LABELS)


def role_span(role: Role) -> str:
    """`` (2019-05–2024)``: when a role was held, if known."""
    if not (role.start or role.end):
        return ""
    return f" ({role.start.iso() if role.start else '…'}–{role.end.iso() if role.end else ''})"


def role_text(role: Role, lang: str) -> str:
    return marked(role.title, lang) + role_span(role)


def part_in(dataset: Dataset, event: Event, filters: Filters, lang: str) -> str:
    """What the actor (``--actor``) or the country (``--country``) asked for did in ``event``:
    ``abstention``, ``Chine : coauteur; Fu Cong : présentation``; the forum it is the
    ``instance`` of; empty when neither was asked or the event does not say."""
    if not (filters.actor or filters.country):
        return ""
    actors = dataset.actors_by_id
    parts = [
        p
        for p in event.actors
        if p.actor_id == filters.actor
        or (filters.country and p.actor_id in actors and actors[p.actor_id].country == filters.country)
    ]
    if not parts and filters.actor and filters.actor == event.body:
        return label("forum", lang).lower()
    states = [p for p in parts if p.actor_id in actors and actors[p.actor_id].kind == "state"]
    parts = states or parts  # a country's own part; else its people's, by name
    named = filters.country is not None and (not states or len({p.actor_id for p in parts}) > 1)
    texts = [
        (f"{actor_name(dataset, p.actor_id, lang)}{label('colon', lang)}" if named else "")
        + label(p.role, lang, ROLE_LABELS)
        for p in parts
    ]
    return "; ".join(dict.fromkeys(texts))


# ---------------------------------------------------------------- captions


def _country_label(dataset: Dataset, code: str, lang: str) -> str:
    for actor in dataset.actors:
        if actor.kind == "state" and actor.country == code:
            return pick(actor.name, lang)[0]
    return country_name(code, lang)


def _range_label(start: PartialDate | None, end: PartialDate | None, lang: str) -> str:
    if start and end:
        if start == end:
            return format_date(start, lang)
        if start.precision == end.precision == Precision.YEAR:
            return f"{start.year}–{end.year}"
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    if start:
        return label("caption.since", lang).format(value=format_date(start, lang))
    assert end is not None
    return label("caption.until", lang).format(value=format_date(end, lang))


def caption(
    dataset: Dataset,
    filters: Filters,
    lang: str,
    *,
    noun: str,
    count: int,
    total: int | None = None,
    events: Sequence[Event] = (),
    text: str | None = None,
) -> str:
    """One line saying what was asked and found: ``12 événements · pays : Chine · 2019–2024``.

    The date range asked for is shown; without one, the years the events found cover.
    """
    head = plural(noun, count, lang)
    if total is not None and total > count:
        head = label("caption.of_total", lang).format(count=head, total=total)
    if text is not None:
        head = label("caption.search", lang).format(count=head, text=text)
    parts = [head]
    if filters.country:
        parts.append(label("caption.country", lang).format(value=_country_label(dataset, filters.country, lang)))
    if filters.body:
        key = "caption.body_parts" if len(filters.bodies) > 1 else "caption.body"
        parts.append(label(key, lang).format(value=actor_name(dataset, filters.body, lang, short=True)))
    if filters.actor:
        parts.append(label("caption.actor", lang).format(value=actor_name(dataset, filters.actor, lang)))
    if filters.topic:
        topic = dataset.topics_by_id.get(filters.topic)
        name = pick(topic.label, lang)[0] if topic else filters.topic
        parts.append(label("caption.topic", lang).format(value=name))
    if filters.kind:
        parts.append(label("caption.kind", lang).format(value=kind_label(filters.kind, lang)))
    if filters.date_from or filters.date_to:
        parts.append(_range_label(filters.date_from, filters.date_to, lang))
    elif events:
        first = min(e.date.year for e in events)
        last = max(e.end.year for e in events)
        parts.append(str(first) if first == last else f"{first}–{last}")
    return " · ".join(parts)


def corrections_text(corrected: Sequence[tuple[str, str]], lang: str) -> str:
    """`` · corrigé : unseco → unesco``, or nothing when no word was corrected."""
    if not corrected:
        return ""
    pairs = ", ".join(f"{typed} → {used}" for typed, used in corrected)
    return " · " + label("caption.corrected", lang).format(pairs=pairs)


def caption_of(result: Result, lang: str) -> str:
    """The caption over a result's table or Markdown; empty for ``govai info``."""
    if isinstance(result, TimelineResult):
        count, total, events = len(result.events), result.total, result.events
        return caption(result.dataset, result.filters, lang, noun="events", count=count, total=total, events=events)
    if isinstance(result, SearchResult):
        events = tuple(h.event for h in result.hits)
        line = caption(
            result.dataset, result.filters, lang, noun="results", count=len(result.hits), total=result.total,
            events=events, text=result.text,
        )  # fmt: skip
        return line + corrections_text(result.corrected, lang)
    if isinstance(result, ActorsResult):
        asked = replace(result.filters, kind=result.actor_kind or result.filters.kind)
        return caption(result.dataset, asked, lang, noun="actors", count=len(result.rows), total=result.total)
    if isinstance(result, TopicsResult):
        return plural("topics", len(result.rows), lang)
    if isinstance(result, RecordResult):
        kind = label("record." + record_kind(result.record), lang)
        return label("caption.record", lang).format(kind=kind, id=result.record.id)
    return ""


# ---------------------------------------------------------------- density strip

BLOCKS = "▁▂▃▄▅▆▇█"


def density_strip(years: Sequence[int], width: int, lang: str) -> tuple[str, str, str, str]:
    """Events per year as Unicode blocks, fitted to ``width``: (first year, bars, last year, note).

    A year without events is a blank; when the years outnumber the room, each bar is a run of
    years. The note gives the count the tallest bar stands for, if it fits.
    """
    first, last = min(years), max(years)
    span = last - first + 1
    labels = len(str(first)) + len(str(last)) + 2
    step = -(-span // max(width - labels, 1))
    counts = [0] * -(-span // step)
    for year in years:
        counts[(year - first) // step] += 1
    peak = max(counts)
    bars = "".join(" " if c == 0 else BLOCKS[-(-c * len(BLOCKS) // peak) - 1] for c in counts)
    key = "strip.peak" if step == 1 else "strip.peak_step"
    note = label(key, lang).format(count=peak, step=step)
    if labels + len(bars) + 2 + len(note) + 2 > width:
        note = ""
    return str(first), bars, "" if first == last else str(last), note
