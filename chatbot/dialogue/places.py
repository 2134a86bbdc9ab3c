"""Place names as the dialogue reads them back and compares them.

>>> display_name("  new   york ")
'New York'
>>> display_name("kings cross station")
'Kings Cross station'
>>> display_name("the airport"), display_name("São Paulo")
('the airport', 'São Paulo')
>>> same_place("Taipei", "taipei.")
True
"""

from __future__ import annotations

import re

MAX_PLACE_CHARS = 60  # a span longer than this is a tagging accident, not a name
MAX_PLACE_WORDS = 6

# Typed in lowercase, these stay lowercase when the name is capitalised:
# joining words inside names, and words that make a place generic.
_SMALL = frozenset("the of de del der la le les da do dos du am an on upon my our your and".split())
_GENERIC = frozenset("airport station terminal home office hotel work port harbour centre center".split())
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def clean(text: str) -> str | None:
    """The span without surrounding punctuation and extra spaces.

    Returns:
        The cleaned text, or None when nothing is left or it is too long to
        be a place name.
    """
    words = " ".join(text.split())
    words = _EDGE.sub("", words)
    if not words or len(words) > MAX_PLACE_CHARS or len(words.split()) > MAX_PLACE_WORDS:
        return None
    return words


def display_name(text: str) -> str:
    """The name to read back: cleaned, and capitalised when typed all in lowercase.

    A name the user capitalised themselves ("JFK", "McAllen") is kept as typed.
    """
    words = clean(text) or " ".join(text.split())
    if words != words.lower():
        return words
    return " ".join(w if w in _SMALL or w in _GENERIC else w[:1].upper() + w[1:] for w in words.split())


def same_place(a: str, b: str) -> bool:
    """Whether two spans name the same place, ignoring case, spacing and punctuation."""
    return display_name(a).casefold() == display_name(b).casefold()
