"""Time expressions: the forms people write a date or a clock time in.

Each form has an id (T01...), a kind -- ``day`` (a date or day), ``clock``
(a time of day, with its modifiers and ranges) or ``both`` (a day and a time
in one expression) -- the prepositions that may introduce it, and a function
that draws a value. The span is the expression itself; the introducing
preposition is written outside it (scheme rules T1-T4):

>>> import random
>>> form = FORMS_BY_ID["T21"]
>>> form.kind, form.intros, form.make(random.Random(3))
('clock', ('at',), '9am')

All splits share the forms; only the values are drawn afresh.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_ALT = ("Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun")
PARTS = ("morning", "afternoon", "evening", "night")
ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
ORDINAL_WORDS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
DEICTIC = frozenset({"today", "tomorrow", "tmrw", "tomorow", "tonight", "this", "next", "later", "early", "late"})
MINUTES = (0, 0, 0, 0, 15, 15, 30, 30, 30, 45, 45, 5, 10, 20, 25, 35, 40, 50, 55)
ODD_MINUTE_SHARE = 0.3  # timetables say 18:47 and 5:11, not only round quarters
AT_THE_LATEST_SHARE = 0.15  # "by 6 at the latest", one span (rule T1)
LIMITS = ("no later than", "not later than", "no earlier than", "not before", "not after", "until")
EVENINGS = ("tonight", "this evening", "tomorrow night")
# Joins the spans of a value that is two time expressions ("Monday", "after 13:00").
GAP = "\x1f"
MEALS = ("breakfast", "lunch", "lunch", "lunchtime", "dinner", "dinner", "dinnertime", "teatime")
# The end of daylight or of the working day, a moment like a meal (rule T8).
DAY_ENDS = ("dark", "dark", "sunset", "sunrise", "nightfall", "sundown", "work", "work", "school")


@dataclass(frozen=True)
class TimeForm:
    """One way of writing a time.

    Attributes:
        id: Stable id, ``T01``...
        name: Short description for the stats.
        kind: ``day``, ``clock`` or ``both``.
        intros: Prepositions that may introduce it (``""`` = none); they are
            written outside the span.
        make: Draws one value.
        weight: How often it is drawn, relative to the others.
    """

    id: str
    name: str
    kind: str
    intros: tuple[str, ...]
    make: Callable[[random.Random], str]
    weight: float = 1.0


# ---- small value makers --------------------------------------------------


def number_words(n: int) -> str:
    """Cardinal in words, 0-59: ``number_words(45) == 'forty five'``."""
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens * 10] + ("" if ones == 0 else " " + ONES[ones])


def ordinal_words(n: int) -> str:
    """Ordinal in words, 1-31: ``ordinal_words(21) == 'twenty first'``."""
    if n <= 20:
        return ORDINAL_WORDS[n]
    if n == 30:
        return "thirtieth"
    tens, ones = divmod(n, 10)
    return TENS[tens * 10] + " " + ORDINAL_WORDS[ones]


def ordinal(n: int) -> str:
    """``ordinal(2) == '2nd'``, ``ordinal(13) == '13th'``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _month_day(rng: random.Random) -> tuple[int, int]:
    month = rng.randrange(12)
    return month, rng.randint(1, DAYS_IN_MONTH[month])


def _month(rng: random.Random, m: int) -> str:
    return MONTHS[m] if rng.random() < 0.65 else MONTH_ABBR[m]


def _weekday(rng: random.Random) -> str:
    i = rng.randrange(7)
    r = rng.random()
    day = WEEKDAYS[i] if r < 0.8 else (WEEKDAY_ABBR[i] if r < 0.9 else WEEKDAY_ALT[i])
    return day.lower() if rng.random() < 0.3 else day


def _minute(rng: random.Random) -> int:
    return rng.randrange(60) if rng.random() < ODD_MINUTE_SHARE else rng.choice(MINUTES)


def _hour12(rng: random.Random) -> tuple[int, str]:
    hour24 = rng.choice((5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 17, 18, 19, 20, 21, 22))
    return (hour24 - 1) % 12 + 1, ("am" if hour24 < 12 else "pm")


def _ampm(rng: random.Random, suffix: str, *, spaced: bool) -> str:
    r = rng.random()
    if r < 0.2:
        suffix = suffix.upper()
    elif r < 0.4 and spaced:
        suffix = f"{suffix[0]}.m."
    return suffix


def h12_compact(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    return f"{hour}{_ampm(rng, suffix, spaced=False)}"


def h12_spaced(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    return f"{hour} {_ampm(rng, suffix, spaced=True)}"


def hm12_dotted(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    minute = _minute(rng)
    clock = f"{hour}" if minute == 0 and rng.random() < 0.5 else f"{hour}:{minute:02d}"
    r = rng.random()
    if r < 0.2:
        return f"{clock} {suffix[0]}.m"  # the last dot forgotten: "5:11 a.m"
    return f"{clock} {suffix[0]}.m." if r < 0.75 else f"{clock} {suffix[0].upper()}.M."


def hm12_compact(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    return f"{hour}:{_minute(rng):02d}{_ampm(rng, suffix, spaced=False)}"


def hm12_no_colon(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    spaced = rng.random() < 0.7
    return f"{hour}{_minute(rng):02d}{' ' if spaced else ''}{_ampm(rng, suffix, spaced=spaced)}"


def h24(rng: random.Random) -> str:
    hour = rng.randint(5, 23)
    minute = _minute(rng)
    return f"{hour:02d}:{minute:02d}" if hour < 10 and rng.random() < 0.6 else f"{hour}:{minute:02d}"


def military(rng: random.Random) -> str:
    clock = f"{rng.randint(5, 23):02d}{_minute(rng):02d}"
    return rng.choice((clock, clock, f"{clock} hours", f"{clock} hrs", f"{clock}h"))


def hundred_hours(rng: random.Random) -> str:
    return f"{number_words(rng.randint(13, 19))} hundred" + rng.choice(("", " hours"))


def words_hm(rng: random.Random) -> str:
    hour, suffix = _hour12(rng)
    minute = rng.choice((5, 10, 15, 20, 25, 30, 30, 40, 45, 45, 50, 55))
    minute_words = f"oh {ONES[minute]}" if minute < 10 else number_words(minute)
    return f"{ONES[hour]} {minute_words}" + rng.choice(("", "", f" {suffix}"))


def half_past(rng: random.Random) -> str:
    hour, _ = _hour12(rng)
    word = ONES[hour] if rng.random() < 0.7 else str(hour)
    return rng.choice((f"half past {word}", f"half past {word}", f"half {ONES[hour]}"))


def quarter(rng: random.Random) -> str:
    hour, _ = _hour12(rng)
    word = ONES[hour] if rng.random() < 0.7 else str(hour)
    return f"{rng.choice(('', 'a '))}quarter {rng.choice(('to', 'past'))} {word}"


def oclock(rng: random.Random) -> str:
    hour, _ = _hour12(rng)
    return f"{ONES[hour] if rng.random() < 0.6 else hour} o'clock"


def noon(rng: random.Random) -> str:
    return rng.choice(("noon", "noon", "midday", "midnight", "12 noon", "lunchtime"))


def bare_hour(rng: random.Random) -> str:
    hour, _ = _hour12(rng)
    return str(hour) if rng.random() < 0.7 else ONES[hour]


def clock_in_part(rng: random.Random) -> str:
    hour = rng.choice((6, 7, 8, 9, 10, 14, 15, 16, 18, 19, 20))
    if hour < 12:
        return f"{rng.choice((str(hour), ONES[hour]))} in the morning"
    word = rng.choice((str(hour - 12), ONES[hour - 12]))
    if hour >= 20 and rng.random() < 0.5:
        return f"{word} at night"
    return f"{word} in the {'afternoon' if hour < 18 else 'evening'}"


def _range(rng: random.Random) -> tuple[int, int, str]:
    if rng.random() < 0.65:
        a, b = sorted(rng.sample(range(1, 10), 2))
        return a, b, rng.choice(("pm", "pm", "p.m.", "PM"))
    a, b = sorted(rng.sample(range(6, 12), 2))
    return a, b, rng.choice(("am", "am", "a.m.", "AM"))


def _range24(rng: random.Random) -> tuple[int, int]:
    a = rng.randint(6, 20)
    return a, a + rng.randint(1, 3)


def clock_value(rng: random.Random, bare: bool = True) -> str:
    """Any plain clock time, for the modifier and combination forms.

    A bare hour ("9") reads well after "at", "after", "by", not before "on Friday".
    """
    makers = (h12_compact, h12_spaced, hm12_compact, h24, h24, h24, noon) + ((bare_hour,) if bare else ())
    return rng.choice(makers)(rng)


def modified_clock(rng: random.Random, modifier: str, with_day: bool = False) -> str:
    """``"by 17:15"``, or with a day after it: ``"by 17:15 on tuesday"`` (one span, rule T3)."""
    if with_day:
        return f"{modifier} {clock_value(rng)} {rng.choice(('on ', 'on ', ''))}{_weekday(rng)}"
    return by_clock(rng) if modifier == "by" else f"{modifier} {clock_value(rng)}"


def by_clock(rng: random.Random) -> str:
    """``"by 17:15"``, now and then ``"by 17:15 at the latest"``: the whole is the span (rule T1)."""
    return f"by {clock_value(rng)}{' at the latest' if rng.random() < AT_THE_LATEST_SHARE else ''}"


def day_then_limit(rng: random.Random) -> str:
    """A day, then a limit on the clock: two spans (rule T3's exception).

    ``"Monday" GAP "after 13:00"``: the parts are joined with :data:`GAP`
    around the words between them, which are outside both spans
    (:func:`parts`).
    """
    day = rng.choice(
        (
            _weekday(rng),
            _weekday(rng),
            "tomorrow",
            "tomorrow",
            "today",
            "tonight",
            "the 30th",
            f"the {ordinal(rng.randint(1, 31))}",
            "next Friday",
            "this Saturday",
        )
    )
    between = rng.choice((" ", " ", " ", ", ", " at ", " but "))
    if between in (" at ", " but "):
        limit = f"{rng.choice(('around', 'about', 'after', 'before', 'no later than'))} {clock_value(rng)}"
    else:
        limit = rng.choice(
            (
                f"{rng.choice(('after', 'after', 'before', 'by', 'by', 'around', 'until', 'no later than'))} "
                f"{clock_value(rng)}",
                meal_time(rng),
                f"between {(lambda a, b, m: f'{a} and {b} {m}')(*_range(rng))}",
            )
        )
    return f"{day}{GAP}{between}{GAP}{limit}"


def parts(value: str) -> list[tuple[str, bool]]:
    """Split a time value into ``(text, is_time)`` pieces at :data:`GAP`.

    >>> parts(f"Monday{GAP} {GAP}after 13:00")
    [('Monday', True), (' ', False), ('after 13:00', True)]
    """
    return [(piece, k % 2 == 0) for k, piece in enumerate(value.split(GAP))]


def meal_time(rng: random.Random) -> str:
    """A meal as a part of the day (rule T8): "before lunch", "around dinnertime"."""
    return f"{rng.choice(('before', 'after', 'after', 'by', 'around'))} {rng.choice(MEALS)}"


def day_end_time(rng: random.Random) -> str:
    """The end of daylight or of work as a moment (rule T8): "before dark",
    "after work on Friday"."""
    day = rng.choice(("",) * 6 + (" tomorrow", " today", f" on {rng.choice(WEEKDAYS)}"))
    return f"{rng.choice(('before', 'after', 'after', 'by'))} {rng.choice(DAY_ENDS)}{day}"


def service_part(rng: random.Random) -> str:
    """A part of the day that names the service it qualifies (rule T8):
    the "morning" of "the morning flights", "Friday evening" of "the Friday
    evening ferry"."""
    part = rng.choice(PARTS + ("morning", "evening", "early morning", "late evening", "late night", "mid-morning"))
    return rng.choice((part,) * 5 + (f"{rng.choice(WEEKDAYS)} {part}", f"tomorrow {part}"))


# ---- the forms -------------------------------------------------------------


def _f(
    id: str, name: str, kind: str, intros: tuple[str, ...], weight: float = 1.0
) -> Callable[[Callable[[random.Random], str]], TimeForm]:
    def wrap(make: Callable[[random.Random], str]) -> TimeForm:
        return TimeForm(id, name, kind, intros, make, weight)

    return wrap


FORMS: tuple[TimeForm, ...] = (
    _f("T01", "month day ordinal", "day", ("on", "on", ""))(
        lambda r: (lambda m, d: f"{_month(r, m)} {ordinal(d)}")(*_month_day(r))
    ),
    _f("T02", "day month", "day", ("on", "on", ""))(
        lambda r: (lambda m, d: f"{r.choice((str(d), ordinal(d)))} {_month(r, m)}")(*_month_day(r))
    ),
    _f("T03", "month day year", "day", ("on", ""), 0.6)(
        lambda r: (
            lambda m, d: r.choice(
                (
                    f"{_month(r, m)} {ordinal(d)} {r.choice((2025, 2026, 2027))}",
                    f"{MONTHS[m]} {d}, {r.choice((2025, 2026, 2027))}",
                )
            )
        )(*_month_day(r))
    ),
    _f("T04", "ISO date", "day", ("on", ""), 0.5)(
        lambda r: (lambda m, d: f"{r.choice((2025, 2026, 2027))}-{m + 1:02d}-{d:02d}")(*_month_day(r))
    ),
    _f("T05", "numeric day/month", "day", ("on", "on", ""), 0.6)(
        lambda r: (
            lambda m, d: r.choice((f"{d}/{m + 1}", f"{d:02d}/{m + 1:02d}", f"{d}/{m + 1}/{r.choice((2026, 26))}"))
        )(*_month_day(r))
    ),
    _f("T06", "the ordinal", "day", ("on", "on", "for"))(lambda r: f"the {ordinal(r.randint(1, 31))}"),
    _f("T07", "ordinal of month", "day", ("on", "on", "for"))(
        lambda r: (lambda m, d: f"the {ordinal(d)} of {_month(r, m)}")(*_month_day(r))
    ),
    _f("T08", "ordinal in words", "day", ("on", "on", "for"))(lambda r: f"the {ordinal_words(r.randint(1, 31))}"),
    _f("T09", "month and ordinal word", "day", ("on", ""))(
        lambda r: (lambda m, d: r.choice((f"{MONTHS[m]} {ordinal_words(d)}", f"{MONTHS[m]} the {ordinal_words(d)}")))(
            *_month_day(r)
        )
    ),
    _f("T10", "weekday", "day", ("on", "on", ""), 4.0)(_weekday),
    _f("T11", "this/next weekday", "day", ("",), 2.0)(
        lambda r: f"{r.choice(('this', 'next', 'next', 'this coming'))} {_weekday(r)}"
    ),
    _f("T12", "weekday and date", "day", ("on",), 0.6)(
        lambda r: (lambda m, d: r.choice((f"{_weekday(r)} the {ordinal(d)}", f"{_weekday(r)} {d} {_month(r, m)}")))(
            *_month_day(r)
        )
    ),
    _f("T13", "today/tomorrow", "day", ("",), 3.0)(
        lambda r: r.choice(("today", "tomorrow", "tomorrow", "tomorrow", "tmrw", "tomorow"))
    ),
    _f("T14", "the day after tomorrow", "day", ("",), 0.5)(lambda r: "the day after tomorrow"),
    _f("T15", "in N days", "day", ("",), 0.6)(
        lambda r: r.choice(
            (
                f"in {r.randint(2, 9)} days",
                f"in {ONES[r.randint(2, 9)]} days",
                "in a week",
                "in a couple of days",
                "in two weeks",
            )
        )
    ),
    _f("T16", "week or weekend", "day", ("",), 0.8)(
        lambda r: r.choice(
            ("next week", "this weekend", "next weekend", "next month", "early next week", "later this week")
        )
    ),
    _f("T17", "this morning/evening, tonight", "clock", ("",), 1.2)(
        lambda r: r.choice(("tonight", "tonight", "this morning", "this afternoon", "this evening"))
    ),
    _f("T18", "part of day", "clock", ("in",), 1.2)(lambda r: f"the {r.choice(PARTS[:3])}"),
    _f("T19", "day and part of day", "both", ("on", ""), 1.5)(
        lambda r: f"{r.choice((_weekday(r), 'tomorrow', 'tomorrow'))} {r.choice(PARTS)}"
    ),
    _f("T20", "this/next weekday part", "both", ("",))(
        lambda r: f"{r.choice(('next', 'this'))} {_weekday(r)} {r.choice(PARTS)}"
    ),
    _f("T21", "12h compact", "clock", ("at",), 2.0)(h12_compact),
    _f("T22", "12h spaced", "clock", ("at",), 1.5)(h12_spaced),
    _f("T23", "12h with dots", "clock", ("at",))(hm12_dotted),
    _f("T24", "12h with minutes", "clock", ("at",), 1.5)(hm12_compact),
    _f("T25", "24h", "clock", ("at",), 3.0)(h24),
    _f("T26", "military", "clock", ("at",), 0.6)(military),
    _f("T27", "hours in words", "clock", ("at",), 0.8)(words_hm),
    _f("T28", "half past", "clock", ("at",), 0.8)(half_past),
    _f("T29", "quarter past/to", "clock", ("at",), 0.8)(quarter),
    _f("T30", "o'clock", "clock", ("at",), 0.8)(oclock),
    _f("T31", "noon/midnight", "clock", ("at",), 0.8)(noon),
    _f("T32", "bare hour", "clock", ("at",), 0.6)(bare_hour),
    _f("T33", "day at clock", "both", ("",), 1.5)(
        lambda r: f"{r.choice((_weekday(r), 'tomorrow', 'tomorrow', 'today'))} at {clock_value(r)}"
    ),
    _f("T34", "clock on day", "both", ("at", ""))(
        lambda r: r.choice(
            (
                f"{clock_value(r, bare=False)} on {_weekday(r)}",
                f"{clock_value(r, bare=False)} tomorrow",
                f"{h12_compact(r)} {_weekday(r)}",
            )
        )
    ),
    _f("T35", "date at clock", "both", ("on", ""), 0.6)(
        lambda r: (
            lambda m, d: r.choice(
                (f"{_month(r, m)} {ordinal(d)} at {clock_value(r)}", f"the {ordinal(d)} at {clock_value(r)}")
            )
        )(*_month_day(r))
    ),
    _f("T36", "between ranges", "clock", ("",), 0.8)(
        lambda r: (
            (lambda a, b, m: r.choice((f"between {a} and {b} {m}", f"between {a}{m} and {b}{m}")))(*_range(r))
            if r.random() < 0.6
            else (lambda a, b: f"between {a}:00 and {b}:{r.choice(('00', '30'))}")(*_range24(r))
        )
    ),
    _f("T37", "from-to ranges", "clock", ("",), 0.4)(
        lambda r: (
            (lambda a, b, m: r.choice((f"from {a} to {b} {m}", f"from {a}:30 to {b}{m}", f"from {a}{m} to {b}{m}")))(
                *_range(r)
            )
            if r.random() < 0.6
            else (lambda a, b: f"from {a}:00 to {b}:00")(*_range24(r))
        )
    ),
    _f("T38", "dash ranges", "clock", ("",), 0.4)(
        lambda r: (lambda a, b, m: r.choice((f"{a}-{b}{m}", f"{a} - {b} {m}", f"{a}{m}-{b}{m}")))(*_range(r))
    ),
    _f("T39", "after clock", "clock", ("",), 3.0)(lambda r: f"after {clock_value(r)}"),
    _f("T40", "before clock", "clock", ("",), 1.5)(lambda r: f"before {clock_value(r)}"),
    _f("T41", "by clock", "clock", ("",), 2.5)(by_clock),
    _f("T42", "around clock", "clock", ("", "at"), 1.2)(
        lambda r: r.choice(
            (
                f"around {clock_value(r)}",
                f"about {clock_value(r)}",
                f"roughly {clock_value(r)}",
                f"{bare_hour(r)}ish",
                f"{h12_compact(r)} ish",
                f"around {bare_hour(r)}ish",
                f"{bare_hour(r)}-ish",
                f"about {bare_hour(r)}ish",
            )
        )
    ),
    _f("T43", "no later/earlier than", "clock", ("",), 1.0)(lambda r: f"{r.choice(LIMITS)} {clock_value(r)}"),
    _f("T44", "early/late part of day", "clock", ("in", ""))(
        lambda r: (
            f"{r.choice(('early', 'late', 'mid'))} {r.choice(PARTS[:3])}"
            if r.random() < 0.5
            else f"the {r.choice(('early', 'late'))} {r.choice(PARTS[:3])}"
        )
    ),
    _f("T45", "early/late day", "both", ("",))(
        lambda r: r.choice(
            (
                f"early {r.choice(('tomorrow', 'today'))}",
                f"late on {_weekday(r)}",
                f"early on {_weekday(r)}",
                "late tomorrow night",
                "first thing tomorrow",
                "first thing in the morning",
                f"early {_weekday(r)} {r.choice(PARTS[:3])}",
            )
        )
    ),
    _f("T46", "day, then a modifier clock", "both", ("on", ""), 1.5)(day_then_limit),
    _f("T47", "in N minutes", "clock", ("",), 0.6)(
        lambda r: r.choice(
            (
                "in an hour",
                "in half an hour",
                f"in {r.choice((10, 15, 20, 30, 45))} minutes",
                f"in {ONES[r.randint(2, 4)]} hours",
            )
        )
    ),
    _f("T48", "clock in the part of day", "clock", ("at",), 0.8)(clock_in_part),
    _f("T49", "holiday", "day", ("on",), 0.3)(
        lambda r: r.choice(
            (
                "Christmas Eve",
                "Christmas Day",
                "Boxing Day",
                "New Year's Eve",
                "New Year's Day",
                "Easter Monday",
                "Good Friday",
                "christmas eve",
            )
        )
    ),
    _f("T50", "clock and day-part word", "both", ("at", ""), 0.6)(
        lambda r: r.choice(
            (
                f"{r.randint(6, 11)}{r.choice(('am', '', ':30'))} tomorrow morning",
                f"{r.randint(6, 11)}{r.choice(('pm', '', ':30'))} {r.choice(EVENINGS)}",
                f"{ONES[r.randint(6, 11)]} o'clock {r.choice(('tomorrow morning', 'tonight'))}",
            )
        )
    ),
    _f("T51", "modifier clock on day", "both", ("",), 0.8)(
        lambda r: modified_clock(r, r.choice(("after", "before", "by", "around")), with_day=True)
    ),
    _f("T52", "meal times", "clock", ("",), 0.6)(meal_time),
    # A vague moment that names a part of the day is a time (rule D7).
    _f("T53", "dawn and dusk", "clock", ("at",), 0.3)(
        lambda r: r.choice(
            ("the crack of dawn", "the crack of dawn", "dawn", "first light", "daybreak", "dusk", "the break of dawn")
        )
    ),
    _f("T54", "month", "day", ("in", "in", "for", ""), 0.6)(
        lambda r: (
            lambda m: r.choice(
                (
                    m,
                    m,
                    f"mid-{m}",
                    f"the end of {m}",
                    f"the beginning of {m}",
                    f"the first week of {m}",
                    f"{m} {r.choice((2026, 2027))}",
                )
            )
        )(r.choice(MONTHS))
    ),
    # A clock time naming a service: "the [6:15] train" (only in templates, weight 0).
    _f("T55", "clock of a service", "clock", ("",), 0.0)(
        lambda r: r.choice((f"{_hour12(r)[0]}:{_minute(r):02d}", h24(r), h24(r), oclock(r), h12_compact(r)))
    ),
    # Hours and minutes run together, as a search box gets them: "838 am", "1110pm".
    _f("T56", "12h with no colon", "clock", ("at",), 0.4)(hm12_no_colon),
    _f("T57", "end of daylight or work", "clock", ("",), 0.3)(day_end_time),
    # A part of the day naming a service: "the [morning] flights" (only in templates, weight 0).
    _f("T58", "part of day of a service", "clock", ("",), 0.0)(service_part),
)

FORMS_BY_ID: dict[str, TimeForm] = {f.id: f for f in FORMS}
# A modifier the template fixes ("leave {after}", "arrive {by}"): the plain
# form, or 1 in 4 times the same modifier with a day after the clock (T51).
MODIFIED_FORMS = {"after": "T39", "before": "T40", "by": "T41"}


def draw_modified(rng: random.Random, modifier: str) -> tuple[TimeForm, str, str]:
    """A clock time with a given modifier, for templates that need one.

    Args:
        rng: The generator's random source.
        modifier: ``after``, ``before`` or ``by``.

    Returns:
        ``(form, "", value)`` like ``draw``: the modifier is inside the span.
    """
    with_day = rng.random() < 0.25
    form = FORMS_BY_ID["T51" if with_day else MODIFIED_FORMS[modifier]]
    return form, "", modified_clock(rng, modifier, with_day)


def draw_form(rng: random.Random, form_id: str) -> tuple[TimeForm, str, str]:
    """A value of one given form, without a preposition (``dep York 10:05``)."""
    form = FORMS_BY_ID[form_id]
    return form, "", form.make(rng)


def draw(rng: random.Random, kinds: tuple[str, ...], intro: str | None = None) -> tuple[TimeForm, str, str]:
    """Draw a form of one of ``kinds``, an introducing preposition and a value.

    Args:
        rng: The generator's random source.
        kinds: Allowed kinds, e.g. ``("day",)``.
        intro: If given, only forms that take this preposition, and always it.

    Returns:
        ``(form, intro, value)``; ``intro`` may be ``""``.
    """
    forms = [f for f in FORMS if f.kind in kinds and (intro is None or intro in f.intros)]
    while True:
        form = rng.choices(forms, weights=[f.weight for f in forms])[0]
        value = form.make(rng)
        # "on tomorrow evening" is not English: deictic values take no preposition.
        deictic = value.split()[0].lower() in DEICTIC
        if intro is None:
            return form, "" if deictic else rng.choice(form.intros), value
        if not deictic:
            return form, intro, value
