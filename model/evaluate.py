"""Span-level precision, recall and F1 for BIO tags, as conlleval and seqeval count.

Tag strings in, scores out; this module knows nothing of torch or the tagger.
A predicted span counts only if its type, start and end all match a gold span.

"arrive Taipei on November 2nd", and a prediction that misses "2nd":

>>> gold = [["O", "B-destination", "O", "B-time", "I-time"]]
>>> pred = [["O", "B-destination", "O", "B-time", "O"]]
>>> report = evaluate(gold, pred)
>>> report.precision, report.recall, report.f1
(0.5, 0.5, 0.5)
>>> report.per_type["time"]
TypeScore(precision=0.0, recall=0.0, f1=0.0, support=1)
>>> print(report.format_table())
type         precision     recall         f1  support
destination     1.0000     1.0000     1.0000        1
time            0.0000     0.0000     0.0000        1
micro avg       0.5000     0.5000     0.5000        2
token accuracy 0.8000 (5 tokens, 1 sentences)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from model.conll import bio_to_spans


@dataclass(frozen=True)
class TypeScore:
    """Scores for one slot type.

    Attributes:
        precision: Correct spans of this type / predicted spans of this type.
        recall: Correct spans of this type / gold spans of this type.
        f1: Harmonic mean of precision and recall.
        support: Number of gold spans of this type.
    """

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    """The result of :func:`evaluate`; every score is in 0..1.

    Attributes:
        precision: Micro-averaged precision over all spans.
        recall: Micro-averaged recall over all spans.
        f1: Micro-averaged F1.
        per_type: Scores per slot type, sorted by type; a type that only the
            predictions use is here too, with support 0.
        sentences: Number of sentences scored.
        tokens: Number of tokens scored.
        token_accuracy: Fraction of tokens whose tag was exactly right.
    """

    precision: float
    recall: float
    f1: float
    per_type: dict[str, TypeScore]
    sentences: int
    tokens: int
    token_accuracy: float

    def to_json_dict(self) -> dict[str, Any]:
        """The report in the fixed JSON shape (``token_accuracy`` is not in it).

        Returns:
            ``{"precision", "recall", "f1", "per_type": {TYPE: {"precision",
            "recall", "f1", "support"}}, "sentences", "tokens"}``.
        """
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "per_type": {
                name: {
                    "precision": score.precision,
                    "recall": score.recall,
                    "f1": score.f1,
                    "support": score.support,
                }
                for name, score in self.per_type.items()
            },
            "sentences": self.sentences,
            "tokens": self.tokens,
        }

    def format_table(self) -> str:
        """A text table: one row per type, the micro average, token accuracy.

        Returns:
            The table, lines joined by ``\\n``, no trailing newline.
        """
        micro = TypeScore(
            self.precision,
            self.recall,
            self.f1,
            sum(score.support for score in self.per_type.values()),
        )
        rows = [*self.per_type.items(), ("micro avg", micro)]
        width = max(len(name) for name, _ in rows)
        lines = [f"{'type':<{width}}  precision     recall         f1  support"]
        for name, score in rows:
            scores = (score.precision, score.recall, score.f1)
            cells = "  ".join(f"{value:9.4f}" for value in scores)
            lines.append(f"{name:<{width}}  {cells}  {score.support:7}")
        lines.append(f"token accuracy {self.token_accuracy:.4f} ({self.tokens} tokens, {self.sentences} sentences)")
        return "\n".join(lines)


def evaluate(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> Report:
    """Score predicted BIO tags against gold tags, span by span.

    Spans are read the conlleval way (an ``I-X`` after ``O`` or another type
    starts a span), and the numbers agree with seqeval's default mode.
    Where a ratio is 0/0 the score is 0, as seqeval's default
    ``zero_division="warn"`` gives (without the warning): precision is 0 when
    nothing was predicted, recall is 0 when the gold has no spans, F1 is 0
    when precision and recall are both 0, and token accuracy is 0 when there
    are no tokens.

    Args:
        gold: The gold tags, one list per sentence.
        pred: The predicted tags, in the same shape.

    Returns:
        The scores.

    Raises:
        ValueError: The two are not the same shape, or a tag is not ``O``,
            ``B-TYPE`` or ``I-TYPE``.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    correct: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    support: Counter[str] = Counter()
    tokens = right_tags = 0
    for index, (gold_tags, pred_tags) in enumerate(zip(gold, pred)):
        if isinstance(gold_tags, str) or isinstance(pred_tags, str):
            raise ValueError(f"sentence {index} is a string, not a list of tags")
        if len(gold_tags) != len(pred_tags):
            raise ValueError(f"sentence {index}: {len(gold_tags)} gold tags but {len(pred_tags)} predicted")
        try:
            gold_spans = set(bio_to_spans(gold_tags))
            pred_spans = set(bio_to_spans(pred_tags))
        except ValueError as error:
            raise ValueError(f"sentence {index}: {error}") from None
        support.update(span.type for span in gold_spans)
        predicted.update(span.type for span in pred_spans)
        correct.update(span.type for span in gold_spans & pred_spans)
        tokens += len(gold_tags)
        right_tags += sum(g == p for g, p in zip(gold_tags, pred_tags))

    per_type = {
        name: TypeScore(*_scores(correct[name], predicted[name], support[name]), support[name])
        for name in sorted(support.keys() | predicted.keys())
    }
    precision, recall, f1 = _scores(sum(correct.values()), sum(predicted.values()), sum(support.values()))
    return Report(
        precision=precision,
        recall=recall,
        f1=f1,
        per_type=per_type,
        sentences=len(gold),
        tokens=tokens,
        token_accuracy=right_tags / tokens if tokens else 0.0,
    )


def _scores(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    total = precision + recall
    # seqeval's formula, (1 + beta^2) p r / (beta^2 p + r) with beta = 1.
    f1 = 2 * precision * recall / total if total else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class ContrastScore:
    """How often the cue decided the shared place's slot, pair by pair.

    Attributes:
        pairs: Number of pairs scored.
        right: Pairs whose flipping place span is labelled exactly right in
            both sentences.
        same: Pairs whose two predictions for that span are identical, the
            feedforward tagger's fate: it sees the same word both times.
        late: Pairs whose cue comes only after the place ("Lagos is where
            I'm headed"), which a left-to-right tagger has not read when it
            labels the place. Counted only when the words are given.
        late_right: Of those, the pairs labelled right.
    """

    pairs: int
    right: int
    same: int
    late: int = 0
    late_right: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.pairs if self.pairs else 0.0

    @property
    def cue_before_accuracy(self) -> float:
        """Accuracy on the pairs whose cue comes before the place."""
        early = self.pairs - self.late
        return (self.right - self.late_right) / early if early else 0.0

    @property
    def cue_after_accuracy(self) -> float:
        """Accuracy on the pairs whose cue comes only after the place."""
        return self.late_right / self.late if self.late else 0.0


def contrast_score(
    gold: Sequence[tuple[Sequence[str], Sequence[str]]],
    pred: Sequence[tuple[Sequence[str], Sequence[str]]],
    words: Sequence[tuple[Sequence[str], Sequence[str]]] | None = None,
) -> ContrastScore:
    """Score minimal pairs that differ only in a cue ("arrive X" / "leave X").

    In each pair the tokens whose gold labels differ between the two
    sentences are the shared place; the pair is right when the prediction
    for those tokens matches gold in both sentences. Given the words, the
    tokens that differ between the two sentences are the cue, and a pair
    whose cue lies wholly after the place counts as ``late``.

    >>> gold = [(["B-destination", "O"], ["B-departure", "O"])]
    >>> contrast_score(gold, [(["B-destination", "O"], ["B-departure", "O"])]).right
    1
    >>> contrast_score(gold, [(["B-destination", "O"], ["B-destination", "O"])]).same
    1
    >>> words = [(["Lagos", "arriving"], ["Lagos", "departing"])]
    >>> contrast_score(gold, [(["B-destination", "O"], ["B-departure", "O"])], words).late_right
    1

    Args:
        gold: Per pair, the gold tags of its two sentences.
        pred: The predicted tags in the same shape.
        words: Per pair, the words of its two sentences, to tell where the
            cue is; without them no pair counts as late.

    Returns:
        The counts.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold pairs but {len(pred)} predicted")
    if words is not None and len(words) != len(gold):
        raise ValueError(f"{len(gold)} gold pairs but words for {len(words)}")
    right = same = late = late_right = 0
    for index, ((gold_a, gold_b), (pred_a, pred_b)) in enumerate(zip(gold, pred)):
        if not len(gold_a) == len(gold_b) == len(pred_a) == len(pred_b):
            raise ValueError(f"pair {index}: the two sentences and their predictions differ in length")
        flips = [t for t in range(len(gold_a)) if gold_a[t] != gold_b[t]]
        if not flips:
            raise ValueError(f"pair {index}: no token changes its label between the two sentences")
        is_right = all(pred_a[t] == gold_a[t] and pred_b[t] == gold_b[t] for t in flips)
        right += is_right
        same += all(pred_a[t] == pred_b[t] for t in flips)
        if words is not None:
            words_a, words_b = words[index]
            if len(words_a) != len(gold_a) or len(words_b) != len(gold_b):
                raise ValueError(f"pair {index}: words and tags differ in length")
            cue = [t for t in range(len(words_a)) if words_a[t] != words_b[t]]
            if cue and min(cue) > max(flips):
                late += 1
                late_right += is_right
    return ContrastScore(len(gold), right, same, late, late_right)
