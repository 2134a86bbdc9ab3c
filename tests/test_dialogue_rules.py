"""The dialogue's rules with a scripted tagger: every label and probability is chosen here.

The conversations through the real model are in ``test_dialogue.py``; these
pin the rules themselves (which slot a span goes to, when a value is checked
back, what the state may never be), whatever a retrained model does.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from chatbot.dialogue import LOW_CONFIDENCE, Dialogue, DialogueState, SlotFill, prompts
from chatbot.dialogue.checks import other_end
from chatbot.dialogue.intents import read_intents
from chatbot.dialogue.places import display_name, same_place
from chatbot.timeparse import parse_time
from model.tagger import Slot, TaggedToken, Tagging

NOW = datetime(2026, 11, 22, 10, 30)  # a Sunday
ROOT = Path(__file__).resolve().parents[1]


class ScriptedTagger:
    """Tags only the spans it is told: ``{"Taipei": ("departure", 0.95)}``; all else is O at 0.9.

    A third number is the probability of O for the span's tokens (else 1 - the label's).
    """

    def __init__(self, spans: dict[str, tuple[str, float] | tuple[str, float, float]]) -> None:
        self.spans = spans

    def tag(self, text: str) -> Tagging:
        labels: dict[int, tuple[str, float, float]] = {}
        slots = []
        for span, (kind, prob, *outside) in self.spans.items():
            for match in re.finditer(rf"(?<!\w){re.escape(span)}(?!\w)", text):
                slots.append(Slot(kind, span, match.start(), match.end(), prob))
                for k, word in enumerate(re.finditer(r"\S+", span)):
                    label = ("B-" if k == 0 else "I-") + kind
                    labels[match.start() + word.start()] = (label, prob, outside[0] if outside else 1 - prob)
        tokens = tuple(
            TaggedToken(m.group(), m.start(), m.end(), *labels.get(m.start(), ("O", 0.9, 0.9)))
            for m in re.finditer(r"\S+", text)
        )
        return Tagging(text, tokens, tuple(sorted(slots, key=lambda s: s.start)))


def talk(spans: dict[str, tuple[str, float]], *turns: str) -> Dialogue:
    dialogue = Dialogue(ScriptedTagger(spans), now=lambda: NOW)
    for text in turns:
        dialogue.turn(text)
        dialogue.state.check(NOW)
    return dialogue


SURE = 0.95
UNSURE = LOW_CONFIDENCE - 0.2


@pytest.mark.parametrize(
    ("text", "acts", "change"),
    [
        ("yes please", {"yes"}, None),
        ("No, from Tainan", {"no", "correction"}, None),
        ("nope", {"no", "correction"}, None),
        ("not Kyoto, Osaka", {"correction"}, None),
        ("change the time to 4pm", {"correction"}, "time"),
        ("Change the destination", {"correction"}, "destination"),
        ("the departure", set(), "departure"),
        ("cancel", {"cancel"}, None),
        ("never mind", {"cancel"}, None),
        ("let's start over", {"restart"}, None),
        ("help", {"help"}, None),
        ("what can you do?", {"capabilities"}, None),
        ("hello there", {"greeting"}, None),
        ("thanks a lot", {"thanks"}, None),
        ("ok thats all", {"yes", "bye"}, None),
        ("nothing else, thank you", {"bye", "thanks"}, None),
        ("Sorry, I meant Friday", {"correction"}, None),
        ("I want to book a train", {"book"}, None),
        ("Taipei", set(), None),
    ],
)
def test_dialogue_intents_read_the_common_phrasings(text: str, acts: set[str], change: str | None) -> None:
    intents = read_intents(text)
    assert set(intents.acts) == acts
    assert intents.change == change


def test_dialogue_intents_find_the_rejected_value() -> None:
    text = "no, not Kyoto, Osaka"
    (start, end), *_ = read_intents(text).negated
    assert text[start:end] == "Kyoto"


@pytest.mark.parametrize(
    ("text", "leg"),
    [
        ("Tartu to Tallinn, going Monday and back Wednesday.", "and back Wednesday"),
        ("to Lille for Tuesday, returning Thursday evening? Thanks", "returning Thursday evening"),
        ("Bilbao on the 12th, coming back the following Tuesday", "coming back the following Tuesday"),
        ("fly out Friday, return Sunday", "return Sunday"),
        ("a return ticket to Leeds on Friday", None),
        ("I need a cab back to my hotel at 11pm", None),
    ],
)
def test_dialogue_intents_find_the_way_back(text: str, leg: str | None) -> None:
    assert [text[a:b] for a, b in read_intents(text).returning] == ([leg] if leg else [])


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("new york", "New York"), ("JFK", "JFK"), ("the airport", "the airport"), ("  Taipei. ", "Taipei")],
)
def test_dialogue_places_read_back_normalised(typed: str, shown: str) -> None:
    assert display_name(typed) == shown


def test_dialogue_places_compare_ignoring_case_and_punctuation() -> None:
    assert same_place("taipei", "Taipei!") and not same_place("Taipei", "Tainan")


def test_dialogue_bare_answer_fills_the_asked_slot_whatever_the_tagged_type() -> None:
    d = talk({"Tokyo": ("destination", SURE), "Taipei": ("destination", SURE)}, "to Tokyo", "Taipei")
    assert d.state.departure is not None and d.state.departure.text == "Taipei"
    assert d.state.destination is not None and d.state.destination.text == "Tokyo"


def test_dialogue_place_with_a_cue_keeps_its_type_even_when_another_slot_was_asked() -> None:
    d = talk({"Tokyo": ("destination", SURE)}, "I need a train", "I'm going to Tokyo")
    assert d.state.destination is not None and d.state.departure is None
    assert d.state.requested == "departure"


def test_dialogue_low_confidence_value_is_checked_back_not_taken() -> None:
    d = Dialogue(ScriptedTagger({"Taipei": ("departure", UNSURE), "Tokyo": ("destination", SURE)}), lambda: NOW)
    reply = d.turn("from Taipei to Tokyo").reply
    assert "Is Taipei where you leave from?" in reply
    assert d.state.departure is None and d.state.destination is not None
    assert (d.state.status, d.state.requested) == ("asking", "departure")
    d.turn("yes")
    assert d.state.departure is not None and d.state.departure.text == "Taipei"
    assert d.state.requested == "time"


@pytest.mark.parametrize(("outside", "taken"), [(0.1, True), (0.7, False)])
def test_dialogue_bare_answer_needs_only_to_be_surely_a_place(outside: float, taken: bool) -> None:
    # The tagger splits a lone "Tainan" between departure and destination (its label's probability is low),
    # but the dialogue asked "where from?": what matters is how sure it is that "Tainan" is a slot at all.
    d = talk({"Tokyo": ("destination", SURE), "Tainan": ("destination", UNSURE, outside)}, "to Tokyo", "Tainan")
    assert (d.state.departure is not None) is taken
    assert d.state.pending == (() if taken else (d.state.pending[0],))
    if taken:
        assert d.state.departure.text == "Tainan" and d.state.requested == "time"


def test_dialogue_low_confidence_value_refused_is_asked_for() -> None:
    d = talk({"Taipei": ("departure", UNSURE)}, "from Taipei", "no")
    assert d.state.departure is None and d.state.pending == ()
    assert d.state.requested == "departure"


def test_dialogue_correction_without_cue_replaces_the_place_given_last() -> None:
    spans = {"Taipei": ("departure", SURE), "Kyoto": ("destination", SURE), "Osaka": ("departure", SURE)}
    d = talk(spans, "from Taipei", "to Kyoto", "actually make it Osaka")
    assert d.state.destination is not None and d.state.destination.text == "Osaka"
    assert d.state.departure is not None and d.state.departure.text == "Taipei"


def test_dialogue_negated_value_names_the_slot_of_the_correction() -> None:
    spans = {"Taipei": ("departure", SURE), "Kyoto": ("destination", SURE), "Osaka": ("departure", SURE)}
    d = talk(spans, "from Taipei to Kyoto", "not Kyoto, Osaka")
    assert d.state.destination is not None and d.state.destination.text == "Osaka"


def test_dialogue_two_places_of_one_type_are_taken_in_the_order_said() -> None:
    d = talk({"Taipei": ("destination", SURE), "Tokyo": ("destination", SURE)}, "Taipei to Tokyo")
    assert d.state.departure is not None and d.state.departure.text == "Taipei"
    assert d.state.destination is not None and d.state.destination.text == "Tokyo"


@pytest.mark.parametrize(
    ("text", "departure", "destination"),
    [
        ("Paris to Lyon", "Paris", "Lyon"),
        ("in the name of Paris, departing Lyon", "Lyon", None),  # the surer of two departures
    ],
)
def test_dialogue_two_places_of_one_type_keep_the_cue_before_each(
    text: str, departure: str | None, destination: str | None
) -> None:
    # The tagger labels both as departures: the order said gives way to the word right before a place.
    d = talk({"Paris": ("departure", 0.6), "Lyon": ("departure", SURE)}, text)
    assert (d.state.departure and d.state.departure.text, d.state.destination and d.state.destination.text) == (
        departure,
        destination,
    )


def test_dialogue_not_before_is_a_time_not_a_rejection() -> None:
    d = talk(
        {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "not before 5pm": ("time", SURE)},
        "from Taipei to Tokyo not before 5pm",
    )
    assert d.state.time is not None and d.state.time.value is not None
    assert d.state.time.value.modifier == "after"


def test_dialogue_untagged_correction_is_found_by_rule_and_checked_back() -> None:
    d = Dialogue(ScriptedTagger({"Taipei": ("departure", SURE), "Kyoto": ("destination", SURE)}), lambda: NOW)
    d.turn("from Taipei to Kyoto")
    assert "Is Osaka where you're going?" in d.turn("actually make it Osaka").reply
    d.turn("yes")
    assert d.state.destination is not None and d.state.destination.text == "Osaka"


def test_dialogue_untagged_time_answer_is_read_by_the_time_parser() -> None:
    d = talk({"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE)}, "from Taipei to Tokyo", "4 Dec 15:00")
    assert d.state.pending and d.state.pending[0].fill.value is not None
    assert d.state.pending[0].fill.value.iso() == "2026-12-04T15:00"


def test_dialogue_time_span_missing_a_token_is_widened_until_it_parses() -> None:
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "pm": ("time", SURE)}
    d = talk(spans, "from Taipei to Tokyo at 4 pm")
    fill = d.state.time or d.state.pending[0].fill
    assert fill.value is not None and fill.value.iso() == "2026-11-22T16:00"


def test_dialogue_time_torn_in_two_is_read_whole() -> None:
    # The tagger split "in January" into [in] [January]: "in" alone is no time.
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "in": ("time", SURE)}
    spans["January"] = spans["the 5th at 9am"] = ("time", SURE)
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    assert "'in January' is more than one day" in d.turn("from Taipei to Tokyo in January").reply
    assert d.turn("the 5th at 9am").reply == "Tue 5 Jan 2027, 09:00 - Taipei to Tokyo. Book it?"  # alone: 5 Dec


@pytest.mark.parametrize(("outside", "checked_back"), [(0.1, True), (0.9, False)])
def test_dialogue_time_span_with_a_word_too_many_is_trimmed_and_checked_back(
    outside: float, checked_back: bool
) -> None:
    # "1" of "1 pax" was tagged into the time: "Dec 20 1" is no time, "Dec 20" is. How sure the
    # trimmed reading is depends on how sure the tagger was that "1" is in no slot.
    spans = {"Cebu": ("departure", SURE), "Davao": ("destination", SURE), "Dec 20 1": ("time", SURE, outside)}
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    reply = d.turn("from Cebu to Davao Dec 20 1 pax").reply
    if checked_back:
        assert reply.endswith("Is Sun 20 Dec 2026 when you'd like to travel?")
    else:
        assert reply == "Sun 20 Dec 2026 - Cebu to Davao. Book it?"
    assert "couldn't understand" not in reply


@pytest.mark.parametrize(
    ("time", "problem"),
    [
        ("Dec 45 at 99", "couldn't understand 'Dec 45 at 99' as a time"),
        # 4 Dec 2026 is a Friday: "Thursday" is never left out to make it read, and the reply says why.
        ("Thursday 4 Dec 2026", "'4 Dec 2026' is a Friday (Fri 4 Dec 2026), not a Thursday - which day"),
    ],
)
def test_dialogue_time_that_only_reads_without_a_time_word_is_asked_again(time: str, problem: str) -> None:
    spans = {"Cebu": ("departure", SURE), "Davao": ("destination", SURE), time: ("time", SURE, 0.1)}
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    assert problem in d.turn(f"from Cebu to Davao {time}").reply
    assert d.state.time is None and d.state.requested == "time"


def test_dialogue_weekday_that_is_not_the_dates_keeps_the_time_held() -> None:
    d = talk({"Friday": ("time", SURE), "thursday 4 dec": ("time", SURE)}, "Friday")
    reply = d.turn("actually thursday 4 dec").reply
    assert reply.startswith("'4 dec' is a Friday (Fri 4 Dec 2026), not a Thursday, so I kept Fri 27 Nov 2026.")


@pytest.mark.parametrize(
    ("text", "time"),
    [("I need a cab home from the stadium after the game", "after the"), ("to Glasgow, next train please", "next")],
)
def test_dialogue_time_of_words_that_only_introduce_one_is_no_time(text: str, time: str) -> None:
    # "after the game": the tagger took "after the" for a time; it names none, so nothing is asked about it.
    d = Dialogue(ScriptedTagger({time: ("time", SURE)}), lambda: NOW)
    reply = d.turn(text).reply
    assert "understand" not in reply and d.state.time is None and d.state.requested != "time"


def test_dialogue_time_torn_after_its_modifier_is_mended_not_dropped() -> None:
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "after": ("time", SURE)}
    spans["5pm"] = ("time", SURE)
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    assert d.turn("from Taipei to Tokyo after 5pm").reply.startswith("after 17:00 on Sun 22 Nov 2026 -")


def test_dialogue_two_times_that_each_read_stay_two() -> None:
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "Friday": ("time", SURE)}
    spans["after 5pm"] = ("time", SURE)
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    assert d.turn("from Taipei to Tokyo Friday after 5pm").reply.startswith("after 17:00 on Fri 27 Nov 2026 -")


def test_dialogue_way_back_after_a_timed_trip_out_is_left_for_another_booking() -> None:
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "Friday": ("time", SURE)}
    spans["Sunday"] = ("time", SURE)
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    reply = d.turn("from Taipei to Tokyo on Friday, returning Sunday").reply
    assert reply == f"{prompts.WAY_BACK} Fri 27 Nov 2026 - Taipei to Tokyo. Book it?"


@pytest.mark.parametrize(
    "text", ["from Tokyo, flying back to Taipei on Friday", "a return to Taipei from Tokyo on Friday"]
)
def test_dialogue_way_back_with_no_trip_out_before_it_is_the_trip(text: str) -> None:
    spans = {"Taipei": ("destination", SURE), "Tokyo": ("departure", SURE), "Friday": ("time", SURE)}
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    assert d.turn(text).reply == "Fri 27 Nov 2026 - Tokyo to Taipei. Book it?"


def test_dialogue_time_of_arriving_gives_way_to_the_time_of_leaving() -> None:
    spans = {"Sofia": ("departure", SURE), "Plovdiv": ("destination", SURE), "Thursday": ("time", SURE)}
    spans |= {"9pm": ("time", SURE), "Friday morning": ("time", SURE)}
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    reply = d.turn("leave Sofia on Thursday at 9pm and arrive in Plovdiv Friday morning").reply
    assert reply == f"{prompts.arrival('Friday morning')} Thu 26 Nov 2026, 21:00 - Sofia to Plovdiv. Book it?"


@pytest.mark.parametrize(
    ("text", "booked"),
    [
        ("to Plovdiv, arriving by 5pm", "by 17:00 on Sun 22 Nov 2026"),
        ("to Plovdiv tomorrow, arriving by 5pm", "by 17:00 on Mon 23 Nov 2026"),
    ],
)
def test_dialogue_time_of_arriving_with_no_time_of_leaving_is_the_time(text: str, booked: str) -> None:
    spans = {"Plovdiv": ("destination", SURE), "tomorrow": ("time", SURE), "by 5pm": ("time", SURE)}
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    reply = d.turn(text).reply
    assert "when you arrive" not in reply and d.state.time is not None
    assert prompts.show("time", d.state.time) == booked


@pytest.mark.parametrize(
    ("text", "spans", "trip"),
    [
        (
            "train to edinburgh no sorry to stirling from glasgow",
            {"edinburgh": "destination", "stirling": "destination", "glasgow": "departure"},
            ("Glasgow", "Stirling"),
        ),
        # The tagger reads the name after "sorry ," as a departure; the retraction says otherwise.
        (
            "a ferry to Launceston ... sorry, Devonport, from Melbourne",
            {"Launceston": "destination", "Devonport": "departure", "Melbourne": "departure"},
            ("Melbourne", "Devonport"),
        ),
        (
            "Taipei to Tokyo, no wait, Osaka",
            {"Taipei": "departure", "Tokyo": "destination", "Osaka": "destination"},
            ("Taipei", "Osaka"),
        ),
        # An apology that takes nothing back, and a place with its own cue.
        ("from Leeds, sorry for the bother, to York", {"Leeds": "departure", "York": "destination"}, ("Leeds", "York")),
        ("from Leeds, sorry, to York", {"Leeds": "departure", "York": "destination"}, ("Leeds", "York")),
    ],
)
def test_dialogue_place_after_a_retraction_replaces_the_one_before(
    text: str, spans: dict[str, str], trip: tuple[str, str]
) -> None:
    d = talk({span: (kind, SURE) for span, kind in spans.items()}, text)
    assert (display_name(d.state.departure.text), display_name(d.state.destination.text)) == trip  # type: ignore[union-attr]


def test_dialogue_two_names_with_a_retraction_between_are_no_trip() -> None:
    # Two names of one type are otherwise the departure and the destination in the order said.
    d = talk({"Tokyo": ("destination", SURE), "Osaka": ("destination", SURE)}, "Tokyo, no wait, Osaka")
    assert d.state.departure is None and d.state.destination.text == "Osaka"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "span", "taken"),
    [
        ("Are these tickets on sale?", "sale", False),  # Sale is a town, and "sale" a word
        ("a train to reading", "reading", False),
        ("a train to Reading", "Reading", True),  # typed as a name
        ("a train to busan", "busan", True),  # a name in the place list
        ("a train to kings cross", "kings cross", True),
    ],
)
def test_dialogue_one_lower_case_word_no_list_names_is_checked_back(text: str, span: str, taken: bool) -> None:
    d = talk({span: ("destination", SURE)}, text)
    assert (d.state.destination is not None) == taken
    assert bool(d.state.pending) != taken


def test_dialogue_sign_off_after_a_no_is_no_place_to_rescue() -> None:
    # "nope" reads as a correction, which looks for a place at the end of the turn.
    d = talk({}, "nope, that's all")
    assert d.state.pending == () and d.state.destination is None


def test_dialogue_thanks_to_someone_names_no_place() -> None:
    # "mate" is a place in the list, and the tagger half believes it here.
    d = talk({"mate": ("departure", 0.59)}, "cheers mate")
    assert d.state.destination is None and d.state.departure is None and d.state.pending == ()


@pytest.mark.parametrize(
    ("text", "slot"), [("dep Zürich HB 07:32", "departure"), ("arr Zürich HB by 11", "destination")]
)
def test_dialogue_timetable_abbreviations_are_cues(text: str, slot: str) -> None:
    # With no cue read, a lone place would fill the end still missing: the destination.
    d = talk({"Zürich HB": ("departure" if slot == "departure" else "destination", SURE)}, text)
    assert d.state.get(slot) is not None and d.state.get(other_end(slot)) is None


@pytest.mark.parametrize("text", ["Take the orange line? No, I'd rather have a taxi.", "Make it business class."])
def test_dialogue_rescued_place_is_not_a_verb_phrase_or_a_seat(text: str) -> None:
    d = talk({}, text)
    assert d.state.pending == () and d.state.destination is None


def test_dialogue_a_span_with_no_letter_or_digit_is_no_slot() -> None:
    # The tagger took a flag for a time: the time said after it still counts.
    spans = {"Taipei": ("departure", SURE), "Tokyo": ("destination", SURE), "🇯🇵": ("time", SURE)}
    spans["tomorrow at 9am"] = ("time", SURE)
    d = Dialogue(ScriptedTagger(spans), lambda: NOW)
    reply = d.turn("from Taipei to Tokyo 🇯🇵 tomorrow at 9am").reply
    assert reply == "Mon 23 Nov 2026, 09:00 - Taipei to Tokyo. Book it?"


def test_dialogue_spans_made_of_small_words_are_ignored() -> None:
    d = Dialogue(ScriptedTagger({"change": ("destination", SURE), "the": ("time", SURE)}), lambda: NOW)
    d.turn("change the time")
    assert d.state.filled == () and d.state.requested == "time"


def test_dialogue_state_check_names_each_broken_invariant() -> None:
    value = parse_time("Friday at 3pm", NOW)
    fill = SlotFill("Taipei", 0.9, 1)
    sound = DialogueState("confirming", None, fill, SlotFill("Tokyo", 0.9, 1), SlotFill("Friday", 0.9, 1, value))
    assert sound.problems(NOW) == []
    broken = [
        replace(sound, status="asking"),  # asking with nothing requested
        replace(sound, requested="time"),  # a request while confirming
        replace(sound, time=None),  # confirming with a slot missing
        replace(sound, destination=SlotFill("taipei.", 0.9, 1)),  # the same place twice
        replace(sound, status="booked"),  # booked without a booking
        replace(sound, time=SlotFill("yesterday", 0.9, 1, parse_time("yesterday", NOW))),  # in the past
        replace(sound, time=SlotFill("Friday", 0.9, 1)),  # a time with no value
        DialogueState("idle", None, fill),  # idle holding a slot
        replace(sound, status="waiting"),  # type: ignore[arg-type]
    ]
    for state in broken:
        with pytest.raises(ValueError):
            state.check(NOW)


def test_dialogue_package_imports_neither_torch_nor_textual() -> None:
    code = "import sys, chatbot.dialogue; print(sorted({m.split('.')[0] for m in sys.modules}))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "torch" not in out and "textual" not in out
