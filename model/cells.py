"""The lecture's cells, written out by hand (LECTURE §4-§9).

Notation: we are at time step t. ``x_t`` is this step's input, ``h`` the
hidden state the cell stored at step t-1 (the lecture's "memory"), ``c`` the
LSTM's cell state, ``y`` a Jordan cell's previous output distribution (as
log-probabilities unless it is built with ``feedback="prob"``)::

    Elman    h_t = act(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)
    Jordan   h_t = tanh(W_ih x_t + b_ih + W_yh y_{t-1} + b_hh)
             y_t = log_softmax(W_hy h_t + b_hy)        (fed back, not h_t;
                   softmax with feedback="prob")
    LSTM     i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi [+ w_ci * c_{t-1}])
             f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf [+ w_cf * c_{t-1}])
             g_t = g(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
             c_t = f_t * c_{t-1} + i_t * g_t
             o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho [+ w_co * c_t])
             h_t = o_t * h(c_t)
    GRU      r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
             z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
             n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
             h_t = (1 - z_t) * n_t + z_t * h_{t-1}
    FF       h_t = tanh(W_ih x_t + b_ih)               (no memory at all)

The bracketed terms are the optional peephole. Weights are laid out exactly as
torch's ``nn.RNNCell``, ``nn.LSTMCell`` (gates i, f, g, o) and ``nn.GRUCell``
(gates r, z, n), so they copy 1:1 and the tests compare against torch.
``g`` and ``h`` default to tanh; the lecture's hand-set LSTM (§8) makes both
linear, and its matrix RNN (§5) uses relu.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import torch
from torch import Tensor, nn

from model.config import CELLS

Activation = Callable[[Tensor], Tensor]
ACTIVATIONS: dict[str, Activation] = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "linear": lambda v: v,
}


class Step(NamedTuple):
    """One time step of a cell.

    Attributes:
        h: What the cell emits at this step, ``(batch, hidden)``.
        state: What it carries to the next step (``h``; ``(h, c)`` for an
            LSTM; the output distribution ``y`` for Jordan; ``None`` for FF).
        gates: Named intermediate values, ``(batch, hidden)`` each: LSTM
            ``i f g o c``, GRU ``r z n``; Jordan ``y`` (its output
            distribution, ``(batch, outputs)``) and ``logits``.
    """

    h: Tensor
    state: object
    gates: dict[str, Tensor]


class Cell(nn.Module):
    """What every cell shares: a size, a start state, one step at a time."""

    input_size: int
    hidden_size: int

    weight_ih: nn.Parameter

    def initial_state(self, batch: int) -> object:
        """The memory before the first step: zeros, as in the lecture."""
        return self.weight_ih.new_zeros(batch, self.hidden_size)

    def forward(self, x_t: Tensor, state: object) -> Step:  # pragma: no cover - abstract
        raise NotImplementedError

    def _uniform_(self) -> None:
        # torch's own initialisation for its recurrent cells: U(-1/sqrt(H), 1/sqrt(H)).
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)


def _params(rows: int, cols: int) -> nn.Parameter:
    return nn.Parameter(torch.empty(rows, cols))


def _bias(rows: int, bias: bool) -> nn.Parameter | None:
    return nn.Parameter(torch.empty(rows)) if bias else None


def _affine(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    return torch.nn.functional.linear(x, weight, bias)


class ElmanCell(Cell):
    """The simple RNN: the hidden layer's values are stored and read back."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh") -> None:
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.act = ACTIVATIONS[nonlinearity]
        self.nonlinearity = nonlinearity
        self.weight_ih = _params(hidden_size, input_size)
        self.weight_hh = _params(hidden_size, hidden_size)
        self.bias_ih = _bias(hidden_size, bias)
        self.bias_hh = _bias(hidden_size, bias)
        self._uniform_()

    def forward(self, x_t: Tensor, state: object) -> Step:
        h = state  # (batch, hidden)
        h_t = self.act(_affine(x_t, self.weight_ih, self.bias_ih) + _affine(h, self.weight_hh, self.bias_hh))
        return Step(h_t, h_t, {})


class JordanCell(Cell):
    """Feeds back the previous step's *output distribution* instead of h.

    The cell owns its output layer (``weight_hy``), because what it stores is
    what it predicted: the lecture's argument that a memory with a target is
    clearer about what it holds.

    Args:
        feedback: ``"log"`` stores the distribution as log-probabilities,
            ``"prob"`` as probabilities. Trained towards one-hot labels,
            probabilities saturate: after "arrive" and after "leave" both
            read (1, 0, ..., 0), and the cue is gone. Their logarithms keep
            the difference between 1e-3 and 1e-6 as -7 against -14.
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int, feedback: str = "log") -> None:
        super().__init__()
        if feedback not in ("log", "prob"):
            raise ValueError(f"feedback must be 'log' or 'prob', got {feedback!r}")
        self.input_size, self.hidden_size, self.output_size = input_size, hidden_size, output_size
        self.feedback = feedback
        self.weight_ih = _params(hidden_size, input_size)
        self.weight_yh = _params(hidden_size, output_size)
        self.bias_ih = _bias(hidden_size, True)
        self.bias_hh = _bias(hidden_size, True)
        self.weight_hy = _params(output_size, hidden_size)
        self.bias_hy = _bias(output_size, True)
        self._uniform_()

    def initial_state(self, batch: int) -> Tensor:
        return self.weight_ih.new_zeros(batch, self.output_size)  # no prediction yet

    def forward(self, x_t: Tensor, state: object) -> Step:
        y = state  # (batch, outputs)
        h_t = torch.tanh(_affine(x_t, self.weight_ih, self.bias_ih) + _affine(y, self.weight_yh, self.bias_hh))
        logits = _affine(h_t, self.weight_hy, self.bias_hy)  # (batch, outputs)
        y_t = torch.log_softmax(logits, dim=-1) if self.feedback == "log" else torch.softmax(logits, dim=-1)
        return Step(h_t, y_t, {"y": y_t, "logits": logits})


class LSTMCell(Cell):
    """Long short-term memory: a cell with input, forget and output gates."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        peephole: bool = False,
        g: str = "tanh",
        h: str = "tanh",
    ) -> None:
        super().__init__()
        self.input_size, self.hidden_size, self.peephole = input_size, hidden_size, peephole
        self.g, self.h = ACTIVATIONS[g], ACTIVATIONS[h]
        self.weight_ih = _params(4 * hidden_size, input_size)
        self.weight_hh = _params(4 * hidden_size, hidden_size)
        self.bias_ih = _bias(4 * hidden_size, bias)
        self.bias_hh = _bias(4 * hidden_size, bias)
        # Peephole weights are diagonal: each gate sees its own unit's c.
        self.weight_ch = _params(3, hidden_size) if peephole else None
        self._uniform_()

    def initial_state(self, batch: int) -> tuple[Tensor, Tensor]:
        zeros = self.weight_ih.new_zeros(batch, self.hidden_size)
        return zeros, zeros

    def forward(self, x_t: Tensor, state: object) -> Step:
        h, c = state  # (batch, hidden) each
        z = _affine(x_t, self.weight_ih, self.bias_ih) + _affine(h, self.weight_hh, self.bias_hh)
        z_i, z_f, z_g, z_o = z.chunk(4, dim=-1)  # (batch, hidden) each, torch's order
        if self.weight_ch is not None:
            z_i = z_i + self.weight_ch[0] * c
            z_f = z_f + self.weight_ch[1] * c
        i = torch.sigmoid(z_i)  # input gate: may a value be written?
        f = torch.sigmoid(z_f)  # forget gate: open = keep, closed = forget
        g = self.g(z_g)  # the value to store
        c_t = f * c + i * g
        if self.weight_ch is not None:
            z_o = z_o + self.weight_ch[2] * c_t
        o = torch.sigmoid(z_o)  # output gate: may the value be read out?
        h_t = o * self.h(c_t)
        return Step(h_t, (h_t, c_t), {"i": i, "f": f, "g": g, "o": o, "c": c_t})


class GRUCell(Cell):
    """Gated recurrent unit: update and reset gates, no separate cell state."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.weight_ih = _params(3 * hidden_size, input_size)
        self.weight_hh = _params(3 * hidden_size, hidden_size)
        self.bias_ih = _bias(3 * hidden_size, bias)
        self.bias_hh = _bias(3 * hidden_size, bias)
        self._uniform_()

    def forward(self, x_t: Tensor, state: object) -> Step:
        h = state  # (batch, hidden)
        x_r, x_z, x_n = _affine(x_t, self.weight_ih, self.bias_ih).chunk(3, dim=-1)
        h_r, h_z, h_n = _affine(h, self.weight_hh, self.bias_hh).chunk(3, dim=-1)
        r = torch.sigmoid(x_r + h_r)  # reset gate: how much of h feeds the candidate
        z = torch.sigmoid(x_z + h_z)  # update gate: keep the old h or take the new
        n = torch.tanh(x_n + r * h_n)  # the candidate
        h_t = (1 - z) * n + z * h
        return Step(h_t, h_t, {"r": r, "z": z, "n": n})


class FeedForwardCell(Cell):
    """The lecture's counter-example: each word on its own, nothing remembered."""

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        self.weight_ih = _params(hidden_size, input_size)
        self.bias_ih = _bias(hidden_size, True)
        self._uniform_()

    def initial_state(self, batch: int) -> None:
        return None

    def forward(self, x_t: Tensor, state: object) -> Step:
        h_t = torch.tanh(_affine(x_t, self.weight_ih, self.bias_ih))
        return Step(h_t, None, {})


def make_cell(
    kind: str, input_size: int, hidden_size: int, *, peephole: bool = False, outputs: int = 0, feedback: str = "log"
) -> Cell:
    """A cell of the given kind (one of ``CELLS``), torch-initialised."""
    if kind == "lstm":
        return LSTMCell(input_size, hidden_size, peephole=peephole)
    if peephole:
        raise ValueError("only the LSTM has a peephole")
    if kind == "gru":
        return GRUCell(input_size, hidden_size)
    if kind == "elman":
        return ElmanCell(input_size, hidden_size)
    if kind == "jordan":
        return JordanCell(input_size, hidden_size, outputs, feedback)
    if kind == "ff":
        return FeedForwardCell(input_size, hidden_size)
    raise ValueError(f"unknown cell {kind!r}; choose one of {', '.join(CELLS)}")
