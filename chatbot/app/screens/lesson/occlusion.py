"""Memory over distance by occlusion: how much each earlier word moves a token's label.

For a chosen token, each earlier word in turn has its input vector set to
zero (the network reads "nothing" there) and the drop in the probability of
the token's predicted label is measured. A word far back that still matters
has been carried in memory all that way. No gradients: everything runs under
``torch.no_grad()``, as the rest of the UI does. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.tagger import Tagger


@dataclass(frozen=True)
class Occlusion:
    """One model's answer for one token.

    Attributes:
        words: The sentence's tokens.
        index: The token looked at.
        label: Its predicted label, and ``prob`` that label's probability.
        drops: Per earlier word (``words[:index]``), the probability lost when it is blanked.
    """

    words: tuple[str, ...]
    index: int
    label: str
    prob: float
    drops: tuple[float, ...]


def occlude(tagger: Tagger, words: list[str], index: int) -> Occlusion:
    """Blank each word before ``words[index]`` in turn and measure its label's probability drop.

    Args:
        tagger: A loaded tagger.
        words: The sentence, split into tokens.
        index: The token whose label is explained.

    Returns:
        The label, its probability, and one drop per earlier word (positive: the word helped).
    """
    import torch

    from model.readout import SpanReader

    net = tagger.network
    with torch.no_grad():
        x = net.encoder(net.encoder.batch([words]))  # (1, time, features)
        variants = x.repeat(index + 1, 1, 1)  # row 0 intact, row j+1 with word j blanked
        for j in range(index):
            variants[j + 1, j] = 0.0
        lengths = torch.full((index + 1,), len(words))
        table, after = net.forward_vectors(variants, lengths).probabilities()
        probs = table[:, index]  # (variants, labels)
        # The label the app shows for this token: read from the whole intact sentence.
        names = net.encoder.names(words)
        best = SpanReader(tagger.labels).read(table[0], None if after is None else after[0], names)[index]
    base = float(probs[0, best])
    drops = tuple(base - float(p) for p in probs[1:, best])
    return Occlusion(tuple(words), index, tagger.labels[best], base, drops)
