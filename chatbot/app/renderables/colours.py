"""Colours that carry meaning: one per slot, and the heatmap's two-sided scale.

Colour is never the only encoding: labels are always written out, and the
heatmap also draws each value as a glyph with its sign.

>>> slot_of("B-destination"), slot_of("O")
('destination', None)
"""

from __future__ import annotations

import zlib

from rich.color import Color
from rich.style import Style

# Blue, orange and green stay apart for the common colour-vision deficiencies.
SLOT_COLOURS: dict[str, str] = {
    "departure": "#5fafff",
    "destination": "#ffaf5f",
    "time": "#87d787",
}
_SPARE = ("#d787d7", "#d7d75f", "#5fd7d7", "#ff8787")  # for slot types a corpus may add
OTHER_STYLE = Style(dim=True)

NEGATIVE = (64, 128, 255)  # blue
POSITIVE = (255, 140, 40)  # orange
RGB = tuple[int, int, int]
BACKGROUND: RGB = (24, 24, 24)  # what a cell of value 0 fades into, unless told the widget's background


def slot_of(label: str) -> str | None:
    """The slot a BIO label belongs to, or None for ``O``."""
    return label[2:] if label[:2] in ("B-", "I-") else None


def slot_colour(slot: str) -> str:
    """The colour of a slot type."""
    return SLOT_COLOURS.get(slot) or _SPARE[zlib.crc32(slot.encode()) % len(_SPARE)]


def label_style(label: str) -> Style:
    """The style of a token with this label: its slot's colour, or dim."""
    slot = slot_of(label)
    return Style(color=slot_colour(slot), bold=label.startswith("B-")) if slot else OTHER_STYLE


def value_colour(value: float, scale: float, signed: bool, base: RGB = BACKGROUND) -> Color:
    """The background of a heatmap cell: orange for positive, blue for negative,
    fading into ``base`` (the theme's background) at zero. Unsigned values
    (gates) use orange alone."""
    share = min(1.0, abs(value) / scale) if scale else 0.0
    end = NEGATIVE if signed and value < 0 else POSITIVE
    r, g, b = (round(lo + (hi - lo) * share) for lo, hi in zip(base, end))
    return Color.from_rgb(r, g, b)


def ink_for(background: Color) -> Color:
    """Black or white, whichever reads on ``background``."""
    r, g, b = background.get_truecolor()
    return Color.from_rgb(0, 0, 0) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else Color.from_rgb(235, 235, 235)
