"""Training a slot tagger: data, vocabulary, model, optimiser, loop, evaluation.

The recipe is the usual strong one for small sequence-labelling sets: Adam,
gradient clipping against exploding gradients (LECTURE §9), dropout, rare
words randomly replaced by ``other`` so the network learns to lean on
trigrams and shape for names it has never seen, and early stopping on the
dev set's span F1. The same seed gives the same model.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import torch
from torch import nn

from model.config import TaggerConfig, TrainConfig
from model.conll import Sentence, bio_to_spans
from model.encoding import Vocab, word_key, word_shape
from model.evaluate import Report, evaluate
from model.network import SlotTagger, fresh_state_dict
from model.tagger import MAX_TOKENS, Tagger


@dataclass
class EpochLog:
    epoch: int
    loss: float
    dev_f1: float
    seconds: float


@dataclass
class TrainResult:
    """What :func:`train` returns: the best tagger and how it got there."""

    tagger: Tagger
    best_epoch: int
    best_dev_f1: float
    seconds: float
    history: list[EpochLog] = field(default_factory=list)


def label_set(sentences: Sequence[Sentence]) -> tuple[str, ...]:
    """``O`` first, then B-/I- labels grouped by type."""
    labels = {label for s in sentences for label in s.labels} - {"O"}
    return ("O", *sorted(labels, key=lambda lab: (lab[2:], lab[0])))


def train(
    train_data: Sequence[Sentence],
    dev_data: Sequence[Sentence],
    config: TaggerConfig | None = None,
    recipe: TrainConfig | None = None,
    on_epoch: Callable[[EpochLog, bool], None] | None = None,
    progress: bool = False,
) -> TrainResult:
    """Train a tagger on ``train_data``, choosing the epoch by dev span F1.

    Args:
        train_data: Labelled sentences to learn from.
        dev_data: Labelled sentences to choose the best epoch on.
        config: The architecture; its ``labels`` are taken from the data.
        recipe: Optimiser, batch size, early stopping.
        on_epoch: Called after every epoch with its log and whether it is
            the best so far.
        progress: Show a progress bar over each epoch's batches.

    Returns:
        The best epoch's tagger and the training history.
    """
    config, recipe = config or TaggerConfig(), recipe or TrainConfig()
    threads = torch.get_num_threads()
    torch.set_num_threads(recipe.threads)
    try:
        return _train(train_data, dev_data, config, recipe, on_epoch, progress)
    finally:
        torch.set_num_threads(threads)


def _train(
    train_data: Sequence[Sentence],
    dev_data: Sequence[Sentence],
    config: TaggerConfig,
    recipe: TrainConfig,
    on_epoch: Callable[[EpochLog, bool], None] | None,
    progress: bool,
) -> TrainResult:
    started = time.perf_counter()
    torch.manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    generator = torch.Generator().manual_seed(recipe.seed)

    # Data: long sentences are cut into windows, as the tagger reads them.
    examples = [
        (list(s.words[i : i + MAX_TOKENS]), list(s.labels[i : i + MAX_TOKENS]))
        for s in train_data
        for i in range(0, len(s.words), MAX_TOKENS)
        if s.words
    ]
    if not examples:
        raise ValueError("no training sentences")

    # Vocabulary: every word and shape of the training data, and the labels.
    key = partial(word_key, fold_accents=config.fold_accents)  # as the encoder reads words
    counts = Counter(key(w) for words, _ in examples for w in words)
    words = Vocab.build(counts.elements(), min_count=recipe.min_count)
    shapes = Vocab.build(word_shape(w) for words_, _ in examples for w in words_)
    config = replace(config, labels=label_set(train_data))
    tag_index = {label: i for i, label in enumerate(config.labels)}

    # Model and optimiser.
    network = SlotTagger(config, words, shapes)
    optimiser = torch.optim.Adam(network.parameters(), lr=recipe.lr, foreach=True)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    keep_prob = {
        w: (1 - recipe.unk_alpha / (recipe.unk_alpha + n)) * (1 - recipe.word_dropout) for w, n in counts.items()
    }

    # Loop, with evaluation on dev after every epoch.
    best_f1, best_epoch, best_state = -1.0, 0, fresh_state_dict(network)
    history: list[EpochLog] = []
    for epoch in range(1, recipe.epochs + 1):
        epoch_start = time.perf_counter()
        network.train()
        rng.shuffle(examples)
        total, batches = 0.0, _batches(examples, recipe.batch_size)
        for batch_examples in _progress(batches, progress, f"epoch {epoch}"):
            batch = network.encoder.batch([ws for ws, _ in batch_examples])
            drop = torch.tensor(
                [
                    [rng.random() > keep_prob[key(w)] for w in ws] + [False] * (batch.words.shape[1] - len(ws))
                    for ws, _ in batch_examples
                ]
            )
            hide = torch.rand(batch.places.shape, generator=generator) < recipe.place_dropout
            batch = replace(
                batch,
                words=batch.words.masked_fill(drop, 1),  # 1 = other
                places=batch.places.masked_fill(hide & (batch.places > 0), 1),  # 1 = none
            )
            gold = torch.full(batch.words.shape, -100, dtype=torch.long)
            for b, (_, labels) in enumerate(batch_examples):
                gold[b, : len(labels)] = torch.tensor([tag_index[lab] for lab in labels])
            logits, aux, hindsight = network(batch)
            loss = loss_fn(logits.flatten(0, 1), gold.flatten())
            for extra in aux:
                loss = loss + recipe.jordan_aux * loss_fn(extra.flatten(0, 1), gold.flatten())
            if hindsight is not None:
                gold_labels = [labels for _, labels in batch_examples]
                targets = hindsight_targets(gold_labels, config.span_types)
                loss = loss + recipe.hindsight_weight * loss_fn(hindsight.flatten(0, 1), targets.flatten())
                if recipe.typing_weight:
                    loss = loss + recipe.typing_weight * typing_loss(logits, hindsight, gold_labels, config)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(network.parameters(), recipe.clip)
            optimiser.step()
            total += loss.item()

        network.eval()
        f1 = evaluate_sentences(Tagger(network), dev_data).f1 if dev_data else 0.0
        log = EpochLog(epoch, total / len(batches), f1, time.perf_counter() - epoch_start)
        history.append(log)
        improved = f1 > best_f1 or not dev_data  # no dev set: keep the last epoch
        if improved:
            best_f1, best_epoch, best_state = f1, epoch, fresh_state_dict(network)
        if on_epoch:
            on_epoch(log, improved)
        if dev_data and epoch - best_epoch >= recipe.patience:
            break

    # Checkpoint: the best epoch's weights.
    network.load_state_dict(best_state)
    seconds = time.perf_counter() - started
    card = {"best_epoch": best_epoch, "dev_f1": best_f1, "train_seconds": round(seconds, 1)}
    return TrainResult(Tagger(network.eval(), card=card), best_epoch, best_f1, seconds, history)


def evaluate_sentences(tagger: Tagger, sentences: Sequence[Sentence], convention: str = "slotbot") -> Report:
    """Tag the sentences' own tokens (never re-tokenized) and score the spans.

    ``convention`` names how the gold file's corpus draws spans
    (:data:`model.conventions.CONVENTIONS`); predictions are redrawn so first.
    """
    from model.conventions import CONVENTIONS

    redraw = CONVENTIONS[convention]
    predicted = tagger.predict([list(s.words) for s in sentences])
    return evaluate([list(s.labels) for s in sentences], [redraw(s.words, p) for s, p in zip(sentences, predicted)])


def hindsight_targets(labels: Sequence[Sequence[str]], types: Sequence[str]) -> torch.Tensor:
    """Per token, the index in ``types`` of the last span that ended at or
    before it; -100 (no loss) before the first span ends and in padding.

    >>> hindsight_targets([["B-time", "O", "B-departure", "O"]], ["departure", "time"]).tolist()
    [[1, 1, 0, 0]]
    """
    index = {t: i for i, t in enumerate(types)}
    out = torch.full((len(labels), max(map(len, labels), default=0)), -100, dtype=torch.long)
    for b, row in enumerate(labels):
        for span in bio_to_spans(row):
            out[b, span.end - 1 : len(row)] = index[span.type]
    return out


def typing_loss(
    logits: torch.Tensor, hindsight: torch.Tensor, labels: Sequence[Sequence[str]], config: TaggerConfig
) -> torch.Tensor:
    """Cross-entropy of every gold span's type as the reader types it: the
    log of its B and I probabilities at its last word plus hindsight's log
    probabilities at the last word before the next span (or the sentence's
    last word), so the two heads learn to agree on what they are multiplied for."""
    types = config.span_types
    rows = [[config.labels.index(f"{p}-{t}") for p in "BI" if f"{p}-{t}" in config.labels] for t in types]
    at_b, at_end, at_next, gold = [], [], [], []
    for b, row in enumerate(labels):
        spans = bio_to_spans(row)
        nexts = [s.start for s in spans[1:]] + [len(row)]
        for span, nxt in zip(spans, nexts):
            at_b.append(b)
            at_end.append(span.end - 1)
            at_next.append(max(span.end - 1, nxt - 1))
            gold.append(types.index(span.type))
    if not gold:
        return logits.sum() * 0
    label_lp = logits.log_softmax(-1)[at_b, at_end]  # (spans, labels)
    type_lp = torch.stack([label_lp[:, r].logsumexp(-1) for r in rows], -1)
    scores = type_lp + hindsight.log_softmax(-1)[at_b, at_next]
    return nn.functional.cross_entropy(scores, torch.tensor(gold))


def _batches(examples: list, size: int) -> list[list]:
    return [examples[i : i + size] for i in range(0, len(examples), size)]


def _progress(items: list, enabled: bool, desc: str):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, leave=False, unit="batch", disable=None)
