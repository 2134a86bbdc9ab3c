"""The date part of a span: what is left once clock times and parts of day are gone.

Every rule matches the whole of what is left, so nothing the user said is
silently dropped. Forms no rule knows go to dateparser (see ``fallback``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.easter import easter

from chatbot.timeparse.fallback import dateparser_date

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2,
    "wed": 2, "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# Misspellings and "tmrw" reach these as "tomorrow" (``words.normalise``).
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1, "day after tomorrow": 2, "day before yesterday": -2}
_UNITS = {"min": 1, "minute": 1, "hr": 60, "hour": 60, "day": 1440, "week": 10080, "fortnight": 20160}
# Holidays as (month, day), or as days after Easter Sunday.
_HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new years day": (1, 1), "valentine's day": (2, 14), "valentines day": (2, 14),
    "halloween": (10, 31), "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
    "boxing day": (12, 26), "new year's eve": (12, 31), "new years eve": (12, 31),
    "xmas eve": (12, 24), "xmas day": (12, 25), "xmas": (12, 25),
}  # fmt: skip
_EASTER = {"good friday": -2, "holy saturday": -1, "easter": 0, "easter sunday": 0, "easter monday": 1}
YEARS = range(1900, 3000)  # beyond these a "year" is a typo, and datetime arithmetic could overflow

_UNIT = "min|minute|hr|hour|day|week|fortnight"
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_RULES = [
    ("relative", re.compile("|".join(_RELATIVE_DAYS))),
    ("now", re.compile(r"(?:right )?now")),
    ("in", re.compile(rf"in (?P<n>\d{{1,5}}|an?|half an?|(?:a )?couple(?: of)?) (?P<unit>{_UNIT})s?")),
    ("in", re.compile(r"(?P<n>\d{1,5}|an?) (?P<unit>day|week)s? from (?:now|today)")),
    # "3 days after Monday", "a week tomorrow", "a fortnight on Friday" (its "on" is gone), "Friday week"
    ("offset", re.compile(r"(?P<n>\d{1,3}|an?) (?P<unit>day|week|fortnight)s? (?:from|after) (?P<base>.+)")),
    ("offset", re.compile(r"(?P<n>a) (?P<unit>week|fortnight) (?P<base>.+)")),
    ("offset", re.compile(rf"(?P<base>{_WD}|today|tomorrow) (?P<unit>week|fortnight)")),
    ("holiday", re.compile("|".join(sorted(map(re.escape, [*_HOLIDAYS, *_EASTER]), key=len, reverse=True)))),
    (
        "weekday",
        re.compile(
            r"(?:(?P<which>this coming|this upcoming|this|coming|upcoming|next) )?"
            rf"(?P<next_week>next week )?(?P<wd>{_WD})"
            r"(?: (?P<tail>after next|next week|this week))?"
        ),
    ),
    ("iso", re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")),
    ("numeric", re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d\d))?")),
    ("named", re.compile(rf"(?:(?P<wd>{_WD}) )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MON})(?: (?P<y>\d{{4}}))?")),
    ("named", re.compile(rf"(?:(?P<wd>{_WD}) )?(?P<mon>{_MON}) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: (?P<y>\d{{4}}))?")),
    ("day", re.compile(rf"(?:(?P<wd>{_WD}) )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)")),
]


@dataclass(frozen=True, slots=True)
class DateHit:
    """The day a span names; ``moment`` too when it names an instant ("in 2 hours")."""

    day: date
    moment: datetime | None = None


def weekday_date(today: date, weekday: int, next_week: bool) -> date:
    """The date of a weekday said today.

    "Friday" and "this Friday" are today if today is Friday, else the coming
    Friday. "Next Friday" is the Friday of next week, weeks running Monday to
    Sunday: said on Monday it is 11 days away, said on Saturday 6.

    Args:
        today: The current date.
        weekday: 0 for Monday to 6 for Sunday.
        next_week: The user said "next".

    Returns:
        The date meant.
    """
    if next_week:
        return today + timedelta(days=7 - today.weekday() + weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def find_date(chunk: str, now: datetime, day_first: bool = False) -> DateHit | None:
    """Read ``chunk`` (the date words of a span, fillers removed) as a date.

    Args:
        chunk: Normalised text, e.g. "next friday", "dec 4th 2026", "11/02".
        now: The current time (for relative dates and years left out).
        day_first: Read an ambiguous 11/02 as 11 February instead of 2 November.

    Returns:
        The date, or None when the chunk is not a date.
    """
    for kind, rule in _RULES:
        match = rule.fullmatch(chunk)
        if match is not None:
            return _resolve(kind, match, now, day_first)
    day = dateparser_date(chunk, now.date(), day_first)
    return DateHit(day) if day is not None and day.year in YEARS else None


def _resolve(kind: str, match: re.Match[str], now: datetime, day_first: bool) -> DateHit | None:
    today = now.date()
    if kind == "relative":
        return DateHit(today + timedelta(days=_RELATIVE_DAYS[match[0]]))
    if kind == "now":
        return DateHit(today, now)
    if kind == "in":
        n = match["n"]
        count = 2 if "couple" in n else 0.5 if n.startswith("half") else 1 if n[0] == "a" else int(n)
        minutes = round(count * _UNITS[match["unit"]])
        if minutes > 3660 * 1440:  # ten years ahead is not a booking
            return None
        if minutes < 1440:
            moment = now + timedelta(minutes=minutes)
            return DateHit(moment.date(), moment)
        return DateHit(today + timedelta(minutes=minutes))
    if kind == "offset":
        base = find_date(match["base"], now, day_first)
        if base is None or base.moment is not None:  # "a week from in 2 hours" is no day
            return None
        n = match.groupdict().get("n") or "1"
        days = (1 if n[0] == "a" else int(n)) * _UNITS[match["unit"]] // 1440
        return DateHit(base.day + timedelta(days=days)) if days <= 3660 else None
    if kind == "holiday":
        return DateHit(_holiday(today, match[0]))
    if kind == "weekday":
        next_week = match["which"] == "next" or match["tail"] == "next week" or match["next_week"] is not None
        day = weekday_date(today, WEEKDAYS[match["wd"]], next_week or match["tail"] == "after next")
        return DateHit(day + timedelta(days=7) if match["tail"] == "after next" else day)
    if kind == "iso":
        day = _date(int(match["y"]), int(match["m"]), int(match["d"]))
    elif kind == "numeric":
        day = _numeric(match, today, day_first)
    elif kind == "named":
        year = int(match["y"]) if match["y"] else None
        day = _yearly(today, MONTHS[match["mon"]], int(match["d"]), year)
    else:
        day = _monthly(today, int(match["d"]), WEEKDAYS.get(match["wd"] or ""))
    if day is None or day.year not in YEARS:
        return None
    if match.groupdict().get("wd") and day.weekday() != WEEKDAYS[match["wd"]]:
        return None  # "Thursday 4 Dec 2026" when the 4th is a Friday: ask, don't guess
    return DateHit(day)


def _holiday(today: date, name: str) -> date:
    """The next ``name`` on or after today ("Christmas Eve", "Good Friday")."""
    if name in _EASTER:
        days = (easter(year) + timedelta(days=_EASTER[name]) for year in (today.year, today.year + 1))
    else:
        days = (date(year, *_HOLIDAYS[name]) for year in (today.year, today.year + 1))
    return next(day for day in days if day >= today)


def _numeric(match: re.Match[str], today: date, day_first: bool) -> date | None:
    """11/02, 4.12.2026, 12-25-26: month first unless ``day_first`` or impossible."""
    if match["y"] is None and match["sep"] != "/":
        return None  # "9-5" and "7.30" are not dates
    month, day = int(match["a"]), int(match["b"])
    if day_first:
        month, day = day, month
    if month > 12 >= day:
        month, day = day, month
    if match["y"] is None:
        return _yearly(today, month, day, None)
    year = int(match["y"])
    return _date(year + 2000 if year < 100 else year, month, day)


def _yearly(today: date, month: int, day: int, year: int | None) -> date | None:
    """A date in ``year``; without one, its next occurrence on or after today."""
    if year is not None:
        return _date(year, month, day)
    for year in range(today.year, today.year + 9):  # 29 February comes back within 8 years
        found = _date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def _monthly(today: date, day: int, weekday: int | None) -> date | None:
    """The next ``day`` of a month on or after today ("the 21st", "Friday the 13th")."""
    for months in range(120):
        year, month = divmod(today.month - 1 + months, 12)
        found = _date(today.year + year, month + 1, day)
        if found is not None and found >= today and weekday in (None, found.weekday()):
            return found
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
