"""``slotbot tag TEXT``: label every token and list the slots.

``slotbot tag -`` tags each line of standard input as a request of its own,
as it is read: a file of requests gives one answer per line (one JSON object
per line with ``--json``), and typed lines are answered as they are typed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from chatbot.commands.common import add_model_option, forgiving_stdin, load, note_on_size, read_text

if TYPE_CHECKING:
    from model.tagger import Tagger, Tagging


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "tag",
        help="tag a sentence with slots",
        description="Tag TEXT, or with '-' each line of standard input as a request of its own.",
    )
    p.add_argument("text", metavar="TEXT")
    add_model_option(p)
    p.add_argument("--json", action="store_true", help="print JSON: text, tokens, slots (a line of it per request)")


def run(args: argparse.Namespace) -> int:
    tagger = load(args.model)
    if args.text == "-":
        return _tag_lines(tagger, args.json)
    tagging = tagger.tag(read_text(args.text))
    note_on_size(tagging)
    print(_format(tagging, args.json))
    return 0


def _tag_lines(tagger: Tagger, as_json: bool) -> int:
    """Tag every line of standard input alone; an empty line gives an empty answer, so answers match lines."""
    from model.tokenizer import replace_stray_bytes

    forgiving_stdin()
    number = 0
    for number, line in enumerate(sys.stdin, 1):
        tagging = tagger.tag(replace_stray_bytes(line.rstrip("\r\n")))
        if tagging.windows > 1:
            note_on_size(tagging, f"line {number}: ")
        if number > 1 and not as_json:
            print()  # a blank line between answers
        print(_format(tagging, as_json), flush=True)
    if not number:
        print("note: standard input is empty, so there is nothing to tag", file=sys.stderr)
    return 0


def _format(tagging: Tagging, as_json: bool) -> str:
    return json.dumps(tagging.to_json(), ensure_ascii=False) if as_json else format_tagging(tagging)


def format_tagging(tagging: Tagging) -> str:
    """Tokens with labels and probabilities, then the slots, as plain text."""
    width = max((len(t.text) for t in tagging.tokens), default=0)
    lines = [f"{t.text:<{width}}  {t.label:<15} {t.prob:.2f}" for t in tagging.tokens]
    if tagging.slots:
        lines.append("")
        kind = max(len(s.type) for s in tagging.slots)
        lines += [f"{s.type:<{kind}}  {s.text}  ({s.prob:.2f})" for s in tagging.slots]
    else:
        lines.append("no slots")
    return "\n".join(lines)
