"""Partial dates: parsing (ISO, French and English words), comparison and display."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .i18n import message
from .model import PartialDate, Precision, days_in_month
from .textnorm import fold

if TYPE_CHECKING:
    from dateutil.parser import parserinfo

# Compiled on first use (by re's own cache), not on every start
_ISO = r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
_DAY = r"(\d{1,2})(?:er|e|st|nd|rd|th)?"
_SLASHED = r"\d{1,4}[/.]\d{1,2}[/.]\d{1,4}"

MONTHS_SHORT = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip
_MONTH_NAMES = (
    ("jan", "january", "janv", "janvier"),
    ("feb", "february", "fev", "fevr", "fevrier"),
    ("mar", "march", "mars"),
    ("apr", "april", "avr", "avril"),
    ("may", "mai"),
    ("jun", "june", "juin"),
    ("jul", "july", "juil", "juillet"),
    ("aug", "august", "aout"),
    ("sep", "sept", "september", "septembre"),
    ("oct", "october", "octobre"),
    ("nov", "november", "novembre"),
    ("dec", "december", "decembre"),
)
DATE_FORMS = "2024, 2024-07, 2024-07-01, juillet 2024, 1er juillet 2024, July 2024, 1 July 2024"


class InvalidDate(ValueError):
    """A date string that is not a valid partial date; the message says what would be.

    ``key`` and ``params`` name the message in i18n.MESSAGES; str() is its English text (what a
    data file's problem says).
    """

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(message(key, "en", **params))
        self.key = key
        self.params = params


def parse_iso(text: str) -> PartialDate:
    """``2024``, ``2024-07`` or ``2024-07-01``, checked against the calendar."""
    match = re.fullmatch(_ISO, text.strip())
    if not match:
        raise InvalidDate("date.not_a_date", text=text)
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year < 1:
        raise InvalidDate("date.year", text=text, year=f"{year:04d}")
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate("date.month", text=text, month=f"{month:02d}")
    if month is not None and day is not None:
        last = days_in_month(year, month)
        if not 1 <= day <= last:
            raise InvalidDate(
                "date.day", text=text, day=f"{day:02d}", month=f"{month:02d}", year=str(year), last=str(last)
            )
    return PartialDate(year, month, day)


def _month_info() -> parserinfo:
    from dateutil.parser import parserinfo  # heavy: only for a date written in words

    class _BilingualMonths(parserinfo):
        MONTHS: list[Any] = [tuple(names) for names in _MONTH_NAMES]  # noqa: RUF012 (dateutil's API)

    return _BilingualMonths()


def parse_user_date(text: str) -> PartialDate:
    """A date typed by a user: ISO, or French or English words (``1er juillet 2024``)."""
    stripped = text.strip()
    if not stripped:
        raise UsageError.of("date.empty", forms=DATE_FORMS)
    if re.fullmatch(_ISO, stripped):
        try:
            return parse_iso(stripped)
        except InvalidDate as exc:
            raise UsageError.of(exc.key, **exc.params) from None
    if re.fullmatch(_SLASHED, stripped):
        raise UsageError.of("date.ambiguous", text=stripped)
    parsed = _parse_words(stripped)
    if parsed is None:
        raise UsageError.of("date.unrecognized", text=stripped, forms=DATE_FORMS)
    return parsed


def _parse_words(text: str) -> PartialDate | None:
    words = [w.rstrip(".") for w in fold(text).replace(",", " ").split()]
    if len(words) not in (2, 3) or len(words[-1]) != 4 or not words[-1].isdigit():
        return None
    info = _month_info()
    year = int(words[-1])
    if len(words) == 2:
        month = info.month(words[0])
        day_text = None
    else:
        # "1 July 2024", "1er juillet 2024" or "July 1 2024"
        month = info.month(words[1])
        day_text = words[0]
        if month is None:
            month, day_text = info.month(words[0]), words[1]
    if month is None:
        return None
    iso = f"{year:04d}-{month:02d}"
    if day_text is not None:
        day = re.fullmatch(_DAY, day_text)
        if not day:
            return None
        iso += f"-{int(day.group(1)):02d}"
    try:
        return parse_iso(iso)
    except InvalidDate as exc:
        raise UsageError.of(exc.key, **{**exc.params, "text": text}) from None


def date_in_text(text: str | None) -> PartialDate | None:
    """The one day a text states in words (``le 29 mai 2024``, ``on 23 January 2024``), if exactly one."""
    if not text:
        return None
    words = fold(text).replace(",", " ").split()
    found = set()
    for n in range(len(words) - 2):
        day, month, year = words[n : n + 3]
        if re.fullmatch(_DAY, day) and len(year.rstrip(".")) == 4 and year.rstrip(".").isdigit():
            try:
                date = _parse_words(f"{day} {month} {year.rstrip('.')}")
            except UsageError:
                date = None
            if date is not None:
                found.add(date)
    return found.pop() if len(found) == 1 else None


def overlaps(start: PartialDate, end: PartialDate, lo: PartialDate | None, hi: PartialDate | None) -> bool:
    """Whether the period start..end meets lo..hi; partial dates cover their whole period."""
    if lo is not None and end.last_day() < lo.first_day():
        return False
    return not (hi is not None and start.first_day() > hi.last_day())


def format_date(date: PartialDate, lang: str) -> str:
    """``1 juil. 2024`` / ``Jul 1, 2024``, ``juil. 2024`` / ``Jul 2024``, ``2024``."""
    if date.month is None:
        return str(date.year)
    month = MONTHS_SHORT[lang][date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{date.day} {month} {date.year}" if lang == "fr" else f"{month} {date.day}, {date.year}"


def format_span(start: PartialDate, end: PartialDate | None, lang: str) -> str:
    """``18 juin – 12 juil. 2024`` / ``Jun 18 – Jul 12, 2024``; one date when there is no span."""
    if end is None or end == start:
        return format_date(start, lang)
    same_year_days = (
        start.year == end.year and start.precision == end.precision == Precision.DAY and start.month and end.month
    )
    if not same_year_days:
        return f"{format_date(start, lang)} – {format_date(end, lang)}"
    assert start.month is not None
    assert end.month is not None
    s_month, e_month = MONTHS_SHORT[lang][start.month - 1], MONTHS_SHORT[lang][end.month - 1]
    if lang == "fr":
        if start.month == end.month:
            return f"{start.day}–{end.day} {e_month} {end.year}"
        return f"{start.day} {s_month} – {end.day} {e_month} {end.year}"
    if start.month == end.month:
        return f"{s_month} {start.day}–{end.day}, {end.year}"
    return f"{s_month} {start.day} – {e_month} {end.day}, {end.year}"
