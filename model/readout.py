"""From label probabilities to labels: valid spans, each typed at its last word.

The network gives every token a probability per label; taking each token's
most likely label on its own can give sequences BIO forbids ("O I-time",
"B-departure I-destination"). The reader does two things:

1. **Where the spans are**: the most probable label sequence in which an
   ``I-x`` only follows ``B-x`` or ``I-x`` (Viterbi over the per-token
   probabilities, with no learned transition scores).
2. **What type each span is**: a left-to-right tagger labels "Dortmund"
   before it has read what follows, and what follows can decide the type:
   "Dortmund station" alone is the answer to "where to?", "Dortmund station
   Uppsala" goes from Dortmund. By the span's last word the memory holds the
   whole name and the word after it, so a span of two or more words takes
   the type its last word finds most likely (B and I together). A network
   trained with hindsight (``TaggerConfig.hindsight``) also says, at every
   word, what type the last span read so far was; every span is then typed
   by its last word together with hindsight at the last word before the
   next span, where a cue said after the name ("Gdańsk, departing") has
   been read.

>>> reader = SpanReader(["O", "B-departure", "I-departure", "B-destination", "I-destination"])
>>> probs = torch.tensor([
...     [0.1, 0.6, 0.0, 0.3, 0.0],   # Dortmund: looks like a departure
...     [0.1, 0.0, 0.3, 0.0, 0.6],   # station: the name ends, nothing follows
...     [0.9, 0.0, 0.0, 0.0, 0.1],   # ?
... ])
>>> [reader.labels[i] for i in reader.read(probs)]
['B-destination', 'I-destination', 'O']

Where each token's own best labels already form valid spans, step 1 keeps
them, and a one-word span keeps its own type, so "arrive Taipei" / "leave
Taipei" read exactly as the network labels them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

# log(0) stand-in: a label with no probability can still be chosen if it is
# the only way to a valid sequence.
_FLOOR = 1e-12


class SpanReader:
    """Reads BIO labels out of per-token probabilities for one label set.

    Args:
        labels: The BIO labels in output order (``O``, ``B-x``, ``I-x``).
    """

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)
        index = {label: i for i, label in enumerate(self.labels)}
        types = sorted({label[2:] for label in self.labels if label[:2] in ("B-", "I-")})
        # Per type, its B and I rows (either may be missing from a small label set).
        self._rows = {t: [index[f"{p}-{t}"] for p in "BI" if f"{p}-{t}" in index] for t in types}
        self._begin = {t: index.get(f"B-{t}", index.get(f"I-{t}")) for t in types}
        self._inside = {t: index.get(f"I-{t}", index.get(f"B-{t}")) for t in types}
        # For each I-x row, the rows it may follow: B-x and I-x. Every other
        # label may follow anything, and may start a sentence (so may an I-x
        # whose type has no B-x: it is read as conlleval reads it).
        self._follows = {
            index[f"I-{t}"]: (index[f"B-{t}"], index[f"I-{t}"])
            for t in types
            if f"B-{t}" in index and f"I-{t}" in index
        }

    def read(self, probs: torch.Tensor, hindsight: torch.Tensor | None = None) -> list[int]:
        """The label index of every token, from ``probs`` ``(time, labels)``.

        ``probs`` must be probabilities (a softmax), not logits: a type's
        score is the sum of its B and I probabilities. ``hindsight``, from a
        network that has that output, is ``(time, types)`` probabilities
        for the type of the last span read so far (types sorted by name).
        """
        return self.read_typed(probs, hindsight)[0]

    def read_typed(self, probs: torch.Tensor, hindsight: torch.Tensor | None = None) -> tuple[list[int], list[int]]:
        """:meth:`read`, and for every token the index of the token whose
        output chose its type (its own, for ``O`` and kept one-word spans).

        Without ``hindsight`` a span of two or more words is typed at its
        last word. With it, every span is typed by its last word's label
        probabilities times hindsight's at the last word before the next
        span begins (or at the sentence's last word): by then the memory
        has read what followed the name, "Gdańsk, departing".
        """
        path = self.best_path(probs)
        out, typed_at = list(path), list(range(len(path)))
        spans = self._spans(path)
        if not spans:
            return out, typed_at
        rows = probs.tolist()
        after = hindsight.clamp_min(_FLOOR).log().tolist() if hindsight is not None else None
        kinds = list(self._rows)
        for k, (t, end) in enumerate(spans):
            if after is None and end - t == 1:
                continue
            last = rows[end - 1]
            score = {kind: math.log(max(sum(last[r] for r in self._rows[kind]), _FLOOR)) for kind in kinds}
            at = end - 1
            if after is not None:
                at = max(at, (spans[k + 1][0] if k + 1 < len(spans) else len(path)) - 1)
                for i, kind in enumerate(kinds):
                    score[kind] += after[at][i]
            kind = max(kinds, key=score.__getitem__)
            out[t] = self._begin[kind]
            out[t + 1 : end] = [self._inside[kind]] * (end - t - 1)
            typed_at[t:end] = [at] * (end - t)
        return out, typed_at

    def _spans(self, path: list[int]) -> list[tuple[int, int]]:
        """``(start, end)`` of every span in a valid label path."""
        spans, t, n = [], 0, len(path)
        while t < n:
            if self.labels[path[t]] == "O":
                t += 1
                continue
            end = t + 1
            while end < n and path[end] in self._follows:
                end += 1
            spans.append((t, end))
            t = end
        return spans

    def best_path(self, probs: torch.Tensor) -> list[int]:
        """The most probable label sequence with no ``I-x`` out of place."""
        follows = self._follows
        best = probs.argmax(-1).tolist()
        if all(j not in follows or i in follows[j] for i, j in zip([-1, *best], best)):
            return best  # each token's own best label is already valid, so it is the best valid sequence
        logp = probs.clamp_min(_FLOOR).log().tolist()
        width = len(self.labels)
        impossible = -math.inf
        score = [impossible if j in follows else logp[0][j] for j in range(width)]
        back: list[list[int]] = []
        for row in logp[1:]:
            top = max(range(width), key=score.__getitem__)  # what O and B-x may follow
            pointers = [top] * width
            new = [score[top] + p for p in row]
            for j, allowed in follows.items():
                prev = max(allowed, key=score.__getitem__)
                pointers[j] = prev
                new[j] = score[prev] + row[j]
            back.append(pointers)
            score = new
        j = max(range(width), key=score.__getitem__)
        path = [j]
        for pointers in reversed(back):
            j = pointers[j]
            path.append(j)
        return path[::-1]
