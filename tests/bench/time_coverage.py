"""How many labelled time spans the dialogue can book with.

From the project root::

    .venv/bin/python tests/bench/time_coverage.py [FILE.conll ...] [--show N]

For every gold time span of each file (by default the hand-written set, the
generated dev and test sets, and MultiWOZ dev when ``../shared`` is beside the
project) it asks the bot's time parser, as the dialogue does: the span as
typed, or with the word before it ("at [9]"). Each span is then

* ``resolved``: a day, a clock time or both (``parse_time``);
* ``stretch``: several days, "next week", "in December" (``names_period``),
  where the bot asks which day;
* ``not understood``: the bot says so and asks again.

The clock is pinned (Monday 23 Nov 2026, 10:00), so the table is the same on
every run. CoNLL files hold tokens, not the typed text, so words are joined
with spaces and "mid - morning" back into "mid-morning"; spaCy splits "Wed"
like "we'd", so a few spans read "we d" here that the app, which parses the
typed characters, reads as Wednesday.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from bench_tagger import ROOT

from chatbot.timeparse import names_period, parse_time
from model.conll import bio_to_spans, read_conll

NOW = datetime(2026, 11, 23, 10, 0)
MULTIWOZ = ROOT.parent / "shared" / "data" / "multiwoz-booking" / "dev.conll"
DEFAULT_FILES = [ROOT / "data" / f"{name}.conll" for name in ("handwritten", "dev", "test")] + [MULTIWOZ]


def typed(words: list[str]) -> str:
    """Words as the user most likely typed them: "mid-morning", "New Year's Day"."""
    text = re.sub(r"(?<=\w) - (?=\w)", "-", " ".join(words))
    return re.sub(r" (?='s\b)", "", text)


def classify(words: list[str], start: int, end: int) -> str:
    """``resolved``, ``stretch`` or ``not understood`` for the span words[start:end]."""
    span = typed(words[start:end])
    if parse_time(span, NOW) or (start and parse_time(typed(words[start - 1 : end]), NOW)):
        return "resolved"
    return "stretch" if names_period(span) else "not understood"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="CoNLL files (default: the project's held-out sets)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="list the N commonest not understood")
    args = parser.parse_args()
    files = args.files or [f for f in DEFAULT_FILES if f.is_file()]
    print(f"{'file':<22} {'spans':>6} {'resolved':>9} {'stretch':>8} {'not understood':>15}")
    for path in files:
        name = path.stem if path.parent == ROOT / "data" else f"{path.parent.name}/{path.stem}"
        kinds: Counter[str] = Counter()
        left: Counter[str] = Counter()
        for sentence in read_conll(path):
            words = list(sentence.words)
            for span in bio_to_spans(list(sentence.labels)):
                if span.type == "time":
                    kind = classify(words, span.start, span.end)
                    kinds[kind] += 1
                    if kind == "not understood":
                        left[typed(words[span.start : span.end])] += 1
        total = sum(kinds.values()) or 1
        share = {k: f"{100 * kinds[k] / total:.1f} %" for k in ("resolved", "stretch", "not understood")}
        print(f"{name:<22} {total:>6} {share['resolved']:>9} {share['stretch']:>8} {share['not understood']:>15}")
        for text, count in left.most_common(args.show):
            print(f"    {count:>3}  {text}")


if __name__ == "__main__":
    main()
