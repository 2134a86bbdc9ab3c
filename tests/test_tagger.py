"""The tagger: text in, labelled tokens and slots out; tag and trace agree."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import spacy
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import model.tagger
from model.config import TaggerConfig
from model.conll import Sentence, bio_to_spans
from model.readout import SpanReader
from model.tagger import Tagger, Tagging
from model.tokenizer import tokenize
from model.train import evaluate_sentences

# Every cell, uni and bi, deep and shallow, and a few feature subsets.
CONFIGS: list[dict[str, Any]] = [
    {"cell": "lstm"},
    {"cell": "lstm", "bidirectional": True},
    {"cell": "lstm", "layers": 3},
    {"cell": "lstm", "peephole": True},
    {"cell": "lstm", "peephole": True, "bidirectional": True, "layers": 2},
    {"cell": "gru"},
    {"cell": "gru", "bidirectional": True, "layers": 2},
    {"cell": "elman"},
    {"cell": "elman", "bidirectional": True},
    {"cell": "jordan"},
    {"cell": "jordan", "bidirectional": True, "layers": 2},
    {"cell": "ff"},
    {"cell": "ff", "layers": 2},
    {"cell": "gru", "features": ("trigram",)},
    {"cell": "lstm", "lookahead": 1},
    {"cell": "elman", "lookahead": 3},
    {"cell": "lstm", "bidirectional": True, "features": ("word", "shape")},
    {"cell": "lstm", "lookahead": 1, "hindsight": True},
    {"cell": "jordan", "hindsight": True},
    {"cell": "gru", "bidirectional": True, "layers": 2, "hindsight": True},
]
GATES = {"lstm": {"i", "f", "g", "o"}, "gru": {"r", "z", "n"}, "elman": set(), "ff": set(), "jordan": {"y"}}
TEXTS = [
    "I would like to arrive Taipei on November 2nd",
    "leave Gandalf at 5pm , then Sauron",
    "x",
]
BAD_TEXTS = {
    "empty": "",
    "blank": "   \t\n  ",
    "emoji": "😀👍🏽 fly me to Taipei 🛫",
    "arabic": "أريد السفر إلى تايبيه غدا",
    "hebrew": "אני רוצה לטוס לטייפה מחר",
    "nul": "leave\x00Taipei at 5\x00pm",
    "ansi": "\x1b[31mleave\x1b[0m Taipei",
    "zero-width": "arrive\u200bTaipei \u200b on\u200b",
    "carriage-return": "leave Taipei\r\nat 5pm\r",
    "markup": "[bold]arrive[/bold] Taipei [red]now",
    "combining": "Zu\u0308rich Cafe\u0301 e\u0301\u0301\u0301",
    # A byte that is not UTF-8, as Python reads it from a command line (PEP 383).
    "stray-byte": b"leave Taip\xffei at \xfe5pm".decode("utf-8", "surrogateescape"),
}


def _config_id(config: dict[str, Any]) -> str:
    return "-".join(f"{k}={v}" if not isinstance(v, tuple) else "+".join(v) for k, v in config.items())


def _assert_offsets_map_back(tagging: Tagging) -> None:
    text = tagging.text
    previous_end = 0
    for token in tagging.tokens:
        assert text[token.start : token.end] == token.text
        assert previous_end <= token.start < token.end
        previous_end = token.end
    for slot in tagging.slots:
        assert text[slot.start : slot.end] == slot.text


def _expected_slots(tagging: Tagging) -> list[tuple[str, str, int, int, float]]:
    """Slots computed independently from the token labels."""
    out = []
    for span in bio_to_spans(tagging.labels):
        toks = tagging.tokens[span.start : span.end]
        start, end = toks[0].start, toks[-1].end
        out.append((span.type, tagging.text[start:end], start, end, min(t.prob for t in toks)))
    return out


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_tagger_tokenize_keeps_spacy_tokens_and_offsets(nlp: spacy.language.Language, text: str) -> None:
    tokens = tokenize(text)
    reference = [(t.text, t.idx) for t in nlp.make_doc(text) if not t.is_space]
    assert [(t.text, t.start) for t in tokens] == reference
    covered = set()
    for t in tokens:
        assert text[t.start : t.end] == t.text and t.end == t.start + len(t.text)
        covered.update(range(t.start, t.end))
    # Only whitespace is left out.
    assert all(ch.isspace() for i, ch in enumerate(text) if i not in covered)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("to st. louis", ["to", "st.", "louis"]),
        ("TO FT. WORTH", ["TO", "FT.", "WORTH"]),
        ("Ft. Lauderdale", ["Ft.", "Lauderdale"]),
        ("Ste. Foy", ["Ste.", "Foy"]),
        ("I live on Main st.", ["I", "live", "on", "Main", "st."]),
        ("soft. Then", ["soft", ".", "Then"]),  # only the abbreviation itself, never a word's tail
    ],
)
def test_tagger_tokenize_keeps_place_abbreviations_whole(text: str, words: list[str]) -> None:
    assert [t.text for t in tokenize(text)] == words


def test_tagger_trained_fixture_has_learned(trained_tagger: Tagger, booking_data: list[Sentence]) -> None:
    # Guards the tests that lean on it: an untrained tagger scores ~0.
    assert evaluate_sentences(trained_tagger, booking_data).f1 > 0.8


@pytest.mark.parametrize("text", TEXTS)
def test_tagger_tag_gives_tokens_and_slots_that_map_back(trained_tagger: Tagger, text: str) -> None:
    tagging = trained_tagger.tag(text)
    assert tagging.text == text
    assert [(t.text, t.start, t.end) for t in tagging.tokens] == [(t.text, t.start, t.end) for t in tokenize(text)]
    assert all(label in trained_tagger.labels for label in tagging.labels)
    assert all(0 < t.prob <= 1 for t in tagging.tokens)
    _assert_offsets_map_back(tagging)
    assert [(s.type, s.text, s.start, s.end, s.prob) for s in tagging.slots] == _expected_slots(tagging)


def test_tagger_tag_finds_slots_in_a_training_like_sentence(trained_tagger: Tagger) -> None:
    tagging = trained_tagger.tag("I would like to arrive Taipei on November 2nd")
    assert [(s.type, s.text) for s in tagging.slots] == [("destination", "Taipei"), ("time", "November 2nd")]


def test_tagger_tag_tokens_offsets_point_into_the_joined_words(trained_tagger: Tagger) -> None:
    words = ["leave", "New", "York", "at", "7:30"]
    tagging = trained_tagger.tag_tokens(words)
    assert tagging.text == " ".join(words)
    assert [t.text for t in tagging.tokens] == words
    _assert_offsets_map_back(tagging)
    assert tagging.labels == trained_tagger.tag(" ".join(words)).labels  # same tokens, same labels


def test_tagger_to_json_has_exactly_the_documented_shape(trained_tagger: Tagger) -> None:
    tagging = trained_tagger.tag("please arrive San Francisco Friday morning")
    data = json.loads(json.dumps(tagging.to_json()))
    assert set(data) == {"text", "tokens", "slots"}
    assert data["text"] == tagging.text
    assert [set(t) for t in data["tokens"]] == [{"text", "start", "end", "label", "prob"}] * len(tagging.tokens)
    for row, token in zip(data["tokens"], tagging.tokens, strict=True):
        assert (row["text"], row["start"], row["end"], row["label"]) == (
            token.text,
            token.start,
            token.end,
            token.label,
        )
        assert row["prob"] == pytest.approx(token.prob, abs=1e-6)
    expected: dict[str, list[dict[str, Any]]] = {}
    for slot in tagging.slots:
        expected.setdefault(slot.type, []).append({"text": slot.text, "start": slot.start, "end": slot.end})
    assert data["slots"] == expected
    assert tagging.slots, "the sentence should give at least one slot, or this test checks nothing"


@pytest.mark.parametrize("lookahead", [0, 1, 2])
def test_tagger_lookahead_reads_exactly_that_many_words_ahead(
    make_tagger: Callable[..., Tagger], lookahead: int
) -> None:
    # A left-to-right tagger's probabilities for "Taipei" (index 1) may depend on the next
    # `lookahead` words, never beyond. (Its read-out label may: see test_tagger_reads_a_span_type_at_its_last_word.)
    tagger = make_tagger(seed=5, cell="lstm", lookahead=lookahead)
    words = "leave Taipei on November 2nd please".split()

    base = tagger.trace_tokens(words).tokens[1].probs
    for ahead in range(1, 4):
        changed = list(words)
        changed[1 + ahead] = "Gandalf"
        moved = not np.allclose(tagger.trace_tokens(changed).tokens[1].probs, base, rtol=0, atol=1e-7)
        assert moved is (ahead <= lookahead), f"word {ahead} ahead, lookahead {lookahead}"


def test_tagger_old_model_files_say_lookahead_true_or_false() -> None:
    assert TaggerConfig.from_dict({"lookahead": True}).lookahead == 1
    assert TaggerConfig.from_dict({"lookahead": False}).lookahead == 0
    with pytest.raises(ValueError, match="lookahead"):
        TaggerConfig(lookahead=-1)


def test_tagger_new_models_fold_accents_and_old_model_files_read_words_as_typed() -> None:
    assert TaggerConfig().fold_accents
    assert TaggerConfig.from_dict(TaggerConfig().to_dict()).fold_accents
    assert not TaggerConfig.from_dict({"cell": "lstm"}).fold_accents  # written before the option


def test_tagger_place_spans_are_an_option_that_model_files_keep() -> None:
    assert not TaggerConfig().place_spans
    assert TaggerConfig.from_dict(TaggerConfig(place_spans=True).to_dict()).place_spans
    assert not TaggerConfig.from_dict({"cell": "lstm"}).place_spans  # written before the option


def test_tagger_config_says_how_far_ahead_it_reads() -> None:
    assert TaggerConfig(cell="gru", hidden=96, lookahead=2).describe() == "GRU, 1 layer x 96 units, reads 2 words ahead"
    assert TaggerConfig(lookahead=1).describe().endswith("units, reads 1 word ahead")
    assert "ahead" not in TaggerConfig(lookahead=0).describe()


def test_tagger_config_hindsight_needs_a_memory_and_older_files_have_none() -> None:
    assert TaggerConfig(lookahead=1, hindsight=True).describe().endswith("reads 1 word ahead, types slots in hindsight")
    assert TaggerConfig(labels=("O", "B-time", "I-time", "B-departure")).span_types == ("departure", "time")
    with pytest.raises(ValueError, match="no memory"):
        TaggerConfig(cell="ff", hindsight=True)
    old = {k: v for k, v in TaggerConfig().to_dict().items() if k != "hindsight"}
    assert TaggerConfig.from_dict(old).hindsight is False


def test_tagger_old_jordan_files_fed_back_probabilities() -> None:
    assert TaggerConfig.from_dict({"cell": "jordan"}).feedback == "prob"
    assert TaggerConfig.from_dict({"cell": "jordan", "feedback": "log"}).feedback == "log"
    assert TaggerConfig.from_dict({"cell": "lstm"}).feedback == "log"
    assert "probabilities fed back" in TaggerConfig(cell="jordan", feedback="prob").describe()
    with pytest.raises(ValueError, match="only the Jordan"):
        TaggerConfig(cell="gru", feedback="prob")
    with pytest.raises(ValueError, match="feedback"):
        TaggerConfig(cell="jordan", feedback="soft")


@pytest.mark.parametrize("config", CONFIGS, ids=_config_id)
def test_tagger_tag_and_trace_agree(make_tagger: Callable[..., Tagger], config: dict[str, Any]) -> None:
    tagger = make_tagger(seed=3, **config)
    for text in TEXTS:
        tagging, trace = tagger.tag(text), tagger.trace(text)
        assert trace.labels == tagger.labels
        assert [t.token.label for t in trace.tokens] == tagging.labels
        for tagged, traced in zip(tagging.tokens, trace.tokens, strict=True):
            assert (traced.token.text, traced.token.start, traced.token.end) == (tagged.text, tagged.start, tagged.end)
            assert traced.token.prob == pytest.approx(tagged.prob, abs=1e-5)
            assert traced.probs.shape == (len(tagger.labels),)
            assert traced.probs.sum() == pytest.approx(1.0, abs=1e-5)
            assert traced.probs[tagger.labels.index(tagged.label)] == pytest.approx(tagged.prob, abs=1e-5)
        table = torch.tensor(np.stack([t.probs for t in trace.tokens]))
        hindsight = None
        if tagger.config.hindsight:
            hindsight = torch.tensor(np.stack([t.hindsight for t in trace.tokens]))
            assert hindsight.shape == (len(trace.tokens), len(tagger.config.span_types))
        else:
            assert all(t.hindsight is None for t in trace.tokens)
        assert [tagger.labels[i] for i in SpanReader(tagger.labels).read(table, hindsight)] == tagging.labels
        traced_slots = trace.tagging().slots
        assert [(s.type, s.text, s.start, s.end) for s in traced_slots] == [
            (s.type, s.text, s.start, s.end) for s in tagging.slots
        ]
        assert [s.prob for s in traced_slots] == pytest.approx([s.prob for s in tagging.slots], abs=1e-5)


@pytest.mark.parametrize("config", CONFIGS, ids=_config_id)
def test_tagger_trace_keeps_every_layer_and_direction(
    make_tagger: Callable[..., Tagger], config: dict[str, Any]
) -> None:
    tagger = make_tagger(**config)
    cell, layers = config["cell"], config.get("layers", 1)
    directions = ["forward", "backward"] if config.get("bidirectional") else ["forward"]
    trace = tagger.trace("arrive Taipei on November 2nd")
    assert len(trace.tokens) == 5
    hidden = tagger.config.hidden
    for t, token in enumerate(trace.tokens):
        assert token.encoding == tagger.describe(token.token.text)
        assert [(s.layer, s.direction) for s in token.states] == [(k, d) for k in range(layers) for d in directions]
        for s in token.states:
            assert s.h.shape == (hidden,)
            assert set(s.gates) == GATES[cell]
            assert (s.c is not None) == (cell == "lstm")
            if cell == "lstm":
                for gate in "ifo":
                    assert ((s.gates[gate] > 0) & (s.gates[gate] < 1)).all()
                # The trace is one consistent step: h = o * tanh(c).
                np.testing.assert_allclose(s.h, s.gates["o"] * np.tanh(s.c), atol=1e-6)
            if cell == "gru":
                before = np.zeros(hidden)
                neighbour = t - 1 if s.direction == "forward" else t + 1
                if 0 <= neighbour < len(trace.tokens):
                    before = trace.tokens[neighbour].states[token.states.index(s)].h
                z, n = s.gates["z"], s.gates["n"]
                np.testing.assert_allclose(s.h, (1 - z) * n + z * before, atol=1e-6)
            if cell == "jordan":
                assert s.gates["y"].shape == (len(tagger.labels),)
                # What it feeds back is its output distribution, as log-probabilities.
                assert np.exp(s.gates["y"]).sum() == pytest.approx(1.0, abs=1e-5)


def test_tagger_trace_to_json_round_trips(trained_tagger: Tagger) -> None:
    trace = trained_tagger.trace("leave Gandalf at noon")
    data = json.loads(json.dumps(trace.to_json()))
    assert [t["label"] for t in data["tokens"]] == [t.token.label for t in trace.tokens]
    gandalf = data["tokens"][1]
    assert gandalf["encoding"]["vocab_entry"] == "other"
    assert gandalf["encoding"]["trigrams"] == list(trained_tagger.describe("Gandalf").trigrams)
    assert sum(gandalf["probs"].values()) == pytest.approx(1.0, abs=1e-4)
    lstm_state = gandalf["states"][0]
    assert set(lstm_state["gates"]) == {"i", "f", "g", "o"} and len(lstm_state["c"]) == trained_tagger.config.hidden


@pytest.mark.parametrize("config", CONFIGS, ids=_config_id)
def test_tagger_predict_matches_tag_tokens(make_tagger: Callable[..., Tagger], config: dict[str, Any]) -> None:
    tagger = make_tagger(seed=5, **config)
    sentences = [
        "I would like to arrive Taipei on November 2nd".split(),
        ["Gandalf"],
        [],
        "leave Boston at 7:30 please , with Sauron".split(),
        "arrive Paris".split(),
    ]
    predicted = tagger.predict(sentences, batch_size=3)
    assert predicted == [tagger.tag_tokens(s).labels for s in sentences]
    assert predicted[2] == []


@pytest.mark.parametrize(
    ("cell", "memory"), [("ff", False), ("lstm", True), ("gru", True), ("elman", True), ("jordan", True)]
)
def test_tagger_only_a_network_with_memory_tells_arrive_from_leave(
    make_tagger: Callable[..., Tagger], cell: str, memory: bool
) -> None:
    # LECTURE §3: the feedforward network sees "Taipei" alone, whatever came before.
    tagger = make_tagger(cell=cell)
    after_arrive = tagger.trace_tokens(["arrive", "Taipei"]).tokens[1].probs
    after_leave = tagger.trace_tokens(["leave", "Taipei"]).tokens[1].probs
    assert (not np.allclose(after_arrive, after_leave, atol=1e-7)) == memory


@pytest.mark.parametrize("name", sorted(BAD_TEXTS))
def test_tagger_odd_input_never_crashes_and_offsets_map_back(trained_tagger: Tagger, name: str) -> None:
    text = BAD_TEXTS[name]
    tagging, trace = trained_tagger.tag(text), trained_tagger.trace(text)
    assert tagging.text == text and tagging.windows == 1
    _assert_offsets_map_back(tagging)
    assert [t.token.label for t in trace.tokens] == tagging.labels
    assert bool(tagging.tokens) == bool(text.strip())
    if not tagging.tokens:
        assert tagging.slots == () and trace.tokens == ()


def test_tagger_stray_bytes_reach_every_path(trained_tagger: Tagger) -> None:
    words = ["leave", "Taip\udcffei", "\udcfe"]
    assert trained_tagger.predict([words]) == [trained_tagger.tag_tokens(words).labels]
    assert [t.token.text for t in trained_tagger.trace_tokens(words).tokens] == words


def test_tagger_markup_comes_through_literally(trained_tagger: Tagger) -> None:
    text = BAD_TEXTS["markup"]
    tagging = trained_tagger.tag(text)
    assert tagging.to_json()["text"] == text
    assert "".join(t.text for t in tagging.tokens) == text.replace(" ", "")


def test_tagger_long_input_is_tagged_in_windows_with_fresh_memory(trained_tagger: Tagger) -> None:
    sentence = "I would like to leave Boston at 5pm and arrive Taipei on November 2nd . "
    text = (sentence * (10_000 // len(sentence) + 1))[:10_000]
    tagging = trained_tagger.tag(text)
    size = model.tagger.MAX_TOKENS
    n = len(tokenize(text))
    assert n > size
    assert tagging.windows == math.ceil(n / size) > 1
    assert len(tagging.tokens) == n
    _assert_offsets_map_back(tagging)
    # Each window is tagged as if it were the whole input.
    words = [t.text for t in tagging.tokens]
    for k in range(tagging.windows):
        window = trained_tagger.tag_tokens(words[k * size : (k + 1) * size])
        assert window.labels == tagging.labels[k * size : (k + 1) * size]
        got = [t.prob for t in tagging.tokens[k * size : (k + 1) * size]]
        assert got == pytest.approx([t.prob for t in window.tokens], abs=1e-5)
    trace = trained_tagger.trace(text)
    assert [t.token.label for t in trace.tokens] == tagging.labels
    assert trained_tagger.predict([words]) == [tagging.labels]


def test_tagger_trace_reuses_the_windows_it_traced_last_and_only_those(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model.tagger, "MAX_TOKENS", 4)
    tagger, fresh = make_tagger(), make_tagger()  # the same weights
    text = "leave Taipei on November 2nd for Tokyo at 5pm"  # windows of 4, 4 and 2 tokens
    first = tagger.trace(text)
    typed_on = tagger.trace(text + " please")  # the last window changes, the first two do not
    again = fresh.trace(text + " please")
    assert [t.token for t in typed_on.tokens] == [t.token for t in again.tokens]
    assert all(np.array_equal(a.probs, b.probs) for a, b in zip(typed_on.tokens, again.tokens, strict=True))
    assert all(a is b for a, b in zip(first.tokens[:8], typed_on.tokens[:8]))
    assert typed_on.tokens[8] is not first.tokens[8]
    shifted = tagger.trace("so " + text)  # every offset moves: nothing is reused
    assert not any(a is b for a, b in zip(first.tokens, shifted.tokens))
    with torch.no_grad():
        tagger.network.hidden2tag.bias[0] += 1.0  # new weights: traced again, and differently
    changed = tagger.trace("so " + text)
    assert not any(a is b for a, b in zip(shifted.tokens, changed.tokens))
    assert not np.allclose(changed.tokens[0].probs, shifted.tokens[0].probs)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tagger_window_count_follows_max_tokens(
    make_tagger: Callable[..., Tagger], monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    monkeypatch.setattr(model.tagger, "MAX_TOKENS", 4)
    tagger = make_tagger()
    words = ["arrive", "Taipei", "on", "November"] * n
    assert tagger.tag_tokens(words).windows == n
    assert tagger.tag_tokens(words + ["2nd"]).windows == n + 1


def test_tagger_keeps_working_after_tagging_many_distinct_words(make_tagger: Callable[..., Tagger]) -> None:
    # A long chat sees tens of thousands of different words next to ones
    # it has seen before; any memo the tagger keeps must stay bounded without
    # forgetting a word it still needs.
    tagger = make_tagger()
    before = tagger.tag_tokens(["arrive", "Taipei", "on", "November", "2nd"])
    for start in range(0, 60_000, 500):
        words = ["arrive", *(f"w{i}" for i in range(start, start + 499))]
        assert len(tagger.tag_tokens(words).tokens) == 500
    after = tagger.tag_tokens(["arrive", "Taipei", "on", "November", "2nd"])
    assert after.labels == before.labels
    assert [t.prob for t in after.tokens] == pytest.approx([t.prob for t in before.tokens], abs=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_tagger_tag_never_raises_and_offsets_map_back(trained_tagger: Tagger, text: str) -> None:
    tagging = trained_tagger.tag(text)
    assert tagging.text == text
    _assert_offsets_map_back(tagging)
    assert [(s.type, s.text, s.start, s.end, s.prob) for s in tagging.slots] == _expected_slots(tagging)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_tagger_trace_never_raises_and_agrees_with_tag(trained_tagger: Tagger, text: str) -> None:
    trace = trained_tagger.trace(text)
    tagging = trained_tagger.tag(text)
    assert [t.token.label for t in trace.tokens] == tagging.labels
    assert [t.token.start for t in trace.tokens] == [t.start for t in tagging.tokens]
