"""The network in numpy, for one sentence at a time: the path ``Tagger.tag`` takes.

The chat tags one short sentence at a time, and at a batch of one torch's
per-call overhead costs more than the sentence: ``torch.lstm`` sets up its
kernel and reorders the weights on every call, and each small op around it
(the lookahead concatenation, dropout that does nothing in eval, the output
layers, two softmaxes) adds microseconds. Here the same weights run as a
plain loop over preallocated buffers, and the first layer's input is
remembered per word (see :class:`FastPath`).

Three paths, one set of weights:

- ``Tagger.tag`` and ``tag_tokens`` run this module for every network but
  one with a peephole LSTM: a loop per cell for LSTM, GRU, Elman and Jordan
  (which feeds back its own output distribution), and none for FF, whose
  tokens are all computed at once. Every shipped model takes this path; a
  peephole LSTM (gates that read ``c``) tags through the torch modules.
- ``Tagger.predict`` (many sentences at once) runs torch's fused kernels,
  and the hand-written cells for Jordan, peephole and FF layers.
- ``Tagger.trace`` steps through the hand-written cells of :mod:`model.cells`
  and keeps every state.

The tests check that all three give the same labels and, to 1e-5, the same
probabilities. Weights keep torch's layout (LSTM gates i, f, g, o; GRU r, z,
n with ``b_hn`` inside ``r * (...)``) until :class:`FastPath` is built, which
reorders them once for the loops below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from model.network import SlotTagger

# The per-word memo holds at most this many words, and at most this many
# bytes: a word of the shipped LSTM, which reads one word ahead, takes 3 KB.
MAX_WORDS = 50_000
MAX_BYTES = 64 * 2**20
# exp of a float32 overflows above about 88, and falls to 0 below about -103.
# Every cell here outputs h in [-1, 1], so a score ``h @ W + b`` never passes
# the sum of its column's magnitudes and its bias. Where that bound is under
# this for every column, a softmax needs no shift by the row's largest score
# (see :func:`_bounded`): numpy calls fewer, three for the output heads and
# two per Jordan step.
SAFE_EXP = 80.0


class FastPath:
    """One sentence's label (and hindsight) probabilities, computed in numpy.

    The first layer reads, at token t, the vectors of words t to
    t + lookahead. Its input projection ``W_ih x_t`` is linear in them, so
    each word's share (its vector times each lookahead block of ``W_ih``)
    is computed once and remembered: a sentence's first-layer inputs are
    then a sum of shifted rows, with no matrix product.

    The weights are copied when it is built. :meth:`stale` says when the
    network's parameters have since changed in place (an optimiser step,
    ``load_state_dict``), and the tagger then builds a new one.

    Args:
        network: A network for which :meth:`supports` is true, in eval mode
            (no dropout is applied).
    """

    def __init__(self, network: SlotTagger) -> None:
        if not self.supports(network):
            raise ValueError("the fast path runs every layer but the peephole LSTM")
        self.encoder = network.encoder
        self.lookahead = network.config.lookahead
        self._network = network
        self._versions = network.weights_version()
        self._layers = [_Layer(network.config.cell, layer.cells) for layer in network.layers]
        heads = [m for m in (network.hidden2tag, network.hidden2type) if m is not None]
        self._w_out = np.concatenate([_numpy(m.weight) for m in heads]).T.copy()  # (hidden * dirs, labels [+ types])
        self._b_out = np.concatenate([_numpy(m.bias) for m in heads])
        self._labels = len(network.config.labels)
        self._hindsight = network.hidden2type is not None
        self._shift = not _bounded(self._w_out, self._b_out)
        # Each head's columns, a softmax of their own: where they begin, how many.
        widths = [w for w in (self._labels, len(self._b_out) - self._labels) if w]
        self._heads = (np.cumsum([0, *widths[:-1]]), widths)
        # The first layer's W_ih by lookahead block: (lookahead + 1, features, gates * hidden * directions).
        first = self._layers[0].w_ih
        self._w_words = first.reshape(self.lookahead + 1, -1, first.shape[1])
        self._spans = network.encoder.place_spans
        self._words: dict[Hashable, np.ndarray] = {}
        self._max_words = max(1, min(MAX_WORDS, MAX_BYTES // self._w_words[:, 0].nbytes))

    @staticmethod
    def supports(network: SlotTagger) -> bool:
        """Whether the loops here run every layer of ``network``: LSTM, GRU,
        Elman, Jordan and FF layers they do; an LSTM with a peephole, whose
        gates also read the cell state ``c``, they do not (it tags through torch)."""
        return all(layer.kind in _UNROLL and not getattr(layer.cells[0], "peephole", False) for layer in network.layers)

    def stale(self) -> bool:
        """Whether any of the network's parameters changed in place since this was built."""
        return self._network.weights_version() != self._versions

    def probabilities(self, words: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """What ``network.forward_vectors(...).probabilities()`` gives in eval, for one sentence.

        Args:
            words: The sentence's tokens, at least one.

        Returns:
            The label probabilities ``(time, labels)`` and, with hindsight,
            the type probabilities ``(time, types)`` (else ``None``).
        """
        h = self._layers[0].run(self._first_inputs(words))
        for layer in self._layers[1:]:
            h = layer.run(layer.project(h))
        scores = h @ self._w_out  # (time, labels [+ types])
        scores += self._b_out
        _softmax(scores, *self._heads, self._shift)
        return scores[:, : self._labels], scores[:, self._labels :] if self._hindsight else None

    def _first_inputs(self, words: list[str]) -> np.ndarray:
        """The first layer's input projections, biases included, ``(time, gates * hidden * directions)``."""
        memo = self._words
        if len(memo) > self._max_words:  # bounded memory for long sessions
            memo = self._words = {}  # a new dict: a sentence another thread is reading keeps the old one
        # With place spans a word's place row depends on its neighbours ("Sad"
        # in "Novi Sad"), so it is part of the key; else the word alone is.
        keys: Sequence[Hashable] = list(zip(words, self.encoder.places(words))) if self._spans else words
        missing = [k for k in keys if k not in memo]
        if missing:
            missing = list(dict.fromkeys(missing))
            memo.update(zip(missing, self._shares(missing)))
        n, ahead = len(words), self.lookahead + 1
        shares = np.concatenate([memo[k] for k in keys]).reshape(n, ahead, -1)  # (time, ahead, gates ...)
        x = shares[:, 0]  # a view of a fresh array, so it can be added to in place
        for k in range(1, min(ahead, n)):  # token t reads word t + k's block k; zeros past the end
            x[: n - k] += shares[k:, k]
        return x

    def _shares(self, keys: Sequence[Hashable]) -> np.ndarray:
        """Each word's vector (a memo key's) times each lookahead block of the first ``W_ih``
        (block 0 with the biases added), ``(words, lookahead + 1, gates * hidden * directions)``."""
        if self._spans:  # (word, place row) keys: the rows as given
            words, places = [w for w, _ in keys], [[p for _, p in keys]]
        else:  # words: each word's row from the word alone
            words, places = keys, None
        with torch.inference_mode():
            vectors = _numpy(self.encoder(self.encoder.batch([words], places))[0])  # (words, features)
        shares = (vectors @ self._w_words).transpose(1, 0, 2).copy()
        shares[:, 0] += self._layers[0].b_ih
        return shares


@dataclass(frozen=True)
class _Recurrent:
    """One direction's recurrent weights, as the loops below read them (never written to)."""

    w_hh: np.ndarray  # (fed back, gates * hidden): W_hh, Jordan's W_yh, FF's none; sigmoid gates' columns halved
    b_hn: np.ndarray  # GRU's b_hn (hidden,); empty for the others
    half: np.ndarray  # 0.5 per sigmoid gate unit: sigmoid(a) = 0.5 + 0.5 * tanh(a / 2)
    w_hy: np.ndarray  # Jordan's own output layer (hidden, outputs); empty for the others
    b_hy: np.ndarray  # its bias (outputs,); empty for the others
    log: bool  # Jordan feeds its output back as log-probabilities (else as probabilities)
    shift: bool  # Jordan's output scores may pass SAFE_EXP: shift them by the largest before exp


# One direction's loop: the input projections (time, gates * hidden) in
# reading order, its weights, and the rows (time, hidden) to write h_t into
# (views: the second direction's are the layer's rows reversed).
Unroll = Callable[[np.ndarray, _Recurrent, np.ndarray], None]


class _Layer:
    """One layer's weights, rearranged for its loop (:func:`_lstm`, :func:`_gru`,
    :func:`_elman`, :func:`_jordan`, or :func:`_ff`, which has none).

    Both directions' input weights side by side: ``w_ih`` is ``(input,
    gates * hidden * directions)``, and ``b_ih`` is added to its product
    together with ``b_hh`` (but for GRU's ``b_hn``, which stays inside
    ``r * (...)``; FF has no ``b_hh``). Sigmoid gates' rows are halved, because
    ``sigmoid(a) = (1 + tanh(a / 2)) / 2`` lets one ``tanh`` cover every gate.
    """

    def __init__(self, kind: str, cells: torch.nn.ModuleList) -> None:
        self.hidden = cells[0].hidden_size
        self.step: Unroll = _UNROLL[kind]
        rows, halved, inside = _layout(kind, self.hidden)
        scale = np.where(np.arange(len(rows)) < halved, 0.5, 1.0).astype(np.float32)  # exact: a power of two
        w_ih: list[np.ndarray] = []
        b_ih: list[np.ndarray] = []
        self.recurrent: list[_Recurrent] = []  # per direction
        for cell in cells:
            weight_hh, bias_hh = _fed_back(kind, cell)
            b_hh = bias_hh[rows] * scale
            w_ih.append(_numpy(cell.weight_ih)[rows] * scale[:, None])
            b_ih.append(_numpy(cell.bias_ih)[rows] * scale + np.where(np.arange(len(rows)) < inside, b_hh, 0))
            w_hh = (weight_hh[rows] * scale[:, None]).T.copy()
            if kind == "jordan":
                w_hy, b_hy = _numpy(cell.weight_hy).T.copy(), _numpy(cell.bias_hy)
            else:
                w_hy = b_hy = b_hh[:0]  # no output layer of its own
            log = kind == "jordan" and cell.feedback == "log"
            shift = not _bounded(w_hy, b_hy)
            self.recurrent.append(_Recurrent(w_hh, b_hh[inside:], scale[:halved], w_hy, b_hy, log, shift))
        self.w_ih = np.concatenate(w_ih).T.copy()
        self.b_ih = np.concatenate(b_ih)

    def project(self, h: np.ndarray) -> np.ndarray:
        """The previous layer's states ``(time, input)`` times ``W_ih``, plus the biases."""
        x = h @ self.w_ih
        x += self.b_ih
        return x

    def run(self, x: np.ndarray) -> np.ndarray:
        """The hidden states ``(time, hidden * directions)`` from the input projections ``x``."""
        hidden, directions = self.hidden, len(self.recurrent)
        width = x.shape[1] // directions
        h = np.empty((x.shape[0], hidden * directions), dtype=x.dtype)
        for d, weights in enumerate(self.recurrent):
            xs, hs = x[:, d * width : (d + 1) * width], h[:, d * hidden : (d + 1) * hidden]
            if d:  # row views in reading order: the second direction reads right to left
                xs, hs = xs[::-1], hs[::-1]
            self.step(xs, weights, hs)
        return h


def _layout(kind: str, hidden: int) -> tuple[np.ndarray, int, int]:
    """Torch's gate rows in the order the loop wants, how many leading rows
    are sigmoid gates (halved), and where the rows whose ``b_hh`` stays
    inside a product begin (GRU's n; the end for the others)."""
    if kind == "lstm":  # torch's i f g o -> i f o g: the sigmoids together, g beside c
        return np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden], 3 * hidden, 4 * hidden
    if kind == "gru":  # r z n as torch has them
        return np.arange(3 * hidden), 2 * hidden, 2 * hidden
    return np.arange(hidden), 0, hidden  # elman, jordan, ff: one tanh, no gates


def _fed_back(kind: str, cell: torch.nn.Module) -> tuple[np.ndarray, np.ndarray]:
    """The weights on what a cell feeds back, in torch's layout ``(gates * hidden,
    fed back)``, and the bias beside them: ``W_hh`` and ``b_hh`` on ``h``;
    Jordan's ``W_yh`` and ``b_hh`` on its output ``y``; for FF, which feeds
    nothing back, no columns and a zero bias."""
    if kind == "ff":
        bias = np.zeros_like(_numpy(cell.bias_ih))
        return np.zeros((len(bias), 0), dtype=bias.dtype), bias
    return _numpy(cell.weight_yh if kind == "jordan" else cell.weight_hh), _numpy(cell.bias_hh)


# The loops below run a dozen numpy calls per word on vectors of a few
# hundred floats, where the call is most of the cost: ``out`` is passed
# positionally and constants are arrays, which numpy parses fastest.


def _lstm(xs: np.ndarray, weights: _Recurrent, hs: np.ndarray) -> None:
    """Unroll an LSTM: each row of ``xs`` holds ``W_ih x_t + b_ih + b_hh``, gates
    i f o g (i f o halved); each ``h_t`` is written into the matching row of ``hs``."""
    w_hh, half = weights.w_hh, weights.half
    n = w_hh.shape[0]
    dot, add, mul, tanh = np.dot, np.add, np.multiply, np.tanh
    buf = np.zeros(5 * n, dtype=w_hh.dtype)  # i f o g c: [i f] * [g c] is one product
    z, sig, o, c = buf[: 4 * n], buf[: 3 * n], buf[2 * n : 3 * n], buf[4 * n :]
    i_f, g_c = buf[: 2 * n], buf[3 * n :]
    prod, tanh_c = np.empty(2 * n, dtype=w_hh.dtype), np.empty(n, dtype=w_hh.dtype)
    ig, fc = prod[:n], prod[n:]
    h = np.zeros(n, dtype=w_hh.dtype)
    for x_t, h_t in zip(xs, hs):
        dot(h, w_hh, z)
        add(z, x_t, z)  # (4 * hidden) pre-activations
        tanh(z, z)
        mul(sig, half, sig)  # i f o = sigmoid(a) = (1 + tanh(a / 2)) / 2
        add(sig, half, sig)
        mul(i_f, g_c, prod)  # i * g, f * c
        add(ig, fc, c)  # c_t = f * c + i * g
        tanh(c, tanh_c)
        mul(o, tanh_c, h_t)  # h_t = o * tanh(c_t)
        h = h_t


def _gru(xs: np.ndarray, weights: _Recurrent, hs: np.ndarray) -> None:
    """Unroll a GRU: each row of ``xs`` holds ``W_ih x_t + b_ih`` plus ``b_hr, b_hz``
    (r z halved); ``b_hn`` stays inside ``r * (W_hn h + b_hn)``."""
    w_hh, b_hn, half = weights.w_hh, weights.b_hn, weights.half
    n = w_hh.shape[0]
    dot, add, sub, mul, tanh = np.dot, np.add, np.subtract, np.multiply, np.tanh
    gh = np.empty(3 * n, dtype=w_hh.dtype)
    rz, r, z, hn = gh[: 2 * n], gh[:n], gh[n : 2 * n], gh[2 * n :]
    diff = np.empty(n, dtype=w_hh.dtype)
    h = np.zeros(n, dtype=w_hh.dtype)
    for x_t, h_t in zip(xs, hs):
        dot(h, w_hh, gh)
        add(rz, x_t[: 2 * n], rz)
        tanh(rz, rz)
        mul(rz, half, rz)  # r z = sigmoid(a) = (1 + tanh(a / 2)) / 2
        add(rz, half, rz)
        add(hn, b_hn, hn)
        mul(hn, r, hn)
        add(hn, x_t[2 * n :], hn)
        tanh(hn, hn)  # n_t = tanh(W_in x_t + b_in + r * (W_hn h + b_hn))
        sub(h, hn, diff)
        mul(diff, z, diff)
        add(hn, diff, h_t)  # h_t = (1 - z) * n + z * h = n + z * (h - n)
        h = h_t


def _elman(xs: np.ndarray, weights: _Recurrent, hs: np.ndarray) -> None:
    """Unroll an Elman RNN: each row of ``xs`` holds ``W_ih x_t + b_ih + b_hh``."""
    w_hh = weights.w_hh
    a = np.empty(w_hh.shape[1], dtype=w_hh.dtype)
    h = np.zeros(w_hh.shape[0], dtype=w_hh.dtype)
    for x_t, h_t in zip(xs, hs):
        np.dot(h, w_hh, a)
        np.add(a, x_t, a)
        np.tanh(a, h_t)  # h_t = tanh(W_ih x_t + b_ih + W_hh h + b_hh)
        h = h_t


def _jordan(xs: np.ndarray, weights: _Recurrent, hs: np.ndarray) -> None:
    """Unroll a Jordan RNN: each row of ``xs`` holds ``W_ih x_t + b_ih + b_hh``; what
    is fed back is the cell's own output distribution ``y`` (zeros at first), not h."""
    w_yh, w_hy, b_hy, log, shift = weights.w_hh, weights.w_hy, weights.b_hy, weights.log, weights.shift
    dot, add, sub, exp, tanh = np.dot, np.add, np.subtract, np.exp, np.tanh
    top, total, ln = np.maximum.reduce, np.add.reduce, math.log
    a = np.empty(w_yh.shape[1], dtype=w_yh.dtype)
    logits, e = np.empty(w_hy.shape[1], dtype=w_yh.dtype), np.empty(w_hy.shape[1], dtype=w_yh.dtype)
    y = np.zeros(w_yh.shape[0], dtype=w_yh.dtype)
    for x_t, h_t in zip(xs, hs):
        dot(y, w_yh, a)
        add(a, x_t, a)
        tanh(a, h_t)  # h_t = tanh(W_ih x_t + b_ih + W_yh y + b_hh)
        dot(h_t, w_hy, logits)
        add(logits, b_hy, logits)  # W_hy h_t + b_hy
        if shift:  # by the largest, as torch does, where exp could overflow (see SAFE_EXP)
            sub(logits, top(logits), logits)
        exp(logits, e)
        if log:
            sub(logits, ln(total(e)), y)  # y_t = log_softmax(logits)
        else:
            np.divide(e, total(e), y)  # y_t = softmax(logits)


def _ff(xs: np.ndarray, weights: _Recurrent, hs: np.ndarray) -> None:
    """FF has no memory, so no loop: ``h_t = tanh(W_ih x_t + b_ih)`` for every token at once."""
    np.tanh(xs, hs)


_UNROLL: dict[str, Unroll] = {"lstm": _lstm, "gru": _gru, "elman": _elman, "jordan": _jordan, "ff": _ff}


def _softmax(scores: np.ndarray, starts: np.ndarray, widths: list[int], shift: bool = True) -> None:
    """Softmax over each group of columns, in place: ``widths[k]`` columns from
    ``starts[k]``, one group per output head, all heads in the same few calls.
    With ``shift`` each group's largest score is subtracted first, as torch
    does; without, the caller knows exp can neither overflow nor fall to 0
    (:func:`_bounded`)."""
    if shift:
        scores -= np.repeat(np.maximum.reduceat(scores, starts, axis=1), widths, axis=1)
    np.exp(scores, scores)
    scores /= np.repeat(np.add.reduceat(scores, starts, axis=1), widths, axis=1)


def _bounded(weight: np.ndarray, bias: np.ndarray) -> bool:
    """Whether every score ``h @ weight + bias``, for any ``h`` in [-1, 1], lies within ``SAFE_EXP``."""
    return bool((np.abs(weight).sum(0) + np.abs(bias)).max(initial=0.0) < SAFE_EXP)


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy()
