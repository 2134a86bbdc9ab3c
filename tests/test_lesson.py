"""The lecture's worked examples (LECTURE §4, §5, §8, §9) against its published numbers.

Every expected number below is copied from the lecture; the code computes
them with the tagger's own cells.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import torch
from torch import nn

from chatbot.cli import main
from model import lesson
from model.cells import ElmanCell, GRUCell, LSTMCell

ROOT = Path(__file__).resolve().parents[1]

# LECTURE §4
ELMAN_TABLE = [  # input, memory before, hidden, output
    ([1, 1], [0, 0], [2, 2], [4, 4]),
    ([1, 1], [2, 2], [6, 6], [12, 12]),
    ([2, 2], [6, 6], [16, 16], [32, 32]),
]
ELMAN_312_HIDDEN = [[4, 4], [10, 10], [22, 22]]
ELMAN_312_OUTPUT = [[8, 8], [20, 20], [44, 44]]

# LECTURE §5
MATRIX_X = [[0, 1, 0, 1, 0, 1], [0, 2, 1, 3, 0, 0], [1, 1, 2, 1, 0, 0]]
MATRIX_W = [[1, 1, 0, 1, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1, 1], [2, 1, 1, 1, 2, 3, 2, 0, 0]]
MATRIX_H = [[3, 1, 5], [8, 9, 12], [11, 29, 22]]

# LECTURE §8
LSTM_SHORT_INPUTS = [[3, 1, 0], [4, 1, 0], [2, 0, 0], [1, 0, 1], [3, -1, 0]]
LSTM_SHORT_MEMORY = ["3.000000", "7.000000", "6.999773", "6.999501", "0.000000"]
LSTM_SHORT_OUTPUT = ["0.000136", "0.000318", "0.000318", "6.999501", "0.000000"]
LSTM_SHORT_MEMORY_ROUNDED = [3, 7, 7, 7, 0]
LSTM_SHORT_OUTPUT_ROUNDED = [0, 0, 0, 7, 0]
LSTM_LONG_X1 = [1, 3, 2, 4, 2, 1, 3, 6, 1]
LSTM_LONG_X2 = [0, 1, 0, 1, 0, 0, -1, 1, 0]
LSTM_LONG_X3 = [0, 0, 0, 0, 0, 1, 0, 0, 1]
LSTM_LONG_MEMORY = [0, 3, 3, 7, 7, 7, 0, 6, 6]
LSTM_LONG_OUTPUT = [0, 0, 0, 0, 0, 7, 0, 0, 6]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lesson", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    code, out, err = run_cli(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    assert out.endswith("\n") and out.count("\n") == 1  # one JSON object, one line
    return json.loads(out)


# LECTURE §4 ---------------------------------------------------------------------


def test_lesson_elman_matches_lecture_table() -> None:
    steps = lesson.elman().steps
    assert [(list(s.input), list(s.memory), list(s.hidden), list(s.output)) for s in steps] == ELMAN_TABLE


def test_lesson_elman_same_input_different_output() -> None:
    first, second, _ = lesson.elman().steps
    assert first.input == second.input == (1, 1)
    assert first.output != second.output
    assert first.memory != second.memory


def test_lesson_elman_order_312_matches_lecture() -> None:
    example = lesson.elman((3, 1, 2))
    assert [list(s.input) for s in example.steps] == [[2, 2], [1, 1], [1, 1]]
    assert [list(s.hidden) for s in example.steps] == ELMAN_312_HIDDEN
    assert [list(s.output) for s in example.steps] == ELMAN_312_OUTPUT
    assert example.caption.startswith("Order matters")


@pytest.mark.parametrize("order", list(itertools.permutations((1, 2, 3))))
def test_lesson_elman_any_order_feeds_back_the_memory(order: tuple[int, ...]) -> None:
    steps = lesson.elman(order).steps
    inputs = {1: (1, 1), 2: (1, 1), 3: (2, 2)}
    assert [s.input for s in steps] == [inputs[n] for n in order]
    assert steps[0].memory == (0, 0)
    for before, after in itertools.pairwise(steps):
        assert after.memory == before.hidden  # the memory holds the last hidden values
    for s in steps:  # every weight 1: each unit sums both inputs and both memories
        assert s.hidden == (sum(s.input) + sum(s.memory),) * 2
        assert s.output == (2 * s.hidden[0],) * 2


@pytest.mark.parametrize("order", [(1, 2), (1, 1, 2), (0, 1, 2), (1, 2, 3, 4), ("1", "2", "3"), (True, 2, 3), ()])
def test_lesson_elman_rejects_bad_order(order: tuple) -> None:
    with pytest.raises(ValueError, match="order") as info:
        lesson.elman(order)
    assert "\n" not in str(info.value)


# LECTURE §5 ---------------------------------------------------------------------


def test_lesson_matrix_matches_lecture() -> None:
    example = lesson.matrix()
    assert [list(s.input) for s in example.steps] == MATRIX_X
    assert [list(s.hidden) for s in example.steps] == MATRIX_H


def test_lesson_matrix_splits_w_into_the_cells_weights() -> None:
    example = lesson.matrix()
    assert [list(row) for row in example.W] == MATRIX_W
    assert [list(row) for row in example.W_xh] == [row[:6] for row in MATRIX_W]
    assert [list(row) for row in example.W_hh] == [row[6:] for row in MATRIX_W]


def test_lesson_matrix_by_hand_agrees_with_the_cell() -> None:
    w, h = torch.tensor(MATRIX_W), torch.zeros(3, dtype=torch.int64)
    for x, expected in zip(MATRIX_X, MATRIX_H):
        h = torch.relu(w @ torch.cat([torch.tensor(x), h]))
        assert h.tolist() == expected


def test_lesson_matrix_parameter_counts_match_lecture() -> None:
    example = lesson.matrix()
    assert example.recurrent_weights == 3 * 9 == 27
    assert example.recurrent_weights == sum(p.numel() for p in ElmanCell(6, 3, bias=False).parameters())
    assert example.feedforward_weights == 54
    assert example.long_steps == 1000
    assert example.feedforward_weights_long == 18_000


# LECTURE §8 ---------------------------------------------------------------------


def test_lesson_lstm_matches_lecture_memory() -> None:
    steps = lesson.lstm().steps
    assert [list(s.input) for s in steps] == LSTM_SHORT_INPUTS
    assert [f"{s.memory:.6f}" for s in steps] == LSTM_SHORT_MEMORY
    assert [round(s.memory) for s in steps] == LSTM_SHORT_MEMORY_ROUNDED


def test_lesson_lstm_matches_lecture_output() -> None:
    steps = lesson.lstm("short").steps
    assert [f"{s.output:.6f}" for s in steps] == LSTM_SHORT_OUTPUT
    assert [round(s.output) for s in steps] == LSTM_SHORT_OUTPUT_ROUNDED


def test_lesson_lstm_long_matches_lecture() -> None:
    steps = lesson.lstm("long").steps
    assert [list(s.input) for s in steps] == [list(x) for x in zip(LSTM_LONG_X1, LSTM_LONG_X2, LSTM_LONG_X3)]
    assert [s.memory for s in steps] == pytest.approx(LSTM_LONG_MEMORY, abs=1e-3)
    assert [s.output for s in steps] == pytest.approx(LSTM_LONG_OUTPUT, abs=1e-3)


def test_lesson_lstm_gates_do_what_the_lecture_says() -> None:
    for s in lesson.lstm("long").steps:
        x1, x2, x3 = s.input
        assert s.input_gate == pytest.approx(1.0 if x2 == 1 else 0.0, abs=1e-4)  # x2 = 1 writes
        assert s.forget_gate == pytest.approx(0.0 if x2 == -1 else 1.0, abs=1e-4)  # x2 = -1 erases
        assert s.output_gate == pytest.approx(1.0 if x3 == 1 else 0.0, abs=1e-4)  # x3 = 1 reads


def test_lesson_lstm_rejects_unknown_sequence() -> None:
    with pytest.raises(ValueError, match="short"):
        lesson.lstm("medium")  # type: ignore[arg-type]


# LECTURE §5, §7, §9 -------------------------------------------------------------


def test_lesson_params_default_counts() -> None:
    example = lesson.params()
    assert (example.input_size, example.hidden_size) == (6, 3)
    assert {c.kind: c.parameters for c in example.cells} == {
        "ff": 3 * 6 + 3,
        "elman": 3 * 6 + 3 * 3 + 2 * 3,
        "jordan": 3 * 6 + 3 * 3 + 2 * 3 + 3 * 3 + 3,
        "lstm": 4 * 33,
        "gru": 3 * 33,
    }


@pytest.mark.parametrize(("i", "h"), [(6, 3), (1, 1), (300, 128), (50, 7)])
def test_lesson_params_equal_torch_modules(i: int, h: int) -> None:
    example = lesson.params(i, h)
    reference = {"elman": nn.RNNCell(i, h), "lstm": nn.LSTMCell(i, h), "gru": nn.GRUCell(i, h)}
    for kind, module in reference.items():
        assert example.count(kind) == sum(p.numel() for p in module.parameters())
    for c in example.cells:
        assert c.torch_parameters in (None, c.parameters)
    assert example.count("lstm") == sum(p.numel() for p in LSTMCell(i, h).parameters())
    assert example.count("gru") == sum(p.numel() for p in GRUCell(i, h).parameters())


@pytest.mark.parametrize(("i", "h"), [(6, 3), (1, 1), (300, 128)])
def test_lesson_params_ratios_lstm_4x_gru_3x_a_quarter_fewer(i: int, h: int) -> None:
    assert lesson.params(i, h).ratios == {"lstm/elman": 4.0, "gru/elman": 3.0, "gru/lstm": 0.75}


def test_lesson_params_caption_corrects_a_third_fewer() -> None:
    caption = lesson.params().caption
    assert "3/4" in caption and "a quarter fewer" in caption and "a third fewer" in caption


@pytest.mark.parametrize(("i", "h"), [(0, 3), (6, 0), (-1, 3), (2.5, 3), (True, 3)])
def test_lesson_params_rejects_bad_sizes(i: object, h: object) -> None:
    with pytest.raises(ValueError, match="positive whole number"):
        lesson.params(i, h)  # type: ignore[arg-type]


# The command --------------------------------------------------------------------


def test_lesson_cli_elman_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "elman")
    assert data == {
        "steps": [{"input": x, "memory": m, "hidden": h, "output": y} for x, m, h, y in ELMAN_TABLE],
    }


def test_lesson_cli_elman_order_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "elman", "--order", "3,1,2")
    assert [s["hidden"] for s in data["steps"]] == ELMAN_312_HIDDEN
    assert [s["output"] for s in data["steps"]] == ELMAN_312_OUTPUT


def test_lesson_cli_matrix_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "matrix")
    assert data == {"steps": [{"input": x, "hidden": h} for x, h in zip(MATRIX_X, MATRIX_H)]}


@pytest.mark.parametrize("long", [False, True])
def test_lesson_cli_lstm_json(capsys: pytest.CaptureFixture[str], long: bool) -> None:
    data = run_json(capsys, "lstm", *(["--long"] if long else []))
    assert list(data) == ["steps"]
    assert len(data["steps"]) == (9 if long else 5)
    for step in data["steps"]:
        assert list(step) == ["input", "gates", "memory", "output"]
        assert list(step["gates"]) == ["input", "forget", "output"]
        assert all(isinstance(v, int) for v in step["input"])
        assert all(isinstance(v, float) for v in (step["memory"], step["output"], *step["gates"].values()))
    if not long:
        assert [f"{s['memory']:.6f}" for s in data["steps"]] == LSTM_SHORT_MEMORY
        assert [f"{s['output']:.6f}" for s in data["steps"]] == LSTM_SHORT_OUTPUT
    else:
        assert [s["memory"] for s in data["steps"]] == pytest.approx(LSTM_LONG_MEMORY, abs=1e-3)


def test_lesson_cli_params_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "params", "--input", "10", "--hidden", "4")
    elman = 4 * 10 + 4 * 4 + 2 * 4
    assert data == {
        "input_size": 10,
        "hidden_size": 4,
        "cells": {"ff": 44, "elman": elman, "jordan": elman + 4 * 4 + 4, "lstm": 4 * elman, "gru": 3 * elman},
        "ratios": {"lstm/elman": 4.0, "gru/elman": 3.0, "gru/lstm": 0.75},
    }


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["elman"], ["[16,16]", "[32,32]", "Same input [1,1], different output: the memory differs."]),
        (["elman", "--order", "3, 1,2"], ["[22,22]", "[44,44]", "Order matters"]),
        (["matrix"], ["[11,29,22]", "[2,1,1,1,2,3]", "18,000"]),
        (["lstm"], [*LSTM_SHORT_MEMORY, *LSTM_SHORT_OUTPUT, "0.999955", "x2 = -1 erases it"]),
        (["lstm", "--long"], ["5.999773", "long sequence"]),
        (["params"], ["132", "99", "33", "3/4"]),
    ],
)
def test_lesson_cli_prints_a_table(capsys: pytest.CaptureFixture[str], argv: list[str], shown: list[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert (code, err) == (0, "")
    flat = " ".join(out.split())  # the caption may wrap
    for text in shown:
        assert " ".join(text.split()) in flat


@pytest.mark.parametrize("order", ["3,3,1", "a,b,c", "1,2", "1,2,3,4", "", "3 1 2"])
def test_lesson_cli_bad_order_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], order: str) -> None:
    code, out, err = run_cli(capsys, "elman", "--order", order)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("slotbot: error:") and "3,1,2" in err


def test_lesson_cli_bad_size_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "params", "--hidden", "0")
    assert (code, out) == (2, "")
    assert err == "slotbot: error: hidden size must be a positive whole number (got 0)\n"
