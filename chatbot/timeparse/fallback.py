"""dateparser for the long tail of absolute dates ("4-Dec-2026", "2026 Dec 4",
"the 4th of next month") that the own rules leave over.

It only sees the date words of a span, and only when they hold a digit and a
month: given a bare "2" it guesses 22 February, given "11 2" 2 November, given
"may" 22 May, so those never reach it. dateparser works offline (its language
data ships in the package; with ``languages=["en"]`` no detection runs) and is
imported on first use, which keeps the common forms fast.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

_MONTH_WORD = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|month")
# Every word must look like part of a date: dateparser skips words it doesn't
# know, so "t may 30" would otherwise be 30 May.
_DATE_WORD = re.compile(
    r"(?:\d+(?:st|nd|rd|th)?|[-/.']|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?"
    r"|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)+"
    r"|next|month|mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:rs?|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_WEEKDAY_WORD = re.compile(
    r"\b(?:monday|mon|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu"
    r"|friday|fri|saturday|sat|sunday|sun)\b"
)
_WEEKDAY_PREFIXES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MAX_LENGTH = 40


def dateparser_date(chunk: str, today: date, day_first: bool = False) -> date | None:
    """Ask dateparser for the date in ``chunk``, refusing its guesses.

    Args:
        chunk: The date words of a span, normalised.
        today: The current date; dates without a year come after it.
        day_first: Read 4/12 as 4 December.

    Returns:
        The date, or None when dateparser finds none, finds a time we did
        not read (it would be lost), a weekday that does not fit the date, or
        a year more than ten years ahead.
    """
    if len(chunk) > _MAX_LENGTH or not re.search(r"\d", chunk) or not _MONTH_WORD.search(chunk):
        return None
    if not all(_DATE_WORD.fullmatch(word) for word in chunk.split()):
        return None
    import dateparser  # slow to load: only the long tail pays for it

    settings = {
        "RELATIVE_BASE": datetime.combine(today, time()),
        "PREFER_DATES_FROM": "future",
        "REQUIRE_PARTS": ["day", "month"],  # no "December" as 22 December
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        found = dateparser.parse(chunk, languages=["en"], settings=settings)
    except Exception:  # a third-party parser on user text: any failure means "not understood"
        return None
    if found is None or found.time() != time():
        return None
    if not today.year - 100 <= found.year <= today.year + 10:
        return None  # "december 7 12" comes back as 2112: a misreading, not a booking
    weekday = _WEEKDAY_WORD.search(chunk)
    if weekday and _WEEKDAY_PREFIXES.index(weekday[0][:3]) != found.weekday():
        return None  # dateparser keeps the date and drops a weekday that contradicts it
    return found.date()
