"""Lesson sections that read the shipped models: §2 encoding, §3 why memory,
§6 the variants, and memory over distance.

Each has an input box (its text is the section's input); models load in the
section's thread worker through the session's cache, so the screen never
waits. Enter in a box hands the keys back to the section (←/→ then step).
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input

from chatbot.app.renderables import lesson_live as draw
from chatbot.app.screens import slotbot
from chatbot.app.screens.lesson.section import Section
from chatbot.app.widgets.sentence_input import SentenceInput

ENCODING_WORD = "Gandalf"
FIRST, SECOND = "arrive Taipei on November 2nd", "leave Taipei on November 2nd"
VARIANTS_SENTENCE = "I would like to leave Taipei on November 2nd"
VARIANT_MODELS = ("lstm", "gru", "elman", "jordan", "bilstm")
# What each model's memory holds, in the lecture's words (LECTURE §6, §7).
STORES = {
    "lstm": "c, the memory cell (gated)",
    "gru": "h (update and reset gates)",
    "elman": "h, the hidden layer",
    "jordan": "y, the output as log-probabilities (it has a target)",
    "bilstm": "c→ and c←, one LSTM each way",
}
# The cue ("leave") is 16 words before the city it decides.
DISTANCE_SENTENCE = "leave on the first train of the day after a long and tiring week of meetings Taipei"
DISTANCE_MODELS = ("elman", "lstm", "gru")


class InputSection(Section):
    """A section whose input boxes are its input."""

    DEFAULTS: tuple[str, ...] = ()

    def inputs(self) -> ComposeResult:
        with Horizontal(classes="lesson-inputs"):
            for text in self.DEFAULTS:
                yield SentenceInput(text, compact=True)

    def arguments(self) -> Any:
        return tuple(box.value for box in self.query(Input))

    @on(Input.Changed)
    def _changed(self) -> None:
        if self.started:
            self.recompute()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.screen.set_focus(None)  # the step keys work again

    def load(self, name: str) -> Any:
        return slotbot(self.app).session.load(name)[0]


def _words(tagger: Any, text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tagger.tag(text).tokens)


class EncodingSection(InputSection):
    TITLE = "§2 Encoding a word"
    SHORT = "Encoding"
    DEFAULTS = (ENCODING_WORD,)
    EQUATION = """\
1-of-N encoding: a vector as long as
the vocabulary, one 1.

Beyond 1-of-N: one extra dimension
"other" for every word not in the
vocabulary ("Gandalf", "Sauron").

Word hashing: describe a word by its
letter trigrams, with boundary marks:
"apple" -> #ap app ppl ple le#
No word is ever out of vocabulary.

Word vectors (embeddings) are the
learned version of the same idea: an
embedding lookup is exactly a 1-of-N
vector times a matrix.

Type a word in the box above."""

    def compute(self, arguments: Any) -> Any:
        word = arguments[0].strip() or ENCODING_WORD
        tagger = self.load("lstm")
        return tagger.describe(word), tagger.vector(word)

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.encoding_view(*data, model="lstm")


class CompareSection(InputSection):
    TITLE = "§3 Why memory"
    SHORT = "Why memory"
    DEFAULTS = (FIRST, SECOND)
    EQUATION = """\
"arrive Taipei on November 2nd":
Taipei is the destination.
"leave Taipei on November 2nd":
Taipei is the place of departure.

A feedforward network sees the same
input "Taipei" and must give the same
output both times:
  y_t = f(x_t)

A network with memory remembers
"arrive" or "leave" and can answer
differently:
  h_t = f(x_t, h_{t-1}),  y_t = g(h_t)

That network is a recurrent neural
network (RNN).

Edit either sentence above."""

    def compute(self, arguments: Any) -> Any:
        first, second = arguments
        ff, rnn = self.load("ff"), self.load("lstm")
        words = (_words(rnn, first), _words(rnn, second))
        labels = {name: [t.tag(first).labels, t.tag(second).labels] for name, t in (("ff", ff), ("lstm", rnn))}
        return words, labels

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.compare_view(*data)


class TokenSection(InputSection):
    """An input section whose steps choose one token of its sentence (←/→), the last one first.

    Its :meth:`compute` returns the sentence's tokens first (or None for no tokens).
    """

    def count(self) -> int:
        return len(self.data[0]) if self.data else 0

    def first_step(self) -> int:
        return self.count()

    def go(self, step: int) -> None:
        self.step = max(1, min(self.count(), step))


class VariantsSection(TokenSection):
    TITLE = "§6 Elman, Jordan, deep, bi"
    SHORT = "Variants"
    DEFAULTS = (VARIANTS_SENTENCE,)
    EQUATION = """\
Elman: the hidden layer's values are
stored and read back next step.
  h_t = f(W_xh x_t + W_hh h_{t-1})
Jordan: the network's output is
stored and read back instead.
  h_t = f(W_xh x_t + W_yh y_{t-1})
The output has a target, so it is
clearer what the memory holds.

Deep RNN: stack several recurrent
layers; each keeps its own memory.

Bidirectional: one RNN reads left to
right, another right to left; both
feed the output layer, so every label
is decided after the whole sentence.

LSTM and GRU are the gated cells.

←/→ choose the token; edit the
sentence above (Enter: keys back)."""

    def compute(self, arguments: Any) -> Any:
        text = arguments[0]
        if not text.strip():
            return None
        variants = []
        for name in VARIANT_MODELS:
            tagger = self.load(name)
            trace = tagger.trace(text)
            labels = [t.token.label for t in trace.tokens]
            variants.append(draw.Variant(name, STORES[name], labels, *_memory(name, tagger, trace)))
        return tuple(t.token.text for t in trace.tokens), variants

    def numbers(self, data: Any, step: int) -> RenderableType:
        words, variants = data
        return draw.variants_view(words, variants, step - 1)


def _memory(name: str, tagger: Any, trace: Any) -> tuple[Any, list[str]]:
    """What the model carries to the next word, per token (layer 0), and a name per unit."""
    import numpy as np

    first = [t.states[0] for t in trace.tokens]
    if name == "jordan":
        return np.array([s.gates["y"] for s in first]), [f"y[{draw.short_label(label)}]" for label in tagger.labels]
    if name == "bilstm":
        size = len(first[0].c)
        memory = np.array([np.concatenate([s.c for s in t.states if s.layer == 0]) for t in trace.tokens])
        return memory, [f"c→{k}" for k in range(size)] + [f"c←{k}" for k in range(size)]
    symbol = "h" if first[0].c is None else "c"
    return np.array([getattr(s, symbol) for s in first]), [f"{symbol}{k}" for k in range(len(first[0].h))]


class OcclusionSection(TokenSection):
    TITLE = "Memory over distance"
    SHORT = "Distance"
    DEFAULTS = (DISTANCE_SENTENCE,)
    EQUATION = """\
Plain RNNs suffer vanishing
gradients: early inputs lose
influence. Gates help (LSTM, GRU).

  h_t = f(W_xh x_t + W_hh h_{t-1})
  ∂h_t/∂h_k = Π W_hh·f'  (t-k factors)

Here, by occlusion: for the chosen
token, each earlier word's input is
set to 0 in turn, and we measure how
much probability the token's label
loses. A far word that still matters
was carried in memory all the way.

The cue "leave" is far from "Taipei".
The shipped models are small and
trained on short requests: the bars
show honestly how far each one's
memory reaches.

←/→ choose the token; edit the
sentence above (Enter: keys back)."""

    def compute(self, arguments: Any) -> Any:
        from chatbot.app.screens.lesson.occlusion import occlude

        text = arguments[0]
        taggers = {name: self.load(name) for name in DISTANCE_MODELS}
        words = list(_words(taggers["elman"], text))
        if not words:
            return None
        return words, [{name: occlude(t, words, k) for name, t in taggers.items()} for k in range(len(words))]

    def numbers(self, data: Any, step: int) -> RenderableType:
        return draw.occlusion_view(data[1][step - 1])
