"""The slot card: departure, destination and time as the dialogue holds them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual.reactive import reactive
from textual.widget import Widget

from chatbot.app.renderables.slot_table import SlotCard as SlotCardView

if TYPE_CHECKING:
    from chatbot.dialogue import Turn


class SlotCard(Widget):
    """Each slot's value, normalised value, confidence and the turn that filled it.

    A ``●`` marks the slots the last turn changed; the booking reference shows
    once the booking is saved.
    """

    DEFAULT_CSS = """
    SlotCard {
        height: auto;
        border: round $primary 60%;
        border-title-color: $text-accent;
        padding: 0 1;
    }
    SlotCard.-booked { border: round $success; }
    """

    turn: reactive[Turn | None] = reactive(None, layout=True)
    """The last dialogue turn (None before the first)."""

    def on_mount(self) -> None:
        self.border_title = "Slots"

    def watch_turn(self, turn: Turn | None) -> None:
        self.set_class(turn is not None and turn.state == "booked", "-booked")

    def render(self) -> RenderableType:
        return SlotCardView(self.turn)
