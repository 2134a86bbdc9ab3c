"""Known place names: the ``place`` encoding (LECTURE §2, one more input).

A name the network has never seen ("Kyoto" typed alone, in answer to "where
to?") says little through its letters. A list of real places says more:
``gazetteer.txt.gz`` beside this module holds the world's cities of 15,000
people or more (GeoNames, CC BY 4.0) and airports, one name a line, split
into tokens as the tokenizer splits them (``zcat`` shows it). Regenerate it
with ``python data/generate.py``.

Each word gets one of three values, from the word alone, so the encoding
stays a per-word lookup like the others:

>>> places = Gazetteer(["Kyoto", "Dar es Salaam", "Santa Fe"])
>>> [places.lookup(w) for w in ("Kyoto", "kyoto", "Salaam", "Fe", "tomorrow")]
['name', 'name', 'part', 'part', 'none']

Common words that happen to be in a name ("es", "to", "of") are never
flagged, so the value means something. The network learns how far to trust
it: a listed word can be something else in a sentence ("Mon" is a town in
India and a weekday), and many places (hotels, stations, streets) are in no
list, so context still decides.

A word alone cannot tell "Sad" in "Novi Sad" from "sad": both are a word of
a longer name. A model trained with ``place_spans`` also gets a fourth
value, ``span``, for every word of a longer name the sentence holds whole
(the longest one wins, left to right):

>>> places.spans(["to", "Dar", "es", "Salaam", "from", "Santa", "Fe"])
[(1, 4), (5, 7)]
>>> places.spans(["Salaam", "Dar"])  # words of a name, not the name
[]
"""

from __future__ import annotations

import gzip
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

GAZETTEER_FILE = Path(__file__).with_name("gazetteer.txt.gz")
# The values of the encoding, in their embedding rows (0 is padding);
# "span" only for a model trained with place spans.
PLACE_VALUES = ("none", "part", "name", "span")


def strip_accents(text: str) -> str:
    """The text without its accents: ``strip_accents("Zürich") == "Zurich"``."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# Letters with no accent to strip that are still written as a plain one.
# GeoNames spells Vietnamese "Đ" with the Icelandic eth "Ð" ("Ðà Lạt"), which
# is romanised "d" too, so both read as "d".
_PLAIN = str.maketrans({"đ": "d", "ð": "d", "ł": "l", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})


def fold(word: str) -> str:
    """Lower-cased, accents removed: ``fold("Zürich") == "zurich"``,
    ``fold("Đà") == "da"``, ``fold("Łódź") == "lodz"``."""
    return strip_accents(word).lower().translate(_PLAIN)


class Gazetteer:
    """Place names, looked up one word at a time.

    Args:
        names: Place names, each with its tokens separated by single spaces
            (as the tokenizer splits them: "Stratford - upon - Avon").
    """

    def __init__(self, names: Iterable[str]) -> None:
        whole: set[str] = set()
        parts: set[str] = set()
        longer: set[tuple[str, ...]] = set()
        size = 0
        for name in names:
            size += 1
            tokens = [fold(t) for t in name.split()]
            (whole if len(tokens) == 1 else parts).update(tokens)
            if len(tokens) > 1:
                longer.add(tuple(tokens))
        meaningful = {t for t in whole | parts if any(c.isalpha() for c in t) and t not in STOP_WORDS}
        self.names = whole & meaningful
        self.parts = (parts & meaningful) - self.names
        self.size = size
        self._longer = longer
        # Per first word, the lengths of the longer names it starts, longest first.
        starts: dict[str, set[int]] = {}
        for tokens in longer:
            starts.setdefault(tokens[0], set()).add(len(tokens))
        self._starts = {first: sorted(lengths, reverse=True) for first, lengths in starts.items()}
        self._folded: dict[str, str] = {}

    def lookup(self, word: str) -> str:
        """``"name"`` if the word alone is a place name, ``"part"`` if it is a
        word of a longer one, else ``"none"``."""
        key = fold(word)
        return "name" if key in self.names else "part" if key in self.parts else "none"

    def spans(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Where the sentence holds a name of two or more words, as
        ``(start, end)`` token offsets; the longest match wins, left to right."""
        # Every sentence tagged is looked up here: each word is folded once.
        if len(self._folded) > 100_000:  # bounded for long sessions
            self._folded = {}
        memo = self._folded
        folded = [memo[w] if w in memo else memo.setdefault(w, fold(w)) for w in words]
        starts, longer, n = self._starts, self._longer, len(folded)
        found: list[tuple[int, int]] = []
        start = 0
        while start < n:
            for length in starts.get(folded[start], ()):  # longest first
                if start + length <= n and tuple(folded[start : start + length]) in longer:
                    found.append((start, start + length))
                    start += length
                    break
            else:
                start += 1
        return found

    def index(self, word: str) -> int:
        """The word's row in the place embedding (1, 2 or 3), from the word alone."""
        return PLACE_VALUES.index(self.lookup(word)) + 1


def read_names(path: Path | None = None) -> tuple[str, list[str]]:
    """A place list file's header line (its sources) and its names
    (default: the shipped list)."""
    with gzip.open(path or GAZETTEER_FILE, "rt", encoding="utf-8") as lines:
        header = next(lines, "").rstrip("\n")
        names = [line.rstrip("\n") for line in lines if line.strip()]
    if not header.startswith("#") or not names:
        raise ValueError("it holds no place names")
    return header, names


@lru_cache(maxsize=1)
def shipped_gazetteer() -> Gazetteer:
    """The list that ships beside the models (read once, ~0.1 s)."""
    return Gazetteer(read_names()[1])
