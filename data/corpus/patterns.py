"""Sentence templates and the words around the slots.

The templates live in ``patterns.txt`` (its header explains the notation).
Each has an id, a cue *family* (how the slots are signalled: departure cues,
destination cues, both, questions, terse fragments, taxi or train register,
flights with distractors, no slot, cue-flip twins, the lecture's pair, and
short dialogue turns: answers, corrections and chat) and a *domain* that says
which kinds of place fit.

``split_patterns`` gives every template to exactly one of train / dev /
test, about 70 / 15 / 15 by a stable hash of its own id (``split.py``), so
adding a template never moves another; every split has every family, but
dev and test only ever see templates that train never saw. The lecture's
pair is always in train; the dialogue turns are split within each kind of
slot content as well (``SPLIT_BY_SLOTS``).

The fillers below are always O (scheme rules O1, P5, P7, T9): passengers,
classes, seats, prices, trip types, airlines, stop-overs, references
("the hotel", "home") and modes of travel ("by train"). The longer
clauses around a request (greetings, reasons, questions) are in
``fillers.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .split import split_group, split_of

HERE = Path(__file__).parent
ALWAYS_TRAIN = frozenset({"lecture"})
# Families split within each kind of slot content too (a bare place, a
# departure, a time, no slot ...), so every split has every kind of turn.
SPLIT_BY_SLOTS = frozenset({"turn"})
_SLOT_MARKS = {
    "dep": re.compile(r"\{dep\b"),
    "dest": re.compile(r"\{dest\b"),
    "time": re.compile(r"\{(time|day|clock|tby|tafter|tbefore|hhmm|meal|dawn|svc|pod)"),
}

# How often each family is drawn (twin families give two utterances a draw).
FAMILY_WEIGHT = {
    "dep": 7,
    "dest": 9,
    "depdest": 9,
    "full": 15,
    "time": 8,
    "question": 6,
    "terse": 8,
    "taxi": 8,
    "train": 10,
    "flight": 6,
    # Searches written like a query box: "show me flights from X to Y".
    "query": 6,
    "none": 9,
    "pair": 3,
    "lecture": 2,
    # Short turns inside a dialogue (rules D1-D7): about 14 % of the utterances.
    "turn": 17,
}
# Within its family a template is drawn this many times as often as the
# others when it is a place alone ("Kyoto", "Kyoto?"): the commonest answer
# to "where to?", and the one a tagger sees with no word around it. Without
# it, a lone name the tagger has never seen reads like "Yes" or "Cancel", or
# like the departure that ends "collect me at X" (4 was enough before those).
LONE_PLACE = re.compile(r"\{(dep|dest)\}(\[[.?!|]*\])?")
LONE_PLACE_WEIGHT = 8.0


def draw_weight(pattern: Pattern) -> float:
    """How often ``pattern`` is drawn within its family (1 for most)."""
    return LONE_PLACE_WEIGHT if any(LONE_PLACE.fullmatch(t) for t in pattern.templates) else 1.0


# Which places a domain draws from, and how often.
DOMAIN_KINDS = {
    "train": (("regional", 5), ("city", 1.5), ("station", 3)),
    "bus": (("regional", 5), ("city", 2), ("station", 1)),
    "flight": (("city", 6), ("airport", 3), ("code", 1.5)),
    "taxi": (("venue", 7), ("station", 1), ("airport", 1), ("city", 0.5)),
    "any": (("city", 4), ("regional", 1), ("airport", 1), ("code", 0.5), ("station", 1), ("venue", 2.5)),
}

FILLERS: dict[str, tuple[str, ...]] = {
    "pax": (
        "2 people",
        "two people",
        "3 adults",
        "two adults",
        "four passengers",
        "one person",
        "2 adults and a child",
        "me and my wife",
        "the two of us",
        "a group of 6",
        "5 people",
        "myself and a colleague",
        "three of us",
        "1 adult",
    ),
    "cls": (
        "business class",
        "first class",
        "economy",
        "premium economy",
        "standard class",
        "second class",
        "economy class",
    ),
    "seat": (
        "a window seat",
        "an aisle seat",
        "seats together",
        "a seat in the quiet coach",
        "a table seat",
        "extra legroom",
    ),
    "price": (
        "under $300",
        "for less than 50 pounds",
        "under £80",
        "below 200 euros",
        "under 100 dollars",
        "for no more than $450",
        "under 1000 dollars",
        "cheaper than £60",
    ),
    "trip": ("round trip", "one way", "return", "single", "open return", "round-trip"),
    "airline": (
        "Lufthansa",
        "British Airways",
        "Delta",
        "Emirates",
        "Singapore Airlines",
        "Air France",
        "KLM",
        "easyJet",
        "Ryanair",
        "Qatar Airways",
        "United",
        "Turkish Airlines",
        "Air Canada",
        "Japan Airlines",
        "Cathay Pacific",
        "Iberia",
        "Qantas",
        "American Airlines",
        "Swiss",
        "Aer Lingus",
        "Korean Air",
        "Air India",
        "Etihad",
        "JetBlue",
        "Alaska Airlines",
        "Finnair",
    ),
    # References that are not names (rule P7): "from the hotel", "to my office".
    "ref": (
        "the hotel",
        "my hotel",
        "our hotel",
        "the restaurant",
        "the museum",
        "the college",
        "the station",
        "the airport",
        "my office",
        "the office",
        "the guesthouse",
        "our guesthouse",
        "the theatre",
        "the cinema",
        "work",
        "the conference centre",
        "the train station",
        "the bus station",
        "the coach station",
        "the ferry terminal",
        "the terminal",
        "the hospital",
        "the university",
        "the campus",
        "the gallery",
        "the park",
        "the pub",
        "the bar",
        "the gym",
        "the church",
        "the attraction",
        "the venue",
        "the concert hall",
        "the stadium",
        "the shopping centre",
        "the city centre",
        "the town centre",
        "my place",
        "my flat",
        "my apartment",
        "my house",
        "our house",
        "my sister's house",
        "my parents' place",
        "our lunch reservation",
        "my dinner reservation",
        "the wedding venue",
        "the party",
        "that place",
        "this place",
        "the first place",
        "the other place",
        "the hotel I booked",
        "the restaurant you found",
        "the place you just booked",
        "the museum you mentioned",
        "the B&B",
        "the hostel",
        "our holiday cottage",
        "the campsite",
        "the marina",
        "the zoo",
        "the aquarium",
        "the cathedral",
        "the library",
        "the market",
        "the mall",
        "the clinic",
        "the school",
        "my school",
        "the nightclub",
        "the club",
        "the concert",
        "the meeting",
        "my appointment",
        "the car park",
        "the pier",
        "the harbour",
        "the beach",
        "the castle",
        "the palace",
        "the boat",
        "the port",
        "the docks",
        "the bowling alley",
        "the leisure centre",
    ),
    # "home", "there": references that take no preposition ("take me home").
    "away": ("home", "there", "back home", "back there", "back to the hotel", "back to my hotel", "back to the office"),
    "mode": ("train", "coach", "bus", "car", "taxi", "plane", "rail", "road", "ferry", "boat", "tram"),
    "n": ("2", "two", "3", "three", "4", "four", "5", "six"),
    # A kind of service is not a time (rule T8); one named by a part of the
    # day is, and templates write it with {pod}.
    "service": (
        "the sleeper",
        "the overnight bus",
        "the overnight train",
        "the scenic train",
        "the high speed train",
        "the slow boat",
        "the express",
        "the first flight",
        "the next train",
        "the last bus",
        "the next flight",
        "the red-eye",
        "the fast train",
        "the local train",
        "the direct train",
        "the shuttle",
        "the early train",
        "the late train",
        "the daily bus",
        "the hourly train",
    ),
}
# A stop-over: the place in it is O (rule P5).
VIA_FRAMES = (
    "via {}",
    "via {}",
    "with a stop in {}",
    "with a layover in {}",
    "changing at {}",
    "stopping over in {}",
    "through {}",
    "connecting in {}",
)
# Words around a request that carry no slot.
PREFIXES = (
    "Hi,",
    "Hello,",
    "Hi there,",
    "Yes,",
    "Yes please.",
    "Actually,",
    "Great,",
    "OK,",
    "Okay,",
    "Thanks.",
    "Also,",
    "Hey,",
    "Perfect.",
    "Sure.",
    "Oh,",
    "Good morning,",
    "Thank you.",
    "Hmm,",
    "Right,",
    "Yes, and",
    "Good evening.",
    "Sorry,",
)
INLINE_SUFFIXES = (", please", " please", ", thanks", " if possible", " thank you", ", if you can")
SENTENCE_SUFFIXES = (
    "Can you help?",
    "Thanks!",
    "Thank you.",
    "Can you book it?",
    "Is that possible?",
    "Thanks in advance.",
    "What are my options?",
    "Cheers.",
)
NO_DISCOURSE = frozenset({"terse", "none", "lecture", "turn"})
# Everyday words said on their own ("purple", rule D6): O. Split by word like
# the patterns, so dev and test turns hold words train never saw alone. None
# is a place name (the gazetteer drops one-word places equal to them).
CHAT_WORDS = (
    "purple",
    "banana",
    "pizza",
    "coffee",
    "tea",
    "guitar",
    "pencil",
    "table",
    "chair",
    "window",
    "umbrella",
    "sandwich",
    "football",
    "cat",
    "dog",
    "kitten",
    "blue",
    "green",
    "yellow",
    "red",
    "potato",
    "cheese",
    "chocolate",
    "laptop",
    "phone",
    "keyboard",
    "weather",
    "rain",
    "snow",
    "music",
    "jazz",
    "movie",
    "pasta",
    "carrot",
    "tomato",
    "spoon",
    "bicycle",
    "elephant",
    "giraffe",
    "dinosaur",
    "robot",
    "rainbow",
    "pillow",
    "blanket",
    "socks",
    "shoes",
    "hat",
    "jacket",
    "wallet",
    "keys",
    "noodles",
    "soup",
    "cookie",
    "cake",
    "lemon",
    "mango",
    "apple",
    "strawberry",
    "broccoli",
    "pineapple",
    "popcorn",
    "unicorn",
    "penguin",
    "dragon",
    "pirate",
    "wizard",
    "ninja",
    "zombie",
    "spaghetti",
    "homework",
    "laundry",
    "sleep",
    "hungry",
    "tired",
    "happy",
    "sad",
    "bored",
    "angry",
    "wow",
    "whoa",
    "oops",
    "yay",
    "meh",
    "ugh",
    "fish",
    "bread",
    "butter",
    "milk",
    "sugar",
    "salt",
    "pepper",
    "garden",
    "flower",
    "tree",
    "grass",
    "cloud",
    "moon",
    "star",
    "sky",
    "ocean",
    "river",
    "mountain",
    "paint",
    "picture",
    "camera",
    "lamp",
    "mirror",
    "door",
    "carpet",
    "sofa",
    "bed",
    "kettle",
    "toaster",
    "fridge",
    "candle",
    "balloon",
    "puzzle",
    "marble",
    "crayon",
    "glitter",
    "tulip",
    "daisy",
    "hippo",
    "tiger",
    "lion",
    "monkey",
    "panda",
    "koala",
    "owl",
    "parrot",
    "frog",
    "snail",
    "bee",
    "spider",
    "duck",
    "goose",
    "horse",
    "cow",
    "pig",
    "sheep",
    "goat",
    "hamster",
    "rabbit",
    "mouse",
    "tacos",
    "burrito",
    "sushi",
    "curry",
    "banana bread",
    "ice cream",
    "hot dog",
    "green tea",
    "blue sky",
    "washing machine",
    "pizza party",
    "rubber duck",
    "cheese toastie",
)
# Keyboard rows for keyboard mash ("asdf", rule D6).
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

PLACEHOLDER = re.compile(r"\{(\w+?)(?::(\w+))?(?:@(\w+))?\}")
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Pattern:
    """One template (or a pair of twin templates).

    Attributes:
        id: ``P001``...
        family: Cue family, for the stratified split and the stats.
        domain: Which places fit (a key of ``DOMAIN_KINDS``).
        templates: One template, or two twins that share places and times.
    """

    id: str
    family: str
    domain: str
    templates: tuple[str, ...]


def load(path: Path = HERE / "patterns.txt") -> list[Pattern]:
    """Read the templates; ids must be unique and families known."""
    patterns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pid, family, domain, text = line.split("\t")
        if family not in FAMILY_WEIGHT or domain not in DOMAIN_KINDS:
            raise ValueError(f"{pid}: unknown family or domain")
        patterns.append(Pattern(pid, family, domain, tuple(t.strip() for t in text.split("||"))))
    if len({p.id for p in patterns}) != len(patterns):
        raise ValueError("duplicate pattern id")
    return patterns


def split_patterns(patterns: list[Pattern]) -> dict[str, list[Pattern]]:
    """Give each pattern to one split by a stable hash of its id (``split``),
    about 70/15/15, with at least one dev and one test pattern per family.

    Args:
        patterns: All patterns.

    Returns:
        ``{"train": [...], "dev": [...], "test": [...]}``, disjoint.
    """
    by_family: dict[str, list[Pattern]] = defaultdict(list)
    for p in patterns:
        by_family[_stratum(p)].append(p)
    out: dict[str, list[Pattern]] = {"train": [], "dev": [], "test": []}
    for family, members in sorted(by_family.items()):
        if family in ALWAYS_TRAIN:
            out["train"] += members
            continue
        for split, share in split_group(members, lambda p: p.id, at_least_one=True).items():
            out[split] += share
    return {split: sorted(ps, key=lambda p: p.id) for split, ps in out.items()}


def chat_words(split: str) -> list[str]:
    """The everyday words of one split, about 70/15/15 by a stable hash of the word.

    Args:
        split: ``train``, ``dev`` or ``test``.

    Returns:
        The split's words, in ``CHAT_WORDS`` order.
    """
    return [w for w in CHAT_WORDS if split_of(w) == split]


def _stratum(p: Pattern) -> str:
    """The family, and for ``SPLIT_BY_SLOTS`` families the slots it holds: ``turn:dep+time``."""
    if p.family not in SPLIT_BY_SLOTS:
        return p.family
    text = " ".join(p.templates)
    return p.family + ":" + ("+".join(k for k, mark in _SLOT_MARKS.items() if mark.search(text)) or "none")


def template_words(patterns: list[Pattern]) -> set[str]:
    """Lower-cased words of the templates and fillers (airlines excepted).

    A one-word place name equal to one of these is left out of the
    gazetteer, so no template word is ever also a place.
    """
    texts = [t for p in patterns for t in p.templates]
    texts += [w for key, words in FILLERS.items() if key != "airline" for w in words]
    texts += list(PREFIXES + INLINE_SUFFIXES + SENTENCE_SUFFIXES + VIA_FRAMES + CHAT_WORDS)
    words: set[str] = set()
    for text in texts:
        text = PLACEHOLDER.sub(" ", text)
        words.update(re.findall(r"[a-z']+", text.lower().replace("|", " ")))
    return words


def choose_alternatives(template: str, pick) -> str:
    """Resolve every ``[a|b|c]`` with ``pick(options)``, innermost first."""
    while True:
        new = _CHOICE.sub(lambda m: pick(m.group(1).split("|")), template, count=1)
        if new == template:
            return template
        template = new
