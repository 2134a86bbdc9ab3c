"""The resolved value of a time expression, and how it reads back to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Grain = Literal["date", "time", "datetime", "range"]
Modifier = Literal["after", "before", "by", "around"]

# Our own names, so the output never depends on the machine's locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression resolved against a clock, remembering what was said.

    Attributes:
        start: The moment meant, as naive local time. A date alone starts at
            00:00; a time alone is put on the next day it occurs.
        end: The end of a range or a part of the day (exclusive), else None.
        has_date: The user named the day ("Friday", "4 Dec", "tonight").
        has_time: The user named a clock time ("3pm", "noon", "1700").
        part_of_day: "morning", "afternoon", "evening" or "night" when said.
        modifier: "after", "before", "by" or "around" when said.
        text: The text as the user typed it.
        day: The calendar day the user meant. It is ``start.date()`` except
            for midnight, which ends the day: "Friday at midnight" has day
            Friday and starts on Saturday at 00:00.
    """

    start: datetime
    end: datetime | None
    has_date: bool
    has_time: bool
    part_of_day: str | None
    modifier: Modifier | None
    text: str
    day: date

    @property
    def grain(self) -> Grain:
        """What the value pins down: a date, a time, both, or a range."""
        if self.end is not None:
            return "range"
        if self.has_date and self.has_time:
            return "datetime"
        return "time" if self.has_time else "date"

    def iso(self) -> str:
        """The value as ISO 8601.

        A date is ``2026-12-04``, anything with a clock time
        ``2026-12-04T15:00`` (a time alone on the day it was resolved to), and
        a range an interval ``2026-12-04T15:00/2026-12-04T17:00``.
        """
        if self.end is not None:
            return f"{_iso(self.start)}/{_iso(self.end)}"
        if self.grain == "date":
            return self.day.isoformat()
        return _iso(self.start)

    def describe(self) -> str:
        """The value in words for a confirmation, e.g. ``Fri 4 Dec 2026, 15:00``.

        A time alone shows the day it was resolved to, so the user can see it.
        """
        on = _day(self.start.date())
        if self.end is not None:
            hours = _span(self.start, self.end)
            said_part = self.part_of_day is not None and not self.has_time
            core = f"{on}, {self.part_of_day} ({hours})" if said_part else f"{on}, {hours}"
        elif self.has_time and self.modifier:
            return f"{self.modifier} {self.start:%H:%M} on {on}"
        elif self.has_time:
            core = f"{on}, {self.start:%H:%M}"
        else:
            core = _day(self.day)
        return f"{self.modifier} {core}" if self.modifier else core

    def merge(self, other: TimeValue) -> TimeValue:
        """Combine with a later answer: what ``other`` says wins, the rest is kept.

        "Friday" then "at 3pm" gives Friday 15:00; "4 Dec 15:00" then
        "Saturday" gives Saturday 15:00; "at 3pm" then "4pm" gives 16:00.

        Args:
            other: The later value (a correction or a missing part).

        Returns:
            A new value; the texts are joined with ", ".
        """
        gives_time = other.has_time or other.part_of_day is not None
        timed = other if gives_time else self
        day = other.day if other.has_date or not self.has_date else self.day
        base = datetime.combine(day, datetime.min.time())
        offset = timed.start - datetime.combine(timed.day, datetime.min.time())
        end = None if timed.end is None else base + (timed.end - timed.start) + offset
        return TimeValue(
            start=base + offset,
            end=end,
            has_date=self.has_date or other.has_date,
            has_time=timed.has_time,
            part_of_day=timed.part_of_day,
            modifier=other.modifier if gives_time or other.modifier else self.modifier,
            text=f"{self.text}, {other.text}",
            day=day,
        )


def is_past(value: TimeValue, now: datetime) -> bool:
    """Whether nothing the value allows is still ahead of ``now``.

    A date is past once the day is over, a range once its end is reached,
    "after 17:00" once its day is over, anything else once its start is
    before ``now`` (to the minute).

    Args:
        value: A parsed value.
        now: The current naive local time.

    Returns:
        True when the value can no longer be booked.
    """
    now = now.replace(second=0, microsecond=0, tzinfo=None)
    if value.end is not None:
        return value.end <= now
    if value.grain == "date" or value.modifier == "after":
        return value.day < now.date()
    return value.start < now


def _iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M}"


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _span(start: datetime, end: datetime) -> str:
    """``15:00-17:00``; an end at the next midnight reads 24:00."""
    if end.date() == start.date():
        return f"{start:%H:%M}-{end:%H:%M}"
    if end == datetime.combine(start.date(), datetime.min.time()) + timedelta(days=1):
        return f"{start:%H:%M}-24:00"
    return f"{start:%H:%M} to {_day(end.date())}, {end:%H:%M}"
