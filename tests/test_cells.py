"""The hand-written cells: against torch's cells, and against the lecture's numbers."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from model.cells import ElmanCell, FeedForwardCell, GRUCell, JordanCell, LSTMCell, make_cell

TORCH_CELLS = {"elman": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}


def _run(cell: nn.Module, xs: torch.Tensor, state: object) -> list[object]:
    """Step ``cell`` over ``xs`` (time, batch, input); the state after every step."""
    states = []
    for x_t in xs:
        state = cell(x_t, state).state
        states.append(state)
    return states


def _run_torch(cell: nn.Module, xs: torch.Tensor, state: object) -> list[object]:
    states = []
    for x_t in xs:
        state = cell(x_t, state)
        states.append(state)
    return states


@pytest.mark.parametrize("kind", sorted(TORCH_CELLS))
def test_cells_match_torch_cell_on_copied_weights(kind: str) -> None:
    torch.manual_seed(1)
    reference = TORCH_CELLS[kind](5, 4)
    ours = make_cell(kind, 5, 4)
    # Same parameter names and shapes: a strict 1:1 copy must succeed.
    ours.load_state_dict(reference.state_dict(), strict=True)
    xs = torch.randn(6, 3, 5)  # (time, batch, input)
    h0 = torch.randn(3, 4)
    start = (h0, torch.randn(3, 4)) if kind == "lstm" else h0
    for mine, theirs in zip(_run(ours, xs, start), _run_torch(reference, xs, start), strict=True):
        for a, b in zip(*((mine, theirs) if kind == "lstm" else ((mine,), (theirs,))), strict=True):
            torch.testing.assert_close(a, b, atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", sorted(TORCH_CELLS))
def test_cells_differ_from_torch_when_weights_differ(kind: str) -> None:
    # The comparison above can fail: perturb one weight and it does.
    torch.manual_seed(1)
    reference = TORCH_CELLS[kind](5, 4)
    ours = make_cell(kind, 5, 4)
    ours.load_state_dict(reference.state_dict())
    with torch.no_grad():
        ours.weight_hh[0, 0] += 0.5
    xs = torch.randn(4, 2, 5)
    h0 = torch.randn(2, 4)
    start = (h0, torch.zeros(2, 4)) if kind == "lstm" else h0
    last_ours, last_ref = _run(ours, xs, start)[-1], _run_torch(reference, xs, start)[-1]
    h_ours = last_ours[0] if kind == "lstm" else last_ours
    h_ref = last_ref[0] if kind == "lstm" else last_ref
    assert not torch.allclose(h_ours, h_ref, atol=1e-5)


def test_cells_lstm_peephole_with_zero_peephole_weights_matches_torch() -> None:
    torch.manual_seed(2)
    reference = nn.LSTMCell(5, 4)
    ours = LSTMCell(5, 4, peephole=True)
    ours.load_state_dict({**reference.state_dict(), "weight_ch": torch.zeros(3, 4)})
    xs = torch.randn(5, 2, 5)
    start = (torch.randn(2, 4), torch.randn(2, 4))
    for (h, c), (h_ref, c_ref) in zip(_run(ours, xs, start), _run_torch(reference, xs, start), strict=True):
        torch.testing.assert_close(h, h_ref, atol=1e-5, rtol=0)
        torch.testing.assert_close(c, c_ref, atol=1e-5, rtol=0)


@pytest.mark.parametrize("row", [0, 1, 2], ids=["input", "forget", "output"])
def test_cells_lstm_each_peephole_weight_changes_the_result(row: int) -> None:
    torch.manual_seed(3)
    plain = LSTMCell(5, 4)
    peep = LSTMCell(5, 4, peephole=True)
    weight_ch = torch.zeros(3, 4)
    weight_ch[row] = 0.8
    peep.load_state_dict({**plain.state_dict(), "weight_ch": weight_ch})
    xs = torch.randn(4, 2, 5)
    start = (torch.randn(2, 4), torch.randn(2, 4))  # nonzero c, so even step 1 peeks
    first_plain, first_peep = plain(xs[0], start), peep(xs[0], start)
    assert not torch.allclose(first_plain.h, first_peep.h, atol=1e-4)
    assert not torch.allclose(_run(plain, xs, start)[-1][0], _run(peep, xs, start)[-1][0], atol=1e-4)


def test_cells_lstm_gates_are_torch_order_i_f_g_o() -> None:
    # Bias one gate's block hugely; the named gate must be the one that saturates.
    cell = LSTMCell(3, 2)
    with torch.no_grad():
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_hh.zero_()
        cell.bias_ih.copy_(torch.tensor([20.0, 20, -20, -20, 0.5, 0.5, 20, 20]))
    step = cell(torch.zeros(1, 3), cell.initial_state(1))
    assert step.gates["i"].min() > 0.99 and step.gates["f"].max() < 0.01
    torch.testing.assert_close(step.gates["g"], torch.tanh(torch.full((1, 2), 0.5)))
    assert step.gates["o"].min() > 0.99
    torch.testing.assert_close(step.h, step.gates["o"] * torch.tanh(step.gates["c"]))


def test_cells_gru_gates_are_torch_order_r_z_n() -> None:
    cell = GRUCell(3, 2)
    with torch.no_grad():
        cell.weight_ih.zero_()
        cell.weight_hh.zero_()
        cell.bias_hh.zero_()
        cell.bias_ih.copy_(torch.tensor([20.0, 20, -20, -20, 0.5, 0.5]))
    h = torch.tensor([[0.3, -0.7]])
    step = cell(torch.zeros(1, 3), h)
    assert step.gates["r"].min() > 0.99 and step.gates["z"].max() < 0.01
    torch.testing.assert_close(step.gates["n"], torch.tanh(torch.full((1, 2), 0.5)))
    # z ~ 0: the new h is (almost) the candidate, not the old h.
    torch.testing.assert_close(step.h, step.gates["n"], atol=1e-6, rtol=0)


@pytest.mark.parametrize("feedback", ["log", "prob"])
def test_cells_jordan_state_is_its_output_distribution(feedback: str) -> None:
    torch.manual_seed(4)
    cell = JordanCell(5, 6, 3, feedback=feedback)
    states = _run(cell, torch.randn(7, 4, 5) * 3, cell.initial_state(4))
    for y in states:
        assert y.shape == (4, 3)
        probs = y.exp() if feedback == "log" else y
        assert (probs >= 0).all()
        torch.testing.assert_close(probs.sum(-1), torch.ones(4))


def test_cells_jordan_feedback_is_log_or_prob() -> None:
    with pytest.raises(ValueError, match="feedback"):
        JordanCell(5, 6, 3, feedback="logits")


def test_cells_jordan_feeds_back_its_output_not_h() -> None:
    torch.manual_seed(5)
    cell = JordanCell(5, 6, 3)
    x = torch.randn(1, 5)
    step = cell(x, cell.initial_state(1))
    torch.testing.assert_close(step.state, torch.log_softmax(step.h @ cell.weight_hy.T + cell.bias_hy, -1))
    # Different remembered outputs, different h for the same input ...
    other = cell(x, torch.tensor([[0.0, 0.0, 1.0]]))
    assert not torch.allclose(step.h, other.h)
    # ... and with the feedback weights at zero there is no memory at all.
    with torch.no_grad():
        cell.weight_yh.zero_()
    torch.testing.assert_close(cell(x, torch.tensor([[1.0, 0.0, 0.0]])).h, cell(x, torch.tensor([[0.0, 0.0, 1.0]])).h)


def test_cells_ff_ignores_any_state() -> None:
    torch.manual_seed(6)
    cell = FeedForwardCell(5, 4)
    x = torch.randn(2, 5)
    torch.testing.assert_close(cell(x, None).h, cell(x, torch.randn(2, 4)).h)
    torch.testing.assert_close(cell(x, None).h, torch.tanh(x @ cell.weight_ih.T + cell.bias_ih))


def test_cells_parameter_counts_follow_the_lecture() -> None:
    # §7: an LSTM layer has 4x the parameters of a simple RNN of the same width;
    # §9: a GRU has 3 weight sets, 3/4 of the LSTM.
    def count(m: nn.Module) -> int:
        return sum(p.numel() for p in m.parameters())

    elman, lstm, gru = (make_cell(k, 10, 7) for k in ("elman", "lstm", "gru"))
    assert count(lstm) == 4 * count(elman)
    assert 4 * count(gru) == 3 * count(lstm)
    assert count(LSTMCell(10, 7, peephole=True)) == count(lstm) + 3 * 7


@pytest.mark.parametrize("kind", ["gru", "elman", "jordan", "ff"])
def test_cells_only_lstm_has_a_peephole(kind: str) -> None:
    with pytest.raises(ValueError, match="peephole"):
        make_cell(kind, 3, 2, peephole=True, outputs=2)


def test_cells_make_cell_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown cell"):
        make_cell("transformer", 3, 2)


def test_cells_lecture_rnn_worked_example() -> None:
    # §4: 2 inputs, 2 hidden, 2 outputs, every weight 1, no bias, linear.
    cell = ElmanCell(2, 2, bias=False, nonlinearity="linear")
    nn.init.ones_(cell.weight_ih)
    nn.init.ones_(cell.weight_hh)
    w_out = torch.ones(2, 2)

    def run(inputs: list[list[float]]) -> tuple[list[list[float]], list[list[float]]]:
        states = _run(cell, torch.tensor(inputs, dtype=torch.float32).unsqueeze(1), cell.initial_state(1))
        return [h[0].tolist() for h in states], [(h @ w_out.T)[0].tolist() for h in states]

    assert run([[1, 1], [1, 1], [2, 2]]) == ([[2, 2], [6, 6], [16, 16]], [[4, 4], [12, 12], [32, 32]])
    assert run([[2, 2], [1, 1], [1, 1]]) == ([[4, 4], [10, 10], [22, 22]], [[8, 8], [20, 20], [44, 44]])


def test_cells_lecture_matrix_rnn_worked_example() -> None:
    # §5: h_t = relu(W . concat(x_t, h_{t-1})); W splits into W_xh and W_hh.
    w = torch.tensor([[1.0, 1, 0, 1, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1, 1, 1, 1], [2, 1, 1, 1, 2, 3, 2, 0, 0]])
    cell = ElmanCell(6, 3, bias=False, nonlinearity="relu")
    cell.load_state_dict({"weight_ih": w[:, :6], "weight_hh": w[:, 6:]})
    xs = torch.tensor([[0.0, 1, 0, 1, 0, 1], [0, 2, 1, 3, 0, 0], [1, 1, 2, 1, 0, 0]]).unsqueeze(1)
    assert [h[0].tolist() for h in _run(cell, xs, cell.initial_state(1))] == [[3, 1, 5], [8, 9, 12], [11, 29, 22]]
    assert sum(p.numel() for p in cell.parameters()) == 27


def _lecture_lstm() -> LSTMCell:
    """§8's hand-set cell: z = x1, z_i = 100 x2 - 10, z_f = 100 x2 + 10, z_o = 100 x3 - 10."""
    cell = LSTMCell(3, 1, g="linear", h="linear").double()
    with torch.no_grad():
        cell.weight_hh.zero_()
        cell.bias_hh.zero_()
        # Rows in torch's order: i, f, g, o.
        cell.weight_ih.copy_(torch.tensor([[0.0, 100, 0], [0, 100, 0], [1, 0, 0], [0, 0, 100]]))
        cell.bias_ih.copy_(torch.tensor([-10.0, 10, 0, -10]))
    return cell


def _lecture_lstm_run(x1: list[float], x2: list[float], x3: list[float]) -> tuple[list[float], list[float]]:
    cell = _lecture_lstm()
    xs = torch.tensor(list(zip(x1, x2, x3)), dtype=torch.float64).unsqueeze(1)
    states = _run(cell, xs, (torch.zeros(1, 1, dtype=torch.float64),) * 2)
    return [c.item() for _, c in states], [h.item() for h, _ in states]


def test_cells_lecture_lstm_worked_example_exact() -> None:
    memory, output = _lecture_lstm_run([3, 4, 2, 1, 3], [1, 1, 0, 0, -1], [0, 0, 0, 1, 0])
    assert memory == pytest.approx([3.000000, 7.000000, 6.999773, 6.999501, 0.000000], abs=1e-6)
    assert output == pytest.approx([0.000136, 0.000318, 0.000318, 6.999501, 0.000000], abs=1e-6)


def test_cells_lecture_lstm_longer_sequence() -> None:
    memory, output = _lecture_lstm_run(
        [1, 3, 2, 4, 2, 1, 3, 6, 1], [0, 1, 0, 1, 0, 0, -1, 1, 0], [0, 0, 0, 0, 0, 1, 0, 0, 1]
    )
    assert memory == pytest.approx([0, 3, 3, 7, 7, 7, 0, 6, 6], abs=1e-3)
    assert output == pytest.approx([0, 0, 0, 0, 0, 7, 0, 0, 6], abs=1e-3)
