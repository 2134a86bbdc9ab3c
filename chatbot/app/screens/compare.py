"""Compare: two sentences side by side, and why a network needs memory (LECTURE §3).

"arrive Taipei on November 2nd" and "leave Taipei on November 2nd": the
recurrent tagger remembers the verb, so Taipei is the destination in one and
the departure in the other. The ``ff`` model sees the same input "Taipei"
both times and must give the same output.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from chatbot.app.actions import Command, bindings
from chatbot.app.errors import report
from chatbot.app.memory import difference, distance
from chatbot.app.renderables.bars import bar
from chatbot.app.renderables.colours import label_style
from chatbot.app.renderables.heatmap import Heatmap, heading
from chatbot.app.screens import slotbot
from chatbot.app.views import fit_view, shown_window
from chatbot.app.widgets.sentence_input import SentenceInput
from chatbot.app.widgets.theme import background_rgb

if TYPE_CHECKING:
    from model.tagger import Tagging, Trace

FIRST = "arrive Taipei on November 2nd"
SECOND = "leave Taipei on November 2nd"


@dataclass(frozen=True, eq=False)
class Comparison:
    """Both sentences traced by the current model, and tagged by the ff model (if installed)."""

    a: Trace
    b: Trace
    ff_a: Tagging | None
    ff_b: Tagging | None
    ff_problem: str | None
    cut: bool = False  # a long text is compared by its first window only


class CompareScreen(Screen[None]):
    """Two utterances, token by token."""

    DEFAULT_CSS = """
    CompareScreen #inputs { height: auto; margin: 0 1; }
    CompareScreen #inputs Input { width: 1fr; margin-right: 1; }
    CompareScreen .compare-panel { border: round $primary 60%; border-title-color: $text-accent; padding: 0 1; }
    CompareScreen #table-box { height: auto; max-height: 50%; }
    CompareScreen #table-box > ScrollableContainer { height: auto; }
    CompareScreen #compare-table { width: auto; height: auto; }
    CompareScreen #compare-verdict { height: auto; margin-bottom: 1; }
    CompareScreen #difference-box { height: 1fr; }
    CompareScreen #difference { width: auto; height: auto; }
    """

    COMMANDS_LIST = (Command("escape", "app.open('compare')", "Close", "Back to the chat."),)
    BINDINGS = bindings(COMMANDS_LIST)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="inputs"):
            yield SentenceInput(FIRST, id="first", compact=True)
            yield SentenceInput(SECOND, id="second", compact=True)
        with Vertical(id="table-box", classes="compare-panel"):
            yield Static(id="compare-verdict")
            yield ScrollableContainer(Static(id="compare-table"))
        with Vertical(id="difference-box", classes="compare-panel"):
            yield ScrollableContainer(Static(id="difference"))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#table-box").border_title = "Per token"
        self.query_one("#difference-box").border_title = "Memory difference (first − second)"
        self.comparison: Comparison | None = None
        self.watch(slotbot(self.app), "view", lambda _: self.draw(), init=False)
        self.watch(self.app, "theme", lambda _: self.call_after_refresh(self.draw), init=False)
        self.query_one("#compare-table", Static).update(Text("comparing…", style="dim italic"))
        self.refresh_comparison()

    @on(Input.Changed)
    def refresh_comparison(self) -> None:
        if slotbot(self.app).session.tagger is None:
            self.query_one("#compare-table", Static).update(Text("the model is still loading…", style="italic"))
            return
        self.compute(self.query_one("#first", Input).value, self.query_one("#second", Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self, first: str, second: str) -> None:
        app = slotbot(self.app)
        session = app.session
        assert session.tagger is not None
        whole = session.trace(first), session.trace(second)
        a, b = (shown_window(trace, 0)[1] for trace in whole)  # a long text: its first window, a memory of its own
        cut = len(a.tokens) < len(whole[0].tokens) or len(b.tokens) < len(whole[1].tokens)
        ff_a = ff_b = None
        problem = None
        try:
            ff, _ = session.load(app.compare_model)
            ff_a, ff_b = _first(ff.tag(first), a), _first(ff.tag(second), b)
        except Exception as err:  # the ff model is optional: say so, keep the rest
            problem = str(err).splitlines()[0] if str(err) else type(err).__name__
        self.app.call_from_thread(self._computed, Comparison(a, b, ff_a, ff_b, problem, cut))

    def _computed(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.draw()

    def draw(self) -> None:
        comparison = getattr(self, "comparison", None)
        if comparison is None or not self.is_mounted:
            return
        try:
            self._draw(comparison)
        except Exception as err:  # a drawing bug must not end the session
            report(self, err, "Cannot draw the comparison")

    def _draw(self, comparison: Comparison) -> None:
        view = fit_view(slotbot(self.app).view, comparison.a.config)
        shown = max(len(comparison.a.tokens), len(comparison.b.tokens))
        self.query_one("#table-box").border_title = "Per token" + (
            f" · the first {shown:,} tokens of each" if comparison.cut else ""
        )
        self.query_one("#compare-table", Static).update(compare_table(comparison))
        self.query_one("#compare-verdict", Static).update(verdict(comparison))
        grid = difference(comparison.a, comparison.b, view)
        target = self.query_one("#difference", Static)
        base = background_rgb(target)
        body: RenderableType = Heatmap(grid, base=base) if grid.tokens else Text("nothing to compare", style="dim")
        target.update(Group(heading(view, grid, base), body))


def _first(tagging: Tagging, trace: Trace) -> Tagging:
    """``tagging`` cut to the tokens ``trace`` holds."""
    return replace(tagging, tokens=tagging.tokens[: len(trace.tokens)])


def compare_table(c: Comparison) -> Table:
    """Per aligned token: both words, both labels, the memory distance, and ff's labels."""
    name = c.a.config.cell
    has_ff = c.ff_a is not None and c.ff_b is not None
    titles = ["#", "first", name, "second", name, "‖h₁ − h₂‖"] + (["ff: first", "ff: second"] if has_ff else [])
    table = Table(box=None, padding=(0, 1), expand=False, header_style="bold")
    for title in titles:
        table.add_column(title, no_wrap=True)
    gaps = distance(c.a, c.b)
    peak = max(gaps, default=0.0) or 1.0
    for i in range(max(len(c.a.tokens), len(c.b.tokens))):
        gap = Text(f"{bar(gaps[i] / peak, 8)} {gaps[i]:.2f}") if i < len(gaps) else Text("")
        row = [Text(str(i + 1)), *_word(c.a, i), *_word(c.b, i), gap]
        if has_ff:
            row += [_label(c.ff_a, i), _label(c.ff_b, i)]
        table.add_row(*row)
    return table


def _word(trace: Trace, i: int) -> tuple[Text, Text]:
    if i >= len(trace.tokens):
        return Text(""), Text("")
    token = trace.tokens[i].token
    return Text(token.text), Text(token.label, style=label_style(token.label))


def _label(tagging: Tagging | None, i: int) -> Text:
    if tagging is None or i >= len(tagging.tokens):
        return Text("")
    label = tagging.tokens[i].label
    return Text(label, style=label_style(label))


def verdict(c: Comparison) -> Text:
    """What the comparison shows, in a sentence or three, from the numbers."""
    out = Text()
    pairs = list(zip(c.a.tokens, c.b.tokens))
    same_word = [i for i, (x, y) in enumerate(pairs) if x.token.text == y.token.text]
    told_apart = [i for i in same_word if pairs[i][0].token.label != pairs[i][1].token.label]
    name = c.a.config.describe().split(",")[0]
    if not same_word:  # "I want to arrive in Taipei" against "leave Taipei ...": nothing lines up
        out.append("No word stands at the same place in both sentences, ", style="bold")
        out.append("so there is no shared word to compare. Change only the cue, as in “arrive Taipei on ")
        out.append("November 2nd” against “leave Taipei on November 2nd”, to see what the memory adds.")
        return out
    if told_apart:
        words = ", ".join(f"“{pairs[i][0].token.text}”" for i in told_apart)
        out.append(f"The {name} labels {words} differently in the two sentences: ", style="bold")
        out.append("same word, different memory.")
    else:
        out.append(f"The {name} gives every shared word the same label here.", style="bold")
    if c.ff_a is None or c.ff_b is None:
        out.append(f"\nThe ff model is not available ({c.ff_problem}).", style="dim")
        return out
    ff_same = all(
        c.ff_a.tokens[i].label == c.ff_b.tokens[i].label
        for i in same_word
        if i < len(c.ff_a.tokens) and i < len(c.ff_b.tokens)
    )
    if ff_same:
        out.append("\nThe ff model (no memory) gives each shared word the same label in both: ")
        out.append("same input, same output. It cannot tell them apart.")
    else:
        out.append("\nThe ff model labels a shared word differently, which a network without memory cannot do.")
    return out
