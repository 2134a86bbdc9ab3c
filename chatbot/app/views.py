"""Which part of the memory to look at, and its name in the lecture's words.

No numpy and no torch here: the app imports this before its first frame.
The numbers themselves are cut out in :mod:`chatbot.app.memory`.

>>> view = MemoryView(state="f", layer=0, direction="forward", order="top")
>>> describe_view(view)
'f: forget gate (keep what is stored? 1 = keep, 0 = forget) · layer 1 forward →'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from model.config import TaggerConfig
    from model.tagger import Trace

# What each cell stores and computes, in the order the views cycle through.
STATES: dict[str, tuple[str, ...]] = {
    "lstm": ("h", "c", "i", "f", "g", "o"),
    "gru": ("h", "r", "z", "n"),
    "elman": ("h",),
    "jordan": ("h", "y"),
    "ff": ("h",),
}

# The lecture's words for each (LECTURE §6, §7, §9).
MEANING: dict[str, str] = {
    "h": "hidden state (what the layer outputs and remembers)",
    "c": "cell state (the LSTM's memory cell)",
    "i": "input gate (may a value be written? 1 = open)",
    "f": "forget gate (keep what is stored? 1 = keep, 0 = forget)",
    "g": "candidate z (the value that would be written)",
    "o": "output gate (may the value be read out? 1 = open)",
    "r": "reset gate (how much old memory shapes the candidate)",
    "z": "update gate (1 = keep the old memory, 0 = take the candidate)",
    "n": "candidate state (the new value the GRU may take)",
    "y": "Jordan memory: the output distribution fed back (log-probabilities)",
}

ORDERS = ("top", "sorted", "natural")
ORDER_NAMES = {"top": "top {k} of {n} units", "sorted": "{n} units, most active first", "natural": "{n} units in order"}
TOP_K = 16
T = TypeVar("T")
ARROWS = {"forward": "→", "backward": "←", "both": "⇄"}


@dataclass(frozen=True)
class MemoryView:
    """Which part of the memory to draw.

    Attributes:
        state: ``h``, ``c`` or a gate name (see :data:`STATES`).
        layer: 0 for the layer next to the input.
        direction: ``forward``, ``backward``, or ``both`` (a bidirectional
            layer's two halves, one above the other).
        order: ``top`` (the ``TOP_K`` most active units), ``sorted`` (all,
            most active first) or ``natural`` (unit 0 first).
    """

    state: str = "h"
    layer: int = 0
    direction: str = "forward"
    order: str = "top"


@dataclass(frozen=True, eq=False)
class Matrix:
    """A slice of the memory ready to draw.

    Attributes:
        values: ``(rows, tokens)``: one row per unit shown, one column per token.
        units: The unit number of each row.
        tokens: The token of each column.
        blocks: ``(title, rows)`` runs: one block, or forward then backward.
        scale: The magnitude drawn as a full cell (1.0 for values in [-1, 1]).
        signed: Whether any value is negative (then cells carry a sign).
    """

    values: np.ndarray
    units: tuple[int, ...]
    tokens: tuple[str, ...]
    blocks: tuple[tuple[str, int], ...]
    scale: float
    signed: bool


def states_for(config: TaggerConfig) -> tuple[str, ...]:
    """The views a model offers: ``h`` first, then its memory and its gates."""
    return STATES.get(config.cell, ("h",))


def directions_for(config: TaggerConfig) -> tuple[str, ...]:
    """``forward`` only, or ``both``, ``forward``, ``backward`` for a bidirectional model."""
    return ("both", "forward", "backward") if config.bidirectional else ("forward",)


def fit_view(view: MemoryView, config: TaggerConfig) -> MemoryView:
    """``view`` made valid for ``config`` (after a model switch): keeps what it can."""
    state = view.state if view.state in states_for(config) else "h"
    layer = min(view.layer, config.layers - 1)
    directions = directions_for(config)
    direction = view.direction if view.direction in directions else directions[0]
    return replace(view, state=state, layer=layer, direction=direction)


def next_state(view: MemoryView, config: TaggerConfig) -> MemoryView:
    """The next of ``h``, ``c`` and the gates."""
    return replace(view, state=_next(states_for(config), view.state))


def next_layer(view: MemoryView, config: TaggerConfig) -> MemoryView:
    """The next layer and direction: layer 1 forward, layer 1 backward, layer 2 ..."""
    places = [(layer, d) for layer in range(config.layers) for d in directions_for(config)]
    layer, direction = _next(places, (view.layer, view.direction))
    return replace(view, layer=layer, direction=direction)


def next_order(view: MemoryView) -> MemoryView:
    """Top-k, then all sorted by activity, then natural order."""
    return replace(view, order=_next(ORDERS, view.order))


def _next(options: Sequence[T], current: T) -> T:
    return options[(options.index(current) + 1) % len(options)] if current in options else options[0]


def describe_view(view: MemoryView) -> str:
    """One line naming the view in the lecture's words."""
    where = f"layer {view.layer + 1} {view.direction} {ARROWS[view.direction]}"
    return f"{view.state}: {MEANING.get(view.state, view.state)} · {where}"


def describe_order(view: MemoryView, units: int) -> str:
    """E.g. ``top 16 of 128 units`` (ranked by activity: mean magnitude over the tokens)."""
    return ORDER_NAMES[view.order].format(k=min(TOP_K, units), n=units)


def shown_window(trace: Trace, selected: int | None) -> tuple[int, Trace]:
    """The tokens the strip and the heatmap draw, and the index of the first:
    all of them, or for a longer text the tagger's window of ``MAX_TOKENS``
    (after which the memory restarts) that holds the selected token (None:
    the last). A paste of thousands of tokens so draws as fast as one window."""
    from model.tagger import MAX_TOKENS  # a trace exists, so the model is loaded already

    count = len(trace.tokens)
    if count <= MAX_TOKENS:
        return 0, trace
    at = min(selected if selected is not None else count - 1, count - 1)
    first = at - at % MAX_TOKENS
    return first, replace(trace, tokens=trace.tokens[first : first + MAX_TOKENS])


def window_note(trace: Trace, first: int, shown: int) -> str:
    """`` · tokens 513–1,024 of 8,000`` where only a window is drawn, else nothing."""
    count = len(trace.tokens)
    return f" · tokens {first + 1:,}–{first + shown:,} of {count:,}" if shown < count else ""
