"""Shared fixtures: the spaCy tokenizer, a tiny trained tagger, untrained taggers.

Everything expensive is session-scoped and small: the trained tagger learns
~40 synthetic booking sentences in a few seconds, and the factory builds
untrained networks of any shape (enough for tests that compare two ways of
computing the same thing).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
import torch
from spacy.symbols import ORTH

from model.config import TaggerConfig, TrainConfig
from model.conll import Sentence
from model.encoding import Vocab, word_shape
from model.network import SlotTagger
from model.tagger import Tagger
from model.tokenizer import PLACE_ABBREVIATIONS
from model.train import train

# The tensors here are tiny: extra threads only add overhead, and on a busy
# two-core machine they oversubscribe it and make training ~10x slower.
torch.set_num_threads(1)

MULTIWOZ_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multiwoz-booking" / "dev.conll"

LABELS = ("O", "B-departure", "I-departure", "B-destination", "I-destination", "B-time", "I-time")

# Narrow widths everywhere: the tests are about behaviour, not accuracy.
SMALL = dict(hidden=8, word_dim=8, trigram_dim=8, trigram_buckets=256, shape_dim=4, dropout=0.0)

CITIES = ("Taipei", "Tokyo", "Paris", "London", "Boston", "Berlin", "New York", "San Francisco")
TIMES = ("5pm", "November 2nd", "noon", "7:30", "Friday morning", "March 3rd")
# {verb} decides the city's slot: "arrive" -> destination, "leave" -> departure (LECTURE §3).
TEMPLATES = (
    "{verb} {city} on {time}",
    "I would like to {verb} {city} at {time}",
    "please {verb} {city} {time}",
    "can I {verb} {city} by {time} ?",
)
VERBS = {"arrive": "destination", "leave": "departure"}


def labelled(template: str, verb: str, city: str, time: str) -> Sentence:
    """One synthetic sentence with its BIO labels, built word by word."""
    words: list[str] = []
    labels: list[str] = []
    for part in template.split():
        if part in ("{city}", "{time}"):
            kind, value = ("city", city) if part == "{city}" else ("time", time)
            slot = VERBS[verb] if kind == "city" else "time"
            for k, word in enumerate(value.split()):
                words.append(word)
                labels.append(("B-" if k == 0 else "I-") + slot)
        else:
            words.append(part.replace("{verb}", verb))
            labels.append("O")
    return Sentence(tuple(words), tuple(labels))


def booking_sentences(n: int = 40, seed: int = 0) -> list[Sentence]:
    """``n`` sentences from the templates, cycling verbs so both slots appear."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        verb = ("arrive", "leave")[k % 2]
        out.append(labelled(TEMPLATES[k // 2 % len(TEMPLATES)], verb, rng.choice(CITIES), rng.choice(TIMES)))
    return out


@pytest.fixture(scope="session")
def nlp() -> spacy.language.Language:
    """spaCy's blank English pipeline: the reference tokenizer.

    Our tokenizer adds one rule to it, that place abbreviations ("ft.") stay
    whole; the reference carries the same rule, built from spaCy's own API.
    """
    nlp = spacy.blank("en")
    for abbreviation in PLACE_ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


@pytest.fixture(scope="session")
def booking_data() -> list[Sentence]:
    return booking_sentences()


@pytest.fixture(scope="session")
def trained_tagger(booking_data: list[Sentence]) -> Tagger:
    """An LSTM tagger trained for a few epochs on the synthetic sentences."""
    config = TaggerConfig(cell="lstm", **{**SMALL, "hidden": 16})
    recipe = TrainConfig(epochs=12, batch_size=8, lr=0.02, patience=12, seed=7)
    return train(booking_data, booking_data[:10], config, recipe).tagger


@pytest.fixture(scope="session")
def trained_model_dir(trained_tagger: Tagger, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trained tagger saved as a model directory (treat as read-only)."""
    from model.checkpoint import save_tagger

    return save_tagger(trained_tagger, tmp_path_factory.mktemp("models") / "tiny-lstm")


@pytest.fixture(scope="session")
def make_tagger(booking_data: list[Sentence]) -> Callable[..., Tagger]:
    """Build an untrained tagger: ``make_tagger(cell="gru", bidirectional=True)``.

    The vocabulary is the synthetic data's, so known and unknown words both
    exist; ``seed`` picks the random weights.
    """
    words = Vocab.build(w.lower() for s in booking_data for w in s.words)
    shapes = Vocab.build(word_shape(w) for s in booking_data for w in s.words)

    def build(seed: int = 0, **overrides: Any) -> Tagger:
        config = TaggerConfig(**{**SMALL, "labels": LABELS, **overrides})
        torch.manual_seed(seed)
        return Tagger(SlotTagger(config, words, shapes))

    return build


@pytest.fixture(scope="session")
def multiwoz_dev() -> Path:
    """The shared MultiWOZ booking dev file; skips where it is not available."""
    if not MULTIWOZ_DEV.is_file():
        pytest.skip("the shared MultiWOZ dev file is not available")
    return MULTIWOZ_DEV
