"""The ``slotbot`` command: the app with no arguments, tools as subcommands.

Every subcommand lives in ``chatbot/commands/<name>.py`` with an
``add_parser(subparsers)`` and a ``run(args) -> int``. Errors a user can cause
(a missing model, a malformed file, bad text) end as one line on stderr and
exit code 2; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMANDS = ("train", "eval", "tag", "inspect", "lesson", "models", "chat", "bookings")
EXIT_USAGE = 2


class UserError(Exception):
    """Something the user can fix; its message is printed as one line."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slotbot",
        description="A ticket-booking chatbot with a recurrent slot tagger you can look inside.",
        epilog="Run 'slotbot' alone to open the app; 'slotbot COMMAND --help' for each command.",
    )
    parser.add_argument("--model", default=None, help="model name or directory for the app (default: lstm)")
    parser.add_argument(
        "--db", default=None, metavar="PATH", help="the app's bookings file (default: in your data folder)"
    )
    parser.add_argument(
        "--now", default=None, metavar="ISO-DATETIME", help="pin the app's clock, e.g. 2026-11-22T10:30 (for demos)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"chatbot.commands.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``slotbot`` console script."""
    # One sentence at a time is tiny work: one torch thread is fastest, and a
    # second thread spinning on a busy machine made tagging stall for seconds.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _open_app(args)
        return importlib.import_module(f"chatbot.commands.{args.command}").run(args)
    except KeyboardInterrupt:
        print("slotbot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # one line, never a traceback
        if not _is_user_error(err):
            raise
        print(f"slotbot: error: {_one_line(err)}", file=sys.stderr)
        return EXIT_USAGE


def _open_app(args: argparse.Namespace) -> int:
    from chatbot.app import run  # textual loads only for the app

    return run(model=args.model, db=args.db, now=args.now)


def _is_user_error(err: Exception) -> bool:
    from model.checkpoint import ModelError
    from model.conll import ConllError

    return isinstance(err, UserError | ModelError | ConllError | OSError)


def _one_line(err: Exception) -> str:
    if isinstance(err, OSError) and err.strerror:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror}"
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


if __name__ == "__main__":
    sys.exit(main())
