"""The dialogue engine: plain Python, shared by the app, ``slotbot chat`` and the tests.

It receives a tagger (anything with ``tag(text)``) and never imports Textual
or torch, so it runs wherever the tagger does.

>>> from datetime import datetime
>>> from model import load_tagger                                          # doctest: +SKIP
>>> dialogue = Dialogue(load_tagger("lstm"), now=lambda: datetime(2026, 11, 22, 10, 30))  # doctest: +SKIP
>>> dialogue.turn("Taipei to Tokyo next Friday at 3pm").reply              # doctest: +SKIP
'Fri 27 Nov 2026, 15:00 - Taipei to Tokyo. Book it?'
"""

from chatbot.dialogue.engine import LOW_CONFIDENCE, Dialogue
from chatbot.dialogue.state import SLOTS, STATUSES, DialogueState, SlotFill
from chatbot.dialogue.store import Booking, BookingDraft, BookingError, BookingStore, MemoryStore
from chatbot.dialogue.turn import Turn

__all__ = [
    "LOW_CONFIDENCE",
    "SLOTS",
    "STATUSES",
    "Booking",
    "BookingDraft",
    "BookingError",
    "BookingStore",
    "Dialogue",
    "DialogueState",
    "MemoryStore",
    "SlotFill",
    "Turn",
]
