"""The conversation and its models, with no UI: what the app's workers call.

One route for a typed word: the input box -> ``Session.trace`` (the memory
panel) and, on Enter, ``Session.turn`` (the dialogue: slots, reply).
Everything here may run in a worker thread; nothing here imports Textual.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chatbot.dialogue import Dialogue, Turn
    from chatbot.dialogue.engine import Store
    from model.tagger import Tagger, Trace

WARM_UP = "I would like to leave Taipei on November 2nd"


class Session:
    """A booking conversation and the models it has loaded.

    Args:
        now: The clock (pinned in tests and with ``--now``).
        db: The bookings file; None for the default one in the user's data folder.
        store: Where bookings go instead (anything with ``save(draft)``); overrides ``db``.
    """

    def __init__(
        self, now: Callable[[], datetime] = datetime.now, db: Path | None = None, store: Store | None = None
    ) -> None:
        self.now = now
        self.db = db
        self.store = store
        self.tagger: Tagger | None = None
        self.dialogue: Dialogue | None = None
        self._models: dict[str, Tagger] = {}
        self._lock = threading.Lock()

    def load(self, name: str) -> tuple[Tagger, float]:
        """Load (or fetch from the cache) a model, warmed up; returns it and the seconds it took.

        Raises:
            ModelError: The model is missing or damaged.
        """
        start = time.perf_counter()
        with self._lock:
            tagger = self._models.get(name)
            if tagger is None:
                import torch

                # Inference on one short sentence: a second thread only adds
                # contention (on a busy machine it makes a step 100x slower).
                torch.set_num_threads(1)
                from model import load_tagger

                tagger = load_tagger(name)
                tagger.trace(WARM_UP)  # loads spaCy and the kernels before the first keystroke
                import chatbot.dialogue  # noqa: F401  (imported here, off the UI thread)

                self._models[name] = tagger
                # torch, spaCy and the model are millions of objects that live as long as the app.
                # Freezing them keeps them out of the garbage collector's full passes, which would
                # otherwise stall a keystroke every few by ~100 ms to walk them all again.
                gc.freeze()
        return tagger, time.perf_counter() - start

    def use(self, tagger: Tagger) -> None:
        """Talk through ``tagger`` from now on; the conversation so far is kept."""
        from chatbot.dialogue import BookingStore, Dialogue

        self.tagger = tagger
        if self.dialogue is None:
            store = self.store if self.store is not None else BookingStore(self.db)
            self.dialogue = Dialogue(tagger, now=self.now, store=store)
        else:
            self.dialogue.tagger = tagger

    def trace(self, text: str) -> Trace:
        """The current tagger's trace of ``text`` (every state of every token)."""
        if self.tagger is None:
            raise RuntimeError("no model is loaded yet")
        return self.tagger.trace(text)

    def turn(self, text: str) -> Turn:
        """One dialogue turn."""
        if self.dialogue is None:
            raise RuntimeError("no model is loaded yet")
        return self.dialogue.turn(text)
