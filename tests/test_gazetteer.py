"""The place list and the ``place`` encoding it gives every word."""

from __future__ import annotations

import doctest
from collections.abc import Callable

import numpy as np
import pytest
import torch

import model.gazetteer
from model.gazetteer import Gazetteer, fold, read_names, shipped_gazetteer
from model.tagger import Tagger


def test_gazetteer_docstring_examples_run() -> None:
    result = doctest.testmod(model.gazetteer)
    assert result.attempted > 0 and result.failed == 0


def test_gazetteer_a_name_alone_wins_over_a_word_of_a_longer_name() -> None:
    places = Gazetteer(["York", "New York", "Santa Fe"])
    assert places.lookup("York") == "name"  # also a word of "New York"
    assert places.lookup("new") == "part"
    assert places.lookup("Yorkshire") == "none"


def test_gazetteer_never_flags_common_words_even_inside_names() -> None:
    places = Gazetteer(["To", "Dar es Salaam", "Stratford - upon - Avon", "1 Decembrie"])
    assert [places.lookup(w) for w in ("to", "upon", "-", "1")] == ["none"] * 4
    assert places.lookup("Avon") == places.lookup("Decembrie") == "part"


def test_gazetteer_reads_accents_either_way() -> None:
    places = Gazetteer(["Zürich", "Sao Paulo"])
    assert places.lookup("zurich") == places.lookup("ZÜRICH") == "name"
    assert places.lookup("São") == "part"


def test_gazetteer_reads_letters_without_an_accent_to_strip_as_their_plain_form() -> None:
    # NFKD leaves "Đ" and "Ł" whole: "Đà Nẵng" must still find "Da Nang".
    places = Gazetteer(["Da Nang", "Lodz", "Tromso"])
    assert [places.lookup(w) for w in ("Đà", "Nẵng", "Łódź", "Tromsø")] == ["part", "part", "name", "name"]


def test_gazetteer_reads_geonames_eth_as_the_vietnamese_d_people_type() -> None:
    # GeoNames writes "Ðà Lạt" with the Icelandic eth; a user types "Đà Lạt" or "Da Lat".
    places = Gazetteer(["Ðà Lạt"])
    assert places.spans(["from", "Đà", "Lạt"]) == places.spans(["from", "Da", "Lat"]) == [(1, 3)]
    assert fold("Ðà") == fold("ðà") == fold("Đà") == "da"


def test_gazetteer_a_longer_name_held_whole_is_a_span_and_its_words_alone_are_not() -> None:
    places = Gazetteer(["Novi Sad", "Dar es Salaam", "Es Salaam Road", "York", "New York"])
    assert places.spans("I 'm sad to leave Novi Sad for New York".split()) == [(5, 7), (8, 10)]
    assert places.spans(["Dar", "es", "Salaam", "Road"]) == [(0, 3)]  # left to right: "es Salaam Road" starts inside it
    assert places.spans(["York"]) == []  # a one-word name is a name, not a span
    assert places.spans(["novi", "SAD"]) == [(0, 2)]  # folded, as every lookup is


def test_gazetteer_a_name_cut_off_by_the_sentence_end_is_no_span() -> None:
    places = Gazetteer(["Santa Fe", "Santa Fe de Bogota", "Santa Fe de Bogota Airport"])
    assert places.spans(["to", "Santa", "Fe", "de"]) == [(1, 3)]
    assert places.spans(["Santa", "Fe", "de", "Bogota"]) == [(0, 4)]  # the longest wins
    assert places.spans(["Santa"]) == []


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("Kyoto", "name"),
        ("Taipei", "name"),
        ("Tokyo", "name"),
        ("Reykjavík", "name"),
        ("Salaam", "part"),
        ("Gimpo", "part"),  # "Gimpo Airport"
        ("tomorrow", "none"),
        ("leave", "none"),
        ("the", "none"),
    ],
)
def test_gazetteer_the_shipped_list_knows_real_places(word: str, value: str) -> None:
    assert shipped_gazetteer().lookup(word) == value


def test_gazetteer_the_shipped_list_is_the_world_and_names_its_sources() -> None:
    header, names = read_names()
    assert header.startswith("#") and "GeoNames" in header and "CC BY 4.0" in header
    assert shipped_gazetteer().size == len(names) > 30_000
    assert "Kyoto" in names and "Dar es Salaam" in names


def test_gazetteer_a_tagger_can_read_with_another_list(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger()
    before = tagger.vector("Gandalf").copy()
    tagged_before = tagger.tag("leave Gandalf").tokens[1].prob
    assert tagger.describe("Gandalf").place == "none"

    tagger.use_gazetteer(Gazetteer(["Gandalf"]))

    assert tagger.describe("Gandalf").place == "name"
    assert not np.allclose(tagger.vector("Gandalf"), before)
    assert tagger.tag("leave Gandalf").tokens[1].prob != tagged_before  # no stale cached vector


def test_gazetteer_a_model_without_the_place_encoding_has_no_list_to_swap(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger(features=("word", "trigram", "shape"))
    assert tagger.describe("Tokyo").place == "none"
    with pytest.raises(ValueError, match="no place encoding"):
        tagger.use_gazetteer(Gazetteer(["Tokyo"]))


def test_gazetteer_a_model_with_place_spans_reads_a_word_by_the_name_around_it(
    make_tagger: Callable[..., Tagger],
) -> None:
    tagger = make_tagger(seed=3, lookahead=1, place_spans=True)
    tagger.use_gazetteer(Gazetteer(["Novi Sad"]))
    trace = tagger.trace("I am sad to leave Novi Sad")
    assert [t.encoding.place for t in trace.tokens] == ["none", "none", "part", "none", "none", "span", "span"]
    encoder = tagger.network.encoder
    with torch.no_grad():
        vectors = encoder(encoder.batch([["sad", "Novi", "Sad"]]))[0]
    assert not torch.allclose(vectors[0], vectors[2])  # the same word, in a name and out of one


def test_gazetteer_a_model_without_place_spans_reads_each_word_alone(make_tagger: Callable[..., Tagger]) -> None:
    tagger = make_tagger(seed=3)
    tagger.use_gazetteer(Gazetteer(["Novi Sad"]))
    assert tagger.network.encoder.place_emb.num_embeddings == 4  # padding, none, part, name: older files' shape
    assert [t.encoding.place for t in tagger.trace("leave Novi Sad").tokens] == ["none", "part", "part"]


def test_gazetteer_only_a_model_that_reads_the_list_keeps_its_names_whole(make_tagger: Callable[..., Tagger]) -> None:
    assert make_tagger().network.encoder.names(["leave", "Novi", "Sad"]) == [(1, 3)]
    assert make_tagger(features=("word", "trigram", "shape")).network.encoder.names(["leave", "Novi", "Sad"]) == []
