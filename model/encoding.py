"""Turning a word into a vector (LECTURE §2).

Four encodings, each selectable (``TaggerConfig.features``) and each
inspectable per token (:meth:`Encoder.describe`):

- ``word``: 1-of-N over the training vocabulary with one extra entry,
  ``other``, for every word not in it ("Gandalf", "Sauron"). A learned
  embedding lookup is exactly that 1-of-N vector times a matrix.
- ``trigram``: word hashing. A word is described by its letter trigrams with
  word-boundary marks, so no word is ever out of vocabulary:

  >>> letter_trigrams("apple")
  ('#ap', 'app', 'ppl', 'ple', 'le#')

  Each trigram is hashed into one of ``trigram_buckets`` rows and the word's
  vector is the mean of its rows.
- ``shape``: capitalisation, digits and punctuation, so "Xxxx" (a name) and
  "dd:dd" (a clock time) look alike whatever the letters:

  >>> word_shape("Taipei"), word_shape("17:45"), word_shape("JFK")
  ('Xxxxx', 'dd:dd', 'XXX')

- ``place``: whether the word is a known place name, or a word of one, in
  a list of the world's cities and airports (:mod:`model.gazetteer`):
  "Kyoto" is a ``name`` even if training never showed it.

The default uses all four, so a city never seen in training still gets a
useful vector from its trigrams, its shape and the place list. The
vocabulary and the trigrams read a word lower-cased and, with
``TaggerConfig.fold_accents`` (the default; older model files read accents
as typed), without its accents:

>>> word_key("Nẵng", fold_accents=True), letter_trigrams(word_key("Zürich", fold_accents=True))[:2]
('nang', ('#zu', 'zur'))
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import torch
from torch import nn

from model.config import FEATURES
from model.gazetteer import PLACE_VALUES, Gazetteer, fold, shipped_gazetteer

# The place row of a word of a longer name held whole (``place_spans``).
SPAN_ROW = PLACE_VALUES.index("span") + 1

OTHER = "<other>"  # the lecture's extra dimension "other", for unseen words
PAD = "<pad>"


@lru_cache(maxsize=65536)
def word_key(word: str, fold_accents: bool = False) -> str:
    """The form a word is looked up and hashed by: lower-cased, and also
    without accents if ``fold_accents`` (``word_key("Nẵng", True) == "nang"``)."""
    return fold(word) if fold_accents else word.lower()


def letter_trigrams(word: str) -> tuple[str, ...]:
    """The letter trigrams of ``word`` (lower-cased), with ``#`` boundary marks."""
    marked = f"#{word.lower()}#"
    return tuple(marked[i : i + 3] for i in range(len(marked) - 2))


def trigram_bucket(trigram: str, buckets: int) -> int:
    """A trigram's row in the hashing table: stable across runs and machines.
    A lone surrogate (a stray byte, PEP 383) hashes by its own code point's bytes."""
    return zlib.crc32(trigram.encode("utf-8", "surrogatepass")) % buckets


@lru_cache(maxsize=65536)
def word_shape(word: str) -> str:
    """Letters become X/x, digits d; runs longer than four are cut to four."""
    out: list[str] = []
    for ch in word:
        # isalpha first, as spaCy does: "Ⓐ" and "Ⅻ" are upper case but no letters.
        kind = ("X" if ch.isupper() else "x") if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) >= 4 and all(c == kind for c in out[-4:]):
            continue
        out.append(kind)
    return "".join(out)


class Vocab:
    """Strings to indices with two reserved rows: 0 is padding, 1 is ``other``.

    >>> v = Vocab(["arrive", "leave"])
    >>> v.index("leave"), v.index("Gandalf"), v[1]
    (3, 1, '<other>')
    """

    def __init__(self, entries: Iterable[str]) -> None:
        self.entries: list[str] = [PAD, OTHER, *entries]
        self._index = {e: i for i, e in enumerate(self.entries)}

    @classmethod
    def build(cls, items: Iterable[str], min_count: int = 1) -> Vocab:
        """A vocabulary of every item seen at least ``min_count`` times."""
        counts = Counter(items)
        return cls(sorted(e for e, n in counts.items() if n >= min_count and e not in (PAD, OTHER)))

    def index(self, item: str) -> int:
        """The item's row; 1 (``other``) for anything unseen or reserved."""
        return self._index.get(item, 1) or 1

    def __contains__(self, item: str) -> bool:
        return item in self._index

    def __getitem__(self, i: int) -> str:
        return self.entries[i]

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class TokenEncoding:
    """What the encoder made of one word: the answer to "what does it see?".

    Attributes:
        word: The token as typed.
        vocab_index: Its row in the 1-of-N vocabulary (1 means ``other``).
        vocab_entry: The entry used: the lower-cased word, or ``"other"``.
        known: Whether the word has an entry of its own.
        trigrams: Its letter trigrams with boundary marks.
        trigram_buckets: The hashing-table row of each trigram.
        shape: Its word shape, and ``shape_index`` its row (1 if unseen).
        place: In the place list: ``name``, ``part`` (of a longer name),
            ``span`` (a word of a longer name the sentence holds whole) or
            ``none``; see :mod:`model.gazetteer`.
    """

    word: str
    vocab_index: int
    vocab_entry: str
    known: bool
    trigrams: tuple[str, ...]
    trigram_buckets: tuple[int, ...]
    shape: str
    shape_index: int
    place: str


@dataclass(frozen=True)
class Batch:
    """Encoder inputs for ``B`` sentences padded to ``T`` tokens."""

    words: torch.Tensor  # (B, T) vocabulary rows
    shapes: torch.Tensor  # (B, T) shape rows
    places: torch.Tensor  # (B, T) place rows: 1 none, 2 part, 3 name, 4 span
    trigrams: torch.Tensor  # (N,) hashing rows of every token's trigrams, flat
    trigram_offsets: torch.Tensor  # (B*T,) where each token's trigrams start
    lengths: torch.Tensor  # (B,) tokens per sentence


class Encoder(nn.Module):
    """Word -> vector: the selected encodings, concatenated.

    Args:
        words: The 1-of-N vocabulary (lower-cased words).
        shapes: The vocabulary of word shapes.
        features: Which encodings to use, a subset of ``FEATURES``.
        word_dim: Width of the learned word embedding.
        trigram_dim: Width of the trigram embedding.
        trigram_buckets: Rows in the trigram hashing table.
        shape_dim: Width of the shape embedding.
        place_dim: Width of the place embedding.
        gazetteer: The place list (default: the one that ships).
        fold_accents: Read words without their accents (see :func:`word_key`).
        place_spans: Give every word of a longer name the sentence holds
            whole the place value ``span`` (see :mod:`model.gazetteer`).
    """

    def __init__(
        self,
        words: Vocab,
        shapes: Vocab,
        features: Sequence[str],
        word_dim: int,
        trigram_dim: int,
        trigram_buckets: int,
        shape_dim: int,
        place_dim: int = 8,
        gazetteer: Gazetteer | None = None,
        fold_accents: bool = False,
        place_spans: bool = False,
    ) -> None:
        super().__init__()
        unknown = set(features) - set(FEATURES)
        if unknown or not features:
            raise ValueError(f"features must be a non-empty subset of {FEATURES}, got {tuple(features)}")
        self.words, self.shapes = words, shapes
        self.features = tuple(f for f in FEATURES if f in features)
        self.buckets = trigram_buckets
        self.fold_accents = fold_accents
        self.place_spans = place_spans and "place" in features
        self.word_emb = nn.Embedding(len(words), word_dim, padding_idx=0) if "word" in self.features else None
        self.trigram_emb = (
            nn.EmbeddingBag(trigram_buckets, trigram_dim, mode="mean") if "trigram" in self.features else None
        )
        self.shape_emb = nn.Embedding(len(shapes), shape_dim, padding_idx=0) if "shape" in self.features else None
        self.place_emb = None
        if "place" in self.features:
            self.gazetteer = gazetteer or shipped_gazetteer()
            rows = SPAN_ROW + 1 if place_spans else SPAN_ROW  # padding, none, part, name (, span)
            self.place_emb = nn.Embedding(rows, place_dim, padding_idx=0)
        self.output_size = sum(
            dim for f, dim in zip(FEATURES, (word_dim, trigram_dim, shape_dim, place_dim)) if f in self.features
        )
        self._cache: dict[str, tuple[int, int, int, tuple[int, ...]]] = {}

    def use_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Read place values from another list from now on (same weights)."""
        if self.place_emb is None:
            raise ValueError("this encoder has no place encoding")
        self.gazetteer = gazetteer
        self._cache.clear()

    def _ids(self, word: str) -> tuple[int, int, int, tuple[int, ...]]:
        """(vocabulary row, shape row, place row, trigram rows) of a word, memoised."""
        ids = self._cache.get(word)
        if ids is None:
            key = word_key(word, self.fold_accents)
            buckets = tuple(trigram_bucket(t, self.buckets) for t in letter_trigrams(key))
            place = self.gazetteer.index(word) if self.place_emb is not None else 1
            ids = (self.words.index(key), self.shapes.index(word_shape(word)), place, buckets)
            if len(self._cache) < 200_000:  # bounded: a long session cannot grow it forever
                self._cache[word] = ids
        return ids

    def names(self, sentence: Sequence[str]) -> list[tuple[int, int]]:
        """Where the sentence holds a listed place name of two or more words
        (none for an encoder without the place encoding, which reads no list)."""
        return self.gazetteer.spans(sentence) if self.place_emb is not None else []

    def places(self, sentence: Sequence[str]) -> list[int]:
        """The place row of each word of the sentence: from the word alone,
        but the rows of a longer name held whole with ``place_spans``."""
        return self._spanned(sentence, [self._ids(word)[2] for word in sentence])

    def _spanned(self, sentence: Sequence[str], rows: list[int]) -> list[int]:
        """``rows``, the words' own place rows, with a longer name held whole marked (``place_spans``)."""
        if self.place_spans:
            for start, end in self.names(sentence):
                rows[start:end] = [SPAN_ROW] * (end - start)
        return rows

    def batch(self, sentences: Sequence[Sequence[str]], place_rows: Sequence[Sequence[int]] | None = None) -> Batch:
        """Look up every word of every sentence; pads to the longest.

        ``place_rows`` gives each word's place row instead of looking it up
        (the fast path encodes words it has not yet seen this way)."""
        width = max((len(s) for s in sentences), default=0)
        words: list[int] = []
        shapes: list[int] = []
        places: list[int] = []
        flat: list[int] = []
        offsets: list[int] = []
        for i, sentence in enumerate(sentences):
            rows: list[int] = []
            for word in sentence:
                w, s, p, tri = self._ids(word)
                words.append(w)
                shapes.append(s)
                rows.append(p)
                offsets.append(len(flat))
                flat.extend(tri)
            places.extend(place_rows[i] if place_rows is not None else self._spanned(sentence, rows))
            padding = width - len(sentence)
            words.extend([0] * padding)
            shapes.extend([0] * padding)
            places.extend([0] * padding)
            offsets.extend([len(flat)] * padding)  # empty bags: zero vectors
        return Batch(
            words=torch.tensor(words, dtype=torch.long).view(len(sentences), width),
            shapes=torch.tensor(shapes, dtype=torch.long).view(len(sentences), width),
            places=torch.tensor(places, dtype=torch.long).view(len(sentences), width),
            trigrams=torch.tensor(flat, dtype=torch.long),
            trigram_offsets=torch.tensor(offsets, dtype=torch.long),
            lengths=torch.tensor([len(s) for s in sentences], dtype=torch.long),
        )

    def forward(self, batch: Batch) -> torch.Tensor:
        """The token vectors, ``(B, T, output_size)``."""
        parts: list[torch.Tensor] = []
        if self.word_emb is not None:
            parts.append(self.word_emb(batch.words))
        if self.trigram_emb is not None:
            b, t = batch.words.shape
            parts.append(self.trigram_emb(batch.trigrams, batch.trigram_offsets).view(b, t, -1))
        if self.shape_emb is not None:
            parts.append(self.shape_emb(batch.shapes))
        if self.place_emb is not None:
            parts.append(self.place_emb(batch.places))
        return torch.cat(parts, dim=-1) if len(parts) > 1 else parts[0]

    def describe(self, word: str, place_row: int | None = None) -> TokenEncoding:
        """Which vocabulary entry (or ``other``), trigrams, shape and place value ``word`` gets
        (in a sentence, ``place_row`` from :meth:`places`; else from the word alone)."""
        w, s, p, buckets = self._ids(word)
        p = p if place_row is None else place_row
        return TokenEncoding(
            word=word,
            vocab_index=w,
            vocab_entry=self.words[w] if w != 1 else "other",
            known=w != 1,
            trigrams=letter_trigrams(word_key(word, self.fold_accents)),
            trigram_buckets=buckets,
            shape=word_shape(word),
            shape_index=s,
            place=PLACE_VALUES[p - 1],
        )
