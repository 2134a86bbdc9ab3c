"""Turning words into vectors: 1-of-N with "other", letter trigrams, word shape."""

from __future__ import annotations

import doctest
import itertools
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
import torch
from hypothesis import example, given, settings
from hypothesis import strategies as st

import model.encoding
import model.tokenizer
from model.config import FEATURES
from model.encoding import OTHER, PAD, Encoder, Vocab, letter_trigrams, trigram_bucket, word_key, word_shape
from model.gazetteer import Gazetteer
from model.tagger import Tagger

ROOT = Path(__file__).resolve().parents[1]
SUBSETS = [c for n in range(1, len(FEATURES) + 1) for c in itertools.combinations(FEATURES, n)]
DIMS = {"word": 5, "trigram": 7, "shape": 3, "place": 2}
# A small place list, so these tests do not depend on the shipped one.
PLACES = Gazetteer(["Taipei", "Dar es Salaam"])
words_st = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)


def _encoder(
    features: tuple[str, ...], entries: tuple[str, ...] = ("arrive", "leave", "taipei"), fold_accents: bool = False
) -> Encoder:
    torch.manual_seed(0)
    return Encoder(
        Vocab(entries),
        Vocab(["xxxx", "Xxxx"]),
        features,
        word_dim=DIMS["word"],
        trigram_dim=DIMS["trigram"],
        trigram_buckets=97,
        shape_dim=DIMS["shape"],
        place_dim=DIMS["place"],
        gazetteer=PLACES,
        fold_accents=fold_accents,
    )


def _vec(encoder: Encoder, word: str) -> torch.Tensor:
    with torch.no_grad():
        return encoder(encoder.batch([[word]]))[0, 0]


@pytest.mark.parametrize(
    "module",
    [
        model.encoding,
        model.tokenizer,
    ],
    ids=lambda m: m.__name__,
)
def test_encoding_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_encoding_letter_trigrams_lecture_example() -> None:
    # LECTURE §2, with the word-boundary marks.
    assert letter_trigrams("apple") == ("#ap", "app", "ppl", "ple", "le#")


@given(words_st)
def test_encoding_trigrams_rebuild_the_marked_word(word: str) -> None:
    trigrams = letter_trigrams(word)
    marked = f"#{word.lower()}#"
    assert len(trigrams) == len(marked) - 2
    assert all(len(t) == 3 for t in trigrams)
    assert "".join(t[0] for t in trigrams) + trigrams[-1][1:] == marked


@given(st.text(min_size=1, max_size=5), st.integers(1, 10_000))
def test_encoding_trigram_bucket_is_in_range(trigram: str, buckets: int) -> None:
    assert 0 <= trigram_bucket(trigram, buckets) < buckets


def test_encoding_trigram_buckets_are_stable_across_processes() -> None:
    # Python's hash() is salted per process; a saved model needs the same rows every run.
    code = "from model.encoding import trigram_bucket as b; print([b(t, 4096) for t in ('#ap', 'app', 'ppl', 'le#')])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == str([trigram_bucket(t, 4096) for t in ("#ap", "app", "ppl", "le#")]) + "\n"


@given(words_st)
def test_encoding_word_shape_keeps_character_classes(word: str) -> None:
    shape = word_shape(word)
    assert 0 < len(shape) <= len(word)
    assert set(shape) <= {"X", "x", "d"} | {ch for ch in word if not (ch.isalpha() or ch.isdigit())}
    # Runs of one class are cut at four.
    assert not any(
        shape[i] == shape[i + 1] == shape[i + 2] == shape[i + 3] == shape[i + 4] for i in range(len(shape) - 4)
    )


@settings(max_examples=200)
@given(words_st)
@example("🅐").via("upper case but not a letter")
@example("Ⅻ").via("upper case but not a letter")
def test_encoding_word_shape_matches_spacy_shape(nlp: spacy.language.Language, word: str) -> None:
    # spaCy's lexeme shape is the reference: same classes, same four-run cut.
    assert word_shape(word) == nlp.vocab[word].shape_


@pytest.mark.parametrize(("a", "b"), [("Taipei", "Berlin"), ("17:45", "09:30"), ("JFK", "LAX"), ("2nd", "3rd")])
def test_encoding_word_shape_same_for_same_pattern(a: str, b: str) -> None:
    assert word_shape(a) == word_shape(b)


@pytest.mark.parametrize(("a", "b"), [("Taipei", "taipei"), ("17:45", "1745"), ("JFK", "Jfk"), ("2nd", "nd")])
def test_encoding_word_shape_differs_for_different_pattern(a: str, b: str) -> None:
    assert word_shape(a) != word_shape(b)


def test_encoding_vocab_has_other_for_unseen_words() -> None:
    vocab = Vocab(["arrive", "leave"])
    assert vocab[0] == PAD and vocab[1] == OTHER
    known = {vocab.index(w) for w in ("arrive", "leave")}
    assert len(known) == 2 and not known & {0, 1}
    # The lecture's unseen words share the one extra dimension.
    assert vocab.index("Gandalf") == vocab.index("Sauron") == 1
    assert len(vocab) == 4


def test_encoding_vocab_build_counts_and_skips_reserved() -> None:
    vocab = Vocab.build(["a", "b", "a", PAD, OTHER, OTHER], min_count=2)
    assert vocab.entries[2:] == ["a"]


@pytest.mark.parametrize("features", SUBSETS, ids="+".join)
def test_encoding_any_feature_subset_builds_and_has_the_right_width(features: tuple[str, ...]) -> None:
    encoder = _encoder(features)
    batch = encoder.batch([["arrive", "Taipei"], ["leave"]])
    with torch.no_grad():
        out = encoder(batch)
    assert encoder.output_size == sum(DIMS[f] for f in features)
    assert out.shape == (2, 2, encoder.output_size)


@pytest.mark.parametrize("features", [(), ("word", "bogus"), ("colour",)])
def test_encoding_rejects_empty_or_unknown_features(features: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="features"):
        _encoder(features)


# What each encoding can tell apart (True: the two words get different vectors).
SEES = {
    "word": {("Gandalf", "Sauron"): False, ("arrive", "leave"): True, ("Taipei", "taipei"): False},
    "trigram": {("Gandalf", "Sauron"): True, ("arrive", "leave"): True, ("Taipei", "taipei"): False},
    "shape": {("Gandalf", "Sauron"): False, ("arrive", "leave"): False, ("Taipei", "taipei"): True},
    "place": {("Gandalf", "Sauron"): False, ("Taipei", "taipei"): False, ("Taipei", "Gandalf"): True},
}


@pytest.mark.parametrize(
    ("feature", "pair", "differ"),
    [(f, pair, differ) for f, cases in SEES.items() for pair, differ in cases.items()],
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else str(v),
)
def test_encoding_each_feature_sees_what_it_should(feature: str, pair: tuple[str, str], differ: bool) -> None:
    encoder = _encoder((feature,))
    a, b = (_vec(encoder, w) for w in pair)
    assert (not torch.equal(a, b)) == differ


@pytest.mark.parametrize("features", SUBSETS, ids="+".join)
def test_encoding_vector_is_the_concatenation_of_the_selected_parts(features: tuple[str, ...]) -> None:
    encoder = _encoder(features)
    word = "Taipei"
    parts = []
    if "word" in features:
        # A learned embedding lookup is exactly a 1-of-N vector times a matrix (§2).
        one_hot = torch.nn.functional.one_hot(torch.tensor(encoder.words.index("taipei")), len(encoder.words))
        parts.append(one_hot.float() @ encoder.word_emb.weight)
    if "trigram" in features:
        rows = torch.tensor([trigram_bucket(t, 97) for t in letter_trigrams(word)])
        parts.append(encoder.trigram_emb.weight[rows].mean(0))
    if "shape" in features:
        parts.append(encoder.shape_emb.weight[encoder.shapes.index(word_shape(word))])
    if "place" in features:
        parts.append(encoder.place_emb.weight[3])  # row 3: a place name on its own
    torch.testing.assert_close(_vec(encoder, word), torch.cat(parts).detach())


@pytest.mark.parametrize(("typed", "plain"), [("Zürich", "Zurich"), ("Nẵng", "nang"), ("ĐÀ", "da"), ("Łódź", "Lodz")])
@pytest.mark.parametrize("feature", ["word", "trigram"])
def test_encoding_folded_accents_read_a_name_alike_with_or_without_them(feature: str, typed: str, plain: str) -> None:
    entries = ("zurich", "nang", "da", "lodz")
    folded = _encoder((feature,), entries, fold_accents=True)
    assert torch.equal(_vec(folded, typed), _vec(folded, plain))
    as_typed = _encoder((feature,), entries)
    assert not torch.equal(_vec(as_typed, typed), _vec(as_typed, plain))


def test_encoding_padding_does_not_change_real_tokens() -> None:
    encoder = _encoder(FEATURES)
    with torch.no_grad():
        padded = encoder(encoder.batch([["leave"], ["arrive", "Taipei", "now"]]))
        alone = encoder(encoder.batch([["leave"]]))
    torch.testing.assert_close(padded[0, :1], alone[0])
    assert padded[0, 1:].abs().sum() == 0  # padding rows are zero vectors


def test_encoding_describe_known_and_unknown_words(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger()
    known = tagger.describe("Taipei")
    assert known.known and known.vocab_entry == "taipei"
    assert tagger.network.encoder.words[known.vocab_index] == "taipei"
    unknown = tagger.describe("Gandalf")
    assert not unknown.known and unknown.vocab_entry == "other" and unknown.vocab_index == 1
    for enc in (known, unknown):
        assert enc.trigrams == letter_trigrams(word_key(enc.word, tagger.config.fold_accents))
        assert enc.trigram_buckets == tuple(trigram_bucket(t, tagger.config.trigram_buckets) for t in enc.trigrams)
        assert enc.shape == word_shape(enc.word)
        assert tagger.network.encoder.shapes[enc.shape_index] == enc.shape or enc.shape_index == 1


@settings(max_examples=60, deadline=None)
@given(words_st)
def test_encoding_describe_any_word_is_its_entry_or_other(make_tagger: Callable[..., Tagger], word: str) -> None:
    tagger = make_tagger()
    entries = tagger.network.encoder.words.entries[2:]
    enc = tagger.describe(word)
    key = word_key(word, tagger.config.fold_accents)
    assert enc.word == word
    assert enc.known == (key in entries)
    assert enc.vocab_entry == (key if enc.known else "other")
    assert enc.vocab_index == (entries.index(key) + 2 if enc.known else 1)


@pytest.mark.parametrize("word", ["<pad>", "<PAD>"])
def test_encoding_reserved_strings_typed_by_a_user_are_other(make_tagger: Callable[..., Tagger], word: str) -> None:
    enc = make_tagger().describe(word)
    assert (enc.vocab_index, enc.vocab_entry, enc.known) == (1, "other", False)
