"""What a turn does besides naming slots: small rules a reader can check by eye.

The tagger finds places and times; these patterns find the rest: yes, no,
cancel, start over, help, greetings, thanks, "change the time", and the
markers of a correction ("actually", "I meant", "not Kyoto, Osaka").

>>> read_intents("No, from Tainan").acts == frozenset({"no", "correction"})
True
>>> read_intents("change the time to 4pm").change
'time'
>>> read_intents("not Kyoto, Osaka").negated
((4, 9),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from chatbot.dialogue.state import SlotName

Act = Literal[
    "yes", "no", "cancel", "restart", "help", "capabilities", "greeting", "thanks", "bye", "correction", "book"
]


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _words(*phrases: str) -> str:
    """An alternation of phrases, longest first, spaces matching any spacing."""
    return "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_YES = _words(
    "yes", "yeah", "yep", "yup", "ya", "y", "sure", "ok", "okay", "k", "correct", "right", "exactly", "absolutely",
    "definitely", "of course", "please do", "go ahead", "book it", "do it", "confirm", "that's right",
    "that is right", "sounds good", "perfect", "great", "fine", "alright", "all right", "that works", "affirmative",
)  # fmt: skip
_NO = _words(
    "no", "nope", "nah", "n", "not really", "not quite", "wrong", "incorrect", "that's wrong", "negative",
    "that's not right", "don't", "do not",
)  # fmt: skip

# Who a greeting or thanks is said to, part of it: "cheers mate" names no place.
_VOCATIVE = _words("mate", "man", "buddy", "pal", "dude", "sir", "madam", "love", "there", "all", "guys", "again")

# Each pattern runs on the turn as typed, ignoring case; the order is only for reading.
_PATTERNS: dict[Act, re.Pattern[str]] = {
    "yes": _re(rf"^\W*(?:{_YES})(?:\W|$)"),
    "no": _re(rf"^\W*(?:{_NO})(?:\W|$)"),
    "cancel": _re(r"\b(?:cancel|never\s*mind|nevermind|forget\s+(?:it|that|about\s+it)|abort|quit)\b"),
    "restart": _re(
        r"\b(?:start\s+(?:over|again|afresh|from\s+scratch)|restart|reset|from\s+scratch|begin\s+again"
        r"|new\s+booking|clear\s+(?:it|that|all|everything))\b"
    ),
    "help": _re(
        r"\bhelp\b|^\W*\?+\W*$|how\s+does\s+(?:this|it)\s+work|what\s+(?:do|should|can)\s+i\s+(?:say|type|do|ask)"
        r"|how\s+do\s+i\s+use"
    ),
    "capabilities": _re(
        r"what\s+(?:can|do|else\s+can)\s+you\s+do|what\s+are\s+you\b|who\s+are\s+you|what\s+is\s+this\b"
    ),
    "greeting": _re(
        rf"^\W*(?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:{_VOCATIVE}))?\b"
    ),
    "thanks": _re(rf"\b(?:thanks|thank\s+you|thx|ty|cheers|much\s+appreciated)(?:\s+(?:{_VOCATIVE}))?\b"),
    "bye": _re(r"\b(?:bye|goodbye|good\s+bye|see\s+you|farewell|that(?:'?s|\s+is|'ll\s+be)\s+all|nothing\s+else)\b"),
    "correction": _re(
        r"^\W*(?:no|nope|sorry|wait|oops)\b|\b(?:actually|i\s+meant|i\s+mean|meant|make\s+(?:it|that)|instead"
        r"|rather|correction|change|switch|not)\b"
    ),
    "book": _re(
        r"\b(?:book|booking|ticket|tickets|train|flight|fly|bus|coach|taxi|cab|travel|trip|journey|reserve"
        r"|reservation|go|going|leave|leaving)\b"
    ),
}

_SOCIAL: tuple[Act, ...] = ("greeting", "thanks", "bye")

# What people call each slot, for "change the X" and for a bare "the time".
_SLOT_WORDS: dict[SlotName, str] = {
    "departure": _words(
        "departure", "departure city", "departure station", "origin", "start", "starting point", "start point",
        "from", "where i leave from", "where i'm leaving from", "where from", "leaving from", "pickup",
    ),
    "destination": _words(
        "destination", "arrival", "arrival city", "to", "where to", "where i'm going", "where i go", "going to",
        "end point",
    ),
    "time": _words(
        "time", "date", "day", "hour", "when", "departure time", "date and time", "time and date", "datetime",
    ),
}  # fmt: skip
_NAMES = "|".join(f"(?P<{slot}>{words})" for slot, words in _SLOT_WORDS.items())
_CHANGE = _re(
    rf"\b(?:change|edit|fix|update|modify|correct|redo|switch)\s+(?:the\s+|my\s+|your\s+)?(?:{_NAMES})"
    r"(?=\s*$|\s+to\b|\s+(?:please|instead)\b|[^\w\s'])"
)
_BARE_NAME = _re(rf"^\W*(?:(?:the|my)\s+)?(?:{_NAMES})\W*(?:please\W*)?$")
# "not Kyoto, Osaka", "Osaka, not Kyoto"; but "not before 5pm" is a time, not a rejection.
NOT_A_TIME = r"not\s+(?!(?:before|after|later|earlier)\b)"
_NEGATED = _re(rf"\b{NOT_A_TIME}(?P<old>[^,;.!?]+?)\s*(?:[,;.!?]|\s+but\b|$)")
# The way back, to the end of its clause: "..., returning Thursday", "going
# Monday and back Wednesday". "a return ticket" names no leg.
_RETURN = _re(
    r"\b(?:returning|return(?!\s+(?:ticket|trip|journey|fare|flight|train|leg|seat)s?\b)|and\s+back"
    r"|(?:com(?:e|ing)|go(?:ing)?|fly(?:ing)?|head(?:ing)?|travel(?:l?ing)?)\s+back)\b[^,;.!?]*"
)


@dataclass(frozen=True)
class Intents:
    """The rule-based reading of one turn.

    Attributes:
        acts: What the turn does (see :data:`Act`).
        change: The slot named in "change the X" (or a bare "the time").
        negated: Where the values the user rejects stand, as (start, end)
            offsets ("not Kyoto, Osaka" -> the offsets of "Kyoto").
        social: Where greetings, thanks and goodbyes stand, so that no slot is
            read into them ("Good morning" is not a time).
        returning: Where a way back is asked for, from its cue to the end
            of its clause ("returning Thursday evening").
    """

    acts: frozenset[Act]
    change: SlotName | None
    negated: tuple[tuple[int, int], ...]
    social: tuple[tuple[int, int], ...] = ()
    returning: tuple[tuple[int, int], ...] = ()

    def __contains__(self, act: str) -> bool:
        return act in self.acts


def read_intents(text: str) -> Intents:
    """Find the acts, a slot to change and rejected values in ``text``.

    Args:
        text: The user's turn, as typed.

    Returns:
        The :class:`Intents`; empty for text with no known words.
    """
    plain = text.replace("’", "'")  # same length, so offsets stay the user's
    acts = frozenset(act for act, pattern in _PATTERNS.items() if pattern.search(plain))
    change = _named_slot(_CHANGE.search(plain)) or _named_slot(_BARE_NAME.match(plain))
    negated = tuple((m.start("old"), m.end("old")) for m in _NEGATED.finditer(plain))
    social = tuple(m.span() for act in _SOCIAL for m in _PATTERNS[act].finditer(plain))
    returning = tuple(m.span() for m in _RETURN.finditer(plain))
    return Intents(acts, change, negated, social, returning)


def _named_slot(match: re.Match[str] | None) -> SlotName | None:
    if match is None:
        return None
    return next((slot for slot in _SLOT_WORDS if match.group(slot)), None)
