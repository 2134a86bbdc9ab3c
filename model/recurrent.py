"""A recurrent layer: one cell per direction, run over whole sentences.

The same cell, with the same weights, is used at every time step: it is not T
networks (LECTURE §4). A bidirectional layer runs a second cell from right to
left and concatenates the two hidden states per token (§6).

Two ways to run it here, one set of weights:

- :meth:`RecurrentLayer.forward` is for training and batches
  (``Tagger.predict``). Elman, LSTM (without peephole) and GRU hand their
  parameters, untouched, to torch's fused kernels (``torch.rnn_tanh``,
  ``torch.lstm``, ``torch.gru``); Jordan, the peephole LSTM and FF step
  through the hand-written cells.
- :meth:`RecurrentLayer.trace` always steps through the hand-written cells
  and keeps every step. The tests check the two agree to 1e-5.

A third runs outside torch: ``Tagger.tag`` takes one sentence through the
layers' weights in numpy (:mod:`model.fastpath`), where torch's per-call
overhead would cost more than the sentence itself; only a peephole LSTM
tags through :meth:`RecurrentLayer.forward`.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from model.cells import Cell, JordanCell, make_cell

_FUSED = {"lstm": torch.lstm, "gru": torch.gru, "elman": torch.rnn_tanh}


class RecurrentLayer(nn.Module):
    """One layer of cells over a padded batch.

    Args:
        kind: The cell, one of ``model.cells.CELLS``.
        input_size: Width of each token's input vector.
        hidden_size: Units per direction.
        bidirectional: Add a right-to-left cell.
        peephole: LSTM only: let the gates see the cell state.
        outputs: Jordan only: the size of the fed-back output distribution.
        feedback: Jordan only: feed it back as ``"log"``-probabilities or
            as ``"prob"``-abilities (see :class:`model.cells.JordanCell`).
    """

    def __init__(
        self,
        kind: str,
        input_size: int,
        hidden_size: int,
        bidirectional: bool = False,
        peephole: bool = False,
        outputs: int = 0,
        feedback: str = "log",
    ) -> None:
        super().__init__()
        self.kind = kind
        directions = 2 if bidirectional else 1
        self.cells = nn.ModuleList(
            make_cell(kind, input_size, hidden_size, peephole=peephole, outputs=outputs, feedback=feedback)
            for _ in range(directions)
        )
        self.bidirectional = bidirectional
        self.output_size = hidden_size * directions
        self.fused = kind in _FUSED and not peephole

    def forward(self, x: Tensor, lengths: Tensor) -> tuple[Tensor, list[Tensor]]:
        """Run the layer over ``x``.

        Args:
            x: ``(batch, time, input)``, padded after each sentence's end.
            lengths: ``(batch,)`` tokens per sentence.

        Returns:
            The hidden states ``(batch, time, hidden * directions)`` and, for
            Jordan cells, each direction's output logits ``(batch, time,
            outputs)`` (empty for the others).
        """
        if self.fused:
            return self._fused(x, lengths), []
        if self.kind == "ff":  # no memory, so every token at once
            return self.cells[0](x, None).h, []
        outs, logits = [], []
        for direction, cell in enumerate(self.cells):
            order = _reverse_index(lengths, x.shape[1]) if direction else None
            xs = x if order is None else x.gather(1, order.unsqueeze(-1).expand_as(x))
            h, aux = _unroll(cell, xs)
            if order is not None:  # back to left-to-right order
                h = h.gather(1, order.unsqueeze(-1).expand_as(h))
                aux = [a.gather(1, order.unsqueeze(-1).expand_as(a)) for a in aux]
            outs.append(h)
            logits.extend(aux)
        return torch.cat(outs, dim=-1), logits

    def _fused(self, x: Tensor, lengths: Tensor) -> Tensor:
        run = _FUSED[self.kind]
        hidden = self.cells[0].hidden_size
        weights = [w for cell in self.cells for w in (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)]
        batch = x.shape[0]
        h0 = x.new_zeros(len(self.cells), batch, hidden)
        hx = (h0, h0) if self.kind == "lstm" else h0
        if batch == 1 or not self.bidirectional:
            # Padding sits after each sentence, so a left-to-right pass never sees it early.
            return run(x, hx, weights, True, 1, 0.0, self.training, self.bidirectional, True)[0]
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        data = run(packed.data, packed.batch_sizes, hx, weights, True, 1, 0.0, self.training, True)[0]
        out = packed._replace(data=data)
        return pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])[0]

    @torch.no_grad()
    def trace(self, x: Tensor) -> list[Unrolled]:
        """Every step of every direction for one sentence.

        Args:
            x: ``(time, input)``, one unpadded sentence.

        Returns:
            Per direction, the stacked states in the sentence's own order
            (the backward direction is turned back round, so row t is token t).
        """
        traces = []
        for direction, cell in enumerate(self.cells):
            unrolled = _steps(cell, x.flip(0) if direction else x)
            if direction:
                unrolled = Unrolled(unrolled.h.flip(0), {k: v.flip(0) for k, v in unrolled.gates.items()})
            traces.append(unrolled)
        return traces


class Unrolled(NamedTuple):
    """One direction of a layer over one sentence, a row per token."""

    h: Tensor  # (time, hidden)
    gates: dict[str, Tensor]  # name -> (time, hidden); LSTM's "c" is here too


def _steps(cell: Cell, x: Tensor) -> Unrolled:
    """Unroll ``cell`` over one sentence ``(time, input)``, keeping each step."""
    state = cell.initial_state(1)
    hs: list[Tensor] = []
    gates: dict[str, list[Tensor]] = {}
    for x_t in x.unsqueeze(1):  # (1, input) per step
        step = cell(x_t, state)
        state = step.state
        hs.append(step.h)
        for name, value in step.gates.items():
            gates.setdefault(name, []).append(value)
    return Unrolled(torch.cat(hs), {k: torch.cat(v) for k, v in gates.items()})


def _unroll(cell: Cell, x: Tensor) -> tuple[Tensor, list[Tensor]]:
    """Unroll ``cell`` over a batch ``(batch, time, input)``; keep h (and Jordan logits)."""
    state = cell.initial_state(x.shape[0])
    hs, logits = [], []
    for t in range(x.shape[1]):
        step = cell(x[:, t], state)
        state = step.state
        hs.append(step.h)
        if isinstance(cell, JordanCell):
            logits.append(step.gates["logits"])
    return torch.stack(hs, dim=1), ([torch.stack(logits, dim=1)] if logits else [])


def _reverse_index(lengths: Tensor, width: int) -> Tensor:
    """Per sentence, the index that reverses its tokens and leaves padding be.

    >>> _reverse_index(torch.tensor([3, 1]), 3).tolist()
    [[2, 1, 0], [0, 1, 2]]
    """
    t = torch.arange(width).unsqueeze(0)  # (1, time)
    n = lengths.unsqueeze(1)  # (batch, 1)
    return torch.where(t < n, n - 1 - t, t)
