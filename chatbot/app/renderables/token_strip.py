"""The draft's tokens with their labels, laid out in columns that wrap.

Each token is a column of three lines: the word, its label and the label's
probability; the word and label take the slot's colour, so the label is
readable without the colour too::

    leave  Taipei       on  November  2nd
    O      B-departure  O   B-time    I-time
    0.99   0.97         1.00 0.95     0.93

>>> [(row, x) for row, x, _ in place([4, 6, 2], width=12)]
[(0, 0), (0, 5), (1, 0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style

from chatbot.app.renderables.colours import label_style
from chatbot.app.renderables.heatmap import clip

GAP = 1
MAX_WIDTH = 18


@dataclass(frozen=True)
class StripToken:
    """One token as the strip shows it."""

    text: str
    label: str
    prob: float

    @property
    def width(self) -> int:
        return min(MAX_WIDTH, max(len(self.text), len(self.label), 4))


def place(widths: Sequence[int], width: int) -> list[tuple[int, int, int]]:
    """Where each column goes: (row, x, width), wrapping at ``width``."""
    out, row, x = [], 0, 0
    for w in widths:
        if x and x + w > width:
            row, x = row + 1, 0
        out.append((row, x, w))
        x += w + GAP
    return out


def token_at(widths: Sequence[int], width: int, x: int, y: int, lines_per_row: int = 3) -> int | None:
    """The token under the point (x, y) of a strip ``width`` cells wide, if any."""
    for index, (row, left, w) in enumerate(place(widths, width)):
        if y // lines_per_row == row and left <= x < left + w:
            return index
    return None


class TokenStrip:
    """Tokens, labels and probabilities, wrapped to the available width.

    Args:
        tokens: The tokens to show.
        selected: The token to show reversed.
        unread: Tokens from this index on are shown dim, unlabelled (step mode).
        empty: What to show when there are no tokens.
        lines: 3 (word, label, probability) or 2 (no probability, for small screens).
    """

    def __init__(
        self,
        tokens: Sequence[StripToken],
        selected: int | None = None,
        unread: int | None = None,
        empty: str = "",
        lines: int = 3,
    ) -> None:
        self.tokens = list(tokens)
        self.selected = selected
        self.unread = unread
        self.empty = empty
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.tokens:
            yield Segment(self.empty, Style(dim=True, italic=True))
            yield Segment.line()
            return
        placed = place([t.width for t in self.tokens], options.max_width)
        for row in range(placed[-1][0] + 1):
            members = [(i, x, w) for i, (r, x, w) in enumerate(placed) if r == row]
            for line in range(self.lines):
                x_at = 0
                for index, x, w in members:
                    yield Segment(" " * (x - x_at))
                    text, style = self._cell(index, line, w)
                    yield Segment(text.ljust(w), style)
                    x_at = x + w
                yield Segment.line()

    def _cell(self, index: int, line: int, width: int) -> tuple[str, Style]:
        token = self.tokens[index]
        if self.unread is not None and index >= self.unread:
            return (clip(token.text, width) if line == 0 else ""), Style(dim=True)
        style = label_style(token.label)
        if index == self.selected:
            style += Style(reverse=True)
        if line == 0:
            return clip(token.text, width), style
        if line == 1:
            return clip(token.label, width), style + Style(bold=False)
        return f"{token.prob:.2f}", Style(dim=True, reverse=index == self.selected)
