"""The numpy path ``tag`` takes for one sentence: the torch modules' labels and probabilities."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch

import model.tagger
from model.checkpoint import load_tagger, shipped_models
from model.fastpath import FastPath
from model.gazetteer import Gazetteer
from model.readout import SpanReader
from model.tagger import Tagger

SENTENCES = [
    "I would like to leave Taipei on November 2nd for Tokyo".split(),
    ["Gandalf"],
    "leave Gdansk , departing Saturday at 7:30 please".split(),
    "arrive Paris Paris from Boston Boston".split(),  # a word twice: one memo entry, two positions
    "I 'm sad to leave Novi Sad for Dar es Salaam".split(),  # "sad" alone and in a name held whole: two entries
]

# Every cell the fast path runs, in every shape its config allows: FF has
# no direction to reverse and no memory to type a slot in hindsight with.
CELLS: list[dict[str, Any]] = [
    {"cell": "lstm"},
    {"cell": "gru"},
    {"cell": "elman"},
    {"cell": "jordan", "feedback": "log"},
    {"cell": "jordan", "feedback": "prob"},
    {"cell": "ff"},
]
FAST_CONFIGS: list[dict[str, Any]] = [
    {**cell, "bidirectional": bi, "lookahead": ahead, "hindsight": hindsight, "layers": layers}
    for cell, bi, ahead, hindsight, layers in itertools.product(CELLS, (False, True), (0, 1, 2), (False, True), (1, 2))
    if cell["cell"] != "ff" or not (bi or hindsight)
]
# The peephole LSTM's gates read c: only torch's modules run it.
TORCH_ONLY_CONFIGS: list[dict[str, Any]] = [
    {"cell": "lstm", "peephole": True},
    {"cell": "lstm", "peephole": True, "lookahead": 1, "hindsight": True},
    {"cell": "lstm", "peephole": True, "bidirectional": True, "layers": 2},
]


def _config_id(config: dict[str, Any]) -> str:
    return "-".join(f"{k}={v}" for k, v in config.items())


def torch_reading(tagger: Tagger, words: list[str]) -> tuple[list[str], np.ndarray, np.ndarray | None]:
    """Labels, label probabilities and hindsight's through the torch modules, as ``predict`` runs them."""
    network = tagger.network
    with torch.inference_mode():
        probs, after = network(network.encoder.batch([words])).probabilities()
    probs_np, after_np = probs[0].numpy(), None if after is None else after[0].numpy()
    names = network.encoder.names(words)
    labels = [tagger.labels[j] for j in SpanReader(tagger.labels).read(probs_np, after_np, names)]
    return labels, probs_np, after_np


def assert_tags_as_torch_reads(tagger: Tagger, words: list[str]) -> None:
    tagging = tagger.tag_tokens(words)
    labels, probs, _ = torch_reading(tagger, words)
    assert tagging.labels == labels
    chosen = [probs[t, tagger.labels.index(label)] for t, label in enumerate(labels)]
    assert [t.prob for t in tagging.tokens] == pytest.approx(chosen, abs=1e-5)
    assert [t.outside for t in tagging.tokens] == pytest.approx(probs[:, tagger.labels.index("O")], abs=1e-5)


def assert_probabilities_match_torch(tagger: Tagger, words: list[str]) -> None:
    probs, after = FastPath(tagger.network).probabilities(words)
    _, expected, expected_after = torch_reading(tagger, words)
    np.testing.assert_allclose(probs, expected, rtol=0, atol=1e-5)
    assert (after is None) == (expected_after is None)
    if after is not None:
        np.testing.assert_allclose(after, expected_after, rtol=0, atol=1e-5)


def count_torch_passes(tagger: Tagger, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter, in a one-item list, of the tagger's calls to its torch modules."""
    calls = [0]
    forward_vectors = tagger.network.forward_vectors

    def counted(*args: Any) -> Any:
        calls[0] += 1
        return forward_vectors(*args)

    monkeypatch.setattr(tagger.network, "forward_vectors", counted)
    return calls


@pytest.mark.parametrize("config", FAST_CONFIGS, ids=_config_id)
def test_fastpath_gives_the_torch_probabilities_and_labels(
    make_tagger: Callable[..., Tagger], config: dict[str, Any]
) -> None:
    tagger = make_tagger(seed=11, **config)
    assert FastPath.supports(tagger.network)
    for words in SENTENCES:
        assert_probabilities_match_torch(tagger, words)
        assert_tags_as_torch_reads(tagger, words)


@pytest.mark.parametrize("config", CELLS, ids=_config_id)
def test_fastpath_remembers_a_word_in_a_name_apart_from_the_word_alone(
    make_tagger: Callable[..., Tagger], config: dict[str, Any]
) -> None:
    tagger = make_tagger(seed=12, lookahead=1, place_spans=True, **config)
    for words in SENTENCES:  # the last has "sad" alone and in "Novi Sad", held whole
        assert_probabilities_match_torch(tagger, words)
        assert_tags_as_torch_reads(tagger, words)


@pytest.mark.parametrize("name", shipped_models())
def test_fastpath_gives_the_torch_probabilities_and_labels_on_shipped_models(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tagger = load_tagger(name)
    assert FastPath.supports(tagger.network)  # every shipped model tags on the fast path
    calls = count_torch_passes(tagger, monkeypatch)
    for words in SENTENCES:
        tagger.tag_tokens(words)
    assert calls[0] == 0
    monkeypatch.undo()  # the reference below is a torch pass
    for words in SENTENCES:
        assert_probabilities_match_torch(tagger, words)
        assert_tags_as_torch_reads(tagger, words)


@pytest.mark.parametrize("config", FAST_CONFIGS[::5], ids=_config_id)
def test_fastpath_tag_makes_no_torch_pass(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch, config: dict[str, Any]
) -> None:
    tagger = make_tagger(**config)
    calls = count_torch_passes(tagger, monkeypatch)
    assert len(tagger.tag_tokens(SENTENCES[0]).tokens) == len(SENTENCES[0])
    assert calls[0] == 0


@pytest.mark.parametrize("config", TORCH_ONLY_CONFIGS, ids=_config_id)
def test_fastpath_leaves_other_cells_to_torch(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch, config: dict[str, Any]
) -> None:
    tagger = make_tagger(seed=2, **config)
    assert not FastPath.supports(tagger.network)
    with pytest.raises(ValueError, match="fast path"):
        FastPath(tagger.network)
    calls = count_torch_passes(tagger, monkeypatch)
    for words in SENTENCES:
        tagger.tag_tokens(words)
    assert calls[0] == len(SENTENCES)
    for words in SENTENCES:
        assert_tags_as_torch_reads(tagger, words)


def test_fastpath_leaves_a_network_in_training_mode_to_torch(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch
) -> None:
    tagger = make_tagger(seed=2)
    calls = count_torch_passes(tagger, monkeypatch)
    tagger.tag_tokens(SENTENCES[0])
    assert calls[0] == 0
    tagger.network.train()  # dropout on: only torch knows how to apply it
    tagger.tag_tokens(SENTENCES[0])
    assert calls[0] == 1


def test_fastpath_reads_the_new_place_list_after_use_gazetteer(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger(seed=4, lookahead=1)
    words = ["leave", "Zorbington", "at", "noon"]
    before = tagger.tag_tokens(words)  # fills the per-word memo under the shipped list

    tagger.use_gazetteer(Gazetteer(["Zorbington"]))

    after = tagger.tag_tokens(words)
    # "leave" reads "Zorbington" one word ahead, so both words move.
    assert after.tokens[0].prob != pytest.approx(before.tokens[0].prob, abs=1e-6)
    assert after.tokens[1].prob != pytest.approx(before.tokens[1].prob, abs=1e-6)
    assert_tags_as_torch_reads(tagger, words)


def test_fastpath_follows_weights_changed_in_place(make_tagger: Callable[..., Tagger]) -> None:
    tagger, other = make_tagger(seed=5, lookahead=1, hindsight=True), make_tagger(seed=6, lookahead=1, hindsight=True)
    words = SENTENCES[0]
    before = tagger.tag_tokens(words)

    tagger.network.load_state_dict(other.network.state_dict())

    after = tagger.tag_tokens(words)
    assert [t.prob for t in after.tokens] == pytest.approx([t.prob for t in other.tag_tokens(words).tokens], abs=1e-6)
    assert [t.prob for t in after.tokens] != pytest.approx([t.prob for t in before.tokens], abs=1e-6)
    with torch.no_grad():
        tagger.network.encoder.word_emb.weight.mul_(3.0)  # the memo of word shares is stale too
    assert_tags_as_torch_reads(tagger, words)


@pytest.mark.parametrize("config", [{"cell": "lstm", "hindsight": True}, *CELLS[3:5]], ids=_config_id)
def test_fastpath_shifts_scores_too_large_for_exp(make_tagger: Callable[..., Tagger], config: dict[str, Any]) -> None:
    # Trained output layers keep every score far inside float32's exp, and
    # the fast path's softmax then skips the shift by each row's largest
    # score. These do not: unshifted, exp would overflow to inf and give nan.
    tagger = make_tagger(seed=3, **config)
    network = tagger.network
    heads = [m.weight for m in (network.hidden2tag, network.hidden2type) if m is not None]
    jordans = [c.weight_hy for layer in network.layers for c in layer.cells if layer.kind == "jordan"]
    with torch.no_grad():
        for weight in heads + jordans:  # the Jordan cell's own output layer too
            weight.mul_(500.0)
        scores = network(network.encoder.batch([SENTENCES[0]]))
    for each in (scores.logits, *scores.aux):  # the Jordan cell's own output too
        assert each.abs().max() > 100  # past where float32's exp overflows
    for words in SENTENCES:
        assert_probabilities_match_torch(tagger, words)
        assert_tags_as_torch_reads(tagger, words)


def test_fastpath_tags_empty_input(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger()
    for tagging in (tagger.tag_tokens([]), tagger.tag(""), tagger.tag("  \n ")):
        assert tagging.tokens == () and tagging.slots == () and tagging.windows == 1


@pytest.mark.parametrize("cell", CELLS, ids=_config_id)
def test_fastpath_tags_each_window_of_long_input_alone(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch, cell: dict[str, Any]
) -> None:
    monkeypatch.setattr(model.tagger, "MAX_TOKENS", 4)
    memory = cell["cell"] != "ff"  # FF can neither read backwards nor type in hindsight
    tagger = make_tagger(seed=7, **cell, bidirectional=memory, lookahead=2, hindsight=memory)
    words = "I would like to leave Taipei on November 2nd for Tokyo".split()
    tagging = tagger.tag_tokens(words)
    assert tagging.windows == 3 and len(tagging.tokens) == len(words)
    for start in range(0, len(words), 4):
        window = words[start : start + 4]
        # A window does not read past its end, not even with lookahead.
        labels, probs, _ = torch_reading(tagger, window)
        got = tagging.tokens[start : start + 4]
        assert [t.label for t in got] == labels
        assert [t.outside for t in got] == pytest.approx(probs[:, tagger.labels.index("O")], abs=1e-5)
    assert tagging.labels == [label for k in range(0, 12, 4) for label in tagger.tag_tokens(words[k : k + 4]).labels]
