"""Helpers shared by the app's tests (no tests here): a fixed app, waiting, reading the screen.

Every app runs on a fixed model (the tiny tagger trained in ``conftest``,
which knows "arrive X" -> destination and "leave X" -> departure), with the
clock pinned, no cursor blink, and bookings kept in ``tmp_path``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import SMALL, booking_sentences
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from chatbot.app.app import SlotbotApp
from chatbot.app.widgets.transcript import ChatMessage
from chatbot.dialogue import Booking, BookingDraft
from model.config import TaggerConfig, TrainConfig

NOW = datetime(2026, 11, 22, 10, 30)
SIZE = (120, 40)


@pytest.fixture
def anyio_backend() -> str:
    """The async tests run on anyio's pytest plugin, with asyncio (Textual's loop)."""
    return "asyncio"


class FixedStore:
    """A booking store whose references are always K7Q2MX (for snapshots)."""

    def __init__(self) -> None:
        self.saved: list[Booking] = []

    def save(self, draft: BookingDraft) -> Booking:
        booking = Booking(**asdict(draft), ref="K7Q2MX")
        self.saved.append(booking)
        return booking


def make_app(model: Path | str, tmp_path: Path, **options: Any) -> SlotbotApp:
    """The app on a fixed model, a pinned clock and a private bookings file."""
    options.setdefault("db", tmp_path / "bookings.sqlite3")
    return SlotbotApp(str(model), now=lambda: NOW, screenshot_dir=tmp_path, blink=False, **options)


@pytest.fixture(scope="session")
def ff_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A feedforward tagger (no memory) trained on the same sentences."""
    from model.checkpoint import save_tagger
    from model.train import train

    data = booking_sentences()
    config = TaggerConfig(cell="ff", **{**SMALL, "hidden": 16})
    tagger = train(data, data[:10], config, TrainConfig(epochs=12, batch_size=8, lr=0.02, patience=12, seed=7)).tagger
    return save_tagger(tagger, tmp_path_factory.mktemp("models") / "tiny-ff")


async def until(pilot: Pilot, done: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until ``done()`` (workers report back through the message queue)."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not get there in time")
        await pilot.pause(0.02)


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start(pilot: Pilot) -> SlotbotApp:
    app = pilot.app
    assert isinstance(app, SlotbotApp)
    await until(pilot, lambda: app.ready)
    return app


async def type_draft(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)
    app = pilot.app
    assert isinstance(app, SlotbotApp)
    await until(pilot, lambda: app.trace is not None and app.trace.text == text)
    await pilot.pause()


async def send(pilot: Pilot, text: str, keys: bool = False) -> None:
    """Put ``text`` in the input box (key by key if ``keys``), press Enter, wait for the answer."""
    app = pilot.app
    assert isinstance(app, SlotbotApp)
    replies = len([m for m in app.query(ChatMessage) if m.speaker == "bot"])
    if keys:
        await pilot.press(*text)
    else:
        app.chat_input.value = text  # the same route as typing (Input.Changed), faster
    await pilot.press("enter")
    await until(pilot, lambda: len([m for m in app.query(ChatMessage) if m.speaker == "bot"]) > replies)
    await settle(pilot)


def shown(widget: Widget) -> str:
    """The widget's text as it is drawn on screen."""
    width, height = widget.outer_size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def notes(app: SlotbotApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Record the app's notifications."""
    seen: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: seen.append((str(message), kw)))
    return seen
