"""Normalising a time span: lower case, plain punctuation, numbers as digits.

After this step the rules only ever see digits, single spaces and a small set
of words:

>>> normalise("The twenty-first at Seven thirty P.M.")
'the 21th at 7:30 pm'
>>> normalise("quarter to nine")
'8:45'
"""

from __future__ import annotations

import difflib
import re

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip

# "quarter to nine", "ten past six", "half past 6", "20 minutes to 9". A bare
# digit before "to" is left alone: "9 to 11" is a range, not 10:51.
_MINUTE_NAMES = [*_UNITS, "twenty", *(f"twenty {unit}" for unit in list(_UNITS)[:9])]
_MINUTE_WORDS = "|".join(sorted(_MINUTE_NAMES, key=len, reverse=True))
_HOUR_WORDS = "|".join(sorted(list(_UNITS)[:12], key=len, reverse=True))
_RELATIVE_CLOCK = re.compile(
    rf"(?<!from )\b(?:a )?(?P<minutes>quarter|half|{_MINUTE_WORDS}|\d{{1,2}}(?= min))"
    rf"(?: minutes?| mins?)? (?P<way>past|after|to|till|til) (?P<hour>{_HOUR_WORDS}|\d{{1,2}})\b"
)

# Moments named by a meal, by daylight or by the working day, as clock times:
# (start, end). "before lunch" is before its start, "after lunch" after its
# end. Sunrise and dark are taken as 06:00 and 18:00 wherever the user is;
# the bot reads the time back, so a user can correct it.
_MOMENTS: dict[str, tuple[str, str]] = {
    "breakfast": ("07:00", "09:00"), "lunch": ("12:00", "13:00"), "lunchtime": ("12:00", "13:00"),
    "teatime": ("16:00", "17:00"), "dinner": ("18:00", "20:00"), "dinnertime": ("18:00", "20:00"),
    "work": ("09:00", "17:00"), "school": ("08:00", "15:00"),
    "dawn": ("06:00", "06:00"), "the crack of dawn": ("06:00", "06:00"), "the break of dawn": ("06:00", "06:00"),
    "daybreak": ("06:00", "06:00"), "first light": ("06:00", "06:00"), "sunrise": ("06:00", "06:00"),
    "dusk": ("18:00", "18:00"), "dark": ("18:00", "18:00"), "nightfall": ("18:00", "18:00"),
    "sunset": ("18:00", "18:00"), "sundown": ("18:00", "18:00"), "mid morning": ("10:00", "10:00"),
    "midmorning": ("10:00", "10:00"), "mid afternoon": ("15:00", "15:00"), "midafternoon": ("15:00", "15:00"),
}  # fmt: skip
# These need a modifier to be a time: "after work", but not "work" alone.
_NEEDS_MODIFIER = frozenset({"breakfast", "lunch", "dinner", "work", "school", "dark"})
_MOMENT = re.compile(
    r"\b(?:(?P<mod>before|after|by|around|until|till) )?"
    rf"(?P<moment>{'|'.join(sorted(map(re.escape, _MOMENTS), key=len, reverse=True))})\b"
)


# "half six" is British for 6:30 (what is left once "half past six" is read).
_BRITISH_HALF = re.compile(rf"\bhalf (?P<hour>{_HOUR_WORDS}|\d{{1,2}})\b")
# "tmrw am", "Friday pm": am and pm after a day name the half of that day.
_HALF_DAY = re.compile(r"\b(?P<day>[a-z]*day|tomorrow|mon|tues?|weds?|thu|thurs?|fri|sat|sun) (?P<half>am|pm)\b")
# Misspelt day, month and part-of-day names are read as the name they are
# closest to ("thurdsay", "wendesday", "evning"). Words shorter than six letters
# are left alone: "match" is not "march".
_SPELLED = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "august", "september", "october", "november", "december",
    "tomorrow", "morning", "afternoon", "evening", "tonight", "around",
)  # fmt: skip
_SLANG = {
    "tonite": "tonight", "nite": "night", "nxt": "next", "arnd": "around",
    "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow",
}  # fmt: skip


def _spelling(word: str) -> str:
    if word in _SLANG:
        return _SLANG[word]
    if len(word) < 6 or not word.isalpha() or word in _SPELLED:
        return word
    close = difflib.get_close_matches(word, _SPELLED, n=1, cutoff=0.82)
    return close[0] if close else word


def _moment(match: re.Match[str]) -> str:
    mod, moment = match["mod"], match["moment"]
    if mod is None and moment in _NEEDS_MODIFIER:
        return match[0]
    start, end = _MOMENTS[moment]
    return f"{mod} {end if mod == 'after' else start}" if mod else start


def normalise(text: str) -> str:
    """Lower-case ``text`` and rewrite it into the few shapes the rules read.

    Args:
        text: The span as typed.

    Returns:
        Space-separated words; number words become digits ("twenty first"
        becomes "21th", "seven thirty" becomes "7:30").
    """
    text = text.lower().replace("–", "-").replace("—", "-").replace("@", " at ").replace("~", " around ")
    text = re.sub(r"(?<![a-z])([ap])\.\s?m\b\.?", r"\1m", text)  # a.m. -> am
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # twenty-one, mid-day
    text = re.sub(r"(?<=\d)t(?=\d)", " ", text)  # 2026-12-04T15:00
    text = re.sub(rf"(\d|\b(?:{_HOUR_WORDS})) ?-? ?ish\b", r"\1 ish", text)  # 8ish, 8-ish, eightish
    text = re.sub(r"[,;!?()\"]|\.(?!\d)|(?<!\d)\.", " ", text)
    text = " ".join(_spelling(word) for word in text.split())
    text = re.sub(r"\bfirst thing(?: in the morning)?\b", "early morning", text)
    text = _HALF_DAY.sub(lambda m: f"{m['day']} {'morning' if m['half'] == 'am' else 'afternoon'}", text)
    text = _MOMENT.sub(_moment, text)
    text = _RELATIVE_CLOCK.sub(_relative_clock, text)
    text = _BRITISH_HALF.sub(lambda m: f"{_UNITS.get(m['hour']) or int(m['hour'])}:30", text)
    text = " ".join(_numbers_to_digits(text.split(" ")))
    return re.sub(r"\b(\d{1,2}) ?o ?['’]? ?clock\b", r"\1:00", text)


def _relative_clock(match: re.Match[str]) -> str:
    words = match["minutes"]
    if words.isdigit():
        minutes = int(words)
    else:
        minutes = {"quarter": 15, "half": 30}.get(words) or _read_number(words.split(" "), 0)[0]
    hour = int(match["hour"]) if match["hour"].isdigit() else _UNITS[match["hour"]]
    if not (1 <= minutes <= 59 and 1 <= hour <= 24):
        return match[0]
    if match["way"] in ("past", "after"):
        return f"{hour}:{minutes:02d}"
    if minutes == 30:  # "half to nine" means nothing
        return match[0]
    return f"{hour - 1 or 12}:{60 - minutes:02d}"


def _read_number(words: list[str], i: int) -> tuple[int, bool, int]:
    """Read a number written in words at ``words[i]``.

    Returns:
        (value, is_ordinal, words used); words used is 0 when there is none.
    """
    word = words[i] if i < len(words) else ""
    if word in _ORDINALS:
        return _ORDINALS[word], True, 1
    if word in _UNITS:
        return _UNITS[word], False, 1
    if word not in _TENS:
        return 0, False, 0
    unit = words[i + 1] if i + 1 < len(words) else ""
    if _UNITS.get(unit, 10) < 10:
        return _TENS[word] + _UNITS[unit], False, 2
    if _ORDINALS.get(unit, 10) < 10:
        return _TENS[word] + _ORDINALS[unit], True, 2
    return _TENS[word], False, 1


def _numbers_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        value, ordinal, used = _read_number(words, i)
        if not used:
            out.append(words[i])
            i += 1
            continue
        i += used
        if ordinal:
            out.append(f"{value}th")
            continue
        # An hour word followed by minute words is a clock: "seven thirty",
        # "five forty five", "seven oh five".
        minutes, minute_ordinal, minute_words = _read_number(words, i)
        if 1 <= value <= 12 and minute_words and not minute_ordinal and minutes >= 10:
            out.append(f"{value}:{minutes:02d}")
            i += minute_words
        elif 1 <= value <= 12 and i + 1 < len(words) and words[i] == "oh" and _UNITS.get(words[i + 1], 10) < 10:
            out.append(f"{value}:{_UNITS[words[i + 1]]:02d}")
            i += 2
        else:
            out.append(str(value))
    return out
