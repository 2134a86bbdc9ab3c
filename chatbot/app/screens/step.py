"""Step mode: the sentence fed to the network one token at a time.

Each step adds the new token's memory column to the heatmap, and the panel
beside it shows the memory before the step and after it, as the lecture
draws it: h_t = cell(x_t, h_{t-1}), the same cell at every step.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static

from chatbot.app.actions import STEP_ALIASES, Command, bindings, step_commands
from chatbot.app.errors import report
from chatbot.app.memory import matrix
from chatbot.app.renderables.colours import RGB, label_style
from chatbot.app.renderables.heatmap import Heatmap, heading
from chatbot.app.renderables.token_strip import StripToken, TokenStrip
from chatbot.app.screens import slotbot
from chatbot.app.stepping import Steps, before_after, feed, gate_means
from chatbot.app.views import MEANING, MemoryView, fit_view
from chatbot.app.widgets.theme import background_rgb

DEFAULT_SENTENCE = "I would like to arrive Taipei on November 2nd"
PLAY_SECONDS = 0.8


class StepScreen(Screen[None]):
    """Back, forward, play: watch the memory being written."""

    DEFAULT_CSS = """
    StepScreen #step-text { height: auto; padding: 0 1; border: round $accent; border-title-color: $text-accent; }
    StepScreen #step-tokens { height: auto; padding: 0 1; }
    StepScreen #step-panels { height: 1fr; }
    StepScreen .step-panel { border: round $primary 60%; border-title-color: $text-accent; }
    StepScreen #so-far-box { width: 1fr; }
    StepScreen #before-after-box { width: 40; }
    StepScreen .step-panel > ScrollableContainer { height: 1fr; }
    StepScreen .grid { width: auto; height: auto; padding: 0 1; }
    """

    COMMANDS_LIST = (
        *step_commands("token"),
        Command("escape", "app.open('step')", "Close", "Back to the chat."),
    )
    BINDINGS = bindings(COMMANDS_LIST) + bindings(STEP_ALIASES)

    step: reactive[int] = reactive(0)
    """How many tokens have been fed (0 before the first)."""
    steps: reactive[Steps | None] = reactive(None)
    """Every prefix's trace (None while computing)."""

    def __init__(self, text: str | None = None) -> None:
        super().__init__()
        self.text = text
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="step-text")
        yield Static(id="step-tokens")
        with Horizontal(id="step-panels"):
            with Vertical(id="so-far-box", classes="step-panel"):
                yield ScrollableContainer(Static(id="so-far", classes="grid"), can_focus=False)
            with Vertical(id="before-after-box", classes="step-panel"):
                yield ScrollableContainer(Static(id="before-after", classes="grid"), can_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        app = slotbot(self.app)
        self.text = self.text or app.draft.strip() or last_user_text(app) or DEFAULT_SENTENCE
        self.query_one("#step-text").border_title = "Step mode"
        self.query_one("#so-far-box").border_title = "Memory so far"
        self.query_one("#before-after-box").border_title = "Before → after"
        self.watch(app, "view", lambda _: self.draw(), init=False)
        self.watch(app, "theme", lambda _: self.call_after_refresh(self.draw), init=False)
        self.draw()
        if app.session.tagger is None:
            self.notify("the model is still loading", severity="warning")
        else:
            self.compute(self.text)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self, text: str) -> None:
        tagger = slotbot(self.app).session.tagger
        assert tagger is not None
        steps = feed(tagger, text)
        self.app.call_from_thread(self._computed, steps)

    def _computed(self, steps: Steps) -> None:
        self.steps = steps
        self.step = min(1, steps.count)

    def watch_step(self) -> None:
        self.draw()

    def watch_steps(self) -> None:
        self.draw()

    # -- keys --------------------------------------------------------------------------------

    def action_back(self) -> None:
        self._stop()
        self.step = max(1 if self.steps and self.steps.count else 0, self.step - 1)

    def action_forward(self) -> None:
        if self.steps is not None:
            self.step = min(self.steps.count, self.step + 1)

    def action_first(self) -> None:
        self._stop()
        self.step = min(1, self.steps.count) if self.steps else 0

    def action_last(self) -> None:
        self._stop()
        if self.steps is not None:
            self.step = self.steps.count

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            return
        if self.steps is not None and self.step >= self.steps.count:
            self.step = 1
        self._timer = self.set_interval(PLAY_SECONDS, self._tick)

    def _tick(self) -> None:
        if self.steps is None or self.step >= self.steps.count:
            self._stop()
        else:
            self.step += 1

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- drawing -----------------------------------------------------------------------------

    def draw(self) -> None:
        if not self.is_mounted:
            return
        try:
            self._draw()
        except Exception as err:  # a drawing bug must not end the session
            report(self, err, "Cannot draw this step")

    def _draw(self) -> None:
        text, tokens = self.query_one("#step-text", Static), self.query_one("#step-tokens", Static)
        so_far, change = self.query_one("#so-far", Static), self.query_one("#before-after", Static)
        steps, t = self.steps, self.step
        if steps is None or t == 0:
            text.update(Text(f"“{self.text}”\nfeeding the sentence…", style="italic"))
            return
        config = steps.prefixes[-1].config
        view = fit_view(slotbot(self.app).view, config)
        trace = steps.prefixes[t - 1]
        text.update(explain(steps, t, config.cell, config.bidirectional, view))
        strip = [StripToken(x.token.text, x.token.label, x.token.prob) for x in trace.tokens]
        strip += [StripToken(w, "", 0.0) for w in steps.words[t:]]
        tokens.update(TokenStrip(strip, selected=t - 1, unread=t))
        whole = matrix(steps.prefixes[-1], view)  # rows chosen on the whole sentence stay put
        grid = matrix(trace, view, like=whole)
        base = background_rgb(so_far)
        so_far.update(Group(heading(view, grid, base), Heatmap(grid, fresh=t - 1, base=base)))
        change.update(memory_change(steps, t, view.layer, config.cell, base))


NO_MEMORY = Text("The ff model has no memory: nothing is carried from one step to the next.", style="italic")


def memory_change(steps: Steps, t: int, layer: int, cell: str, base: RGB) -> RenderableType:
    """Each memory state before and after the step, the units that changed most first."""
    parts: list[RenderableType] = []
    for grid in before_after(steps, t, layer, cell):
        state = grid.blocks[0][0]
        title = f"{state}_{t - 1} → {state}_{t}" if t > 1 else f"{state}_0 = 0 → {state}_1"
        parts += [Text(f"{title}  ({MEANING[state].split(' (')[0]})", style="bold"), Heatmap(grid, base=base), Text("")]
    return Group(*parts) if parts else NO_MEMORY


def explain(steps: Steps, t: int, cell: str, bidirectional: bool, view: MemoryView) -> Text:
    """The step in words: what was read, the label so far, what the memory was and became."""
    word = steps.words[t - 1]
    token = steps.prefixes[t - 1].tokens[t - 1].token
    out = Text()
    out.append(f"Step {t} of {steps.count}: reads ", style="bold")
    out.append(f"“{word}”", style="bold reverse")
    out.append("  label so far ")
    out.append(token.label, style=label_style(token.label))
    out.append(f" ({token.prob:.0%})")
    if bidirectional:
        out.append(" · the backward half has read only these tokens, so labels may still change", style="dim")
    if cell == "ff":
        out.append("\nThe ff model has no memory: each word is read on its own.")
    else:
        memory = {"lstm": "h_{p}, c_{p}", "jordan": "y_{p}"}.get(cell, "h_{p}")  # what is carried over
        carried = memory.format(p=t - 1)
        written = f"h_{t}, c_{t}" if cell == "lstm" else f"h_{t}"
        before = f"{carried}, stored after “{steps.words[t - 2]}”" if t > 1 else f"{carried} = 0, nothing read yet"
        out.append(f"\n{written} = cell(x_{t}, {carried}): the same cell, same weights, at every step.")
        out.append(f" Before: {before}.")
    gates = gate_means(steps, t, view.layer, cell)
    if gates:
        out.append(
            "\nmean gate opening: "
            + " · ".join(f"{name} {mean:.2f} (1 = {meaning})" for _, name, meaning, mean in gates)
        )
    return out


def last_user_text(app: object) -> str | None:
    """The user's last message, if any."""
    from chatbot.app.widgets.transcript import ChatMessage

    users = [m.text for m in slotbot(app).query(ChatMessage) if m.speaker == "user"]  # type: ignore[arg-type]
    return users[-1] if users else None
