"""Training: overfit then reload, seeds, early stopping, every weight learns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

import model.train
from model import load_tagger, save_tagger
from model.config import TaggerConfig, TrainConfig
from model.conll import Sentence, bio_to_spans
from model.tagger import Tagger
from model.train import EpochLog, evaluate_sentences, label_set, train


def _sentence(text: str, labels: str) -> Sentence:
    return Sentence(tuple(text.split()), tuple(labels.split()))


# LECTURE §3's pair and a few more: only the verb tells departure from destination.
OVERFIT = [
    _sentence("arrive Taipei on November 2nd", "O B-destination O B-time I-time"),
    _sentence("leave Taipei on November 2nd", "O B-departure O B-time I-time"),
    _sentence("arrive Tokyo at midnight", "O B-destination O B-time"),
    _sentence("leave Tokyo at midnight", "O B-departure O B-time"),
    _sentence("I want to arrive Paris tomorrow", "O O O O B-destination B-time"),
    _sentence("I want to leave Paris tomorrow", "O O O O B-departure B-time"),
    _sentence("leave Boston", "O B-departure"),
    _sentence("arrive Boston at noon", "O B-destination O B-time"),
]
OVERFIT_CONFIG = TaggerConfig(
    cell="lstm", hidden=16, word_dim=8, trigram_dim=8, trigram_buckets=256, shape_dim=4, dropout=0.0
)
OVERFIT_RECIPE = TrainConfig(epochs=80, batch_size=2, lr=0.02, patience=5, unk_alpha=0.0, seed=1)
QUICK_RECIPE = TrainConfig(epochs=3, batch_size=4, lr=0.01, seed=11)


def _gold_slots(sentence: Sentence) -> list[tuple[str, str]]:
    return [(s.type, " ".join(sentence.words[s.start : s.end])) for s in bio_to_spans(sentence.labels)]


def _slots(tagger: Tagger, text: str) -> list[tuple[str, str]]:
    return [(s.type, s.text) for s in tagger.tag(text).slots]


@pytest.fixture(scope="module")
def overfit() -> model.train.TrainResult:
    return train(OVERFIT, OVERFIT, OVERFIT_CONFIG, OVERFIT_RECIPE)


def test_train_overfits_a_few_utterances_to_exact_slots(overfit: model.train.TrainResult) -> None:
    assert overfit.best_dev_f1 == 1.0
    for sentence in OVERFIT:
        assert _slots(overfit.tagger, " ".join(sentence.words)) == _gold_slots(sentence)
    # Same word, different slot: the memory of "arrive" / "leave" decides (§3).
    assert _slots(overfit.tagger, "arrive Taipei on November 2nd")[0] == ("destination", "Taipei")
    assert _slots(overfit.tagger, "leave Taipei on November 2nd")[0] == ("departure", "Taipei")


def test_train_overfit_then_reload_gives_the_same_slots_and_probabilities(
    overfit: model.train.TrainResult, tmp_path: Path
) -> None:
    directory = save_tagger(overfit.tagger, tmp_path / "overfit")
    reloaded = load_tagger(directory)
    for sentence in OVERFIT:
        text = " ".join(sentence.words)
        before, after = overfit.tagger.tag(text), reloaded.tag(text)
        assert after.slots == before.slots
        assert [t.prob for t in after.tokens] == [t.prob for t in before.tokens]
        assert _slots(reloaded, text) == _gold_slots(sentence)
    assert reloaded.card == overfit.tagger.card


def _state(config: TaggerConfig, seed: int) -> dict[str, torch.Tensor]:
    return train(OVERFIT, OVERFIT[:2], config, replace(QUICK_RECIPE, seed=seed)).tagger.network.state_dict()


@pytest.mark.parametrize("cell", ["lstm", "jordan"])
def test_train_same_seed_gives_identical_weights(cell: str) -> None:
    config = replace(OVERFIT_CONFIG, cell=cell, dropout=0.3)
    first, second = _state(config, 4), _state(config, 4)
    assert first.keys() == second.keys()
    for name in first:
        assert torch.equal(first[name], second[name]), name


def test_train_different_seed_gives_different_weights() -> None:
    first, second = _state(OVERFIT_CONFIG, 4), _state(OVERFIT_CONFIG, 5)
    assert any(not torch.equal(first[name], second[name]) for name in first)


def test_train_label_set_is_o_then_the_data_labels() -> None:
    labels = label_set(OVERFIT)
    assert labels[0] == "O"
    assert set(labels) == {label for s in OVERFIT for label in s.labels}
    assert len(labels) == len(set(labels))


def test_train_keeps_the_best_epoch_and_stops_early() -> None:
    logs: list[tuple[EpochLog, bool]] = []
    recipe = replace(QUICK_RECIPE, epochs=30, patience=2, lr=0.02)
    dev = OVERFIT[:4]
    result = train(OVERFIT, dev, OVERFIT_CONFIG, recipe, on_epoch=lambda log, best: logs.append((log, best)))
    history = result.history
    assert [log for log, _ in logs] == history
    assert [log.epoch for log in history] == list(range(1, len(history) + 1))
    # "best" marks each strict improvement of dev F1.
    running = -1.0
    for log, best in logs:
        assert best == (log.dev_f1 > running)
        running = max(running, log.dev_f1)
    assert result.best_dev_f1 == max(log.dev_f1 for log in history)
    assert history[result.best_epoch - 1].dev_f1 == result.best_dev_f1
    assert len(history) == min(recipe.epochs, result.best_epoch + recipe.patience)
    # The returned weights are the best epoch's, not the last one's.
    assert evaluate_sentences(result.tagger, dev).f1 == pytest.approx(result.best_dev_f1)
    assert result.tagger.card["best_epoch"] == result.best_epoch


def test_train_without_dev_data_keeps_the_last_epoch() -> None:
    result = train(OVERFIT, [], OVERFIT_CONFIG, replace(OVERFIT_RECIPE, epochs=25))
    assert len(result.history) == 25
    assert result.best_epoch == 25
    assert evaluate_sentences(result.tagger, OVERFIT).f1 == 1.0


@pytest.mark.parametrize("word", ["<pad>", "<other>"])
def test_train_data_with_reserved_strings_still_saves_a_loadable_model(word: str, tmp_path: Path) -> None:
    data = [*OVERFIT, _sentence(f"{word} Oslo", "O B-destination")]
    result = train(data, data[:2], OVERFIT_CONFIG, QUICK_RECIPE)
    load_tagger(save_tagger(result.tagger, tmp_path / "m")).tag(f"{word} Oslo")


def test_train_cuts_sentences_longer_than_max_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model.train, "MAX_TOKENS", 4)
    long = _sentence(
        "I want to leave Boston and then arrive Taipei on November 2nd",
        "O O O O B-departure O O O B-destination O B-time I-time",
    )
    result = train([long, *OVERFIT], OVERFIT[:2], OVERFIT_CONFIG, QUICK_RECIPE)
    assert result.history and all(log.loss == log.loss for log in result.history)  # no NaN


def test_train_refuses_no_sentences() -> None:
    with pytest.raises(ValueError, match="no training sentences"):
        train([], OVERFIT, OVERFIT_CONFIG, QUICK_RECIPE)


TRAINABLE: list[dict[str, Any]] = [
    {"cell": "lstm", "bidirectional": True, "layers": 2},
    {"cell": "lstm", "peephole": True, "bidirectional": True},
    {"cell": "gru", "bidirectional": True},
    {"cell": "elman", "layers": 2},
    {"cell": "jordan", "bidirectional": True},
    {"cell": "ff", "layers": 2},
]


@pytest.mark.parametrize("config", TRAINABLE, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_train_every_weight_gets_a_gradient(make_tagger: Callable[..., Tagger], config: dict[str, Any]) -> None:
    # A weight with no gradient is one the lecture's picture has but the network ignores.
    network = make_tagger(**config).network.train()
    sentences = [["arrive", "Taipei", "on", "November", "2nd"], ["leave", "Gandalf"]]
    batch = network.encoder.batch(sentences)
    gold = torch.tensor([[0, 3, 0, 5, 6], [0, 1, -100, -100, -100]])
    logits, aux, _ = network(batch)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    loss = loss_fn(logits.flatten(0, 1), gold.flatten())
    for extra in aux:
        loss = loss + loss_fn(extra.flatten(0, 1), gold.flatten())
    loss.backward()
    for name, p in network.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name
    assert (len(aux) > 0) == (config["cell"] == "jordan")


def test_train_hindsight_targets_name_the_last_span_read() -> None:
    labels = [["O", "B-destination", "I-destination", "O", "B-time"], ["B-departure"]]
    targets = model.train.hindsight_targets(labels, ["departure", "destination", "time"])
    assert targets.tolist() == [[-100, -100, 1, 1, 2], [0, -100, -100, -100, -100]]


# The cue comes only after the name: no left-to-right reading of "Taipei"
# can know its slot, but a memory that has read on to the cue can.
CUE_AFTER = [
    _sentence(f"{city} , {verb} {time}", f"B-{slot} O O B-time")
    for city in ("Taipei", "Tokyo", "Paris", "Boston", "Berlin", "Oslo")
    for verb, slot in (("arriving", "destination"), ("leaving", "departure"))
    for time in ("tomorrow", "tonight")
]


@pytest.mark.parametrize("hindsight", [False, True])
def test_train_hindsight_types_a_name_by_a_cue_after_it(hindsight: bool) -> None:
    config = replace(OVERFIT_CONFIG, hindsight=hindsight)
    result = train(CUE_AFTER, CUE_AFTER, config, replace(OVERFIT_RECIPE, epochs=40, patience=40))
    right = sum(_slots(result.tagger, " ".join(s.words)) == _gold_slots(s) for s in CUE_AFTER)
    if hindsight:
        assert right == len(CUE_AFTER)
    else:  # at the name, both readings are the same: at most half can be right
        assert right <= len(CUE_AFTER) // 2


def test_typing_loss_reads_each_span_where_the_reader_types_it() -> None:
    # "Lagos is where I start Friday": Lagos is typed by its own label together
    # with hindsight at "start", the last word before the next span; the time
    # by its label and hindsight at "Friday", the sentence's last word.
    labels = ("O", "B-departure", "I-departure", "B-destination", "I-destination", "B-time", "I-time")
    config = TaggerConfig(labels=labels)
    gold = [["B-departure", "O", "O", "O", "O", "B-time"]]
    logits = torch.zeros(1, 6, len(labels), requires_grad=True)
    hindsight = torch.zeros(1, 6, len(config.span_types), requires_grad=True)
    loss = model.train.typing_loss(logits, hindsight, gold, config)
    loss.backward()
    assert loss.item() == pytest.approx(torch.tensor(3.0).log().item())  # every type alike at both spans
    assert logits.grad[0].abs().sum(-1).nonzero().flatten().tolist() == [0, 5]
    assert hindsight.grad[0].abs().sum(-1).nonzero().flatten().tolist() == [4, 5]
    # Hindsight sure of the departure at "start" is what the loss asks for; sure of the destination, it is not.
    for kind, lower in (("departure", True), ("destination", False)):
        told = torch.zeros(1, 6, 3)
        told[0, 4, config.span_types.index(kind)] = 5.0
        assert (model.train.typing_loss(torch.zeros(1, 6, 7), told, gold, config) < loss).item() == lower
