"""What the worked examples share: float64, the start state, small formatters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch import Tensor, nn

from model.cells import Cell

DTYPE = torch.float64  # the lecture's numbers are exact; float32 blurs §8's sixth decimal

Vector = tuple[int, ...]


def check_order(order: Sequence[int] | None, n: int) -> tuple[int, ...]:
    """``order`` as a tuple, if it holds each step number 1..n exactly once."""
    if order is None:
        return tuple(range(1, n + 1))
    fed = tuple(order)
    whole = all(isinstance(k, int) and not isinstance(k, bool) for k in fed)
    if not whole or sorted(fed) != list(range(1, n + 1)):
        shown = ",".join(str(k) for k in fed) or "nothing"
        raise ValueError(f"order must list the steps {join(range(1, n + 1))} once each, e.g. 3,1,2 (got {shown})")
    return fed


def start(cell: Cell) -> Any:
    """The cell's own start state (zeros, as in the lecture), in float64."""
    state = cell.initial_state(1)
    if isinstance(state, tuple):
        return tuple(s.to(DTYPE) for s in state)
    return state.to(DTYPE)


def row(values: Sequence[int]) -> Tensor:
    """One input vector as a batch of one, ``(1, features)``."""
    return torch.tensor([values], dtype=DTYPE)


def ints(t: Tensor) -> Vector:
    """An integer-valued vector as ints: §4 and §5 are integer networks."""
    values = t.reshape(-1).tolist()
    ints = tuple(round(v) for v in values)
    if any(v != k for v, k in zip(values, ints)):
        raise ArithmeticError(f"expected whole numbers, got {values}")
    return ints


def count(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def to_list(values: Sequence[int]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"


def join(values: Sequence[int] | range) -> str:
    return ",".join(str(v) for v in values)
