"""``slotbot train``: train a tagger on CoNLL files and save it."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from chatbot.cli import UserError

CELL_CHOICES = ("lstm", "gru", "elman", "jordan", "ff")


def add_parser(sub: argparse._SubParsersAction) -> None:
    from model.config import TaggerConfig, TrainConfig

    c, r = TaggerConfig(), TrainConfig()
    p = sub.add_parser(
        "train",
        help="train a tagger",
        description="Train a slot tagger on CoNLL files (token ... label per line) and save it to a directory.",
    )
    p.add_argument("--data", required=True, metavar="TRAIN", help="training CoNLL file")
    p.add_argument("--dev", required=True, metavar="DEV", help="dev CoNLL file, for early stopping")
    p.add_argument("--out", required=True, metavar="DIR", help="directory to save the model in")
    p.add_argument("--cell", choices=CELL_CHOICES, default=c.cell, help=f"the memory (default: {c.cell})")
    p.add_argument("--bidirectional", action="store_true", help="also read right to left")
    p.add_argument("--peephole", action="store_true", help="LSTM gates also read the cell state")
    p.add_argument(
        "--feedback",
        choices=("log", "prob"),
        default=c.feedback,
        help="Jordan only: store the output as log-probabilities or probabilities (default: log)",
    )
    p.add_argument(
        "--lookahead",
        type=int,
        nargs="?",
        const=1,
        default=c.lookahead,
        metavar="N",
        help="each step also reads the next N words (N = 1 if not given; default: 0)",
    )
    p.add_argument(
        "--hindsight",
        action="store_true",
        help="also learn, at every word, the type of the last slot read; spans are typed by it (not with --cell ff)",
    )
    p.add_argument(
        "--typing-weight",
        type=float,
        default=r.typing_weight,
        metavar="W",
        help="with --hindsight: weight of a loss on each slot's type as the reader reads it (default: 0, none)",
    )
    p.add_argument("--layers", type=int, default=c.layers, metavar="N", help=f"stacked layers (default: {c.layers})")
    p.add_argument(
        "--hidden", type=int, default=c.hidden, metavar="N", help=f"units per direction (default: {c.hidden})"
    )
    p.add_argument("--features", default=",".join(c.features), help="word encodings: any of word,trigram,shape,place")
    p.add_argument(
        "--place-spans",
        action="store_true",
        help="a fourth place value for every word of a longer listed name the sentence holds whole",
    )
    p.add_argument("--dropout", type=float, default=c.dropout, help=f"(default: {c.dropout})")
    p.add_argument("--epochs", type=int, default=r.epochs, metavar="N", help=f"at most (default: {r.epochs})")
    p.add_argument(
        "--patience", type=int, default=r.patience, metavar="N", help="stop after N epochs without a better dev F1"
    )
    p.add_argument("--batch-size", type=int, default=r.batch_size, metavar="N")
    p.add_argument("--word-dropout", type=float, default=r.word_dropout, help="hide any word as 'other' this often")
    p.add_argument(
        "--place-dropout", type=float, default=r.place_dropout, help="hide any word's place value this often"
    )
    p.add_argument("--lr", type=float, default=r.lr, help=f"Adam learning rate (default: {r.lr})")
    p.add_argument("--seed", type=int, default=r.seed, metavar="N", help="same seed, same model")


def run(args: argparse.Namespace) -> int:
    from model.checkpoint import save_tagger
    from model.config import FEATURES, TaggerConfig, TrainConfig
    from model.conll import read_conll
    from model.train import EpochLog, train

    try:
        config = TaggerConfig(
            cell=args.cell,
            bidirectional=args.bidirectional,
            layers=args.layers,
            hidden=args.hidden,
            peephole=args.peephole,
            feedback=args.feedback,
            lookahead=args.lookahead,
            hindsight=args.hindsight,
            features=tuple(f.strip() for f in args.features.split(",") if f.strip()),
            place_spans=args.place_spans,
            dropout=args.dropout,
        )
        recipe = TrainConfig(
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            patience=args.patience,
            seed=args.seed,
            word_dropout=args.word_dropout,
            place_dropout=args.place_dropout,
            typing_weight=args.typing_weight,
        )
        if min(recipe.epochs, recipe.batch_size, recipe.patience) < 1 or recipe.lr <= 0:
            raise ValueError("--epochs, --batch-size and --patience must be at least 1, --lr above 0")
        if not 0 <= recipe.word_dropout < 1 or not 0 <= recipe.place_dropout < 1:
            raise ValueError("--word-dropout and --place-dropout must be in [0, 1)")
        if recipe.typing_weight < 0 or (recipe.typing_weight and not config.hindsight):
            raise ValueError("--typing-weight takes a weight of 0 or more, and needs --hindsight")
        if not config.features or set(config.features) - set(FEATURES):
            raise ValueError(f"--features takes a comma list of {','.join(FEATURES)}")
    except ValueError as err:
        raise UserError(str(err)) from None

    train_data, dev_data = read_conll(args.data), read_conll(args.dev)
    _check_writable(Path(args.out))  # before the training, not after it
    print(f"training {config.describe()} on {len(train_data):,} sentences, dev {len(dev_data):,}", file=sys.stderr)

    def report(log: EpochLog, best: bool) -> None:
        mark = "  best" if best else ""
        print(
            f"epoch {log.epoch:>3}  loss {log.loss:.4f}  dev F1 {100 * log.dev_f1:6.2f}  {log.seconds:5.1f}s{mark}",
            file=sys.stderr,
        )

    started = time.perf_counter()
    result = train(train_data, dev_data, config, recipe, on_epoch=report, progress=True)
    card = {
        **result.tagger.card,
        "description": result.tagger.config.describe(),
        "parameters": result.tagger.parameter_count,
        "train_file": str(args.data),
        "train_sentences": len(train_data),
        "seed": args.seed,
        **({"typing_weight": recipe.typing_weight} if recipe.typing_weight else {}),
    }
    out = save_tagger(result.tagger, args.out, card=card)
    print(
        f"saved {out} ({result.tagger.parameter_count:,} parameters): best epoch {result.best_epoch}, "
        f"dev F1 {100 * result.best_dev_f1:.2f}, {time.perf_counter() - started:.0f}s",
        file=sys.stderr,
    )
    return 0


def _check_writable(directory: Path) -> None:
    """Create ``directory`` and write a file in it, so that a place the model
    cannot be saved in is an error before the training, not after it."""
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=directory):
        pass
