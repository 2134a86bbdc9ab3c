"""Scripted conversations through the shipped ``lstm`` model, with the clock pinned.

Each script is a list of (user turn, words the reply must contain) and the
state it must end in. The utterances are clear and typical, so a retrained
model that still tags them right passes; no probability is asserted.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import pytest

from chatbot.dialogue import BookingDraft, BookingStore, Dialogue, MemoryStore, Turn
from chatbot.dialogue.places import display_name
from model.checkpoint import load_tagger
from model.tagger import Tagger, Tagging

NOW = datetime(2026, 11, 22, 10, 30)  # Sunday 22 Nov 2026, 10:30
FULL = "I need a train from Taipei to Kyoto next Friday at 3pm"
FULL_CONFIRM = "Fri 27 Nov 2026, 15:00 - Taipei to Kyoto. Book it?"
EARLIER = BookingDraft("2026-11-20T09:00:00", "Lyon", "Nice", "2026-11-21", "date", "Sat", "Sat 21 Nov 2026", ())


@dataclass(frozen=True)
class Script:
    """A conversation: each turn with the phrases its reply must contain, then the end state.

    ``slots`` gives the expected read-back of each slot (a place's name, a
    time's ISO value), None for an empty slot; slots not named are not checked.
    ``unsure`` names spans whose probability the model is made to doubt.
    """

    turns: list[tuple[str, list[str]]]
    state: str
    requested: str | None = None
    slots: dict[str, str | None] = field(default_factory=dict)
    unsure: tuple[str, ...] = ()


class Doubting:
    """The real model, except that the spans named come out with probability 0.3."""

    def __init__(self, tagger: Tagger, spans: tuple[str, ...]) -> None:
        self.tagger, self.spans = tagger, spans

    def tag(self, text: str) -> Tagging:
        tagging = self.tagger.tag(text)
        slots = tuple(replace(s, prob=0.3) if s.text in self.spans else s for s in tagging.slots)
        return replace(tagging, slots=slots)


SCRIPTS: dict[str, Script] = {
    # -- filling the slots
    "all slots in one turn": Script(
        [(FULL, [FULL_CONFIRM])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Kyoto", "time": "2026-11-27T15:00"},
    ),
    "terse all in one": Script(
        [("Tokyo to Osaka next Friday 3pm", ["Fri 27 Nov 2026, 15:00 - Tokyo to Osaka. Book it?"])],
        "confirming",
        slots={"departure": "Tokyo", "destination": "Osaka"},
    ),
    "terse places in order": Script(
        [("Taipei to Tokyo on Friday at 3pm", ["Fri 27 Nov 2026, 15:00 - Taipei to Tokyo. Book it?"])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Tokyo", "time": "2026-11-27T15:00"},
    ),
    "one slot at a time": Script(
        [
            ("I want to book a ticket", ["Where are you leaving from?"]),
            ("from Taipei", ["Taipei", "Where are you going?"]),
            ("to Tokyo", ["Tokyo", "When would you like to travel?"]),
            ("tomorrow at 9am", ["Mon 23 Nov 2026, 09:00 - Taipei to Tokyo. Book it?"]),
        ],
        "confirming",
        slots={"time": "2026-11-23T09:00"},
    ),
    "bare answer goes to the departure asked": Script(
        [("I want to go to Tokyo on Friday at 3pm", ["Where are you leaving from?"]), ("Taipei", ["Taipei to Tokyo"])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Tokyo"},
    ),
    "bare answer goes to the destination asked": Script(
        [("I'm leaving from Berlin tomorrow at 8am", ["Where are you going?"]), ("Paris please", ["Berlin to Paris"])],
        "confirming",
        slots={"departure": "Berlin", "destination": "Paris", "time": "2026-11-23T08:00"},
    ),
    "slots kept across turns": Script(
        [("from London", []), ("next Friday at 3pm", ["Where are you going?"]), ("to Paris", ["London to Paris"])],
        "confirming",
        slots={"departure": "London", "destination": "Paris", "time": "2026-11-27T15:00"},
    ),
    "a cue beats the open question": Script(
        [("I need a ticket", ["Where are you leaving from?"]), ("I want to go to Tokyo", ["Where are you leaving"])],
        "asking",
        "departure",
        slots={"departure": None, "destination": "Tokyo"},
    ),
    # -- corrections
    "actually make it": Script(
        [(FULL, [FULL_CONFIRM]), ("actually, make it to Osaka", ["destination changed to Osaka", "Taipei to Osaka"])],
        "confirming",
        slots={"destination": "Osaka", "departure": "Taipei"},
    ),
    "no, from": Script(
        [(FULL, []), ("no, from Tainan", ["departure changed to Tainan", "Tainan to Kyoto. Book it?"])],
        "confirming",
        slots={"departure": "Tainan", "destination": "Kyoto"},
    ),
    "not X, Y": Script(
        [(FULL, []), ("not Kyoto, Osaka", ["Osaka"])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Osaka"},
    ),
    "Y, not X": Script(
        [(FULL, []), ("Osaka, not Kyoto", ["destination changed to Osaka"])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Osaka"},
    ),
    "change the time to": Script(
        [(FULL, []), ("change the time to 4pm", ["time changed to Fri 27 Nov 2026, 16:00"])],
        "confirming",
        slots={"time": "2026-11-27T16:00"},
    ),
    "sorry, I meant a day": Script(
        [(FULL, []), ("sorry, I meant Saturday", ["time changed to Sat 28 Nov 2026, 15:00"])],
        "confirming",
        slots={"time": "2026-11-28T15:00"},
    ),
    "a time added to a date": Script(
        [("from Taipei to Tokyo on Friday", ["Fri 27 Nov 2026 - Taipei"]), ("at 3pm", ["Fri 27 Nov 2026, 15:00"])],
        "confirming",
        slots={"time": "2026-11-27T15:00"},
    ),
    "correction to the same place is refused": Script(
        [(FULL, []), ("no, to Taipei", ["Taipei is already your departure, so I kept Kyoto", "Book it?"])],
        "confirming",
        slots={"departure": "Taipei", "destination": "Kyoto"},
    ),
    "correction to the past is refused": Script(
        [(FULL, []), ("change the time to yesterday", ["in the past, so I kept Fri 27 Nov 2026, 15:00"])],
        "confirming",
        slots={"time": "2026-11-27T15:00"},
    ),
    # -- the confirmation
    "no, then the time": Script(
        [
            (FULL, []),
            ("no", ["What would you like to change"]),
            ("the time", ["When would you like to travel instead?"]),
            ("Saturday at 10am", ["Sat 28 Nov 2026, 10:00 - Taipei to Kyoto. Book it?"]),
        ],
        "confirming",
        slots={"time": "2026-11-28T10:00"},
    ),
    "change the destination": Script(
        [(FULL, []), ("change the destination", ["Where would you like to go instead?"]), ("Osaka", ["to Osaka"])],
        "confirming",
        slots={"destination": "Osaka"},
    ),
    "change the departure": Script(
        [(FULL, []), ("change the departure", ["leave from instead?"]), ("Tainan", ["Tainan to Kyoto"])],
        "confirming",
        slots={"departure": "Tainan"},
    ),
    "yes books": Script(
        [(FULL, []), ("yes", ["Booked! Your reference is"])],
        "booked",
        slots={"departure": "Taipei", "destination": "Kyoto"},
    ),
    "unclear answer to book it": Script(
        [(FULL, []), ("I'm not sure", ["Please say yes or no", FULL_CONFIRM])],
        "confirming",
    ),
    "a new trip after booking": Script(
        [(FULL, []), ("yes", ["Booked!"]), ("from Berlin to Paris tomorrow at 8am", ["Berlin to Paris. Book it?"])],
        "confirming",
        slots={"departure": "Berlin", "destination": "Paris", "time": "2026-11-23T08:00"},
    ),
    "thanks after booking": Script(
        [(FULL, []), ("yes", []), ("thank you", ["You're welcome!", "Your reference is"])],
        "booked",
    ),
    # -- cancel, help, small talk
    "cancel clears": Script(
        [(FULL, []), ("cancel", ["cleared everything"])],
        "idle",
        slots={"departure": None, "destination": None, "time": None},
    ),
    "start over with a new trip": Script(
        [(FULL, []), ("start over", ["cleared"]), ("from Berlin to Paris tomorrow at 8am", ["Berlin to Paris"])],
        "confirming",
        slots={"departure": "Berlin", "destination": "Paris"},
    ),
    "start over with the new trip in the same turn": Script(
        [
            (FULL, []),
            ("start over: from Berlin to Paris tomorrow at 8am", ["Mon 23 Nov 2026, 08:00 - Berlin to Paris"]),
        ],
        "confirming",
        slots={"departure": "Berlin", "destination": "Paris", "time": "2026-11-23T08:00"},
    ),
    "cancel naming the trip still clears it": Script(
        [(FULL, []), ("cancel the trip to Kyoto", ["cleared everything"])],
        "idle",
        slots={"destination": None},
    ),
    "another trip after booking": Script(
        [(FULL, []), ("yes", []), ("bye", ["Goodbye!"]), ("I want to book another ticket", ["Where are you leaving"])],
        "asking",
        "departure",
        slots={"departure": None, "destination": None, "time": None},
    ),
    "unsure place is checked back, then taken": Script(
        [
            (FULL, ["Is Taipei where you leave from?"]),
            ("yes", [FULL_CONFIRM]),
        ],
        "confirming",
        slots={"departure": "Taipei"},
        unsure=("Taipei",),
    ),
    "a yes with a new value takes both": Script(
        [
            ("from Taipei tomorrow at 9am", ["Is Taipei where you leave from?"]),
            ("yes, to Kyoto", ["Mon 23 Nov 2026, 09:00 - Taipei to Kyoto. Book it?"]),
        ],
        "confirming",
        slots={"departure": "Taipei", "destination": "Kyoto"},
        unsure=("Taipei",),
    ),
    "a no with a new value drops the unsure one": Script(
        [
            ("from Taipei tomorrow at 9am", ["Is Taipei where you leave from?"]),
            ("no, to Kyoto", ["Got it: to Kyoto", "Where are you leaving from?"]),
        ],
        "asking",
        "departure",
        slots={"departure": None, "destination": "Kyoto"},
        unsure=("Taipei",),
    ),
    "unsure place refused is asked for": Script(
        [
            (FULL, ["Is Taipei where you leave from?"]),
            ("no", ["Where are you leaving from?"]),
            ("Tainan", ["Tainan to Kyoto. Book it?"]),
        ],
        "confirming",
        slots={"departure": "Tainan"},
        unsure=("Taipei",),
    ),
    "unsure time is checked back": Script(
        [
            (
                "I need a train from Taipei to Kyoto tomorrow at 9am",
                ["Is Mon 23 Nov 2026, 09:00 when you'd like to travel?"],
            )
        ],
        "asking",
        "time",
        slots={"time": None},
        unsure=("tomorrow at 9am",),
    ),
    "nothing to cancel": Script([("cancel", ["nothing to cancel"])], "idle"),
    "help resumes the question": Script(
        [("from Taipei", ["Where are you going?"]), ("help", ["start over", "Where are you going?"])],
        "asking",
        "destination",
        slots={"departure": "Taipei"},
    ),
    "what can you do resumes the confirmation": Script(
        [(FULL, []), ("what can you do?", ["I book trips", FULL_CONFIRM])],
        "confirming",
    ),
    "greeting": Script([("hello", ["Hello!", "where you're leaving from"])], "idle"),
    "good morning is a greeting, not a time": Script([("good morning", ["Hello!"])], "idle", slots={"time": None}),
    "greeting mid-booking resumes": Script(
        [("from Taipei", []), ("hi", ["Hello!", "Where are you going?"])],
        "asking",
        "destination",
    ),
    "thanks mid-booking resumes": Script(
        [("from Taipei to Tokyo", ["When would you like to travel?"]), ("thanks", ["You're welcome!", "When would"])],
        "asking",
        "time",
    ),
    "empty line": Script(
        [("from Taipei", []), ("", ["I didn't get anything there.", "Where are you going?"])], "asking", "destination"
    ),
    # -- validation
    "same place twice": Script(
        [("from Taipei to Taipei tomorrow at 9am", ["You're already leaving from Taipei - where to?"])],
        "asking",
        "destination",
        slots={"departure": "Taipei", "destination": None},
    ),
    "same place as the answer": Script(
        [("from Taipei tomorrow at 9am", ["Where are you going?"]), ("Taipei", ["already leaving from Taipei"])],
        "asking",
        "destination",
    ),
    "time in the past": Script(
        [
            ("from Taipei to Tokyo yesterday", ["That's in the past", "For example:"]),
            ("tomorrow at 9am", ["Mon 23 Nov 2026, 09:00 - Taipei to Tokyo. Book it?"]),
        ],
        "confirming",
        slots={"time": "2026-11-23T09:00"},
    ),
    "earlier today is past": Script(
        [("from Taipei to Tokyo today at 9am", ["That's in the past (Sun 22 Nov 2026, 09:00)"])],
        "asking",
        "time",
        slots={"time": None},
    ),
    "a weekday that is not the date's": Script(
        [
            ("from Taipei to Tokyo", []),
            ("Thursday 4 Dec 2026", ["'4 Dec 2026' is a Friday (Fri 4 Dec 2026), not a Thursday - which day"]),
        ],
        "asking",
        "time",
        slots={"time": None},
    ),
    "a stretch of days asks which day": Script(
        [
            ("from Taipei to Tokyo", []),
            ("next week", ["'next week' is more than one day - which day would you like to travel? For example:"]),
            ("Friday at 9am", ["Fri 27 Nov 2026, 09:00 - Taipei to Tokyo. Book it?"]),
        ],
        "confirming",
        slots={"time": "2026-11-27T09:00"},
    ),
    "the day is read inside the stretch, whatever its edge": Script(
        [
            ("from Taipei to Tokyo", []),
            ("late January", ["'late January' is more than one day"]),
            ("the 25th at 9am", ["Mon 25 Jan 2027, 09:00 - Taipei to Tokyo. Book it?"]),  # alone: 25 November
        ],
        "confirming",
        slots={"time": "2027-01-25T09:00"},
    ),
    "the day is read inside the stretch": Script(
        [
            ("from Taipei to Tokyo in January", ["'January' is more than one day"]),
            ("the 5th at 9am", ["Tue 5 Jan 2027, 09:00 - Taipei to Tokyo. Book it?"]),  # alone: 5 December
        ],
        "confirming",
        slots={"time": "2027-01-05T09:00"},
    ),
    "question reworded after two failures": Script(
        [
            ("I need a ticket", ["Where are you leaving from?"]),
            ("hmm", ["Sorry, I didn't catch that. Where are you leaving from?"]),
            ("I don't know", ["Which city or station does your trip start from? For example:"]),
        ],
        "asking",
        "departure",
    ),
    "date alone is accepted": Script(
        [("from Taipei to Tokyo on Friday", ["Fri 27 Nov 2026 - Taipei to Tokyo. Book it?"])],
        "confirming",
        slots={"time": "2026-11-27"},
    ),
    "part of the day is accepted": Script(
        [("from Taipei to Tokyo tomorrow morning", ["Mon 23 Nov 2026, morning (06:00-12:00) - Taipei to Tokyo."])],
        "confirming",
        slots={"time": "2026-11-23T06:00/2026-11-23T12:00"},
    ),
}


@pytest.fixture(scope="module")
def lstm() -> Tagger:
    """The shipped default model, loaded once for the module."""
    return load_tagger("lstm")


def run(tagger: Tagger | Doubting, script: Script, store: MemoryStore | BookingStore | None = None) -> list[Turn]:
    dialogue = Dialogue(tagger, now=lambda: NOW, store=store)
    turns = []
    for text, _ in script.turns:
        turns.append(dialogue.turn(text))
        dialogue.state.check(NOW)
    return turns


def shown(slot: str, turn: Turn) -> str | None:
    fill = turn.slots[slot]  # type: ignore[index]
    if fill is None:
        return None
    return fill.value.iso() if fill.value is not None else display_name(fill.text)


def test_dialogue_has_at_least_thirty_scripts() -> None:
    assert len(SCRIPTS) >= 30


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_dialogue_script(lstm: Tagger, name: str) -> None:
    script = SCRIPTS[name]
    turns = run(Doubting(lstm, script.unsure) if script.unsure else lstm, script)
    for (text, phrases), turn in zip(script.turns, turns):
        for phrase in phrases:
            assert phrase in turn.reply, f"{text!r} -> {turn.reply!r}"
    last = turns[-1]
    assert last.state == script.state
    assert last.requested == script.requested or script.state != "asking"
    for slot, expected in script.slots.items():
        assert shown(slot, last) == expected, f"{slot}: {last.to_json()['slots']}"


def test_dialogue_turn_reports_the_changed_slots(lstm: Tagger) -> None:
    dialogue = Dialogue(lstm, now=lambda: NOW)
    assert set(dialogue.turn(FULL).changed) == {"departure", "destination", "time"}
    assert dialogue.turn("no, from Tainan").changed == ("departure",)
    assert dialogue.turn("what can you do").changed == ()


def test_dialogue_booking_records_the_normalised_fields_and_the_words(lstm: Tagger, tmp_path: Path) -> None:
    store = BookingStore(tmp_path / "b.sqlite3")
    turns = run(lstm, Script([("from taipei to kyoto next friday at 3pm", []), ("yes", [])], "booked"), store)
    (saved,) = store.all()
    assert saved == turns[-1].booking and saved.ref in turns[-1].reply
    assert (saved.departure, saved.destination) == ("Taipei", "Kyoto")
    assert (saved.time_value, saved.time_grain) == ("2026-11-27T15:00", "datetime")
    assert saved.utterances == ("from taipei to kyoto next friday at 3pm", "yes")


def test_dialogue_stray_bytes_are_saved_as_replacement_characters(lstm: Tagger, tmp_path: Path) -> None:
    store = BookingStore(tmp_path / "b.sqlite3")
    typed = b"from taipei to kyoto next friday at 3pm, thanks \xff".decode("utf-8", "surrogateescape")
    run(lstm, Script([(typed, []), ("yes", [])], "booked"), store)
    (saved,) = store.all()
    assert saved.utterances == ("from taipei to kyoto next friday at 3pm, thanks \ufffd", "yes")


def test_dialogue_locked_database_is_not_reported_as_booked(lstm: Tagger, tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    BookingStore(path).save(EARLIER)  # the file and its table exist
    dialogue = Dialogue(lstm, now=lambda: NOW, store=BookingStore(path, timeout=0.1))
    dialogue.turn(FULL)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        reply = dialogue.turn("yes").reply
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "couldn't save the booking" in reply and "locked" in reply and "Booked" not in reply
    assert dialogue.state.status == "confirming" and dialogue.state.booking is None
    assert len(BookingStore(path).all()) == 1
    assert dialogue.turn("yes").reply.startswith("Booked!")
    assert len(BookingStore(path).all()) == 2
