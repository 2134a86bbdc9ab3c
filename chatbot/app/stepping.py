"""Step mode's numbers: the sentence fed one token at a time (LECTURE §4).

``Steps.prefixes[t - 1]`` is the trace of the first ``t`` tokens alone, which
is what the network has seen after step ``t``. For a left-to-right model
its states equal the whole sentence's; a bidirectional model's backward half
and its labels change as tokens arrive, and this shows that honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from chatbot.app.memory import cells_at, scale_of, state_vector
from chatbot.app.views import TOP_K, Matrix

if TYPE_CHECKING:
    from model.tagger import Tagger, Trace

# What each cell carries from one step to the next: its memory.
MEMORY: dict[str, tuple[str, ...]] = {
    "lstm": ("h", "c"),
    "gru": ("h",),
    "elman": ("h",),
    "jordan": ("y",),
    "ff": (),
}
# The gates worth a sentence at each step, with the lecture's reading of "open".
GATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "lstm": (("i", "input gate", "write"), ("f", "forget gate", "keep"), ("o", "output gate", "read out")),
    "gru": (("z", "update gate", "keep the old memory"), ("r", "reset gate", "use the old memory")),
}


@dataclass(frozen=True, eq=False)
class Steps:
    """A sentence and its trace after every step."""

    words: tuple[str, ...]
    prefixes: tuple[Trace, ...]

    @property
    def count(self) -> int:
        return len(self.words)


def feed(tagger: Tagger, text: str) -> Steps:
    """Trace ``text``'s first 1, 2, ... n tokens (run in a worker)."""
    words = tuple(t.token.text for t in tagger.trace(text).tokens)
    return Steps(words, tuple(tagger.trace_tokens(words[:t]) for t in range(1, len(words) + 1)))


def before_after(steps: Steps, t: int, layer: int, cell: str, k: int = TOP_K) -> list[Matrix]:
    """The memory before step ``t`` (1-based), after it, and the change: one
    matrix per memory state (``h``; an LSTM's ``c`` too), each on its own scale.

    Rows are the ``k`` units that changed most at this step, in the forward
    direction (the one that has read exactly tokens 1..t). Before step 1 the
    memory is all zeros. The ff model has no memory: an empty list.
    """
    after_cell = cells_at(steps.prefixes[t - 1], t - 1, layer, "forward")[0]
    before_cell = cells_at(steps.prefixes[t - 2], t - 2, layer, "forward")[0] if t > 1 else None
    out = []
    for state in MEMORY.get(cell, ("h",)):
        after = state_vector(after_cell, state)
        before = state_vector(before_cell, state) if before_cell is not None else np.zeros_like(after)
        change = after - before
        rows = np.argsort(-np.abs(change), kind="stable")[:k]
        values = np.stack([before[rows], after[rows], change[rows]], axis=1)  # (units, 3)
        out.append(
            Matrix(
                values,
                tuple(int(r) for r in rows),
                ("before", "after", "change"),
                ((state, len(rows)),),
                scale_of(values),
                bool((values < 0).any()),
            )
        )
    return out


def gate_means(steps: Steps, t: int, layer: int, cell: str) -> list[tuple[str, str, str, float]]:
    """Each gate's mean opening at step ``t``: (name, lecture name, what open means, mean)."""
    found = cells_at(steps.prefixes[t - 1], t - 1, layer, "forward")[0]
    return [(g, name, meaning, float(found.gates[g].mean())) for g, name, meaning in GATES.get(cell, ())]
