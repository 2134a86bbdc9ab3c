"""Probability bars drawn in eighths of a cell, each with its number.

>>> bar(0.5, 4), bar(0.125, 4), bar(0.0, 4)
('██  ', '▌   ', '    ')
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from chatbot.app.renderables.colours import label_style

EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A bar ``width`` cells wide filled to ``fraction`` (0..1), in eighths."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text.ljust(width)


class ProbabilityBars:
    """One row per label: name, bar and probability, most likely first.

    Args:
        labels: The label names.
        probs: Their probabilities, in the same order.
        top: Show only this many (None: all).
        bar_width: Cells in a full bar.
    """

    def __init__(self, labels: Sequence[str], probs: Sequence[float], top: int | None = None, bar_width: int = 16):
        ranked = sorted(zip(labels, (float(p) for p in probs)), key=lambda lp: -lp[1])
        self.rows = ranked[:top] if top is not None else ranked
        self.bar_width = bar_width
        self.name_width = max((len(label) for label, _ in self.rows), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.name_width + self.bar_width + 7
        return Measurement(min(width, 12), width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bar_width = max(1, min(self.bar_width, options.max_width - self.name_width - 7))
        for label, prob in self.rows:
            style = label_style(label)
            yield Segment(label.ljust(self.name_width) + " ", style)
            yield Segment(bar(prob, bar_width), Style(color=style.color) if style.color else Style())
            yield Segment(f" {prob:5.3f}", Style(dim=prob < 0.01))
            yield Segment.line()
