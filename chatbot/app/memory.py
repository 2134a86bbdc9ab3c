"""What the memory panel shows, as plain numbers: no Textual, no torch.

A :class:`~model.tagger.Trace` keeps, for every token, every layer's state in
each direction. A :class:`~chatbot.app.views.MemoryView` says which part to
look at and :func:`matrix` cuts it out as a ``units x tokens`` array, a column
per token: the lecture's picture of the memory as a vector stored after every
step. This module loads numpy, so the app imports it after its first frame.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from chatbot.app.views import ARROWS, TOP_K, Matrix, MemoryView, fit_view

if TYPE_CHECKING:
    from model.tagger import CellTrace, Trace


def state_vector(cell: CellTrace, state: str) -> np.ndarray:
    """One state of one layer and direction at one token, ``(units,)``."""
    if state == "h":
        return cell.h
    if state == "c":
        if cell.c is None:
            raise KeyError("this cell has no c")
        return cell.c
    return cell.gates[state]


def cells_at(trace: Trace, token: int, layer: int, direction: str) -> list[CellTrace]:
    """The :class:`CellTrace` (one, or forward and backward) of a token."""
    wanted = ("forward", "backward") if direction == "both" else (direction,)
    found = {s.direction: s for s in trace.tokens[token].states if s.layer == layer}
    return [found[d] for d in wanted if d in found]


def columns(trace: Trace, view: MemoryView, direction: str) -> np.ndarray:
    """``(units, tokens)`` of one direction: a column per token."""
    cols = [state_vector(cells_at(trace, t, view.layer, direction)[0], view.state) for t in range(len(trace.tokens))]
    return np.stack(cols, axis=1) if cols else np.zeros((0, 0))


def unit_count(trace: Trace, view: MemoryView) -> int:
    """How many units one direction of the view has."""
    view = fit_view(view, trace.config)
    direction = "forward" if view.direction == "both" else view.direction
    return int(state_vector(cells_at(trace, 0, view.layer, direction)[0], view.state).shape[0])


def activity(values: np.ndarray) -> np.ndarray:
    """How active each unit (row) is: its mean magnitude over the tokens."""
    return np.abs(values).mean(axis=1) if values.size else np.zeros(values.shape[0])


def order_rows(values: np.ndarray, order: str, k: int = TOP_K) -> np.ndarray:
    """The row indices to show, in display order."""
    if order == "natural":
        return np.arange(values.shape[0])
    ranked = np.argsort(-activity(values), kind="stable")
    return ranked[:k] if order == "top" else ranked


def scale_of(values: np.ndarray) -> float:
    """1.0 for values within [-1, 1] (tanh, sigmoid), else their own maximum."""
    peak = float(np.abs(values).max()) if values.size else 0.0
    return max(1.0, peak)


def matrix(trace: Trace, view: MemoryView, k: int = TOP_K, like: Matrix | None = None) -> Matrix:
    """The view's slice of ``trace`` as rows of units and a column per token.

    Args:
        trace: The traced sentence.
        view: What to cut out.
        k: How many units ``top`` keeps.
        like: Keep this matrix's units, in its order (step mode: the rows
            stay put while the columns grow).
    """
    view = fit_view(view, trace.config)  # a view chosen for another model draws what this one has
    tokens = tuple(t.token.text for t in trace.tokens)
    parts = [(d, columns(trace, view, d)) for d in _directions(view)] if tokens else []
    return _arrange(parts, tokens, view.order, k, like)


def top_units(trace: Trace, token: int, view: MemoryView, n: int = 6) -> list[tuple[str, int, float]]:
    """The ``n`` units with the largest magnitude at ``token``: (direction, unit, value)."""
    view = fit_view(view, trace.config)
    found = []
    for cell in cells_at(trace, token, view.layer, view.direction):
        vector = state_vector(cell, view.state)
        found.extend((cell.direction, int(u), float(vector[u])) for u in range(len(vector)))
    found.sort(key=lambda item: -abs(item[2]))
    return found[:n]


def difference(a: Trace, b: Trace, view: MemoryView, k: int = TOP_K) -> Matrix:
    """``a - b`` token by token, as far as both go: where two sentences' memories part.

    A column is titled ``a_word/b_word`` where the two words differ.
    """
    view = fit_view(view, a.config)
    n = min(len(a.tokens), len(b.tokens))
    a, b = replace(a, tokens=a.tokens[:n]), replace(b, tokens=b.tokens[:n])
    names = tuple(
        x.token.text if x.token.text == y.token.text else f"{x.token.text}/{y.token.text}"
        for x, y in zip(a.tokens, b.tokens)
    )
    parts = [(d, columns(a, view, d) - columns(b, view, d)) for d in _directions(view)] if n else []
    return _arrange(parts, names, view.order, k)


def distance(a: Trace, b: Trace, layer: int = 0) -> list[float]:
    """Per aligned token, the Euclidean distance between the two ``h`` (all directions)."""
    out = []
    for ta, tb in zip(a.tokens, b.tokens):
        ha = np.concatenate([s.h for s in ta.states if s.layer == layer])
        hb = np.concatenate([s.h for s in tb.states if s.layer == layer])
        out.append(float(np.linalg.norm(ha - hb)))
    return out


def _directions(view: MemoryView) -> tuple[str, ...]:
    return ("forward", "backward") if view.direction == "both" else (view.direction,)


def _arrange(
    parts: list[tuple[str, np.ndarray]], tokens: tuple[str, ...], order: str, k: int, like: Matrix | None = None
) -> Matrix:
    """Order each direction's rows, then stack them into one labelled matrix."""
    if not parts:
        return Matrix(np.zeros((0, 0)), (), tokens, (), 1.0, False)
    kept = _rows_of(like) if like is not None and len(like.blocks) == len(parts) else None
    shown, units, blocks = [], [], []
    for block, (direction, values) in enumerate(parts):
        rows = kept[block] if kept is not None else order_rows(values, order, k)
        shown.append(values[rows])
        units.extend(int(r) for r in rows)
        blocks.append((f"{direction} {ARROWS[direction]}", len(rows)))
    values = np.concatenate(shown, axis=0)
    return Matrix(values, tuple(units), tokens, tuple(blocks), scale_of(values), bool((values < 0).any()))


def _rows_of(like: Matrix) -> list[np.ndarray]:
    """A matrix's unit numbers, split by block."""
    out, start = [], 0
    for _, size in like.blocks:
        out.append(np.array(like.units[start : start + size], dtype=int))
        start += size
    return out
