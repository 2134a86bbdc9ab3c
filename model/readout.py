"""From label probabilities to labels: a slot's type is read at its last word.

A left-to-right tagger labels "Dortmund" before it has read what follows, and
what follows can decide the type: "Dortmund station" alone is the answer to
"where to?", "Dortmund station Uppsala" goes from Dortmund. By the span's
last word the memory holds the whole name and the word after it, so the
reader takes each token's most likely label to find where spans start and
end, then gives the whole span the type its last word finds most likely:

>>> reader = SpanReader(["O", "B-departure", "I-departure", "B-destination", "I-destination"])
>>> probs = torch.tensor([
...     [0.1, 0.6, 0.0, 0.3, 0.0],   # Dortmund: looks like a departure
...     [0.1, 0.0, 0.3, 0.0, 0.6],   # station: the name ends, nothing follows
...     [0.9, 0.0, 0.0, 0.0, 0.1],   # ?
... ])
>>> [reader.labels[i] for i in reader.read(probs)]
['B-destination', 'I-destination', 'O']

Tokens the argmax leaves outside stay outside, and a single-word span keeps
its own best type, so "arrive Taipei" / "leave Taipei" read as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


class SpanReader:
    """Reads BIO labels out of per-token probabilities for one label set.

    Args:
        labels: The BIO labels in output order (``O``, ``B-x``, ``I-x``).
    """

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)
        types = sorted({label[2:] for label in self.labels if label[:2] in ("B-", "I-")})
        index = {label: i for i, label in enumerate(self.labels)}
        # Per type, its B and I rows (either may be missing from a small label set).
        self._rows = {t: [index[f"{p}-{t}"] for p in "BI" if f"{p}-{t}" in index] for t in types}
        self._begin = {t: index.get(f"B-{t}", index.get(f"I-{t}")) for t in types}
        self._inside = {t: index.get(f"I-{t}", index.get(f"B-{t}")) for t in types}
        self._kind = [label[:2] if label[:2] in ("B-", "I-") else "O" for label in self.labels]

    def read(self, probs: torch.Tensor) -> list[int]:
        """The label index of every token, from ``probs`` ``(time, labels)``.

        ``probs`` must be probabilities (a softmax), not logits: a type's
        score is the sum of its B and I probabilities.
        """
        best = probs.argmax(-1).tolist()
        out = list(best)
        t, n = 0, len(best)
        while t < n:
            if self._kind[best[t]] == "O":
                t += 1
                continue
            end = t + 1
            while end < n and self._kind[best[end]] == "I-":
                end += 1
            if end - t > 1 or self._kind[best[t]] == "I-":
                last = probs[end - 1]
                kind = max(self._rows, key=lambda k: float(last[self._rows[k]].sum()))
                out[t] = self._begin[kind]
                out[t + 1 : end] = [self._inside[kind]] * (end - t - 1)
            t = end
        return out
