"""The Textual app: chat, live slots, and the memory panel.

``slotbot`` with no subcommand calls :func:`run`. Layout of the package::

    app.py          the App: composes the screen, binds keys, routes messages
    app.tcss        the layout
    actions.py      every action: key, footer word, help (footer, palette, F1)
    palette.py      the command palette provider over that registry
    messages.py     the messages workers and widgets send
    errors.py       errors as one-line notifications
    session.py      the conversation and models, no UI (what workers call)
    catalogue.py    the models on offer, read without torch
    views.py        which part of the memory to draw, in the lecture's words
    memory.py       the memory panel's numbers: that part of a trace (numpy)
    stepping.py     step mode's numbers: a sentence fed token by token
    renderables/    drawing, testable without the app
    widgets/        the main screen's widgets
    screens/        help, step, compare, models (and room for more)

Importing this package imports neither torch nor the model: the first frame
never waits for them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def run(model: str | None = None, db: str | None = None, now: str | None = None) -> int:
    """Open the app; returns the exit code.

    A model name that is neither shipped nor a model directory is reported
    before the app starts, as one line and exit code 2 (``UserError``): there
    is nothing to show without a model. A model that exists but fails to load
    (damaged weights) can only be found by loading it, which happens in the
    background after the first frame; that becomes an error notification, and
    the app stays open so another model can be picked (F4).

    Args:
        model: A shipped model name or a model directory (default: ``lstm``).
        db: The bookings file (default: in the user's data folder).
        now: Pin the clock to this ISO date and time.

    Raises:
        UserError: The model does not exist, or ``now`` is not a date and time.
    """
    from chatbot.app import catalogue
    from chatbot.cli import UserError
    from model.config import DEFAULT_MODEL

    name = model or DEFAULT_MODEL
    if (problem := catalogue.problem(name)) is not None:
        raise UserError(problem)
    clock = datetime.now
    if now is not None:
        from chatbot.commands.chat import parse_now

        pinned = parse_now(now)
        clock = lambda: pinned  # noqa: E731
    from chatbot.app.app import SlotbotApp

    app = SlotbotApp(name, now=clock, db=Path(db) if db else None)
    app.run()
    return app.return_code or 0
