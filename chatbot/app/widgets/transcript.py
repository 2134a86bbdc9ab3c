"""The chat transcript: user and bot messages, scrolling, with the whole history.

Messages are ``Text`` objects built from plain strings, so "[bold]" typed by
the user shows as "[bold]": nothing the user or the bot says is read as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

Speaker = Literal["user", "bot", "note"]
NAMES: dict[Speaker, str] = {"user": "you", "bot": "slotbot", "note": "·"}


class ChatMessage(Static):
    """One message; its speaker is its CSS class (``-user``, ``-bot``, ``-note``)."""

    DEFAULT_CSS = """
    ChatMessage {
        width: auto;
        max-width: 90%;
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    ChatMessage.-user {
        background: $primary 25%;
        border-left: wide $primary;
    }
    ChatMessage.-bot {
        background: $boost;
        border-left: wide $accent;
    }
    ChatMessage.-note {
        color: $text-muted;
        text-style: italic;
        margin: 0 0 1 2;
    }
    ChatMessage.-waiting { opacity: 60%; }
    """

    def __init__(self, speaker: Speaker, text: str, when: datetime | None = None) -> None:
        self.speaker = speaker
        self.text = text
        super().__init__(self.build(when), classes=f"-{speaker}")

    def build(self, when: datetime | None) -> Text:
        head = Text(NAMES[self.speaker], style="bold")
        if when is not None:
            head.append(f"  {when:%H:%M}", style="dim")
        if self.speaker == "note":
            return Text(self.text)
        return Text.assemble(head, "\n", Text(self.text))


class Transcript(VerticalScroll):
    """The conversation so far, newest at the bottom."""

    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    Transcript > .-user { margin-left: 4; }
    """

    def add(self, speaker: Speaker, text: str, when: datetime | None = None, waiting: bool = False) -> ChatMessage:
        """Append a message and scroll to it."""
        message = ChatMessage(speaker, text, when)
        message.set_class(waiting, "-waiting")
        self.mount(message)
        self.scroll_end(animate=False, immediate=False)
        return message
