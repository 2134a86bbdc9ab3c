"""The generated test set drawn anew: how much of each model's test score is the draw.

From the project root (needs the ``data`` extra, as the generator does)::

    .venv/bin/python tests/bench/bench_draws.py [--seed 14 --seed 15 ...] [--model lstm] [--markdown]

The shipped ``data/test.conll`` is one draw of 2,000 sentences from the test
split's own patterns and places. Corpus work has read that draw's errors
(see the data card), so its score is somewhat optimistic. Each ``--seed``
draws the same split anew, as ``python data/generate.py --seed N`` would:
the same held-out patterns and places, in sentences nobody has looked at.
Nothing is written to disk.

Span F1 per model on the shipped draw and on each new one, and the new
draws' mean.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from bench_tagger import ROOT, print_table

from model import load_tagger, shipped_models
from model.conll import parse_conll, read_conll
from model.train import evaluate_sentences

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = (14, 15, 16)


def main() -> None:
    from data.corpus.render import to_conll
    from data.generate import DEFAULT_SIZES, build_world, generate_split

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, action="append", help=f"a corpus seed to draw test with (default: {SEEDS})")
    parser.add_argument("--model", action="append", help="model(s) to score (default: every shipped model)")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    args = parser.parse_args()
    seeds = args.seed or SEEDS

    _, split_patterns, gazetteer = build_world()
    draws = {"shipped": read_conll(ROOT / "data" / "test.conll")}
    for seed in seeds:
        utterances = generate_split("test", DEFAULT_SIZES["test"], split_patterns["test"], gazetteer, seed)
        draws[f"seed {seed}"] = parse_conll("".join(to_conll(u) for u in utterances), f"test, seed {seed}")
        print(f"drew test with seed {seed}", file=sys.stderr)

    header = ["model", *(f"test F1, {name}" for name in draws), "mean of the new draws"]
    rows = []
    for name in args.model or shipped_models():
        tagger = load_tagger(name)
        f1 = {draw: 100 * evaluate_sentences(tagger, sentences).f1 for draw, sentences in draws.items()}
        new = statistics.mean(v for k, v in f1.items() if k != "shipped")
        rows.append([name, *(f"{v:.2f}" for v in f1.values()), f"{new:.2f}"])
        print(f"{name}: done", file=sys.stderr)
    print_table(header, rows, args.markdown)


if __name__ == "__main__":
    main()
