"""One turn's meaning: the tagger's slots, sorted into the dialogue's slots by rules.

The tagger says "Taipei is a departure"; the dialogue also knows which
question is open and what the user said before. These rules decide where each
span goes, in this order:

1. Spans inside a rejected value ("not Kyoto, Osaka") or a greeting ("good
   morning", "bye"), spans made only of small words ("the", "change"; for a
   time, also the words that introduce one: "after the" of "after the
   game") and "places" with no letter are dropped; a "place" that reads as
   a time ("yesterday") is a time.
2. "change the destination to Osaka": the place goes to the slot named.
3. "not Kyoto, Osaka": the place goes to the slot that holds Kyoto.
4. A bare place (the turn's only place, and no word such as "from", "to",
   "leaving" or "going" in the turn) gets no type from the tagger worth
   trusting, so: it answers the open question (asked "Where are you leaving
   from?", "Taipei" is the departure); in a correction ("actually make it
   Osaka") it replaces the place given last, the destination when both came
   in one turn; else it fills the one end still missing; else it is the
   destination, as a lone place usually is.
5. Two places of one type and none of the other are the departure and the
   destination in the order said ("Taipei to Tokyo": a left-to-right tagger
   labels Taipei before it sees "to", and the corpus's rule for two places
   without cues is this order), unless the word right before one of them
   says otherwise ("..., departing Geneva").
6. Otherwise the tagger's type stands. Of two places left for one slot, a
   correction keeps the last, anything else the surer one.
7. A way back asked for after a trip out that has its own time ("on
   Tuesday, returning Thursday evening", "going Monday and back Wednesday")
   is a second booking: its spans are left out, and the reply says so.
8. A time of arriving, when the turn also gives a time of leaving ("depart
   Thursday 9pm, arrive Friday morning"), is left out: a trip is booked by
   when it leaves, and the reply says so. Alone ("arrive by 5pm"), or beside
   a day no verb leads ("tomorrow, arriving by 5pm"), it is the time.
9. A place right after a retraction ("to Launceston ... sorry, Devonport",
   "to edinburgh no sorry to stirling") replaces the place before it: it
   takes that place's slot, unless a cue of its own says which end it is.

When the tagger finds no place (or no time) where one is clearly meant (a
question about it is open, or the turn corrects it), the words at the end of
the turn are tried: a time that ``parse_time`` reads, or a short name after a
cue ("make it Osaka", "I meant Kyoto"). Such a span carries the tagger's own
probability that its words are a slot at all, which is low, so the dialogue
confirms it before taking it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chatbot.dialogue.intents import NOT_A_TIME, Intents, read_intents
from chatbot.dialogue.places import same_place
from chatbot.dialogue.state import PLACES, SLOTS, DialogueState, SlotName
from chatbot.timeparse import names_period, parse_time

if TYPE_CHECKING:
    from model.tagger import Slot, Tagging

# Words that say which end of the trip a place is.
_DEPARTURE_CUES = frozenset(
    "from out leave leaving leaves depart departing departs departure dep start starting".split()
)
_DESTINATION_CUES = frozenset(
    """to into towards toward arrive arriving arrives arrival arr destination going heading head reach land
    landing""".split()
)
_NEAR_CUES = frozenset("in at for via".split())  # cues only right before the place ("I'm in Taipei")
# Verbs that say whether a time is when the trip leaves or when it arrives.
_LEAVING = frozenset("leave leaving leaves depart departing departs departure dep".split())
_ARRIVING = frozenset("arrive arriving arrives arrival arr land landing lands reach reaching".split())
# Words that take back what was just said: "to Launceston ... sorry, Devonport".
_RETRACTION = re.compile(
    r"\b(?:no|nope|sorry|wait|oops|i\s+mean|i\s+meant|or\s+rather|rather|scratch\s+that|correction|actually"
    r"|make\s+(?:it|that))\b",
    re.I,
)
_MAX_RETRACTION_WORDS = 5  # "..., no wait, sorry, I mean ..." and no more

# Words that are never a place or a time on their own.
_NOISE = frozenset(
    """a an the it its that this these those to from not no yes yeah yep ok okay sure change make made actually
    sorry i i'm im me my mine we us our you your meant mean please pls and or but then instead rather time date day
    departure destination is was be are am wait oops hi hello hey thanks thank thx help cancel again there here
    where when what which who how why do does did don't dont can could would will shall should want need like know
    idea just really maybe hmm um uh correct right wrong fine great good go going get switch book booking
    ticket tickets trip train flight bus taxi so well oh one start over restart reset never mind forget abort
    quit stop have has had take business economy premium first class standard window aisle seat""".split()
)
# Words that introduce a time and are none alone. A torn "[in] [January]" is
# mended before they count, so they only drop what widening could not mend.
_TIME_LINKS = frozenset("after before by around until till at on in during next this last early late".split())
_TRAILING = re.compile(r"(?:[\s,.!?;:]+(?:please|pls|thanks|thank\s+you|thx|instead|then|again)\b)*[\s\W]*$", re.I)
_TAIL_CUE = re.compile(
    r"(?:\b(?:actually|meant|mean|make\s+it|make\s+that|rather|instead|no|nope|sorry|wait|oops|to|into|from"
    r"|is|it's|be)\b|[,;:!?]|^)\s*",
    re.I,
)
_REJECTED = re.compile(NOT_A_TIME, re.I)  # a span that starts "not Kyoto"
_MAX_RESCUE_WORDS = 4  # a rescued name is short: "Kings Cross", not a sentence
_MAX_TIME_WORDS = 8  # "next Friday between 3 and 5 pm" fits
_WIDEN = 2  # tokens a time span may grow or shrink by to parse


@dataclass(frozen=True)
class Mention:
    """A span of the turn that gives a slot a value.

    Attributes:
        slot: The slot it goes to, after the rules above.
        text: The characters as typed.
        prob: The tagger's probability for the span.
        start: Offset of its first character in the turn.
        end: Offset one past its last character.
        tagged: The type the tagger gave it; None when a rule found it.
    """

    slot: SlotName
    text: str
    prob: float
    start: int
    end: int
    tagged: str | None


@dataclass(frozen=True)
class Reading:
    """What one turn says: its intents, and at most one place per slot and its times."""

    text: str
    intents: Intents
    places: tuple[Mention, ...]
    times: tuple[Mention, ...]
    way_back: bool = False  # the turn also asked for a way back, which was left out
    arrival: str = ""  # a time of arriving, left out for the time of leaving (rule 8)

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self.places + self.times

    def has(self, *acts: str) -> bool:
        """Whether the turn does any of ``acts``."""
        return any(act in self.intents for act in acts)


def read(text: str, tagging: Tagging, state: DialogueState, now: datetime) -> Reading:
    """Sort the tagger's slots of ``text`` into the dialogue's slots.

    Args:
        text: The user's turn.
        tagging: The tagger's answer for ``text``.
        state: The dialogue before this turn (the open question, the values held).
        now: The clock, for checking that a rescued time parses.

    Returns:
        The :class:`Reading` of the turn.
    """
    intents = read_intents(text)
    spans = [s for s in tagging.slots if s.type in SLOTS and _kept(s.text, s.start, s.end, intents)]
    # A way back after a trip out with its own time ("Tuesday, returning
    # Thursday") is another booking: its slots are left for it.
    back = [(a, b) for a, b in intents.returning if any(s.type == "time" and s.end <= a for s in spans)]
    way_back = [s for s in spans if any(a <= s.start < b for a, b in back)]
    spans = [s for s in spans if s not in way_back]
    # A "place" that reads as a time ("yesterday") is a time; a time the
    # parser can not read may have lost a token at its edge ("4" of "4pm"),
    # or taken one too many ("Dec 20, 1" of "Dec 20, 1 pax").
    timely = [s for s in spans if s.type == "time" or parse_time(s.text, now) is not None]
    times = [
        _readable_time(Mention("time", s.text, s.prob, s.start, s.end, s.type), text, tagging, now) for s in timely
    ]
    # A span widened over the next one ("[in] [January]" -> "in January") holds it.
    times = list(dict.fromkeys(times))
    times = [t for t in times if not any(o is not t and o.start <= t.start and t.end <= o.end for o in times)]
    times = [t for t in times if _says_something(t.text, _NOISE | _TIME_LINKS)]
    verbs = [_time_verb(text, t.start) for t in times]
    arriving = [t for t, verb in zip(times, verbs) if verb == "arriving"] if "leaving" in verbs else []
    times = [t for t in times if t not in arriving]
    places = [
        s
        for s in spans
        if s.type in PLACES
        and s not in timely
        and any(c.isalpha() for c in s.text)
        and not any(t.start < s.end and s.start < t.end for t in times)  # "4" of a widened "4pm"
    ]
    correcting = "correction" in intents
    if not times and (state.requested == "time" or intents.change == "time" or (correcting and not places)):
        times = _rescue_time(text, tagging, now)
    ctx = _Context(text, tagging, intents, state, _is_bare(text, [(s.start, s.end) for s in spans]), len(places))
    types = [s.type for s in places]
    if len(places) == 2 and types[0] == types[1] and _in_order(text, places):
        types = ["departure", "destination"]  # "Taipei to Tokyo": read before "to" is seen
    mentions = _retract([_place(s.text, s.prob, s.start, s.end, t, ctx) for s, t in zip(places, types)], text)
    wants_place = state.requested in PLACES or intents.change in PLACES or correcting
    if not mentions and not times and wants_place:
        mentions = _rescue_place(text, tagging, replace(ctx, count=1), now)
    arrival = " ".join(t.text for t in arriving)
    return Reading(text, intents, _one_per_slot(mentions, correcting), tuple(times), bool(way_back), arrival)


def _time_verb(text: str, start: int) -> str | None:
    """``"leaving"`` or ``"arriving"``: what the last such verb before a time says of it, if any."""
    words = re.findall(r"[a-z]+", text[:start].lower())
    verb = next((w for w in reversed(words) if w in _LEAVING or w in _ARRIVING), None)
    return None if verb is None else "leaving" if verb in _LEAVING else "arriving"


def _retract(mentions: list[Mention], text: str) -> list[Mention]:
    """Rule 9: a place said right after a retraction replaces the place before it."""
    out: list[Mention] = []
    for mention in mentions:
        before = out[-1] if out else None
        if before is None or not _retracts(text[before.end : mention.start]):
            out.append(mention)
            continue
        slot = _direction(text, mention.start) or before.slot
        if slot == before.slot:
            out.pop()
        out.append(replace(mention, slot=slot))
    return out


def _in_order(text: str, places: Sequence[Slot]) -> bool:
    """Whether two places may be the departure and the destination in the order said: unless
    the words right before them say otherwise ("in the name of Paris, departing Geneva"), or
    the second takes the first back ("Tokyo, no wait, Osaka")."""
    if _retracts(text[places[0].end : places[1].start]):
        return False
    return _direction(text, places[0].start) != "destination" and _direction(text, places[1].start) != "departure"


def _retracts(gap: str) -> bool:
    """Whether the words between two places take the first back: ", sorry,", " no wait "."""
    return len(gap.split()) <= _MAX_RETRACTION_WORDS and _RETRACTION.search(gap) is not None


def _kept(span: str, start: int, end: int, intents: Intents) -> bool:
    if not any(c.isalnum() for c in span):
        return False  # a flag or an emoji the tagger took for a slot: "Tokyo 🇯🇵"
    ignored = intents.negated + intents.social
    rejected = any(start < b and a < end for a, b in ignored) or _REJECTED.match(span) is not None
    return not rejected and _says_something(span, _NOISE)


def _says_something(span: str, small: frozenset[str]) -> bool:
    """Whether ``span`` has a word that is not one of the ``small`` ones."""
    return any(w and w not in small for w in (w.strip(".,!?;:'\"()[]") for w in span.lower().split()))


def _is_bare(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """No word outside the slot spans says which end of the trip a place is."""
    outside = list(text)
    for start, end in spans:
        outside[start:end] = " " * (end - start)
    words = set(re.findall(r"[a-z']+", "".join(outside).lower()))
    if words & (_DEPARTURE_CUES | _DESTINATION_CUES):
        return False
    return not any(_word_before(text, start) in _NEAR_CUES for start, _ in spans)


@dataclass(frozen=True)
class _Context:
    """What the rules for a place need to know about the turn and the dialogue."""

    text: str
    tagging: Tagging
    intents: Intents
    state: DialogueState
    bare: bool  # no word in the turn says which end of the trip its place is
    count: int  # how many places the turn names


def _place(span: str, prob: float, start: int, end: int, tagged: str | None, ctx: _Context) -> Mention:
    """The rules 2-6 of the module docstring, for one place span.

    When the dialogue, not the tagger, decides the slot (an answer to "where
    from?", "change the departure to ..."), the tagger only has to be sure the
    words are a slot at all: a bare "Tainan" split between departure and
    destination is still surely a place.
    """
    slot = _slot_from_dialogue(ctx)
    if slot is not None:
        return Mention(slot, span, max(prob, _slot_prob(ctx.tagging, start, end)), start, end, tagged)
    if tagged in PLACES:
        return Mention(tagged, span, prob, start, end, tagged)  # type: ignore[arg-type]
    return Mention(_direction(ctx.text, start) or "destination", span, prob, start, end, tagged)


def _slot_from_dialogue(ctx: _Context) -> SlotName | None:
    """The slot the dialogue gives the turn's one place, if it does."""
    state, intents = ctx.state, ctx.intents
    if ctx.count != 1:
        return None
    rejected = [ctx.text[a:b] for a, b in intents.negated]
    holding = [s for s in PLACES if (fill := state.get(s)) and any(same_place(fill.text, r) for r in rejected)]
    if intents.change in PLACES:
        return intents.change  # type: ignore[return-value]
    if holding:
        return holding[0]
    if ctx.bare:
        return _bare_slot(state, "correction" in intents)
    return None


def _bare_slot(state: DialogueState, correcting: bool) -> SlotName:
    """Where a place with no cue goes: the question asked, the place corrected,
    the one end still missing, else the destination (as a lone place usually is)."""
    if state.requested in PLACES:
        return state.requested  # type: ignore[return-value]
    given = sorted((fill.turn_index, slot) for slot in PLACES if (fill := state.get(slot)))
    if correcting and given:
        if len(given) == 1 or given[-1][0] != given[-2][0]:
            return given[-1][1]
        return "destination"
    empty = [slot for slot in PLACES if state.get(slot) is None]
    return empty[0] if len(empty) == 1 else "destination"


def _one_per_slot(mentions: Sequence[Mention], correcting: bool) -> tuple[Mention, ...]:
    """One place per slot: the last one said in a correction, else the surest."""
    best: dict[str, Mention] = {}
    for m in mentions:
        held = best.get(m.slot)
        if held is None or correcting or m.prob > held.prob:
            best[m.slot] = m
    return tuple(sorted(best.values(), key=lambda m: m.start))


def _readable_time(mention: Mention, text: str, tagging: Tagging, now: datetime) -> Mention:
    """The mention, or the nearest run of tokens around it that reads as a time or a stretch of days.

    A wider run ("4" -> "4 pm") comes first. A narrower one ("Dec 20, 1" ->
    "Dec 20") leaves out words the tagger put in the time, so its probability
    is at most how sure the tagger is that they are in no slot: low, and the
    dialogue checks it back rather than dropping "1" unasked. A word that is
    a time of its own ("Thursday" of "Thursday 4 Dec 2026", a Friday) is
    never left out: such a span is no time, and the user is asked again.
    """

    def reads(span: str) -> bool:
        return parse_time(span, now) is not None or names_period(span)

    if reads(mention.text):
        return mention
    tokens = list(tagging.tokens)
    first = next((i for i, t in enumerate(tokens) if t.end > mention.start), 0)
    last = max((i for i, t in enumerate(tokens) if t.start < mention.end), default=first)
    for grow in range(1, _WIDEN + 1):
        for left in range(grow, -1, -1):
            a, b = max(first - left, 0), min(last + grow - left, len(tokens) - 1)
            start, end = tokens[a].start, tokens[b].end
            if reads(text[start:end]):
                prob = min(mention.prob, _slot_prob(tagging, start, end))
                return Mention("time", text[start:end], prob, start, end, mention.tagged)
    for shrink in range(1, min(_WIDEN, last - first) + 1):
        for right in range(shrink, -1, -1):  # from the end first: "Dec 20, 1"
            a, b = first + shrink - right, last - right
            start, end = tokens[a].start, tokens[b].end
            left_out = tokens[first:a] + tokens[b + 1 : last + 1]
            if reads(text[start:end]) and not any(reads(t.text) for t in left_out):
                prob = min(mention.prob, *(float(t.outside) for t in left_out))
                return Mention("time", text[start:end], prob, start, end, mention.tagged)
    return mention


def _rescue_time(text: str, tagging: Tagging, now: datetime) -> list[Mention]:
    """The longest run of final words that reads as a time ("change the time to 4pm")."""
    end = len(_TRAILING.sub("", text))
    starts = [m.start() for m in re.finditer(r"\S+", text[:end])]
    for start in starts[-_MAX_TIME_WORDS:]:
        if parse_time(text[start:end], now) is not None:
            return [Mention("time", text[start:end], _slot_prob(tagging, start, end), start, end, None)]
    return []


def _rescue_place(text: str, tagging: Tagging, ctx: _Context, now: datetime) -> list[Mention]:
    """A short name after the last cue ("make it Osaka", "I meant Kyoto", "Lisbon please")."""
    end = len(_TRAILING.sub("", text))
    cue = list(_TAIL_CUE.finditer(text[:end]))[-1]
    start = cue.end()
    name = text[start:end]
    if len(name.split()) > _MAX_RESCUE_WORDS or not name[:1].isalpha():
        return []
    if not _says_something(name, _NOISE) or parse_time(name, now) is not None:
        return []
    if any(a < end and start < b for a, b in ctx.intents.social):
        return []  # "nope, that's all"
    return [_place(name, _slot_prob(tagging, start, end), start, end, None, ctx)]


def _direction(text: str, start: int) -> SlotName | None:
    """The end of the trip that the word right before a place names ("to", "departing", "out of"), if any."""
    word = _word_before(text, start)
    if word in _DESTINATION_CUES:
        return "destination"
    if word in _DEPARTURE_CUES or word == "of":
        return "departure"
    return None


def _word_before(text: str, start: int) -> str:
    words = re.findall(r"[a-z']+", text[:start].lower())
    return words[-1] if words else ""


def _slot_prob(tagging: Tagging, start: int, end: int) -> float:
    """How sure the tagger is that every token of a span belongs to some slot (any type)."""
    probs = [_in_slot(t) for t in tagging.tokens if t.start < end and start < t.end]
    return round(min(probs), 6) if probs else 0.0


def _in_slot(token: Any) -> float:
    return 1.0 - float(token.outside)
