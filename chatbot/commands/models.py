"""``slotbot models``: the shipped models, with their size and scores."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list the shipped models", description="List the models that ship with slotbot.")
    p.add_argument("--json", action="store_true", help="print one JSON object per model")


def run(args: argparse.Namespace) -> int:
    from model import DEFAULT_MODEL, load_tagger, shipped_models

    rows: list[dict[str, Any]] = []
    for name in shipped_models():
        tagger = load_tagger(name)
        card = tagger.card
        rows.append(
            {
                "name": name,
                "default": name == DEFAULT_MODEL,
                "description": tagger.config.describe(),
                "parameters": tagger.parameter_count,
                "f1_test": card.get("f1_test"),
                "f1_handwritten": card.get("f1_handwritten"),
                "train_seconds": card.get("train_seconds"),
            }
        )
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    if not rows:
        print("no shipped models are installed")
        return 0
    width = max(len(row["description"]) for row in rows)
    print(f"{'name':<8} {'model':<{width}} {'params':>9} {'F1 test':>8} {'F1 hand':>8} {'train':>7}")
    for row in rows:
        name = row["name"] + (" *" if row["default"] else "")
        print(
            f"{name:<8} {row['description']:<{width}} {row['parameters']:>9,} {_pct(row['f1_test']):>8} "
            f"{_pct(row['f1_handwritten']):>8} {_secs(row['train_seconds']):>7}"
        )
    print("* the default model")
    return 0


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}"


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}s"
