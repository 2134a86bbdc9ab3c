"""Clock times, ranges, "after"/"before" and parts of the day in a normalised span.

Each finder takes the span, returns what it found and the span with that part
blanked out, so what is left over is the date (or nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from chatbot.timeparse.value import Modifier

# Hours of each part of the day, [start, end). "early"/"late" take the first or
# second half: early morning 06-09, late evening 20-22. "Night" is the whole
# evening until midnight, which is what "tonight" usually means.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "morning": (6, 12),
    "afternoon": (12, 18),
    "evening": (18, 22),
    "night": (18, 24),
}

MODIFIERS: dict[str, Modifier] = {
    "after": "after", "from": "after", "starting": "after", "starting at": "after",
    "not before": "after", "no earlier than": "after", "later than": "after",
    "before": "before", "until": "before", "till": "before", "til": "before",
    "earlier than": "before", "by": "by", "no later than": "by", "not later than": "by", "not after": "by",
    "around": "around", "about": "around", "approximately": "around", "approx": "around",
    "roughly": "around", "circa": "around", "ca": "around",
}  # fmt: skip
_SUFFIX_MODIFIERS: dict[str, Modifier] = {
    "or later": "after", "onwards": "after", "or after": "after", "at the earliest": "after",
    "or earlier": "before", "or before": "before", "at the latest": "by", "ish": "around",
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _clock(p: str) -> str:
    """One clock time; group names carry the prefix ``p`` so a range can hold two."""
    return (
        rf"(?P<{p}noon>(?:12 )?(?:noon|midday|mid day))"
        rf"|(?P<{p}midnight>(?:12 )?midnight)"
        rf"|(?P<{p}h>\d{{1,2}})(?:[:.h]?(?P<{p}m>\d\d))? ?(?P<{p}ampm>am|pm)"  # 3pm, 3:30 pm, 838 am
        rf"|(?P<{p}hh>\d{{1,2}})(?P<{p}sep>[:.h])(?P<{p}mm>\d\d)"  # 15:00, 7.30, 17h30
        rf"|(?P<{p}mil>(?:[01]\d|2[0-3])[0-5]\d)(?P<{p}hrs> ?(?:hours|hrs|h))?"  # 1700 hrs
        rf"|(?P<{p}bare>\d{{1,2}})(?P<{p}hsuf>h)?"  # 9, 17h
    )


_BEFORE = r"(?<![\w/.:-])"
_AFTER = r"(?![\w/:.]|-\d)"
_PART = r"(?:early |late )?(?:morning|afternoon|evening|night)|tonight"
# A part of the day after a clock time decides am or pm ("9 tomorrow morning").
_PART_AHEAD = rf"(?= (?:in the |at |this |today |tomorrow )(?:{_PART})| tonight)"
_RANGE = re.compile(
    rf"(?:\b(?P<intro>between|from) )?{_BEFORE}(?:{_clock('a')})(?![\w/:.]) ?"
    rf"(?P<to>-|to|and|till|until|til|through) ?(?<![\w/.:])(?:{_clock('b')}){_AFTER}"
)
_SINGLE = re.compile(
    rf"(?:\b(?P<mod>{_alternation(MODIFIERS)}) )?(?:\b(?P<at>at) )?{_BEFORE}(?:{_clock('')}){_AFTER}"
    rf"(?: ?(?P<suffix>{_alternation(_SUFFIX_MODIFIERS)})\b)?(?P<part>{_PART_AHEAD})?"
)
_PART_RE = re.compile(
    r"\b(?:(?P<this>this) |in the |at |during the )?(?:(?P<edge>early|late) )?"
    r"(?P<part>morning|afternoon|evening|night|tonight)\b"
)


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time as said, before am/pm is decided.

    Attributes:
        hour: 0-24 as written (24 only for midnight, which ends a day).
        minute: 0-59.
        suffix: "am" or "pm" when written.
        literal: Read as a 24-hour time as it stands: zero-padded, over 12,
            military, "17h", noon, midnight.
    """

    hour: int
    minute: int
    suffix: str | None = None
    literal: bool = False

    @property
    def ambiguous(self) -> bool:
        return not self.literal and self.suffix is None

    def minutes(self, part: str | None = None, suffix: str | None = None) -> int:
        """Minutes after the start of the day; 1440 is the midnight ending it.

        A bare hour from 1 to 12 takes am/pm from ``suffix``, else from the
        part of the day, else 1-6 mean pm (afternoon, evening) and 7-11 am.
        """
        suffix = self.suffix or suffix
        if self.literal:
            return self.hour * 60 + self.minute
        if suffix is None and part == "night" and (self.hour == 12 or self.hour <= 4):
            return (self.hour % 12 + 24) * 60 + self.minute  # "1 tonight" is after midnight
        if suffix is None:
            pm = part in ("afternoon", "evening", "night") or (part is None and 1 <= self.hour <= 6)
            suffix = "pm" if pm or self.hour == 12 else "am"
        return (self.hour % 12 + (12 if suffix == "pm" else 0)) * 60 + self.minute


@dataclass(frozen=True, slots=True)
class ClockHit:
    """The clock part of a span: one time, or the two ends of a range."""

    start: Clock
    end: Clock | None
    modifier: Modifier | None

    def minutes(self, part: str | None) -> tuple[int, int | None]:
        """(start, end) in minutes from the start of the day; end None unless a range.

        The end of a range takes the start's am/pm and the other way round
        ("between 3 and 5 pm", "from 9am to 11"), flipping it when that would
        put the end first; a range that still ends first crosses midnight.
        """
        a = self.start.minutes(part)
        if self.end is None:
            return a, None
        b = self.end.minutes(part)
        if self.start.ambiguous and self.end.suffix:
            a = self.start.minutes(suffix=self.end.suffix)
            if a >= b:
                a = self.start.minutes(suffix="am" if self.end.suffix == "pm" else "pm")
        elif self.end.ambiguous and self.start.suffix:
            b = self.end.minutes(suffix=self.start.suffix)
            if b <= a:
                b = self.end.minutes(suffix="pm" if self.start.suffix == "am" else "am")
        elif self.end.ambiguous and b <= a and self.end.hour < 12:
            b += 12 * 60
        while b <= a:
            b += 24 * 60
        return a, b


def find_clock(span: str) -> tuple[ClockHit | None, str] | None:
    """Find the clock time or range in ``span``.

    A bare number ("9") or a military time ("1700") counts only after "at" or
    a modifier, before "in the morning", "this evening", "at night" or
    "tonight", or when it is the whole span, so the numbers of a date are
    never read as hours ("Dec 4 morning").

    Returns:
        (hit or None, span with the hit blanked); None when a time is there
        but impossible ("25:00", "13pm").
    """
    for match in _RANGE.finditer(span):
        a, b = _to_clock(match, "a"), _to_clock(match, "b")
        needs_context = _needs_context(match, "a") and _needs_context(match, "b")
        if (needs_context and not match["intro"]) or (match["to"] == "and" and match["intro"] != "between"):
            continue
        if a is None or b is None:
            return None
        return ClockHit(a, b, None), _blank(span, match)
    for match in _SINGLE.finditer(span):
        said_as_time = match["mod"] or match["at"] or match["suffix"] or match["part"] is not None
        alone = match["mil"] is not None and match[0] == span
        if _needs_context(match, "") and not (said_as_time or alone):
            continue
        clock = _to_clock(match, "")
        if clock is None:
            return None
        modifier = MODIFIERS[match["mod"]] if match["mod"] else None
        if match["suffix"]:
            modifier = _SUFFIX_MODIFIERS[match["suffix"]]
        return ClockHit(clock, None, modifier), _blank(span, match)
    return None, span


@dataclass(frozen=True, slots=True)
class PartHit:
    """A part of the day: its name, its minutes [start, end), and whether it
    names today too ("tonight", "this morning")."""

    name: str
    start: int
    end: int
    today: bool


def find_part(span: str) -> tuple[PartHit | None, str]:
    """Find a part of the day ("tomorrow morning", "late evening", "tonight").

    Returns:
        (hit or None, span with the part blanked).
    """
    match = _PART_RE.search(span)
    if match is None:
        return None, span
    name = "night" if match["part"] == "tonight" else match["part"]
    start, end = (hour * 60 for hour in PARTS_OF_DAY[name])
    middle = (start + end) // 2
    if match["edge"] == "early":
        end = middle
    elif match["edge"] == "late":
        start = middle
    today = match["part"] == "tonight" or match["this"] is not None
    return PartHit(name, start, end, today), _blank(span, match)


def _needs_context(match: re.Match[str], p: str) -> bool:
    return bool(match[p + "bare"] or (match[p + "mil"] and not match[p + "hrs"]) or match[p + "sep"] == ".")


def _to_clock(match: re.Match[str], p: str) -> Clock | None:
    """The Clock of a match, or None when no such time exists."""
    if match[p + "noon"]:
        return Clock(12, 0, literal=True)
    if match[p + "midnight"]:
        return Clock(24, 0, literal=True)
    if match[p + "ampm"]:
        hour, minute = int(match[p + "h"]), int(match[p + "m"] or 0)
        return Clock(hour, minute, match[p + "ampm"]) if 1 <= hour <= 12 and minute < 60 else None
    if match[p + "mil"]:
        return Clock(int(match[p + "mil"][:2]), int(match[p + "mil"][2:]), literal=True)
    text = match[p + "hh"] or match[p + "bare"]
    hour, minute = int(text), int(match[p + "mm"] or 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    literal = text.startswith("0") or hour > 12 or match[p + "sep"] == "h" or bool(match[p + "hsuf"])
    return Clock(hour, minute, literal=literal)


def _blank(span: str, match: re.Match[str]) -> str:
    return f"{span[: match.start()]} {span[match.end() :]}"
