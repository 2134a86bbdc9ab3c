"""``slotbot inspect TEXT``: every token's encoding, states, gates and label
distribution, for notebooks.

- ``json``: the trace as nested objects (``Trace.to_json``).
- ``csv``: one tidy row per number: token, layer, direction, quantity, unit,
  value (``quantity`` is h, c, a gate name, ``prob`` with the label as unit,
  or, for a model with hindsight, ``hindsight`` with the slot type as unit).
- ``npz``: NumPy arrays ``tokens``, ``labels``, ``label_names``, ``probs``
  ``(tokens, labels)`` and ``layer{L}_{direction}_{quantity}`` ``(tokens, units)``;
  with hindsight also ``type_names`` and ``hindsight`` ``(tokens, types)``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from typing import TYPE_CHECKING, TextIO

from chatbot.cli import UserError
from chatbot.commands.common import add_model_option, load, note_on_size, read_text

if TYPE_CHECKING:
    import numpy as np

    from model.tagger import CellTrace, Trace

# A token's dump is some KB (6 as JSON, 25 as CSV for the shipped LSTM) and
# its trace more in memory: longer text is an error, not a machine brought
# to a halt.
MAX_DUMPED_TOKENS = 5_000


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "inspect",
        help="dump what the network stores per token",
        description="Dump the per-token trace of TEXT ('-' reads stdin): encoding, h, c, gates, probabilities.",
    )
    p.add_argument("text", metavar="TEXT")
    add_model_option(p)
    p.add_argument("--format", choices=("json", "csv", "npz"), default="json")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output (required for npz)")


def run(args: argparse.Namespace) -> int:
    from model.tokenizer import tokenize

    if args.format == "npz" and not args.out:
        raise UserError("--format npz writes binary data: give --out FILE")
    text = read_text(args.text)
    if (n := len(tokenize(text))) > MAX_DUMPED_TOKENS:
        raise UserError(
            f"the text has {n:,} tokens, and inspect dumps at most {MAX_DUMPED_TOKENS:,}: "
            "split the text, or label it with 'slotbot tag'"
        )
    trace = load(args.model).trace(text)
    note_on_size(trace.tagging())
    if args.format == "npz":
        import numpy as np

        np.savez_compressed(args.out, **to_arrays(trace))
        return 0
    with open(args.out, "w", encoding="utf-8", newline="") if args.out else contextlib.nullcontext(sys.stdout) as out:
        if args.format == "json":
            json.dump(trace.to_json(), out, ensure_ascii=False)
            out.write("\n")
        else:
            write_csv(trace, out)
    return 0


def write_csv(trace: Trace, out: TextIO) -> None:
    """One row per number, easy to load with ``pandas.read_csv``; written as it goes."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["token_index", "token", "label", "layer", "direction", "quantity", "unit", "value"])
    for i, t in enumerate(trace.tokens):
        head = [i, t.token.text, t.token.label]
        for label, p in zip(trace.labels, t.probs):
            writer.writerow([*head, "", "", "prob", label, f"{p:.6g}"])
        if t.hindsight is not None:
            for kind, p in zip(trace.config.span_types, t.hindsight):
                writer.writerow([*head, "", "", "hindsight", kind, f"{p:.6g}"])
        for s in t.states:
            quantities = {"h": s.h, **({"c": s.c} if s.c is not None else {}), **s.gates}
            for name, values in quantities.items():
                for unit, v in enumerate(values):
                    writer.writerow([*head, s.layer, s.direction, name, unit, f"{v:.6g}"])


def to_arrays(trace: Trace) -> dict[str, np.ndarray]:
    """Named arrays, one per layer, direction and quantity, tokens down the rows."""
    import numpy as np

    arrays: dict[str, np.ndarray] = {
        "tokens": np.array([t.token.text for t in trace.tokens], dtype=str),
        "labels": np.array([t.token.label for t in trace.tokens], dtype=str),
        "label_names": np.array(trace.labels, dtype=str),
        "probs": np.stack([t.probs for t in trace.tokens]) if trace.tokens else np.zeros((0, len(trace.labels))),
    }
    if trace.config.hindsight:
        types = trace.config.span_types
        arrays["type_names"] = np.array(types, dtype=str)
        rows = [t.hindsight for t in trace.tokens if t.hindsight is not None]
        arrays["hindsight"] = np.stack(rows) if rows else np.zeros((0, len(types)))
    if trace.tokens:
        for k, s in enumerate(trace.tokens[0].states):
            quantities = ["h", *(["c"] if s.c is not None else []), *s.gates]
            for name in quantities:
                rows = [_quantity(t.states[k], name) for t in trace.tokens]
                arrays[f"layer{s.layer}_{s.direction}_{name}"] = np.stack(rows)
    return arrays


def _quantity(state: CellTrace, name: str) -> np.ndarray:
    if name == "h":
        return state.h
    if name == "c":
        return state.c
    return state.gates[name]
