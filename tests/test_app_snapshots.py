"""SVG snapshots of the app's screens, made deterministic: a fixed size, the
fixed tiny model from ``conftest``, a pinned clock, fixed booking references
and no cursor blink. Update with ``--snapshot-update`` only after looking at
the diff (``snapshot_report.html``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import test_app_support as support
from test_app_support import FixedStore, make_app, send, until
from textual.pilot import Pilot

from chatbot.app.app import SlotbotApp

ff_model_dir = support.ff_model_dir  # a fixture shared by the app's test modules

Snap = Callable[..., bool]


async def ready(pilot: Pilot) -> SlotbotApp:
    app = pilot.app
    assert isinstance(app, SlotbotApp)
    await until(pilot, lambda: app.ready)
    return app


async def draft(pilot: Pilot, text: str) -> None:
    app = pilot.app
    assert isinstance(app, SlotbotApp)
    app.chat_input.value = text
    await until(pilot, lambda: app.trace is not None and app.trace.text == text)
    await pilot.pause()


def conversation(*turns: str, then: str = "") -> Callable[[Pilot], Awaitable[None]]:
    """Run ``turns`` through the dialogue, then leave ``then`` in the input box."""

    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        for turn in turns:
            await send(pilot, turn)
        if then:
            await draft(pilot, then)

    return run


def app_on(model: Path, tmp_path: Path, **options: Any) -> SlotbotApp:
    return make_app(model, tmp_path, store=FixedStore(), **options)


def test_app_snapshot_chat_with_a_draft(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    run = conversation("leave Taipei on November 2nd", then="arrive Tokyo on March 3rd")
    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(120, 40), run_before=run)


def test_app_snapshot_booked_with_a_token_selected(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await conversation("leave Taipei on November 2nd", "arrive Tokyo", "yes", then="arrive Gandalf")(pilot)
        await pilot.press("alt+right", "alt+left", "f5")  # select "arrive"; the cell state c

    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(160, 48), run_before=run)


def test_app_snapshot_small_terminal(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    run = conversation("leave Taipei on November 2nd", then="arrive Tokyo on March 3rd")
    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(80, 24), run_before=run)


def test_app_snapshot_bidirectional_halves(snap_compare: Snap, make_tagger: Callable[..., Any], tmp_path: Path) -> None:
    from model.checkpoint import save_tagger

    model = save_tagger(make_tagger(seed=3, cell="gru", bidirectional=True), tmp_path / "bi-gru")

    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await draft(pilot, "leave Taipei on November 2nd")
        await pilot.press("f5", "f5")  # z: the update gate, both directions

    assert snap_compare(app_on(model, tmp_path), terminal_size=(120, 40), run_before=run)


def test_app_snapshot_step_mode(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await draft(pilot, "I would like to arrive Taipei on November 2nd")
        await pilot.press("f2")
        screen = pilot.app.screen
        await until(pilot, lambda: getattr(screen, "steps", None) is not None)
        await pilot.press("right", "right", "right", "right")

    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(120, 40), run_before=run)


def test_app_snapshot_compare(snap_compare: Snap, trained_model_dir: Path, ff_model_dir: Path, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("f3")
        screen = pilot.app.screen
        await until(pilot, lambda: getattr(screen, "comparison", None) is not None)
        screen.set_focus(None)  # no focused input: no selection highlight in the picture

    app = app_on(trained_model_dir, tmp_path, compare_model=str(ff_model_dir))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run)


def test_app_snapshot_help(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("f1")

    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(120, 40), run_before=run)


def test_app_snapshot_model_switcher(
    snap_compare: Snap,
    trained_model_dir: Path,
    make_tagger: Callable[..., Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chatbot.app import catalogue
    from model.checkpoint import save_tagger

    shipped = tmp_path / "shipped"
    save_tagger(make_tagger(cell="gru"), shipped / "gru")
    save_tagger(make_tagger(cell="lstm", bidirectional=True), shipped / "bilstm")
    save_tagger(make_tagger(cell="ff"), shipped / "ff")
    (shipped / "lstm").mkdir(parents=True)
    for part in ("config.json", "weights.safetensors"):
        (shipped / "lstm" / part).write_bytes((trained_model_dir / part).read_bytes())
    monkeypatch.setattr(catalogue, "SHIPPED", shipped)

    async def run(pilot: Pilot) -> None:
        await ready(pilot)
        await pilot.press("f4")

    assert snap_compare(app_on(trained_model_dir, tmp_path), terminal_size=(80, 24), run_before=run)
