"""From a span of text to a TimeValue: clock first, then part of day, then date."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from chatbot.timeparse.clock import MODIFIERS, find_clock, find_part
from chatbot.timeparse.dates import MONTHS, WEEKDAYS, find_date
from chatbot.timeparse.value import TimeValue
from chatbot.timeparse.words import normalise

MAX_LENGTH = 100  # a time span is a few words; longer text is not one
_FILLERS = frozenset({"on", "at", "the", "of", "for"})
_PERIOD_WORDS = frozenset({"week", "weekend", "weekends", "month", "fortnight", *MONTHS})
_EDGE_OF_DAY = re.compile(r"(?P<edge>early|late) (?P<rest>.+)")
_DATE_MODIFIER = re.compile(r"(?P<mod>by|before|after|until|till|from|not before|no later than) (?P<rest>.+)")


def parse_time(text: str, now: datetime, *, day_first: bool = False) -> TimeValue | None:
    """Resolve a time expression such as "next Friday at 3pm" against ``now``.

    Args:
        text: The span the tagger found, as typed. Any string is accepted.
        now: The current naive local time; the only clock this module reads.
        day_first: Read an ambiguous "11/02" as 11 February, not 2 November.

    Returns:
        The value, or None when the text is not understood (the dialogue then
        asks again with one of ``EXAMPLES``). Never raises.
    """
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    now = now.replace(second=0, microsecond=0, tzinfo=None)
    found = find_clock(normalise(text))
    if found is None:
        return None
    clock, span = found
    part, span = find_part(span)
    chunk = " ".join(word for word in span.split() if word not in _FILLERS)
    edge = _EDGE_OF_DAY.fullmatch(chunk)
    if edge and clock is None:  # "early Thursday evening"; "early Friday" is early Friday morning
        name = part.name if part else ("morning" if edge["edge"] == "early" else "evening")
        narrowed = find_part(f"{edge['edge']} {name}")[0]
        part = replace(narrowed, today=part is not None and part.today) if narrowed else part
        chunk = edge["rest"]
    modifier = clock.modifier if clock else None
    date_modifier = _DATE_MODIFIER.fullmatch(chunk)
    if date_modifier and modifier is None:
        modifier, chunk = MODIFIERS[date_modifier["mod"]], date_modifier["rest"]
    hit = find_date(chunk, now, day_first) if chunk else None
    if (chunk and hit is None) or (hit is None and clock is None and part is None):
        return None

    if hit is not None and hit.moment is not None:  # "now", "in 2 hours": nothing to add
        if clock or part:
            return None
        moment = hit.moment
        return TimeValue(
            moment,
            None,
            has_date=True,
            has_time=True,
            part_of_day=None,
            modifier=modifier,
            text=text,
            day=moment.date(),
        )

    part_name = part.name if part else None
    names_today = part is not None and part.today
    if clock is not None:
        start, end = clock.minutes(part_name)
    elif part is not None:
        start, end = part.start, part.end
    else:
        start, end = 0, None

    if hit is not None:
        day = hit.day
    elif names_today or modifier == "after":
        day = now.date()  # "after 5pm" said at 6pm still means this evening
    else:
        # A time alone is on the next day it occurs: today if it is still ahead.
        ahead = _at(now.date(), end) > now if end is not None else _at(now.date(), start) >= now
        day = now.date() if ahead else now.date() + timedelta(days=1)
    return TimeValue(
        start=_at(day, start),
        end=None if end is None else _at(day, end),
        has_date=hit is not None or names_today,
        has_time=clock is not None,
        part_of_day=part_name,
        modifier=modifier,
        text=text,
        day=day,
    )


def names_period(text: str) -> bool:
    """Whether ``text`` names a stretch of days rather than one day.

    "next week", "this weekend", "in December", "mid-January", "the end of
    the month": the dialogue asks which day instead of saying it did not
    understand. A period ``parse_time`` reads ("in 2 weeks") is a day, not this.

    >>> names_period("early next week"), names_period("next Friday")
    (True, False)
    """
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return False
    words = set(normalise(text).split())
    if words.isdisjoint(_PERIOD_WORDS) or not words.isdisjoint(WEEKDAYS):
        return False  # "Sunday 4 August" names one day (a wrong one)
    # "November 31" is a wrong day too; "the weekend of the 8th" and "June 2026" are periods.
    names_day = any(re.fullmatch(r"\d{1,2}(?:th)?", word) for word in words)
    return not names_day or not words.isdisjoint({"week", "weekend"})


def weekday_clash(text: str, now: datetime) -> tuple[str, TimeValue] | None:
    """The weekday said and the day the rest of ``text`` names, when they disagree.

    ``parse_time`` reads no such text rather than guess which was meant; this
    lets the dialogue say why.

    >>> said, value = weekday_clash("Sunday 4 August", datetime(2026, 11, 22))
    >>> said, value.describe()
    ('Sunday', 'Wed 4 Aug 2027')
    """
    if parse_time(text, now) is not None:
        return None
    words = list(re.finditer(r"[a-z]+", text.lower()))
    said = next((w for w in words if w[0] in WEEKDAYS), None)
    if said is None:
        return None
    value = parse_time(f"{text[: said.start()]} {text[said.end() :]}".strip(" ,"), now)
    if value is None or not value.has_date or value.day.weekday() == WEEKDAYS[said[0]]:
        return None
    return text[said.start() : said.end()], value


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minutes)
