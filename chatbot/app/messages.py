"""Every message the app's parts send each other, in one place.

Workers report back with these (they run in threads and must not touch
widgets); widgets report what the user picked. A burst of ``DraftTraced``
coalesces: a newer one waiting in the queue replaces an older one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from chatbot.dialogue import Turn
    from model.tagger import Tagger, Trace


@dataclass
class ModelLoaded(Message):
    """A model finished loading (in a worker) and is warmed up."""

    name: str
    tagger: Tagger
    seconds: float


@dataclass
class ModelFailed(Message):
    """A model could not be loaded; ``error`` is one line for the user."""

    name: str
    error: str


@dataclass
class DraftTraced(Message):
    """The tagger's trace of the text in the input box."""

    text: str
    trace: Trace

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, DraftTraced)


@dataclass
class TurnAnswered(Message):
    """The dialogue answered one user turn."""

    turn: Turn


@dataclass
class TurnFailed(Message):
    """A turn could not be answered; ``error`` is one line for the user."""

    text: str
    error: str


@dataclass
class TokenPicked(Message):
    """The user picked a token (clicked it in the strip or the heatmap)."""

    index: int
