"""The slot tagger network: encoder -> recurrent layers -> a label per token."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from torch import Tensor, nn

from model.cells import CELLS
from model.encoding import FEATURES, Batch, Encoder, Vocab
from model.recurrent import RecurrentLayer


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
        if self.layers < 1 or self.hidden < 1:
            raise ValueError("--layers and --hidden must be at least 1")
        if not 0 <= self.dropout < 1:
            raise ValueError("--dropout must be in [0, 1)")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaggerConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown config keys: {', '.join(sorted(unknown))}")
        values = dict(data)
        for key in ("features", "labels"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)


class SlotTagger(nn.Module):
    """Encoder, ``config.layers`` recurrent layers, and a linear output layer.

    Args:
        config: The architecture.
        words: The 1-of-N vocabulary.
        shapes: The word-shape vocabulary.
    """

    def __init__(self, config: TaggerConfig, words: Vocab, shapes: Vocab) -> None:
        super().__init__()
        self.config = config
        self.encoder = Encoder(
            words,
            shapes,
            config.features,
            config.word_dim,
            config.trigram_dim,
            config.trigram_buckets,
            config.shape_dim,
        )
        num_tags = len(config.labels)
        self.layers = nn.ModuleList()
        width = self.encoder.output_size
        for _ in range(config.layers):
            layer = RecurrentLayer(
                config.cell, width, config.hidden, config.bidirectional, config.peephole, outputs=num_tags
            )
            self.layers.append(layer)
            width = layer.output_size
        self.dropout = nn.Dropout(config.dropout)
        self.hidden2tag = nn.Linear(width, num_tags)

    def forward(self, batch: Batch) -> tuple[Tensor, list[Tensor]]:
        """Label scores for every token.

        Returns:
            The logits ``(batch, time, num_tags)`` and any Jordan layers' own
            output logits (trained towards the same labels).
        """
        x = self.dropout(self.encoder(batch))
        aux: list[Tensor] = []
        for layer in self.layers:
            x, layer_logits = layer(x, batch.lengths)
            x = self.dropout(x)
            aux.extend(layer_logits)
        return self.hidden2tag(x), aux

    def parameter_count(self) -> int:
        return sum(p.numel() for p in self.parameters())


def fresh_state_dict(module: nn.Module) -> dict[str, Tensor]:
    """A detached copy of the weights, for keeping the best epoch's model."""
    return {k: v.detach().clone() for k, v in module.state_dict().items()}

