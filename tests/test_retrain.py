"""The retrain script: a trial corpus round trains into a directory of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from model import load_tagger
from model.conll import read_conll, write_conll
from model.models import retrain

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def trial_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus round: the first sentences of each generated split."""
    folder = tmp_path_factory.mktemp("round")
    for split, size in (("train", 300), ("dev", 60), ("test", 40)):
        write_conll(folder / f"{split}.conll", read_conll(DATA / f"{split}.conll")[:size])
    return folder


def test_retrain_into_a_directory_leaves_the_shipped_model_alone(
    trial_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = retrain.HERE / "ff"
    before = {f.name: f.read_bytes() for f in shipped.iterdir()}

    assert retrain.main(["--only", "ff", "--seed", "3", "--data", str(trial_data), "--out", str(tmp_path)]) == 0

    assert {f.name: f.read_bytes() for f in shipped.iterdir()} == before
    card = load_tagger(tmp_path / "ff").card
    assert card["train_sentences"] == 300 and card["seed"] == 3
    # Its test score is on the trial round's own test split, the rest on the project's sets.
    tagger = load_tagger(tmp_path / "ff")
    assert card == {**card, **retrain.measure(tagger, trial_data)}
    assert card["f1_test"] != pytest.approx(retrain.measure(tagger)["f1_test"])
    assert '"name": "ff"' in capsys.readouterr().out


def test_retrain_measure_only_rewrites_the_card_in_the_directory(trial_data: Path, tmp_path: Path) -> None:
    assert retrain.main(["--only", "ff", "--data", str(trial_data), "--out", str(tmp_path)]) == 0
    (tmp_path / "ff" / "card.json").write_text("{}", encoding="utf-8")
    assert retrain.main(["--only", "ff", "--measure-only", "--data", str(trial_data), "--out", str(tmp_path)]) == 0
    assert set(load_tagger(tmp_path / "ff").card) >= {"f1_test", "f1_handwritten", "contrast_accuracy"}


def test_retrain_without_training_data_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert retrain.main(["--only", "ff", "--data", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("retrain: error:") and "train.conll" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_retrain_place_spans_are_a_trial_into_a_directory_of_its_own(
    trial_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--only", "ff", "--seed", "3", "--data", str(trial_data), "--place-spans"]
    with pytest.raises(SystemExit) as refused:
        retrain.main(argv)
    assert refused.value.code == 2 and "--place-spans is a trial: give --out" in capsys.readouterr().err

    assert retrain.main([*argv, "--out", str(tmp_path)]) == 0
    assert load_tagger(tmp_path / "ff").config.place_spans
    assert not load_tagger("ff").config.place_spans
