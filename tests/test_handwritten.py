"""The hand-written test set, the contrast set, and the bracket converter behind them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLACE_TYPES = {"departure", "destination"}

# (words, labels) of one CoNLL utterance, with its comment lines.
Utterance = tuple[list[str], list[str], list[str]]


def _load_brackets() -> ModuleType:
    # data/ is not a package: load the script by path, the way the CLI runs it.
    spec = importlib.util.spec_from_file_location("brackets", DATA / "brackets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("brackets", module)
    spec.loader.exec_module(module)
    return module


brackets = _load_brackets()


def read_conll(path: Path) -> list[Utterance]:
    """Utterances of a CoNLL file as (comments, words, labels)."""
    utterances: list[Utterance] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if not block.strip():
            continue
        comments, words, labels = [], [], []
        for line in block.splitlines():
            if line.startswith("# "):
                comments.append(line[2:])
            else:
                word, label = line.split("\t")
                words.append(word)
                labels.append(label)
        utterances.append((comments, words, labels))
    return utterances


def spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """BIO labels -> (start, end, type) token spans, end exclusive."""
    found: list[tuple[int, int, str]] = []
    for index, label in enumerate(labels):
        if label.startswith("B-"):
            found.append((index, index + 1, label[2:]))
        elif label.startswith("I-"):
            start, _, kind = found[-1]
            found[-1] = (start, index + 1, kind)
    return found


@pytest.fixture(scope="module")
def handwritten() -> list[Utterance]:
    return read_conll(DATA / "handwritten.conll")


@pytest.fixture(scope="module")
def contrast_pairs() -> dict[str, list[Utterance]]:
    pairs: dict[str, list[Utterance]] = defaultdict(list)
    for utterance in read_conll(DATA / "contrast.conll"):
        (pair,) = [c.removeprefix("pair:").strip() for c in utterance[0] if c.startswith("pair:")]
        pairs[pair].append(utterance)
    return pairs


# --- the shipped files ------------------------------------------------------


@pytest.mark.parametrize("name", ["handwritten", "contrast"])
def test_handwritten_conll_is_what_brackets_produces(name: str, tmp_path: Path) -> None:
    regenerated = tmp_path / f"{name}.conll"
    brackets.convert_file(DATA / f"{name}.txt", regenerated)
    assert regenerated.read_bytes() == (DATA / f"{name}.conll").read_bytes()


@pytest.mark.parametrize("name", ["handwritten", "contrast"])
def test_handwritten_labels_are_valid_bio(name: str) -> None:
    allowed = {"O"} | {f"{p}-{t}" for p in "BI" for t in brackets.SLOT_TYPES}
    for comments, _, labels in read_conll(DATA / f"{name}.conll"):
        assert set(labels) <= allowed, comments
        for previous, label in zip(["O", *labels], labels):
            if label.startswith("I-"):
                assert previous[2:] == label[2:], comments


def test_handwritten_has_at_least_300_utterances(handwritten: list[Utterance]) -> None:
    assert len(handwritten) >= 300
    ids = [comments[0] for comments, _, _ in handwritten]
    assert len(set(ids)) == len(ids)


def test_handwritten_covers_every_slot_and_all_o_turns(handwritten: list[Utterance]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for _, _, labels in handwritten:
        for _, _, kind in spans(labels):
            counts[kind] += 1
        if set(labels) == {"O"}:
            counts["none"] += 1
    assert min(counts[t] for t in brackets.SLOT_TYPES) >= 200
    assert counts["none"] >= 30


LECTURE = [
    ("I would like to arrive Taipei on November 2nd", "O O O O O B-destination O B-time I-time"),
    ("leave Taipei on November 2nd", "O B-departure O B-time I-time"),
    ("leave Taipei on November 2nd for Tokyo", "O B-departure O B-time I-time O B-destination"),
    ("arrive Taipei on November 2nd", "O B-destination O B-time I-time"),
]


@pytest.mark.parametrize(("sentence", "expected"), LECTURE)
def test_handwritten_contains_the_lecture_sentences(handwritten: list[Utterance], sentence: str, expected: str) -> None:
    labelled = {tuple(words): labels for _, words, labels in handwritten}
    assert labelled[tuple(sentence.split())] == expected.split()


# --- the contrast set -------------------------------------------------------


def test_contrast_has_at_least_101_pairs_of_two(contrast_pairs: dict[str, list[Utterance]]) -> None:
    assert len(contrast_pairs) >= 101
    assert {len(pair) for pair in contrast_pairs.values()} == {2}


def test_contrast_first_pair_is_the_lecture(contrast_pairs: dict[str, list[Utterance]]) -> None:
    (_, first, first_labels), (_, second, second_labels) = contrast_pairs["1"]
    assert (first, first_labels) == ("arrive Taipei on November 2nd".split(), LECTURE[3][1].split())
    assert (second, second_labels) == ("leave Taipei on November 2nd".split(), LECTURE[1][1].split())


def test_contrast_pairs_flip_only_the_place(contrast_pairs: dict[str, list[Utterance]]) -> None:
    for number, ((_, words_a, labels_a), (_, words_b, labels_b)) in contrast_pairs.items():
        where = f"pair {number}: {' '.join(words_a)}"
        assert len(words_a) == len(words_b), where
        cues = [i for i, (a, b) in enumerate(zip(words_a, words_b)) if a != b]
        assert cues, where
        assert all(labels_a[i] == labels_b[i] == "O" for i in cues), where

        places_a = [s for s in spans(labels_a) if s[2] in PLACE_TYPES]
        places_b = [s for s in spans(labels_b) if s[2] in PLACE_TYPES]
        assert len(places_a) == len(places_b) == 1, where
        (start, end, kind_a), (start_b, end_b, kind_b) = places_a[0], places_b[0]
        assert (start, end) == (start_b, end_b), where
        assert {kind_a, kind_b} == PLACE_TYPES, where
        assert words_a[start:end] == words_b[start:end], where

        outside = [i for i in range(len(words_a)) if not start <= i < end]
        assert [labels_a[i] for i in outside] == [labels_b[i] for i in outside], where


# --- brackets.py ------------------------------------------------------------


def test_brackets_parse_bracketed_keeps_character_spans() -> None:
    text, found = brackets.parse_bracketed(
        "leave [Taipei](departure) on [November 2nd](time) for [São Paulo](destination)"
    )
    assert text == "leave Taipei on November 2nd for São Paulo"
    assert [(text[s.start : s.end], s.label) for s in found] == [
        ("Taipei", "departure"),
        ("November 2nd", "time"),
        ("São Paulo", "destination"),
    ]


def test_brackets_label_tokens_gives_bio_on_spacy_tokens() -> None:
    text, found = brackets.parse_bracketed("to [JFK](destination) at [5pm](time), via Doha")
    assert brackets.label_tokens(text, found) == [
        ("to", "O"),
        ("JFK", "B-destination"),
        ("at", "O"),
        ("5", "B-time"),
        ("pm", "I-time"),
        (",", "O"),
        ("via", "O"),
        ("Doha", "O"),
    ]


def test_brackets_passes_pair_comments_through_to_their_block() -> None:
    lines = [
        "# a remark that is dropped",
        "# pair: 7",
        "to [Oslo](destination)",
        "from [Oslo](departure)",
        "",
        "hello",
    ]
    converted = brackets.convert_lines(lines, "x.txt", "contrast")
    assert [u.comments for u in converted] == [
        ("id: contrast-0001", "pair: 7"),
        ("id: contrast-0002", "pair: 7"),
        ("id: contrast-0003",),
    ]
    assert brackets.to_conll(converted[2:]) == "# id: contrast-0003\nhello\tO\n\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("at [5](time)pm", "cuts the word '5pm'"),
        ("[nyc](departure)->[bos](destination) fri", "token boundary"),
        ("to [Osaka](city)", "unknown slot type 'city'"),
        ("to [Osaka](Destination)", "unknown slot type"),
        ("to [Osaka(destination)", "never closed"),
        ("to Osaka](destination)", "closes no '['"),
        ("to [Osaka] tomorrow", "not followed by '(type)'"),
        ("to [Osaka](destination", "never closed"),
        ("to [](destination)", "empty span"),
        ("to [Osaka ](destination)", "starts or ends with a space"),
        ("to [[Osaka](destination)](destination)", "contains another '['"),
    ],
)
def test_brackets_errors_are_one_line_with_file_and_line(
    line: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.txt"
    target = tmp_path / "bad.conll"
    source.write_text(f"# header\nleave [Taipei](departure)\n\n{line}\n", encoding="utf-8")
    assert brackets.main([str(source), str(target)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert f"{source}:4: " in error
    assert message in error
    assert not target.exists()


def test_brackets_cli_runs_as_a_script_from_the_project_root(tmp_path: Path) -> None:
    source = tmp_path / "tiny.txt"
    source.write_text("leave [Taipei](departure) on [November 2nd](time)\n", encoding="utf-8")
    target = tmp_path / "tiny.conll"
    result = subprocess.run(
        [sys.executable, "data/brackets.py", str(source), str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == (
        "# id: tiny-0001\nleave\tO\nTaipei\tB-departure\non\tO\nNovember\tB-time\n2nd\tI-time\n\n"
    )
