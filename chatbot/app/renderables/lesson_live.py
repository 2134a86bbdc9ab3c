"""The lesson's sections that read the shipped models (LECTURE §2, §3, §6, and memory over distance).

Pure functions from plain values to Rich renderables: a test calls them
without the app. User text goes into ``Text`` objects, never into markup.

>>> signed_glyph(0.0, 1.0), signed_glyph(1.0, 1.0), signed_glyph(-1.0, 1.0)
('▄', '█', '▁')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from chatbot.app.renderables.bars import bar
from chatbot.app.renderables.colours import label_style
from chatbot.app.renderables.heatmap import cell_text

if TYPE_CHECKING:
    import numpy as np

    from chatbot.app.screens.lesson.occlusion import Occlusion
    from model.encoding import TokenEncoding

GLYPHS = "▁▂▃▄▅▆▇█"


def signed_glyph(value: float, scale: float) -> str:
    """One glyph for a signed value: ▁ is -scale, ▄ about 0, █ +scale (readable without colour)."""
    fraction = (min(1.0, max(-1.0, value / scale)) + 1) / 2 if scale else 0.5
    return GLYPHS[min(len(GLYPHS) - 1, int(fraction * (len(GLYPHS) - 1)))]


_SHORT_TYPES = {"departure": "dep", "destination": "dest"}


def short_label(label: str) -> str:
    """``B-destination`` -> ``B-dest``, ``B-departure`` -> ``B-dep``, ``O`` -> ``O`` (narrow columns)."""
    return label if label == "O" else label[:2] + _SHORT_TYPES.get(label[2:], label[2:6])


def encoding_view(encoding: TokenEncoding, vector: np.ndarray, model: str, per_row: int = 24) -> RenderableType:
    """LECTURE §2: what one word becomes: 1-of-N (or "other"), letter trigrams, shape, place, the vector."""
    out = Text()
    out.append("word      ", style="bold")
    out.append(encoding.word)
    out.append("\n1-of-N    ", style="bold")
    if encoding.known:
        out.append(f"row {encoding.vocab_index} (“{encoding.vocab_entry}”): one 1, every other entry 0")
    else:
        out.append(f"not in the vocabulary -> the extra dimension “other” (row {encoding.vocab_index})")
    out.append("\ntrigrams  ", style="bold")
    out.append("  ".join(encoding.trigrams))
    out.append("\n          hashed to rows " + " ".join(str(b) for b in encoding.trigram_buckets), style="dim")
    out.append("\nshape     ", style="bold")
    out.append(f"{encoding.shape}  (row {encoding.shape_index})")
    out.append("\nplace     ", style="bold")
    out.append(f"{encoding.place}  (in the list of places: a name, a word of one, or none)")
    scale = float(abs(vector).max()) or 1.0
    out.append(f"\n\nthe vector the {model} model reads: {len(vector)} numbers, |max| {scale:.2f}\n", style="bold")
    for start in range(0, len(vector), per_row):
        out.append(" ".join(cell_text(float(v), scale, signed=True) for v in vector[start : start + per_row]) + "\n")
    out.append("+ positive, - negative; the bar is the size", style="dim")
    return out


def compare_view(words: Sequence[tuple[str, ...]], labels: dict[str, Sequence[Sequence[str]]]) -> RenderableType:
    """LECTURE §3: two sentences, each token with every model's label, side by side.

    Args:
        words: The two sentences' tokens.
        labels: Per model name, the labels of both sentences.
    """
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold")
    names = list(labels)
    for side in ("first", "second"):
        table.add_column(side, no_wrap=True)
        for name in names:
            table.add_column(name, no_wrap=True)
    for i in range(max(len(w) for w in words)):
        row: list[Text] = []
        for k, sentence in enumerate(words):
            row.append(Text(sentence[i] if i < len(sentence) else ""))
            for name in names:
                label = labels[name][k][i] if i < len(labels[name][k]) else ""
                row.append(Text(short_label(label), style=label_style(label)))
        table.add_row(*row)
    notes: list[Text] = []
    a, b = words
    for name in names:
        same = [i for i in range(min(len(a), len(b))) if a[i] == b[i]]
        apart = [a[i] for i in same if labels[name][0][i] != labels[name][1][i]]
        if apart:
            notes.append(Text(f"{name}: labels {', '.join(apart)} differently: same word, different memory."))
        else:
            notes.append(Text(f"{name}: every shared word gets the same label in both sentences."))
    return Group(table, *notes)


class Variant(NamedTuple):
    """One model's pass over the sentence, as :func:`variants_view` draws it."""

    name: str
    stores: str
    """What its memory holds, in the lecture's words."""
    labels: Sequence[str]
    """Its label per token."""
    memory: np.ndarray
    """What it carries to the next word, per token ``(tokens, units)``."""
    units: Sequence[str]
    """A name per unit of ``memory``: ``c17``; Jordan's ``y`` units are labels."""


def variants_view(words: Sequence[str], variants: Sequence[Variant], index: int) -> RenderableType:
    """LECTURE §6: one sentence through each model: per token its label and a few units of its memory.

    Args:
        words: The sentence's tokens.
        variants: Per model, its labels and memory (only its 3 most changing units are drawn).
        index: The chosen token, whose memory values are written out below the table.
    """
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    table.add_column("token", no_wrap=True)
    for v in variants:
        table.add_column(v.name, no_wrap=True)
    drawn = [v.memory.std(axis=0).argsort()[::-1][:3] for v in variants]  # the units that change most
    for t, word in enumerate(words):
        chosen = t == index
        cells = [Text(("▶" if chosen else " ") + word, style="bold reverse" if chosen else "")]
        for v, units in zip(variants, drawn):
            scale = float(abs(v.memory[:, units]).max()) or 1.0
            glyphs = "".join(signed_glyph(float(x), scale) for x in v.memory[t, units])
            cells.append(Text.assemble((short_label(v.labels[t]).ljust(6), label_style(v.labels[t])), " ", glyphs))
        table.add_row(*cells)
    detail = Table(box=None, padding=(0, 1), pad_edge=False, show_header=False)
    detail.add_column(style="bold", no_wrap=True)
    detail.add_column()
    for v, units in zip(variants, drawn):
        values = "  ".join(f"{v.units[u]} {v.memory[index, u]:+.3f}" for u in units)
        detail.add_row(v.name, Text(f"stores {v.stores}\n{values}"))
    head = Text.assemble(
        ("\nat ", "bold"), (words[index], "bold reverse"), (f" (token {index + 1}) each model carries:", "bold")
    )
    legend = Text("glyphs: the 3 units that change most; ▁ negative, ▄ zero, █ positive", style="dim")
    return Group(table, head, detail, legend)


def occlusion_view(results: dict[str, Occlusion]) -> RenderableType:
    """How much each earlier word moves the chosen token's label, per model, as bars.

    A bar is the probability the label loses when that word's input is set to zero.
    """
    first = next(iter(results.values()))
    word = first.words[first.index]
    out: list[RenderableType] = []
    head = Text()
    head.append(f"token {first.index + 1}: ", style="bold")
    head.append(word, style="bold reverse")
    head.append("\nlabel:")
    for name, r in results.items():
        head.append(f"  {name} ")
        head.append(short_label(r.label), style=label_style(r.label))
        head.append(f" {r.prob:.2f}")
    out.append(head)
    if first.index == 0:
        out.append(Text("\nThe first token has no earlier words. Press → to pick a later one.", style="italic"))
        return Group(*out)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), header_style="bold")
    table.add_column("back", justify="right")
    table.add_column("word", no_wrap=True)
    for name in results:
        table.add_column(f"{name}: drop", no_wrap=True)
    for j in range(first.index):
        cells = [Text(str(first.index - j)), Text(first.words[j])]
        for r in results.values():
            d = r.drops[j]
            cells.append(Text(f"{bar(max(d, 0.0), 8)} {d:+.2f}", style="" if d > 0.005 else "dim"))
        table.add_row(*cells)
    out.append(table)
    far = first.index // 2
    summary = Text("words more than half the sentence back move the label by at most: ", style="bold")
    summary.append(
        ", ".join(f"{name} {max(r.drops[:far], default=0.0):+.2f}" for name, r in results.items()),
    )
    out.append(summary)
    return Group(*out)
