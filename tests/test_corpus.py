"""The corpus generator (data/generate.py) and the shipped data/*.conll files."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data import generate  # noqa: E402
from data.corpus import times  # noqa: E402
from data.corpus.compose import Composer  # noqa: E402
from data.corpus.render import Span, assemble, label_tokens  # noqa: E402
from data.corpus.scheme import LABELS  # noqa: E402
from model.tokenizer import tokenize  # noqa: E402

SPLITS = ("train", "dev", "test")
SMALL = ["--train", "600", "--dev", "200", "--test", "200"]


def read_conll(path: Path) -> list[dict]:
    """Utterances of a CoNLL file: id, pattern, text, tokens, labels."""
    utts, current = [], None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("# id: "):
            current = {"id": line[6:], "tokens": [], "labels": []}
        elif line.startswith("# pattern: "):
            current["pattern"] = line[11:]
        elif line.startswith("# text: "):
            current["text"] = line[8:]
        elif line == "":
            if current is not None:
                utts.append(current)
            current = None
        else:
            token, label = line.split("\t")
            current["tokens"].append(token)
            current["labels"].append(label)
    return utts


def spans_of(utt: dict, slots: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(slot, lower-cased token text)`` of every span of the given types."""
    out, open_span = [], None
    for token, label in zip(utt["tokens"], utt["labels"]):
        if label.startswith("B-") and label[2:] in slots:
            open_span = [label[2:], [token]]
            out.append(open_span)
        elif label.startswith("I-") and open_span is not None:
            open_span[1].append(token)
        else:
            open_span = None
    return [(slot, " ".join(tokens).lower()) for slot, tokens in out]


@pytest.fixture(scope="module")
def world():
    return generate.build_world()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate.main(["--seed", "3", "--out", str(out), *SMALL])
    return out


@pytest.fixture(scope="module")
def corpus(corpus_dir) -> dict[str, list[dict]]:
    return {split: read_conll(corpus_dir / f"{split}.conll") for split in SPLITS}


def test_corpus_same_seed_gives_identical_files(corpus_dir, tmp_path):
    generate.main(["--seed", "3", "--out", str(tmp_path / "again"), *SMALL])
    generate.main(["--seed", "4", "--out", str(tmp_path / "other"), *SMALL])
    for name in ("train.conll", "dev.conll", "test.conll", "stats.json"):
        assert (tmp_path / "again" / name).read_bytes() == (corpus_dir / name).read_bytes()
    assert (tmp_path / "other" / "train.conll").read_bytes() != (corpus_dir / "train.conll").read_bytes()


def test_corpus_sizes_as_asked(corpus):
    assert [len(corpus[s]) for s in SPLITS] == [600, 200, 200]


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_labels_are_valid_bio_over_spacy_tokens(corpus, split):
    for utt in corpus[split]:
        assert utt["tokens"] == [t.text for t in tokenize(utt["text"])], utt["id"]
        previous = "O"
        for label in utt["labels"]:
            assert label in LABELS
            if label.startswith("I-"):
                assert previous[2:] == label[2:] and previous != "O", utt["id"]
            previous = label


@pytest.mark.parametrize("split", ["dev", "test"])
def test_corpus_dev_and_test_places_unseen_in_train(corpus, world, split):
    slots = ("departure", "destination")
    train_places = {text for u in corpus["train"] for _, text in spans_of(u, slots)}
    split_places = {text for u in corpus[split] for _, text in spans_of(u, slots)}
    assert split_places and not split_places & train_places
    gazetteer = world[2]
    assert not gazetteer.surfaces(split) & gazetteer.surfaces("train")


@pytest.mark.parametrize("split", ["dev", "test"])
def test_corpus_dev_and_test_patterns_unseen_in_train(corpus, world, split):
    assert not {u["pattern"] for u in corpus[split]} & {u["pattern"] for u in corpus["train"]}
    by_split = world[1]
    assert not {p.id for p in by_split[split]} & {p.id for p in by_split["train"]}
    families = {p.family for p in by_split["train"]} - {"lecture"}
    assert {p.family for p in by_split[split]} == families


def test_corpus_has_enough_patterns_time_forms_and_places(world):
    patterns, _, gazetteer = world
    assert len(patterns) >= 200
    assert len(times.FORMS) >= 40 and len({f.id for f in times.FORMS}) == len(times.FORMS)
    assert len(gazetteer.places) >= 2000
    assert set(gazetteer.counts_by_source()) == {"geonames", "airportsdata", "stations", "venues", "aliases"}


def test_corpus_lecture_pair_flips_the_label_of_taipei(world):
    patterns, _, gazetteer = world
    lecture = next(p for p in patterns if p.family == "lecture" and p.templates[0].startswith("I would"))
    composer = Composer(gazetteer, "train", random.Random(0))
    labelled = []
    for draft in composer.compose(lecture, generate.lecture_fixed(gazetteer)):
        labelled.append({token.lower(): label for token, label in label_tokens(draft.text, draft.spans)})
    arrive, leave = labelled
    assert arrive["taipei"] == "B-destination" and leave["taipei"] == "B-departure"
    for pairs in labelled:
        assert (pairs["november"], pairs["2nd"], pairs["on"]) == ("B-time", "I-time", "O")


@pytest.mark.parametrize("form", times.FORMS, ids=lambda f: f.id)
def test_corpus_every_time_form_is_one_span_with_its_intro_outside(form):
    rng = random.Random(form.id)
    for _ in range(30):
        intro, value = rng.choice(form.intros), form.make(rng)
        segments = [("I need it ", None), (intro + " ", None), (value, "time"), (" please.", None)]
        text, spans = assemble(segments)
        labels = [label for _, label in label_tokens(text, spans)]
        n_value = len(tokenize(value))
        n_before = 3 + (1 if intro else 0)
        assert labels[:n_before] == ["O"] * n_before
        assert labels[n_before : n_before + n_value] == ["B-time"] + ["I-time"] * (n_value - 1), text
        assert labels[n_before + n_value :] == ["O", "O"]


def test_corpus_range_from_is_time_and_stopover_is_outside():
    text, spans = assemble([("a train from ", None), ("Leeds", "departure"), (" ", None),
                            ("from 9 to 11 am", "time"), (" via Crewe", None)])
    labels = dict(label_tokens(text, spans))
    assert labels["Leeds"] == "B-departure"
    assert [label for token, label in label_tokens(text, spans) if token == "from"] == ["O", "B-time"]
    assert labels["Crewe"] == "O"


def test_corpus_token_crossing_a_span_is_rejected():
    with pytest.raises(ValueError):
        label_tokens("leave at 3:30pm", [Span(9, 13, "time")])  # "3:30pm" is one token
    with pytest.raises(ValueError):
        assemble([("on ", None), ("Friday", "time"), (" at ", None), ("5pm", "time")])  # rule T3


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_shipped_files_parse(split):
    path = ROOT / "data" / f"{split}.conll"
    assert path.exists(), f"run data/generate.py to create {path.name}"
    n_utterances = 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line:
            continue
        if line.startswith("# "):
            n_utterances += line.startswith("# id: ")
            continue
        token, label = line.split("\t")
        assert token and label in LABELS
    stats = json.loads((ROOT / "data" / "stats.json").read_text(encoding="utf-8"))
    assert stats["splits"][split]["utterances"] == n_utterances


def test_corpus_shipped_train_has_the_lecture_sentence():
    texts = {u["text"].lower().rstrip(".") for u in read_conll(ROOT / "data" / "train.conll")}
    assert "i would like to arrive taipei on november 2nd" in texts
    assert "i would like to leave taipei on november 2nd" in texts


@pytest.mark.parametrize("module", ["times", "render"])
def test_corpus_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"data.corpus.{module}"))
    assert result.attempted > 0 and result.failed == 0
