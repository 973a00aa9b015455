"""Dates: what a user may type (ISO, French and English words), partial dates kept at their
precision whatever today is, the order of mixed precisions, the overlap rule, and how dates read.

Bad-input checklist items D5.28, D5.30-32 (map: tests/README.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govai_cli.dates import format_date, format_span, overlaps, parse_iso, parse_user_date
from govai_cli.errors import UsageError
from govai_cli.model import PartialDate, Precision, days_in_month

from . import properties
from .conftest import GOOD, Run
from .helpers import clean_error, data, event, event_file
from .properties import PROPERTIES

# ---------------------------------------------------------------- what a user may type


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2024", "2024", Precision.YEAR),
        ("2024-07", "2024-07", Precision.MONTH),
        ("2024-07-01", "2024-07-01", Precision.DAY),
        ("juillet 2024", "2024-07", Precision.MONTH),
        ("1er juillet 2024", "2024-07-01", Precision.DAY),
        ("July 2024", "2024-07", Precision.MONTH),
        ("1 July 2024", "2024-07-01", Precision.DAY),
        ("July 1, 2024", "2024-07-01", Precision.DAY),
        ("Sept. 2021", "2021-09", Precision.MONTH),
        ("juin 2020", "2020-06", Precision.MONTH),
        ("août 2024", "2024-08", Precision.MONTH),
        ("aout 2024", "2024-08", Precision.MONTH),
        ("29 février 2024", "2024-02-29", Precision.DAY),
    ],
)
def test_parse_user_date(text: str, iso: str, precision: Precision) -> None:
    date = parse_user_date(text)
    assert date.iso() == iso
    assert date.precision is precision


@pytest.mark.parametrize(
    "text", ["01/07/2024", "2024-02-30", "29 février 2023", "2024-00", "2024-1", "juillet", "soon"]
)
def test_parse_user_date_refuses(text: str) -> None:
    with pytest.raises(UsageError):
        parse_user_date(text)


@given(PROPERTIES["date parsing is total"][1])
def test_parse_user_date_is_total(text: str) -> None:
    properties.check_parse_user_date_is_total(text)


@pytest.mark.parametrize(
    ("text", "iso"), [("juin 2020", "2020-06"), ("1er juillet 2024", "2024-07-01"), ("Sept. 2021", "2021-09")]
)
def test_dates_in_words_keep_their_precision(text: str, iso: str) -> None:
    assert parse_user_date(text).iso() == iso


def test_dates_in_words_are_never_fuzzy(run: Run) -> None:
    for text in ["juin", "20 juin", "juin 20", "next june", "2020 juin 15 extra", "Juneteenth 2020"]:
        clean_error(
            run("timeline", "--data", str(GOOD), "--from", text), 2, "date non reconnue", "formes possibles : 2024"
        )
        english = run("timeline", "--data", str(GOOD), "--from", text, "--lang", "en")
        clean_error(english, 2, "unrecognized date", "use one of 2024")


def test_iso_means_iso_in_french_and_slashes_are_refused(run: Run, tmp_path: Path) -> None:
    event_file(tmp_path, event("january", date="2024-01-07"), "a.yaml")
    event_file(tmp_path, event("july", date="2024-07-01"), "b.yaml")
    env = {"LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8"}
    result = run(
        "timeline", "--data", str(tmp_path), "--from", "2024-07-01", "--format", "json", "--lang", "fr", env=env
    )
    assert [r["id"] for r in json.loads(result.stdout)] == ["july"]
    for option in ("--from", "--to"):
        stderr = clean_error(run("timeline", "--data", str(tmp_path), option, "01/07/2024", env=env), 2)
        assert (
            "date ambiguë « 01/07/2024 » : écrivez-la en ISO AAAA-MM-JJ (pour le 1er juillet 2024 : 2024-07-01)"
            in stderr
        )


@pytest.mark.parametrize("bad", ["01/07/2024", "2024-02-30", "2024-13", "0000-00-00", "99999999999", "", "demain"])
def test_bad_dates_are_usage_errors(run: Run, bad: str) -> None:
    result = run("timeline", *data("--from", bad))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert "YYYY" in result.stderr or "AAAA" in result.stderr or "2024" in result.stderr


OUT_OF_RANGE = [
    ("--from", "0000-00-00", "invalid year 0000"),
    ("--from", "99999999999", "unrecognized date"),
    ("--from", "10000-01-01", "unrecognized date"),
    ("--to", "2024-02-30", "invalid day 30"),
    ("--from", "", "empty date"),
    ("--from", "2024-07-01T00:00", "unrecognized date"),
    ("--to", "31 février 2024", "invalid day 31"),
]


def test_out_of_range_dates_are_usage_errors(run: Run) -> None:
    for option, text, expected in OUT_OF_RANGE:
        stderr = clean_error(run("timeline", "--data", str(GOOD), option, text, "--lang", "en"), 2, expected)
        assert "OverflowError" not in stderr


# ---------------------------------------------------------------- partial dates


@given(st.dates())
def test_iso_round_trip(day: dt.date) -> None:
    text = day.isoformat()
    assert parse_iso(text).iso() == text
    assert parse_iso(text).first_day() == day


def test_partial_dates_are_never_filled_in() -> None:
    date = parse_iso("2024-02")
    assert date.day is None
    assert date.first_day() == dt.date(2024, 2, 1)
    assert date.last_day() == dt.date(2024, 2, 29)
    assert parse_iso("2024").last_day() == dt.date(2024, 12, 31)


REAL_LOCALTIME = time.localtime


def today_is(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """freezegun's trick without freezegun: every way Python tells today's date says ``day``."""
    noon = dt.datetime(day.year, day.month, day.day, 12)

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> FrozenDate:
            return cls(day.year, day.month, day.day)

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenDateTime:
            return cls.combine(day, noon.time(), tz)

        @classmethod
        def today(cls) -> FrozenDateTime:
            return cls.combine(day, noon.time())

    monkeypatch.setattr(dt, "date", FrozenDate)
    monkeypatch.setattr(dt, "datetime", FrozenDateTime)
    monkeypatch.setattr(time, "time", lambda: noon.timestamp())
    monkeypatch.setattr(
        time, "localtime", lambda seconds=None: REAL_LOCALTIME(noon.timestamp() if seconds is None else seconds)
    )


TODAYS = [dt.date(2020, 11, 23), dt.date(2025, 1, 31), dt.date(2024, 2, 29)]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_partial_dates_never_take_todays_month_or_day(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    dates = ["2020", "2020-06", "2020-06-01", "2020-06-30", "2020-07-01", "2020-11-23", "2024", "2024-06"]
    for date in dates:
        event_file(tmp_path, event(f"e{date}", date=date), f"{date}.yaml")
    today_is(monkeypatch, today)
    assert dt.date.today() == today  # the injection holds

    def ids(*args: str) -> list[str]:
        result = run("timeline", "--data", str(tmp_path), "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [r["date"] for r in json.loads(result.stdout)]

    assert ids() == dates  # stored as written: "2020" and "2020-06", never a filled-in day
    assert parse_user_date("juin 2020") == PartialDate(2020, 6)
    assert parse_user_date("2024") == PartialDate(2024)
    assert ids("--from", "juin 2020", "--to", "juin 2020") == ["2020", "2020-06", "2020-06-01", "2020-06-30"]
    assert ids("--from", "2020-06", "--to", "Sept. 2020") == [
        "2020",
        "2020-06",
        "2020-06-01",
        "2020-06-30",
        "2020-07-01",
    ]
    assert ids("--from", "1er juillet 2020", "--to", "2020") == ["2020", "2020-07-01", "2020-11-23"]


def test_sort_order_less_precise_first() -> None:
    dates = [parse_iso(t) for t in ("2024-01-01", "2024", "2023-12-31", "2024-01")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == ["2023-12-31", "2024", "2024-01", "2024-01-01"]


def test_overlap_rule() -> None:
    june15 = parse_iso("2024-06-15")
    assert overlaps(parse_iso("2024-06"), parse_iso("2024-06"), june15, None)
    assert overlaps(parse_iso("2024"), parse_iso("2024"), june15, june15)
    assert not overlaps(parse_iso("2024-05"), parse_iso("2024-05"), june15, None)
    assert overlaps(parse_iso("2024-05-20"), parse_iso("2024-06-15"), june15, None)  # both ends inclusive


# ---------------------------------------------------------------- dates as people read them


def test_formats() -> None:
    assert format_date(parse_iso("2024-07-01"), "fr") == "1 juil. 2024"
    assert format_date(parse_iso("2024-07-01"), "en") == "Jul 1, 2024"
    assert format_date(parse_iso("2024-07"), "fr") == "juil. 2024"
    assert format_date(parse_iso("2024-07"), "en") == "Jul 2024"
    assert format_date(parse_iso("2024"), "en") == "2024"
    assert format_span(parse_iso("2024-06-18"), parse_iso("2024-07-12"), "fr") == "18 juin – 12 juil. 2024"
    assert format_span(parse_iso("2024-06-18"), parse_iso("2024-07-12"), "en") == "Jun 18 – Jul 12, 2024"


def test_days_in_month_is_the_calendars_for_every_month_of_every_year() -> None:
    for year in range(1, 10000):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
