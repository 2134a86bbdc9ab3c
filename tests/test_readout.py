"""The read-out: the most probable valid spans, each typed at its last word."""

from __future__ import annotations

import itertools
import math

import torch
from hypothesis import given
from hypothesis import strategies as st

from model.conll import bio_to_spans
from model.readout import SpanReader

LABELS = ("O", "B-departure", "I-departure", "B-destination", "I-destination", "B-time", "I-time")
READER = SpanReader(LABELS)


def probs_for(*rows: dict[str, float]) -> torch.Tensor:
    """One row per token; labels not named share what is left."""
    table = []
    for row in rows:
        rest = (1 - sum(row.values())) / (len(LABELS) - len(row))
        table.append([row.get(label, rest) for label in LABELS])
    return torch.tensor(table)


def read(probs: torch.Tensor) -> list[str]:
    return [LABELS[i] for i in READER.read(probs)]


def test_a_multiword_span_takes_the_type_its_last_word_reads() -> None:
    probs = probs_for(
        {"B-departure": 0.5, "B-destination": 0.4},  # Dortmund
        {"I-departure": 0.2, "I-destination": 0.7},  # station
        {"O": 0.9},  # ?
    )
    assert read(probs) == ["B-destination", "I-destination", "O"]


def test_a_one_word_span_keeps_its_own_best_label() -> None:
    probs = probs_for({"O": 0.9}, {"B-departure": 0.6, "B-destination": 0.3}, {"O": 0.9})
    assert read(probs) == ["O", "B-departure", "O"]


def test_an_inside_label_after_outside_becomes_the_likelier_valid_reading() -> None:
    # "O I-time" is not BIO: either the span starts there or the token is outside.
    probs = probs_for({"O": 0.9}, {"I-time": 0.5, "B-time": 0.3}, {"I-time": 0.8})
    assert read(probs) == ["O", "B-time", "I-time"]
    probs = probs_for({"O": 0.9}, {"I-time": 0.35, "O": 0.4}, {"O": 0.8})
    assert read(probs) == ["O", "O", "O"]


def test_a_switch_of_type_inside_a_name_is_one_span() -> None:
    probs = probs_for({"B-departure": 0.6}, {"I-destination": 0.5, "I-departure": 0.3}, {"O": 0.9})
    assert read(probs) == ["B-destination", "I-destination", "O"]


def test_two_adjacent_spans_stay_two() -> None:
    probs = probs_for({"B-departure": 0.8}, {"B-destination": 0.8}, {"B-time": 0.8})
    assert read(probs) == ["B-departure", "B-destination", "B-time"]


def test_label_sets_without_inside_labels_still_read() -> None:
    reader = SpanReader(["O", "B-time"])
    assert [reader.labels[i] for i in reader.read(torch.tensor([[0.2, 0.8], [0.9, 0.1]]))] == ["B-time", "O"]
    assert SpanReader(LABELS).read(torch.zeros(0, len(LABELS))) == []


def _valid(labels: list[str]) -> bool:
    return all(
        not label.startswith("I-") or (before != "O" and before[2:] == label[2:])
        for before, label in zip(["O", *labels], labels)
    )


rows = st.lists(st.floats(0.001, 1), min_size=len(LABELS), max_size=len(LABELS))


@given(st.lists(rows, min_size=1, max_size=4))
def test_the_path_is_the_most_probable_valid_sequence(table: list[list[float]]) -> None:
    probs = torch.tensor(table)
    probs = probs / probs.sum(-1, keepdim=True)
    logp = probs.log()
    path = READER.best_path(probs)
    assert _valid([LABELS[i] for i in path])
    best = max(
        (seq for seq in itertools.product(range(len(LABELS)), repeat=len(table)) if _valid([LABELS[i] for i in seq])),
        key=lambda seq: sum(logp[t, j].item() for t, j in enumerate(seq)),
    )
    score = sum(logp[t, j].item() for t, j in enumerate(path))
    assert math.isclose(score, sum(logp[t, j].item() for t, j in enumerate(best)), abs_tol=1e-5)


@given(st.lists(rows, min_size=1, max_size=12))
def test_the_read_out_is_valid_bio_and_keeps_the_paths_spans(table: list[list[float]]) -> None:
    probs = torch.tensor(table)
    labels = read(probs)
    assert _valid(labels)
    path = [LABELS[i] for i in READER.best_path(probs)]
    assert [(s.start, s.end) for s in bio_to_spans(labels)] == [(s.start, s.end) for s in bio_to_spans(path)]
    argmax = [LABELS[i] for i in probs.argmax(-1).tolist()]
    if _valid(argmax):  # already valid: the boundaries are the network's own
        assert [lab == "O" for lab in labels] == [lab == "O" for lab in argmax]
