"""``slotbot chat``: the booking conversation, one line in, one reply out.

For terminals without a full screen, scripts and pipes::

    printf 'Taipei to Tokyo next Friday at 3pm\\nyes\\n' | slotbot chat --now 2026-11-22T10:30

Each line of standard input is one user turn (only its line ending is
removed); each reply is printed and flushed at once, so a script can talk to
it turn by turn. End of input ends the conversation.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from chatbot.commands.common import add_model_option, forgiving_stdin, load


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "chat",
        help="book a trip by typing, one line per turn",
        description="Talk to the booking bot: one turn per line of standard input, one reply per line out.",
    )
    add_model_option(p)
    add_db_option(p)
    p.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        default=argparse.SUPPRESS,
        help="pin the clock, e.g. 2026-11-22T10:30 (default: the real time)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object per turn: reply, state and slots")


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS, as for --model: "slotbot --db PATH bookings" keeps the PATH.
    parser.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="the bookings file (default: in your data folder)"
    )


def parse_now(text: str) -> datetime:
    """The ``--now`` value as naive local time (an offset, if given, is dropped).

    Raises:
        UserError: ``text`` is not an ISO 8601 date or date and time.
    """
    from chatbot.cli import UserError

    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        raise UserError(f"--now: {text!r} is not an ISO date and time, e.g. 2026-11-22T10:30") from None


def run(args: argparse.Namespace) -> int:
    from chatbot.dialogue import BookingStore, Dialogue

    pinned = parse_now(args.now) if args.now is not None else None
    dialogue = Dialogue(
        load(args.model),
        now=(lambda: pinned) if pinned is not None else datetime.now,
        store=BookingStore(args.db),
    )
    forgiving_stdin()  # a stray byte becomes U+FFFD, not a crash
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("you> ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            break
        turn = dialogue.turn(line.removesuffix("\n").removesuffix("\r"))
        print(json.dumps(turn.to_json(), ensure_ascii=False) if args.json else turn.reply, flush=True)
    return 0
