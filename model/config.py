"""The two configs: what the network is, and how it is trained.

Plain dataclasses with no torch import, so the command line can show their
defaults without loading the network. Each field says why it has its value.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

CELLS = ("lstm", "gru", "elman", "jordan", "ff")
FEATURES = ("word", "trigram", "shape", "place")
FEEDBACK = ("log", "prob")
DEFAULT_MODEL = "lstm"


@dataclass(frozen=True)
class TaggerConfig:
    """Everything needed to rebuild the network; saved beside its weights."""

    # The memory: lstm (the default, the lecture's story), gru, elman,
    # jordan, or ff (the feedforward counter-example with no memory).
    cell: str = "lstm"
    # Read right to left as well, so each label sees the whole sentence (§6).
    bidirectional: bool = False
    # Stacked recurrent layers, each with its own memory (deep RNN, §6).
    layers: int = 1
    # Units per direction per layer: wide enough for 120-label sets.
    hidden: int = 128
    # LSTM only: gates also read the cell state (§7's variant).
    peephole: bool = False
    # Jordan only: what the cell stores of its output. "prob", the output
    # distribution itself, is trained towards a one-hot label, so "arrive"
    # and "leave" both store O and the cue is lost (0% on the contrast set).
    # "log", the same distribution as log-probabilities, keeps the small
    # differences readable: P(B-destination) of 1e-3 vs 1e-6 is -7 vs -14.
    # Older Jordan model files, which have no such key, are "prob".
    feedback: str = "log"
    # Which word encodings feed the network (§2); see model.encoding.
    features: tuple[str, ...] = FEATURES
    # 1-of-N embedding width: ~100 is the usual choice for small corpora.
    word_dim: int = 100
    # Trigram-hashing width and table size: enough rows that collisions are
    # rare for the few thousand trigrams of English booking text.
    trigram_dim: int = 64
    trigram_buckets: int = 4096
    # Capitalisation/digit patterns are few; a small vector holds them.
    shape_dim: int = 16
    # Three values (a place name, a word of one, neither): a few dimensions.
    place_dim: int = 8
    # A fourth place value for every word of a longer name the sentence
    # holds whole: "Sad" in "Novi Sad" is not the "sad" of "I'm sad" (see
    # model.gazetteer). Off: it raised the generated sets' F1 and lowered
    # MultiWOZ's and the contrast set's (README, "place spans"). Older
    # model files have no such key.
    place_spans: bool = False
    # Let each step also read the vectors of the next n words: a look ahead
    # that a left-to-right tagger needs for "from [9 to 11]" vs "from [Rome]"
    # (n = 1) or "Gdańsk, departing" (n = 2); its memory still holds only
    # what came before. Older model files say true/false for 1/0.
    lookahead: int = 0
    # Look words up and hash their trigrams without accents, as the place
    # list already does: "Nẵng" reads as "nang" and "Zürich" as "zurich", so
    # a name typed with or without its accents gets the same vector, and an
    # accented name unseen in training shares the rows of its plain form.
    # Older model files, which have no such key, read words as typed.
    fold_accents: bool = True
    # A second output that, at every word, names the type of the last slot
    # already read: "Gdańsk, departing Saturday" can only be told a
    # departure at "departing", after the name. The reader types each span
    # by it at the last word before the next span (or the sentence's end),
    # so a left-to-right memory decides in hindsight, never by reading
    # ahead. The feedforward tagger has no memory to decide with.
    hindsight: bool = False
    # Dropout between layers: the main guard against over-fitting small data.
    dropout: float = 0.4
    # The label set (BIO), in output order; filled from the training data.
    labels: tuple[str, ...] = field(default=("O",))

    def __post_init__(self) -> None:
        if self.cell not in CELLS:
            raise ValueError(f"unknown cell {self.cell!r}; choose one of {', '.join(CELLS)}")
        if self.cell == "ff" and self.bidirectional:
            raise ValueError("the feedforward tagger has no direction: it cannot be bidirectional")
        if self.peephole and self.cell != "lstm":
            raise ValueError("only the LSTM has a peephole")
        if self.feedback not in FEEDBACK:
            raise ValueError(f"feedback must be one of {', '.join(FEEDBACK)}, got {self.feedback!r}")
        if self.feedback != "log" and self.cell != "jordan":
            raise ValueError("only the Jordan cell feeds its output back")
        if self.hindsight and self.cell == "ff":
            raise ValueError("the feedforward tagger has no memory: it cannot type a slot in hindsight")
        object.__setattr__(self, "lookahead", int(self.lookahead))  # true/false from older files
        if self.lookahead < 0:
            raise ValueError(f"lookahead must be 0 or more words, got {self.lookahead}")
        sizes = ("layers", "hidden", "word_dim", "trigram_dim", "trigram_buckets", "shape_dim", "place_dim")
        for name in sizes:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
        if not self.features or set(self.features) - set(FEATURES):
            raise ValueError(f"features must be a non-empty subset of {','.join(FEATURES)}")
        if not 0 <= self.dropout < 1:
            raise ValueError("--dropout must be in [0, 1)")
        if "O" not in self.labels or len(set(self.labels)) != len(self.labels):
            raise ValueError("labels must hold 'O' and no label twice")

    @property
    def span_types(self) -> tuple[str, ...]:
        """The slot types of ``labels`` (``B-x``/``I-x``), sorted: the hindsight output's order."""
        return tuple(sorted({label[2:] for label in self.labels if label[:2] in ("B-", "I-")}))

    def describe(self) -> str:
        """E.g. ``bidirectional LSTM, 1 layer x 128 units`` or ``GRU, 1 layer x 96 units, reads 2 words ahead``."""
        names = {"lstm": "LSTM", "gru": "GRU", "elman": "Elman RNN", "jordan": "Jordan RNN", "ff": "feedforward"}
        name = ("peephole " if self.peephole else "") + names[self.cell]
        if self.bidirectional:
            name = "bidirectional " + name
        if self.cell == "jordan" and self.feedback == "prob":
            name += " (probabilities fed back)"
        ahead = f", reads {self.lookahead} word{'s' if self.lookahead > 1 else ''} ahead" if self.lookahead else ""
        hindsight = ", types slots in hindsight" if self.hindsight else ""
        return f"{name}, {self.layers} layer{'s' if self.layers > 1 else ''} x {self.hidden} units{ahead}{hindsight}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaggerConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown config keys: {', '.join(sorted(unknown))}")
        values = dict(data)
        if values.get("cell") == "jordan":
            values.setdefault("feedback", "prob")  # written before the choice existed
        values.setdefault("fold_accents", False)  # likewise
        for key in ("features", "labels"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)


@dataclass(frozen=True)
class TrainConfig:
    """How to train; the defaults are the recipe the shipped models use, but for ``min_count``."""

    # Upper bound; early stopping usually ends training well before.
    epochs: int = 30
    # Small batches generalise better on a few thousand sentences.
    batch_size: int = 32
    lr: float = 2e-3
    # Rescale gradients whose norm exceeds this (against exploding gradients).
    clip: float = 5.0
    # Stop after this many epochs without a better dev F1.
    patience: int = 5
    # Words seen fewer times than this in training are not in the vocabulary
    # (they read as `other`, plus their trigrams and shape). The shipped
    # models use 3: a word seen once or twice is mostly a place name, and its
    # row would cost space without teaching anything a test place could use.
    min_count: int = 1
    # A word seen n times is replaced by `other` with probability a/(a+n):
    # often for rare words, almost never for frequent ones.
    unk_alpha: float = 0.25
    # On top of that, any word is hidden as `other` with this probability, so
    # the network cannot lean on one template word: it must read context.
    word_dropout: float = 0.15
    # Any word's place value is hidden (read as "none") this often: many real
    # places are in no list, so the network must not need the list.
    place_dropout: float = 0.25
    # Weight of a Jordan layer's own output loss: gives its memory a target.
    jordan_aux: float = 0.5
    # Weight of the hindsight output's loss (TaggerConfig.hindsight). At 1
    # the lstm's own labels lost more than hindsight gained on the
    # hand-written set (seed 15: 96.66 at 1, 96.84 at 0.5).
    hindsight_weight: float = 0.5
    # Weight of a loss on each gold span's type as the reader chooses it:
    # its last word's label times hindsight at the last word before the next
    # span (model.readout). 0 leaves it out.
    typing_weight: float = 0.0
    seed: int = 13
    # Threads for torch while training. The matrices of a small tagger are
    # tiny: one thread is twice as fast as two here (less spinning), and the
    # other core stays free.
    threads: int = 1
