"""``slotbot tag TEXT``: label every token and list the slots."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from chatbot.commands.common import add_model_option, load, note_on_size, read_text

if TYPE_CHECKING:
    from model.tagger import Tagging


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tag", help="tag a sentence with slots", description="Tag TEXT ('-' reads standard input).")
    p.add_argument("text", metavar="TEXT")
    add_model_option(p)
    p.add_argument("--json", action="store_true", help="print JSON: text, tokens, slots")


def run(args: argparse.Namespace) -> int:
    tagging = load(args.model).tag(read_text(args.text))
    note_on_size(tagging)
    print(json.dumps(tagging.to_json(), ensure_ascii=False) if args.json else format_tagging(tagging))
    return 0


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
