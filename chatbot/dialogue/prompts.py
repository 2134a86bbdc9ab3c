"""Everything the bot says, in one place: plain text, never markup.

Values are read back normalised: places as :func:`~chatbot.dialogue.places.display_name`
gives them, times as ``TimeValue.describe()`` ("Fri 4 Dec 2026, 15:00").
"""

from __future__ import annotations

from chatbot.dialogue.places import display_name
from chatbot.dialogue.state import SlotFill, SlotName
from chatbot.timeparse import EXAMPLES, TimeValue

# The first wording, and the one used once the same question has failed twice.
QUESTIONS: dict[SlotName, tuple[str, str]] = {
    "departure": (
        "Where are you leaving from?",
        "Which city or station does your trip start from? For example: Taipei.",
    ),
    "destination": (
        "Where are you going?",
        "Which city or station would you like to travel to? For example: Tokyo.",
    ),
    "time": (
        "When would you like to travel?",
        "What day and time would suit you? For example: {example}.",
    ),
}
CHANGE_QUESTIONS: dict[SlotName, str] = {
    "departure": "Where would you like to leave from instead?",
    "destination": "Where would you like to go instead?",
    "time": "When would you like to travel instead?",
}
UNSURE: dict[SlotName, str] = {
    "departure": "Is {value} where you leave from?",
    "destination": "Is {value} where you're going?",
    "time": "Is {value} when you'd like to travel?",
}
NAMES: dict[SlotName, str] = {"departure": "departure", "destination": "destination", "time": "time"}

GREETING = "Hello! I can book a trip for you: tell me where you're leaving from, where you're going and when."
THANKS = "You're welcome!"
BYE = "Goodbye! Come back whenever you need a ticket."
HELP = (
    "Tell me where you're leaving from, where you're going and when, all at once "
    "('Taipei to Tokyo on Friday at 3pm') or one at a time. You can correct me ('actually, to Osaka', "
    "'change the time'), say 'start over' to clear everything, or 'cancel'."
)
CAPABILITIES = (
    "I book trips by train, plane, bus or taxi. I remember what you've told me, ask for what's missing, "
    "and read it all back before I book anything."
)
NOT_UNDERSTOOD = "Sorry, I didn't understand that. Try 'Taipei to Tokyo on Friday at 3pm', or say 'help'."
EMPTY = "I didn't get anything there."
CLEARED = "Okay, I've cleared everything. Tell me about a trip whenever you like."
NOTHING_TO_CANCEL = "There's nothing to cancel. Tell me about a trip whenever you like."
NOT_BOOKED = "Sorry, I didn't catch that. Shall I book it? Please say yes or no."
YES_OR_NO = "Please say yes or no."
WHAT_TO_CHANGE = "What would you like to change: where you leave from, where you're going, or the time?"
START = "Sure."
WAY_BACK = "I book one way at a time, so this is the way there; ask me for the way back once it's booked."


def arrival(text: str) -> str:
    """A time of arriving, set aside for the time of leaving (understand.py, rule 8)."""
    return f"I book by the time you leave, so I left out {quote(text)}, when you arrive."


def quote(text: str, limit: int = 40) -> str:
    """User text to echo inside a reply: one line, cut to ``limit`` characters."""
    line = " ".join(text.split())
    return f"'{line if len(line) <= limit else line[: limit - 3] + '...'}'"


def example(attempt: int) -> str:
    """One of the time forms the parser understands, a different one each attempt."""
    return EXAMPLES[attempt % len(EXAMPLES)]


def show(slot: SlotName, fill: SlotFill) -> str:
    """A slot's value as read back to the user."""
    if slot == "time" and fill.value is not None:
        return fill.value.describe()
    return display_name(fill.text)


def question(slot: SlotName, fails: int) -> str:
    """The question for ``slot``: plain, then apologetic, then reworded with an example.

    Args:
        slot: The slot to ask for.
        fails: How many answers to this question in a row did not fill it.
    """
    first, reworded = QUESTIONS[slot]
    if fails >= 2:
        return reworded.format(example=example(fails))
    return f"Sorry, I didn't catch that. {first}" if fails == 1 else first


def unsure(slot: SlotName, fill: SlotFill) -> str:
    """Check a value the tagger was not sure of: "Is Taipei where you leave from?"."""
    return UNSURE[slot].format(value=show(slot, fill))


def confirmation(departure: SlotFill, destination: SlotFill, time: SlotFill) -> str:
    """The read-back before booking: "Fri 4 Dec 2026, 15:00 - Taipei to Tokyo. Book it?"."""
    return f"{show('time', time)} - {show('departure', departure)} to {show('destination', destination)}. Book it?"


def got(fills: dict[SlotName, SlotFill]) -> str:
    """Acknowledge new values: "Got it: from Taipei to Tokyo, Fri 4 Dec 2026, 15:00."."""
    parts = []
    if "departure" in fills:
        parts.append(f"from {show('departure', fills['departure'])}")
    if "destination" in fills:
        parts.append(f"to {show('destination', fills['destination'])}")
    places = " ".join(parts)
    when = show("time", fills["time"]) if "time" in fills else ""
    return f"Got it: {', '.join(p for p in (places, when) if p)}."


def changed(slot: SlotName, fill: SlotFill) -> str:
    """Name the value that changed: "Okay, destination changed to Osaka."."""
    return f"Okay, {NAMES[slot]} changed to {show(slot, fill)}."


def same_place(slot: SlotName, other_fill: SlotFill, kept: SlotFill | None) -> str:
    """A place that is already the other end of the trip."""
    other_slot: SlotName = "departure" if slot == "destination" else "destination"
    other = show(other_slot, other_fill)
    if kept is not None:
        return f"{other} is already your {NAMES[other_slot]}, so I kept {show(slot, kept)} as your {NAMES[slot]}."
    if slot == "destination":
        return f"You're already leaving from {other} - where to?"
    return f"You're already going to {other} - where are you leaving from?"


def not_a_place(text: str, slot: SlotName, kept: SlotFill | None) -> str:
    """A span too long to be a place name."""
    if kept is not None:
        return f"{quote(text)} is too long for a place name, so I kept {show(slot, kept)}."
    return f"{quote(text)} is too long for a place name. {QUESTIONS[slot][0]}"


def past(value: TimeValue, kept: SlotFill | None, attempt: int) -> str:
    """A time that has already gone."""
    if kept is not None:
        return f"{value.describe()} is in the past, so I kept {show('time', kept)}."
    return f"That's in the past ({value.describe()}) - when would you like to travel? For example: {example(attempt)}."


def not_a_time(text: str, kept: SlotFill | None, attempt: int) -> str:
    """A time the parser could not read."""
    if kept is not None:
        return f"I couldn't understand {quote(text)} as a time, so I kept {show('time', kept)}."
    return (
        f"Sorry, I couldn't understand {quote(text)} as a time. When would you like to travel? "
        f"For example: {example(attempt)}."
    )


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_clash(said: str, value: TimeValue, kept: SlotFill | None) -> str:
    """A weekday that is not the date's: "4 August is a Wednesday (Wed 4 Aug 2027), not a Sunday"."""
    clash = f"{quote(value.text)} is a {_DAY_NAMES[value.day.weekday()]} ({value.describe()}), not a {said.title()}"
    if kept is not None:
        return f"{clash}, so I kept {show('time', kept)}."
    return f"{clash} - which day would you like to travel?"


def not_one_day(text: str, kept: SlotFill | None, attempt: int) -> str:
    """A time that names a stretch of days ("next week", "in December")."""
    if kept is not None:
        return f"{quote(text)} is more than one day, so I kept {show('time', kept)}."
    return f"{quote(text)} is more than one day - which day would you like to travel? For example: {example(attempt)}."


def booked(ref: str) -> str:
    return f"Booked! Your reference is {ref}."


def still_booked(ref: str) -> str:
    return f"Your booking {ref} is saved. Tell me about another trip whenever you like."


def save_failed(reason: str) -> str:
    return f"Sorry, I couldn't save the booking: {reason}. Nothing was booked - say 'yes' to try again."
