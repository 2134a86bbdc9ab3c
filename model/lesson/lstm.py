"""LECTURE §8: one hand-set LSTM cell that writes, keeps, reads and erases a number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import torch
from torch import nn

from model.cells import LSTMCell
from model.lesson.common import DTYPE, row, start

# LECTURE §8: inputs (x1, x2, x3); x1 is the value, x2 writes/erases, x3 reads.
LSTM_SHORT: tuple[tuple[int, int, int], ...] = ((3, 1, 0), (4, 1, 0), (2, 0, 0), (1, 0, 1), (3, -1, 0))
LSTM_LONG: tuple[tuple[int, int, int], ...] = tuple(
    zip((1, 3, 2, 4, 2, 1, 3, 6, 1), (0, 1, 0, 1, 0, 0, -1, 1, 0), (0, 0, 0, 0, 0, 1, 0, 0, 1))
)
# Rows in torch's gate order i, f, g, o; columns x1, x2, x3.
LSTM_WEIGHT_IH = ((0, 100, 0), (0, 100, 0), (1, 0, 0), (0, 0, 100))  # z_i, z_f: 100*x2; z: x1; z_o: 100*x3
LSTM_BIAS_IH = (-10, 10, 0, -10)  # z_i = ... - 10, z_f = ... + 10, z_o = ... - 10


# LECTURE §8 -------------------------------------------------------------------


@dataclass(frozen=True)
class LstmStep:
    """One time step of §8's cell (gates are sigmoid outputs, 0..1 = how open)."""

    input: tuple[int, int, int]  # (x1, x2, x3)
    input_gate: float  # f(z_i): may x1 be written?
    forget_gate: float  # f(z_f): open = keep, closed = forget
    output_gate: float  # f(z_o): may the memory be read out?
    memory: float  # c_t
    output: float  # a = h(c_t) f(z_o)

    def gates(self) -> tuple[float, float, float]:
        """The input, forget and output gates, in the lecture's order."""
        return self.input_gate, self.forget_gate, self.output_gate


@dataclass(frozen=True)
class LstmExample:
    """LECTURE §8: one LSTM cell, g and h linear, weights set by hand."""

    sequence: Literal["short", "long"]
    steps: tuple[LstmStep, ...]

    columns: ClassVar[tuple[str, ...]] = (
        "step",
        "x1 x2 x3",
        "input gate",
        "forget gate",
        "output gate",
        "memory",
        "output",
    )
    caption: ClassVar[str] = "x2 = 1 writes x1 into memory, x2 = -1 erases it, x3 = 1 reads it out."

    @property
    def title(self) -> str:
        return f"LECTURE §8: a hand-set LSTM cell ({self.sequence} sequence)"

    def rows(self) -> list[tuple[str, ...]]:
        return [
            (str(t), " ".join(map(str, s.input)), *(f"{v:.6f}" for v in (*s.gates(), s.memory, s.output)))
            for t, s in enumerate(self.steps, start=1)
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "steps": [
                {
                    "input": list(s.input),
                    "gates": {"input": s.input_gate, "forget": s.forget_gate, "output": s.output_gate},
                    "memory": s.memory,
                    "output": s.output,
                }
                for s in self.steps
            ]
        }


@torch.no_grad()
def lstm(sequence: Literal["short", "long"] = "short") -> LstmExample:
    """LECTURE §8: z = x1, z_i = 100*x2 - 10, z_f = 100*x2 + 10, z_o = 100*x3 - 10.

    Args:
        sequence: ``"short"``, the five inputs with the lecture's exact
            values, or ``"long"``, its nine-step sequence.

    Returns:
        One :class:`LstmStep` per input.

    Raises:
        ValueError: ``sequence`` is neither.
    """
    inputs = {"short": LSTM_SHORT, "long": LSTM_LONG}.get(sequence)
    if inputs is None:
        raise ValueError(f"sequence must be 'short' or 'long' (got {sequence!r})")
    cell = LSTMCell(3, 1, g="linear", h="linear").to(DTYPE)
    cell.weight_ih.copy_(torch.tensor(LSTM_WEIGHT_IH, dtype=DTYPE))  # (4, 3)
    nn.init.zeros_(cell.weight_hh)  # the gates do not read h
    cell.bias_ih.copy_(torch.tensor(LSTM_BIAS_IH, dtype=DTYPE))
    nn.init.zeros_(cell.bias_hh)
    state = start(cell)
    steps = []
    for x in inputs:
        step = cell(row(x), state)
        gates = {name: float(v) for name, v in step.gates.items()}
        steps.append(LstmStep(x, gates["i"], gates["f"], gates["o"], gates["c"], float(step.h)))
        state = step.state
    return LstmExample(sequence, tuple(steps))
