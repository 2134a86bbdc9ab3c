"""``slotbot lesson EXAMPLE``: the lecture's worked examples, computed by the tagger's own cells.

- ``elman [--order 3,1,2]``: LECTURE §4, an Elman RNN with every weight 1.
- ``matrix``: LECTURE §5, the same RNN as matrices, and its parameter count.
- ``lstm [--long]``: LECTURE §8, a hand-set LSTM cell, to six decimals.
- ``params [--input N] [--hidden N]``: LECTURE §5/§7/§9, parameters per cell.

Each prints a table with the lecture's point as its caption, or with
``--json`` one JSON object (the example's ``to_json()``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from chatbot.cli import UserError

if TYPE_CHECKING:  # the lessons run real cells: torch loads only when one runs
    from model.lesson import Example


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lesson",
        help="the lecture's worked examples, computed by the real cells",
        description="Show a worked example from the lecture, computed step by step by the cells the tagger uses.",
    )
    examples = p.add_subparsers(dest="example", metavar="EXAMPLE", required=True)
    elman = examples.add_parser(
        "elman",
        help="§4: an Elman RNN, every weight 1",
        description="LECTURE §4: 2 inputs, 2 hidden, 2 outputs, every weight 1, no bias, linear; "
        "inputs [1,1], [1,1], [2,2].",
    )
    elman.add_argument(
        "--order", metavar="STEPS", help="feed the three inputs in this order, e.g. 3,1,2 (default: 1,2,3)"
    )
    matrix = examples.add_parser(
        "matrix",
        help="§5: the RNN as matrices, and its parameter count",
        description="LECTURE §5: h_t = relu(W . concat(x_t, h_{t-1})) over three steps, and what it costs in weights.",
    )
    lstm = examples.add_parser(
        "lstm",
        help="§8: a hand-set LSTM cell that writes, keeps, reads and erases",
        description="LECTURE §8: one LSTM cell, g and h linear: "
        "z = x1, z_i = 100*x2 - 10, z_f = 100*x2 + 10, z_o = 100*x3 - 10.",
    )
    lstm.add_argument("--long", action="store_true", help="the lecture's longer nine-step sequence")
    params = examples.add_parser(
        "params",
        help="§5/§7/§9: parameters of one layer of each cell",
        description="LECTURE §5/§7/§9: one layer's parameters per cell, counted on our cells and on torch.nn's.",
    )
    params.add_argument("--input", type=int, default=6, metavar="N", help="input width I (default: 6, as in §5)")
    params.add_argument("--hidden", type=int, default=3, metavar="N", help="hidden units H (default: 3, as in §5)")
    for example in (elman, matrix, lstm, params):
        example.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def run(args: argparse.Namespace) -> int:
    example = compute(args)
    if args.json:
        sys.stdout.write(json.dumps(example.to_json()) + "\n")
        return 0
    console = Console()
    for table in tables(example):
        console.print(table)
    return 0


def compute(args: argparse.Namespace) -> Example:
    """The example the arguments ask for; bad values become a :class:`UserError`."""
    from model import lesson

    try:
        if args.example == "elman":
            return lesson.elman(parse_order(args.order))
        if args.example == "matrix":
            return lesson.matrix()
        if args.example == "lstm":
            return lesson.lstm("long" if args.long else "short")
        return lesson.params(args.input, args.hidden)
    except ValueError as err:
        raise UserError(str(err)) from None


def parse_order(text: str | None) -> list[int] | None:
    """``"3,1,2"`` as ``[3, 1, 2]``; whether it is a permutation is the lesson's to say.

    >>> parse_order("3, 1,2")
    [3, 1, 2]
    """
    if text is None:
        return None
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise UserError(f"--order takes step numbers separated by commas, e.g. 3,1,2 (got {text!r})") from None


def tables(example: Example) -> list[Table]:
    """The example as Rich tables: §5 also shows its matrix W, split into W_xh and W_hh."""
    from model.lesson import MatrixExample

    out = []
    if isinstance(example, MatrixExample):
        weights = Table(title=Text("W = [W_xh | W_hh]"), show_edge=False)
        for name in example.weight_columns:
            weights.add_column(Text(name), justify="right")
        for row in example.weight_rows():
            weights.add_row(*(Text(cell) for cell in row))
        out.append(weights)
    # Text, not str: "[1,1]" and friends must never be read as Rich markup.
    table = Table(
        title=Text(example.title), caption=Text(example.caption), min_width=len(example.title), show_edge=False
    )
    for name in example.columns:
        table.add_column(Text(name), justify="right")
    for row in example.rows():
        table.add_row(*(Text(cell) for cell in row))
    out.append(table)
    return out
