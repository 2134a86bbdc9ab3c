"""The memory as a heatmap: a row per unit, a column per token.

Each cell shows its value twice, so it reads without colour: the background
fades from dark (0) to orange (positive) or blue (negative), and the text is
the sign and a bar of eight heights::

    value / scale   0     0.25   0.5    1.0    -0.5
    cell            ·     +▂     +▄     +█     -▄

>>> cell_text(0.5, 1.0, signed=True), cell_text(-1.0, 1.0, signed=True), cell_text(0.01, 1.0, signed=False)
('+▄', '-█', ' ·')
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from chatbot.app.renderables.colours import BACKGROUND, RGB, ink_for, value_colour
from chatbot.app.views import Matrix, MemoryView, describe_view

GLYPHS = "▁▂▃▄▅▆▇█"
LABEL_WIDTH = 6  # "  u127" and a space
MIN_COLUMN, MAX_COLUMN = 3, 13  # 13: room for compare's "arrive/leave"


def level(value: float, scale: float) -> int:
    """The value's magnitude in eighths of ``scale``, 0..8."""
    if scale <= 0:
        return 0
    return min(8, round(abs(value) / scale * 8))


def cell_text(value: float, scale: float, signed: bool) -> str:
    """Two characters: the sign (blank when unsigned) and the bar, ``·`` for ~0."""
    steps = level(value, scale)
    sign = ("-" if value < 0 else "+") if signed and steps else " "
    return sign + (GLYPHS[steps - 1] if steps else "·")


@lru_cache(maxsize=256)
def cell_style(steps: int, negative: bool, signed: bool, base: RGB = BACKGROUND) -> Style:
    """Colour of a cell at ``steps`` eighths: the same quantisation as the glyph."""
    background = value_colour(-steps / 8 if negative else steps / 8, 1.0, signed, base)
    return Style(bgcolor=background, color=ink_for(background))


def column_width(token: str) -> int:
    """A column fits the token's text (plus a gap), within limits."""
    return max(MIN_COLUMN, min(MAX_COLUMN, len(token) + 1))


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, an ellipsis marking a cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


class Heatmap:
    """A :class:`~chatbot.app.memory.Matrix` drawn as a grid.

    Args:
        matrix: The values, units and tokens to draw.
        selected: A token (column) to mark in the header.
        fresh: The column just added (step mode), marked with ``▼``.
        header_style: Style of the token names.
        selected_style: Style of the selected token's name.
        base: The background a value of 0 fades into (the widget's, so themes agree).
    """

    def __init__(
        self,
        matrix: Matrix,
        *,
        selected: int | None = None,
        fresh: int | None = None,
        header_style: Style | str = "bold",
        selected_style: Style | str = "bold reverse",
        base: RGB = BACKGROUND,
    ) -> None:
        self.base = base
        self.matrix = matrix
        self.selected = selected
        self.fresh = fresh
        self.header_style = Style.parse(header_style) if isinstance(header_style, str) else header_style
        self.selected_style = Style.parse(selected_style) if isinstance(selected_style, str) else selected_style
        self.widths = [column_width(t) + (col == fresh) for col, t in enumerate(matrix.tokens)]

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in cells."""
        titles = len(self.matrix.blocks) if len(self.matrix.blocks) > 1 else 0
        return LABEL_WIDTH + sum(self.widths), 1 + titles + sum(size for _, size in self.matrix.blocks)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self.size[0]
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.header()
        row = 0
        for title, size in self.matrix.blocks:
            if len(self.matrix.blocks) > 1:
                yield Segment(f" {title}", Style(italic=True, dim=True))
                yield Segment.line()
            for _ in range(size):
                yield from self.row(row)
                row += 1

    def header(self) -> Iterable[Segment]:
        yield Segment(" " * LABEL_WIDTH)
        for col, (token, width) in enumerate(zip(self.matrix.tokens, self.widths)):
            mark = "▼" if col == self.fresh else ""
            name = clip(mark + token, width - 1)
            yield Segment(name, self.selected_style if col == self.selected else self.header_style)
            yield Segment(" " * (width - len(name)))
        yield Segment.line()

    def row(self, row: int) -> Iterable[Segment]:
        matrix = self.matrix
        yield Segment(f"u{matrix.units[row]:<4} ", Style(dim=True))
        for value, width in zip(matrix.values[row].tolist(), self.widths):
            steps = level(value, matrix.scale)
            style = cell_style(steps, value < 0, matrix.signed, self.base)
            yield Segment(cell_text(value, matrix.scale, matrix.signed).center(width - 1), style)
            yield Segment(" ")
        yield Segment.line()


def legend(scale: float, signed: bool, base: RGB = BACKGROUND) -> list[tuple[str, Style]]:
    """The scale as (text, style) pieces, from -scale (if signed) to +scale."""
    pieces: list[tuple[str, Style]] = [(f"{-scale:.2g} " if signed else "0 ", Style(dim=True))]
    steps = [-8, -4, 0, 4, 8] if signed else [0, 4, 8]
    for s in steps:
        value = s / 8 * scale
        pieces.append((cell_text(value, scale, signed), cell_style(abs(s), s < 0, signed, base)))
    pieces.append((f" {scale:+.2g}" if signed else f" {scale:.2g}", Style(dim=True)))
    return pieces


def heading(view: MemoryView, matrix: Matrix, base: RGB = BACKGROUND) -> Group:
    """The view in words, then the scale: what a heatmap's title says."""
    title = Text(describe_view(view), style="dim", no_wrap=True, overflow="ellipsis")
    return Group(title, Text.assemble(*legend(matrix.scale, matrix.signed, base)))
