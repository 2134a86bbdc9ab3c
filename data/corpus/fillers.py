"""Filler clauses: the everyday words around a request, all O.

Real requests come wrapped in politeness, reasons, who is travelling and
questions about the car or the fare ("Sorry to trouble you, ... as my sister
is getting married. What colour is the car?"). A tagger that has only seen
cue words and places next to each other takes every rare word for a place,
so the composer wraps requests in clauses from ``fillers.txt`` (its header
explains the notation). Each clause has an id (F001...) and a *kind* that
says where it may stand:

* ``open``  a sentence before the request ("Hope you're well.")
* ``lead``  a clause that runs into the request ("Since my car is in the garage,")
* ``tail``  a clause after it, before the full stop ("as I have a christening to get to")
* ``close`` a sentence after it ("Could I have the driver's number?")

Clauses are split like patterns: within each kind about 70 / 15 / 15 into
train / dev / test by a stable hash of the id, so dev and test measure
filler the model never saw. Their words are O; a clause may still hold a
time slot (``{clock}``: "my flight lands at [6]"), labelled by the scheme.

``add_typo`` puts one slip of the keyboard into a filler word (never into a
slot value, which is a separate segment):

>>> import random
>>> add_typo("could you tell me the price", random.Random(5))
'could you tell me the priice'
>>> add_typo("could you tell me the price", random.Random(2))
'cuold you tell me the price'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .split import split_group

HERE = Path(__file__).parent
KINDS = ("open", "lead", "tail", "close")
# Real misspellings and shorthand, used instead of a random slip now and then.
MISSPELLINGS = {
    "please": ("pls", "plz", "pleas", "plese"),
    "thanks": ("thx", "thanx", "tanks", "thnks"),
    "you": ("u", "yuo"),
    "your": ("ur", "yor"),
    "because": ("cos", "becuase", "beacuse"),
    "receive": ("recieve",),
    "definitely": ("definately", "defo"),
    "separate": ("seperate",),
    "accommodation": ("accomodation",),
    "which": ("wich", "whcih"),
    "their": ("thier",),
    "really": ("realy",),
    "appreciate": ("apreciate", "appriciate"),
    "necessary": ("neccessary",),
    "would": ("woud", "wuold"),
    "could": ("coud", "cuold"),
    "know": ("kno", "konw"),
    "luggage": ("lugage", "luggege"),
    "wheelchair": ("wheelchiar", "weelchair"),
    "whether": ("wether",),
    "great": ("grate", "graet"),
    "possible": ("possable", "posible"),
}
_WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True)
class Filler:
    """One filler clause.

    Attributes:
        id: ``F001``...
        kind: ``open``, ``lead``, ``tail`` or ``close``.
        text: The clause; may hold ``[a|b]`` choices and filler or time placeholders.
    """

    id: str
    kind: str
    text: str


def load(path: Path = HERE / "fillers.txt") -> list[Filler]:
    """Read the clauses; ids must be unique, kinds known and texts distinct."""
    fillers = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fid, kind, text = line.split("\t")
        if kind not in KINDS:
            raise ValueError(f"{fid}: unknown kind {kind!r}")
        fillers.append(Filler(fid, kind, text.strip()))
    if len({f.id for f in fillers}) != len(fillers) or len({f.text for f in fillers}) != len(fillers):
        raise ValueError("duplicate filler id or text")
    return fillers


def split_fillers(fillers: list[Filler]) -> dict[str, dict[str, list[Filler]]]:
    """Give each clause to one split by a stable hash of its id (``split``),
    about 70/15/15 within each kind.

    Args:
        fillers: All clauses.

    Returns:
        ``{split: {kind: [...]}}``; no clause is in two splits.
    """
    by_kind: dict[str, list[Filler]] = defaultdict(list)
    for f in fillers:
        by_kind[f.kind].append(f)
    out: dict[str, dict[str, list[Filler]]] = {s: {k: [] for k in KINDS} for s in ("train", "dev", "test")}
    for kind, members in by_kind.items():
        members = sorted(members, key=lambda f: f.id)
        for split, share in split_group(members, lambda f: f.id, at_least_one=False).items():
            out[split][kind] = share
    return out


@lru_cache(maxsize=1)
def by_split() -> dict[str, dict[str, list[Filler]]]:
    """``split_fillers(load())``, read once."""
    return split_fillers(load())


def words(fillers: list[Filler]) -> set[str]:
    """Lower-cased words of every clause, all choices included, placeholders left out."""
    out: set[str] = set()
    for f in fillers:
        text = re.sub(r"\{[^}]*\}", " ", f.text).lower()
        out.update(re.findall(r"[a-z]+(?:'[a-z]+)?", text.replace("|", " ")))
    return out


def add_typo(text: str, rng) -> str:
    """``text`` with one word of four letters or more mistyped.

    A known misspelling when the word has one, else a swapped, dropped or
    doubled letter. Only letters change, so the tokens stay where they were.
    """
    found = list(_WORD.finditer(text))
    if not found:
        return text
    m = rng.choice(found)
    word = m.group(0)
    if word.lower() in MISSPELLINGS and rng.random() < 0.7:
        new = rng.choice(MISSPELLINGS[word.lower()])
    else:
        i = rng.randrange(1, len(word) - 1)
        how = rng.choice(("swap", "drop", "double"))
        if how == "swap":
            new = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif how == "drop":
            new = word[:i] + word[i + 1 :]
        else:
            new = word[:i] + word[i] + word[i:]
    return text[: m.start()] + new + text[m.end() :]
