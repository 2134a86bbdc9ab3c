"""Turn bracket-annotated utterances into CoNLL for the slot tagger.

One utterance per line, each slot written where it occurs::

    leave [Taipei](departure) on [November 2nd](time) for [Tokyo](destination)

The markup is stripped to give the text the user would type, the character
span of every ``[...](type)`` is kept, the text is split by the project's
tokenizer (spaCy blank English), and every token is labelled ``B-type`` /
``I-type`` inside a span and ``O`` elsewhere.

Input rules:

* A blank line is ignored.
* A line starting with ``#`` is a comment. A comment ``# pair: 17`` is
  metadata: it is copied, as a CoNLL comment, onto every utterance of the
  block of utterance lines directly after it (a block ends at a blank line or
  another comment). Any other comment is dropped.
* Square brackets only ever mark a span; a literal ``[`` or ``]`` in the text
  is an error, as is a type other than the three slots, and a span boundary
  that falls inside a token (``[nyc](departure)->[bos](destination)``: spaCy
  keeps ``nyc->bos`` as one token) or between two letters or digits of a word
  (``[5](time)pm``: spaCy does split ``5pm``, but the time is ``5pm``).

Output, per utterance: ``# id: <prefix>-0001`` and the metadata comments, then
one ``token<TAB>label`` line per token, then a blank line.

Run from the project root::

    .venv/bin/python data/brackets.py data/handwritten.txt data/handwritten.conll

Errors are one line, ``file:line: message``, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make `model` importable from the project root.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.tokenizer import tokenize  # noqa: E402

SLOT_TYPES: tuple[str, ...] = ("departure", "destination", "time")
"""The three slots, in the order the lecture names them."""

PASSED_THROUGH_KEYS: frozenset[str] = frozenset({"pair"})
"""Comment keys (``# key: value``) that are copied into the CoNLL output."""


class BracketError(ValueError):
    """A line that can not be turned into labelled tokens.

    ``str(error)`` is a single line; :func:`convert_lines` prefixes it with
    ``file:line:``.
    """


@dataclass(frozen=True, slots=True)
class Span:
    """A slot value in the stripped text.

    Attributes:
        start: Offset of its first character.
        end: Offset one past its last character.
        label: One of :data:`SLOT_TYPES`.
    """

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Utterance:
    """One converted line.

    Attributes:
        comments: CoNLL comment lines without the ``# `` (``id: ...`` first).
        tokens: ``(token, label)`` pairs in order.
    """

    comments: tuple[str, ...]
    tokens: tuple[tuple[str, str], ...]


def parse_bracketed(line: str) -> tuple[str, list[Span]]:
    """Strip the ``[text](type)`` markup from one line.

    >>> parse_bracketed("leave [Taipei](departure) on [November 2nd](time)")
    ('leave Taipei on November 2nd', [Span(start=6, end=12, label='departure'), Span(start=16, end=28, label='time')])

    Args:
        line: One annotated utterance (no trailing newline).

    Returns:
        The plain text and the spans in it, left to right.

    Raises:
        BracketError: Unbalanced or nested brackets, a ``]`` not followed by
            ``(type)``, an empty span, a span with space at either end, or an
            unknown type.
    """
    text: list[str] = []
    spans: list[Span] = []
    length = 0  # len("".join(text)), kept as we go
    i = 0
    while i < len(line):
        char = line[i]
        if char == "]":
            raise BracketError(f"']' at column {i + 1} closes no '['")
        if char != "[":
            text.append(char)
            length += 1
            i += 1
            continue
        close = line.find("]", i + 1)
        if close == -1:
            raise BracketError(f"'[' at column {i + 1} is never closed")
        inner = line[i + 1 : close]
        if "[" in inner:
            raise BracketError(f"'[' at column {i + 1} contains another '['")
        if not inner.strip():
            raise BracketError(f"empty span at column {i + 1}")
        if inner != inner.strip():
            raise BracketError(f"span {inner!r} at column {i + 1} starts or ends with a space")
        if not line.startswith("(", close + 1):
            raise BracketError(f"span {inner!r} at column {i + 1} is not followed by '(type)'")
        label_end = line.find(")", close + 2)
        if label_end == -1:
            raise BracketError(f"'(' at column {close + 2} is never closed")
        label = line[close + 2 : label_end]
        if label not in SLOT_TYPES:
            raise BracketError(
                f"unknown slot type {label!r} for span {inner!r} (expected one of: {', '.join(SLOT_TYPES)})"
            )
        spans.append(Span(length, length + len(inner), label))
        text.append(inner)
        length += len(inner)
        i = label_end + 1
    return "".join(text), spans


def label_tokens(text: str, spans: list[Span]) -> list[tuple[str, str]]:
    """Tokenize ``text`` and give every token its BIO label.

    Args:
        text: Plain text, as returned by :func:`parse_bracketed`.
        spans: Non-overlapping spans in ``text``.

    Returns:
        ``(token, label)`` pairs; labels are ``B-type``, ``I-type`` or ``O``.

    Raises:
        BracketError: A span boundary falls inside a token, or between two
            letters or digits of one word (``[5](time)pm``).
    """
    tokens = tokenize(text)
    starts = {token.start for token in tokens}
    ends = {token.end for token in tokens}
    labels = ["O"] * len(tokens)
    for span in spans:
        surface = text[span.start : span.end]
        if _splits_word(text, span.start) or _splits_word(text, span.end):
            word = _word_around(text, span)
            raise BracketError(f"span {surface!r} ({span.label}) cuts the word {word!r} in two")
        if span.start not in starts or span.end not in ends:
            inside = [t.text for t in tokens if t.start < span.end and span.start < t.end]
            raise BracketError(
                f"span {surface!r} ({span.label}) does not start and end on a token boundary; "
                f"the tokenizer reads {' '.join(repr(t) for t in inside)}"
            )
        first = True
        for index, token in enumerate(tokens):
            if span.start <= token.start and token.end <= span.end:
                labels[index] = f"{'B' if first else 'I'}-{span.label}"
                first = False
    return [(token.text, label) for token, label in zip(tokens, labels, strict=True)]


def _splits_word(text: str, offset: int) -> bool:
    # spaCy splits "5pm" into "5" + "pm", so "[5](time)pm" is token-aligned;
    # it is still a mistake: a span never ends between two letters or digits.
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def _word_around(text: str, span: Span) -> str:
    start, end = span.start, span.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def convert_lines(lines: Iterable[str], source: str, prefix: str) -> list[Utterance]:
    """Convert the lines of a bracket file.

    Args:
        lines: The file's lines (trailing newlines are fine).
        source: File name used in error messages.
        prefix: Start of every utterance id (``handwritten`` -> ``handwritten-0001``).

    Returns:
        One :class:`Utterance` per annotated line, in file order.

    Raises:
        BracketError: For the first bad line, as ``source:line: message``.
    """
    utterances: list[Utterance] = []
    metadata: list[str] = []
    in_block = False  # the previous line was an utterance
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            metadata, in_block = [], False
            continue
        if line.startswith("#"):
            if in_block:
                metadata, in_block = [], False
            key, colon, _ = line[1:].strip().partition(":")
            if colon and key.strip() in PASSED_THROUGH_KEYS:
                metadata.append(line[1:].strip())
            continue
        in_block = True
        try:
            text, spans = parse_bracketed(line)
            tokens = label_tokens(text, spans)
        except BracketError as error:
            raise BracketError(f"{source}:{number}: {error}") from None
        ident = f"id: {prefix}-{len(utterances) + 1:04d}"
        utterances.append(Utterance((ident, *metadata), tuple(tokens)))
    return utterances


def to_conll(utterances: Iterable[Utterance]) -> str:
    """Render utterances as CoNLL text (comments, ``token<TAB>label``, blank line)."""
    blocks = []
    for utterance in utterances:
        lines = [f"# {comment}" for comment in utterance.comments]
        lines += [f"{token}\t{label}" for token, label in utterance.tokens]
        blocks.append("\n".join(lines) + "\n\n")
    return "".join(blocks)


def convert_file(source: Path, target: Path, prefix: str | None = None) -> int:
    """Convert ``source`` (bracket notation) into ``target`` (CoNLL).

    The target is written only if every line converts.

    Args:
        source: The bracket file.
        target: The CoNLL file to write.
        prefix: Id prefix; defaults to the source file's stem.

    Returns:
        The number of utterances written.

    Raises:
        BracketError: For the first bad line, as ``source:line: message``.
    """
    with source.open(encoding="utf-8") as handle:
        utterances = convert_lines(handle, str(source), prefix or source.stem)
    target.write_text(to_conll(utterances), encoding="utf-8", newline="\n")
    return len(utterances)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``brackets.py SOURCE TARGET [--prefix NAME]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="bracket-annotated text, one utterance per line")
    parser.add_argument("target", type=Path, help="CoNLL file to write")
    parser.add_argument("--prefix", help="utterance id prefix (default: the source file's stem)")
    args = parser.parse_args(argv)
    try:
        count = convert_file(args.source, args.target, args.prefix)
    except BracketError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"{args.target}: {count} utterances")
    return 0


if __name__ == "__main__":
    sys.exit(main())
