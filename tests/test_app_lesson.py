"""The lesson screen (F8): every section's numbers equal shared/LECTURE.md, keys and palette reach it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import test_app_support as support
from test_app_renderables import plain
from test_app_support import SIZE, make_app, shown, start, until
from textual.pilot import Pilot
from textual.widgets import Input

import chatbot.app.screens.lesson as lesson
from chatbot.app.renderables.lesson import elman_view, lstm_view, matrix_view, params_view, section_list
from chatbot.app.renderables.lesson_live import short_label, signed_glyph
from chatbot.app.screens.lesson import SECTIONS, LessonScreen
from chatbot.app.screens.lesson.live import (
    DISTANCE_MODELS,
    DISTANCE_SENTENCE,
    VARIANT_MODELS,
    VARIANTS_SENTENCE,
    OcclusionSection,
    VariantsSection,
)
from chatbot.app.screens.lesson.occlusion import occlude
from chatbot.app.screens.lesson.worked import ElmanSection, LstmSection, MatrixSection, ParamsSection
from model import load_tagger
from model.lesson import elman, lstm, matrix, params
from model.tagger import Tagger, TokenTrace

pytestmark = pytest.mark.anyio
anyio_backend = support.anyio_backend

Snap = Callable[..., bool]
ELMAN, MATRIX, VARIANTS, LSTM, PARAMS, DISTANCE = (
    SECTIONS.index(cls)
    for cls in (ElmanSection, MatrixSection, VariantsSection, LstmSection, ParamsSection, OcclusionSection)
)


@pytest.fixture(scope="module")
def shipped() -> dict[str, Tagger]:
    """The shipped models the variants and distance sections read, loaded here apart from the app."""
    return {name: load_tagger(name) for name in {*VARIANT_MODELS, *DISTANCE_MODELS}}


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
    assert (short_label("I-departure"), short_label("B-time"), short_label("O")) == ("I-dep", "B-time", "O")


@pytest.mark.parametrize("name", DISTANCE_MODELS)
def test_lesson_occlude_explains_the_label_the_app_shows(shipped: dict[str, Tagger], name: str) -> None:
    # A multi-word name takes its type at its last word, so a token's shown label is not always its own argmax.
    words = "juniper tapas bar ? Antwerp station - Hengyang , single .".split()
    shown = [t.label for t in shipped[name].tag_tokens(words).tokens]
    assert [occlude(shipped[name], words, k).label for k in range(len(words))] == shown


@pytest.mark.parametrize("name", DISTANCE_MODELS)
def test_lesson_occlude_matches_blanking_by_hand(shipped: dict[str, Tagger], name: str) -> None:
    import torch

    tagger, words = shipped[name], DISTANCE_SENTENCE.split()
    index = len(words) - 1
    result = occlude(tagger, words, index)
    net = tagger.network
    with torch.no_grad():
        x = net.encoder(net.encoder.batch([words]))[0]  # (time, features)

        def blanked(blank: int | None) -> torch.Tensor:
            one = x.clone()
            if blank is not None:
                one[blank] = 0.0
            return one

        # One forward pass over the intact sentence and every blanked copy, built one by one
        # (one batch, as occlude runs it: float32 sums then agree to the last bits).
        rows = torch.stack([blanked(None), *(blanked(j) for j in range(index))])
        logits = net.forward_vectors(rows, torch.full((len(rows),), len(words))).logits
        table = logits[:, index].softmax(-1)
        intact = table[0]
        best = tagger.labels.index(tagger.tag_tokens(words).tokens[index].label)
        drops = [float(intact[best] - table[1 + j][best]) for j in range(index)]
    tagged = tagger.tag_tokens(words).tokens[index]
    assert result.label == tagger.labels[best] == tagged.label
    assert result.prob == pytest.approx(tagged.prob, abs=1e-6)
    assert result.drops == pytest.approx(drops, abs=1e-6)
    assert any(abs(d) > 0.01 for d in drops)  # the comparison is not between zeros


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
        screen.current.query_one(Input).value = "[bold]apple"
        await until(pilot, lambda: screen.current.data[0].word == "[bold]apple")
        await pilot.pause()
        assert "[bold]apple" in numbers(screen)  # user text is never markup


async def test_lesson_space_plays_to_the_end_and_pauses(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lesson, "PLAY_SECONDS", 0.25)
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, ELMAN)
        section = screen.current
        assert section.step == 0
        await pilot.press("space")
        await until(pilot, lambda: section.step == section.count())  # no more keys: it steps by itself
        await pilot.pause()  # the numbers grew a line: let the layout catch up before reading the screen
        assert "outputs [4,4], [12,12], [32,32]" in numbers(screen)
        await pilot.press("space")  # at the end: from the start again
        await until(pilot, lambda: section.step == 1)
        await pilot.press("space")
        paused = section.step
        await pilot.pause(1.0)  # four ticks' time
        assert section.step == paused < section.count()


def table_rows(text: str, words: list[str]) -> list[list[str]]:
    """The variants table's rows below its header, split into cells (▶ marks the chosen token)."""
    lines = text.splitlines()
    top = next(k for k, line in enumerate(lines) if line.split()[:1] == ["token"])
    return [line.replace("▶", " ").split() for line in lines[top + 1 : top + 1 + len(words)]]


def memory_values(text: str, name: str) -> dict[str, float]:
    """The unit values the variants section writes out for one model (the line below its name)."""
    lines = text.splitlines()
    at = next(k for k, line in enumerate(lines) if line.split()[:2] == [name, "stores"])
    return {unit: float(value) for unit, value in re.findall(r"(\S+) ([+-]\d+\.\d{3})", lines[at + 1])}


def stored(tagger: Tagger, token: TokenTrace, unit: str) -> float:
    """One unit of what a model carries to the next word, read from its own trace (LECTURE §6, §7)."""
    forward, *backward = token.states
    if tagger.config.cell == "jordan":  # its output distribution y, one unit per label
        by_short = {short_label(label): k for k, label in enumerate(tagger.labels)}
        assert unit.startswith("y[")
        return float(forward.gates["y"][by_short[unit[2:-1]]])
    if tagger.config.bidirectional:  # c→ and c←, one LSTM each way
        state = forward if unit.startswith("c→") else backward[0]
        assert unit[:2] in ("c→", "c←")
        return float(state.c[int(unit[2:])])
    if tagger.config.cell == "lstm":  # the cell state c
        assert unit.startswith("c")
        return float(forward.c[int(unit[1:])])
    assert unit.startswith("h")  # Elman and GRU carry h
    return float(forward.h[int(unit[1:])])


def assert_variants_shown(text: str, shipped: dict[str, Tagger], sentence: str, chosen: int) -> None:
    traces = {name: shipped[name].trace(sentence) for name in VARIANT_MODELS}
    words = [t.token.text for t in traces["lstm"].tokens]
    rows = table_rows(text, words)
    assert [row[0] for row in rows] == words
    for k, name in enumerate(VARIANT_MODELS):
        assert [row[1 + 2 * k] for row in rows] == [short_label(t.token.label) for t in traces[name].tokens]
        values = memory_values(text, name)
        assert len(values) == 3
        for unit, value in values.items():
            assert value == pytest.approx(stored(shipped[name], traces[name].tokens[chosen], unit), abs=5e-4)


async def test_lesson_variants_show_each_models_labels_and_memory(
    trained_model_dir: Path, tmp_path: Path, shipped: dict[str, Tagger]
) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, VARIANTS)
        words = VARIANTS_SENTENCE.split()
        assert f"at {words[-1]} (token {len(words)})" in numbers(screen)
        await pilot.press("left", "left", "left")
        taipei = words.index("Taipei")
        assert f"at Taipei (token {taipei + 1})" in numbers(screen)
        assert_variants_shown(numbers(screen), shipped, VARIANTS_SENTENCE, taipei)


async def test_lesson_variants_follow_the_edited_sentence(
    trained_model_dir: Path, tmp_path: Path, shipped: dict[str, Tagger]
) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, VARIANTS)
        box = screen.current.query_one(Input)
        box.value = "arrive Boston tomorrow"
        await until(pilot, lambda: screen.current.data is not None and screen.current.data[0][0] == "arrive")
        await pilot.pause()
        text = numbers(screen)
        assert "Taipei" not in text and "at tomorrow (token 3)" in text
        assert_variants_shown(text, shipped, "arrive Boston tomorrow", 2)
        box.value = " "
        await until(pilot, lambda: screen.current.data is None)
        await pilot.pause()
        assert "type a sentence" in numbers(screen) and "Boston" not in numbers(screen)
        await pilot.press("left", "space", "end")  # nothing to step: the keys do no harm
        assert "type a sentence" in numbers(screen)


async def test_lesson_distance_chooses_tokens_and_prompts_for_empty(
    trained_model_dir: Path, tmp_path: Path, shipped: dict[str, Tagger]
) -> None:
    app = make_app(trained_model_dir, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(pilot, DISTANCE)
        words = DISTANCE_SENTENCE.split()
        last = len(words) - 1
        assert f"token {last + 1}: Taipei" in numbers(screen)
        row = next(line for line in numbers(screen).splitlines() if line.split()[:2] == [str(last), "leave"])
        shown_drops = [float(d) for d in re.findall(r"[+-]\d\.\d\d", row)]
        expected = [occlude(shipped[name], words, last).drops[0] for name in DISTANCE_MODELS]
        assert shown_drops == pytest.approx(expected, abs=0.005 + 1e-6)
        await pilot.press("left")
        assert f"token {last}: meetings" in numbers(screen)
        await pilot.press("right", "right")  # one too many: stays at the last token
        assert f"token {last + 1}: Taipei" in numbers(screen)
        await pilot.press("home")
        assert "token 1: leave" in numbers(screen) and "no earlier words" in numbers(screen)
        box = screen.current.query_one(Input)
        box.value = ""
        await until(pilot, lambda: screen.current.data is None)
        await pilot.pause()
        assert "type a sentence" in numbers(screen) and "computing" not in numbers(screen)
        box.value = "leave Taipei"
        await until(pilot, lambda: screen.current.data is not None)
        await pilot.pause()
        assert "token 2: Taipei" in numbers(screen)


# -- snapshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("section", [ELMAN, MATRIX, LSTM, PARAMS, 0, 1, VARIANTS, DISTANCE])
def test_lesson_snapshot(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path, section: int) -> None:
    async def run(pilot: Pilot) -> None:
        screen = await open_lesson(pilot, section)
        await pilot.press("end")
        await pilot.pause()
        await until(pilot, lambda: screen.current.step == screen.current.count())

    assert snap_compare(make_app(trained_model_dir, tmp_path), terminal_size=SIZE, run_before=run)


def test_lesson_snapshot_narrow(snap_compare: Snap, trained_model_dir: Path, tmp_path: Path) -> None:
    """At 80x24 the equation sits above the numbers, and the LSTM table keeps its full width."""

    async def run(pilot: Pilot) -> None:
        screen = await open_lesson(pilot, LSTM)
        await pilot.press("end")
        await until(pilot, lambda: screen.current.step == screen.current.count())
        await pilot.pause()
        assert "output g.   memory   output" in numbers(screen)

    assert snap_compare(make_app(trained_model_dir, tmp_path), terminal_size=(80, 24), run_before=run)
