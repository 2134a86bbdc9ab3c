"""CoNLL files and BIO labels: read, write, and turn labels into spans and back.

A CoNLL file holds one token per line. The first column is the token, the last
is its BIO label (``O``, ``B-TYPE`` or ``I-TYPE``); columns in between are
ignored. A blank line ends a sentence, and ``#`` lines in front of a sentence
are its comments (the MultiWOZ files carry ids there)::

    # id: MUL0505 turn 6
    leave   O
    Taipei  B-departure
    at      O
    5pm     B-time

>>> [sentence] = parse_conll("# id: 1\\nleave\\tO\\nTaipei\\tB-departure\\n")
>>> sentence.words, sentence.labels, sentence.comments, sentence.line
(('leave', 'Taipei'), ('O', 'B-departure'), ('# id: 1',), 2)
>>> bio_to_spans(sentence.labels)
[Span(type='departure', start=1, end=2)]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TextIO

# A label is O, or B-/I- and a type with no whitespace in it.
_LABEL = re.compile(r"O|[BI]-\S+")
# Columns are split on spaces and tabs only: a token may hold other Unicode
# whitespace (a no-break space in "10\xa0pm"), and str.split() would cut it.
_COLUMNS = re.compile(r"[ \t]+")
_NOT_IN_A_FIELD = re.compile(r"[ \t\r\n]")


@lru_cache(maxsize=1024)
def _is_label(label: str) -> bool:
    """Whether ``label`` is well formed, remembered: a model or a file has few labels."""
    return _LABEL.fullmatch(label) is not None


class ConllError(ValueError):
    """Malformed CoNLL input; the message is one line, ``file:line: problem``."""


@dataclass(frozen=True)
class Sentence:
    """One labelled sentence of a CoNLL file.

    Attributes:
        words: The tokens, in order.
        labels: One BIO label per token.
        comments: The ``#`` lines in front of the sentence, verbatim.
        line: 1-based line number of its first token in the file (0 if the
            sentence was not read from a file).
    """

    words: tuple[str, ...]
    labels: tuple[str, ...]
    comments: tuple[str, ...] = ()
    line: int = 0

    def __post_init__(self) -> None:
        if len(self.words) != len(self.labels):
            raise ValueError(f"{len(self.words)} words but {len(self.labels)} labels")


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of tokens: ``words[start:end]`` is a ``type`` slot.

    Attributes:
        type: The slot type, e.g. ``"destination"``.
        start: Index of its first token.
        end: Index one past its last token.
    """

    type: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span {self.start}..{self.end} is empty or negative")
        if not _is_label(f"B-{self.type}"):
            raise ValueError(f"invalid span type {self.type!r}")


def read_conll(path: str | os.PathLike[str]) -> list[Sentence]:
    """Read a UTF-8 CoNLL file (a byte order mark and CRLF endings are fine).

    Args:
        path: The file to read.

    Returns:
        Its sentences, in file order.

    Raises:
        ConllError: The file is missing, not UTF-8, or malformed.
    """
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConllError(f"{source}: no such file") from None
    except OSError as error:
        raise ConllError(f"{source}: cannot read ({error.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConllError(f"{source}:{line}: file is not UTF-8 text") from None
    return parse_conll(text, source)


def parse_conll(text: str, source: str = "<string>") -> list[Sentence]:
    """Parse CoNLL text (a leading byte order mark and CRLF endings are fine).

    A ``#`` line is a comment when it comes before a sentence's first token and
    has no tab in it; anywhere else ``#`` is a token (MultiWOZ has "contact #").
    Comments belong to the next sentence, blank lines or not; comments after
    the last sentence are dropped.

    Args:
        text: The file's contents.
        source: The name to put in error messages.

    Returns:
        The sentences, in order.

    Raises:
        ConllError: A line has one column, a label is not BIO, or there are
            no sentences at all.
    """
    sentences: list[Sentence] = []
    words: list[str] = []
    labels: list[str] = []
    comments: list[str] = []
    first = 0
    # The extra "" ends a last sentence that has no blank line after it.
    lines = text.removeprefix("\ufeff").split("\n") + [""]
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        fields = line.strip(" \t")
        if not fields:
            if words:
                sentence = Sentence(tuple(words), tuple(labels), tuple(comments), first)
                sentences.append(sentence)
                words, labels, comments = [], [], []
            continue
        if not words and line.startswith("#") and "\t" not in line:
            comments.append(line)
            continue
        columns = _COLUMNS.split(fields)
        where = f"{source}:{number}"
        if len(columns) < 2:
            raise ConllError(f'{where}: expected "TOKEN LABEL", got 1 column')
        if not _LABEL.fullmatch(columns[-1]):
            raise ConllError(f"{where}: invalid label {_short(columns[-1])} (labels are O, B-TYPE or I-TYPE)")
        if not words:
            first = number
        words.append(columns[0])
        labels.append(columns[-1])
    if not sentences:
        raise ConllError(f"{source}:1: no sentences found")
    return sentences


def write_conll(
    path_or_file: str | os.PathLike[str] | TextIO,
    sentences: Iterable[Sentence],
    extra_columns: Sequence[Sequence[str]] | None = None,
) -> None:
    """Write sentences as tab-separated CoNLL: comments, then ``token [extra] label``.

    Everything is checked before anything is written, so a bad sentence never
    leaves half a file behind.

    Args:
        path_or_file: A path (written as UTF-8 with ``\\n`` endings) or an
            open text file.
        sentences: The sentences to write.
        extra_columns: One extra column between token and label: for sentence
            ``i``, ``extra_columns[i]`` holds one value per token.

    Raises:
        ValueError: Something would not read back as written: an empty
            sentence, a comment that is not one ``#`` line without tabs, a
            field that is empty or holds whitespace, a label that is not BIO,
            or an extra column of the wrong length.
    """
    sentences = list(sentences)
    if extra_columns is not None and len(extra_columns) != len(sentences):
        raise ValueError(f"{len(extra_columns)} extra columns for {len(sentences)} sentences")
    blocks = []
    for index, sentence in enumerate(sentences):
        extra = None if extra_columns is None else extra_columns[index]
        blocks.append(_format_sentence(sentence, extra, index))
    text = "".join(blocks)
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
    else:
        path_or_file.write(text)


def write_predictions(
    path_or_file: str | os.PathLike[str] | TextIO,
    sentences: Sequence[Sentence],
    predicted: Sequence[Sequence[str]],
) -> None:
    """Write ``token gold predicted`` lines, conlleval's input, comments kept.

    Reading the file back with :func:`read_conll` gives the predicted labels
    (the last column).

    Args:
        path_or_file: A path or an open text file.
        sentences: The gold sentences.
        predicted: One predicted label per token of each sentence.

    Raises:
        ValueError: The predictions do not line up with the sentences, or
            :func:`write_conll` refuses them.
    """
    if len(predicted) != len(sentences):
        raise ValueError(f"{len(predicted)} predictions for {len(sentences)} sentences")
    with_predictions = []
    for index, (sentence, labels) in enumerate(zip(sentences, predicted)):
        if len(labels) != len(sentence.words):
            raise ValueError(f"sentence {index}: {len(sentence.words)} tokens but {len(labels)} predicted labels")
        with_predictions.append(replace(sentence, labels=tuple(labels)))
    write_conll(path_or_file, with_predictions, [s.labels for s in sentences])


def bio_to_spans(labels: Sequence[str]) -> list[Span]:
    """Find the spans in a BIO sequence, the way conlleval does.

    ``B-X`` always starts a span; ``I-X`` extends an open ``X`` span and
    otherwise (after ``O`` or another type) starts a new one.

    Args:
        labels: One BIO label per token.

    Returns:
        The spans, ordered by start.

    Raises:
        ValueError: A label is not ``O``, ``B-TYPE`` or ``I-TYPE``.

    >>> bio_to_spans(["O", "I-time", "B-time", "I-time"])
    [Span(type='time', start=1, end=2), Span(type='time', start=2, end=4)]
    """
    spans: list[Span] = []
    open_type: str | None = None  # type of the span being read, if any
    start = 0
    for i, label in enumerate(labels):
        if label != "O" and not _is_label(label):  # most labels are O
            raise ValueError(f"invalid label {_short(label)} at position {i}")
        if label[0] == "I" and label[2:] == open_type:
            continue
        if open_type is not None:
            spans.append(Span(open_type, start, i))
        open_type, start = (None if label == "O" else label[2:]), i
    if open_type is not None:
        spans.append(Span(open_type, start, len(labels)))
    return spans


def spans_to_bio(spans: Iterable[Span], n: int) -> list[str]:
    """Write spans as BIO labels for ``n`` tokens: the inverse of :func:`bio_to_spans`.

    Args:
        spans: Spans that do not overlap, in any order.
        n: Number of tokens.

    Returns:
        ``n`` labels.

    Raises:
        ValueError: Two spans overlap or a span runs past ``n``.

    >>> spans_to_bio([Span("time", 2, 4)], 5)
    ['O', 'O', 'B-time', 'I-time', 'O']
    """
    labels = ["O"] * n
    for span in spans:
        if span.end > n:
            raise ValueError(f"{span} runs past the {n} tokens")
        if any(label != "O" for label in labels[span.start : span.end]):
            raise ValueError(f"{span} overlaps another span")
        labels[span.start : span.end] = [f"B-{span.type}"] + [f"I-{span.type}"] * (span.end - span.start - 1)
    return labels


def label_types(sentences: Iterable[Sentence]) -> list[str]:
    """The slot types used in some sentences.

    Args:
        sentences: Labelled sentences.

    Returns:
        The types (``"time"`` for ``B-time``), sorted.
    """
    return sorted({label[2:] for s in sentences for label in s.labels if label != "O"})


def _format_sentence(sentence: Sentence, extra: Sequence[str] | None, index: int) -> str:
    where = f"sentence {index}"
    if not sentence.words:
        raise ValueError(f"{where} has no tokens")
    for comment in sentence.comments:
        if not comment.startswith("#") or re.search(r"[\t\r\n]", comment):
            raise ValueError(f"{where}: comment {_short(comment)} is not one '#' line")
    columns: list[Sequence[str]] = [sentence.words]
    if extra is not None:
        if len(extra) != len(sentence.words):
            raise ValueError(f"{where}: {len(extra)} extra values for {len(sentence.words)} tokens")
        columns.append(extra)
    columns.append(sentence.labels)
    for column in columns:
        for value in column:
            if not value or _NOT_IN_A_FIELD.search(value):
                raise ValueError(f"{where}: {_short(value)} can not be a CoNLL field")
    for label in sentence.labels:
        if not _LABEL.fullmatch(label):
            raise ValueError(f"{where}: invalid label {_short(label)}")
    lines = [*sentence.comments, *("\t".join(row) for row in zip(*columns))]
    return "\n".join(lines) + "\n\n"


def _short(text: str, limit: int = 30) -> str:
    # Keeps error messages one short line whatever the file holds.
    return repr(text if len(text) <= limit else text[:limit] + "...")
