"""Recurrent layers: fused kernels vs hand-written cells, padding, direction."""

from __future__ import annotations

import pytest
import torch

from model.recurrent import RecurrentLayer

# (kind, peephole, bidirectional): every cell, uni and bi (ff has no direction).
LAYERS = [
    (kind, peephole, bi)
    for kind, peephole in [("lstm", False), ("lstm", True), ("gru", False), ("elman", False), ("jordan", False)]
    for bi in (False, True)
] + [("ff", False, False)]
FUSED = {"lstm", "gru", "elman"}


def _ids(layer: tuple[str, bool, bool]) -> str:
    kind, peephole, bi = layer
    return ("peephole-" if peephole else "") + kind + ("-bi" if bi else "")


def _layer(kind: str, peephole: bool, bi: bool, seed: int = 0) -> RecurrentLayer:
    torch.manual_seed(seed)
    return RecurrentLayer(kind, 6, 5, bidirectional=bi, peephole=peephole, outputs=4).eval()


def _count_cell_calls(layer: RecurrentLayer) -> list[int]:
    calls = [0]

    def hook(*_: object) -> None:
        calls[0] += 1

    for cell in layer.cells:
        cell.register_forward_hook(hook)
    return calls


@pytest.mark.parametrize("spec", LAYERS, ids=_ids)
def test_recurrent_forward_matches_trace(spec: tuple[str, bool, bool]) -> None:
    layer = _layer(*spec)
    x = torch.randn(7, 6)
    with torch.no_grad():
        out, _ = layer(x.unsqueeze(0), torch.tensor([7]))
    traced = layer.trace(x)
    assert len(traced) == (2 if spec[2] else 1)
    expected = torch.cat([unrolled.h for unrolled in traced], dim=-1)
    assert out.shape == (1, 7, layer.output_size)
    torch.testing.assert_close(out[0], expected, atol=1e-5, rtol=0)


@pytest.mark.parametrize("spec", LAYERS, ids=_ids)
def test_recurrent_forward_uses_fused_kernels_for_lstm_gru_elman(spec: tuple[str, bool, bool]) -> None:
    kind, peephole, _ = spec
    layer = _layer(*spec)
    calls = _count_cell_calls(layer)
    with torch.no_grad():
        layer(torch.randn(2, 4, 6), torch.tensor([4, 3]))
    fused = kind in FUSED and not peephole
    assert (calls[0] == 0) == fused
    layer.trace(torch.randn(4, 6))
    assert calls[0] > 0  # trace always steps through the hand-written cells


@pytest.mark.parametrize("spec", LAYERS, ids=_ids)
def test_recurrent_padded_batch_matches_each_sentence_alone(spec: tuple[str, bool, bool]) -> None:
    layer = _layer(*spec)
    lengths = [5, 2, 7, 3]
    sentences = [torch.randn(n, 6) for n in lengths]
    width = max(lengths)
    # Padding filled with noise, not zeros: it must not leak into any sentence.
    batch = torch.randn(len(lengths), width, 6) * 5
    for b, s in enumerate(sentences):
        batch[b, : len(s)] = s
    with torch.no_grad():
        out, aux = layer(batch, torch.tensor(lengths))
        for b, s in enumerate(sentences):
            alone, alone_aux = layer(s.unsqueeze(0), torch.tensor([len(s)]))
            torch.testing.assert_close(out[b, : len(s)], alone[0], atol=1e-5, rtol=0)
            for a, a_alone in zip(aux, alone_aux, strict=True):
                torch.testing.assert_close(a[b, : len(s)], a_alone[0], atol=1e-5, rtol=0)


@pytest.mark.parametrize("spec", [s for s in LAYERS if s[0] != "ff"], ids=_ids)
def test_recurrent_directions_see_the_right_context(spec: tuple[str, bool, bool]) -> None:
    bi = spec[2]
    layer = _layer(*spec)
    hidden = layer.cells[0].hidden_size
    x = torch.randn(3, 6)  # short: a Jordan memory fades within a few steps
    changed_last = x.clone()
    changed_last[-1] += 3.0
    changed_first = x.clone()
    changed_first[0] += 3.0
    with torch.no_grad():
        base = layer(x.unsqueeze(0), torch.tensor([3]))[0][0]
        after_last = layer(changed_last.unsqueeze(0), torch.tensor([3]))[0][0]
        after_first = layer(changed_first.unsqueeze(0), torch.tensor([3]))[0][0]
    # Left to right: the first token's state never sees the last word ...
    torch.testing.assert_close(base[0, :hidden], after_last[0, :hidden])
    # ... but the last token's state remembers the first.
    assert not torch.allclose(base[-1, :hidden], after_first[-1, :hidden], atol=1e-6)
    if bi:  # right to left: the first token has read the last word
        assert not torch.allclose(base[0, hidden:], after_last[0, hidden:], atol=1e-6)
        torch.testing.assert_close(base[-1, hidden:], after_first[-1, hidden:])


def test_recurrent_ff_token_output_is_independent_of_other_tokens() -> None:
    layer = _layer("ff", False, False)
    x = torch.randn(6, 6)
    shuffled = x[torch.tensor([3, 0, 5, 1, 4, 2])]
    with torch.no_grad():
        out = layer(x.unsqueeze(0), torch.tensor([6]))[0][0]
        out_shuffled = layer(shuffled.unsqueeze(0), torch.tensor([6]))[0][0]
    torch.testing.assert_close(out_shuffled, out[torch.tensor([3, 0, 5, 1, 4, 2])])
    torch.testing.assert_close(layer.trace(x)[0].h, out, atol=1e-6, rtol=0)


@pytest.mark.parametrize("kind", ["lstm", "gru", "elman", "jordan"])
def test_recurrent_memory_makes_the_same_token_differ(kind: str) -> None:
    # LECTURE §3: same input, different output, because the memory differs.
    layer = _layer(kind, False, False)
    taipei = torch.randn(6)
    arrive, leave = torch.randn(6), torch.randn(6)
    with torch.no_grad():
        a = layer(torch.stack([arrive, taipei]).unsqueeze(0), torch.tensor([2]))[0][0, 1]
        b = layer(torch.stack([leave, taipei]).unsqueeze(0), torch.tensor([2]))[0][0, 1]
    assert not torch.allclose(a, b, atol=1e-6)


@pytest.mark.parametrize("spec", [s for s in LAYERS if s[0] == "jordan"], ids=_ids)
def test_recurrent_jordan_returns_one_output_logit_tensor_per_direction(spec: tuple[str, bool, bool]) -> None:
    layer = _layer(*spec)
    with torch.no_grad():
        _, aux = layer(torch.randn(2, 3, 6), torch.tensor([3, 2]))
    assert len(aux) == len(layer.cells)
    assert all(a.shape == (2, 3, 4) for a in aux)
    # Those logits are what the cell fed back: trace's y is their log-softmax.
    x = torch.randn(4, 6)
    with torch.no_grad():
        _, aux = layer(x.unsqueeze(0), torch.tensor([4]))
    for logits, unrolled in zip(aux, layer.trace(x), strict=True):
        torch.testing.assert_close(logits[0].log_softmax(-1), unrolled.gates["y"], atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["lstm", "gru", "elman"])
def test_recurrent_fused_forward_passes_gradients_to_cell_weights(kind: str) -> None:
    layer = RecurrentLayer(kind, 6, 5, bidirectional=True).train()
    out, _ = layer(torch.randn(3, 4, 6), torch.tensor([4, 2, 3]))
    out.sum().backward()
    for name, p in layer.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name
