"""The selected token up close: its encoding, label probabilities and busiest units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from chatbot.app.errors import report
from chatbot.app.views import MemoryView, fit_view
from chatbot.app.widgets.theme import background_rgb

if TYPE_CHECKING:
    from model.tagger import Trace


class TokenDetail(Widget):
    """What the network sees for one token (1-of-N entry or "other", trigrams,
    shape), its answer (a probability per label), and the units most active there."""

    DEFAULT_CSS = """
    TokenDetail {
        height: auto;
        border: round $primary 60%;
        border-title-color: $text-accent;
        padding: 0 1;
    }
    """

    trace: reactive[Trace | None] = reactive(None)
    """The traced draft."""
    view: reactive[MemoryView] = reactive(MemoryView)
    """The memory view whose units are ranked."""
    selected: reactive[int | None] = reactive(None)
    """The selected token (None: the last)."""

    def on_mount(self) -> None:
        self.border_title = "Token"

    def render(self) -> RenderableType:
        trace = self.trace
        if trace is None or not trace.tokens:
            return Text("select a token: Alt+← Alt+→ or click it", style="dim italic")
        index = self.selected if self.selected is not None else len(trace.tokens) - 1
        from chatbot.app.renderables.token_card import token_card  # numpy: after the first frame

        try:
            view = fit_view(self.view, trace.config)
            return token_card(trace, min(index, len(trace.tokens) - 1), view, base=background_rgb(self))
        except Exception as err:  # a drawing bug must not end the session
            report(self, err, "Cannot draw the token")
            return Text("")
