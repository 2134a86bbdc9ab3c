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
import csv
import io
import json
import sys
from typing import TYPE_CHECKING

from chatbot.cli import UserError
from chatbot.commands.common import add_model_option, load, note_on_size, read_text

if TYPE_CHECKING:
    import numpy as np

    from model.tagger import CellTrace, Trace


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
    if args.format == "npz" and not args.out:
        raise UserError("--format npz writes binary data: give --out FILE")
    trace = load(args.model).trace(read_text(args.text))
    note_on_size(trace.tagging())
    if args.format == "npz":
        import numpy as np

        np.savez_compressed(args.out, **to_arrays(trace))
        return 0
    text = json.dumps(trace.to_json(), ensure_ascii=False) + "\n" if args.format == "json" else to_csv(trace)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


def to_csv(trace: Trace) -> str:
    """One row per number, easy to load with ``pandas.read_csv``."""
    out = io.StringIO()
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
    return out.getvalue()


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
