"""What the dialogue remembers between turns, and the rules it must never break.

The state is a frozen value: the engine builds a new one each turn, so a test
(or the app's memory panel) can hold on to any state and check it.

::

    idle        nothing in progress: no slots, no open question
    asking      a question about ``requested`` is open
    confirming  all three slots are filled and valid; "Book it?" is open
    booked      the booking is saved; the next request starts a new one
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from chatbot.dialogue.places import same_place
from chatbot.timeparse import TimeValue, is_past

if TYPE_CHECKING:
    from chatbot.dialogue.store import Booking

SlotName = Literal["departure", "destination", "time"]
Status = Literal["idle", "asking", "confirming", "booked"]

SLOTS: tuple[SlotName, ...] = ("departure", "destination", "time")
PLACES: tuple[SlotName, ...] = ("departure", "destination")
STATUSES: tuple[Status, ...] = ("idle", "asking", "confirming", "booked")


@dataclass(frozen=True)
class SlotFill:
    """A slot's value as the dialogue holds it.

    Attributes:
        text: What the user typed for it (for a time corrected in parts, the
            parts joined with ", ").
        prob: The tagger's probability for the span (the least confident
            token); 1.0 when a rule, not the tagger, found it.
        turn_index: The turn (1-based) that last set it.
        value: The resolved time for the ``time`` slot; None for places.
    """

    text: str
    prob: float
    turn_index: int
    value: TimeValue | None = None


@dataclass(frozen=True)
class Candidate:
    """A value the tagger was unsure of, waiting for the user's yes or no."""

    slot: SlotName
    fill: SlotFill


@dataclass(frozen=True)
class DialogueState:
    """The dialogue's memory after a turn.

    Attributes:
        status: One of :data:`STATUSES`.
        requested: The slot the open question is about (only while asking).
        departure: Where the trip starts, once known.
        destination: Where it ends, once known.
        time: When, once known and resolved.
        pending: Unsure values to confirm, the first one being asked about.
        booking: The saved booking (only while booked).
    """

    status: Status = "idle"
    requested: SlotName | None = None
    departure: SlotFill | None = None
    destination: SlotFill | None = None
    time: SlotFill | None = None
    pending: tuple[Candidate, ...] = ()
    booking: Booking | None = None

    def get(self, slot: SlotName) -> SlotFill | None:
        """The fill of ``slot``, or None."""
        fill: SlotFill | None = getattr(self, slot)
        return fill

    def with_slot(self, slot: SlotName, fill: SlotFill | None) -> DialogueState:
        """A copy with ``slot`` set to ``fill``."""
        return replace(self, **{slot: fill})

    @property
    def filled(self) -> tuple[SlotName, ...]:
        """The slots that hold a value, in :data:`SLOTS` order."""
        return tuple(s for s in SLOTS if self.get(s) is not None)

    @property
    def missing(self) -> tuple[SlotName, ...]:
        """The slots still empty, in the order they are asked for."""
        return tuple(s for s in SLOTS if self.get(s) is None)

    def problems(self, now: datetime | None = None) -> list[str]:
        """Every broken invariant, in words; empty when the state is sound.

        Args:
            now: When given, a confirmation must also not be in the past.
        """
        found: list[str] = []
        if self.status not in STATUSES:
            found.append(f"unknown status {self.status!r}")
        if (self.status == "asking") != (self.requested is not None):
            found.append(f"requested={self.requested!r} while {self.status}")
        if self.requested is not None and self.requested not in SLOTS:
            found.append(f"unknown requested slot {self.requested!r}")
        if self.status == "idle" and (self.filled or self.pending):
            found.append("idle but holding slots or pending values")
        if self.status in ("confirming", "booked") and (self.missing or self.pending):
            found.append(f"{self.status} with missing {self.missing} or pending values")
        if (self.status == "booked") != (self.booking is not None):
            found.append(f"booking={self.booking is not None} while {self.status}")
        if self.pending and (self.status != "asking" or self.pending[0].slot != self.requested):
            found.append("a pending value that is not the open question")
        for slot in SLOTS:
            fill = self.get(slot)
            if fill is None:
                continue
            if not fill.text.strip() or not 0.0 <= fill.prob <= 1.0 or fill.turn_index < 1:
                found.append(f"{slot} has a malformed fill {fill!r}")
            if (slot == "time") != isinstance(fill.value, TimeValue):
                found.append(f"{slot} has value {fill.value!r}")
        if self.departure and self.destination and same_place(self.departure.text, self.destination.text):
            found.append("departure and destination are the same place")
        if now is not None and self.status == "confirming" and self.time and self.time.value:
            if is_past(self.time.value, now):
                found.append("confirming a time in the past")
        return found

    def check(self, now: datetime | None = None) -> None:
        """Raise ``ValueError`` naming every broken invariant (see :meth:`problems`)."""
        if found := self.problems(now):
            raise ValueError("; ".join(found))
