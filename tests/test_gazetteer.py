"""The place list and the ``place`` encoding it gives every word."""

from __future__ import annotations

import doctest
from collections.abc import Callable

import numpy as np
import pytest

import model.gazetteer
from model.gazetteer import Gazetteer, read_names, shipped_gazetteer
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
