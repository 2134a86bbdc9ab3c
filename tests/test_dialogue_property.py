"""Random conversations with the shipped model never raise and never leave a broken state."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatbot.dialogue import Dialogue
from model.checkpoint import load_tagger
from model.tagger import Tagger

NOW = datetime(2026, 11, 22, 10, 30)

WORDS = (
    "Taipei Tokyo Osaka Kyoto Tainan Berlin Paris from to yes no not actually make it change the time destination "
    "departure cancel start over help hi thanks sorry I meant Friday tomorrow next at 3pm 4pm 15:00 yesterday "
    "morning between and 5 pm book it , . ? ! [bold] [/] [red]x[/red] \\[ ] { } <b> ' \" é 東京 🙂"
).split()
LINES = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),  # the words of the domain, shuffled
    st.text(max_size=40),  # any characters at all
    st.sampled_from(["", " ", "\t", "yes", "no", "cancel", "change the time", "not Taipei, Tokyo"]),
    st.tuples(st.sampled_from(WORDS), st.integers(300, 2000)).map(lambda p: " ".join([p[0]] * p[1])),  # long
)


@pytest.fixture(scope="module")
def lstm() -> Tagger:
    return load_tagger("lstm")


@settings(max_examples=40, deadline=None)
@given(turns=st.lists(LINES, min_size=1, max_size=8))
def test_dialogue_random_turns_never_raise_nor_break_the_state(lstm: Tagger, turns: list[str]) -> None:
    dialogue = Dialogue(lstm, now=lambda: NOW)
    for text in turns:
        turn = dialogue.turn(text)
        dialogue.state.check(NOW)
        assert turn.reply.strip() and turn.state == dialogue.state.status
        assert json.loads(json.dumps(turn.to_json())) == turn.to_json()
