"""Time expressions resolved against a pinned clock."""

from __future__ import annotations

import re
import socket
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_layering import imported_modules

import chatbot.timeparse.dates
from chatbot.timeparse import EXAMPLES, TimeValue, is_past, names_period, parse_time, weekday_clash

NOW = datetime(2026, 11, 22, 10, 30)  # a Sunday, mid-morning
ROOT = Path(__file__).resolve().parents[1]


def parse(text: str, now: datetime = NOW) -> TimeValue:
    value = parse_time(text, now)
    assert value is not None, text
    return value


def test_timeparse_pinned_now_is_a_sunday() -> None:
    assert NOW.strftime("%A") == "Sunday"


# (text, iso(), grain, modifier) with now = Sunday 22 Nov 2026, 10:30.
OWN_RULE_CASES = [
    # Absolute dates; without a year the next occurrence on or after today.
    ("November 2nd", "2027-11-02", "date", None),
    ("2 November", "2027-11-02", "date", None),
    ("Nov 2", "2027-11-02", "date", None),
    ("Nov 22", "2026-11-22", "date", None),
    ("December 4", "2026-12-04", "date", None),
    ("2026-12-04", "2026-12-04", "date", None),
    ("4 Dec 2026", "2026-12-04", "date", None),
    ("Dec 4th 2026", "2026-12-04", "date", None),
    ("Dec. 4, 2026", "2026-12-04", "date", None),
    ("the 4th of December", "2026-12-04", "date", None),
    ("Friday, December 4th", "2026-12-04", "date", None),
    ("December twenty first", "2026-12-21", "date", None),
    ("2020-01-01", "2020-01-01", "date", None),
    # Numeric: month first unless impossible.
    ("11/02", "2027-11-02", "date", None),
    ("12/25", "2026-12-25", "date", None),
    ("25/12", "2026-12-25", "date", None),
    ("12/25/26", "2026-12-25", "date", None),
    ("4.12.2026", "2026-04-12", "date", None),
    # A day of the month alone: the next one.
    ("the 21st", "2026-12-21", "date", None),
    ("the twenty first", "2026-12-21", "date", None),
    ("the 30th", "2026-11-30", "date", None),
    ("on the 22nd", "2026-11-22", "date", None),
    ("Friday the 13th", "2027-08-13", "date", None),
    # Relative days.
    ("today", "2026-11-22", "date", None),
    ("tomorrow", "2026-11-23", "date", None),
    ("the day after tomorrow", "2026-11-24", "date", None),
    ("yesterday", "2026-11-21", "date", None),
    ("in 3 days", "2026-11-25", "date", None),
    ("in two weeks", "2026-12-06", "date", None),
    ("in a week", "2026-11-29", "date", None),
    ("3 days from now", "2026-11-25", "date", None),
    ("in 2 hours", "2026-11-22T12:30", "datetime", None),
    ("now", "2026-11-22T10:30", "datetime", None),
    # Weekdays (today is Sunday): see also the rule test below.
    ("Friday", "2026-11-27", "date", None),
    ("fri", "2026-11-27", "date", None),
    ("on Friday", "2026-11-27", "date", None),
    ("this Friday", "2026-11-27", "date", None),
    ("next Friday", "2026-11-27", "date", None),
    ("next week Friday", "2026-11-27", "date", None),
    ("Friday next week", "2026-11-27", "date", None),
    ("Wednesday at 7am next week", "2026-11-25T07:00", "datetime", None),
    ("Friday after next", "2026-12-04", "date", None),
    ("Sunday", "2026-11-22", "date", None),
    ("sun", "2026-11-22", "date", None),
    ("next Sunday", "2026-11-29", "date", None),
    # A time alone: today while ahead of 10:30, else tomorrow.
    ("at 9", "2026-11-23T09:00", "time", None),
    ("9am", "2026-11-23T09:00", "time", None),
    ("9 a.m.", "2026-11-23T09:00", "time", None),
    ("at 10:30", "2026-11-22T10:30", "time", None),
    ("3:30pm", "2026-11-22T15:30", "time", None),
    ("3.30 p.m.", "2026-11-22T15:30", "time", None),
    ("838 am", "2026-11-23T08:38", "time", None),  # hours and minutes run together, as in a search box
    ("1110pm", "2026-11-22T23:10", "time", None),
    ("15:00", "2026-11-22T15:00", "time", None),
    ("1700", "2026-11-22T17:00", "time", None),
    ("1700 hours", "2026-11-22T17:00", "time", None),
    ("0900", "2026-11-23T09:00", "time", None),
    ("17h30", "2026-11-22T17:30", "time", None),
    ("at 3", "2026-11-22T15:00", "time", None),
    ("at 7", "2026-11-23T07:00", "time", None),
    ("seven thirty", "2026-11-23T07:30", "time", None),
    ("seven oh five", "2026-11-23T07:05", "time", None),
    ("half past six", "2026-11-22T18:30", "time", None),
    ("quarter to nine", "2026-11-23T08:45", "time", None),
    ("ten past 11", "2026-11-22T11:10", "time", None),
    ("seven o'clock", "2026-11-23T07:00", "time", None),
    ("noon", "2026-11-22T12:00", "time", None),
    ("12 noon", "2026-11-22T12:00", "time", None),
    ("midnight", "2026-11-23T00:00", "time", None),
    # Parts of the day.
    ("morning", "2026-11-22T06:00/2026-11-22T12:00", "range", None),
    ("afternoon", "2026-11-22T12:00/2026-11-22T18:00", "range", None),
    ("evening", "2026-11-22T18:00/2026-11-22T22:00", "range", None),
    ("tonight", "2026-11-22T18:00/2026-11-23T00:00", "range", None),
    ("early morning", "2026-11-23T06:00/2026-11-23T09:00", "range", None),
    ("late evening", "2026-11-22T20:00/2026-11-22T22:00", "range", None),
    ("this morning", "2026-11-22T06:00/2026-11-22T12:00", "range", None),
    ("tomorrow morning", "2026-11-23T06:00/2026-11-23T12:00", "range", None),
    ("friday evening", "2026-11-27T18:00/2026-11-27T22:00", "range", None),
    ("friday night", "2026-11-27T18:00/2026-11-28T00:00", "range", None),
    ("next Friday morning", "2026-11-27T06:00/2026-11-27T12:00", "range", None),
    # Modifiers.
    ("after 5 pm", "2026-11-22T17:00", "time", "after"),
    ("after 9am", "2026-11-22T09:00", "time", "after"),
    ("5pm or later", "2026-11-22T17:00", "time", "after"),
    ("before noon", "2026-11-22T12:00", "time", "before"),
    ("by 11:30", "2026-11-22T11:30", "time", "by"),
    ("around 8", "2026-11-23T08:00", "time", "around"),
    ("8ish", "2026-11-23T08:00", "time", "around"),
    ("by Friday", "2026-11-27", "date", "by"),
    ("next Tuesday after 5pm", "2026-11-24T17:00", "datetime", "after"),
    # Ranges: am/pm flows across, and a range may cross midnight.
    ("between 3 and 5 pm", "2026-11-22T15:00/2026-11-22T17:00", "range", None),
    ("from 9 to 11am", "2026-11-22T09:00/2026-11-22T11:00", "range", None),
    ("3-5pm", "2026-11-22T15:00/2026-11-22T17:00", "range", None),
    ("from 11 to 1pm", "2026-11-22T11:00/2026-11-22T13:00", "range", None),
    ("from 10am to 2", "2026-11-22T10:00/2026-11-22T14:00", "range", None),
    ("between 6 and 8", "2026-11-22T18:00/2026-11-22T20:00", "range", None),
    ("from 10pm to 1am", "2026-11-22T22:00/2026-11-23T01:00", "range", None),
    ("from ten to twelve", "2026-11-22T10:00/2026-11-22T12:00", "range", None),
    ("friday between 3 and 5pm", "2026-11-27T15:00/2026-11-27T17:00", "range", None),
    # Date and time together.
    ("tomorrow at 9", "2026-11-23T09:00", "datetime", None),
    ("Friday at 3pm", "2026-11-27T15:00", "datetime", None),
    ("at 15:00 on Dec 4", "2026-12-04T15:00", "datetime", None),
    ("4 Dec 15:00", "2026-12-04T15:00", "datetime", None),
    ("2026-12-04T15:00", "2026-12-04T15:00", "datetime", None),
    ("Dec 4 2026 at 1700", "2026-12-04T17:00", "datetime", None),
    ("the 21st at 9", "2026-12-21T09:00", "datetime", None),
    ("in 3 days at 5pm", "2026-11-25T17:00", "datetime", None),
    ("tonight at 9", "2026-11-22T21:00", "datetime", None),
    ("tomorrow evening at 7", "2026-11-23T19:00", "datetime", None),
    ("Friday at midnight", "2026-11-28T00:00", "datetime", None),
    ("9 in the morning", "2026-11-23T09:00", "time", None),
    ("seven o'clock in the evening", "2026-11-22T19:00", "time", None),
    # Moments named by a meal, daylight or work: "after" reads their end.
    ("before lunch", "2026-11-22T12:00", "time", "before"),
    ("after lunch tomorrow", "2026-11-23T13:00", "datetime", "after"),
    ("after work on Friday", "2026-11-27T17:00", "datetime", "after"),
    ("before dark", "2026-11-22T18:00", "time", "before"),
    ("by nightfall", "2026-11-22T18:00", "time", "by"),
    ("at dawn tomorrow", "2026-11-23T06:00", "datetime", None),
    ("at the crack of dawn", "2026-11-23T06:00", "time", None),
    ("around dinnertime", "2026-11-22T18:00", "time", "around"),
    ("mid-morning tomorrow", "2026-11-23T10:00", "datetime", None),
    # Holidays: the next one; Easter's by its date that year.
    ("Christmas Eve", "2026-12-24", "date", None),
    ("on xmas day", "2026-12-25", "date", None),
    ("New Year's Eve", "2026-12-31", "date", None),
    ("on Good Friday", "2027-03-26", "date", None),
    ("Easter Monday at 9am", "2027-03-29T09:00", "datetime", None),
    # Spoken and written shortcuts.
    ("this coming Friday", "2026-11-27", "date", None),
    ("in a couple of days", "2026-11-24", "date", None),
    ("in half an hour", "2026-11-22T11:00", "datetime", None),
    ("early Thursday evening", "2026-11-26T18:00/2026-11-26T20:00", "range", None),
    ("early Friday", "2026-11-27T06:00/2026-11-27T09:00", "range", None),
    ("late on Saturday", "2026-11-28T20:00/2026-11-28T22:00", "range", None),
    ("first thing tomorrow", "2026-11-23T06:00/2026-11-23T09:00", "range", None),
    ("8 tomorrow morning", "2026-11-23T08:00", "datetime", None),
    ("half seven tomorrow", "2026-11-23T07:30", "datetime", None),  # British: 7:30
    ("5-ish", "2026-11-22T17:00", "time", "around"),
    ("fiveish", "2026-11-22T17:00", "time", "around"),
    ("mid-afternoon tomorrow", "2026-11-23T15:00", "datetime", None),
    ("not after 22:05", "2026-11-22T22:05", "time", "by"),
    ("tmrw am", "2026-11-23T06:00/2026-11-23T12:00", "range", None),
    # A day counted from another: "a week today" is British for 7 days from now.
    ("a week today", "2026-11-29", "date", None),
    ("a week tomorrow", "2026-11-30", "date", None),
    ("a week on Friday", "2026-12-04", "date", None),
    ("Friday week", "2026-12-04", "date", None),
    ("a fortnight on Saturday", "2026-12-12", "date", None),
    ("two weeks from Friday", "2026-12-11", "date", None),
    ("3 days after Monday", "2026-11-26", "date", None),
    ("a week from Friday at 9am", "2026-12-04T09:00", "datetime", None),
    ("Friday pm", "2026-11-27T12:00/2026-11-27T18:00", "range", None),
    # Misspelt names of six letters or more, and chat spellings.
    ("thurdsay", "2026-11-26", "date", None),
    ("wendesday evning", "2026-11-25T18:00/2026-11-25T22:00", "range", None),
    ("decmber 4th", "2026-12-04", "date", None),
    ("tonite at 9", "2026-11-22T21:00", "datetime", None),
]
# Date forms no own rule reads: dateparser's share.
DATEPARSER_CASES = [
    ("4-Dec-2026", "2026-12-04", "date", None),
    ("2026 Dec 4", "2026-12-04", "date", None),
    ("dec-04-2026", "2026-12-04", "date", None),
    ("4dec2026", "2026-12-04", "date", None),
    ("4 dec '26", "2026-12-04", "date", None),
    ("the 4th of next month", "2026-12-04", "date", None),
    ("4 December 2026 Friday", "2026-12-04", "date", None),
    ("4-Dec-2026 at 3pm", "2026-12-04T15:00", "datetime", None),
]
NOT_UNDERSTOOD = [
    "",
    "   ",
    "at",
    "2",  # an hour? a day? dateparser says 22 February
    "11 2",  # dateparser says 2 November
    "may",  # dateparser says 22 May
    "march",
    "in May",
    "next week",
    "this weekend",
    "early next week",
    "early",
    "half an hour",
    "match",  # five letters: not read as "march"
    "pm",  # the afternoon only after a day: "Friday pm"
    "9 to 5",
    "7.30",
    "last friday",
    "t may 30",  # dateparser skips the "t"
    "december 7 12",  # dateparser says 2112
    "4 dec 99",  # dateparser says 2099
    "Thursday 4 Dec 2026",  # the 4th is a Friday
    "4 December 2026 Thursday",
    "Feb 30",
    "2026-02-30",
    "25:00",
    "13pm",
    "875 am",
    "3pm 4pm",
    "in 2 hours at 5pm",
    "in 99999 days",
    "999 weeks from friday",
    "a week from in 2 hours",
    "1 Dec 9999",
    "🙂",
    "fri\x00day",
    "\x1b[31mfriday",
    "work",  # a moment only with a modifier: "after work"
    "lunch",
    "dark",
]


@pytest.mark.parametrize(("text", "iso", "grain", "modifier"), OWN_RULE_CASES + DATEPARSER_CASES)
def test_timeparse_resolves_form(text: str, iso: str, grain: str, modifier: str | None) -> None:
    value = parse(text)
    assert (value.iso(), value.grain, value.modifier) == (iso, grain, modifier)
    assert value.text == text


@pytest.mark.parametrize("text", NOT_UNDERSTOOD)
def test_timeparse_not_understood_is_none(text: str) -> None:
    assert parse_time(text, NOW) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("next week", True),
        ("this weekend", True),
        ("in December", True),
        ("mid-January", True),
        ("the end of the month", True),
        ("the weekend of the 8th", True),
        ("next Friday", False),
        ("Thursday 4 Dec 2026", False),  # one day, a wrong one
        ("Feb 30", False),
        ("sometime", False),
        ("week" * 100, False),
    ],
)
def test_timeparse_names_period_tells_a_stretch_of_days(text: str, period: bool) -> None:
    assert names_period(text) is period


def test_timeparse_common_forms_never_call_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError(f"dateparser called for {args[0]!r}")

    monkeypatch.setattr(chatbot.timeparse.dates, "dateparser_date", refuse)
    for text, iso, _, _ in OWN_RULE_CASES:
        assert parse(text).iso() == iso


@pytest.mark.parametrize(("text", "iso", "grain", "modifier"), DATEPARSER_CASES)
def test_timeparse_long_tail_goes_to_dateparser(
    monkeypatch: pytest.MonkeyPatch, text: str, iso: str, grain: str, modifier: str | None
) -> None:
    monkeypatch.setattr(chatbot.timeparse.dates, "dateparser_date", lambda *args: None)
    assert parse_time(text, NOW) is None


def test_timeparse_dateparser_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert parse("4-Dec-2026").iso() == "2026-12-04"


def test_timeparse_day_first_reads_11_02_as_february() -> None:
    assert parse_time("11/02", NOW, day_first=True).iso() == "2027-02-11"  # type: ignore[union-attr]
    assert parse_time("4.12.2026", NOW, day_first=True).iso() == "2026-12-04"  # type: ignore[union-attr]
    assert parse_time("12/25", NOW, day_first=True).iso() == "2026-12-25"  # type: ignore[union-attr]


WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize("today", [date(2026, 11, 16) + timedelta(days=i) for i in range(7)])
@pytest.mark.parametrize("weekday", range(7))
def test_timeparse_next_weekday_rule(today: date, weekday: int) -> None:
    now = datetime.combine(today, NOW.time())
    name = WEEKDAY_NAMES[weekday]
    this = parse(f"this {name}", now).day
    # "Friday", "on Friday", "this Friday": today or within the coming six days.
    assert parse(name, now).day == parse(f"on {name}", now).day == this
    assert this.weekday() == weekday and 0 <= (this - today).days <= 6
    # "Next Friday": the Friday of next week, weeks running Monday to Sunday.
    following = parse(f"next {name}", now).day
    assert following.weekday() == weekday
    assert following.isocalendar()[:2] == (today + timedelta(days=7)).isocalendar()[:2]
    assert parse(f"{name} next week", now).day == parse(f"next week {name}", now).day == following
    assert parse(f"{name} after next", now).day == following + timedelta(days=7)


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 11, 16), "next Friday", date(2026, 11, 27)),  # Monday: 11 days
        (date(2026, 11, 19), "next Friday", date(2026, 11, 27)),  # Thursday: 8 days
        (date(2026, 11, 21), "next Friday", date(2026, 11, 27)),  # Saturday: 6 days
        (date(2026, 11, 20), "Friday", date(2026, 11, 20)),  # Friday: today
        (date(2026, 11, 20), "next Friday", date(2026, 11, 27)),
        (date(2026, 11, 21), "this Friday", date(2026, 11, 27)),
        (date(2026, 12, 31), "next Monday", date(2027, 1, 4)),  # across the year
    ],
)
def test_timeparse_next_weekday_examples(today: date, text: str, expected: date) -> None:
    assert parse(text, datetime.combine(today, NOW.time())).day == expected


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Friday at 3pm", "Fri 27 Nov 2026, 15:00"),
        ("4 Dec 2026", "Fri 4 Dec 2026"),
        ("after 5 pm on Dec 4", "after 17:00 on Fri 4 Dec 2026"),
        ("Dec 4 morning", "Fri 4 Dec 2026, morning (06:00-12:00)"),
        ("tonight", "Sun 22 Nov 2026, night (18:00-24:00)"),
        ("by Friday", "by Fri 27 Nov 2026"),
        ("friday between 3 and 5pm", "Fri 27 Nov 2026, 15:00-17:00"),
        ("from 10pm to 1am", "Sun 22 Nov 2026, 22:00 to Mon 23 Nov 2026, 01:00"),
        ("at 9", "Mon 23 Nov 2026, 09:00"),
        ("Friday at midnight", "Sat 28 Nov 2026, 00:00"),
    ],
)
def test_timeparse_describe(text: str, described: str) -> None:
    assert parse(text).describe() == described


def test_timeparse_midnight_ends_the_day_it_belongs_to() -> None:
    value = parse("Friday at midnight")
    assert value.day == date(2026, 11, 27)
    assert value.start == datetime(2026, 11, 28, 0, 0)


@pytest.mark.parametrize(
    ("first", "then", "iso", "grain"),
    [
        ("friday", "at 3pm", "2026-11-27T15:00", "datetime"),
        ("at 3pm", "friday", "2026-11-27T15:00", "datetime"),
        ("4 Dec 15:00", "saturday", "2026-11-28T15:00", "datetime"),
        ("4 Dec 15:00", "at 9", "2026-12-04T09:00", "datetime"),
        ("at 3pm", "4pm", "2026-11-22T16:00", "time"),
        ("friday", "midnight", "2026-11-28T00:00", "datetime"),
        ("friday", "morning", "2026-11-27T06:00/2026-11-27T12:00", "range"),
        ("friday", "between 3 and 5pm", "2026-11-27T15:00/2026-11-27T17:00", "range"),
        ("tomorrow", "tonight", "2026-11-22T18:00/2026-11-23T00:00", "range"),
    ],
)
def test_timeparse_merge_later_answer_wins(first: str, then: str, iso: str, grain: str) -> None:
    merged = parse(first).merge(parse(then))
    assert (merged.iso(), merged.grain) == (iso, grain)
    assert merged.text == f"{first}, {then}"


def test_timeparse_merge_keeps_modifier_unless_replaced() -> None:
    after = parse("after 5pm").merge(parse("friday"))
    assert (after.iso(), after.modifier, after.describe()) == (
        "2026-11-27T17:00",
        "after",
        "after 17:00 on Fri 27 Nov 2026",
    )
    assert parse("friday after 5pm").merge(parse("at 3pm")).modifier is None


@pytest.mark.parametrize(
    ("text", "past"),
    [
        ("2020-01-01", True),
        ("yesterday", True),
        ("today", False),
        ("today at 9", True),
        ("today at 11", False),
        ("today by 9am", True),
        ("today after 9am", False),  # later today still fits
        ("this morning", False),  # 06-12 has not ended
        ("at 9", False),  # a time alone is never past: it moves to tomorrow
        ("now", False),
        ("tomorrow", False),
    ],
)
def test_timeparse_is_past(text: str, past: bool) -> None:
    assert is_past(parse(text), NOW) is past


def test_timeparse_is_past_once_a_range_ends() -> None:
    tonight = parse("tonight")
    assert not is_past(tonight, datetime(2026, 11, 22, 23, 59))
    assert is_past(tonight, datetime(2026, 11, 23, 0, 0))


def test_timeparse_examples_all_parse() -> None:
    for example in EXAMPLES:
        assert parse_time(example, NOW) is not None, example


def test_timeparse_now_may_carry_seconds_and_a_timezone() -> None:
    now = NOW.replace(second=42, microsecond=7, tzinfo=UTC)
    assert parse("in 2 hours", now).iso() == "2026-11-22T12:30"
    assert parse("at 9", now).iso() == "2026-11-23T09:00"


@pytest.mark.parametrize("text", ["a" * 10_000, "1" * 10_000, "at 9 " * 2_000, "\x00" * 10_000])
def test_timeparse_huge_text_is_none(text: str) -> None:
    assert parse_time(text, NOW) is None


def _check_invariants(value: TimeValue | None, now: datetime) -> None:
    if value is None:
        return
    parts = value.iso().split("/")
    assert all(datetime.fromisoformat(part) for part in parts)
    assert (len(parts) == 2) == (value.grain == "range") == (value.end is not None)
    if value.end is not None:
        assert value.end > value.start
    assert value.describe()
    assert isinstance(is_past(value, now), bool)
    assert value.merge(value).iso() == value.iso()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200), now=st.datetimes(datetime(1950, 1, 1), datetime(2150, 1, 1)))
def test_timeparse_never_raises_on_any_text(text: str, now: datetime) -> None:
    _check_invariants(parse_time(text, now), now)


# Words the rules react to, so random phrases reach deep into them.
_VOCABULARY = (
    "at on the of in by after before around from between and to - / : . 0 00 1 2 3 4 5 7 9 11 12 "
    "13 15 24 25 30 59 60 99 1700 2026 0000 am pm a.m. noon midnight morning afternoon evening "
    "night tonight today tomorrow yesterday next this friday fri sun may dec december 21st "
    "twenty first seven thirty half quarter past ten o'clock early late days weeks hours a "
    "ish or later now week 4th 31st feb 29 h 🙂 \x00"
).split(" ")


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.sampled_from(_VOCABULARY), max_size=7),
    joiner=st.sampled_from([" ", "", ", "]),
    now=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)),
)
def test_timeparse_never_raises_on_time_words(words: list[str], joiner: str, now: datetime) -> None:
    _check_invariants(parse_time(joiner.join(words), now), now)


def test_timeparse_imports_only_stdlib_and_dateparser() -> None:
    stdlib = {"__future__", "collections", "dataclasses", "datetime", "difflib", "re", "typing"}
    allowed = {*stdlib, "dateparser", "dateutil", "chatbot"}  # dateutil comes with dateparser
    package = Path(chatbot.timeparse.dates.__file__).parent
    for path in package.glob("*.py"):
        for name in imported_modules(path):
            assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
            assert not name.startswith("chatbot.") or name.startswith("chatbot.timeparse"), name


# Time spans of the hand-written set that neither resolve nor name a stretch of
# days, with why: the dialogue says it did not understand these.
HANDWRITTEN_LEFT = [
    "Sunday 4 August",  # 4 August 2027 is a Wednesday: ask, don't guess
    "by tonight",  # "by" a part of the day: its start or its end?
    "in time for dinner",
    "the following Tuesday",  # following what: the day said before it
]


def test_timeparse_reads_every_handwritten_time_or_asks_which_day() -> None:
    spans = re.compile(r"(?:(?P<before>[^\s\[\]()]+) )?\[(?P<span>[^\]]+)\]\(time\)")
    left = []
    for line in (ROOT / "data" / "handwritten.txt").read_text(encoding="utf-8").splitlines():
        for match in spans.finditer("" if line.startswith("#") else line):
            # As the dialogue does, the span may take the word before it ("at [9]").
            widened = f"{match['before']} {match['span']}" if match["before"] else match["span"]
            if not (parse_time(match["span"], NOW) or parse_time(widened, NOW) or names_period(match["span"])):
                left.append(match["span"])
    assert sorted(left) == HANDWRITTEN_LEFT


@pytest.mark.parametrize(
    ("text", "clash"),
    [
        ("Thursday 4 Dec 2026", ("Thursday", "Fri 4 Dec 2026")),
        ("sunday, 4 august", ("sunday", "Wed 4 Aug 2027")),
        ("mon 3pm 5 dec", ("mon", "Sat 5 Dec 2026, 15:00")),
        ("Friday 4 Dec 2026", None),  # it is a Friday: it parses
        ("Thursday", None),  # no date to disagree with
        ("Thursday Feb 30", None),  # no such date either way
    ],
)
def test_weekday_clash_names_the_weekday_and_the_dates_own(text: str, clash: tuple[str, str] | None) -> None:
    found = weekday_clash(text, NOW)
    assert (found and (found[0], found[1].describe())) == clash
