"""A value is checked before it is kept: places must differ, times must parse and be ahead.

Each check returns an :data:`Outcome`: the fill to keep, or the problem to
tell the user. The problem's wording depends on whether an old value stays
("..., so I kept Kyoto") or the slot is still empty (the text then asks again).
"""

from __future__ import annotations

import re
from datetime import datetime

from chatbot.dialogue import prompts
from chatbot.dialogue.places import clean, same_place
from chatbot.dialogue.state import DialogueState, SlotFill, SlotName
from chatbot.dialogue.understand import Mention
from chatbot.timeparse import TimeValue, is_past, names_period, parse_time, weekday_clash

# A span whose least sure token holds its label at less than even odds is
# checked back ("Is Taipei where you leave from?") rather than taken. The
# shipped lstm gives clear places and times 0.9 and more; a place it half
# knows, or whose end of the trip it can not tell, sits around 0.4-0.6.
LOW_CONFIDENCE = 0.5
# One word typed in lower case that the place list has as no name may be a
# town named by a word ("Sale", "Reading") or just the word ("on sale",
# "reading"): however sure the tagger is, it is checked back.
_UNLISTED = LOW_CONFIDENCE - 0.01

# The fill to take (or None), its slot, and a problem to tell the user (or None).
Outcome = tuple[SlotFill | None, SlotName, str | None]
# What narrows a stretch of days without moving it: "early next week" is in next week.
_EDGE = re.compile(
    r"^(?:(?:in|during|early|late|later|mid|the (?:start|beginning|middle|end) of)[\s-]*)+", re.IGNORECASE
)


def other_end(slot: SlotName) -> SlotName:
    """The departure for the destination and the other way round."""
    return "destination" if slot == "departure" else "departure"


def check_place(state: DialogueState, mention: Mention, turn: int) -> Outcome:
    """A place is kept unless it is too long to be a name or is already the other end.

    Args:
        state: The dialogue so far (including what this turn already took).
        mention: The place span and the slot it goes to.
        turn: The turn's index, stored with the fill.
    """
    slot, held = mention.slot, state.get(mention.slot)
    other = state.get(other_end(slot))
    if clean(mention.text) is None:
        return None, slot, prompts.not_a_place(mention.text, slot, held)
    if other is not None and same_place(other.text, mention.text):
        return None, slot, prompts.same_place(slot, other, held)
    prob = min(mention.prob, _UNLISTED) if _unlisted(mention.text) else mention.prob
    return SlotFill(mention.text, prob, turn), slot, None


def _unlisted(text: str) -> bool:
    """One word in lower case that the place list has as no name: "sale", but not "busan" or "Sale"."""
    from model.gazetteer import shipped_gazetteer  # here: spaCy's word lists would slow the import

    return text == text.lower() and " " not in text.strip() and shipped_gazetteer().lookup(text) != "name"


def check_times(
    state: DialogueState,
    mentions: tuple[Mention, ...],
    now: datetime,
    turn: int,
    attempt: int,
    within: str | None = None,
) -> Outcome:
    """The turn's times merged into one value, on top of the time already held.

    "Friday" then "at 3pm" gives Friday 15:00 (``TimeValue.merge``). A time is
    kept when every part parses and the whole is not in the past.

    Args:
        state: The dialogue so far.
        mentions: The turn's time spans, in order (at least one).
        now: The clock.
        turn: The turn's index, stored with the fill.
        attempt: Failed answers so far, to vary the example shown.
        within: A stretch of days the user named before ("next week"): a day
            said now is read inside it when it can be ("Wednesday" is next
            week's), else on its own.
    """
    held = state.get("time")
    value: TimeValue | None = held.value if held else None
    for mention in mentions:
        parsed = (within and _read_inside(mention.text, within, now)) or parse_time(mention.text, now)
        if parsed is None:
            clash = weekday_clash(mention.text, now)
            if clash is not None:
                return None, "time", prompts.weekday_clash(*clash, held)
            problem = prompts.not_one_day if names_period(mention.text) else prompts.not_a_time
            return None, "time", problem(mention.text, held, attempt)
        value = parsed if value is None else value.merge(parsed)
    if value is None:
        return None, "time", None
    if is_past(value, now):
        return None, "time", prompts.past(value, held, attempt)
    return SlotFill(value.text, min(m.prob for m in mentions), turn, value), "time", None


def _read_inside(text: str, within: str, now: datetime) -> TimeValue | None:
    """``text`` read inside the stretch ``within``: "Tuesday" in "early next week" is next week's."""
    return parse_time(f"{text} {_EDGE.sub('', within)}", now)
