"""The two peers our taggers are measured against, behind one small interface.

* :class:`CrfPeer`: a linear-chain CRF (crfsuite through sklearn-crfsuite)
  over the usual hand-made features of a word and its neighbours; also, for
  a like-for-like row, with the place list our models read.
* :class:`SpacyPeer`: spaCy's own ``ner`` component in a blank English
  pipeline, trained from scratch on the same sentences.

Both read the sentences' own tokens and never re-tokenize, so their labels
line up with the gold ones token for token. Neither downloads anything.

>>> from model.conll import Sentence
>>> data = [Sentence(("leave", "Taipei"), ("O", "B-departure"))] * 20
>>> crf = CrfPeer(max_iterations=20)
>>> crf.fit(data, [])
>>> crf.predict([["leave", "Taipei"]])
[['O', 'B-departure']]
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from model.conll import Sentence, Span, bio_to_spans, spans_to_bio
from model.encoding import word_shape
from model.evaluate import evaluate
from model.gazetteer import Gazetteer


class Peer(Protocol):
    """What the benchmark needs of a tagger that is not ours."""

    name: str
    train_seconds: float  # wall-clock seconds of the last fit, dev scoring included

    def fit(self, train: Sequence[Sentence], dev: Sequence[Sentence]) -> None: ...

    def predict(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...

    def tag(self, words: Sequence[str]) -> list[str]: ...

    def size_bytes(self) -> int: ...


def directory_size(path: Path) -> int:
    """Bytes of every file under ``path`` (or of ``path`` itself if a file)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def dev_f1(predict: Callable[[Sequence[Sequence[str]]], list[list[str]]], dev: Sequence[Sentence]) -> float:
    """Span F1 of ``predict`` on ``dev`` (0 when there is no dev set)."""
    if not dev:
        return 0.0
    return evaluate([list(s.labels) for s in dev], predict([list(s.words) for s in dev])).f1


# --- CRF -------------------------------------------------------------------

Features = dict[str, str | bool]


def word_features(word: str, prefix: str, places: Gazetteer | None = None) -> Features:
    """The features of one word, keys starting with ``prefix`` (``""``, ``-1:``, ...);
    with ``places``, also its value in that place list (as our models read it)."""
    lower = word.lower()
    features: Features = {
        f"{prefix}lower": lower,
        f"{prefix}prefix3": lower[:3],
        f"{prefix}suffix3": lower[-3:],
        f"{prefix}title": word.istitle(),
        f"{prefix}upper": word.isupper(),
        f"{prefix}digit": word.isdigit(),
        f"{prefix}has_digit": any(ch.isdigit() for ch in word),
        f"{prefix}has_colon": ":" in word,
        f"{prefix}shape": word_shape(word),
    }
    if places is not None:
        features[f"{prefix}place"] = places.lookup(word)
    return features


def sentence_features(words: Sequence[str], places: Gazetteer | None = None) -> list[Features]:
    """Per token: its own features, its neighbours' at -1/+1, lower-cased words at -2/+2, BOS/EOS."""
    out: list[Features] = []
    n = len(words)
    for t, word in enumerate(words):
        features: Features = {"bias": True, **word_features(word, "", places)}
        for offset in (-1, 1):
            if 0 <= t + offset < n:
                features.update(word_features(words[t + offset], f"{offset:+d}:", places))
        for offset in (-2, 2):
            if 0 <= t + offset < n:
                features[f"{offset:+d}:lower"] = words[t + offset].lower()
        if t == 0:
            features["BOS"] = True
        if t == n - 1:
            features["EOS"] = True
        out.append(features)
    return out


class CrfPeer:
    """A linear-chain CRF trained with L-BFGS and elastic-net regularisation.

    Args:
        c1: L1 penalty.
        c2: L2 penalty.
        max_iterations: L-BFGS iterations.
        directory: Where the crfsuite model file is written (a temporary
            directory if not given).
        places: A place list to add as a feature of each word and its
            neighbours (the one our models read), for a like-for-like row.
    """

    def __init__(
        self,
        c1: float = 0.1,
        c2: float = 0.1,
        max_iterations: int = 150,
        directory: Path | None = None,
        places: Gazetteer | None = None,
    ) -> None:
        self.name = "CRF + place list" if places is not None else "CRF"
        self.c1, self.c2, self.max_iterations, self.places = c1, c2, max_iterations, places
        self._tmp = None if directory else tempfile.TemporaryDirectory(prefix="crf-")
        self.directory = directory or Path(self._tmp.name)  # type: ignore[union-attr]
        self.path = self.directory / f"crf-c1_{c1}-c2_{c2}{'-places' if places is not None else ''}.crfsuite"
        self.train_seconds = 0.0
        self.dev_f1 = 0.0

    def fit(self, train: Sequence[Sentence], dev: Sequence[Sentence]) -> None:
        import sklearn_crfsuite

        start = time.perf_counter()
        self.crf = sklearn_crfsuite.CRF(
            algorithm="lbfgs",
            c1=self.c1,
            c2=self.c2,
            max_iterations=self.max_iterations,
            all_possible_transitions=True,
            model_filename=str(self.path),
        )
        self.crf.fit([sentence_features(s.words, self.places) for s in train], [list(s.labels) for s in train])
        self.train_seconds = time.perf_counter() - start
        self.dev_f1 = dev_f1(self.predict, dev)

    def predict(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        features = [sentence_features(words, self.places) for words in sentences]
        return [list(labels) for labels in self.crf.predict(features)]

    def tag(self, words: Sequence[str]) -> list[str]:
        return list(self.crf.predict_single(sentence_features(words, self.places)))

    def size_bytes(self) -> int:
        return directory_size(self.path)


def fit_crf_grid(
    train: Sequence[Sentence],
    dev: Sequence[Sentence],
    grid: Sequence[tuple[float, float]],
    max_iterations: int,
    log: Callable[[str], None] = print,
    places: Gazetteer | None = None,
) -> CrfPeer:
    """Fit one CRF per ``(c1, c2)`` in ``grid`` and keep the best on dev.

    Args:
        train: Sentences to learn from.
        dev: Sentences to choose on (the first of ``grid`` wins if empty).
        grid: The penalties to try.
        max_iterations: L-BFGS iterations for each.
        log: Where to report each candidate's dev F1.
        places: A place list feature (see :class:`CrfPeer`).

    Returns:
        The best CRF; its ``train_seconds`` is its own fit, not the grid's.
    """
    best: CrfPeer | None = None
    for c1, c2 in grid:
        crf = CrfPeer(c1, c2, max_iterations, places=places)
        crf.fit(train, dev)
        log(f"  {crf.name} c1={c1} c2={c2}: dev F1 {crf.dev_f1:.4f} ({crf.train_seconds:.0f} s)")
        if best is None or crf.dev_f1 > best.dev_f1:
            best = crf
    assert best is not None, "empty grid"
    return best


# --- spaCy -----------------------------------------------------------------


class SpacyPeer:
    """spaCy's transition-based ``ner`` in a blank English pipeline.

    Each epoch shuffles the training sentences, updates in minibatches with
    dropout, then scores dev; the best epoch's weights are kept.

    Args:
        epochs: Passes over the training data.
        batch_size: Sentences per update.
        dropout: Dropout rate during updates.
        seed: Seeds spaCy (weights) and the shuffling.
        time_budget: Stop after the epoch that passes this many seconds.
        log: Where to report each epoch.
    """

    def __init__(
        self,
        epochs: int = 10,
        batch_size: int = 32,
        dropout: float = 0.2,
        seed: int = 0,
        time_budget: float = float("inf"),
        log: Callable[[str], None] = print,
    ) -> None:
        import spacy

        self.name = "spaCy NER"
        self.epochs, self.batch_size, self.dropout, self.seed = epochs, batch_size, dropout, seed
        self.time_budget, self.log = time_budget, log
        spacy.util.fix_random_seed(seed)
        self.nlp = spacy.blank("en")
        self.ner = self.nlp.add_pipe("ner")
        self.train_seconds = 0.0
        self.best_epoch, self.dev_f1 = 0, 0.0

    def doc(self, words: Sequence[str]):  # -> spacy.tokens.Doc
        """A Doc of exactly these tokens: never re-tokenized."""
        from spacy.tokens import Doc

        return Doc(self.nlp.vocab, words=list(words), spaces=[True] * len(words))

    def fit(self, train: Sequence[Sentence], dev: Sequence[Sentence]) -> None:
        from spacy.training import Example
        from spacy.util import minibatch

        start = time.perf_counter()
        examples = []
        for sentence in train:
            reference = self.doc(sentence.words)
            reference.ents = [_ent(reference, span) for span in bio_to_spans(sentence.labels)]
            examples.append(Example(self.doc(sentence.words), reference))
        optimizer = self.nlp.initialize(lambda: examples)
        rng = random.Random(self.seed)
        best_bytes = self.ner.to_bytes()
        self.best_epoch, self.dev_f1 = 0, -1.0
        for epoch in range(1, self.epochs + 1):
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=self.batch_size):
                self.nlp.update(batch, drop=self.dropout, sgd=optimizer, losses=losses)
            f1 = dev_f1(self.predict, dev)
            elapsed = time.perf_counter() - start
            self.log(f"  spaCy epoch {epoch}: loss {losses.get('ner', 0.0):.1f}, dev F1 {f1:.4f} ({elapsed:.0f} s)")
            if f1 > self.dev_f1:
                self.best_epoch, self.dev_f1, best_bytes = epoch, f1, self.ner.to_bytes()
            if elapsed > self.time_budget:
                break
        self.ner.from_bytes(best_bytes)
        self.train_seconds = time.perf_counter() - start

    def predict(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        docs = self.ner.pipe((self.doc(words) for words in sentences), batch_size=256)
        return [_bio(doc) for doc in docs]

    def tag(self, words: Sequence[str]) -> list[str]:
        return _bio(self.ner(self.doc(words)))

    def size_bytes(self) -> int:
        with tempfile.TemporaryDirectory(prefix="spacy-") as tmp:
            self.nlp.to_disk(tmp)
            return directory_size(Path(tmp))


def _ent(doc, span: Span):  # -> spacy.tokens.Span
    from spacy.tokens import Span as SpacySpan

    return SpacySpan(doc, span.start, span.end, label=span.type)


def _bio(doc) -> list[str]:
    return spans_to_bio((Span(ent.label_, ent.start, ent.end) for ent in doc.ents), len(doc))
