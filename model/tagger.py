"""The tagger users call: text in, a slot label per token and slots out.

>>> from model import load_tagger                      # doctest: +SKIP
>>> tagger = load_tagger("lstm")                       # doctest: +SKIP
>>> tagger.tag("leave Taipei on November 2nd").slots   # doctest: +SKIP
(Slot(type='departure', text='Taipei', ...), Slot(type='time', text='November 2nd', ...))

Three paths run the same weights and label alike. ``tag`` takes one
sentence through a numpy copy of the network (:mod:`model.fastpath`) for
every cell but the peephole LSTM, which it runs through the torch modules;
``predict`` takes batches through torch's fused kernels;
``trace`` steps through the hand-written cells and keeps every state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import torch

from model.config import TaggerConfig
from model.conll import bio_to_spans
from model.encoding import TokenEncoding
from model.fastpath import FastPath
from model.gazetteer import Gazetteer
from model.network import SlotTagger
from model.readout import SpanReader
from model.tokenizer import Token, tokenize, tokens_from_words, word_starts

# Longer input is tagged in windows of this many tokens, each with a fresh
# memory: the cost of one pass stays bounded whatever a user pastes.
MAX_TOKENS = 512


class TaggedToken(NamedTuple):
    """A token with its predicted label and that label's probability.

    ``outside`` is the probability of ``O``: ``1 - outside`` is how sure the
    tagger is that the token is in some slot, whichever type it picked.

    A named tuple, as the standard library's ``tokenize.TokenInfo`` is: one
    is made per word tagged, and it is the quickest immutable record to make.
    """

    text: str
    start: int
    end: int
    label: str
    prob: float
    outside: float


@dataclass(frozen=True, slots=True)
class Slot:
    """A filled slot: a span of tokens of one type.

    Attributes:
        type: ``departure``, ``destination``, ``time`` (or the data's types).
        text: The characters the user typed for it.
        start: Offset of its first character.
        end: Offset one past its last character.
        prob: The least confident of its tokens' label probabilities.
    """

    type: str
    text: str
    start: int
    end: int
    prob: float


@dataclass(frozen=True)
class Tagging:
    """The answer to ``tag``: every token labelled, and the slots found."""

    text: str
    tokens: tuple[TaggedToken, ...]
    slots: tuple[Slot, ...]
    windows: int = 1  # how many MAX_TOKENS windows the text needed

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.tokens]

    def to_json(self) -> dict[str, Any]:
        slots: dict[str, list[dict[str, Any]]] = {}
        for slot in self.slots:
            slots.setdefault(slot.type, []).append({"text": slot.text, "start": slot.start, "end": slot.end})
        return {
            "text": self.text,
            "tokens": [
                {"text": t.text, "start": t.start, "end": t.end, "label": t.label, "prob": round(t.prob, 6)}
                for t in self.tokens
            ],
            "slots": slots,
        }


@dataclass(frozen=True, eq=False)
class CellTrace:
    """What one layer and direction stored at one token.

    Attributes:
        layer: 0 for the layer next to the input.
        direction: ``"forward"`` (left to right) or ``"backward"``.
        h: The hidden state after this token, ``(hidden,)``.
        c: The LSTM cell state after this token (``None`` for other cells).
        gates: The cell's gates at this token: LSTM ``i f g o``, GRU ``r z n``,
            Jordan ``y`` (the output distribution it feeds back).
    """

    layer: int
    direction: str
    h: np.ndarray
    c: np.ndarray | None
    gates: dict[str, np.ndarray]


@dataclass(frozen=True, eq=False)
class TokenTrace:
    """Everything the network did with one token."""

    token: TaggedToken
    encoding: TokenEncoding
    states: tuple[CellTrace, ...]  # per layer, forward then backward
    probs: np.ndarray  # (num_labels,) in ``Trace.labels`` order
    # With hindsight: what the memory now makes of the last slot read so
    # far, (types,) in ``config.span_types`` order; else None.
    hindsight: np.ndarray | None = None
    typed_at: int = -1  # the token whose output chose this token's slot type (see model.readout)


@dataclass(frozen=True, eq=False)
class Trace:
    """The answer to ``trace``: a :class:`TokenTrace` per token."""

    text: str
    labels: tuple[str, ...]
    config: TaggerConfig
    tokens: tuple[TokenTrace, ...]

    def tagging(self) -> Tagging:
        tagged = [t.token for t in self.tokens]
        windows = max(1, -(-len(tagged) // MAX_TOKENS))
        return Tagging(self.text, tuple(tagged), _slots(self.text, tagged), windows)

    def to_json(self) -> dict[str, Any]:
        def floats(a: np.ndarray) -> list[float]:
            return [round(float(v), 6) for v in a]

        return {
            "text": self.text,
            "labels": list(self.labels),
            "config": self.config.to_dict(),
            "tokens": [
                {
                    "text": t.token.text,
                    "start": t.token.start,
                    "end": t.token.end,
                    "label": t.token.label,
                    "prob": round(t.token.prob, 6),
                    "encoding": {
                        "vocab_index": t.encoding.vocab_index,
                        "vocab_entry": t.encoding.vocab_entry,
                        "trigrams": list(t.encoding.trigrams),
                        "shape": t.encoding.shape,
                        "place": t.encoding.place,
                    },
                    "probs": dict(zip(self.labels, floats(t.probs))),
                    **(
                        {"hindsight": dict(zip(self.config.span_types, floats(t.hindsight)))}
                        if t.hindsight is not None
                        else {}
                    ),
                    "states": [
                        {
                            "layer": s.layer,
                            "direction": s.direction,
                            "h": floats(s.h),
                            "c": None if s.c is None else floats(s.c),
                            "gates": {k: floats(v) for k, v in s.gates.items()},
                        }
                        for s in t.states
                    ],
                }
                for t in self.tokens
            ],
        }


class Tagger:
    """A trained network with its vocabulary, ready to tag text.

    Args:
        network: The trained :class:`~model.network.SlotTagger`.
        name: What to call it (``"lstm"`` or the model's directory).
        card: Facts recorded at training time (scores, training seconds).
    """

    def __init__(self, network: SlotTagger, name: str = "tagger", card: dict[str, Any] | None = None) -> None:
        self.network = network.eval()
        self.name = name
        self.card = card or {}
        self.config: TaggerConfig = network.config
        self.labels: tuple[str, ...] = network.config.labels
        self._outside = self.labels.index("O")  # TaggerConfig makes sure there is one
        self._reader = SpanReader(self.labels)
        # tag's numpy path (model.fastpath), for the networks it can run: built
        # on first use, and again whenever the weights have changed since.
        self._can_run_fast = FastPath.supports(network)
        self._fast: FastPath | None = None
        # The last trace's windows by their tokens, and the weights they were
        # traced with: typing at the end of a long text re-traces one window.
        self._traced: tuple[list[int], dict[tuple[tuple[str, int], ...], list[TokenTrace]]] = ([], {})

    @property
    def parameter_count(self) -> int:
        return self.network.parameter_count()

    def tag(self, text: str) -> Tagging:
        """Tokenize ``text`` with spaCy and label every token."""
        tokens = tokenize(text)
        return self._tag(text, [t.text for t in tokens], [t.start for t in tokens])

    def tag_tokens(self, words: Sequence[str]) -> Tagging:
        """Label text that is already split into words (offsets as if space-joined)."""
        words = list(words)
        return self._tag(" ".join(words), words, word_starts(words))

    def predict(self, sentences: Sequence[Sequence[str]], batch_size: int = 256) -> list[list[str]]:
        """Labels for many pre-split sentences at once (evaluation, training)."""
        out: list[list[str]] = [[] for _ in sentences]
        # Similar lengths together, so batches carry little padding.
        fits = sorted((i for i, s in enumerate(sentences) if 0 < len(s) <= MAX_TOKENS), key=lambda i: len(sentences[i]))
        for k in range(0, len(fits), batch_size):
            chunk = fits[k : k + batch_size]
            with torch.inference_mode():
                probs, after = self.network(self.network.encoder.batch([sentences[i] for i in chunk])).probabilities()
            for i, row, back in zip(chunk, probs, after if after is not None else [None] * len(chunk)):
                n, names = len(sentences[i]), self.network.encoder.names(sentences[i])
                best = self._reader.read(row[:n], None if back is None else back[:n], names)
                out[i] = [self.labels[j] for j in best]
        for i, sentence in enumerate(sentences):
            if len(sentence) > MAX_TOKENS:
                out[i] = self.tag_tokens(sentence).labels
        return out

    def _tag(self, text: str, words: list[str], starts: list[int]) -> Tagging:
        """Label ``words``, which begin at ``starts`` in ``text`` and end ``len(word)`` later."""
        tagged: list[TaggedToken] = []
        slots: list[Slot] = []
        labels, outside = self.labels, self._outside
        fast = self._fast_path()
        for first in range(0, len(words), MAX_TOKENS):
            window = words[first : first + MAX_TOKENS]
            probs, after = fast.probabilities(window) if fast is not None else self._torch_probabilities(window)
            best, spans = self._reader.read_spans(probs, after, self.network.encoder.names(window))
            read = [
                TaggedToken(word, start, start + len(word), labels[j], row[j], row[outside])
                for word, start, j, row in zip(window, starts[first:], best, probs.tolist())
            ]
            slots += [_slot(text, read[start:end]) for start, end in spans]
            tagged += read
        windows = max(1, -(-len(words) // MAX_TOKENS))
        return Tagging(text, tuple(tagged), tuple(slots), windows)

    def _fast_path(self) -> FastPath | None:
        """The numpy path for this network, or ``None`` where only torch can run it
        (peephole LSTM layers, or a network left in training mode)."""
        if not self._can_run_fast or self.network.training:
            return None
        if self._fast is None or self._fast.stale():
            self._fast = FastPath(self.network)
        return self._fast

    def _torch_probabilities(self, words: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """One window's label (and hindsight) probabilities through the torch modules."""
        with torch.inference_mode():
            probs, after = self.network(self.network.encoder.batch([words])).probabilities()
        return probs[0].numpy(), None if after is None else after[0].numpy()

    def use_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Tag with another place list (one's own stations, or none at all:
        ``Gazetteer([])``) through the same weights."""
        self.network.encoder.use_gazetteer(gazetteer)
        self._fast = None  # its memo holds each word's place value from the old list
        self._traced = ([], {})  # and these windows were read with it

    def trace(self, text: str) -> Trace:
        """Tag ``text`` through the hand-written cells, keeping every state.

        A window of ``MAX_TOKENS`` that the last trace also had (the same
        tokens at the same offsets) is not traced again: typing at the end
        of a long text costs one window, however long the text."""
        return self._trace(text, tokenize(text))

    def trace_tokens(self, words: Sequence[str]) -> Trace:
        """:meth:`trace` for text that is already split into words."""
        return self._trace(" ".join(words), tokens_from_words(list(words)))

    @torch.no_grad()
    def _trace(self, text: str, tokens: list[Token]) -> Trace:
        # Each window starts with a fresh memory, so one whose tokens (and
        # offsets) the last trace had, with the same weights, is traced alike.
        versions = self.network.weights_version()
        before, seen = self._traced
        if versions != before or self.network.training:  # dropout: no two traces alike
            seen = {}
        traced: list[TokenTrace] = []
        windows = {}
        for start in range(0, len(tokens), MAX_TOKENS):
            window = tokens[start : start + MAX_TOKENS]
            key = tuple((t.text, t.start) for t in window)
            windows[key] = seen[key] if key in seen else self._trace_window(window)
            traced.extend(windows[key])
        self._traced = (versions, windows)  # a new pair: a trace in another thread keeps its own
        return Trace(text, self.labels, self.config, tuple(traced))

    def _trace_window(self, tokens: list[Token]) -> list[TokenTrace]:
        net = self.network
        words = [t.text for t in tokens]
        places = net.encoder.places(words)
        x = net.inputs(net.encoder(net.encoder.batch([words], [places])))[0]  # (time, features)
        states: list[list[CellTrace]] = [[] for _ in tokens]
        for depth, layer in enumerate(net.layers):
            per_direction = layer.trace(x)
            for direction, unrolled in zip(("forward", "backward"), per_direction):
                h = unrolled.h.numpy()
                gates = {k: v.numpy() for k, v in unrolled.gates.items() if k != "logits"}
                c = gates.pop("c", None)
                for t, row in enumerate(states):
                    row.append(
                        CellTrace(
                            depth, direction, h[t], None if c is None else c[t], {k: v[t] for k, v in gates.items()}
                        )
                    )
            x = torch.cat([u.h for u in per_direction], dim=-1)  # (time, hidden * directions)
        probs, after = net.outputs(x).probabilities()  # (time, labels), (time, types) or None
        best, typed_at = self._reader.read_typed(probs, after, net.encoder.names(words))
        table = probs.numpy()
        return [
            TokenTrace(
                TaggedToken(
                    tok.text, tok.start, tok.end, self.labels[j], float(table[t, j]), float(table[t, self._outside])
                ),
                net.encoder.describe(tok.text, places[t]),
                tuple(states[t]),
                table[t],
                None if after is None else after[t].numpy(),
                typed_at[t],
            )
            for t, (tok, j) in enumerate(zip(tokens, best))
        ]

    def describe(self, word: str) -> TokenEncoding:
        """Which vocabulary entry (or ``other``), trigrams, shape and place value a word gets."""
        return self.network.encoder.describe(word)

    @torch.no_grad()
    def vector(self, word: str) -> np.ndarray:
        """The input vector the network gives ``word``."""
        encoder = self.network.encoder
        return encoder(encoder.batch([[word]]))[0, 0].numpy()


def _slots(text: str, tokens: Sequence[TaggedToken]) -> tuple[Slot, ...]:
    return tuple(_slot(text, tokens[span.start : span.end]) for span in bio_to_spans([t.label for t in tokens]))


def _slot(text: str, run: Sequence[TaggedToken]) -> Slot:
    """The slot of one span's tokens: its type, its text, and its least sure token's probability."""
    start, end = run[0].start, run[-1].end
    return Slot(run[0].label[2:], text[start:end], start, end, min(t.prob for t in run))
