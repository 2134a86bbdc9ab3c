"""Tokenization: spaCy's blank English tokenizer, with character offsets kept.

The one addition to spaCy's rules: the abbreviations that open place names
stay whole in any casing, so "ft. lauderdale" is two tokens, not three.

Every token remembers where it came from in the user's text, so a slot the
tagger finds maps back to exactly the characters that were typed:

>>> [(t.text, t.start, t.end) for t in tokenize("leave Taipei at 5pm")]
[('leave', 0, 5), ('Taipei', 6, 12), ('at', 13, 15), ('5', 16, 17), ('pm', 17, 19)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

# Abbreviations that open place names ("St. Louis", "Ft. Lauderdale",
# "Ste. Foy"). spaCy keeps "St." and "Mt." whole but splits "st.", "ST." and
# "Ft.", which would cut a typed place in two; every casing stays one token.
PLACE_ABBREVIATIONS = ("St.", "Ste.", "Mt.", "Ft.")
# A byte that is not UTF-8, in a command line or a file read with
# errors="surrogateescape", reaches Python as a lone surrogate (PEP 383),
# which no UTF-8 encoder takes: spaCy, a terminal, SQLite.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the user's text.

    Attributes:
        text: The token exactly as typed.
        start: Offset of its first character in the text.
        end: Offset one past its last character (``text[start:end] == token``).
    """

    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _nlp() -> Language:
    # A blank pipeline is rules only: nothing to download, loads in ~50 ms.
    nlp = spacy.blank("en")
    for abbreviation in PLACE_ABBREVIATIONS:
        for form in {abbreviation, abbreviation.lower(), abbreviation.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


def replace_stray_bytes(text: str) -> str:
    """``text`` with every lone surrogate (a stray byte, see PEP 383) made
    U+FFFD, one character for one, so offsets into it still hold.

    >>> replace_stray_bytes(b"to \\xffRome".decode("utf-8", "surrogateescape")) == "to \\ufffdRome"
    True
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with their character offsets.

    Whitespace never becomes a token, so empty or blank text gives ``[]``.

    Args:
        text: Any string (emoji, right-to-left scripts and control characters
            and lone surrogates are fine).

    Returns:
        The tokens in order.
    """
    # spaCy hashes every token as UTF-8; the tokens keep the text as given.
    doc = _nlp().make_doc(replace_stray_bytes(text))
    return [Token(text[t.idx : t.idx + len(t)], t.idx, t.idx + len(t)) for t in doc if not t.is_space]


def tokens_from_words(words: list[str]) -> list[Token]:
    """Tokens for text that is already split into words (a CoNLL file, say).

    The words are laid out as if joined by single spaces, so offsets point into
    ``" ".join(words)``.
    """
    return [Token(word, start, start + len(word)) for word, start in zip(words, word_starts(words))]


def word_starts(words: Sequence[str]) -> list[int]:
    """Where each word starts in ``" ".join(words)``: the offsets of :func:`tokens_from_words`.

    >>> word_starts(["leave", "Taipei", "at", "5pm"])
    [0, 6, 13, 16]
    """
    return list(accumulate([len(word) + 1 for word in words[:-1]], initial=0))[: len(words)]
