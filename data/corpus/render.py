"""From slot spans to labelled tokens.

An utterance is built as a list of segments, each a piece of text that is
either outside every slot or is one whole slot value. ``assemble`` joins
them into the final text (tidying spaces, casing and punctuation) and keeps
the character span of every slot; ``label_tokens`` runs the project's spaCy
tokenizer over that text and gives each token its BIO label from the span it
lies in. A token that only partly overlaps a span is an error in a template
or a time form, never silently labelled, so the generator fails loudly:

>>> text, spans = assemble([("leave ", None), ("Taipei", "departure"),
...                         (" on ", None), ("November 2nd", "time")])
>>> [f"{t}/{l}" for t, l in label_tokens(text, spans)]
['leave/O', 'Taipei/B-departure', 'on/O', 'November/B-time', '2nd/I-time']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.tokenizer import tokenize

SENTENCE_PUNCT = ",.?!;:"
# Only these may join two time expressions without making them one (rule T3
# says they must then be one span), so a template that puts two time slots
# side by side is caught here.
_TIME_JOINERS = re.compile(r"^[\s,]*((at|on|in|in the)\s+)?$", re.IGNORECASE)
# ... except that a limiting modifier after a day starts a span of its own ("[Monday] [after 13:00]").
_LIMITING = re.compile(r"(after|before|by|until|around|about|between|no later than)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A slot value in the text: ``text[start:end]`` has type ``slot``."""

    start: int
    end: int
    slot: str


@dataclass(frozen=True, slots=True)
class Utterance:
    """One generated request, ready to write out.

    Attributes:
        uid: ``train-000123``-style id.
        pattern: The template id it came from (``P017``).
        text: The text as a user would type it.
        spans: The slot spans in ``text``.
        tokens: spaCy's tokens of ``text``.
        labels: One BIO label per token.
        time_forms: Ids of the time forms used (``T05``), for the stats.
        fillers: Ids of the filler clauses around the request (``F012``).
    """

    uid: str
    pattern: str
    text: str
    spans: tuple[Span, ...]
    tokens: tuple[str, ...]
    labels: tuple[str, ...]
    time_forms: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()


def assemble(
    segments: list[tuple[str, str | None]],
    *,
    lower: bool = False,
    strip_punct: bool = False,
    strip_apostrophes: bool = False,
    capitalize: bool = False,
) -> tuple[str, list[Span]]:
    """Join segments into one text and find each slot's character span.

    Runs of spaces collapse to one, a space before sentence punctuation goes,
    and a second full stop after one ending a span ("5 p.m.") is dropped.

    Args:
        segments: ``(text, slot)`` pairs; ``slot`` is None outside slots.
        lower: Lower-case everything (slot values too).
        strip_punct: Drop sentence punctuation outside slots.
        strip_apostrophes: Drop apostrophes outside slots ("im", "dont").
        capitalize: Upper-case the first letter unless it starts a place.

    Returns:
        The text and the spans in order.
    """
    chars: list[str] = []
    owner: list[int] = []  # index of the slot segment a char belongs to, -1 outside
    slots: list[str] = []
    for text, slot in segments:
        if lower:
            text = text.lower()
        if slot is None:
            if strip_punct:
                text = "".join(" " if ch in SENTENCE_PUNCT else ch for ch in text)
            if strip_apostrophes:
                text = text.replace("'", "")
            k = -1
        else:
            k = len(slots)
            slots.append(slot)
        for ch in text:
            if ch.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    owner.append(k)
                continue
            if k == -1 and ch in SENTENCE_PUNCT and chars:
                if chars[-1] == " ":
                    chars.pop()
                    owner.pop()
                if ch == "." and chars and chars[-1] == ".":
                    continue
            chars.append(ch)
            owner.append(k)
    while chars and chars[-1] == " ":
        chars.pop()
        owner.pop()
    if capitalize and chars and (owner[0] == -1 or slots[owner[0]] == "time"):
        chars[0] = chars[0].upper()
    spans = []
    for k, slot in enumerate(slots):
        where = [i for i, o in enumerate(owner) if o == k and chars[i] != " "]
        if not where:
            raise ValueError(f"slot {slot} has no text")
        spans.append(Span(where[0], where[-1] + 1, slot))
    text = _drop_swallowed_stops("".join(chars), spans)
    _check_time_spans_apart(text, spans)
    return text, spans


def _drop_swallowed_stops(text: str, spans: list[Span]) -> str:
    # spaCy keeps the full stop of an abbreviation ("Aug.", "St.") in the
    # token, so a sentence-final stop right after a slot would pull the token
    # across the span's end; people often leave it out there anyway.
    for tok in tokenize(text):
        for k, s in enumerate(spans):
            if tok.start < s.end < tok.end and tok.end == s.end + 1 and text[s.end] == ".":
                text = text[: s.end] + text[s.end + 1 :]
                for j in range(k + 1, len(spans)):
                    spans[j] = Span(spans[j].start - 1, spans[j].end - 1, spans[j].slot)
                return _drop_swallowed_stops(text.rstrip(), spans)
    return text


def _check_time_spans_apart(text: str, spans: list[Span]) -> None:
    times = [s for s in spans if s.slot == "time"]
    for a, b in zip(times, times[1:]):
        if _TIME_JOINERS.match(text[a.end : b.start]) and not _LIMITING.match(text[b.start : b.end]):
            raise ValueError(f"two time spans touch (rule T3): {text!r}")


def label_tokens(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """Tokenize ``text`` and give every token its BIO label.

    Args:
        text: The utterance.
        spans: Its slot spans (non-overlapping).

    Returns:
        ``(token, label)`` pairs in order.

    Raises:
        ValueError: if a token straddles a span boundary or a span gets no
            token; the templates must make that impossible.
    """
    out: list[tuple[str, str]] = []
    used = [0] * len(spans)
    for tok in tokenize(text):
        label = "O"
        for k, s in enumerate(spans):
            if tok.start >= s.start and tok.end <= s.end:
                label = ("B-" if used[k] == 0 else "I-") + s.slot
                used[k] += 1
                break
            if tok.start < s.end and s.start < tok.end:
                raise ValueError(f"token {tok.text!r} crosses span {text[s.start : s.end]!r} in {text!r}")
        out.append((tok.text, label))
    if not all(used):
        raise ValueError(f"a span got no token in {text!r}")
    return out


def to_conll(utt: Utterance) -> str:
    """The CoNLL block of one utterance: comment lines, token lines, blank line.

    The comments are ``# id:``, ``# pattern:``, ``# fillers:`` (only when the
    request has filler clauses around it) and ``# text:``.
    """
    lines = [f"# id: {utt.uid}", f"# pattern: {utt.pattern}"]
    if utt.fillers:
        lines.append(f"# fillers: {' '.join(utt.fillers)}")
    lines.append(f"# text: {utt.text}")
    lines += [f"{token}\t{label}" for token, label in zip(utt.tokens, utt.labels)]
    return "\n".join(lines) + "\n\n"


def brackets(tokens: tuple[str, ...] | list[str], labels: tuple[str, ...] | list[str]) -> str:
    """One line with every labelled token as ``[token/label]``, for reading by eye."""
    return " ".join(token if label == "O" else f"[{token}/{label}]" for token, label in zip(tokens, labels))
