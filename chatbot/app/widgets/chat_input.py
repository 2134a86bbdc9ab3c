"""The input box: what is typed here is the draft the memory panel follows.

Up and down recall earlier messages, as in a shell. A paste of several
lines is one message, its lines joined by spaces (``SentenceInput``).
"""

from __future__ import annotations

from textual.binding import Binding

from chatbot.app.widgets.sentence_input import SentenceInput

READY = "Type a request, e.g. I want to go from Taipei to Tokyo on November 2nd"
LOADING = "loading model… type away, it is kept"


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
