"""From label probabilities to labels: valid spans, each typed at its last word.

The network gives every token a probability per label; taking each token's
most likely label on its own can give sequences BIO forbids ("O I-time",
"B-departure I-destination"). The reader does two things:

1. **Where the spans are**: the most probable label sequence in which an
   ``I-x`` only follows ``B-x`` or ``I-x``, and a place span never directly
   follows another of its own type: a slot holds one place, so "to Basel
   SBB" is "to [Basel SBB]" or "to [Basel] SBB", never two destinations
   side by side (no sentence of the corpus, the hand-written set or MultiWOZ
   has them; two times do touch, "[Tuesday] [after 19:44]"). Viterbi over
   the per-token probabilities, with no learned transition scores.
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
   been read. Each span is typed on its own, so two touching spans can
   still come out one place type ("to [Hà] [Nội on]", where "Nội on" read
   as a time and hindsight made it a destination): joining them, or
   typing the second otherwise, lost on dev (``model/models/TRIALS.md``).

>>> reader = SpanReader(["O", "B-departure", "I-departure", "B-destination", "I-destination"])
>>> probs = np.array([
...     [0.1, 0.6, 0.0, 0.3, 0.0],   # Dortmund: looks like a departure
...     [0.1, 0.0, 0.3, 0.0, 0.6],   # station: the name ends, nothing follows
...     [0.9, 0.0, 0.0, 0.0, 0.1],   # ?
... ])
>>> [reader.labels[i] for i in reader.read(probs)]
['B-destination', 'I-destination', 'O']

Where each token's own best labels already form valid spans, step 1 keeps
them, and a one-word span keeps its own type, so "arrive Taipei" / "leave
Taipei" read exactly as the network labels them.

Given the sentence's listed place names of two or more words (``names``,
from :meth:`model.gazetteer.Gazetteer.spans`), step 1 also keeps each one
whole: spans of place types that cover part of a name ("leave [Novi] Sad")
become one span over all of it ("leave [Novi Sad]"), which step 2 types.
After step 2, a name whose spans it gave one place type is joined too:
"from [Novi] [Sad]", where "Sad" read as a time and hindsight made it a
departure, reads "from [Novi Sad]". A name the spans leave alone ("via
Novi Sad") stays as read, and a name never makes a time span longer.

>>> reader = SpanReader(["O", "B-departure", "I-departure", "B-time", "I-time"])
>>> probs = np.array([
...     [0.9, 0.1, 0.0, 0.0, 0.0],   # leave
...     [0.1, 0.8, 0.0, 0.1, 0.0],   # Novi
...     [0.6, 0.2, 0.1, 0.0, 0.1],   # Sad
... ])
>>> [reader.labels[i] for i in reader.read(probs)]
['O', 'B-departure', 'O']
>>> [reader.labels[i] for i in reader.read(probs, names=[(1, 3)])]
['O', 'B-departure', 'I-departure']
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

# log(0) stand-in: a label with no probability can still be chosen if it is
# the only way to a valid sequence.
_FLOOR = 1e-12


class SpanReader:
    """Reads BIO labels out of per-token probabilities for one label set.

    Tables are numpy arrays; a torch tensor on the CPU reads as one.

    Args:
        labels: The BIO labels in output order (``O``, ``B-x``, ``I-x``).
    """

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)
        index = {label: i for i, label in enumerate(self.labels)}
        types = sorted({label[2:] for label in self.labels if label[:2] in ("B-", "I-")})
        # Per type, its B and I rows (either may be missing from a small label set):
        # probs @ _type_rows sums each type's B and I probabilities, in float64
        # as Python's sum of the two would.
        self._type_rows = np.zeros((len(self.labels), len(types)))
        for k, t in enumerate(types):
            for p in "BI":
                if f"{p}-{t}" in index:
                    self._type_rows[index[f"{p}-{t}"], k] = 1.0
        self._type_of = [types.index(label[2:]) if label[:2] in ("B-", "I-") else -1 for label in self.labels]
        # A listed name is a place: it never makes a time span longer.
        self._name_types = {k for k, t in enumerate(types) if t != "time"}
        self._begin = [index.get(f"B-{t}", index.get(f"I-{t}")) for t in types]
        self._inside = [index.get(f"I-{t}", index.get(f"B-{t}")) for t in types]
        self._outside = [label == "O" for label in self.labels]
        # For each I-x row, the rows it may follow: B-x and I-x. Every other
        # label may follow anything, and may start a sentence (so may an I-x
        # whose type has no B-x: it is read as conlleval reads it).
        self._follows = {
            index[f"I-{t}"]: (index[f"B-{t}"], index[f"I-{t}"])
            for t in types
            if f"B-{t}" in index and f"I-{t}" in index
        }
        # What each constrained label may follow: an I-x, as above; a place's
        # B-x, anything but its own type's B-x and I-x.
        self._after = dict(self._follows)
        for t in types:
            if t != "time" and f"B-{t}" in index:
                own = {index.get(f"B-{t}"), index.get(f"I-{t}")}
                self._after[index[f"B-{t}"]] = tuple(i for i in range(len(self.labels)) if i not in own)

    def read(
        self,
        probs: npt.ArrayLike,
        hindsight: npt.ArrayLike | None = None,
        names: Sequence[tuple[int, int]] = (),
    ) -> list[int]:
        """The label index of every token, from ``probs`` ``(time, labels)``.

        ``probs`` must be probabilities (a softmax), not logits: a type's
        score is the sum of its B and I probabilities. ``hindsight``, from a
        network that has that output, is ``(time, types)`` probabilities
        for the type of the last span read so far (types sorted by name).
        ``names`` are the ``(start, end)`` of the sentence's listed place
        names of two or more words, each kept whole.
        """
        return self._read(probs, hindsight, names)[0]

    def read_spans(
        self,
        probs: npt.ArrayLike,
        hindsight: npt.ArrayLike | None = None,
        names: Sequence[tuple[int, int]] = (),
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """:meth:`read`, and the ``(start, end)`` of every span in what it read,
        in order: the slots, with no second pass over the labels."""
        path, spans, _ = self._read(probs, hindsight, names)
        return path, spans

    def read_typed(
        self,
        probs: npt.ArrayLike,
        hindsight: npt.ArrayLike | None = None,
        names: Sequence[tuple[int, int]] = (),
    ) -> tuple[list[int], list[int]]:
        """:meth:`read`, and for every token the index of the token whose
        output chose its type (its own, for ``O`` and kept one-word spans).

        Without ``hindsight`` a span of two or more words is typed at its
        last word. With it, every span is typed by its last word's label
        probabilities times hindsight's at the last word before the next
        span begins (or at the sentence's last word): by then the memory
        has read what followed the name, "Gdańsk, departing". A listed name
        whose parts were typed apart and then joined is typed, all of it,
        where its last part was.
        """
        path, _, typed = self._read(probs, hindsight, names)
        typed_at = list(range(len(path)))
        for (t, end), at in typed:
            typed_at[t:end] = [at] * (end - t)
        return path, typed_at

    def _read(
        self, probs: npt.ArrayLike, hindsight: npt.ArrayLike | None, names: Sequence[tuple[int, int]]
    ) -> tuple[list[int], list[tuple[int, int]], list[tuple[tuple[int, int], int]]]:
        """The labels, every span, and each span typed here with the token whose output typed it."""
        probs = np.asarray(probs)
        path = self.best_path(probs)  # a new list: typed in place below
        for start, end in names:
            self._keep_whole(path, start, end, any_place=True)
        spans = self._spans(path)
        # Without hindsight a one-word span keeps its own label.
        typed = spans if hindsight is not None else [(t, end) for t, end in spans if end - t > 1]
        if not typed:
            return path, spans, []
        # Per span and type: B and I's probability together at its last word ...
        ats = [end - 1 for _, end in typed]
        score = np.maximum(probs.take(ats, 0) @ self._type_rows, _FLOOR)  # (spans, types)
        if hindsight is not None:
            # ... times hindsight's at the last word before the next span (or the
            # sentence's end): the sum of their logs, without taking a log.
            nexts = [t for t, _ in typed[1:]] + [len(path)]
            ats = [max(at, start - 1) for at, start in zip(ats, nexts)]
            score *= np.maximum(np.asarray(hindsight).take(ats, 0), _FLOOR)
        for (t, end), kind in zip(typed, score.argmax(-1).tolist()):
            path[t] = self._begin[kind]
            path[t + 1 : end] = [self._inside[kind]] * (end - t - 1)
        typed_ats = list(zip(typed, ats))
        # A name whose parts the typing made one place type is one place,
        # typed where its last part was: by then the whole name was read.
        joined = [(start, end) for start, end in names if self._keep_whole(path, start, end, any_place=False)]
        if joined:
            spans = self._spans(path)
            for start, end in joined:
                parts = [at for (t, stop), at in typed_ats if t < end and stop > start]
                if parts:  # listed after its parts, so read_typed gives the whole name this one
                    typed_ats.append(((start, end), parts[-1]))
        return path, spans, typed_ats

    def _keep_whole(self, path: list[int], start: int, end: int, any_place: bool) -> bool:
        """Make the spans of ``path`` cover the name at ``start:end`` whole, as
        one span of the type of its first labelled word, where they cover some
        of it with place types only (with ``any_place``) or with one place
        type (without); return whether the path changed."""
        labelled = [j for j in path[start:end] if not self._outside[j]]
        types = {self._type_of[j] for j in labelled}
        if not types or not types <= self._name_types or (len(types) > 1 and not any_place):
            return False
        kind = self._type_of[labelled[0]]
        inside = self._inside[kind]
        # A span that began before the name runs on into it: "[Hotel Novi] Sad" reads "[Hotel Novi Sad]".
        whole = [inside if path[start] == inside else self._begin[kind]] + [inside] * (end - start - 1)
        changed = path[start:end] != whole
        path[start:end] = whole
        return changed

    def _spans(self, path: list[int]) -> list[tuple[int, int]]:
        """``(start, end)`` of every span in a valid label path."""
        outside, follows = self._outside, self._follows
        spans, t, n = [], 0, len(path)
        while t < n:
            if outside[path[t]]:
                t += 1
                continue
            end = t + 1
            while end < n and path[end] in follows:
                end += 1
            spans.append((t, end))
            t = end
        return spans

    def best_path(self, probs: npt.ArrayLike) -> list[int]:
        """The most probable label sequence with no ``I-x`` out of place and
        no place span right after one of its own type."""
        probs = np.asarray(probs)
        follows, after = self._follows, self._after
        best = probs.argmax(-1).tolist()
        valid = all(j not in after or i in after[j] for i, j in zip(best, best[1:]))
        if not best or (best[0] not in follows and valid):
            return best  # each token's own best label is already valid, so it is the best valid sequence
        logp = np.log(np.maximum(probs, _FLOOR)).tolist()
        width = len(self.labels)
        impossible = -math.inf
        score = [impossible if j in follows else logp[0][j] for j in range(width)]
        back: list[list[int]] = []
        for row in logp[1:]:
            top = max(range(width), key=score.__getitem__)  # what O and a time's B may follow
            pointers = [top] * width
            new = [score[top] + p for p in row]
            for j, allowed in after.items():
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
