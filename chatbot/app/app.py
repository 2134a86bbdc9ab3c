"""The slotbot app: it composes the screen, binds the keys and routes messages.

State lives in the reactives below and flows down to the widgets through
``data_bind``. A keystroke takes one route: the input box sets ``draft``; a
worker traces it (the latest keystroke wins); ``trace`` flows to the token
strip, the memory panel and the token card. Enter sends the draft to the
dialogue in another worker; its ``turn`` flows to the slot card.

Nothing slow runs before the first frame: the model (and torch with it) loads
in a thread once the screen is up, and what is typed meanwhile is kept.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input
from textual.worker import Worker, WorkerState, get_current_worker

from chatbot.app import catalogue
from chatbot.app.actions import APP_COMMANDS, bindings
from chatbot.app.errors import one_line
from chatbot.app.messages import DraftTraced, ModelFailed, ModelLoaded, TokenPicked, TurnAnswered, TurnFailed
from chatbot.app.palette import ActionsProvider
from chatbot.app.screens import open_screen
from chatbot.app.session import Session
from chatbot.app.views import MemoryView, directions_for, fit_view, next_layer, next_order, next_state
from chatbot.app.widgets.chat_input import READY, ChatInput
from chatbot.app.widgets.memory_panel import MemoryPanel
from chatbot.app.widgets.slot_card import SlotCard
from chatbot.app.widgets.token_detail import TokenDetail
from chatbot.app.widgets.token_strip import TokenStripView
from chatbot.app.widgets.transcript import Transcript
from model.config import DEFAULT_MODEL

if TYPE_CHECKING:
    from chatbot.dialogue import Turn
    from chatbot.dialogue.engine import Store
    from model.tagger import Tagger, Trace

GREETING = "Hello! I book tickets. Tell me where you leave from, where you go, and when."
THEMES = ("textual-dark", "nord", "gruvbox", "tokyo-night", "catppuccin-latte", "solarized-light", "textual-light")
NARROW = 120  # below this many columns the token card folds away


class SlotbotApp(App[int]):
    """Chat with the booking bot and look inside its tagger.

    Args:
        model: A shipped model name or a model directory.
        now: The clock (pin it for tests, or with ``slotbot --now``).
        db: The bookings file (None: the default one).
        store: Where bookings go instead of ``db`` (tests pass one with fixed references).
        screenshot_dir: Where ``Ctrl+S`` saves SVG screenshots.
        compare_model: The model the compare view asks for its "no memory" answer.
        blink: Whether the input's cursor blinks (off for snapshot tests).
    """

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses elsewhere find it too
    TITLE = "slotbot"
    COMMANDS = App.COMMANDS | {ActionsProvider}
    BINDINGS = bindings(APP_COMMANDS)

    draft: reactive[str] = reactive("")
    """The text in the input box: what the token strip and memory panel follow."""
    trace: reactive[Trace | None] = reactive(None)
    """The tagger's trace of ``draft`` (None until a model is loaded)."""
    selected: reactive[int | None] = reactive(None)
    """The token looked at closely (None: the last one)."""
    view: reactive[MemoryView] = reactive(MemoryView)
    """Which state, layer, direction and unit order the memory views draw."""
    turn: reactive[Turn | None] = reactive(None)
    """The dialogue's last turn (None before the first)."""
    ready: reactive[bool] = reactive(False)
    """Whether a model is loaded."""
    source: reactive[str] = reactive("draft")
    """What the token strip and memory panel show: the ``draft``, or the ``last message``
    while the input box is empty."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        now: Callable[[], datetime] = datetime.now,
        db: Path | None = None,
        store: Store | None = None,
        screenshot_dir: Path | None = None,
        compare_model: str = "ff",
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.model_name = model
        self.now = now
        self.session = Session(now=now, db=db, store=store)
        self.screenshot_dir = screenshot_dir or Path.cwd()
        self.compare_model = compare_model
        self.blink = blink
        self.last_sent = ""
        self._outbox: deque[str] = deque()
        self._turn_busy = False

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat-column"):
                yield SlotCard().data_bind(SlotbotApp.turn)
                yield Transcript()
                yield ChatInput(id="chat-input")
            with Vertical(id="inspect-column"):
                yield TokenStripView().data_bind(
                    SlotbotApp.trace, SlotbotApp.selected, SlotbotApp.ready, SlotbotApp.source
                )
                with Horizontal(id="memory-row"):
                    yield MemoryPanel().data_bind(
                        SlotbotApp.trace, SlotbotApp.view, SlotbotApp.selected, SlotbotApp.ready
                    )
                    yield TokenDetail().data_bind(SlotbotApp.trace, SlotbotApp.view, SlotbotApp.selected)
        yield Footer()

    @property
    def chat_input(self) -> ChatInput:
        return self.query_one("#chat-input", ChatInput)

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    def on_mount(self) -> None:
        self.sub_title = f"loading {Path(self.model_name).name or self.model_name}…"
        self.chat_input.cursor_blink = self.blink
        self.chat_input.focus()
        self.set_class(self.size.width < NARROW, "-narrow")
        self.transcript.add("bot", GREETING, self.now())

    def on_ready(self) -> None:
        # After the first frame: torch and the model load in the background.
        self.load_model(self.model_name)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- the model -----------------------------------------------------------------------------

    def switch_model(self, name: str) -> None:
        """Load ``name`` in the background and talk through it once loaded."""
        if (problem := catalogue.problem(name)) is not None:
            self.notify(problem, title="Model", severity="error")
            return
        self.notify(f"loading {name}…", title="Model", timeout=2)
        self.load_model(name)

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def load_model(self, name: str) -> None:
        try:
            tagger, seconds = self.session.load(name)
        except Exception as err:  # a damaged model file must not end the app
            self.post_message(ModelFailed(name, one_line(err)))
            return
        self.post_message(ModelLoaded(name, tagger, seconds))

    def on_model_loaded(self, message: ModelLoaded) -> None:
        old = self.session.tagger
        switched = self.ready and message.tagger is not old
        self.session.use(message.tagger)
        self.model_name = message.name
        config = message.tagger.config
        if old is None or old.config.bidirectional != config.bidirectional:  # both halves, labelled, to start
            self.view = replace(self.view, direction=directions_for(config)[0])
        self.view = fit_view(self.view, config)
        self.sub_title = model_title(message.name, message.tagger)
        self.chat_input.placeholder = READY
        self.ready = True
        if switched:
            self.transcript.add("note", f"Switched to {self.sub_title}. The conversation goes on.")
        self.trace_draft(self.subject)
        self._pump()

    def on_model_failed(self, message: ModelFailed) -> None:
        self.notify(message.error, title=f"Could not load {message.name}", severity="error", timeout=10)
        if not self.ready:
            self.sub_title = "no model loaded: press F4 to choose one"

    # -- the draft: every keystroke -------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "chat-input":
            self.draft = event.value

    @property
    def subject(self) -> str:
        """The text being looked at: the draft, or the last message while the box is empty."""
        return self.draft if self.draft.strip() else self.last_sent

    def watch_draft(self, draft: str) -> None:
        self.selected = None
        self.source = "draft" if draft.strip() or not self.last_sent else "last message"
        if self.ready:
            self.trace_draft(self.subject)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def trace_draft(self, text: str) -> None:
        trace = self.session.trace(text)
        if not get_current_worker().is_cancelled:
            self.post_message(DraftTraced(text, trace))

    def on_draft_traced(self, message: DraftTraced) -> None:
        if message.text == self.subject:  # an older keystroke's trace is dropped
            self.trace = message.trace

    def on_token_picked(self, message: TokenPicked) -> None:
        self.selected = message.index

    # -- sending: one dialogue turn at a time, in order ----------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "chat-input":
            return
        text = event.value
        self.chat_input.remember(text)
        if text.strip():
            self.last_sent = text
        self.chat_input.value = ""
        waiting = not self.ready
        self.transcript.add("user", text, self.now(), waiting=waiting)
        if waiting:
            self.transcript.add("note", "The model is still loading; I will answer as soon as it is ready.")
        self._outbox.append(text)
        self._pump()

    def _pump(self) -> None:
        if self._turn_busy or not self._outbox or not self.ready:
            return
        self._turn_busy = True
        self.answer(self._outbox.popleft())

    @work(thread=True, group="turn", exit_on_error=False)
    def answer(self, text: str) -> None:
        try:
            turn = self.session.turn(text)
        except Exception as err:  # shown as a notification, the conversation goes on
            self.post_message(TurnFailed(text, one_line(err)))
            return
        self.post_message(TurnAnswered(turn))

    def on_turn_answered(self, message: TurnAnswered) -> None:
        self._turn_busy = False
        for note in self.transcript.query(".-waiting"):
            note.remove_class("-waiting")
        self.transcript.add("bot", message.turn.reply, self.now())
        self.turn = message.turn
        self._pump()

    def on_turn_failed(self, message: TurnFailed) -> None:
        self._turn_busy = False
        self.notify(message.error, title="Could not answer", severity="error")
        self._pump()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(one_line(event.worker.error), title="Something went wrong", severity="error")

    # -- actions (see chatbot.app.actions for keys and words) ----------------------------------

    def action_open(self, name: str) -> None:
        """Open a screen by its registered name; the same key closes it again."""
        open_screen(self, name)

    def action_next_state(self) -> None:
        if self._need_model():
            self.view = next_state(self.view, self.session.tagger.config)  # type: ignore[union-attr]

    def action_next_layer(self) -> None:
        if self._need_model():
            self.view = next_layer(self.view, self.session.tagger.config)  # type: ignore[union-attr]

    def action_next_order(self) -> None:
        self.view = next_order(self.view)

    def action_pick_token(self, step: int) -> None:
        count = len(self.trace.tokens) if self.trace is not None else 0
        if count:
            current = self.selected if self.selected is not None else count - 1
            self.selected = max(0, min(count - 1, current + step))

    def action_screenshot(self) -> None:
        name = f"slotbot-{self.now():%Y%m%d-%H%M%S}.svg"
        try:
            path = self.save_screenshot(name, str(self.screenshot_dir))
        except OSError as err:
            self.notify(one_line(err), title="Screenshot not saved", severity="error")
            return
        self.notify(path, title="Screenshot saved", timeout=4)

    def action_next_theme(self) -> None:
        themes = [t for t in THEMES if t in self.available_themes]
        self.theme = themes[(themes.index(self.theme) + 1) % len(themes)] if self.theme in themes else themes[0]
        self.notify(self.theme, title="Theme", timeout=2)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Our own screenshot command (named by the clock, in the chosen folder) replaces Textual's.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Screenshot")

    def _need_model(self) -> bool:
        if self.session.tagger is None:
            self.notify("the model is still loading", severity="warning", timeout=2)
        return self.session.tagger is not None


def model_title(name: str, tagger: Tagger) -> str:
    """``lstm · LSTM, 1 layer x 96 units · 656,247 parameters`` (a directory by its last part)."""
    return f"{Path(name).name or name} · {tagger.config.describe()} · {tagger.parameter_count:,} parameters"
