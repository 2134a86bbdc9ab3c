"""The app's drawing and numbers, tested without starting the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest
from rich.console import Console, RenderableType

from chatbot.app import memory, views
from chatbot.app.renderables.bars import ProbabilityBars, bar
from chatbot.app.renderables.heatmap import GLYPHS, Heatmap, cell_text, legend, level
from chatbot.app.renderables.slot_table import SlotCard
from chatbot.app.renderables.token_card import token_card
from chatbot.app.renderables.token_strip import StripToken, TokenStrip, place, token_at
from chatbot.app.stepping import before_after, feed, gate_means
from chatbot.app.views import Matrix, MemoryView
from chatbot.dialogue import Dialogue
from model.tagger import MAX_TOKENS, Tagger

SENTENCE = "arrive Taipei on November 2nd"


def plain(renderable: RenderableType, width: int = 100) -> str:
    """What a terminal without colour shows."""
    console = Console(width=width, color_system=None, record=True, legacy_windows=False)
    console.print(renderable)
    return console.export_text()


def grid(values: list[list[float]], tokens: tuple[str, ...] = ("a", "b")) -> Matrix:
    array = np.array(values, dtype=float)
    return Matrix(array, tuple(range(len(values))), tokens, (("forward →", len(values)),), 1.0, bool((array < 0).any()))


# -- heatmap ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (0.0, True, " ·"),
        (0.01, True, " ·"),
        (0.5, True, "+▄"),
        (-0.5, True, "-▄"),
        (1.0, True, "+█"),
        (0.5, False, " ▄"),
    ],
)
def test_heatmap_cell_text_shows_sign_and_bar(value: float, signed: bool, expected: str) -> None:
    assert cell_text(value, 1.0, signed) == expected


def test_heatmap_level_uses_all_eight_glyphs_and_clips() -> None:
    assert [level(k / 8, 1.0) for k in range(9)] == list(range(9))
    assert level(3.0, 1.0) == 8 and level(0.5, 0.0) == 0
    assert len(GLYPHS) == 8


def test_heatmap_reads_without_colour() -> None:
    text = plain(Heatmap(grid([[1.0, -0.25], [0.0, 0.5]], ("Taipei", "on"))))
    lines = text.splitlines()
    assert lines[0].split() == ["Taipei", "on"]
    assert lines[1].split() == ["u0", "+█", "-▂"]
    assert lines[2].split() == ["u1", "·", "+▄"]


def test_heatmap_marks_selected_and_fresh_columns() -> None:
    heatmap = Heatmap(grid([[0.1, 0.2]], ("leave", "Taipei")), selected=1, fresh=1)
    assert "▼Taipei" in plain(heatmap)
    console = Console(width=80, color_system="truecolor", record=True)
    console.print(heatmap)
    assert "\x1b[" in console.export_text(styles=True)  # colour too, when the terminal has it


def test_heatmap_labels_forward_and_backward_halves() -> None:
    matrix = Matrix(np.ones((2, 1)), (0, 0), ("x",), (("forward →", 1), ("backward ←", 1)), 1.0, False)
    text = plain(Heatmap(matrix))
    assert text.index("forward →") < text.index("backward ←")


def test_heatmap_clips_long_tokens_with_an_ellipsis() -> None:
    assert "Constantinop…" not in plain(Heatmap(grid([[0.0]], ("Constantinople",))))
    assert "…" in plain(Heatmap(grid([[0.0]], ("Constantinople",))))


def test_heatmap_legend_spans_the_scale() -> None:
    pieces = [text for text, _ in legend(2.0, signed=True)]
    assert pieces[0].strip() == "-2" and pieces[-1].strip() == "+2"
    assert "-█" in pieces and "+█" in pieces and " ·" in pieces


# -- bars ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, "    "), (1.0, "████"), (0.5, "██  "), (0.125, "▌   "), (1 / 32, "▏   "), (2.0, "████")],
)
def test_bars_fill_in_eighths(fraction: float, expected: str) -> None:
    assert bar(fraction, 4) == expected


def test_bars_list_labels_most_likely_first_with_numbers() -> None:
    text = plain(ProbabilityBars(["O", "B-destination", "B-departure"], [0.1, 0.85, 0.05], bar_width=8))
    rows = [line.split()[0] for line in text.splitlines()]
    assert rows == ["B-destination", "O", "B-departure"]
    assert "0.850" in text and "0.050" in text


def test_bars_keep_only_the_top() -> None:
    assert len(plain(ProbabilityBars(["a", "b", "c"], [0.2, 0.5, 0.3], top=2)).splitlines()) == 2


# -- token strip -----------------------------------------------------------------------------


def test_token_strip_wraps_columns_to_the_width() -> None:
    assert place([4, 6, 2], width=12) == [(0, 0, 4), (0, 5, 6), (1, 0, 2)]
    assert token_at([4, 6, 2], 12, x=6, y=1) == 1
    assert token_at([4, 6, 2], 12, x=0, y=3) == 2
    assert token_at([4, 6, 2], 12, x=4, y=0) is None  # the gap


def test_token_strip_shows_words_labels_and_probabilities() -> None:
    tokens = [StripToken("leave", "O", 0.99), StripToken("Taipei", "B-departure", 0.97)]
    lines = plain(TokenStrip(tokens)).splitlines()
    assert lines[0].split() == ["leave", "Taipei"]
    assert lines[1].split() == ["O", "B-departure"]
    assert lines[2].split() == ["0.99", "0.97"]
    assert len(plain(TokenStrip(tokens, lines=2)).splitlines()) == 2


def test_token_strip_leaves_unread_tokens_unlabelled() -> None:
    tokens = [StripToken("leave", "O", 0.99), StripToken("Taipei", "B-departure", 0.97)]
    lines = plain(TokenStrip(tokens, unread=1)).splitlines()
    assert lines[0].split() == ["leave", "Taipei"] and lines[1].split() == ["O"]


def test_token_strip_shows_markup_literally() -> None:
    assert "[bold]" in plain(TokenStrip([StripToken("[bold]", "O", 1.0)]))


# -- slot card -------------------------------------------------------------------------------


def test_slot_table_shows_values_confidence_turn_and_reference(trained_tagger: Tagger) -> None:
    dialogue = Dialogue(trained_tagger, now=lambda: datetime(2026, 11, 22, 10, 30))
    assert "no conversation yet" in plain(SlotCard(None))
    first = dialogue.turn("leave Taipei on November 2nd")
    lines = plain(SlotCard(first), width=60).splitlines()
    words = lines[0].split()
    assert words[:2] == ["●departure", "Taipei"] and words[-1].endswith("%")
    assert lines[1].split() == ["turn", "1"]
    assert lines[2].split() == ["destination", "?", "asking"]
    assert lines[3].split()[:5] == ["●time", "Tue", "2", "Nov", "2027"]
    assert lines[4].split() == ["turn", "1", "·", "2027-11-02", "·", "“November", "2nd”"]
    dialogue.turn("arrive Tokyo")
    booked = dialogue.turn("yes")
    text = plain(SlotCard(booked), width=60)
    assert booked.booking is not None and booked.booking.ref in text and "booked" in text
    narrow = plain(SlotCard(booked), width=36).splitlines()
    assert narrow[0].split()[:2] == ["from", "Taipei"] and narrow[0].split()[-1] == "t1" and len(narrow) == 4
    assert all(len(line) <= 36 for line in narrow)


# -- memory views ----------------------------------------------------------------------------


def test_shown_window_is_the_tagger_window_that_holds_the_selection(trained_tagger: Tagger) -> None:
    size = MAX_TOKENS
    short = trained_tagger.trace("leave Taipei")
    assert views.shown_window(short, None) == (0, short) and views.window_note(short, 0, 2) == ""
    long = trained_tagger.trace("to Paris " * size + "at noon")  # two windows, and two tokens in a third
    assert len(long.tokens) == 2 * size + 2
    first, shown = views.shown_window(long, None)  # the last token's window
    assert first == 2 * size and [t.token.text for t in shown.tokens] == ["at", "noon"]
    for selected, start in [(0, 0), (size - 1, 0), (size, size), (2 * size + 1, 2 * size), (10**6, 2 * size)]:
        first, shown = views.shown_window(long, selected)
        assert first == start and shown.tokens == long.tokens[start : start + size]
    assert views.window_note(long, size, size) == f" · tokens {size + 1:,}–{2 * size:,} of {2 * size + 2:,}"


def test_memory_matrix_has_a_column_per_token_and_a_row_per_unit(trained_tagger: Tagger) -> None:
    trace = trained_tagger.trace(SENTENCE)
    natural = memory.matrix(trace, MemoryView(order="natural"))
    hidden = trained_tagger.config.hidden
    assert natural.values.shape == (hidden, 5) and natural.units == tuple(range(hidden))
    assert np.allclose(natural.values[:, 1], trace.tokens[1].states[0].h)
    top = memory.matrix(trace, MemoryView(order="top"), k=4)
    assert top.values.shape == (4, 5)
    activity = memory.activity(natural.values)
    assert list(top.units) == list(np.argsort(-activity, kind="stable")[:4])
    assert memory.matrix(trace, MemoryView(state="c")).scale >= 1.0


def test_memory_views_cycle_through_states_layers_and_orders(make_tagger: Callable[..., Tagger]) -> None:
    config = make_tagger(cell="lstm", bidirectional=True, layers=2).config
    view = MemoryView()
    states = [view.state]
    for _ in range(6):
        view = views.next_state(view, config)
        states.append(view.state)
    assert states == ["h", "c", "i", "f", "g", "o", "h"]
    places = []
    for _ in range(6):
        view = views.next_layer(view, config)
        places.append((view.layer, view.direction))
    assert places == [(0, "backward"), (1, "both"), (1, "forward"), (1, "backward"), (0, "both"), (0, "forward")]
    assert [views.next_order(MemoryView(order=o)).order for o in views.ORDERS] == ["sorted", "natural", "top"]
    gru = make_tagger(cell="gru").config
    assert views.fit_view(MemoryView(state="c", layer=1, direction="both"), gru) == MemoryView(state="h")


def test_memory_bidirectional_halves_are_drawn_apart(make_tagger: Callable[..., Tagger]) -> None:
    trace = make_tagger(cell="gru", bidirectional=True).trace(SENTENCE)
    both = memory.matrix(trace, MemoryView(state="z", direction="both", order="natural"))
    assert [title for title, _ in both.blocks] == ["forward →", "backward ←"]
    hidden = trace.config.hidden
    assert np.allclose(both.values[hidden:, 0], trace.tokens[0].states[1].gates["z"])
    units = memory.top_units(trace, 0, MemoryView(direction="both"), n=3)
    assert len(units) == 3 and {d for d, _, _ in units} <= {"forward", "backward"}


def test_memory_difference_is_zero_only_where_nothing_differs(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger(cell="lstm")
    a, b = tagger.trace("arrive Taipei on November 2nd"), tagger.trace("leave Taipei on November 2nd")
    diff = memory.difference(a, b, MemoryView(order="natural"))
    assert diff.tokens[0] == "arrive/leave" and diff.tokens[1] == "Taipei"
    assert np.abs(diff.values).max() > 0
    assert memory.distance(a, a) == [0.0] * 5
    ff = make_tagger(cell="ff")
    gaps = memory.distance(ff.trace("arrive Taipei"), ff.trace("leave Taipei"))
    assert gaps[0] > 0 and gaps[1] == pytest.approx(0.0)  # no memory: same word, same state


def test_token_card_says_where_a_span_type_was_read(trained_tagger: Tagger) -> None:
    # Alone, "Dortmund" looks like the start of "Dortmund station Uppsala"; the
    # span's last word ("station", nothing after it) reads a destination.
    trace = trained_tagger.trace("Dortmund station ?")
    rows = {
        "Dortmund": ("B-destination", "B-departure"),  # (its label, its own most likely label)
        "station": ("I-destination", "I-destination"),
        "?": ("O", "O"),
    }
    tokens = []
    for t in trace.tokens:
        label, likeliest = rows[t.token.text]
        probs = np.full(len(trace.labels), 0.05, dtype=np.float32)
        probs[trace.labels.index(likeliest)] = 1 - 0.05 * (len(trace.labels) - 1)
        typed_at = 1 if label != "O" else len(tokens)  # as the reader types a two-word span
        tokens.append(replace(t, token=t.token._replace(label=label), probs=probs, typed_at=typed_at))
    trace = replace(trace, tokens=tuple(tokens))
    assert "type read at 'station'" in plain(token_card(trace, 0, MemoryView()))
    assert "type read at" not in plain(token_card(trace, 1, MemoryView()))
    assert "type read at" not in plain(token_card(trace, 2, MemoryView()))


def test_token_card_shows_hindsight_on_the_last_slot_read(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger(seed=1, lookahead=1, hindsight=True)
    trace = tagger.trace("Gdansk , departing Saturday")
    labels = ("B-destination", "O", "O", "B-time")
    tokens = []
    for t, label in zip(trace.tokens, labels):
        probs = np.full(len(trace.labels), 0.05, dtype=np.float32)
        probs[trace.labels.index("B-departure" if t.token.text == "Gdansk" else label)] = 0.7
        after = np.array([0.9, 0.05, 0.05] if t.token.text == "departing" else [0.1, 0.8, 0.1], dtype=np.float32)
        typed_at = 2 if t.token.text == "Gdansk" else trace.tokens.index(t)
        tokens.append(replace(t, token=t.token._replace(label=label), probs=probs, hindsight=after, typed_at=typed_at))
    trace = replace(trace, tokens=tuple(tokens))
    first, cue = plain(token_card(trace, 0, MemoryView())), plain(token_card(trace, 2, MemoryView()))
    assert "type read in hindsight at 'departing'" in first
    assert "the last slot read, 'Gdansk', is" in first and "the last slot read, 'Gdansk', is" in cue
    section = cue.split("the last slot read, 'Gdansk', is")[1].split("most active units")[0]
    rows = [line.split() for line in section.strip().splitlines()]
    assert [(r[0], r[-1]) for r in rows] == [("departure", "0.900"), ("destination", "0.050"), ("time", "0.050")]
    no_span_yet = replace(trace, tokens=(replace(tokens[0], token=tokens[0].token._replace(label="O")), *tokens[1:]))
    assert "no slot read yet" in plain(token_card(no_span_yet, 0, MemoryView()))
    assert "in hindsight" not in plain(token_card(make_tagger().trace("Gdansk"), 0, MemoryView()))


def test_token_card_tells_known_words_from_other(trained_tagger: Tagger) -> None:
    trace = trained_tagger.trace("arrive Gandalf")
    known, unknown = plain(token_card(trace, 0, MemoryView())), plain(token_card(trace, 1, MemoryView()))
    assert "arrive" in known and "entry" in known
    assert "other" in unknown and "not in the vocabulary" in unknown
    assert "#ga gan and nda dal alf lf#" in unknown
    assert "slot probabilities" in unknown and "most active units" in unknown


def test_token_card_tells_a_word_of_a_name_held_whole_from_the_word_alone(make_tagger: Callable[..., Tagger]) -> None:
    trace = make_tagger(place_spans=True).trace("I am sad to leave Novi Sad")
    cards = [plain(token_card(trace, i, MemoryView())) for i in (2, 6)]
    assert "a word of a longer place name" in cards[0]  # "sad": a word of "Novi Sad", typed alone
    assert "in a longer place name, here whole" in cards[1]


# -- step mode -------------------------------------------------------------------------------


def test_stepping_feeds_prefixes_and_shows_memory_before_and_after(trained_tagger: Tagger) -> None:
    steps = feed(trained_tagger, SENTENCE)
    assert steps.count == 5 and [len(p.tokens) for p in steps.prefixes] == [1, 2, 3, 4, 5]
    h, c = before_after(steps, 1, 0, "lstm")
    hidden = trained_tagger.config.hidden
    assert h.tokens == ("before", "after", "change") and h.values.shape == c.values.shape == (hidden, 3)
    assert np.allclose(h.values[:, 0], 0.0) and np.allclose(c.values[:, 0], 0.0)  # the memory starts at zero
    h, c = before_after(steps, 3, 0, "lstm")
    rows = np.array(h.units)
    assert np.allclose(h.values[:, 0], steps.prefixes[1].tokens[1].states[0].h[rows])  # before = h_2
    assert np.allclose(h.values[:, 1], steps.prefixes[2].tokens[2].states[0].h[rows])  # after = h_3
    assert np.allclose(c.values[:, 2], c.values[:, 1] - c.values[:, 0])
    change = np.abs(h.values[:, 2])
    assert list(change) == sorted(change, reverse=True)  # the units that changed most first
    assert before_after(steps, 3, 0, "ff") == []
    assert [name for name, *_ in gate_means(steps, 3, 0, "lstm")] == ["i", "f", "o"]


def test_memory_a_view_for_another_model_draws_what_this_one_has(make_tagger: Callable[..., Tagger]) -> None:
    # After a model switch the old trace may meet the new model's view for a moment.
    trace = make_tagger(cell="gru").trace(SENTENCE)
    drawn = memory.matrix(trace, MemoryView(state="c", layer=1, direction="both", order="natural"))
    assert [title for title, _ in drawn.blocks] == ["forward →"]
    assert np.allclose(drawn.values[:, 0], trace.tokens[0].states[0].h)
    assert memory.top_units(trace, 0, MemoryView(state="i", direction="backward"), n=2)


def test_slot_table_wraps_a_long_value_instead_of_cutting_it(trained_tagger: Tagger) -> None:
    dialogue = Dialogue(trained_tagger, now=lambda: datetime(2026, 11, 22, 10, 30))
    turn = dialogue.turn("leave Taipei on November 2nd")
    lines = plain(SlotCard(turn, compact=True), width=24).splitlines()
    assert lines[2].split()[:4] == ["●time", "Tue", "2", "Nov"] and lines[2].split()[-1] == "t1"
    assert lines[3].strip() == "2027"  # the rest of the value, under it
    assert "…" not in "\n".join(lines[:4]) and all(len(line) <= 24 for line in lines)
