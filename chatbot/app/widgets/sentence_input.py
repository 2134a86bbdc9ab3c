"""An input box for a sentence: the chat's, compare's and the lessons'.

A request pasted from an e-mail may run over lines; Textual's ``Input``
keeps only the first, so these boxes join a paste's lines by spaces.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class SentenceInput(Input):
    """An ``Input`` that takes a paste of several lines whole, as one line."""

    def _on_paste(self, event: events.Paste) -> None:
        """Keep every line of a paste, joined by single spaces. One line is
        left to ``Input``'s own handler, which runs after this one."""
        lines = event.text.splitlines()  # also at U+2028 and the like, as Input splits
        if len(lines) > 1:
            super()._on_paste(events.Paste(" ".join(line.strip() for line in lines if line.strip())))
            event.prevent_default()
            event.stop()
