"""The read-out: the most probable valid spans, each typed at its last word
(or, for a network with hindsight, also at the last word before the next span)."""

from __future__ import annotations

import doctest
import itertools
import math

import torch
from hypothesis import given
from hypothesis import strategies as st

import model.readout
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


TYPES = ("departure", "destination", "time")  # hindsight's order: sorted by name


def read(
    probs: torch.Tensor, hindsight: torch.Tensor | None = None, names: tuple[tuple[int, int], ...] = ()
) -> list[str]:
    return [LABELS[i] for i in READER.read(probs, hindsight, names)]


def after(*rows: dict[str, float]) -> torch.Tensor:
    """Hindsight's rows: one per token, types not named share what is left."""
    table = []
    for row in rows:
        rest = (1 - sum(row.values())) / max(len(TYPES) - len(row), 1)
        table.append([row.get(kind, rest) for kind in TYPES])
    return torch.tensor(table)


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


def test_a_place_never_touches_another_of_its_own_type() -> None:
    # "to Basel SBB": a second destination begun at "SBB" would be a slot with two places.
    probs = probs_for({"O": 0.9}, {"B-destination": 0.9}, {"B-destination": 0.6, "I-destination": 0.3})
    assert read(probs) == ["O", "B-destination", "I-destination"]
    probs = probs_for({"O": 0.9}, {"B-destination": 0.9}, {"B-destination": 0.5, "O": 0.4})
    assert read(probs) == ["O", "B-destination", "O"]
    # Times may touch: "[Tuesday] [after 19:44]".
    probs = probs_for({"B-time": 0.9}, {"B-time": 0.6, "I-time": 0.3}, {"I-time": 0.9})
    assert read(probs) == ["B-time", "B-time", "I-time"]


# -- listed names are kept whole -----------------------------------------------------------


def test_a_span_that_covers_part_of_a_listed_name_takes_all_of_it() -> None:
    # leave [Novi] Sad on Friday: "Sad" reads as no slot.
    probs = probs_for({"O": 0.9}, {"B-departure": 0.8}, {"O": 0.6}, {"O": 0.9}, {"B-time": 0.8})
    assert read(probs) == ["O", "B-departure", "O", "O", "B-time"]
    assert read(probs, names=((1, 3),)) == ["O", "B-departure", "I-departure", "O", "B-time"]
    # [Novi] [Sad]: two spans of one type in one name become one.
    probs = probs_for({"B-destination": 0.8}, {"B-destination": 0.8})
    assert read(probs, names=((0, 2),)) == ["B-destination", "I-destination"]
    # Novi [Sad]: the span reaches back to the name's first word.
    probs = probs_for({"O": 0.6}, {"B-destination": 0.8}, {"O": 0.9})
    assert read(probs, names=((0, 2),)) == ["B-destination", "I-destination", "O"]


def test_a_span_that_began_before_a_listed_name_runs_on_through_it() -> None:
    # [Hotel Novi] Sad
    probs = probs_for({"B-destination": 0.8}, {"I-destination": 0.8}, {"O": 0.6, "I-destination": 0.3})
    assert read(probs, names=((1, 3),)) == ["B-destination", "I-destination", "I-destination"]


def test_a_listed_name_the_spans_leave_alone_or_split_between_types_is_not_touched() -> None:
    outside = probs_for({"O": 0.9}, {"O": 0.9}, {"O": 0.9})  # via Novi Sad: a stop-over
    assert read(outside, names=((1, 3),)) == ["O", "O", "O"]
    split = probs_for({"B-destination": 0.8}, {"B-time": 0.8})  # Indre [By]: a place and a time
    assert read(split, names=((0, 2),)) == ["B-destination", "B-time"]


def test_a_listed_name_read_as_two_places_is_one_span_typed_at_its_last_word() -> None:
    probs = probs_for({"B-departure": 0.6}, {"B-destination": 0.7})  # [Novi] [Sad]
    assert read(probs, names=((0, 2),)) == ["B-destination", "I-destination"]
    assert read(probs) == ["B-departure", "B-destination"]


def test_a_listed_name_whose_parts_hindsight_makes_one_place_is_one_span() -> None:
    # "Sad" reads as a time, then hindsight, which has read "Novi Sad" as a departure, types it so.
    probs = probs_for({"B-departure": 0.9}, {"B-time": 0.45, "I-departure": 0.4})
    hindsight = after({"departure": 0.98}, {"departure": 0.98})
    assert read(probs, hindsight) == ["B-departure", "B-departure"]
    assert read(probs, hindsight, names=((0, 2),)) == ["B-departure", "I-departure"]
    # One slot, typed at one word: where its last part was, with the whole name read.
    assert READER.read_typed(probs, hindsight)[1] == [0, 1]
    assert READER.read_typed(probs, hindsight, names=((0, 2),))[1] == [1, 1]


def test_a_listed_name_never_makes_a_time_longer() -> None:
    probs = probs_for({"B-time": 0.8}, {"O": 0.8})  # [Mon] Repos
    assert read(probs, names=((0, 2),)) == ["B-time", "O"]


def test_label_sets_without_inside_labels_still_read() -> None:
    reader = SpanReader(["O", "B-time"])
    assert [reader.labels[i] for i in reader.read(torch.tensor([[0.2, 0.8], [0.9, 0.1]]))] == ["B-time", "O"]
    assert SpanReader(LABELS).read(torch.zeros(0, len(LABELS))) == []


def test_hindsight_types_a_name_by_the_cue_that_came_after_it() -> None:
    # "Gdańsk , departing Saturday": at "Gdańsk" nothing says which end it is;
    # at "departing", the last word before the next span, the memory knows.
    probs = probs_for({"B-destination": 0.6, "B-departure": 0.35}, {"O": 0.9}, {"O": 0.9}, {"B-time": 0.9})
    hindsight = after({"destination": 0.6}, {"destination": 0.6}, {"departure": 0.95}, {"time": 0.95})
    assert read(probs) == ["B-destination", "O", "O", "B-time"]
    labels, typed_at = READER.read_typed(probs, hindsight)
    assert [LABELS[i] for i in labels] == ["B-departure", "O", "O", "B-time"]
    assert typed_at == [2, 1, 2, 3]  # the time, last in the sentence, is typed at the last word


def test_hindsight_is_weighed_with_the_names_own_reading() -> None:
    # Both outputs count: a sure reading at the name outweighs a doubtful hindsight.
    probs = probs_for({"O": 0.9}, {"B-destination": 0.9, "B-departure": 0.05}, {"O": 0.9})
    hindsight = after({"time": 0.9}, {"departure": 0.6}, {"departure": 0.6})
    assert read(probs, hindsight) == ["O", "B-destination", "O"]
    hindsight = after({"time": 0.9}, {"departure": 0.6}, {"departure": 0.99, "destination": 0.005})
    assert read(probs, hindsight) == ["O", "B-departure", "O"]


def test_hindsight_reads_each_span_before_the_next_begins() -> None:
    # "Rome Paris": Rome is typed at "Rome" itself, the word before Paris.
    probs = probs_for({"B-departure": 0.5, "B-destination": 0.45}, {"B-destination": 0.5, "B-departure": 0.45})
    hindsight = after({"destination": 0.9}, {"departure": 0.9})
    labels, typed_at = READER.read_typed(probs, hindsight)
    assert [LABELS[i] for i in labels] == ["B-destination", "B-departure"]
    assert typed_at == [0, 1]


def test_without_hindsight_a_span_is_typed_where_the_reader_says() -> None:
    probs = probs_for(
        {"B-departure": 0.5, "B-destination": 0.4}, {"I-departure": 0.2, "I-destination": 0.7}, {"O": 0.9}
    )
    assert READER.read_typed(probs) == ([3, 4, 0], [1, 1, 2])


def _valid(labels: list[str]) -> bool:
    return all(
        not label.startswith("I-") or (before != "O" and before[2:] == label[2:])
        for before, label in zip(["O", *labels], labels)
    )


def _apart(labels: list[str]) -> bool:
    """No place span right after one of its own type."""
    return not any(
        label.startswith("B-") and label != "B-time" and before[2:] == label[2:]
        for before, label in zip(["O", *labels], labels)
    )


rows = st.lists(st.floats(0.001, 1), min_size=len(LABELS), max_size=len(LABELS))


@given(st.lists(rows, min_size=1, max_size=4))
def test_the_path_is_the_most_probable_valid_sequence(table: list[list[float]]) -> None:
    probs = torch.tensor(table)
    probs = probs / probs.sum(-1, keepdim=True)
    logp = probs.log()
    path = READER.best_path(probs)
    assert _valid([LABELS[i] for i in path]) and _apart([LABELS[i] for i in path])
    best = max(
        (
            seq
            for seq in itertools.product(range(len(LABELS)), repeat=len(table))
            if _valid([LABELS[i] for i in seq]) and _apart([LABELS[i] for i in seq])
        ),
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
    if _valid(argmax) and _apart(argmax):  # already valid: the boundaries are the network's own
        assert [lab == "O" for lab in labels] == [lab == "O" for lab in argmax]


@given(st.lists(rows, min_size=1, max_size=12), st.data())
def test_hindsight_changes_types_never_spans(table: list[list[float]], data: st.DataObject) -> None:
    probs = torch.tensor(table)
    types = [data.draw(st.lists(st.floats(0.001, 1), min_size=len(TYPES), max_size=len(TYPES))) for _ in table]
    hindsight = torch.tensor(types)
    hindsight = hindsight / hindsight.sum(-1, keepdim=True)
    labels = read(probs, hindsight)
    assert _valid(labels)
    assert [(s.start, s.end) for s in bio_to_spans(labels)] == [(s.start, s.end) for s in bio_to_spans(read(probs))]


@given(st.lists(rows, min_size=1, max_size=12), st.data())
def test_the_spans_read_are_the_spans_of_the_labels_read(table: list[list[float]], data: st.DataObject) -> None:
    probs = torch.tensor(table)
    hindsight = None
    if data.draw(st.booleans()):
        types = [data.draw(st.lists(st.floats(0.001, 1), min_size=len(TYPES), max_size=len(TYPES))) for _ in table]
        hindsight = torch.tensor(types)
    start = data.draw(st.integers(0, len(table) - 1))
    names = ((start, data.draw(st.integers(start + 1, len(table)))),)
    path, spans = READER.read_spans(probs, hindsight, names)
    assert path == READER.read(probs, hindsight, names)
    assert spans == [(s.start, s.end) for s in bio_to_spans([LABELS[i] for i in path])]


def test_readout_docstring_example_runs() -> None:
    result = doctest.testmod(model.readout)
    assert result.attempted > 0 and result.failed == 0


@given(st.lists(rows, min_size=1, max_size=8), st.data())
def test_readout_reads_numpy_arrays_and_torch_tensors_alike(table: list[list[float]], data: st.DataObject) -> None:
    # The tagger hands it numpy arrays; batches and the app's occlusion view hand it tensors.
    probs = torch.tensor(table)
    probs = probs / probs.sum(-1, keepdim=True)
    types = [data.draw(st.lists(st.floats(0.001, 1), min_size=len(TYPES), max_size=len(TYPES))) for _ in table]
    hindsight = torch.tensor(types)
    hindsight = hindsight / hindsight.sum(-1, keepdim=True)
    for after, after_np in ((None, None), (hindsight, hindsight.numpy())):
        expected = READER.read_typed(probs, after)
        assert READER.read_typed(probs.numpy(), after_np) == expected
