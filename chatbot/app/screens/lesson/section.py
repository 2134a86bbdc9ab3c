"""One section of the lesson: the lecture's equation beside live numbers.

A section computes its numbers in a thread worker (:meth:`Section.compute`,
which may load torch or a model) and draws them with a pure function from
:mod:`chatbot.app.renderables.lesson` (:meth:`Section.numbers`). The screen
sends it the step keys; ``step`` counts how many steps are shown. Below 120
columns (the App's ``-narrow`` class, see app.tcss) the equation sits above
the numbers instead of beside them, so the numbers keep the full width.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from chatbot.app.errors import one_line, report


class Section(Vertical):
    """The lecture's equation (left) and the live numbers (right)."""

    DEFAULT_CSS = """
    Section { height: 1fr; }
    Section .lesson-inputs { height: auto; padding: 0 1; }
    Section .lesson-inputs Input { width: 1fr; margin-right: 1; }
    Section .lesson-body { height: 1fr; }
    Section .lesson-equation { width: 44; height: 1fr; border: round $primary 60%; border-title-color: $text-accent; }
    Section .lesson-equation Static { padding: 0 1; }
    Section .lesson-numbers-box { width: 1fr; height: 1fr; border: round $accent; border-title-color: $text-accent; }
    Section .lesson-numbers { width: auto; height: auto; padding: 0 1; }
    """

    TITLE: ClassVar[str] = ""
    """The section's title, e.g. ``§4 The all-ones RNN``."""
    SHORT: ClassVar[str] = ""
    """Its name in the section strip, e.g. ``RNN``."""
    EQUATION: ClassVar[str] = ""
    """The lecture's words and formulas, shown as plain text."""
    PROMPT: ClassVar[str] = "type a sentence in the box above"
    """Shown when :meth:`compute` returns None: the input gives nothing to compute."""

    step: reactive[int] = reactive(0)
    """How many steps are shown (0: none yet)."""
    data: reactive[Any] = reactive(None, always_update=True)
    """What :meth:`compute` returned (None until then, or when there is nothing to show)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.started = False

    def compose(self) -> ComposeResult:
        yield from self.inputs()
        with Horizontal(classes="lesson-body"):
            with ScrollableContainer(classes="lesson-equation", can_focus=False):
                yield Static(Text(self.EQUATION))
            with ScrollableContainer(classes="lesson-numbers-box", can_focus=False):
                yield Static(Text("computing…", style="dim italic"), classes="lesson-numbers")

    def inputs(self) -> ComposeResult:
        """Widgets above the equation (input boxes); none by default."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(".lesson-equation").border_title = "The lecture"
        self.query_one(".lesson-numbers-box").border_title = "Live, from the code"

    # -- computing ------------------------------------------------------------------------------

    def start(self) -> None:
        """Compute the numbers the first time the section is shown."""
        if not self.started:
            self.started = True
            self.recompute()

    def recompute(self) -> None:
        self.run_compute(self.arguments())

    def arguments(self) -> Any:
        """What :meth:`compute` needs, read on the UI thread (input values, the order)."""
        return None

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_compute(self, arguments: Any) -> None:
        try:
            data = self.compute(arguments)
        except Exception as err:  # shown as a notification; the lesson goes on
            self.app.call_from_thread(self.failed, err)
            return
        self.app.call_from_thread(self.computed, arguments, data)

    def compute(self, arguments: Any) -> Any:
        """The section's numbers (runs in a thread), or None if the input gives nothing to compute."""
        raise NotImplementedError

    def computed(self, arguments: Any, data: Any) -> None:
        if arguments != self.arguments():  # an older input's answer is dropped
            return
        if data is None:
            self.numbers_static.update(Text(self.PROMPT, style="dim italic"))
        self.data = data

    def failed(self, err: BaseException) -> None:
        self.numbers_static.update(Text(one_line(err), style="italic"))
        report(self, err, f"{self.TITLE}")

    # -- stepping -------------------------------------------------------------------------------

    def count(self) -> int:
        """How many steps the section has (0: it does not step)."""
        return 0

    def first_step(self) -> int:
        """Where the section starts once computed (Home still goes to the first step)."""
        return 0

    def go(self, step: int) -> None:
        """Show ``step``, kept within the section's steps."""
        self.step = max(0, min(self.count(), step))

    def cycle(self) -> bool:
        """The section's "next input" key (another order, the longer sequence); False if none."""
        return False

    # -- drawing --------------------------------------------------------------------------------

    @property
    def numbers_static(self) -> Static:
        return self.query_one(".lesson-numbers", Static)

    def watch_data(self) -> None:
        self.step = self.first_step()
        self.draw()

    def watch_step(self) -> None:
        self.draw()

    def draw(self) -> None:
        if self.data is None or not self.is_mounted:
            return
        try:
            self.numbers_static.update(self.numbers(self.data, self.step))
        except Exception as err:  # a drawing bug must not end the session
            report(self, err, f"Cannot draw {self.TITLE}")

    def numbers(self, data: Any, step: int) -> RenderableType:
        """The live numbers for ``step`` (a pure renderable)."""
        raise NotImplementedError
