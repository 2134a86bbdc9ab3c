"""Pilot tests: the app driven by key presses, as a user would (see ``test_app_support``)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import test_app_support as support
from test_app_renderables import plain
from test_app_support import SIZE, make_app, notes, send, settle, shown, start, type_draft, until
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from chatbot.app.screens.compare import CompareScreen, Comparison, verdict
from chatbot.app.widgets.memory_panel import MemoryPanel
from chatbot.app.widgets.slot_card import SlotCard
from chatbot.app.widgets.token_strip import TokenStripView
from chatbot.app.widgets.transcript import ChatMessage
from chatbot.dialogue import BookingStore
from model.tagger import MAX_TOKENS, Tagger

pytestmark = pytest.mark.anyio
anyio_backend = support.anyio_backend  # fixtures shared by the app's test modules
ff_model_dir = support.ff_model_dir

# -- the conversation ------------------------------------------------------------------------


async def test_app_books_a_ticket_end_to_end(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await send(pilot, "leave Taipei on November 2nd")
        assert app.turn is not None and app.turn.state == "asking" and app.turn.requested == "destination"
        await send(pilot, "arrive Tokyo")
        assert app.turn.state == "confirming"
        await send(pilot, "yes")
        assert app.turn.state == "booked" and app.turn.booking is not None
        ref = app.turn.booking.ref
        assert ref in shown(app.query_one(SlotCard))
        assert f"Your reference is {ref}" in app.query(ChatMessage).last().text
    saved = BookingStore(tmp_path / "bookings.sqlite3").all()
    rows = [(b.ref, b.departure, b.destination, b.time_value) for b in saved]
    assert rows == [(ref, "Taipei", "Tokyo", "2027-11-02")]


async def test_app_corrects_a_slot(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await send(pilot, "leave Taipei on November 2nd")
        await send(pilot, "arrive Tokyo")
        await send(pilot, "no, arrive London")
        assert app.turn is not None and app.turn.changed == ("destination",)
        destination = app.turn.slots["destination"]
        assert destination is not None and destination.text == "London" and destination.turn_index == 3
        card = shown(app.query_one(SlotCard))
        london = next(line for line in card.splitlines() if "London" in line)
        assert "Tokyo" not in card and london.lstrip("│ ").startswith("●")  # ● marks what this turn changed


async def test_app_answers_what_was_typed_while_the_model_loaded(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chatbot.app.session import Session

    gate = threading.Event()
    real_load = Session.load

    def slow_load(self: Session, name: str) -> Any:
        gate.wait(10)
        return real_load(self, name)

    monkeypatch.setattr(Session, "load", slow_load)
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"leave Taipei")
        assert not app.ready and app.chat_input.value == "leave Taipei"
        assert "loading" in app.sub_title
        await pilot.press("enter", *"arrive")
        gate.set()
        await until(pilot, lambda: app.turn is not None)
        assert app.turn.user == "leave Taipei"
        await until(pilot, lambda: app.trace is not None and app.trace.text == "arrive")
        assert app.chat_input.value == "arrive"


async def test_app_shows_user_markup_literally(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await send(pilot, "[bold]Taipei[/bold] [red]x", keys=True)
        user = [m for m in app.query(ChatMessage) if m.speaker == "user"][-1]
        assert "[bold]Taipei[/bold] [red]x" in shown(user)


# -- the memory panel ------------------------------------------------------------------------


async def test_app_memory_panel_follows_keystrokes_and_view_keys(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await type_draft(pilot, "leave Taipei")
        panel = app.query_one(MemoryPanel)
        assert panel.shown_text == "leave Taipei"
        assert [t.token.label for t in app.trace.tokens] == ["O", "B-departure"]
        await pilot.press("f5")
        assert app.view.state == "c" and "c: cell state" in shown(panel.query_one("#memory-header"))
        await pilot.press("f5", "f5", "f5")
        assert app.view.state == "g"
        await pilot.press("f7")
        assert app.view.order == "sorted"
        await pilot.press("alt+left")
        assert app.selected == 0
        await pilot.press("alt+left", "alt+right", "alt+right")
        assert app.selected == 1
        await pilot.press(*" on")
        await until(pilot, lambda: app.trace is not None and len(app.trace.tokens) == 3)
        assert app.selected is None  # a new keystroke follows the newest token again


async def test_app_long_paste_draws_the_window_of_the_selected_token(trained_model_dir: Path, tmp_path: Path) -> None:
    size = MAX_TOKENS
    text = "to Paris " * size + "at noon"  # two windows, and two tokens in a third
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.chat_input.post_message(events.Paste(text))
        await until(pilot, lambda: app.trace is not None and app.trace.text == text)
        await pilot.pause()
        strip, panel = app.query_one(TokenStripView), app.query_one(MemoryPanel)
        assert strip.border_title == f"Tokens · draft · tokens {2 * size + 1:,}–{2 * size + 2:,} of {2 * size + 2:,}"
        assert panel.border_title == f"Memory · tokens {2 * size + 1:,}–{2 * size + 2:,} of {2 * size + 2:,}"
        heatmap = panel.query_one("#heatmap", Static).content
        assert heatmap.matrix.tokens == ("at", "noon") and heatmap.selected == 1
        await pilot.press("alt+left", "alt+left")  # "at", then the window before's last token
        await pilot.pause()
        assert app.selected == 2 * size - 1
        heatmap = panel.query_one("#heatmap", Static).content
        assert len(heatmap.matrix.tokens) == size and heatmap.selected == size - 1
        assert strip.border_title.endswith(f"tokens {size + 1:,}–{2 * size:,} of {2 * size + 2:,}")


async def test_app_paste_of_several_lines_keeps_them_all(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await type_draft(pilot, "I want to go ")
        app.chat_input.post_message(events.Paste("from Taipei\r\nto Tokyo\u2028\n  tomorrow at 9\n"))
        text = "I want to go from Taipei to Tokyo tomorrow at 9"
        await until(pilot, lambda: app.trace is not None and app.trace.text == text)
        assert app.chat_input.value == text and app.chat_input.cursor_position == len(text)


async def test_app_token_card_shows_a_type_read_in_hindsight(tmp_path: Path) -> None:
    # The shipped default: at "Gdansk" nothing says which end it is; at "departing" it is known.
    from chatbot.app.widgets.token_detail import TokenDetail

    app = make_app("lstm", tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot)
        await type_draft(pilot, "Gdansk, departing Saturday")
        assert [t.token.label for t in app.trace.tokens] == ["B-departure", "O", "O", "B-time"]
        await pilot.press("alt+left", "alt+left", "alt+left", "alt+left")
        assert app.selected == 0
        await pilot.pause()
        card = " ".join(shown(app.query_one(TokenDetail)).split())
        assert "type read in hindsight at 'departing'" in card
        assert "in hindsight the last slot read," in card and "'Gdansk', is" in card  # wrapped in the box


async def test_app_latest_keystroke_wins(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press(*"arrive Tokyo on 5pm")
        await settle(pilot)
        await until(pilot, lambda: app.trace is not None and app.trace.text == "arrive Tokyo on 5pm")
        assert app.query_one(MemoryPanel).shown_text == "arrive Tokyo on 5pm"


# -- teaching views --------------------------------------------------------------------------


async def test_app_steps_through_a_sentence(trained_model_dir: Path, tmp_path: Path) -> None:
    from chatbot.app.screens.step import StepScreen

    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.chat_input.value = "arrive Taipei on November 2nd"
        await pilot.press("f2")
        screen = app.screen
        assert isinstance(screen, StepScreen)
        await until(pilot, lambda: screen.steps is not None)
        assert screen.step == 1 and screen.steps.count == 5
        await pilot.press("right", "right")
        assert screen.step == 3
        assert "reads “on”" in shown(screen.query_one("#step-text"))
        assert "before" in shown(screen.query_one("#before-after")) and "▼on" in shown(screen.query_one("#so-far"))
        await pilot.press("left")
        assert screen.step == 2
        await pilot.press("end")
        assert screen.step == 5
        await pilot.press("right")
        assert screen.step == 5
        await pilot.press("home", "space")
        await until(pilot, lambda: screen.step == 3)  # playing
        await pilot.press("space")
        paused = screen.step
        await pilot.pause(1.0)
        assert screen.step == paused
        await pilot.press("escape")
        assert not isinstance(app.screen, StepScreen)


@asynccontextmanager
async def compare_screen(model_dir: Path, ff_dir: Path, tmp_path: Path) -> AsyncIterator[tuple[Pilot, CompareScreen]]:
    """The app on ``model_dir``, with ``ff_dir`` as its ff model, waited for and with F3 pressed."""
    app = make_app(model_dir, tmp_path, compare_model=str(ff_dir))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("f3")
        assert isinstance(app.screen, CompareScreen)
        yield pilot, app.screen


async def compared(pilot: Pilot, screen: CompareScreen, done: Callable[[Comparison], bool] = bool) -> Comparison:
    """The screen's comparison, once there is one for which ``done`` holds."""
    await until(pilot, lambda: (c := getattr(screen, "comparison", None)) is not None and done(c))
    return screen.comparison


async def test_app_compares_arrive_and_leave(trained_model_dir: Path, ff_model_dir: Path, tmp_path: Path) -> None:
    async with compare_screen(trained_model_dir, ff_model_dir, tmp_path) as (pilot, screen):
        c = await compared(pilot, screen)
        assert c.ff_a is not None and c.ff_b is not None
        assert c.a.tokens[1].token.label == "B-destination" and c.b.tokens[1].token.label == "B-departure"
        assert c.ff_a.tokens[1].label == c.ff_b.tokens[1].label  # no memory: it cannot tell them apart
        verdict = " ".join(shown(screen.query_one("#compare-verdict")).split())
        assert "“Taipei” differently" in verdict and "cannot tell them apart" in verdict
        assert "arrive/leave" in shown(screen.query_one("#difference"))
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, CompareScreen)


async def test_app_compares_a_long_text_by_its_first_window(
    trained_model_dir: Path, ff_model_dir: Path, tmp_path: Path
) -> None:
    async with compare_screen(trained_model_dir, ff_model_dir, tmp_path) as (pilot, screen):
        screen.query_one("#first", Input).value = "arrive Taipei " * MAX_TOKENS  # 1,024 tokens
        c = await compared(pilot, screen, lambda c: c.cut)
        assert len(c.a.tokens) == MAX_TOKENS and len(c.b.tokens) == 5
        assert c.ff_a is not None and len(c.ff_a.tokens) == MAX_TOKENS
        await pilot.pause()
        assert screen.query_one("#table-box").border_title == f"Per token · the first {MAX_TOKENS} tokens of each"


@pytest.mark.parametrize(
    ("first", "second", "said"),
    [
        ("leave Taipei", "leave Taipei", "gives every shared word the same label"),
        ("I want to arrive in Taipei", "leave Taipei on November 2nd", "No word stands at the same place"),
    ],
)
def test_compare_verdict_speaks_of_shared_words_only_where_there_are_some(
    trained_tagger: Tagger, first: str, second: str, said: str
) -> None:
    # With no word at the same place, "every shared word" would be true of none.
    a, b = trained_tagger.trace(first), trained_tagger.trace(second)
    ff_a, ff_b = trained_tagger.tag(first), trained_tagger.tag(second)
    text = verdict(Comparison(a, b, ff_a, ff_b, None)).plain
    assert said in text
    assert ("ff model" in text) == (said != "No word stands at the same place")


async def test_app_compare_takes_a_paste_of_several_lines_whole(
    trained_model_dir: Path, ff_model_dir: Path, tmp_path: Path
) -> None:
    async with compare_screen(trained_model_dir, ff_model_dir, tmp_path) as (pilot, screen):
        first = screen.query_one("#first", Input)
        first.value = ""
        first.post_message(events.Paste("arrive\nTaipei"))
        await compared(pilot, screen, lambda c: c.a.text == "arrive Taipei")
        assert first.value == "arrive Taipei"


async def test_app_switches_model_and_keeps_the_conversation(
    trained_model_dir: Path, ff_model_dir: Path, tmp_path: Path
) -> None:
    from chatbot.app.screens.models import ModelScreen

    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await send(pilot, "leave Taipei on November 2nd")
        before = app.session.dialogue
        await pilot.press("f4")
        assert isinstance(app.screen, ModelScreen)
        await pilot.click("#model-path")
        app.screen.query_one("#model-path", Input).value = str(ff_model_dir)
        await pilot.press("enter")
        await until(pilot, lambda: app.model_name == str(ff_model_dir))
        assert app.session.dialogue is before and app.session.tagger.config.cell == "ff"
        assert "tiny-ff · feedforward" in app.sub_title
        texts = [m.text for m in app.query(ChatMessage)]
        assert "leave Taipei on November 2nd" in texts and any(t.startswith("Switched to tiny-ff") for t in texts)
        assert app.turn is not None and app.turn.slots["departure"] is not None  # the slots are kept
        await send(pilot, "arrive Tokyo")
        assert app.turn.slots["departure"] is not None and app.turn.slots["time"] is not None


async def test_app_switching_to_a_bidirectional_model_shows_both_halves(
    trained_model_dir: Path, make_tagger: Callable[..., Any], tmp_path: Path
) -> None:
    from model.checkpoint import save_tagger

    bidirectional = save_tagger(make_tagger(cell="lstm", bidirectional=True), tmp_path / "bi-lstm")
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await type_draft(pilot, "leave Taipei")
        await pilot.press("f5")  # c, on the old model: the new one has it too
        app.switch_model(str(bidirectional))
        await until(pilot, lambda: app.session.tagger is not None and app.session.tagger.config.bidirectional)
        await until(pilot, lambda: app.trace is not None and app.trace.config.bidirectional)
        await settle(pilot)
        assert app.view.direction == "both" and app.view.state == "c"
        heatmap = shown(app.query_one(MemoryPanel).query_one("#heatmap"))
        assert "forward →" in heatmap and "backward ←" in heatmap


async def test_app_model_switcher_lists_shipped_models_and_rejects_non_models(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import OptionList

    from chatbot.app import catalogue
    from model import load_tagger

    shipped = tmp_path / "shipped"
    (shipped / "lstm").mkdir(parents=True)
    for part in ("config.json", "weights.safetensors"):
        (shipped / "lstm" / part).write_bytes((trained_model_dir / part).read_bytes())
    monkeypatch.setattr(catalogue, "SHIPPED", shipped)
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        seen = notes(app, monkeypatch)
        await pilot.press("f4")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        prompt = plain(options.get_option_at_index(0).prompt)
        tagger = load_tagger(trained_model_dir)  # the switcher reads the same facts without torch
        assert prompt.split()[0] == "lstm" and tagger.config.describe() in prompt
        assert f"{tagger.parameter_count:,} params" in prompt
        await pilot.click("#model-path")
        app.screen.query_one("#model-path", Input).value = str(tmp_path)
        await pilot.press("enter")
        assert seen and "not a model directory" in seen[-1][0] and seen[-1][1]["severity"] == "error"


# -- a good Textual app ----------------------------------------------------------------------


async def test_app_saves_a_screenshot(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = tmp_path / "slotbot-20261122-103000.svg"
    assert saved.is_file() and saved.read_text(encoding="utf-8").lstrip().startswith("<svg")


async def test_app_palette_offers_the_footer_actions(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"compare")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))


async def test_app_palette_lists_every_footer_action_with_its_key(trained_model_dir: Path, tmp_path: Path) -> None:
    from textual.command import CommandList, CommandPalette

    from chatbot.app.actions import APP_COMMANDS, key_label

    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count >= len(APP_COMMANDS))
        listed = "\n".join(plain(commands.get_option_at_index(i).prompt) for i in range(commands.option_count))
        for command in APP_COMMANDS:
            assert command.title in listed and f"{key_label(command.key)} · {command.help}" in listed


async def test_app_help_explains_the_views_and_lists_every_key(trained_model_dir: Path, tmp_path: Path) -> None:
    from textual.widgets import Markdown

    from chatbot.app.actions import APP_COMMANDS
    from chatbot.app.screens.help import GUIDE, HelpScreen, keys_table

    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one(Markdown)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
    assert "forget gate (open = keep, closed = forget)" in GUIDE
    assert all(command.title in keys_table() for command in APP_COMMANDS)


async def test_app_resizes_down_to_80x24(trained_model_dir: Path, tmp_path: Path) -> None:
    from chatbot.app.widgets.token_detail import TokenDetail

    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await start(pilot)
        app.chat_input.value = "arrive Taipei on November 2nd"
        await until(pilot, lambda: app.trace is not None and len(app.trace.tokens) == 5)
        assert app.query_one(TokenDetail).display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.has_class("-narrow") and not app.query_one(TokenDetail).display
        assert "Taipei" in shown(app.query_one(MemoryPanel).query_one("#heatmap"))
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.has_class("-narrow")


async def test_app_theme_key_cycles_themes(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        first = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != first and app.theme in app.available_themes


# -- errors become notifications -------------------------------------------------------------


async def test_app_damaged_model_becomes_a_notification(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for part in ("config.json", "vocab.json"):
        (damaged / part).write_bytes((trained_model_dir / part).read_bytes())
    (damaged / "weights.safetensors").write_bytes(b"not weights")
    app = make_app(damaged, tmp_path)
    seen = notes(app, monkeypatch)  # before the start: a damaged model fails fast
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(seen))
        message, options = seen[-1]
        assert "weights.safetensors is damaged" in message and options["severity"] == "error"
        assert "\n" not in message and "Traceback" not in message
        assert not app.ready and "press F4" in app.sub_title


async def test_app_worker_errors_become_notifications(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        seen = notes(app, monkeypatch)

        def broken(text: str) -> Any:
            raise RuntimeError("the tagger broke\nsecond line")

        monkeypatch.setattr(app.session, "trace", broken)
        monkeypatch.setattr(app.session, "turn", broken)
        await pilot.press("x")
        await until(pilot, lambda: len(seen) >= 1)
        await pilot.press("enter")
        await until(pilot, lambda: len(seen) >= 2)
        assert {m for m, _ in seen} == {"the tagger broke"}  # the first line only, never a traceback
        assert all(kw["severity"] == "error" for _, kw in seen)
        assert app.is_running


def test_app_missing_model_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    from chatbot.cli import main

    assert main(["--model", "no-such-model"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("slotbot: error: no model named 'no-such-model'") and "\n" not in err


def test_app_bad_now_is_one_line_and_exit_2(trained_model_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chatbot.cli import main

    assert main(["--model", str(trained_model_dir), "--now", "tomorrowish"]) == 2
    assert "--now" in capsys.readouterr().err
