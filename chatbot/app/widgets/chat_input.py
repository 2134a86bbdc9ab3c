"""The input boxes a sentence is typed into.

The chat's box: what is typed there is the draft the memory panel follows.
Up and down recall earlier messages, as in a shell. In it and in every box
that takes a sentence (compare, the lessons), a paste of several lines is
one sentence, its lines joined by spaces.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

READY = "Type a request, e.g. I want to go from Taipei to Tokyo on November 2nd"
LOADING = "loading model… type away, it is kept"


class SentenceInput(Input):
    """An ``Input`` for a sentence: a request pasted from an e-mail may run
    over lines, and ``Input`` would keep only the first."""

    def _on_paste(self, event: events.Paste) -> None:
        """Keep every line of a paste, joined by single spaces. One line is
        left to ``Input``'s own handler, which runs after this one."""
        lines = event.text.splitlines()  # also at U+2028 and the like, as Input splits
        if len(lines) > 1:
            super()._on_paste(events.Paste(" ".join(line.strip() for line in lines if line.strip())))
            event.prevent_default()
            event.stop()


class ChatInput(SentenceInput):
    """The chat's box, with a history of sent messages."""

    DEFAULT_CSS = """
    ChatInput { margin: 0 1; }
    """

    BINDINGS = [
        Binding("up", "history(-1)", "Previous message", show=False),
        Binding("down", "history(1)", "Next message", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(placeholder=LOADING, **kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._recall = 0

    def remember(self, text: str) -> None:
        """Keep a sent message for recall."""
        if text.strip() and (not self.history or self.history[-1] != text):
            self.history.append(text)
        self._recall = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._recall = max(0, min(len(self.history), self._recall + step))
        self.value = self.history[self._recall] if self._recall < len(self.history) else ""
        self.cursor_position = len(self.value)
