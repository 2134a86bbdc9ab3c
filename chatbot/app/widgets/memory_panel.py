"""The memory panel: the draft's states as a heatmap, a column per token.

The header names the view in the lecture's words (``f: forget gate ...``),
the units shown and the scale; the heatmap scrolls both ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from chatbot.app.errors import report
from chatbot.app.renderables.heatmap import Heatmap, legend
from chatbot.app.views import MemoryView, describe_order, describe_view, fit_view, shown_window, window_note
from chatbot.app.widgets.theme import background_rgb

if TYPE_CHECKING:
    from model.tagger import Trace


class MemoryPanel(Vertical):
    """The heatmap of one view of the memory, with its legend."""

    DEFAULT_CSS = """
    MemoryPanel {
        border: round $primary 60%;
        border-title-color: $text-accent;
        height: 1fr;
    }
    MemoryPanel > #memory-header {
        height: 2;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    MemoryPanel > ScrollableContainer { height: 1fr; scrollbar-size: 1 1; }
    MemoryPanel #heatmap { width: auto; height: auto; padding: 0 1; }
    """

    trace: reactive[Trace | None] = reactive(None)
    """The traced draft (None until the model is loaded)."""
    view: reactive[MemoryView] = reactive(MemoryView)
    """Which state, layer, direction and unit order to draw."""
    selected: reactive[int | None] = reactive(None)
    """The selected token (None: the last)."""
    ready: reactive[bool] = reactive(False)
    """Whether a model is loaded."""

    shown_text: str | None = None
    """The text whose trace is on screen (for tests and the benchmark)."""
    _grid_size: tuple[int, int] = (0, 0)

    def compose(self) -> ComposeResult:
        yield Static(id="memory-header")
        with ScrollableContainer():
            yield Static(id="heatmap")

    def on_mount(self) -> None:
        self.border_title = "Memory"
        self.watch(self.app, "theme", lambda _: self.call_after_refresh(self.draw), init=False)  # zero's colour
        self.draw()

    def watch_trace(self) -> None:
        self.draw()

    def watch_view(self) -> None:
        self.draw()

    def watch_selected(self) -> None:
        self.draw()

    def watch_ready(self) -> None:
        self.draw()

    def draw(self) -> None:
        """Redraw the header and the heatmap from the reactives."""
        if not self.is_mounted:
            return
        try:
            self._draw()
        except Exception as err:  # a drawing bug must not end the session
            report(self, err, "Cannot draw the memory")

    def _draw(self) -> None:
        from chatbot.app.memory import matrix, unit_count  # numpy: loaded after the first frame

        header, body = self.query_one("#memory-header", Static), self.query_one("#heatmap", Static)
        trace = self.trace
        if trace is None or not trace.tokens:
            header.update(Text(describe_view(self.view)) if trace is not None else "")
            # Two short lines: the heatmap is as wide as its grid, so this text cannot wrap.
            waiting = "the memory of each token\nappears here as you type" if self.ready else "loading model…"
            body.update(Text(waiting, style="dim italic"))
            self.shown_text = trace.text if trace is not None else None
            return
        view = fit_view(self.view, trace.config)  # the trace may still be the previous model's
        first, shown = shown_window(trace, self.selected)
        self.border_title = f"Memory{window_note(trace, first, len(shown.tokens))}"
        grid = matrix(shown, view)
        units = unit_count(trace, view)
        line = Text(describe_view(view), style="bold")
        line.append("\n")
        base = background_rgb(self)
        line.append_text(Text.assemble(*legend(grid.scale, grid.signed, base)))  # the scale first: it must not be cut
        line.append(f"  {describe_order(view, units)}")
        header.update(line, layout=False)
        chosen = self.selected - first if self.selected is not None else len(shown.tokens) - 1
        heatmap = Heatmap(grid, selected=chosen, base=base)
        # Re-lay out only when the grid's size changes (a new token, another view), not on every keystroke.
        body.update(heatmap, layout=heatmap.size != self._grid_size)
        self._grid_size = heatmap.size
        self.shown_text = trace.text
