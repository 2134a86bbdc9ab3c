"""One token, looked at closely: what the network sees, what it answers, and
which units it uses (LECTURE §1, §2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from chatbot.app.memory import top_units
from chatbot.app.renderables.bars import ProbabilityBars
from chatbot.app.renderables.colours import BACKGROUND, RGB, label_style
from chatbot.app.renderables.heatmap import cell_style, cell_text, level
from chatbot.app.views import ARROWS, MemoryView
from model.conll import bio_to_spans

if TYPE_CHECKING:
    from model.tagger import Trace

HEADING = Style(bold=True, underline=True)


def token_card(trace: Trace, index: int, view: MemoryView, top: int = 5, base: RGB = BACKGROUND) -> RenderableType:
    """The card for ``trace.tokens[index]``.

    Args:
        trace: The traced draft.
        index: Which token.
        view: The memory view, whose units are ranked.
        top: How many label probabilities and units to list.
        base: The background the unit cells fade into.
    """
    token = trace.tokens[index]
    tagged, encoding = token.token, token.encoding
    features = trace.config.features
    title = Text.assemble(
        (tagged.text, "bold"),
        f"  token {index + 1} of {len(trace.tokens)}  ",
        (tagged.label, label_style(tagged.label)),
    )
    read_at = _type_read_at(trace, index)
    if read_at is not None:
        how = "in hindsight " if trace.config.hindsight else ""
        title.append(f"  type read {how}at {read_at!r}", style="dim italic")
    word = (
        Text.assemble((encoding.vocab_entry, "bold"), (f"  entry {encoding.vocab_index}", "dim"))
        if encoding.known
        else Text.assemble(("other", "bold italic"), ("  not in the vocabulary", "dim"))
    )
    rows = [
        title,
        Text("what it sees", style=HEADING),
        _field("1-of-N", word, "word" in features),
        _field("trigrams", Text(" ".join(encoding.trigrams)), "trigram" in features),
        _field("shape", Text(encoding.shape), "shape" in features),
        _field("place", Text(PLACE_WORDS[encoding.place]), "place" in features),
        Text("slot probabilities", style=HEADING),
        ProbabilityBars(trace.labels, token.probs.tolist(), top=top, bar_width=12),
        *_hindsight(trace, index),
        Text(f"most active units: {view.state}, layer {view.layer + 1} {ARROWS[view.direction]}", style=HEADING),
        _units(trace, index, view, top, base),
    ]
    return Group(*rows)


# How the place encoding's values read on the card.
PLACE_WORDS = {
    "name": "a place name in the list",
    "part": "a word of a longer place name",
    "span": "in a longer place name, here whole",
    "none": "not in the list",
}


def _type_read_at(trace: Trace, index: int) -> str | None:
    """The later word whose output gave this token its slot type, if its own
    most likely label has another type (see ``model.readout``)."""
    token = trace.tokens[index]
    label, at = token.token.label, token.typed_at
    own = trace.labels[int(token.probs.argmax())]
    if label == "O" or at in (index, -1) or own[2:] == label[2:]:
        return None
    return trace.tokens[at].token.text


def _hindsight(trace: Trace, index: int) -> list[RenderableType]:
    """What the memory, at this token, makes of the last slot read so far."""
    after = trace.tokens[index].hindsight
    if after is None:
        return []
    spans = [s for s in bio_to_spans([t.token.label for t in trace.tokens]) if s.end - 1 <= index]
    if not spans:
        return [Text("in hindsight", style=HEADING), Text("no slot read yet", style="dim")]
    last = " ".join(t.token.text for t in trace.tokens[spans[-1].start : spans[-1].end])
    return [
        Text.assemble(("in hindsight", HEADING), (f"  the last slot read, {last!r}, is", "dim")),
        ProbabilityBars(trace.config.span_types, after.tolist(), bar_width=12),
    ]


def _field(name: str, value: Text, used: bool) -> Text:
    line = Text.assemble((f"{name:<9}", "dim"), value)
    if not used:
        line.append("  (not used by this model)", style="dim italic")
    return line


def _units(trace: Trace, index: int, view: MemoryView, top: int, base: RGB) -> Text:
    found = top_units(trace, index, view, top)
    scale = max(1.0, max((abs(v) for _, _, v in found), default=0.0))
    signed = any(v < 0 for _, _, v in found)
    out = Text()
    for direction, unit, value in found:
        arrow = ARROWS[direction] if view.direction == "both" else ""
        if out:
            out.append("\n")
        out.append(f"u{unit:<4}{arrow} ", style="dim")
        out.append(cell_text(value, scale, signed), style=cell_style(level(value, scale), value < 0, signed, base))
        out.append(f" {value:+.3f}")
    return out
