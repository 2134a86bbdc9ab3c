"""The slot card's rows: each slot's value, normalised value, confidence and turn.

Built from the dialogue's :class:`~chatbot.dialogue.Turn` (or nothing, before
the first one). Values are user text, so they go into ``Text`` objects, never
into markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text

from chatbot.app.renderables.bars import bar
from chatbot.app.renderables.colours import slot_colour

if TYPE_CHECKING:
    from chatbot.dialogue import SlotFill, Turn

SLOT_NAMES = ("departure", "destination", "time")
COMPACT_BELOW = 46  # columns: below this, short names and one line per slot
SHORT_NAMES = {"departure": "from", "destination": "to", "time": "time"}
STATUS_TEXT = {
    "idle": "waiting for a request",
    "asking": "asking for the {requested}",
    "confirming": "all slots filled: say yes to book",
    "booked": "booked",
}


def normalised(slot: str, fill: SlotFill) -> tuple[str, str]:
    """What the bot reads back, and the machine value (ISO time) if there is one."""
    from chatbot.dialogue.prompts import show  # the dialogue loads with the model, not before the first frame

    value = fill.value.iso() if slot == "time" and fill.value is not None else ""
    return show(slot, fill), value  # type: ignore[arg-type]


class SlotCard:
    """The card: a line per slot and a status line (with the booking reference).

    Each slot's line is its name, the value as the bot reads it back and the
    confidence; a second, dim line gives the turn that set it, the normalised
    value and the words the user typed. Below ``COMPACT_BELOW`` columns,
    names shorten (``from``/``to``), the bar goes and the turn joins the line.

    Args:
        turn: The dialogue's last turn, or None before the first.
        compact: Force the compact layout (None: decide by the width).
    """

    def __init__(self, turn: Turn | None, compact: bool | None = None) -> None:
        self.turn = turn
        self.compact = compact

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        compact = self.compact if self.compact is not None else width < COMPACT_BELOW
        turn = self.turn
        slots = turn.slots if turn is not None else {}
        for slot in SLOT_NAMES:
            yield from self._slot(console, slot, slots.get(slot), width, compact)  # type: ignore[call-overload]
        yield status_line(turn)

    def _slot(self, console: Console, slot: str, fill: SlotFill | None, width: int, compact: bool) -> list[Text]:
        turn, colour = self.turn, slot_colour(slot)
        name_width = 5 if compact else 12
        line = Text("●" if turn is not None and slot in turn.changed else " ", style=colour)
        line.append((SHORT_NAMES[slot] if compact else slot).ljust(name_width), style=Style(color=colour, bold=True))
        if fill is None:
            asked = turn is not None and turn.requested == slot
            line.append("? asking" if asked else "—", style="italic" if asked else "dim")
            return [line]
        shown, value = normalised(slot, fill)
        if compact:
            right = Text.assemble(f" {fill.prob:.0%}".rjust(5), (f" t{fill.turn_index}", "dim"))
        else:
            right = Text.assemble(" ", (bar(fill.prob, 4), colour), f" {fill.prob:.0%}".rjust(5))
        room = max(4, width - line.cell_len - right.cell_len)
        first, *rest = Text(shown, style="bold").wrap(console, room, overflow="ellipsis")  # a long value wraps
        first.truncate(room, pad=True)
        line.append_text(first)
        line.append_text(right)
        lines = [line, *(Text(" " * (name_width + 1)) + more for more in rest)]
        if compact:
            return lines
        said = f"“{fill.text}”" if fill.text.strip() != shown else ""
        facts = " · ".join(part for part in (f"turn {fill.turn_index}", value, said) if part)
        extra = Text(" " * (name_width + 1) + facts, style="dim")
        extra.truncate(width, overflow="ellipsis")
        return [*lines, extra]


def status_line(turn: Turn | None) -> Text:
    """``booked · ref K7Q2MX``, ``asking for the time``, ..."""
    if turn is None:
        return Text("no conversation yet: type a request below", style="dim italic")
    if turn.state == "booked" and turn.booking is not None:
        return Text.assemble(("✓ booked", "bold green"), "  reference ", (turn.booking.ref, "bold reverse"))
    return Text(STATUS_TEXT.get(turn.state, turn.state).format(requested=turn.requested or "?"), style="italic")
