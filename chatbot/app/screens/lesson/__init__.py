"""Lesson mode: shared/LECTURE.md, live, with numbers from the real code.

Each section puts the lecture's equation beside numbers the project's own
cells and shipped models compute. PageDown/PageUp (or n/p, or 1-8) move between
sections; the step keys of step mode (←/→, Space, Home/End) step inside one;
``o`` gives a section its next input (another order, the longer sequence).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Static

from chatbot.app.actions import STEP_ALIASES, Command, bindings, step_commands
from chatbot.app.renderables.lesson import section_list
from chatbot.app.screens.lesson.live import CompareSection, EncodingSection, OcclusionSection, VariantsSection
from chatbot.app.screens.lesson.section import Section
from chatbot.app.screens.lesson.worked import ElmanSection, LstmSection, MatrixSection, ParamsSection

SECTIONS: tuple[type[Section], ...] = (
    EncodingSection,
    CompareSection,
    ElmanSection,
    MatrixSection,
    VariantsSection,
    LstmSection,
    ParamsSection,
    OcclusionSection,
)
PLAY_SECONDS = 0.8


class LessonScreen(Screen[None]):
    """The lecture, one section at a time."""

    AUTO_FOCUS = ""  # nothing: the step keys work at once; Tab (or a click) reaches an input box

    DEFAULT_CSS = """
    LessonScreen #lesson-toc { height: auto; padding: 0 1; }
    LessonScreen ContentSwitcher { height: 1fr; }
    """

    COMMANDS_LIST = (
        Command("pagedown", "next_section", "Section ▶", "The lesson's next section."),
        Command("pageup", "previous_section", "Section ◀", "The lesson's previous section."),
        *step_commands("step"),
        Command("o", "next_input", "Next input", "Reorder §4's inputs; switch §8 to the longer sequence."),
        Command("escape", "app.open('lesson')", "Close", "Back to the chat."),
    )
    BINDINGS = (
        bindings(COMMANDS_LIST)
        + bindings(
            [
                Command("n", "next_section", "Section ▶", "", show=False),
                Command("p", "previous_section", "Section ◀", "", show=False),
                *STEP_ALIASES,
            ]
        )
        + bindings([Command(str(k), f"section({k - 1})", f"§{k}", "", show=False) for k in range(1, 9)])
    )

    section: reactive[int] = reactive(0, init=False)
    """Which section is shown (0-based, in :data:`SECTIONS` order)."""

    def __init__(self, section: int = 0) -> None:
        super().__init__()
        self._start_at = section
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-toc")
        with ContentSwitcher(initial=f"lesson-{self._start_at}"):
            for k, cls in enumerate(SECTIONS):
                yield cls(id=f"lesson-{k}")
        yield Footer()

    def on_mount(self) -> None:
        self.section = self._start_at
        self.watch_section()

    @property
    def current(self) -> Section:
        """The section on screen."""
        return self.query_one(f"#lesson-{self.section}", Section)

    def watch_section(self) -> None:
        self._stop()
        self.query_one(ContentSwitcher).current = f"lesson-{self.section}"
        self.query_one("#lesson-toc", Static).update(section_list([s.SHORT for s in SECTIONS], self.section))
        self.sub_title = f"Lesson {self.section + 1}/{len(SECTIONS)}: {SECTIONS[self.section].TITLE}"
        self.current.start()
        self.set_focus(None)

    # -- keys ------------------------------------------------------------------------------------

    def action_next_section(self) -> None:
        self.section = (self.section + 1) % len(SECTIONS)

    def action_previous_section(self) -> None:
        self.section = (self.section - 1) % len(SECTIONS)

    def action_section(self, index: int) -> None:
        self.section = max(0, min(len(SECTIONS) - 1, index))

    def action_back(self) -> None:
        self._stop()
        self.current.go(self.current.step - 1)

    def action_forward(self) -> None:
        self.current.go(self.current.step + 1)

    def action_first(self) -> None:
        self._stop()
        self.current.go(0)

    def action_last(self) -> None:
        self._stop()
        self.current.go(self.current.count())

    def action_next_input(self) -> None:
        self._stop()
        if not self.current.cycle():
            self.notify("this section has no other input; type in its box instead", timeout=2)

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            return
        section = self.current
        if section.step >= section.count():
            section.go(0)
        self._timer = self.set_interval(PLAY_SECONDS, self._tick)

    def _tick(self) -> None:
        section = self.current
        section.go(section.step + 1)
        if section.step >= section.count():  # stop at once, so the next Space plays again
            self._stop()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
