"""The lecture's worked examples, computed by the tagger's own cells.

Each example sets the weights the lecture gives on a real cell from
:mod:`model.cells` and calls its ``forward`` one step at a time, exactly as
the tagger does: the numbers a student checks by hand come out of the code
that tags their sentences.

- :func:`elman`: LECTURE §4, an Elman RNN with every weight 1.
- :func:`matrix`: LECTURE §5, the same idea as matrices, with relu.
- :func:`lstm`: LECTURE §8, one hand-set LSTM cell that writes, keeps,
  reads and erases a number.
- :func:`params`: LECTURE §5/§7/§9, parameter counts of real modules.

Every example is a frozen dataclass with the same face, :class:`Example`: a
``title``, a one-line ``caption`` quoting the lecture's point, table
``columns`` and ``rows()`` (strings, ready for any table widget) and
``to_json()`` (plain numbers). Nothing here knows about a UI.

Arithmetic is float64 so §8's six decimals are the lecture's and not float32's.

>>> [step.hidden for step in elman().steps]
[(2, 2), (6, 6), (16, 16)]
>>> [step.hidden for step in matrix().steps]
[(3, 1, 5), (8, 9, 12), (11, 29, 22)]
>>> [f"{step.memory:.6f}" for step in lstm().steps]
['3.000000', '7.000000', '6.999773', '6.999501', '0.000000']
>>> params().ratios
{'lstm/elman': 4.0, 'gru/elman': 3.0, 'gru/lstm': 0.75}
"""

from __future__ import annotations

from typing import Any, Protocol

from model.lesson.lstm import LstmExample, LstmStep, lstm
from model.lesson.params import CellCount, ParamsExample, params
from model.lesson.rnn import ElmanExample, ElmanStep, MatrixExample, MatrixStep, elman, matrix

__all__ = [
    "CellCount",
    "ElmanExample",
    "ElmanStep",
    "Example",
    "LstmExample",
    "LstmStep",
    "MatrixExample",
    "MatrixStep",
    "ParamsExample",
    "elman",
    "lstm",
    "matrix",
    "params",
]


class Example(Protocol):
    """What every worked example offers a table, a screen or a JSON dump."""

    @property
    def title(self) -> str: ...

    @property
    def caption(self) -> str: ...

    @property
    def columns(self) -> tuple[str, ...]: ...

    def rows(self) -> list[tuple[str, ...]]: ...

    def to_json(self) -> dict[str, Any]: ...
