"""Span-level evaluation, checked against seqeval (the conlleval-compatible mode)."""

from __future__ import annotations

import doctest
import json
import random
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import (
    accuracy_score,
    classification_report,
    f1_score,
    precision_score,
    recall_score,
)
from test_layering import imported_modules

import model.conventions
import model.evaluate
from model.conll import read_conll
from model.conventions import CONVENTIONS, to_multiwoz
from model.evaluate import Report, TypeScore, contrast_score, evaluate

MULTIWOZ_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multiwoz-booking" / "dev.conll"


def assert_matches_seqeval(gold: list[list[str]], pred: list[list[str]]) -> Report:
    """Compare micro and per-type scores with seqeval's, to 1e-9."""
    report = evaluate(gold, pred)
    with warnings.catch_warnings():
        # seqeval warns where it sets a 0/0 score to 0; evaluate() does the same.
        warnings.simplefilter("ignore")
        expected = classification_report(gold, pred, output_dict=True)
        micro = (precision_score(gold, pred), recall_score(gold, pred), f1_score(gold, pred))
    assert (report.precision, report.recall, report.f1) == pytest.approx(micro, abs=1e-9)
    types = sorted(expected.keys() - {"micro avg", "macro avg", "weighted avg"})
    assert list(report.per_type) == types
    for name, score in report.per_type.items():
        reference = expected[name]
        assert score.support == reference["support"]
        assert score.precision == pytest.approx(reference["precision"], abs=1e-9)
        assert score.recall == pytest.approx(reference["recall"], abs=1e-9)
        assert score.f1 == pytest.approx(reference["f1-score"], abs=1e-9)
    if report.tokens:
        assert report.token_accuracy == pytest.approx(accuracy_score(gold, pred), abs=1e-9)
    return report


def corrupt(labels: list[str], rng: random.Random) -> list[str]:
    """A tagger's plausible mistakes, made at random but reproducibly."""
    out = list(labels)
    types = ["departure", "destination", "time", "day"]  # "day" is never gold
    for i, label in enumerate(labels):
        roll = rng.random()
        if label.startswith("B-"):
            rest = i + 1
            while rest < len(labels) and labels[rest] == "I-" + label[2:]:
                rest += 1
            if roll < 0.1:  # drop the span
                out[i:rest] = ["O"] * (rest - i)
            elif roll < 0.2:  # swap its type
                other = rng.choice(types)
                out[i:rest] = [f"B-{other}"] + [f"I-{other}"] * (rest - i - 1)
            elif roll < 0.3 and i > 0 and labels[i - 1] == "O":  # start one early
                out[i - 1 : i + 1] = [label, "I-" + label[2:]]
        elif label.startswith("I-") and roll < 0.15:  # split the span
            out[i] = "B-" + label[2:]
        elif label == "O" and roll < 0.03:  # a stray I- after O
            out[i] = "I-" + rng.choice(types)
        elif label == "O" and roll < 0.06 and i > 0 and labels[i - 1] != "O":
            out[i] = "I-" + labels[i - 1][2:]  # end one late
    return out


def test_evaluate_docstring_examples_run() -> None:
    result = doctest.testmod(model.evaluate)
    assert result.attempted > 0
    assert result.failed == 0


def test_evaluate_matches_seqeval_on_multiwoz() -> None:
    if not MULTIWOZ_DEV.exists():
        pytest.skip("the MultiWOZ dev file is not there")
    gold = [list(s.labels) for s in read_conll(MULTIWOZ_DEV)]
    rng = random.Random(20240611)
    pred = [corrupt(labels, rng) for labels in gold]
    report = assert_matches_seqeval(gold, pred)
    # The corruption is neither nothing nor everything, so the scores mean something.
    assert 0.5 < report.f1 < 0.95
    assert report.per_type["day"].support == 0
    assert report.per_type["day"].precision == 0
    assert (report.sentences, report.tokens) == (1166, 16739)
    assert report.per_type["time"].support == 1019


def test_evaluate_perfect_predictions_score_one() -> None:
    gold = [["B-time", "I-time", "O"], ["O", "B-destination"]]
    report = evaluate(gold, gold)
    assert (report.precision, report.recall, report.f1, report.token_accuracy) == (1, 1, 1, 1)


def test_evaluate_seqeval_docstring_example() -> None:
    # seqeval's own example: micro 0.5, MISC wrong, PER right.
    gold = [["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]]
    pred = [["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"], ["B-PER", "I-PER", "O"]]
    report = evaluate(gold, pred)
    assert (report.precision, report.recall, report.f1) == (0.5, 0.5, 0.5)
    assert report.per_type == {
        "MISC": TypeScore(0.0, 0.0, 0.0, 1),
        "PER": TypeScore(1.0, 1.0, 1.0, 1),
    }


@pytest.mark.parametrize(
    ("gold", "pred", "scores"),
    [
        pytest.param([["B-x", "O"]], [["O", "O"]], (0.0, 0.0, 0.0), id="nothing-predicted"),
        pytest.param([["O", "O"]], [["B-x", "O"]], (0.0, 0.0, 0.0), id="nothing-gold"),
        pytest.param([["O"]], [["O"]], (0.0, 0.0, 0.0), id="no-spans-at-all"),
        pytest.param([["I-x", "I-x"]], [["B-x", "I-x"]], (1.0, 1.0, 1.0), id="i-after-o"),
        pytest.param([["B-x", "I-x"]], [["B-x", "I-y"]], (0.0, 0.0, 0.0), id="type-change"),
    ],
)
def test_evaluate_edge_cases_match_seqeval(gold, pred, scores) -> None:
    report = assert_matches_seqeval(gold, pred)
    assert (report.precision, report.recall, report.f1) == scores


def test_evaluate_empty_input_scores_zero() -> None:
    report = evaluate([], [])
    assert report == Report(0.0, 0.0, 0.0, {}, 0, 0, 0.0)
    assert "micro avg" in report.format_table()


TYPES = ["a", "b", "c"]
tags = st.sampled_from(["O", "O", *(f"{p}-{t}" for p in "BI" for t in TYPES)])


@st.composite
def gold_and_pred(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    """Random BIO sentences (stray I- included) and predictions of the same shape."""
    lengths = draw(st.lists(st.integers(0, 12), min_size=1, max_size=6))
    gold = [draw(st.lists(tags, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(tags, min_size=n, max_size=n)) for n in lengths]
    return gold, pred


@settings(deadline=None)
@given(gold_and_pred())
def test_evaluate_matches_seqeval_on_random_bio(case) -> None:
    assert_matches_seqeval(*case)


@pytest.mark.parametrize(
    ("gold", "pred", "message"),
    [
        ([["O"], ["O"]], [["O"]], "2 gold sentences but 1 predicted"),
        ([["O"], ["O", "O"]], [["O"], ["O"]], "sentence 1: 2 gold tags but 1 predicted"),
        ([["O"], ["O"], []], [["O"], ["O"], ["O"]], "sentence 2: 0 gold tags"),
        ([["O"], ["X"]], [["O"], ["O"]], "sentence 1: invalid label 'X'"),
        (["O", "B-x"], [["O"], ["B-x"]], "sentence 0 is a string"),
    ],
)
def test_evaluate_rejects_mismatched_input(gold, pred, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        evaluate(gold, pred)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_evaluate_json_dict_has_the_fixed_shape() -> None:
    report = evaluate([["B-time", "O", "B-day"]], [["B-time", "I-time", "B-place"]])
    data = json.loads(json.dumps(report.to_json_dict()))
    assert data == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "per_type": {
            "day": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1},
            "place": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0},
            "time": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1},
        },
        "sentences": 1,
        "tokens": 3,
    }


def test_evaluate_table_has_a_row_per_type_and_micro() -> None:
    report = evaluate([["B-time", "O", "B-day"]], [["B-time", "O", "B-place"]])
    lines = report.format_table().splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["day", "place", "time"]
    assert lines[3].split() == ["time", "1.0000", "1.0000", "1.0000", "1"]
    assert lines[4].split() == ["micro", "avg", "0.5000", "0.5000", "0.5000", "2"]
    assert lines[5] == "token accuracy 0.6667 (3 tokens, 1 sentences)"


# -- contrast pairs --------------------------------------------------------------------------------

DEST, DEP = "B-destination", "B-departure"


def test_contrast_counts_a_pair_late_only_when_its_whole_cue_follows_the_place() -> None:
    gold = [
        (["O", DEST], ["O", DEP]),  # arrive X / leave X: the cue comes first
        ([DEST, "O", "O"], [DEP, "O", "O"]),  # X , arriving / X , departing
        (["O", DEST, "O"], ["O", DEP, "O"]),  # to X now / from X soon: a cue on both sides
    ]
    words = [
        (["arrive", "Lagos"], ["leave", "Lagos"]),
        (["Lagos", ",", "arriving"], ["Lagos", ",", "departing"]),
        (["to", "Lagos", "now"], ["from", "Lagos", "soon"]),
    ]
    # Right on the first pair, the second gets the same label twice, the third is right.
    pred = [gold[0], ([DEST, "O", "O"], [DEST, "O", "O"]), gold[2]]
    score = contrast_score(gold, pred, words)
    assert (score.pairs, score.right, score.same, score.late, score.late_right) == (3, 2, 1, 1, 0)
    assert score.cue_before_accuracy == 1.0 and score.cue_after_accuracy == 0.0
    assert score.accuracy == pytest.approx(2 / 3)
    # Without the words no pair is late, and the whole set is "before".
    blind = contrast_score(gold, pred)
    assert (blind.late, blind.cue_before_accuracy) == (0, pytest.approx(2 / 3))


def test_contrast_rejects_words_that_do_not_fit_the_tags() -> None:
    gold = [(["O", DEST], ["O", DEP])]
    with pytest.raises(ValueError, match="words for 0"):
        contrast_score(gold, gold, [])
    with pytest.raises(ValueError, match="pair 0: words and tags differ in length"):
        contrast_score(gold, gold, [(["arrive"], ["leave", "Lagos"])])


def test_evaluate_imports_only_the_standard_library_and_conll() -> None:
    # Reads the imports, following those into model/: no torch, no numpy.
    root = Path(__file__).resolve().parents[1]
    seen, todo = set(), ["model.evaluate"]
    while todo:
        module = todo.pop()
        seen.add(module)
        for name in imported_modules(root / f"{module.replace('.', '/')}.py"):
            if name.startswith("model."):
                todo.append(name)
            else:
                assert name.split(".")[0] in sys.stdlib_module_names, (module, name)
    assert seen == {"model.evaluate", "model.conll"}


# -- other corpora's span conventions ------------------------------------------------------------


def test_conventions_docstring_examples_run() -> None:
    result = doctest.testmod(model.conventions)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("words", "labels", "expected"),
    [
        # "by" and "after" stay outside MultiWOZ's time values; the day and the clock are two spans.
        ("arrive by 11:30", "O B-time I-time", "O O B-time"),
        ("on Monday after 13:00", "O B-time I-time I-time", "O B-time O B-time"),
        ("no later than 5 pm", "B-time I-time I-time I-time I-time", "O O O B-time I-time"),
        ("tomorrow at 9 from Leeds", "B-time I-time I-time O B-departure", "B-time O B-time O B-departure"),
        # Determiners are not part of a value: "this [Friday]", "on a [Monday]", "the [Golden Wok]".
        ("this Friday", "B-time I-time", "O B-time"),
        ("on a Monday", "O B-time I-time", "O O B-time"),
        (
            "to the Golden Wok at 17:15",
            "O B-destination I-destination I-destination O B-time",
            "O O B-destination I-destination O B-time",
        ),
        # Places without an article and plain times are untouched; a lone "the" is not stripped to nothing.
        ("from Leeds at 17:15", "O B-departure O B-time", "O B-departure O B-time"),
        ("to The", "O B-destination", "O B-destination"),
        # A span that is all modifier disappears rather than become an empty span.
        ("by then", "B-time I-time", "O B-time"),
        ("after", "B-time", "O"),
    ],
)
def test_multiwoz_convention_redraws_spans(words: str, labels: str, expected: str) -> None:
    assert to_multiwoz(words.split(), labels.split()) == expected.split()


def test_multiwoz_convention_raises_the_multiwoz_score_of_scheme_true_predictions() -> None:
    # A prediction that follows this project's scheme exactly, scored against MultiWOZ-style gold.
    words = "leave on Monday after 13:00 arrive by 11:30".split()
    gold = ["O", "O", "B-time", "O", "B-time", "O", "O", "B-time"]
    ours = ["O", "O", "B-time", "I-time", "I-time", "O", "B-time", "I-time"]
    assert evaluate([gold], [ours]).f1 == 0.0
    assert evaluate([gold], [CONVENTIONS["multiwoz"](words, ours)]).f1 == 1.0
    assert CONVENTIONS["slotbot"](words, ours) == ours
