"""Our shipped taggers against two peers, a CRF and spaCy's NER, in one table.

From the project root::

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python tests/bench/bench_peers.py              # about 7 minutes on 2 cores
    .venv/bin/python tests/bench/bench_peers.py --quick      # a smoke run, under a minute
    .venv/bin/python tests/bench/bench_peers.py --markdown   # also the table for the README

The peers (``peers.py``) are trained now on ``data/train.conll``, choosing on
``data/dev.conll``, as our models were; our models are the shipped ones, as
loaded by ``load_tagger``, or with ``--train-ours`` trained now as well, each
alone, with its shipped recipe and seed (``model/models/retrain.py``), into a
temporary folder (about an hour for all six on 2 cores). Besides the CRF and
spaCy's NER, a third row is the same CRF with the place list our models read
(``model/gazetteer.py``) as one more feature of each word and its
neighbours, so the list's share of our lead shows. Everything else is
measured in this run:

* span F1 on the generated test set, the hand-written set and MultiWOZ dev
  (``../shared/data/multiwoz-booking/dev.conll`` and its turns with no slot,
  ``dev.negatives.conll``, as the model cards score it; its column is left
  out when the files are not there), each system tagging the files' own tokens;
  MultiWOZ twice: as predicted, and with the predicted time spans drawn as
  MultiWOZ draws them (``model.conventions``: "by [18:00]", not "[by 18:00]");
* training seconds: the peers' measured now, ours from the model card (where
  they were trained two at a time on the two cores) or, with
  ``--train-ours``, measured now too; dev scoring included in all;
* tag latency: the median over single calls, one thread
  (``torch.set_num_threads(1)``), after a warm-up, for the 11-token
  sentence of ``bench_tagger.py`` given as words, every system timed in
  turns with the others (``interleaved_latency``), so that a drift in the
  machine's speed does not favour whichever ran in a fast spell;
* batched: milliseconds per sentence when the whole hand-written set is
  tagged in one call (``predict``), one thread, the best of three runs;
* size on disk: our model directory, the crfsuite model file, spaCy's
  ``nlp.to_disk`` directory.

Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import torch
from bench_tagger import ROOT, SENTENCE, interleaved_latency
from peers import Peer, SpacyPeer, directory_size, fit_crf_grid

from model import load_tagger, shipped_models
from model.checkpoint import resolve
from model.config import TrainConfig
from model.conll import Sentence, read_conll, write_conll
from model.conventions import CONVENTIONS
from model.evaluate import evaluate
from model.gazetteer import shipped_gazetteer
from model.models.retrain import MULTIWOZ, SEEDS, multiwoz_dev, retrain

# Penalties tried with --crf-grid; (0.1, 0.1) alone otherwise.
CRF_GRID = ((0.0, 0.1), (0.05, 0.01), (0.1, 0.1), (0.5, 0.5))


@dataclass(frozen=True)
class Row:
    """One system's line of the table.

    Attributes:
        system: What it is called in the table.
        f1: Span F1 per evaluation set, in the table's column order.
        train_seconds: Wall-clock training time (``None`` if unknown).
        latency_ms: Median milliseconds to tag one sentence.
        batch_ms: Milliseconds per sentence, tagging many in one call.
        size_bytes: Bytes on disk.
    """

    system: str
    f1: tuple[float, ...]
    train_seconds: float | None
    latency_ms: float
    batch_ms: float
    size_bytes: int


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def span_f1(
    predict: Callable[[Sequence[Sequence[str]]], list[list[str]]], sentences: Sequence[Sentence], convention: str
) -> float:
    """Span F1 of ``predict`` on the sentences' own tokens, its spans drawn as ``convention`` does."""
    redraw = CONVENTIONS[convention]
    predicted = predict([list(s.words) for s in sentences])
    return evaluate([list(s.labels) for s in sentences], [redraw(s.words, p) for s, p in zip(sentences, predicted)]).f1


@dataclass(frozen=True)
class System:
    """One system to measure: how it tags many sentences and one, and its facts.

    Attributes:
        name: What it is called in the table.
        predict: Labels for many pre-split sentences in one call.
        tag: Tags the latency sentence once.
        train_seconds: Wall-clock training time (``None`` if unknown).
        size_bytes: Bytes on disk.
    """

    name: str
    predict: Callable[[Sequence[Sequence[str]]], list[list[str]]]
    tag: Callable[[], object]
    train_seconds: float | None
    size_bytes: int


def measure(system: System, eval_sets: dict[str, tuple[list[Sentence], str]], latency_ms: float) -> Row:
    """Score one system on every set and time its batched tagging on one thread."""
    f1 = tuple(span_f1(system.predict, sentences, convention) for sentences, convention in eval_sets.values())
    many = [list(s.words) for s in eval_sets["handwritten"][0]]
    with one_thread():
        batch = min(_timed(system.predict, many) for _ in range(3)) / len(many)
    log(f"{system.name}: F1 {' / '.join(f'{x:.4f}' for x in f1)}, {latency_ms:.3f} ms, batched {batch:.3f} ms")
    return Row(system.name, f1, system.train_seconds, latency_ms, batch, system.size_bytes)


@contextmanager
def one_thread() -> Iterator[None]:
    """Torch on one thread, as the CRF and spaCy run."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _timed(predict: Callable[[Sequence[Sequence[str]]], object], sentences: list[list[str]]) -> float:
    """Milliseconds for one call of ``predict`` on all of ``sentences``."""
    start = time.perf_counter()
    predict(sentences)
    return (time.perf_counter() - start) * 1e3


def our_systems(models: dict[str, Path]) -> list[System]:
    """A system per model directory, named as the shipped model it is (or was trained as)."""
    systems = []
    for name, folder in models.items():
        tagger = load_tagger(folder)
        seconds = tagger.card.get("train_seconds")
        systems.append(
            System(
                f"{name} (ours)",
                tagger.predict,
                partial(tagger.tag_tokens, SENTENCE),
                float(seconds) if isinstance(seconds, (int, float)) else None,
                directory_size(folder),
            )
        )
    return systems


def train_ours(names: Sequence[str], splits: dict[str, list[Sentence]], folder: Path) -> dict[str, Path]:
    """Train each named model now, one at a time, with its shipped recipe and
    seed, on ``splits`` (train, dev, test), into ``folder``."""
    data = folder / "data"
    data.mkdir()
    for split, sentences in splits.items():
        write_conll(data / f"{split}.conll", sentences)
    for name in names:
        log(f"training {name} (ours) on {len(splits['train'])} sentences, its shipped recipe and seed")
        retrain(name, SEEDS.get(name, TrainConfig().seed), data, folder)
    return {name: folder / name for name in names}


def peer_system(peer: Peer) -> System:
    return System(peer.name, peer.predict, partial(peer.tag, SENTENCE), peer.train_seconds, peer.size_bytes())


def format_table(rows: Sequence[Row], columns: Sequence[str], markdown: bool = False) -> str:
    """The rows as aligned text, or as a GitHub markdown table.

    Args:
        rows: The systems, in order.
        columns: The evaluation sets' names, in the order of ``Row.f1``.
        markdown: Pipes and a ``---:`` rule instead of spaces.

    Returns:
        The table, lines joined by ``\\n``.
    """
    header = ["system", *(f"F1 {name}" for name in columns), "train s", "latency ms", "batched ms", "size MB"]
    body = [
        [
            row.system,
            *(f"{100 * f1:.1f}" for f1 in row.f1),
            _seconds(row.train_seconds),
            f"{row.latency_ms:.2f}",
            f"{row.batch_ms:.3f}",
            f"{row.size_bytes / 1e6:.2f}",
        ]
        for row in rows
    ]
    if markdown:
        rule = ["---", *["---:"] * (len(header) - 1)]
        return "\n".join("| " + " | ".join(cells) + " |" for cells in (header, rule, *body))
    widths = [max(len(cells[k]) for cells in (header, *body)) for k in range(len(header))]
    lines = []
    for cells in (header, *body):
        first, rest = cells[0].ljust(widths[0]), (c.rjust(w) for c, w in zip(cells[1:], widths[1:]))
        lines.append("  ".join([first, *rest]))
    return "\n".join(lines)


def _seconds(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small train subset and few iterations: a smoke run")
    parser.add_argument("--markdown", action="store_true", help="also print the table as markdown")
    parser.add_argument("--skip-spacy", action="store_true", help="leave out the spaCy peer")
    parser.add_argument("--skip-crf-places", action="store_true", help="leave out the CRF with the place list")
    parser.add_argument("--crf-grid", action="store_true", help=f"choose CRF c1/c2 on dev from {CRF_GRID}")
    parser.add_argument("--crf-iterations", type=int, default=150, help="L-BFGS iterations of the CRF")
    parser.add_argument("--spacy-epochs", type=int, default=6, help="most epochs of spaCy NER (best on dev kept)")
    parser.add_argument("--spacy-budget", type=float, default=200, help="no new spaCy epoch after this many seconds")
    parser.add_argument("--repeat", type=int, default=1000, help="timed calls per latency")
    parser.add_argument("--turn", type=int, default=10, help="calls per system per turn when timing latency")
    parser.add_argument("--model", action="append", help="shipped model(s) to measure (default: all)")
    parser.add_argument(
        "--train-ours", action="store_true", help="train our models now too, so every training time is this run's"
    )
    parser.add_argument("--train", type=Path, default=ROOT / "data" / "train.conll")
    parser.add_argument("--dev", type=Path, default=ROOT / "data" / "dev.conll")
    args = parser.parse_args()
    started = time.perf_counter()

    # Data: the split our models were trained on, and every set we score.
    train, dev = read_conll(args.train), read_conll(args.dev)
    if args.quick:
        train, dev = train[:1000], dev[:200]
        args.crf_iterations, args.spacy_epochs, args.repeat = 30, 3, 200
    eval_sets = {
        "test": (read_conll(ROOT / "data" / "test.conll"), "slotbot"),
        "handwritten": (read_conll(ROOT / "data" / "handwritten.conll"), "slotbot"),
    }
    if MULTIWOZ.is_file():
        eval_sets["MultiWOZ"] = (multiwoz_dev(), "slotbot")
        eval_sets["MultiWOZ, its spans"] = (eval_sets["MultiWOZ"][0], "multiwoz")
    else:
        log(f"no {MULTIWOZ.name} beside the project: MultiWOZ column left out")

    # Peers, trained now.
    log(f"training the peers on {len(train)} sentences, choosing on {len(dev)}")
    grid = CRF_GRID if args.crf_grid and not args.quick else ((0.1, 0.1),)
    crf = fit_crf_grid(train, dev, grid, args.crf_iterations, log)
    peers: list[Peer] = [crf]
    notes = [f"CRF c1={crf.c1} c2={crf.c2}, {args.crf_iterations} L-BFGS iterations"]
    if not args.skip_crf_places:
        # The same CRF with the place list our models read: like for like.
        peers.append(fit_crf_grid(train, dev, ((crf.c1, crf.c2),), args.crf_iterations, log, shipped_gazetteer()))
    if not args.skip_spacy:
        spacy_peer = SpacyPeer(epochs=args.spacy_epochs, time_budget=args.spacy_budget, log=log)
        spacy_peer.fit(train, dev)
        peers.append(spacy_peer)
        notes.append(
            f"spaCy NER batch {spacy_peer.batch_size}, dropout {spacy_peer.dropout}, "
            f"best dev epoch {spacy_peer.best_epoch}"
        )

    # Ours: the shipped models, or trained now as the peers were.
    names = args.model or shipped_models()
    with tempfile.TemporaryDirectory(prefix="slotbot-bench-") as scratch:
        if args.train_ours:
            splits = {"train": train, "dev": dev, "test": eval_sets["test"][0]}
            models = train_ours(names, splits, Path(scratch))
        else:
            models = {name: resolve(name) for name in names}
        systems = our_systems(models)

        # Measurement: every system on the same sets, the same sentence, one thread.
        if not systems:
            log("no shipped models under model/models/: only the peers' rows")
        systems += [peer_system(peer) for peer in peers]
        log(f"timing one sentence, the {len(systems)} systems in turns")
        with one_thread():
            latencies = interleaved_latency({s.name: s.tag for s in systems}, args.repeat, args.turn)
        rows = [measure(s, eval_sets, latencies[s.name][0]) for s in systems]

    columns = list(eval_sets)
    ours = "measured in this run, each model trained alone" if args.train_ours else "from the model cards"
    caption = (
        f"Peers trained on {len(train)} sentences ({'; '.join(notes)}). "
        f"Our training seconds are {ours}. "
        f"Latency: median of {args.repeat} calls, 1 thread, {len(SENTENCE)} tokens, "
        f"the systems timed in turns of {args.turn} calls. "
        f"Batched: per sentence, the hand-written set in one call, 1 thread."
    )
    print(caption)
    print()
    print(format_table(rows, columns))
    if args.markdown:
        print()
        print(format_table(rows, columns, markdown=True))
    log(f"benchmark took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
