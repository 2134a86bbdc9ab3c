"""The model switcher: every shipped model, or a model directory.

Each is listed with its cell type and parameter count, read from its files
without loading it. Picking one loads it in the background; the conversation
is kept and goes on with the new tagger.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from chatbot.app import catalogue
from chatbot.app.screens import slotbot


def option_row(info: catalogue.ModelInfo, current: bool) -> Table:
    """One row: a mark for the current model, its name, what it is, its size and score."""
    row = Table.grid(padding=(0, 1), expand=True)
    row.add_column(width=1)
    row.add_column(width=8, no_wrap=True, style="bold")
    row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    row.add_column(no_wrap=True, justify="right", style="dim")
    score = f"  F1 {100 * info.f1:.1f}" if info.f1 is not None else ""
    row.add_row("●" if current else "", info.name, info.description, f"{info.parameters:,} params{score}")
    return row


class ModelScreen(ModalScreen[None]):
    """Pick the model the chat and the memory panel use."""

    DEFAULT_CSS = """
    ModelScreen { align: center middle; }
    ModelScreen > Vertical {
        width: 90%;
        max-width: 96;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-color: $text-accent;
        background: $surface;
        padding: 0 1;
    }
    ModelScreen OptionList { height: auto; max-height: 14; }
    ModelScreen Label { margin-top: 1; color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        current = slotbot(self.app).model_name
        options = []
        for name in catalogue.shipped():
            try:
                options.append(Option(option_row(catalogue.describe(name), name == current), id=name))
            except ValueError as err:
                options.append(Option(Text(f"  {name}: {err}", style="dim"), id=name, disabled=True))
        with Vertical() as box:
            box.border_title = "Models · Enter to switch · Esc to close"
            yield OptionList(*options) if options else Label("no shipped models are installed")
            yield Label("or a model directory:")
            yield Input(placeholder="path/to/model", id="model-path")

    def on_mount(self) -> None:
        if self.query(OptionList):
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.choose(str(event.option.id))

    @on(Input.Submitted, "#model-path")
    def pick_path(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.choose(event.value.strip())

    def choose(self, name: str) -> None:
        problem = catalogue.problem(name)
        if problem is not None:
            self.notify(problem, title="Model", severity="error")
            return
        self.dismiss()
        slotbot(self.app).switch_model(name)
