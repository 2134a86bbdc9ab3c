"""The read-out: where spans are comes from each token, their type from the last word."""

from __future__ import annotations

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


def test_an_inside_label_after_outside_starts_a_span_of_the_type_it_reads() -> None:
    probs = probs_for({"O": 0.9}, {"I-time": 0.8}, {"I-time": 0.5, "I-departure": 0.4})
    assert read(probs) == ["O", "B-time", "I-time"]


def test_two_adjacent_spans_stay_two() -> None:
    probs = probs_for({"B-departure": 0.8}, {"B-destination": 0.8}, {"B-time": 0.8})
    assert read(probs) == ["B-departure", "B-destination", "B-time"]


def test_it_never_moves_a_span_boundary() -> None:
    probs = probs_for({"B-time": 0.6}, {"I-departure": 0.6}, {"O": 0.6}, {"I-destination": 0.9})
    assert read(probs) == ["B-departure", "I-departure", "O", "B-destination"]


def test_label_sets_without_inside_labels_still_read() -> None:
    reader = SpanReader(["O", "B-time"])
    assert [reader.labels[i] for i in reader.read(torch.tensor([[0.2, 0.8], [0.9, 0.1]]))] == ["B-time", "O"]


@given(st.lists(st.lists(st.floats(0.01, 1), min_size=len(LABELS), max_size=len(LABELS)), min_size=1, max_size=12))
def test_the_read_out_is_always_valid_bio_and_keeps_the_outside_tokens(rows: list[list[float]]) -> None:
    probs = torch.tensor(rows)
    labels = read(probs)
    argmax = [LABELS[i] for i in probs.argmax(-1).tolist()]
    assert [label == "O" for label in labels] == [label == "O" for label in argmax]
    for before, label in zip(["O", *labels], labels):
        if label.startswith("I-"):
            assert before != "O" and before[2:] == label[2:], labels
    # Same spans as the argmax read the conlleval way, but for their types.
    assert [(s.start, s.end) for s in bio_to_spans(labels)] == [(s.start, s.end) for s in _spans_ignoring_type(argmax)]


def _spans_ignoring_type(labels: list[str]):
    """Spans where any I- continues any span: the boundaries the reader keeps."""
    return bio_to_spans(["O" if lab == "O" else ("I-x" if lab.startswith("I-") else "B-x") for lab in labels])
