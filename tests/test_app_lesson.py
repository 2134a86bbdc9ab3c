"""The lesson screen (F8): every section's numbers equal shared/LECTURE.md, keys and palette reach it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import test_app_support as support
from test_app_renderables import plain
from test_app_support import SIZE, make_app, shown, start, until
from textual.pilot import Pilot

from chatbot.app.renderables.lesson import elman_view, lstm_view, matrix_view, params_view, section_list
from chatbot.app.renderables.lesson_live import short_label, signed_glyph
from chatbot.app.screens.lesson import SECTIONS, LessonScreen
from chatbot.app.screens.lesson.worked import ElmanSection, LstmSection, MatrixSection, ParamsSection
from model.lesson import elman, lstm, matrix, params

pytestmark = pytest.mark.anyio
anyio_backend = support.anyio_backend

Snap = Callable[..., bool]
ELMAN, MATRIX, LSTM, PARAMS = (SECTIONS.index(cls) for cls in (ElmanSection, MatrixSection, LstmSection, ParamsSection))


# -- the drawings, without the app ----------------------------------------------------------


def test_lesson_elman_view_fills_memory_one_step_at_a_time() -> None:
    assert "┃ 0 │ 0 ┃ → ┃ · │ · ┃" in plain(elman_view(elman(), 0))
    text = plain(elman_view(elman(), 3))
    assert "┃ 0 │ 0 ┃ → ┃ 2 │ 2 ┃ → ┃ 6 │ 6 ┃ → ┃ 16 │ 16 ┃" in text
    assert "outputs [4,4], [12,12], [32,32]" in text
    reordered = plain(elman_view(elman((3, 1, 2)), 3))
    assert "┃ 4 │ 4 ┃ → ┃ 10 │ 10 ┃ → ┃ 22 │ 22 ┃" in reordered
    assert "outputs [8,8], [20,20], [44,44]" in reordered


def test_lesson_elman_view_hides_steps_not_reached() -> None:
    text = plain(elman_view(elman(), 1))
    assert "[4,4]" in text and "[12,12]" not in text and "[16,16]" not in text


def test_lesson_matrix_view_shows_lecture_hidden_states_and_counts() -> None:
    text = plain(matrix_view(matrix(), 3), width=120)
    for h in ("[3,1,5]", "[8,9,12]", "[11,29,22]"):
        assert h in text
    assert "27 (= 3*9)" in text and "input 54" in text and "18,000" in text
    assert "[11,29,22]" not in plain(matrix_view(matrix(), 2), width=120)


@pytest.mark.parametrize(
    ("sequence", "memory", "output"),
    [("short", "3 7 7 7 0", "0 0 0 7 0"), ("long", "0 3 3 7 7 7 0 6 6", "0 0 0 0 0 7 0 0 6")],
)
def test_lesson_lstm_view_matches_lecture(sequence: str, memory: str, output: str) -> None:
    example = lstm(sequence)  # type: ignore[arg-type]
    text = plain(lstm_view(example, len(example.steps)), width=120)
    assert f"memory {memory}\n" in text and f"output {output}\n" in text


def test_lesson_lstm_view_gives_exact_values_of_the_step() -> None:
    text = plain(lstm_view(lstm(), 3), width=120)
    assert "memory 6.999773, output 0.000318" in text
    assert "memory 3 7 7\n" in text


def test_lesson_params_view_shows_four_and_three_times() -> None:
    text = plain(params_view(params()), width=120)
    assert "LSTM / Elman = 4   GRU / Elman = 3   GRU / LSTM = 0.75" in text
    assert "a quarter fewer" in text and "132" in text and "99" in text and "33" in text


def test_lesson_small_drawings() -> None:
    assert "▶3 RNN" in section_list(["a", "b", "RNN"], 2).plain
    assert (signed_glyph(0.0, 1.0), signed_glyph(2.0, 1.0), short_label("B-destination")) == ("▄", "█", "B-dest")


# -- the screen ------------------------------------------------------------------------------


async def open_lesson(pilot: Pilot, section: int) -> LessonScreen:
    await start(pilot)
    await pilot.press("f8")
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    await pilot.press(str(section + 1))
    await until(pilot, lambda: screen.current.data is not None)
    await pilot.pause()
    return screen


def numbers(screen: LessonScreen) -> str:
    return shown(screen.current.numbers_static)


async def test_lesson_elman_steps_and_reorders(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, ELMAN)
        assert "[2,2]" not in numbers(screen).split("memory")[1].splitlines()[0]
        await pilot.press("right")
        assert "┃ 2 │ 2 ┃ → ┃ · │ · ┃" in numbers(screen)
        await pilot.press("right", "right", "right")  # one too many: stays at the last step
        text = numbers(screen)
        assert screen.current.step == 3 and "[32,32]" in text and "┃ 16 │ 16 ┃" in text
        await pilot.press("left")
        assert "[32,32]" not in numbers(screen)
        await pilot.press("o")
        await until(pilot, lambda: screen.current.data.order == (3, 1, 2))
        await pilot.press("end")
        await pilot.pause()
        assert "[8,8], [20,20], [44,44]" in numbers(screen)


async def test_lesson_matrix_lstm_and_params_on_screen(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, MATRIX)
        await pilot.press("end")
        await pilot.pause()
        assert "[11,29,22]" in numbers(screen) and "27 (= 3*9)" in numbers(screen)
        await pilot.press(str(LSTM + 1))
        await until(pilot, lambda: screen.current.data is not None)
        await pilot.press("end")
        await pilot.pause()
        assert "memory 3 7 7 7 0" in numbers(screen) and "output 0 0 0 7 0" in numbers(screen)
        await pilot.press("o")
        await until(pilot, lambda: screen.current.data.sequence == "long")
        await pilot.press("end")
        await pilot.pause()
        assert "memory 0 3 3 7 7 7 0 6 6" in numbers(screen)
        await pilot.press(str(PARAMS + 1))
        await until(pilot, lambda: screen.current.data is not None)
        await pilot.pause()
        assert "GRU / Elman = 3" in numbers(screen) and "LSTM / Elman = 4" in numbers(screen)


async def test_lesson_pages_through_sections_and_closes(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, 0)
        await pilot.press("pagedown", "pagedown")
        assert screen.section == 2
        await pilot.press("pageup")
        assert screen.section == 1
        await pilot.press("pageup", "pageup")
        assert screen.section == len(SECTIONS) - 1  # wraps round
        await pilot.press("escape")
        assert not isinstance(app.screen, LessonScreen)


async def test_lesson_opens_from_the_palette(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lesson")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))


async def test_lesson_encoding_reads_a_typed_word(trained_model_dir: Path, tmp_path: Path) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, 0)
        assert "other" in numbers(screen) and "#ga" in numbers(screen)
        from textual.widgets import Input

        screen.current.query_one(Input).value = "[bold]apple"
        await until(pilot, lambda: screen.current.data[0].word == "[bold]apple")
        await pilot.pause()
        assert "[bold]apple" in numbers(screen)  # user text is never markup


# -- snapshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("section", [ELMAN, MATRIX, LSTM, PARAMS, 0, 1])
def test_lesson_snapshot(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path, section: int) -> None:
    async def run(pilot: Pilot) -> None:
        screen = await open_lesson(pilot, section)
        await pilot.press("end")
        await pilot.pause()
        await until(pilot, lambda: screen.current.step == screen.current.count())

    assert snap_compare(make_app(trained_model_dir, tmp_path), terminal_size=SIZE, run_before=run)
