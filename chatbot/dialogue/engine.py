"""The booking conversation: remember, ask, correct, confirm, save.

>>> dialogue = Dialogue(load_tagger("lstm"), now=lambda: datetime(2026, 11, 22, 10, 30))  # doctest: +SKIP
>>> dialogue.turn("Taipei to Tokyo next Friday at 3pm").reply                              # doctest: +SKIP
'Fri 27 Nov 2026, 15:00 - Taipei to Tokyo. Book it?'
>>> dialogue.turn("yes").reply                                                             # doctest: +SKIP
'Booked! Your reference is K7Q2MX.'

Each turn runs one route: the tagger reads the text, ``understand`` sorts its
spans into slots, and the engine decides, in this order: empty text, cancel or
start over, help, then what the open question expects (a yes/no about an
unsure value, "Book it?"), then new slot values, then greetings and thanks.
Values are checked before they are kept: the two places must differ, the time
must parse and must not be in the past. A date alone, a time alone and a range
are all accepted; the read-back shows the day each resolved to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from chatbot.dialogue import prompts
from chatbot.dialogue.checks import LOW_CONFIDENCE, Outcome, check_place, check_times, other_end
from chatbot.dialogue.places import display_name, same_place
from chatbot.dialogue.state import PLACES, Candidate, DialogueState, SlotFill, SlotName
from chatbot.dialogue.store import BookingDraft, BookingError, MemoryStore
from chatbot.dialogue.turn import Turn
from chatbot.dialogue.understand import Reading, read
from chatbot.timeparse import is_past, names_period

if TYPE_CHECKING:
    from chatbot.dialogue.store import Booking
    from model.tagger import Tagging


class TaggerLike(Protocol):
    def tag(self, text: str) -> Tagging: ...


class Store(Protocol):
    def save(self, draft: BookingDraft) -> Booking: ...


class Dialogue:
    """A booking conversation with one user.

    Args:
        tagger: Anything with ``tag(text) -> Tagging``, usually ``load_tagger("lstm")``.
        now: The clock; pass a fixed time to pin it.
        store: Where confirmed bookings go (a :class:`BookingStore`); by
            default they are kept in memory only.
    """

    def __init__(
        self, tagger: TaggerLike, now: Callable[[], datetime] = datetime.now, store: Store | None = None
    ) -> None:
        self.tagger = tagger
        self.now = now
        self.store: Store = store if store is not None else MemoryStore()
        self._state = DialogueState()
        self._turns = 0
        self._fails: dict[SlotName, int] = {}  # unanswered questions in a row, per slot
        self._utterances: list[str] = []  # what the user typed for the booking in progress
        self._within: str | None = None  # the stretch of days last named ("next week"), while no time is held

    @property
    def state(self) -> DialogueState:
        """The memory after the last turn (read-only: a frozen value)."""
        return self._state

    def turn(self, text: str) -> Turn:
        """Answer one user turn.

        Args:
            text: What the user typed; any string (empty, long, markup) is fine.
                A stray byte (a lone surrogate) is read as U+FFFD, so what is
                saved and shown is text SQLite and the terminal take.

        Returns:
            The :class:`Turn`: the reply and the state after it.
        """
        from model.tokenizer import replace_stray_bytes  # loaded with the tagger already

        text = replace_stray_bytes(text)
        self._turns += 1
        before, now = self._state, self.now()
        tagging = self.tagger.tag(text)
        if text.strip() and before.status != "booked":
            self._utterances.append(text)
        reply = self._respond(text, tagging, now)
        return Turn.after(text, reply, self._state, before, tagging)

    # -- deciding -------------------------------------------------------------------------

    def _respond(self, text: str, tagging: Tagging, now: datetime) -> str:
        state = self._state
        if not text.strip():
            return self._resume(prompts.EMPTY)
        reading = read(text, tagging, state, now)
        if reading.has("restart") and reading.mentions and not reading.has("cancel"):
            self._start_over(text)  # "start over: Berlin to Paris", read again with a clean slate
            return self._update(read(text, tagging, self._state, now), now)
        if reading.has("cancel", "restart"):
            return self._clear()
        if not reading.mentions and reading.has("help", "capabilities"):
            return self._resume(prompts.CAPABILITIES if reading.has("capabilities") else prompts.HELP)
        if state.status == "booked" and reading.mentions:
            self._start_over(text)  # the next trip
            reading = read(text, tagging, self._state, now)
        elif state.status == "booked":
            return self._after_booking(reading, text)
        elif state.pending and not reading.mentions and reading.has("yes", "no"):
            return self._settle(reading.has("yes"), now)
        elif state.status == "confirming" and not reading.mentions and not reading.intents.change:
            if reading.has("yes"):
                return self._book(now)
            if reading.has("no"):
                return prompts.WHAT_TO_CHANGE
        if reading.mentions:
            return self._update(reading, now)
        if reading.intents.change:
            return self._ask_change(reading.intents.change)
        return self._social(reading) or self._not_understood(reading)

    def _update(self, reading: Reading, now: datetime) -> str:
        """Take the turn's values (or queue the unsure ones), then ask what comes next."""
        notes: list[str] = [prompts.WAY_BACK] if reading.way_back else []
        if reading.arrival:
            notes.append(prompts.arrival(reading.arrival))
        new: dict[SlotName, SlotFill] = {}
        problem: tuple[SlotName, str] | None = None
        pending = [c for c in self._state.pending if c.slot not in {m.slot for m in reading.mentions}]
        if pending and pending[0].slot == self._state.requested and reading.has("yes", "no"):
            # "no, from Osaka" and "yes, to Krakow" answer "Is Kyoto where you leave from?"
            answered, pending = pending[0], pending[1:]
            if reading.has("yes") and not reading.has("no"):
                problem = self._confirm(answered, notes, new, now)
        self._state = replace(self._state, pending=())
        for fill, slot, issue in self._outcomes(reading, now):
            if issue is not None:
                self._fails[slot] = self._fails.get(slot, 0) + 1
                if self._state.get(slot) is not None:
                    notes.append(issue)  # the old value stays, and the note says why
                elif problem is None:
                    problem = (slot, issue)  # the note asks for the slot again
            elif fill is not None and fill.prob < LOW_CONFIDENCE:
                pending.append(Candidate(slot, fill))
            elif fill is not None:
                self._take(slot, fill, notes, new)
        self._state = replace(self._state, pending=tuple(pending))
        return self._next(notes, new, problem)

    def _outcomes(self, reading: Reading, now: datetime) -> Iterator[Outcome]:
        """Each value checked in turn, so the second place is checked against the first."""
        for mention in reading.places:
            yield check_place(self._state, mention, self._turns)
        if reading.times:
            attempt = self._fails.get("time", 0)
            outcome = check_times(self._state, reading.times, now, self._turns, attempt, self._within)
            # Remember a stretch of days ("next week") until a time is taken.
            stretch = next((m.text for m in reading.times if names_period(m.text)), None)
            self._within = None if outcome[0] is not None else stretch or self._within
            yield outcome

    def _take(self, slot: SlotName, fill: SlotFill, notes: list[str], new: dict[SlotName, SlotFill]) -> None:
        held = self._state.get(slot)
        self._state = self._state.with_slot(slot, fill)
        self._fails[slot] = 0
        if held is None:
            new[slot] = fill
        elif prompts.show(slot, held) != prompts.show(slot, fill):
            notes.append(prompts.changed(slot, fill))

    def _next(self, notes: list[str], new: dict[SlotName, SlotFill], problem: tuple[SlotName, str] | None) -> str:
        """Ask about an unsure value, a problem, the next missing slot, or confirm."""
        state = self._state
        if problem is not None:  # a value to ask again comes first; unsure ones are dropped
            self._state = replace(state, status="asking", requested=problem[0], pending=())
            return _join(notes, prompts.got(new) if new else "", problem[1])
        if state.pending:
            first = state.pending[0]
            self._state = replace(state, status="asking", requested=first.slot)
            return _join(notes, prompts.got(new) if new else "", prompts.unsure(first.slot, first.fill))
        if state.missing:
            slot = state.requested if state.requested in state.missing else state.missing[0]
            self._state = replace(state, status="asking", requested=slot)
            fails = self._fails.get(slot, 0)  # reworded after two failures; no "sorry" after progress
            return _join(notes, prompts.got(new) if new else "", prompts.question(slot, fails if fails >= 2 else 0))
        self._state = replace(state, status="confirming", requested=None)
        return _join(notes, self._confirmation())

    def _settle(self, yes: bool, now: datetime) -> str:
        """The user's yes or no to "Is Taipei where you leave from?"."""
        first, rest = self._state.pending[0], self._state.pending[1:]
        self._state = replace(self._state, pending=rest)
        notes: list[str] = []
        new: dict[SlotName, SlotFill] = {}
        if not yes:
            if self._state.get(first.slot) is None and not rest:
                self._state = replace(self._state, status="asking", requested=first.slot)
                return _join("Okay.", prompts.question(first.slot, 0))
            return self._next(["Okay."], {}, None)
        problem = self._confirm(first, notes, new, now)
        return self._next(notes, new, problem)

    def _confirm(
        self, candidate: Candidate, notes: list[str], new: dict[SlotName, SlotFill], now: datetime
    ) -> tuple[SlotName, str] | None:
        """Take a value the user said yes to, unless it is the other end's place or past."""
        other = self._state.get(other_end(candidate.slot))
        if candidate.slot in PLACES and other is not None and same_place(other.text, candidate.fill.text):
            return candidate.slot, prompts.same_place(candidate.slot, other, None)
        if candidate.fill.value is not None and is_past(candidate.fill.value, now):
            return "time", prompts.past(candidate.fill.value, None, 0)
        self._take(candidate.slot, candidate.fill, notes, new)
        return None

    def _book(self, now: datetime) -> str:
        state = self._state
        departure, destination, time = state.departure, state.destination, state.time
        assert departure and destination and time and time.value
        if is_past(time.value, now):
            self._state = replace(state, status="asking", requested="time", time=None)
            return prompts.past(time.value, None, 0)
        draft = BookingDraft(
            created_at=now.isoformat(timespec="seconds"),
            departure=display_name(departure.text),
            destination=display_name(destination.text),
            time_value=time.value.iso(),
            time_grain=time.value.grain,
            time_text=time.text,
            time_display=time.value.describe(),
            utterances=tuple(self._utterances),
        )
        try:
            booking = self.store.save(draft)
        except BookingError as err:
            return prompts.save_failed(str(err))
        self._state = replace(state, status="booked", booking=booking)
        self._utterances = []
        return prompts.booked(booking.ref)

    # -- the rest of the conversation -------------------------------------------------------

    def _clear(self) -> str:
        state = self._state
        self._start_over(None)
        if state.status == "booked" and state.booking is not None:
            return f"Okay. Your booking {state.booking.ref} stays saved; I can't cancel a saved booking."
        return prompts.CLEARED if state.status != "idle" else prompts.NOTHING_TO_CANCEL

    def _start_over(self, text: str | None) -> None:
        self._state = DialogueState()
        self._fails.clear()
        self._utterances = [text] if text else []
        self._within = None

    def _after_booking(self, reading: Reading, text: str) -> str:
        """A turn with no slot after a booking: small talk, or the start of the next one."""
        ref = self._state.booking.ref if self._state.booking else ""
        if reading.has("book"):
            self._start_over(text)
            self._state = replace(self._state, status="asking", requested="departure")
            return _join(prompts.START, prompts.question("departure", 0))
        return self._social(reading) or prompts.still_booked(ref)

    def _ask_change(self, slot: SlotName) -> str:
        self._state = replace(self._state, status="asking", requested=slot, pending=())
        return prompts.CHANGE_QUESTIONS[slot] if self._state.get(slot) else prompts.question(slot, 0)

    def _social(self, reading: Reading) -> str | None:
        state = self._state
        if reading.has("bye"):
            return prompts.BYE
        if reading.has("thanks"):
            if state.booking is not None:
                return f"{prompts.THANKS} Your reference is {state.booking.ref}."
            return self._resume(prompts.THANKS)
        if reading.has("greeting"):
            return prompts.GREETING if state.status == "idle" else self._resume("Hello!")
        return None

    def _not_understood(self, reading: Reading) -> str:
        state = self._state
        if state.status == "idle" and reading.has("book"):
            self._state = replace(state, status="asking", requested="departure")
            return _join(prompts.START, prompts.question("departure", 0))
        if state.status == "confirming":
            return _join(prompts.NOT_BOOKED, self._confirmation())
        if state.pending:
            return _join(prompts.YES_OR_NO, prompts.unsure(state.pending[0].slot, state.pending[0].fill))
        if state.status == "asking" and state.requested is not None:
            slot = state.requested
            self._fails[slot] = self._fails.get(slot, 0) + 1
            return prompts.question(slot, self._fails[slot])
        return prompts.NOT_UNDERSTOOD

    def _resume(self, said: str) -> str:
        """``said``, then the question that was open before it, asked again."""
        state = self._state
        if state.pending:
            return _join(said, prompts.unsure(state.pending[0].slot, state.pending[0].fill))
        if state.status == "asking" and state.requested is not None:
            slot = state.requested
            if state.get(slot) is not None:
                return _join(said, prompts.CHANGE_QUESTIONS[slot])
            return _join(said, prompts.question(slot, 2 if self._fails.get(slot, 0) >= 2 else 0))
        if state.status == "confirming":
            return _join(said, self._confirmation())
        return said

    def _confirmation(self) -> str:
        state = self._state
        assert state.departure and state.destination and state.time
        return prompts.confirmation(state.departure, state.destination, state.time)


def _join(*parts: str | list[str]) -> str:
    flat = [p for part in parts for p in ([part] if isinstance(part, str) else part)]
    return " ".join(p for p in flat if p)
