"""Tagger speed: per-sentence latency of ``tag_tokens`` and ``trace``, and
training throughput. Prints a table; targets are in the README.

    python tests/bench/bench_tagger.py [--model lstm] [--repeat 2000]

Latency is one sentence at a time on one thread (``torch.set_num_threads(1)``),
after a warm-up, for the lecture-style 11-token sentence given as words.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import torch

from model import load_tagger
from model.config import TaggerConfig, TrainConfig
from model.conll import read_conll
from model.train import train

SENTENCE = "I would like to leave Taipei on November 2nd for Tokyo".split()
ROOT = Path(__file__).resolve().parents[2]


def latency(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 90th percentile in milliseconds."""
    for _ in range(min(200, repeat)):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return statistics.median(times), times[int(0.9 * len(times))]


def throughput(data: Path, cell: str, bidirectional: bool) -> float:
    """Training sentences per second over two epochs (the recipe: one thread)."""
    sentences = read_conll(data)[:2000]
    config = TaggerConfig(cell=cell, bidirectional=bidirectional)
    start = time.perf_counter()
    result = train(sentences, [], config, TrainConfig(epochs=2))
    seconds = time.perf_counter() - start
    return len(result.history) * len(sentences) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="model(s) to time (default: every shipped model)")
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--train-data", default=str(ROOT / "data" / "train.conll"))
    args = parser.parse_args()
    from model import shipped_models

    names = args.model or shipped_models()
    print(f"{'model':<24} {'params':>9} {'tag_tokens med':>15} {'p90':>7} {'trace med':>10} {'p90':>7}")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    for name in names:
        tagger = load_tagger(name)
        tag_med, tag_p90 = latency(partial(tagger.tag_tokens, SENTENCE), args.repeat)
        tr_med, tr_p90 = latency(partial(tagger.trace_tokens, SENTENCE), max(200, args.repeat // 4))
        print(
            f"{tagger.name[-24:]:<24} {tagger.parameter_count:>9,} {tag_med:>12.3f} ms {tag_p90:>7.3f}"
            f" {tr_med:>7.3f} ms {tr_p90:>7.3f}"
        )
    torch.set_num_threads(threads)
    if Path(args.train_data).is_file():
        print()
        print(f"{'training (1 thread)':<24} {'sentences/s':>12}")
        for cell, bi in (("lstm", False), ("lstm", True), ("gru", False), ("jordan", False)):
            label = f"{'bi' if bi else ''}{cell}"
            print(f"{label:<24} {throughput(Path(args.train_data), cell, bi):>12,.0f}")


if __name__ == "__main__":
    main()
