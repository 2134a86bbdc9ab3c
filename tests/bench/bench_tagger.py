"""Tagger speed: per-sentence latency of ``tag_tokens`` and ``trace``, and
training throughput. Prints a table; targets are in the README.

    python tests/bench/bench_tagger.py [--model lstm] [--repeat 2000]

Latency is one sentence at a time on one thread (``torch.set_num_threads(1)``),
after a warm-up, for the lecture-style 11-token sentence given as words; the
models are timed in turns (``interleaved_latency``), so a drift in the
machine's speed reaches them all alike.
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


def interleaved_latency(
    fns: dict[str, Callable[[], object]], repeat: int, block: int = 10
) -> dict[str, tuple[float, float]]:
    """Median and 90th percentile in milliseconds of each function, timed in turns.

    This machine's speed drifts by tens of percent over minutes. Timing one
    system after another would compare each at a different speed; taking
    turns, ``block`` calls each, gives every system the same mix of fast
    and slow spells.
    """
    for fn in fns.values():  # warm-up: caches, lazily built paths
        for _ in range(min(200, repeat)):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(-(-repeat // block)):
        for name, fn in fns.items():
            for _ in range(block):
                start = time.perf_counter()
                fn()
                times[name].append((time.perf_counter() - start) * 1e3)
    out = {}
    for name, values in times.items():
        values.sort()
        out[name] = (statistics.median(values), values[int(0.9 * len(values))])
    return out


def print_table(header: list[str], rows: list[list[str]], markdown: bool = False) -> None:
    """Print rows of cells under a header: aligned columns, or a markdown table."""
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|" + "---:|" * (len(header) - 1))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))


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
    taggers = [load_tagger(name) for name in names]
    tags = interleaved_latency({t.name: partial(t.tag_tokens, SENTENCE) for t in taggers}, args.repeat)
    trace_repeat = max(200, args.repeat // 4)
    traces = interleaved_latency({t.name: partial(t.trace_tokens, SENTENCE) for t in taggers}, trace_repeat)
    for tagger in taggers:
        (tag_med, tag_p90), (tr_med, tr_p90) = tags[tagger.name], traces[tagger.name]
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
