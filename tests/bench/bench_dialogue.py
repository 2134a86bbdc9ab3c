"""What the bot holds after one turn, against the labels: the whole product, tagger and dialogue.

From the project root::

    .venv/bin/python tests/bench/bench_dialogue.py [--model lstm] [--data FILE.conll] [--show]

Each utterance of the hand-written set (by default) opens a fresh
conversation. After its one turn, the departure and the destination the bot
holds, or is checking back ("Is Taipei where you leave from?"), are compared
with the labelled ones, ignoring case and punctuation. Each end of the trip
of each utterance is one of

* ``right``: the labelled place, or none where none is labelled;
* ``wrong``: another place, or a place where none is labelled;
* ``missed``: none, where one is labelled.

An utterance that labels two places for one end ("not to Kyoto, to Osaka" is
labelled once; "Oslo or Bergen" would be twice) counts as right with either.
The clock is pinned as in ``time_coverage.py``. Times are left out: the
generated and hand-written sets label every time said, and the bot keeps one.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bench_tagger import ROOT
from time_coverage import NOW, typed

from chatbot.dialogue import Dialogue
from chatbot.dialogue.places import same_place
from model import load_tagger, shipped_models
from model.conll import Sentence, bio_to_spans, read_conll
from model.tagger import Tagger

ENDS = ("departure", "destination")


def outcomes(tagger: Tagger, sentence: Sentence) -> dict[str, str]:
    """``right``, ``wrong`` or ``missed`` for each end of the trip after one turn."""
    gold: dict[str, list[str]] = {end: [] for end in ENDS}
    for span in bio_to_spans(list(sentence.labels)):
        if span.type in gold:
            gold[span.type].append(typed(list(sentence.words[span.start : span.end])))
    dialogue = Dialogue(tagger, now=lambda: NOW)
    dialogue.turn(typed(list(sentence.words)))
    state = dialogue.state
    checking = {c.slot: c.fill.text for c in state.pending}
    out = {}
    for end in ENDS:
        held = state.get(end)
        said = held.text if held is not None else checking.get(end)
        if said is None:
            out[end] = "missed" if gold[end] else "right"
        else:
            out[end] = "right" if any(same_place(said, g) for g in gold[end]) else "wrong"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", help="model(s) to run (default: every shipped model)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "handwritten.conll")
    parser.add_argument("--show", action="store_true", help="list the utterances with an end not right")
    args = parser.parse_args()
    sentences = read_conll(args.data)
    print(f"{args.data.name}: {len(sentences)} utterances, {len(ENDS) * len(sentences)} ends of a trip")
    print(f"{'model':<10} {'right %':>8} {'wrong':>6} {'missed':>7}")
    shown: list[str] = []
    for name in args.model or shipped_models():
        tagger = load_tagger(name)
        counts: Counter[str] = Counter()
        for sentence in sentences:
            result = outcomes(tagger, sentence)
            counts.update(result.values())
            if args.show and any(v != "right" for v in result.values()):
                shown.append(f"{name}: {typed(list(sentence.words))}  {result}")
        total = sum(counts.values())
        print(f"{name:<10} {100 * counts['right'] / total:>8.1f} {counts['wrong']:>6} {counts['missed']:>7}")
    print("\n".join(shown))


if __name__ == "__main__":
    main()
