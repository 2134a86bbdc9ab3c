"""What the place list is worth: each shipped model scored three ways.

From the project root (needs the ``data`` extra for the corpus's split)::

    .venv/bin/python tests/bench/bench_places.py [--model lstm] [--markdown]

* ``list``: as shipped, with ``model/gazetteer.txt.gz``, which holds the real
  world's cities, so also the generated dev and test places (names training
  never showed, but a real user's city is in the list too);
* ``list without dev/test places``: the same list less every name of a
  generated dev or test place: what the model does with places it has seen
  neither in training nor in its list;
* ``no list``: every word's place value is "none".

Span F1 on the generated test set and the hand-written set. Models without
the place encoding are skipped.
"""

from __future__ import annotations

import argparse
import sys

from bench_tagger import ROOT, print_table

from model import load_tagger, shipped_models
from model.conll import read_conll
from model.gazetteer import Gazetteer, fold, read_names
from model.tokenizer import tokenize
from model.train import evaluate_sentences

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def held_out_names() -> set[str]:
    """Every surface of every generated dev and test place, split into tokens
    as the list's lines are, and folded."""
    from data.generate import build_world

    gazetteer = build_world()[2]
    surfaces = {s for split in ("dev", "test") for p in gazetteer.by_split[split] for s in p.surfaces}
    return {fold(" ".join(t.text for t in tokenize(s))) for s in surfaces}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="model(s) to score (default: every shipped model)")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    args = parser.parse_args()

    lines = read_names()[1]
    held_out = held_out_names()
    lists = {
        "list": Gazetteer(lines),
        "list without dev/test places": Gazetteer(n for n in lines if fold(n) not in held_out),
        "no list": Gazetteer([]),
    }
    sets = {
        "test": read_conll(ROOT / "data" / "test.conll"),
        "hand-written": read_conll(ROOT / "data" / "handwritten.conll"),
    }
    header = ["model", *(f"{s} F1, {name}" for s in sets for name in lists)]
    rows = []
    for name in args.model or shipped_models():
        tagger = load_tagger(name)
        if "place" not in tagger.config.features:
            print(f"{name}: no place encoding, skipped", file=sys.stderr)
            continue
        scores: dict[tuple[str, str], float] = {}
        for list_name, places in lists.items():
            tagger.use_gazetteer(places)
            for set_name, data in sets.items():
                scores[set_name, list_name] = evaluate_sentences(tagger, data).f1
        rows.append([name, *(f"{100 * scores[s, n]:.1f}" for s in sets for n in lists)])
        print(f"{name}: done", file=sys.stderr)
    print_table(header, rows, args.markdown)


if __name__ == "__main__":
    main()
