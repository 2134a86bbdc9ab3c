"""CoNLL reading and writing, and BIO labels to spans and back."""

from __future__ import annotations

import doctest
import io
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import model.conll
from model.conll import (
    ConllError,
    Sentence,
    Span,
    bio_to_spans,
    label_types,
    parse_conll,
    read_conll,
    spans_to_bio,
    write_conll,
    write_predictions,
)

MULTIWOZ_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "multiwoz-booking" / "dev.conll"

TEXT = (
    "# id: 1\nleave\tO\nTaipei\tB-departure\n\n# id: 2\n# turn 4\narrive\tO\nNew\tB-destination\nYork\tI-destination\n"
)


@pytest.fixture(scope="module")
def multiwoz_dev() -> list[Sentence]:
    if not MULTIWOZ_DEV.exists():
        pytest.skip("the MultiWOZ dev file is not there")
    return read_conll(MULTIWOZ_DEV)


def test_conll_docstring_examples_run() -> None:
    result = doctest.testmod(model.conll)
    assert result.attempted > 0
    assert result.failed == 0


def test_conll_parse_keeps_words_labels_comments_and_lines() -> None:
    first, second = parse_conll(TEXT)
    assert first == Sentence(("leave", "Taipei"), ("O", "B-departure"), ("# id: 1",), 2)
    assert second == Sentence(
        ("arrive", "New", "York"),
        ("O", "B-destination", "I-destination"),
        ("# id: 2", "# turn 4"),
        7,
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t + "\n", id="final-blank-line"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: t.replace("\t", "   "), id="spaces"),
        pytest.param(lambda t: t.replace("\t", "\tNNP\t"), id="middle-column"),
        pytest.param(lambda t: t + " \n\t\n\n", id="blank-lines-at-end"),
    ],
)
def test_conll_parse_tolerates_layout(variant) -> None:
    assert parse_conll(variant(TEXT)) == parse_conll(TEXT)


def test_conll_parse_many_blank_lines_keep_line_numbers() -> None:
    text = "\n\n# c\n\n\na\tO\n\n\n\nb\tB-x\n"
    first, second = parse_conll(text)
    assert (first.words, first.comments, first.line) == (("a",), ("# c",), 6)
    assert (second.words, second.comments, second.line) == (("b",), (), 10)


def test_conll_hash_inside_a_sentence_is_a_token() -> None:
    text = "# id: 7\ncontact\tO\n#\tO\n#\tB-x\n\n#\tO\nand\tO\n"
    first, second = parse_conll(text)
    assert first.words == ("contact", "#", "#")
    assert first.comments == ("# id: 7",)
    # A tab-separated "#" line is a token even at the start of a sentence.
    assert second.words == ("#", "and")


def test_conll_parse_keeps_unicode_whitespace_inside_tokens() -> None:
    [sentence] = parse_conll("10\u00a0pm\tB-time\n")
    assert sentence.words == ("10\u00a0pm",)


def test_conll_parse_accepts_i_after_o() -> None:
    [sentence] = parse_conll("a\tO\nb\tI-time\nc\tI-place\n")
    assert sentence.labels == ("O", "I-time", "I-place")


def test_conll_reads_multiwoz_dev(multiwoz_dev: list[Sentence]) -> None:
    # The counts the dataset's stats.json publishes for the dev split.
    assert len(multiwoz_dev) == 1166
    assert sum(len(s.words) for s in multiwoz_dev) == 16739
    spans = Counter(span.type for s in multiwoz_dev for span in bio_to_spans(s.labels))
    assert spans == {"departure": 493, "destination": 502, "time": 1019}
    assert label_types(multiwoz_dev) == ["departure", "destination", "time"]
    assert all(len(s.comments) == 1 for s in multiwoz_dev)
    assert multiwoz_dev[0].comments == ("# id: MUL0047 turn 16",)
    assert multiwoz_dev[0].line == 2
    assert any("#" in s.words for s in multiwoz_dev)


def test_conll_multiwoz_dev_round_trips(multiwoz_dev: list[Sentence], tmp_path: Path) -> None:
    path = tmp_path / "dev.conll"
    write_conll(path, multiwoz_dev)
    assert read_conll(path) == multiwoz_dev
    assert path.read_bytes() == MULTIWOZ_DEV.read_bytes()


def test_conll_write_read_round_trip_keeps_comments(tmp_path: Path) -> None:
    sentences = parse_conll(TEXT)
    path = tmp_path / "out.conll"
    write_conll(path, sentences)
    assert read_conll(path) == sentences
    assert path.read_text(encoding="utf-8") == TEXT + "\n"


def test_conll_write_to_open_file() -> None:
    out = io.StringIO()
    write_conll(out, [Sentence(("a", "b"), ("B-x", "I-x"))], [["1", "2"]])
    assert out.getvalue() == "a\t1\tB-x\nb\t2\tI-x\n\n"


def test_conll_write_predictions_gives_token_gold_predicted(tmp_path: Path) -> None:
    gold = parse_conll(TEXT)
    predicted = [["O", "O"], ["O", "B-destination", "B-time"]]
    path = tmp_path / "predictions.conll"
    write_predictions(path, gold, predicted)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# id: 1", "leave\tO\tO", "Taipei\tB-departure\tO"]
    assert lines[-2:] == ["York\tI-destination\tB-time", ""]
    reread = read_conll(path)
    assert [list(s.labels) for s in reread] == predicted
    assert [s.comments for s in reread] == [s.comments for s in gold]


@pytest.mark.parametrize(
    ("sentence", "extra"),
    [
        pytest.param(Sentence((), ()), None, id="empty-sentence"),
        pytest.param(Sentence(("a b",), ("O",)), None, id="space-in-token"),
        pytest.param(Sentence(("",), ("O",)), None, id="empty-token"),
        pytest.param(Sentence(("a",), ("X-x",)), None, id="bad-label"),
        pytest.param(Sentence(("a",), ("O",), ("id: 1",)), None, id="comment-no-hash"),
        pytest.param(Sentence(("a",), ("O",), ("# 1\n# 2",)), None, id="two-line-comment"),
        pytest.param(Sentence(("a",), ("O",)), [["1"], ["1", "2"]], id="extra-too-long"),
        pytest.param(Sentence(("a",), ("O",)), [["1"], ["2"], ["3"]], id="extra-too-many"),
        pytest.param(Sentence(("a",), ("O",)), [["1"], ["2 3"]], id="space-in-extra"),
    ],
)
def test_conll_write_refuses_what_would_not_read_back(sentence, extra) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError):
        write_conll(out, [Sentence(("ok",), ("O",)), sentence], extra)
    assert out.getvalue() == ""


def test_conll_write_predictions_checks_lengths() -> None:
    gold = parse_conll(TEXT)
    with pytest.raises(ValueError, match="sentence 1"):
        write_predictions(io.StringIO(), gold, [["O", "O"], ["O"]])
    with pytest.raises(ValueError):
        write_predictions(io.StringIO(), gold, [["O", "O"]])


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        (b"a\tO\nb\n", 2, 'expected "TOKEN LABEL", got 1 column'),
        (b"a\tO\n\n# c\nb\tX-foo\n", 4, "invalid label 'X-foo'"),
        (b"a\tB-\n", 1, "invalid label 'B-'"),
        (b"a\to\n", 1, "invalid label 'o'"),
        (b"a\tO\tE-x\n", 1, "invalid label 'E-x'"),
        (b"\xef\xbb\xbfa\tO\r\n\r\nb\tbad\r\n", 3, "invalid label 'bad'"),
        (b"a\tO\nb\tO\n\nc\t\xff\n", 4, "file is not UTF-8 text"),
        (b"\xef\xbb\xbfa\tO\n\xffb\tO\n", 2, "file is not UTF-8 text"),
        (b"", 1, "no sentences found"),
        (b"\n\n  \n", 1, "no sentences found"),
        (b"# only a comment\n", 1, "no sentences found"),
        (b"a\tO\n" + b"x" * 5000 + b"\n", 2, "got 1 column"),
        (b"a\tX-" + b"x" * 5000 + b"\xc3\xa9\n", 1, "invalid label"),
    ],
)
def test_conll_malformed_input_names_file_and_line(tmp_path: Path, content: bytes, line: int, problem: str) -> None:
    path = tmp_path / "train.conll"
    path.write_bytes(content)
    with pytest.raises(ConllError) as caught:
        read_conll(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert problem in message
    assert "\n" not in message
    assert len(message) < len(str(path)) + 100


def test_conll_missing_file_is_a_conll_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.conll"
    with pytest.raises(ConllError, match="^.*missing.conll: no such file$"):
        read_conll(path)


def test_conll_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="^<string>:1: invalid label"):
        parse_conll("a\tb\n")


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["O", "O"], []),
        (["B-x", "I-x", "O"], [Span("x", 0, 2)]),
        (["I-x", "I-x"], [Span("x", 0, 2)]),
        (["B-x", "B-x"], [Span("x", 0, 1), Span("x", 1, 2)]),
        (["B-x", "I-y", "I-y"], [Span("x", 0, 1), Span("y", 1, 3)]),
        (["O", "I-x", "O", "I-x"], [Span("x", 1, 2), Span("x", 3, 4)]),
        (["B-a-b", "I-a-b"], [Span("a-b", 0, 2)]),
        ([], []),
    ],
)
def test_conll_bio_to_spans_follows_conlleval(labels, spans) -> None:
    assert bio_to_spans(labels) == spans


@pytest.mark.parametrize("label", ["X", "B", "B-", "b-x", "S-x", "B-a b", ""])
def test_conll_bio_to_spans_rejects_non_bio(label: str) -> None:
    with pytest.raises(ValueError, match="position 1"):
        bio_to_spans(["O", label])


@pytest.mark.parametrize(
    ("spans", "n"),
    [
        ([Span("x", 0, 2), Span("y", 1, 3)], 4),
        ([Span("x", 1, 3), Span("x", 0, 2)], 4),
        ([Span("x", 0, 2), Span("x", 0, 2)], 4),
        ([Span("x", 2, 5)], 4),
    ],
)
def test_conll_spans_to_bio_rejects_overlap_and_overrun(spans, n) -> None:
    with pytest.raises(ValueError):
        spans_to_bio(spans, n)


@pytest.mark.parametrize(("type_", "start", "end"), [("x", 2, 2), ("x", -1, 1), ("", 0, 1)])
def test_conll_span_rejects_empty_spans_and_types(type_: str, start: int, end: int) -> None:
    with pytest.raises(ValueError):
        Span(type_, start, end)


def test_conll_sentence_needs_one_label_per_word() -> None:
    with pytest.raises(ValueError):
        Sentence(("a", "b"), ("O",))


def test_conll_label_types_are_sorted_and_unique() -> None:
    sentences = [Sentence(("a", "b"), ("B-time", "I-time")), Sentence(("c",), ("I-day",))]
    assert label_types(sentences) == ["day", "time"]


TYPES = ["time", "departure", "destination"]
labels = st.sampled_from(["O", *(f"{p}-{t}" for p in "BI" for t in TYPES)])


def normalise(labels: list[str]) -> list[str]:
    """Turn every I- that does not continue a span of its type into B-."""
    out = []
    for i, label in enumerate(labels):
        previous = labels[i - 1][2:] if i and labels[i - 1] != "O" else None
        if label.startswith("I-") and label[2:] != previous:
            label = "B-" + label[2:]
        out.append(label)
    return out


@given(st.lists(labels, max_size=20))
def test_conll_bio_round_trip_normalises_stray_i(labels: list[str]) -> None:
    assert spans_to_bio(bio_to_spans(labels), len(labels)) == normalise(labels)


@st.composite
def spans_and_length(draw: st.DrawFn) -> tuple[list[Span], int]:
    """Non-overlapping spans, in order, and a sentence length that holds them."""
    spans, position = [], 0
    for _ in range(draw(st.integers(0, 5))):
        start = position + draw(st.integers(0, 3))
        end = start + draw(st.integers(1, 4))
        spans.append(Span(draw(st.sampled_from(TYPES)), start, end))
        position = end
    return spans, position + draw(st.integers(0, 3))


@given(spans_and_length())
def test_conll_spans_round_trip_through_bio(case: tuple[list[Span], int]) -> None:
    spans, n = case
    assert bio_to_spans(spans_to_bio(spans, n)) == spans
    assert bio_to_spans(spans_to_bio(reversed(spans), n)) == spans


words = st.text(
    st.characters(blacklist_characters=" \t\r\n", blacklist_categories=["Cs"]),
    min_size=1,
    max_size=8,
)
comments = st.text(
    st.characters(blacklist_characters="\t\r\n", blacklist_categories=["Cs"]),
    max_size=10,
).map(lambda text: "#" + text)


@st.composite
def sentences(draw: st.DrawFn) -> Sentence:
    n = draw(st.integers(1, 6))
    return Sentence(
        tuple(draw(st.lists(words, min_size=n, max_size=n))),
        tuple(draw(st.lists(labels, min_size=n, max_size=n))),
        tuple(draw(st.lists(comments, max_size=2))),
    )


@settings(max_examples=50)
@given(st.lists(sentences(), min_size=1, max_size=4))
def test_conll_write_parse_round_trip(written: list[Sentence]) -> None:
    out = io.StringIO()
    write_conll(out, written)
    read = parse_conll(out.getvalue())
    assert [replace(s, line=0) for s in read] == written
