"""Every user action in one registry: footer bindings, the command palette and
the F1 help screen are all made from it, so they always agree.

To add an action (a new screen, say "lesson"): write the screen under
``chatbot/app/screens/``, name it in ``screens.SCREENS``, and add a line here::

    Command("f8", "open('lesson')", "Lesson", "The lecture, live: ..."),

Screens with keys of their own list them the same way in their ``COMMANDS``
(see :func:`bindings`), and the palette offers them while that screen is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    """One action, with its key and words.

    Attributes:
        key: The key (Textual's names: ``f1``, ``ctrl+s``, ``alt+left``).
        action: The Textual action it runs, on the app or the screen that binds it.
        title: The footer's word for it, and the palette's command name.
        help: One sentence for the palette and the help screen.
        show: Whether the footer shows it.
    """

    key: str
    action: str
    title: str
    help: str
    show: bool = True


APP_COMMANDS: tuple[Command, ...] = (
    Command("f1", "open('help')", "Help", "What each view shows, in the lecture's words."),
    Command("f2", "open('step')", "Step", "Feed the sentence one token at a time and watch the memory change."),
    Command("f3", "open('compare')", "Compare", "Two sentences side by side (arrive/leave Taipei), and the ff model."),
    Command("f4", "open('models')", "Model", "Switch model; the conversation is kept."),
    Command("f5", "next_state", "View", "Memory view: h, then c and each gate (LSTM i f g o, GRU r z n)."),
    Command("f6", "next_layer", "Layer", "Next layer and direction (forward, backward, both halves)."),
    Command("f7", "next_order", "Units", "Units: top 16 by activity, all sorted by activity, natural order."),
    Command(
        "f8", "open('lesson')", "Lesson", "The lecture, live: each section's equation beside numbers from the code."
    ),
    Command("alt+left", "pick_token(-1)", "Token ◀", "Select the previous token of the draft.", show=False),
    Command("alt+right", "pick_token(1)", "Token ▶", "Select the next token of the draft.", show=False),
    Command("ctrl+s", "screenshot", "Screenshot", "Save an SVG screenshot of the screen (for slides)."),
    Command("ctrl+t", "next_theme", "Theme", "Switch to the next colour theme.", show=False),
)


def step_commands(what: str) -> tuple[Command, ...]:
    """The stepping keys that step mode and the lesson share, worded for what is stepped:
    ← →, Space to play or pause, Home and End (and :data:`STEP_ALIASES`)."""
    return (
        Command("left", "back", "Back", f"Go back one {what}."),
        Command("right", "forward", "Forward", f"The next {what}."),
        Command("space", "play", "Play/Pause", f"A {what} every 0.8 s, or stop."),
        Command("home", "first", "First", f"Back to the first {what}.", show=False),
        Command("end", "last", "Last", f"Jump to the last {what}.", show=False),
    )


# Bound beside the step keys, but not listed (the palette would show them twice).
STEP_ALIASES: tuple[Command, ...] = (
    Command("h", "back", "Back", "", show=False),
    Command("l", "forward", "Forward", "", show=False),
)


def bindings(commands: Iterable[Command]) -> list[Binding]:
    """Textual bindings for ``commands``, with their descriptions and tooltips."""
    return [Binding(c.key, c.action, c.title, show=c.show, tooltip=c.help) for c in commands]


def key_label(key: str) -> str:
    """A key as people write it: ``F1``, ``Ctrl+S``, ``Alt+←``."""
    names = {"left": "←", "right": "→", "up": "↑", "down": "↓", "space": "Space", "escape": "Esc"}
    return "+".join(names.get(part, part.upper() if len(part) <= 3 else part.capitalize()) for part in key.split("+"))
