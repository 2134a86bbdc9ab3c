"""The token strip: the draft's tokens with their predicted labels, by slot colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from chatbot.app.messages import TokenPicked
from chatbot.app.renderables.token_strip import StripToken, TokenStrip, place, token_at
from chatbot.app.views import shown_window, window_note

if TYPE_CHECKING:
    from model.tagger import Trace


def strip_tokens(trace: Trace | None) -> list[StripToken]:
    """The strip's view of a trace."""
    if trace is None:
        return []
    return [StripToken(t.token.text, t.token.label, t.token.prob) for t in trace.tokens]


SHORT_BELOW = 32  # rows: below this, two lines per token


class TokenStripView(Widget):
    """Tokens, labels and probabilities; click a token to look at it closely."""

    DEFAULT_CSS = """
    TokenStripView {
        height: auto;
        max-height: 10;
        border: round $primary 60%;
        border-title-color: $text-accent;
        padding: 0 1;
    }
    """

    trace: reactive[Trace | None] = reactive(None)
    """The traced draft (None until the model is loaded)."""
    selected: reactive[int | None] = reactive(None)
    """The selected token (None: the last)."""
    ready: reactive[bool] = reactive(False)
    """Whether a model is loaded."""
    source: reactive[str] = reactive("draft")
    """Whose tokens these are: the ``draft`` or the ``last message``."""

    _height = 1  # lines last drawn: the screen is re-laid out only when this changes

    def _shown(self) -> tuple[int, Trace | None]:
        """The first token drawn, and the part of the trace drawn (see :func:`shown_window`)."""
        return shown_window(self.trace, self.selected) if self.trace is not None else (0, None)

    def watch_source(self) -> None:
        self._retitle()

    def watch_trace(self) -> None:
        self._retitle()
        # A keystroke usually keeps the strip's height: re-lay out the screen only when it changes.
        widths = [t.width for t in strip_tokens(self._shown()[1])]
        width = max(1, self.content_size.width)
        height = (place(widths, width)[-1][0] + 1) * self.lines if widths else 1
        if height != self._height:
            self._height = height
            self.refresh(layout=True)

    def watch_selected(self) -> None:
        self.watch_trace()  # the selection may move into another window

    def _retitle(self) -> None:
        """Whose tokens these are, and which of them, where only a window is drawn."""
        first, shown = self._shown()
        note = window_note(self.trace, first, len(shown.tokens)) if self.trace is not None and shown is not None else ""
        self.border_title = f"Tokens · {self.source}{note}"

    def render(self) -> RenderableType:
        first, shown = self._shown()
        tokens = strip_tokens(shown)
        chosen = self.selected - first if self.selected is not None else len(tokens) - 1
        empty = "type in the box below: every keystroke is tagged" if self.ready else "loading model…"
        return TokenStrip(tokens, selected=chosen if tokens else None, empty=empty, lines=self.lines)

    @property
    def lines(self) -> int:
        """Lines per token: the probability line is dropped on short screens."""
        return 2 if self.app.size.height < SHORT_BELOW else 3

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        first, shown = self._shown()
        widths = [t.width for t in strip_tokens(shown)]
        index = token_at(widths, self.content_size.width, offset.x, offset.y, self.lines)
        if index is not None:
            self.post_message(TokenPicked(first + index))
