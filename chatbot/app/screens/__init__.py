"""The app's other screens, by name: what ``action_open('name')`` opens.

A screen module is imported only when the screen is first opened, so none of
them delays the first frame. To add one (the lecture, say):

1. write ``chatbot/app/screens/lesson.py`` with a ``LessonScreen`` that
   needs no arguments (it reads what it needs from ``self.app``);
2. add ``"lesson": "chatbot.app.screens.lesson:LessonScreen"`` below;
3. add its key to ``chatbot.app.actions.APP_COMMANDS``:
   ``Command("f8", "open('lesson')", "Lesson", "...")``.

The footer, the command palette and the F1 help pick it up from there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from textual.app import App

    from chatbot.app.app import SlotbotApp

SCREENS: dict[str, str] = {
    "help": "chatbot.app.screens.help:HelpScreen",
    "step": "chatbot.app.screens.step:StepScreen",
    "compare": "chatbot.app.screens.compare:CompareScreen",
    "models": "chatbot.app.screens.models:ModelScreen",
    "lesson": "chatbot.app.screens.lesson:LessonScreen",
}


def screen_class(name: str) -> type[Screen]:
    """The screen class registered as ``name``."""
    module, _, cls = SCREENS[name].partition(":")
    return cast("type[Screen]", getattr(importlib.import_module(module), cls))


def open_screen(app: App, name: str) -> None:
    """Push the screen ``name``; if it is already on top, close it (the key toggles)."""
    cls = screen_class(name)
    if isinstance(app.screen, cls):
        app.pop_screen()
        return
    while len(app.screen_stack) > 1 and not isinstance(app.screen, cls):
        app.pop_screen()  # one view over the chat at a time: F2 from compare goes to step
    app.push_screen(cls())


def slotbot(app: App) -> SlotbotApp:
    """The app, typed (screens read the session, the view and the draft from it)."""
    return cast("SlotbotApp", app)
