"""The lecture's worked examples (§4, §5, §8, §7/§9), computed by the real cells.

The numbers come from :mod:`model.lesson`; the drawing from
:mod:`chatbot.app.renderables.lesson`. These sections step with the step
keys, and "next input" reorders §4's inputs or switches §8 to the longer
sequence.
"""

from __future__ import annotations

from itertools import permutations
from typing import Any

from rich.console import RenderableType

from chatbot.app.renderables import lesson as draw
from chatbot.app.screens.lesson.section import Section

# The lecture's order first, then its reordering [2,2], [1,1], [1,1], then the rest.
ORDERS: tuple[tuple[int, ...], ...] = ((1, 2, 3), (3, 1, 2)) + tuple(
    p for p in permutations((1, 2, 3)) if p not in ((1, 2, 3), (3, 1, 2))
)
# §5's widths, §4's, and the shipped taggers' (128 input features, 96 units).
WIDTHS: tuple[tuple[int, int], ...] = ((6, 3), (2, 2), (128, 96))


class ElmanSection(Section):
    TITLE = "§4 The all-ones RNN"
    SHORT = "All-ones RNN"
    EQUATION = """\
2 inputs, 2 hidden units, 2 outputs.
Every weight is 1, no bias, every
activation linear.

The hidden values are stored in memory
(start: 0) and fed back, with weight 1,
into every hidden unit at the next step:

  h_t = W_xh x_t + W_hh h_{t-1}
  y_t = W_hy h_t

Input sequence [1,1], [1,1], [2,2]:
hidden [2,2], [6,6], [16,16]
output [4,4], [12,12], [32,32]

Same input [1,1], different output:
the memory differs.

Order matters: [2,2], [1,1], [1,1] gives
hidden [4,4], [10,10], [22,22] and
output [8,8], [20,20], [44,44].

The same network (same weights) is used
at every time step; it is not three
networks.

→ feeds the next input; o reorders."""

    order_index = 0

    def arguments(self) -> Any:
        return ORDERS[self.order_index]

    def compute(self, arguments: Any) -> Any:
        from model.lesson import elman

        return elman(arguments)

    def count(self) -> int:
        return 3

    def cycle(self) -> bool:
        self.order_index = (self.order_index + 1) % len(ORDERS)
        self.recompute()
        return True

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.elman_view(data, step)


class MatrixSection(Section):
    TITLE = "§5 The RNN as matrices"
    SHORT = "Matrices"
    EQUATION = """\
h_t = relu(W · concat(x_t, h_{t-1}))
no bias, h_0 = 0.

W is 3x9: 3 outputs; 6 input features
+ 3 hidden.

X (3 steps x 6 features):
  t1 [0,1,0,1,0,1]
  t2 [0,2,1,3,0,0]
  t3 [1,1,2,1,0,0]
W rows:
  [1,1,0,1,0,1, 1,0,0]
  [0,0,0,0,1,1, 1,1,1]
  [2,1,1,1,2,3, 2,0,0]

Result: h1 = [3,1,5]; h2 = [8,9,12];
h3 = [11,29,22].

W splits into W_xh (3x6) and W_hh (3x3):
h_t = relu(W_xh x_t + W_hh h_{t-1}).

27 weights whatever the length; a
feedforward net on the flattened 3x6
input has 54, with 1000 steps 18,000."""

    def compute(self, arguments: Any) -> Any:
        from model.lesson import matrix

        return matrix()

    def count(self) -> int:
        return 3

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.matrix_view(data, step)


class LstmSection(Section):
    TITLE = "§8 The LSTM cell by hand"
    SHORT = "LSTM by hand"
    EQUATION = """\
Four inputs, one output: z (the value),
z_i, z_f, z_o (the gates' controls).
  c' = g(z) f(z_i) + c f(z_f)
  a  = h(c') f(z_o)
f is the sigmoid (0..1 = how open);
forget gate open = keep.

One cell, x = (x1, x2, x3), g and h
linear:
  z   = x1
  z_i = 100*x2 - 10
  z_f = 100*x2 + 10
  z_o = 100*x3 - 10
x2 = 1 writes x1 into memory,
x2 = -1 erases it, x3 = 1 reads it out.

(3,1,0) (4,1,0) (2,0,0) (1,0,1) (3,-1,0)
memory 3, 7, 7, 7, 0
output 0, 0, 0, 7, 0

Longer: x1 = 1 3 2 4 2 1 3 6 1
        x2 = 0 1 0 1 0 0 -1 1 0
        x3 = 0 0 0 0 0 1 0 0 1
memory 0 3 3 7 7 7 0 6 6
output 0 0 0 0 0 7 0 0 6

→ feeds the next input; o switches
to the other sequence."""

    sequence = "short"

    def arguments(self) -> Any:
        return self.sequence

    def compute(self, arguments: Any) -> Any:
        from model.lesson import lstm

        return lstm(arguments)

    def count(self) -> int:
        return len(self.data.steps) if self.data is not None else 0

    def cycle(self) -> bool:
        self.sequence = "long" if self.sequence == "short" else "short"
        self.recompute()
        return True

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.lstm_view(data, step)


class ParamsSection(Section):
    TITLE = "§7 §9 Parameters"
    SHORT = "Parameters"
    EQUATION = """\
LSTM: four inputs (z, z_i, z_f, z_o),
each with its own weights:
  i_t = σ(W_xi x_t + W_hi h_{t-1} + b_i)
  f_t = σ(W_xf x_t + W_hf h_{t-1} + b_f)
  o_t = σ(W_xo x_t + W_ho h_{t-1} + b_o)
  c_t = f_t*c_{t-1}
        + i_t*tanh(W_xc x_t
                   + W_hc h_{t-1} + b_c)
  h_t = o_t * tanh(c_t)
Hence an LSTM layer has 4x the
parameters of a simple RNN layer of
the same width.

GRU: two gates (update, reset), 3
weight sets instead of 4: 3/4 of an
LSTM of the same width. The lecture
rounds this to "a third fewer"; it is
a quarter fewer.

→ next widths: §5's (6, 3), §4's (2, 2),
the shipped taggers' (128, 96)."""

    def arguments(self) -> Any:
        return WIDTHS

    def compute(self, arguments: Any) -> Any:
        from model.lesson import params

        return [params(i, h) for i, h in arguments]

    def count(self) -> int:
        return len(WIDTHS) - 1

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.params_view(data[step])
