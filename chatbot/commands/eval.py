"""``slotbot eval``: span precision, recall and F1 of a model on a CoNLL file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from chatbot.commands.common import add_model_option, load
from model.conventions import CONVENTIONS

if TYPE_CHECKING:
    from model.evaluate import TypeScore


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="score a model on a labelled file",
        description="Tag the file's own tokens (never re-tokenized) and score the spans as conlleval does.",
    )
    p.add_argument("--data", required=True, metavar="FILE", help="CoNLL file with gold labels in the last column")
    add_model_option(p)
    p.add_argument("--json", action="store_true", help="print precision, recall, f1, per_type, sentences, tokens")
    p.add_argument("--predictions", metavar="OUT", help="write the file back as token, gold, predicted")
    p.add_argument(
        "--convention",
        choices=sorted(CONVENTIONS),
        default="slotbot",
        help="draw the predicted spans as the gold file's corpus does before scoring (default: slotbot, as predicted)",
    )


def run(args: argparse.Namespace) -> int:
    from model.conll import read_conll, write_predictions
    from model.evaluate import evaluate

    sentences = read_conll(args.data)
    tagger = load(args.model)
    redraw = CONVENTIONS[args.convention]
    predicted = tagger.predict([list(s.words) for s in sentences])
    predicted = [redraw(s.words, labels) for s, labels in zip(sentences, predicted)]
    report = evaluate([list(s.labels) for s in sentences], predicted)
    _note_unknown_types(report.per_type, tagger.labels)
    if args.predictions:
        write_predictions(args.predictions, sentences, predicted)
    if args.json:
        print(json.dumps(report.to_json_dict()))
    else:
        convention = "" if args.convention == "slotbot" else f", spans drawn as {args.convention} does"
        print(f"{tagger.name} on {args.data}{convention}")
        print(report.format_table())
    return 0


def _note_unknown_types(per_type: Mapping[str, TypeScore], labels: Sequence[str]) -> None:
    """Say on stderr which of the file's span types the model never predicts:
    their zeros are the label sets differing, not the model reading badly."""
    known = {label.split("-", 1)[-1] for label in labels if label != "O"}
    unknown = [kind for kind, score in per_type.items() if score.support and kind not in known]
    if unknown:
        print(
            f"note: the model never predicts {', '.join(unknown)}; its types are {', '.join(sorted(known))}",
            file=sys.stderr,
        )
