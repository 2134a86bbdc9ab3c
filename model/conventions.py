"""Other corpora's span conventions, as rewrites of this project's spans.

Corpora agree on which words are a time but not on where its span starts and
ends. This project's scheme (``data/corpus/scheme.py``, rules T1 and T3) keeps
an expression whole: "[Monday after 13:00]", "[by 11:30]". MultiWOZ labels
only the values: "[Monday] after [13:00]", "by [11:30]". Scored as it is, a
correct reading then counts as two errors, so :func:`to_multiwoz` rewrites
predicted spans into MultiWOZ's convention before they are scored against its
gold. MultiWOZ's spans are its slot values, so determiners stay outside too:
"this [Friday]", "from the [Hamilton Lodge]" where this scheme has
"[this Friday]" and "[the Hamilton Lodge]". The rewrite is fixed by the two
schemes, never fitted to a data set:

>>> words = "leave this Monday after 13:00 from the Hamilton Lodge".split()
>>> to_multiwoz(words, ["O", "B-time", "I-time", "I-time", "I-time", "O", "B-departure", "I-departure", "I-departure"])
['O', 'O', 'B-time', 'O', 'B-time', 'O', 'O', 'B-departure', 'I-departure']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from model.conll import Span, bio_to_spans, spans_to_bio

# The words the scheme puts inside a time span that MultiWOZ leaves outside:
# the modifiers of rule T1, the connectors of rule T3, and determiners.
MULTIWOZ_OUTSIDE = frozenset(
    "after before by until till around about roughly no not later earlier than early late mid first thing at on "
    "this a".split()
)
# A place name's leading article, which MultiWOZ's values leave out.
MULTIWOZ_ARTICLES = frozenset({"the"})


def to_multiwoz(words: Sequence[str], labels: Sequence[str]) -> list[str]:
    """Rewrite spans the way MultiWOZ draws them: modifiers, connectors and articles outside.

    Every time span is cut at the words of :data:`MULTIWOZ_OUTSIDE`; each run
    of other words left becomes a span of its own. A place span of two or
    more words loses a leading article (:data:`MULTIWOZ_ARTICLES`).

    Args:
        words: The tokens.
        labels: Their BIO labels in this project's scheme.

    Returns:
        The labels in MultiWOZ's convention.
    """
    spans: list[Span] = []
    for span in bio_to_spans(labels):
        if span.type != "time":
            article = span.end - span.start > 1 and words[span.start].lower() in MULTIWOZ_ARTICLES
            spans.append(Span(span.type, span.start + 1, span.end) if article else span)
            continue
        start = None
        for i in range(span.start, span.end + 1):
            inside = i < span.end and words[i].lower() not in MULTIWOZ_OUTSIDE
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                spans.append(Span("time", start, i))
                start = None
    return spans_to_bio(spans, len(words))


CONVENTIONS: dict[str, Callable[[Sequence[str], Sequence[str]], list[str]]] = {
    "slotbot": lambda words, labels: list(labels),
    "multiwoz": to_multiwoz,
}
"""Convention name -> rewrite of predicted labels; ``slotbot`` is this project's own."""
