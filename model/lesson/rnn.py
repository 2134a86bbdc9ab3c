"""LECTURE §4 and §5: the Elman RNN with every weight 1, and the RNN as matrices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import torch
from torch import nn

from model.cells import ElmanCell
from model.lesson.common import DTYPE, Vector, check_order, count, ints, join, row, start, to_list

# LECTURE §4: the input sequence, in the lecture's order.
ELMAN_INPUTS: tuple[tuple[int, ...], ...] = ((1, 1), (1, 1), (2, 2))

# LECTURE §5: X is 3 steps x 6 features; W is 3 x (6 input + 3 hidden).
MATRIX_X: tuple[tuple[int, ...], ...] = ((0, 1, 0, 1, 0, 1), (0, 2, 1, 3, 0, 0), (1, 1, 2, 1, 0, 0))
MATRIX_W: tuple[tuple[int, ...], ...] = (
    (1, 1, 0, 1, 0, 1, 1, 0, 0),
    (0, 0, 0, 0, 1, 1, 1, 1, 1),
    (2, 1, 1, 1, 2, 3, 2, 0, 0),
)
MATRIX_LONG_STEPS = 1000  # the lecture's "with 1000 steps"


# LECTURE §4 -------------------------------------------------------------------


@dataclass(frozen=True)
class ElmanStep:
    """One time step of §4's network.

    Attributes:
        input: x_t.
        memory: h_{t-1}, what the memory held before this step.
        hidden: h_t, which the memory stores for the next step.
        output: y_t, the output layer's values.
    """

    input: Vector
    memory: Vector
    hidden: Vector
    output: Vector


@dataclass(frozen=True)
class ElmanExample:
    """LECTURE §4 run in some order of its three inputs."""

    order: tuple[int, ...]  # the lecture's step numbers, in the order fed
    steps: tuple[ElmanStep, ...]

    title: ClassVar[str] = "LECTURE §4: an Elman RNN, every weight 1, no bias, linear"
    columns: ClassVar[tuple[str, ...]] = ("step", "input", "memory before", "hidden", "output")

    @property
    def caption(self) -> str:
        if self.order == (1, 2, 3):
            return "Same input [1,1], different output: the memory differs."
        return f"Order matters: fed in the order {join(self.order)}, the same inputs give other outputs."

    def rows(self) -> list[tuple[str, ...]]:
        return [
            (str(t), to_list(s.input), to_list(s.memory), to_list(s.hidden), to_list(s.output))
            for t, s in enumerate(self.steps, start=1)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [
                {"input": list(s.input), "memory": list(s.memory), "hidden": list(s.hidden), "output": list(s.output)}
                for s in self.steps
            ]
        }


@torch.no_grad()
def elman(order: Sequence[int] | None = None) -> ElmanExample:
    """LECTURE §4: 2 inputs, 2 hidden, 2 outputs, every weight 1, no bias, linear.

    Args:
        order: The lecture's step numbers 1, 2, 3 in the order to feed them,
            e.g. ``(3, 1, 2)`` feeds [2,2], [1,1], [1,1]. Default: 1, 2, 3.

    Returns:
        One :class:`ElmanStep` per input, in the order fed.

    Raises:
        ValueError: ``order`` is not a permutation of 1, 2, 3.
    """
    fed = check_order(order, len(ELMAN_INPUTS))
    cell = ElmanCell(2, 2, bias=False, nonlinearity="linear").to(DTYPE)
    readout = nn.Linear(2, 2, bias=False, dtype=DTYPE)  # the output layer
    for weight in (cell.weight_ih, cell.weight_hh, readout.weight):
        nn.init.ones_(weight)
    h = start(cell)
    steps = []
    for n in fed:  # the same cell at every step: not three networks
        x_t = row(ELMAN_INPUTS[n - 1])  # (1, 2)
        step = cell(x_t, h)
        steps.append(ElmanStep(ints(x_t), ints(h), ints(step.h), ints(readout(step.h))))
        h = step.state
    return ElmanExample(fed, tuple(steps))


# LECTURE §5 -------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixStep:
    """One time step of §5: h_t = relu(W_xh x_t + W_hh h_{t-1})."""

    input: Vector
    hidden: Vector


@dataclass(frozen=True)
class MatrixExample:
    """LECTURE §5 and its parameter count.

    Attributes:
        W: The lecture's 3x9 matrix, applied to concat(x_t, h_{t-1}).
        W_xh: Its first 6 columns, the cell's ``weight_ih``.
        W_hh: Its last 3 columns, the cell's ``weight_hh``.
        steps: One :class:`MatrixStep` per row of X.
        recurrent_weights: Parameters of the cell, whatever the length.
        feedforward_weights: A feedforward net on the flattened 3x6 input to
            3 outputs.
        long_steps: A longer sequence's length.
        feedforward_weights_long: The feedforward net for ``long_steps``.
    """

    W: tuple[Vector, ...]
    W_xh: tuple[Vector, ...]
    W_hh: tuple[Vector, ...]
    steps: tuple[MatrixStep, ...]
    recurrent_weights: int
    feedforward_weights: int
    long_steps: int
    feedforward_weights_long: int

    title: ClassVar[str] = "LECTURE §5: h_t = relu(W · concat(x_t, h_{t-1})), no bias"
    columns: ClassVar[tuple[str, ...]] = ("step", "input x_t", "hidden h_t")
    weight_columns: ClassVar[tuple[str, ...]] = ("row", "W_xh (input)", "W_hh (memory)")

    @property
    def caption(self) -> str:
        return (
            f"{self.recurrent_weights} weights whatever the length; a feedforward net on the flattened "
            f"{len(self.steps)}x{len(self.W_xh[0])} input needs {self.feedforward_weights:,}, "
            f"and {self.feedforward_weights_long:,} for {self.long_steps:,} steps."
        )

    def rows(self) -> list[tuple[str, ...]]:
        return [(str(t), to_list(s.input), to_list(s.hidden)) for t, s in enumerate(self.steps, start=1)]

    def weight_rows(self) -> list[tuple[str, ...]]:
        """W as a table: each row split into its W_xh and W_hh parts."""
        return [(str(r), to_list(xh), to_list(hh)) for r, (xh, hh) in enumerate(zip(self.W_xh, self.W_hh), start=1)]

    def to_json(self) -> dict[str, Any]:
        return {"steps": [{"input": list(s.input), "hidden": list(s.hidden)} for s in self.steps]}


@torch.no_grad()
def matrix() -> MatrixExample:
    """LECTURE §5: W splits into ``weight_ih`` (3x6) and ``weight_hh`` (3x3) of a relu Elman cell.

    Returns:
        The hidden state after each of X's three steps, and the parameter
        counts: the cell's own, and a feedforward net's on the whole
        flattened sequence.
    """
    features, hidden = len(MATRIX_X[0]), len(MATRIX_W)
    cell = ElmanCell(features, hidden, bias=False, nonlinearity="relu").to(DTYPE)
    w = torch.tensor(MATRIX_W, dtype=DTYPE)  # (3, 9)
    cell.weight_ih.copy_(w[:, :features])  # W_xh (3, 6)
    cell.weight_hh.copy_(w[:, features:])  # W_hh (3, 3)
    h = start(cell)
    steps = []
    for x in MATRIX_X:
        step = cell(row(x), h)
        steps.append(MatrixStep(tuple(x), ints(step.h)))
        h = step.state
    return MatrixExample(
        W=MATRIX_W,
        W_xh=tuple(ints(row) for row in cell.weight_ih),
        W_hh=tuple(ints(row) for row in cell.weight_hh),
        steps=tuple(steps),
        recurrent_weights=count(cell),
        feedforward_weights=len(MATRIX_X) * features * hidden,
        long_steps=MATRIX_LONG_STEPS,
        feedforward_weights_long=MATRIX_LONG_STEPS * features * hidden,
    )
