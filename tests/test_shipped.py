"""The shipped models: the lecture's pair comes out right, and each card tells the truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import load_tagger, shipped_models
from model.conll import read_conll
from model.gazetteer import GAZETTEER_FILE, shipped_gazetteer
from model.models.retrain import contrast_pairs, score_contrast
from model.train import evaluate_sentences

DATA = Path(__file__).resolve().parents[1] / "data"
RECURRENT = ("lstm", "gru", "elman", "jordan", "bilstm")


def test_all_six_models_and_their_place_list_ship_in_under_10_mb() -> None:
    assert set(shipped_models()) == {*RECURRENT, "ff"}
    models = Path(__file__).resolve().parents[1] / "model" / "models"
    total = sum(f.stat().st_size for name in shipped_models() for f in (models / name).iterdir())
    total += GAZETTEER_FILE.stat().st_size
    assert total < 10_000_000, f"{total / 1e6:.2f} MB"


@pytest.mark.parametrize("name", [*RECURRENT, "ff"])
def test_every_model_takes_a_real_city_alone_as_the_answer_to_where_to(name: str) -> None:
    # A name typed alone has no cue around it: the place list is what says it is a place.
    tagger = load_tagger(name)
    for city in ("Kyoto", "Busan", "Iloilo", "Chemnitz"):
        assert tagger.tag(city).labels == ["B-destination"], city


def test_the_place_list_is_a_hint_not_the_answer() -> None:
    tagger = load_tagger("lstm")
    # Listed, but the cue decides ...
    assert tagger.tag("leave Kyoto tomorrow").labels == ["O", "B-departure", "B-time"]
    # ... and a place in no list is still read from its cue.
    assert shipped_gazetteer().lookup("Zorbington") == "none"
    assert tagger.tag("I need a train to Zorbington").labels[-1] == "B-destination"


@pytest.mark.parametrize("text", ["fly from St. Louis to Ft. Lauderdale", "fly from st. louis to ft. lauderdale"])
def test_an_abbreviated_place_is_one_slot_in_any_casing(text: str) -> None:
    slots = load_tagger("lstm").tag(text).slots
    assert [(s.type, s.text.lower()) for s in slots] == [("departure", "st. louis"), ("destination", "ft. lauderdale")]


def test_the_default_model_keeps_a_listed_name_whole() -> None:
    # "Sad" alone is an everyday word: the default model read "leave [Novi] Sad" until names were kept whole.
    slots = load_tagger("lstm").tag("leave Novi Sad on Friday for Taipei").slots
    assert {s.type: s.text for s in slots} == {"departure": "Novi Sad", "time": "Friday", "destination": "Taipei"}


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # A known airline or a flight number between "flying" and "to" is no place ...
        ("I'm flying Lufthansa to Berlin tomorrow", {"destination": "Berlin", "time": "tomorrow"}),
        ("I need flight BA117 to New York on the 2nd", {"destination": "New York", "time": "the 2nd"}),
        # ... a city there is where the trip starts.
        (
            "Can I fly Lahore to Karachi tomorrow?",
            {"departure": "Lahore", "destination": "Karachi", "time": "tomorrow"},
        ),
    ],
)
def test_the_default_model_tells_an_airline_from_a_departure(text: str, slots: dict[str, str]) -> None:
    assert {slot.type: slot.text for slot in load_tagger("lstm").tag(text).slots} == slots


@pytest.mark.parametrize("name", RECURRENT)
def test_every_recurrent_model_reads_the_lectures_cue(name: str) -> None:
    # LECTURE §3: the same word, "Taipei", is a destination after "arrive" and a departure after "leave".
    tagger = load_tagger(name)
    assert tagger.tag("arrive Taipei on November 2nd").labels == ["O", "B-destination", "O", "B-time", "I-time"]
    assert tagger.tag("leave Taipei on November 2nd").labels == ["O", "B-departure", "O", "B-time", "I-time"]


def test_the_feedforward_model_cannot_tell_them_apart() -> None:
    tagger = load_tagger("ff")
    arrive, leave = tagger.tag("arrive Taipei"), tagger.tag("leave Taipei")
    assert arrive.tokens[1].label == leave.tokens[1].label
    assert arrive.tokens[1].prob == pytest.approx(leave.tokens[1].prob, abs=1e-6)


@pytest.mark.parametrize("name", sorted({*RECURRENT, "ff"}))
def test_the_card_gives_the_scores_the_shipped_weights_get(name: str) -> None:
    # The README's table comes from these cards; a change to the read-out or the data must rewrite them.
    tagger = load_tagger(name)
    card = tagger.card
    handwritten = evaluate_sentences(tagger, read_conll(DATA / "handwritten.conll")).f1
    contrast = score_contrast(tagger, contrast_pairs(read_conll(DATA / "contrast.conll")))
    assert round(handwritten, 4) == pytest.approx(card["f1_handwritten"], abs=1e-4)
    assert round(contrast.accuracy, 4) == pytest.approx(card["contrast_accuracy"], abs=1e-4)
    assert round(contrast.cue_before_accuracy, 4) == pytest.approx(card["contrast_cue_before"], abs=1e-4)
    assert round(contrast.cue_after_accuracy, 4) == pytest.approx(card["contrast_cue_after"], abs=1e-4)
    if name == "ff":
        assert contrast.same == contrast.pairs  # by construction: it sees the same word both times


@pytest.mark.parametrize("name", [m for m in RECURRENT if m != "bilstm"])
def test_a_left_to_right_model_cannot_use_a_cue_it_has_not_read(name: str) -> None:
    # "Lagos is where I'm headed" / "... starting": when the place is read, the cue is still ahead,
    # beyond the word or so the model may look ahead. Every output up to there is the same to the
    # last bit in both sentences; only hindsight, read after the cue, can tell the place's type.
    tagger = load_tagger(name)
    reach = tagger.config.lookahead
    unread = told = 0
    for a, b in contrast_pairs(read_conll(DATA / "contrast.conll")):
        place = [t for t, (x, y) in enumerate(zip(a.labels, b.labels)) if x != y]
        cue = [t for t, (x, y) in enumerate(zip(a.words, b.words)) if x != y]
        if min(cue) > max(place) + reach:
            unread += 1
            trace_a, trace_b = tagger.trace_tokens(a.words), tagger.trace_tokens(b.words)
            for t in range(min(cue) - reach):
                assert (trace_a.tokens[t].probs == trace_b.tokens[t].probs).all(), a.words
                if tagger.config.hindsight:
                    assert (trace_a.tokens[t].hindsight == trace_b.tokens[t].hindsight).all(), a.words
            tag_a, tag_b = tagger.predict([list(a.words), list(b.words)])
            if [tag_a[t] for t in place] != [tag_b[t] for t in place]:
                told += 1
                assert max(trace_a.tokens[t].typed_at for t in place) >= min(cue) - reach, a.words
    assert unread >= 7  # the README counts 7 such pairs
    if not tagger.config.hindsight:
        assert told == 0
