"""The slot tagger network: encoder -> recurrent layers -> a label per token."""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor, nn

from model.config import TaggerConfig
from model.encoding import Batch, Encoder, Vocab
from model.recurrent import RecurrentLayer


class Scores(NamedTuple):
    """What the network answers for a batch.

    Attributes:
        logits: Label scores ``(batch, time, labels)``.
        aux: Any Jordan layers' own output logits (trained towards the same labels).
        hindsight: With ``config.hindsight``, per token the scores
            ``(batch, time, types)`` for the type of the last span read so
            far; otherwise ``None``.
    """

    logits: Tensor
    aux: list[Tensor]
    hindsight: Tensor | None

    def probabilities(self) -> tuple[Tensor, Tensor | None]:
        """The label distributions, and hindsight's type distributions (or ``None``)."""
        after = self.hindsight.softmax(-1) if self.hindsight is not None else None
        return self.logits.softmax(-1), after


class SlotTagger(nn.Module):
    """Encoder, ``config.layers`` recurrent layers, and a linear output layer
    (and, with ``config.hindsight``, a second one over slot types).

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
            config.place_dim,
            fold_accents=config.fold_accents,
            place_spans=config.place_spans,
        )
        num_tags = len(config.labels)
        self.layers = nn.ModuleList()
        width = self.encoder.output_size * (1 + config.lookahead)
        for _ in range(config.layers):
            layer = RecurrentLayer(
                config.cell,
                width,
                config.hidden,
                config.bidirectional,
                config.peephole,
                outputs=num_tags,
                feedback=config.feedback,
            )
            self.layers.append(layer)
            width = layer.output_size
        self.dropout = nn.Dropout(config.dropout)
        self.hidden2tag = nn.Linear(width, num_tags)
        self.hidden2type = nn.Linear(width, len(config.span_types)) if config.hindsight else None
        self._weights = tuple(self.parameters())  # for weights_version: a walk of the modules costs 15 µs

    def forward(self, batch: Batch) -> Scores:
        """Label scores for every token (and hindsight's type scores)."""
        return self.forward_vectors(self.encoder(batch), batch.lengths)

    def forward_vectors(self, x: Tensor, lengths: Tensor) -> Scores:
        """:meth:`forward` from already-encoded tokens ``(batch, time, features)``."""
        x = self.dropout(self.inputs(x))
        aux: list[Tensor] = []
        for layer in self.layers:
            x, layer_logits = layer(x, lengths)
            x = self.dropout(x)
            aux.extend(layer_logits)
        return self.outputs(x, aux)

    def outputs(self, h: Tensor, aux: list[Tensor] | None = None) -> Scores:
        """The output layers over the last layer's states ``h``."""
        hindsight = self.hidden2type(h) if self.hidden2type is not None else None
        return Scores(self.hidden2tag(h), aux or [], hindsight)

    def inputs(self, x: Tensor) -> Tensor:
        """What the first layer reads per token: its vector, then those of
        the next ``lookahead`` tokens (zeros past the last)."""
        ahead = [x]
        for k in range(1, self.config.lookahead + 1):
            shifted = x[..., k:, :]
            pad = torch.zeros_like(x[..., : min(k, x.shape[-2]), :])
            ahead.append(torch.cat([shifted, pad], dim=-2))
        return torch.cat(ahead, dim=-1) if len(ahead) > 1 else x

    def parameter_count(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def weights_version(self) -> list[int]:
        """Changes whenever a weight is changed in place (an optimiser step,
        ``load_state_dict``): torch counts those in each tensor's version."""
        return [p._version for p in self._weights]


def fresh_state_dict(module: nn.Module) -> dict[str, Tensor]:
    """A detached copy of the weights, for keeping the best epoch's model."""
    return {k: v.detach().clone() for k, v in module.state_dict().items()}
