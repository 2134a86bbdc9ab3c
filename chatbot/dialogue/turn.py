"""One exchange: what the user said, what the bot replied, and the memory after it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chatbot.dialogue.state import SLOTS, DialogueState, SlotFill, SlotName, Status

if TYPE_CHECKING:
    from chatbot.dialogue.store import Booking
    from model.tagger import Tagging


@dataclass(frozen=True)
class Turn:
    """The answer to ``Dialogue.turn``.

    Attributes:
        user: The text the user typed.
        reply: The bot's answer, plain text (no markup).
        state: ``idle``, ``asking``, ``confirming`` or ``booked`` after the turn.
        requested: The slot the reply asks about, while asking.
        slots: Every slot's value after the turn (None while empty).
        booking: The saved booking, while booked.
        changed: The slots whose value this turn set, replaced or cleared.
        tagging: The tagger's reading of ``user``, for showing tokens and labels.
        memory: The whole dialogue state after the turn.
    """

    user: str
    reply: str
    state: Status
    requested: SlotName | None
    slots: Mapping[SlotName, SlotFill | None]
    booking: Booking | None
    changed: tuple[SlotName, ...]
    tagging: Tagging | None
    memory: DialogueState

    @classmethod
    def after(
        cls, user: str, reply: str, memory: DialogueState, before: DialogueState, tagging: Tagging | None
    ) -> Turn:
        """The turn that took the dialogue from ``before`` to ``memory``."""
        return cls(
            user=user,
            reply=reply,
            state=memory.status,
            requested=memory.requested,
            slots={slot: memory.get(slot) for slot in SLOTS},
            booking=memory.booking,
            changed=tuple(s for s in SLOTS if memory.get(s) != before.get(s)),
            tagging=tagging,
            memory=memory,
        )

    def to_json(self) -> dict[str, Any]:
        """The turn as ``slotbot chat --json`` prints it."""
        return {
            "user": self.user,
            "reply": self.reply,
            "state": self.state,
            "requested": self.requested,
            "slots": {slot: slot_json(slot, self.slots.get(slot)) for slot in SLOTS},
            "booking": self.booking.to_json() if self.booking is not None else None,
        }


def slot_json(slot: SlotName, fill: SlotFill | None) -> dict[str, Any] | None:
    """One slot as JSON: text and probability, and for the time its ISO value and grain."""
    if fill is None:
        return None
    data: dict[str, Any] = {"text": fill.text, "prob": round(fill.prob, 4)}
    if slot == "time" and fill.value is not None:
        data["value"] = fill.value.iso()
        data["grain"] = fill.value.grain
    return data
