"""What several commands share: the --model option, text from argv or stdin."""

from __future__ import annotations

import argparse
import io
import sys
from typing import TYPE_CHECKING

from model.config import DEFAULT_MODEL

if TYPE_CHECKING:  # the network (and torch) load only when a command runs
    from model.tagger import Tagger, Tagging


def add_model_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: left out, it keeps what was given before the command
    # ("slotbot --model gru chat") instead of resetting it.
    parser.add_argument(
        "--model",
        default=argparse.SUPPRESS,
        metavar="M",
        help=f"a shipped model name (see 'slotbot models') or a model directory (default: {DEFAULT_MODEL})",
    )


def load(name: str | None) -> Tagger:
    """The model ``name`` (a shipped name or a directory), the default when None."""
    from model import load_tagger

    return load_tagger(name or DEFAULT_MODEL)


def forgiving_stdin() -> None:
    """Read a byte on standard input that is not UTF-8 as U+FFFD, not as an error."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(errors="replace")


def read_text(text: str) -> str:
    """The TEXT argument, or standard input when it is ``-``. A byte that is
    not UTF-8 reads as U+FFFD in either, so what is printed or saved later is
    text any terminal or file takes."""
    from model.tokenizer import replace_stray_bytes

    if text == "-":
        forgiving_stdin()
        text = sys.stdin.read()
    return replace_stray_bytes(text)  # a command line's stray bytes arrive as lone surrogates


def note_on_size(tagging: Tagging, where: str = "") -> None:
    """Say what was done with empty or very long input (on stderr), after ``where`` ("line 3: ")."""
    from model.tagger import MAX_TOKENS

    if not tagging.tokens:
        print(f"note: {where}the text has no tokens, so there is nothing to tag", file=sys.stderr)
    elif tagging.windows > 1:
        print(
            f"note: {where}{len(tagging.text):,} characters, {len(tagging.tokens):,} tokens: tagged in "
            f"{tagging.windows} windows of up to {MAX_TOKENS} tokens (the memory restarts in each)",
            file=sys.stderr,
        )
