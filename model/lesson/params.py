"""LECTURE §5, §7, §9: parameter counts of real modules, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from torch import nn

from model.cells import ElmanCell, FeedForwardCell, GRUCell, JordanCell, LSTMCell
from model.lesson.common import count

# LECTURE §5, §7, §9 -----------------------------------------------------------


@dataclass(frozen=True)
class CellCount:
    """The parameters of one layer of a cell kind.

    Attributes:
        kind: ``"elman"``, ``"lstm"``, ...
        name: What the lecture calls it.
        parameters: Counted on our cell from :mod:`model.cells`.
        torch_parameters: Counted on torch's own cell, where torch has one.
        formula: The count in terms of I (input), H (hidden), O (outputs).
    """

    kind: str
    name: str
    parameters: int
    torch_parameters: int | None
    formula: str


@dataclass(frozen=True)
class ParamsExample:
    """Parameter counts of one layer of each cell, for one input and hidden width."""

    input_size: int
    hidden_size: int
    cells: tuple[CellCount, ...]

    title: ClassVar[str] = "LECTURE §5/§7/§9: parameters of one layer, counted on the real modules"
    columns: ClassVar[tuple[str, ...]] = ("cell", "parameters", "torch.nn", "x Elman", "formula")

    def count(self, kind: str) -> int:
        """The parameter count of ``kind`` (KeyError if it is not listed)."""
        return {c.kind: c.parameters for c in self.cells}[kind]

    @property
    def ratios(self) -> dict[str, float]:
        """LSTM and GRU against an Elman layer, and GRU against LSTM."""
        elman_, lstm_, gru_ = self.count("elman"), self.count("lstm"), self.count("gru")
        return {"lstm/elman": lstm_ / elman_, "gru/elman": gru_ / elman_, "gru/lstm": gru_ / lstm_}

    @property
    def caption(self) -> str:
        r, share = self.ratios, Fraction(self.count("gru"), self.count("lstm"))
        return (
            f"An LSTM layer has {r['lstm/elman']:g}x an Elman layer's parameters, a GRU {r['gru/elman']:g}x: "
            f'a GRU has {share} of an LSTM\'s, a quarter fewer (the lecture rounds it to "a third fewer").'
        )

    def rows(self) -> list[tuple[str, ...]]:
        elman_ = self.count("elman")
        return [
            (
                c.name,
                f"{c.parameters:,}",
                "-" if c.torch_parameters is None else f"{c.torch_parameters:,}",
                f"{c.parameters / elman_:.2f}",
                c.formula,
            )
            for c in self.cells
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "cells": {c.kind: c.parameters for c in self.cells},
            "ratios": self.ratios,
        }


def params(input_size: int = 6, hidden_size: int = 3) -> ParamsExample:
    """Count one layer's parameters on real modules, ours and torch's.

    The defaults are §5's widths (6 input features, 3 hidden units). Every
    cell has biases, as the tagger's do; the Jordan cell is counted with as
    many outputs as hidden units, and includes the output layer it owns.

    Args:
        input_size: I, the width of each step's input.
        hidden_size: H, units in the layer.

    Returns:
        One :class:`CellCount` per cell kind: FF, Elman, Jordan, LSTM, GRU.

    Raises:
        ValueError: A size is not a positive whole number.
    """
    for what, size in (("input size", input_size), ("hidden size", hidden_size)):
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"{what} must be a positive whole number (got {size!r})")
    i, h = input_size, hidden_size
    built: list[tuple[str, str, nn.Module, nn.Module | None, str]] = [
        ("ff", "FF (no memory)", FeedForwardCell(i, h), None, "H(I+1)"),
        ("elman", "Elman", ElmanCell(i, h), nn.RNNCell(i, h), "H(I+H+2)"),
        ("jordan", "Jordan (O = H)", JordanCell(i, h, h), None, "H(I+O+2) + O(H+1)"),
        ("lstm", "LSTM", LSTMCell(i, h), nn.LSTMCell(i, h), "4H(I+H+2)"),
        ("gru", "GRU", GRUCell(i, h), nn.GRUCell(i, h), "3H(I+H+2)"),
    ]
    cells = tuple(
        CellCount(kind, name, count(ours), None if theirs is None else count(theirs), formula)
        for kind, name, ours, theirs, formula in built
    )
    return ParamsExample(input_size, hidden_size, cells)
