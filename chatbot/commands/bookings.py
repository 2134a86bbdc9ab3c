"""``slotbot bookings``: the bookings made with ``slotbot chat`` or the app."""

from __future__ import annotations

import argparse
import json

from chatbot.commands.chat import add_db_option


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bookings", help="list the saved bookings", description="List the saved bookings, oldest first.")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="print one JSON object per booking")


def run(args: argparse.Namespace) -> int:
    from chatbot.cli import UserError
    from chatbot.dialogue import BookingError, BookingStore

    store = BookingStore(args.db)
    try:
        bookings = store.all()
    except BookingError as err:
        raise UserError(str(err)) from None
    if args.json:
        for booking in bookings:
            print(json.dumps(booking.to_json(), ensure_ascii=False))
        return 0
    if not bookings:
        print(f"no bookings yet ({store.path})")
        return 0
    for b in bookings:
        print(f"{b.ref}  {b.created_at.replace('T', ' ')}  {b.departure} -> {b.destination}  {b.time_display}")
    return 0
