"""Model directories: config + vocabulary + safetensors weights, and one-line errors."""

from __future__ import annotations

import gzip
import json
import pickle
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

import model.checkpoint
import model.gazetteer
from chatbot.cli import main
from model import ModelError, load_tagger, save_tagger
from model.tagger import Tagger

FILES = ("config.json", "vocab.json", "weights.safetensors", "card.json")
TEXT = "I would like to leave Boston at 5pm"


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _edit_json(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(d: Path) -> None:
        data = json.loads((d / name).read_text(encoding="utf-8"))
        change(data)
        (d / name).write_text(json.dumps(data), encoding="utf-8")

    return apply


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda d: (d / name).write_bytes(data)


def _truncate(d: Path) -> None:
    weights = d / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])


def _other_hidden(d: Path) -> None:
    from model.config import TaggerConfig
    from model.encoding import Vocab
    from model.network import SlotTagger

    meta = json.loads((d / "config.json").read_text(encoding="utf-8"))
    config = TaggerConfig.from_dict({**meta["config"], "hidden": meta["config"]["hidden"] + 3})
    vocab = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
    wider = Tagger(SlotTagger(config, Vocab(vocab["words"]), Vocab(vocab["shapes"])))
    other = save_tagger(wider, d.parent / (d.name + "-wider"))
    shutil.copy(other / "weights.safetensors", d / "weights.safetensors")


def _pickled_weights(d: Path) -> None:
    torch.save({"w": torch.ones(2)}, d / "weights.safetensors")  # what a careless save would write


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "missing config.json": lambda d: (d / "config.json").unlink(),
    "missing vocab.json": lambda d: (d / "vocab.json").unlink(),
    "missing weights.safetensors": lambda d: (d / "weights.safetensors").unlink(),
    "corrupt config.json": _write("config.json", b'{"format": "slotbot-tagger", '),
    "corrupt vocab.json": _write("vocab.json", b"[1, 2"),
    "corrupt card.json": _write("card.json", b"{"),
    "config.json not utf-8": _write("config.json", b"\xff\xfe\x00{"),
    "config.json a list": _write("config.json", b"[]"),
    "vocab.json wrong shape": _write("vocab.json", b'{"words": [1, 2], "shapes": []}'),
    "truncated weights": _truncate,
    "garbage weights": _write("weights.safetensors", bytes(range(256)) * 8),
    "empty weights": _write("weights.safetensors", b""),
    "pickled weights": _pickled_weights,
    "weights of another hidden size": _other_hidden,
    "vocab size disagrees with weights": _edit_json("vocab.json", lambda v: v["words"].append("zanzibar")),
    "unknown config key": _edit_json("config.json", lambda m: m["config"].update(colour="red")),
    "hindsight the weights lack": _edit_json("config.json", lambda m: m["config"].update(hindsight=True)),
    "unknown cell": _edit_json("config.json", lambda m: m["config"].update(cell="transformer")),
    "wrong format version": _edit_json("config.json", lambda m: m.update(format_version=99)),
    "wrong format name": _edit_json("config.json", lambda m: m.update(format="something-else")),
    "no config section": _edit_json("config.json", lambda m: m.pop("config")),
}


@pytest.fixture
def broken_model(trained_model_dir: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    directory = _copy(trained_model_dir, tmp_path / "broken")
    BREAKAGES[request.param](directory)
    return directory


def test_checkpoint_directory_holds_the_four_files(trained_model_dir: Path) -> None:
    assert sorted(p.name for p in trained_model_dir.iterdir()) == sorted(FILES)
    meta = json.loads((trained_model_dir / "config.json").read_text(encoding="utf-8"))
    assert meta["config"]["cell"] == "lstm" and meta["config"]["labels"][0] == "O"


def test_checkpoint_weights_are_safetensors_not_pickle(trained_model_dir: Path, trained_tagger: Tagger) -> None:
    data = (trained_model_dir / "weights.safetensors").read_bytes()
    assert not data.startswith(b"PK") and not data.startswith(b"\x80")  # torch.save zip / raw pickle
    # safetensors: an 8-byte little-endian header length, then a JSON header.
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    tensors = {k: v for k, v in header.items() if k != "__metadata__"}
    state = trained_tagger.network.state_dict()
    assert set(tensors) == set(state)
    assert all(tensors[k]["shape"] == list(v.shape) for k, v in state.items())


def test_checkpoint_loading_never_unpickles(trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("loading a model must not unpickle anything")

    monkeypatch.setattr(torch, "load", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(pickle, "Unpickler", refuse)
    assert load_tagger(trained_model_dir).tag(TEXT).tokens


def test_checkpoint_round_trip_keeps_weights_config_vocab_and_answers(
    trained_tagger: Tagger, trained_model_dir: Path
) -> None:
    loaded = load_tagger(str(trained_model_dir))
    assert loaded.config == trained_tagger.config
    assert loaded.network.encoder.words.entries == trained_tagger.network.encoder.words.entries
    assert loaded.network.encoder.shapes.entries == trained_tagger.network.encoder.shapes.entries
    original = trained_tagger.network.state_dict()
    for name, tensor in loaded.network.state_dict().items():
        assert torch.equal(tensor, original[name]), name
    a, b = trained_tagger.tag(TEXT), loaded.tag(TEXT)
    assert a.labels == b.labels and a.slots == b.slots
    assert [t.prob for t in a.tokens] == [t.prob for t in b.tokens]


def test_checkpoint_round_trip_keeps_hindsight(make_tagger: Callable[..., Tagger], tmp_path: Path) -> None:
    tagger = make_tagger(seed=2, cell="gru", lookahead=1, hindsight=True)
    loaded = load_tagger(str(save_tagger(tagger, tmp_path / "hindsight")))
    assert loaded.config.hindsight and loaded.network.hidden2type is not None
    original = tagger.network.state_dict()
    assert loaded.network.state_dict().keys() == original.keys()
    for name, tensor in loaded.network.state_dict().items():
        assert torch.equal(tensor, original[name]), name
    a, b = tagger.trace(TEXT), loaded.trace(TEXT)
    assert [t.token.label for t in a.tokens] == [t.token.label for t in b.tokens]
    np.testing.assert_array_equal(np.stack([t.hindsight for t in a.tokens]), np.stack([t.hindsight for t in b.tokens]))


def test_checkpoint_half_precision_weights_load_back_as_float32(trained_tagger: Tagger, tmp_path: Path) -> None:
    full = save_tagger(trained_tagger, tmp_path / "full")
    half = save_tagger(trained_tagger, tmp_path / "half", half=True)
    data = (half / "weights.safetensors").read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    dtypes = {v["dtype"] for k, v in json.loads(data[8 : 8 + size]).items() if k != "__metadata__"}
    assert dtypes == {"F16"}
    assert (half / "weights.safetensors").stat().st_size < (full / "weights.safetensors").stat().st_size
    loaded = load_tagger(half)
    original = trained_tagger.network.state_dict()
    for name, tensor in loaded.network.state_dict().items():
        assert tensor.dtype == torch.float32
        assert torch.equal(tensor, original[name].half().float()), name
    a, b = trained_tagger.tag(TEXT), loaded.tag(TEXT)
    assert [t.prob for t in b.tokens] == pytest.approx([t.prob for t in a.tokens], abs=1e-2)


def test_checkpoint_card_round_trips(trained_tagger: Tagger, tmp_path: Path) -> None:
    card = {"dev_f1": 0.5, "note": "Zürich ✈"}
    directory = save_tagger(trained_tagger, tmp_path / "with-card", card=card)
    assert load_tagger(directory).card == card


@pytest.mark.parametrize("broken_model", sorted(BREAKAGES), indirect=True)
def test_checkpoint_broken_model_raises_one_line_model_error(broken_model: Path) -> None:
    with pytest.raises(ModelError) as info:
        load_tagger(broken_model)
    message = str(info.value)
    assert message.strip() and "\n" not in message and len(message) < 400


@pytest.mark.parametrize("broken_model", sorted(BREAKAGES), indirect=True)
def test_checkpoint_broken_model_via_cli_exits_2_with_one_line(
    broken_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tag", "x", "--model", str(broken_model)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("slotbot: error:")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "damage",
    [None, b"", b"not gzip", gzip.compress(b"\xff\xfe broken", mtime=0)],
    ids=["missing", "empty", "not-gzip", "not-utf8"],
)
def test_checkpoint_a_missing_or_damaged_place_list_is_a_one_line_model_error(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | None
) -> None:
    damaged = tmp_path / "gazetteer.txt.gz"
    if damage is not None:
        damaged.write_bytes(damage)
    monkeypatch.setattr(model.gazetteer, "GAZETTEER_FILE", damaged)
    model.gazetteer.shipped_gazetteer.cache_clear()
    try:
        with pytest.raises(ModelError, match="place list gazetteer.txt.gz is missing or damaged") as info:
            load_tagger(trained_model_dir)
        assert "\n" not in str(info.value)
    finally:
        model.gazetteer.shipped_gazetteer.cache_clear()


@pytest.mark.parametrize("where", ["missing-dir", "a-file"])
def test_checkpoint_missing_model_raises_model_error(
    tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / where
    if where == "a-file":
        path.write_text("not a model", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_tagger(path)
    assert "\n" not in str(info.value)
    assert main(["tag", "x", "--model", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("slotbot: error:")


# Configs that pass the JSON checks but describe no buildable network.
BAD_VALUES = {
    "unknown feature": ("features", ["word", "bogus"]),
    "no features": ("features", []),
    "fractional hidden size": ("hidden", 8.5),
    "negative width": ("word_dim", -1),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_checkpoint_config_values_that_build_no_network_raise_model_error(
    trained_model_dir: Path, tmp_path: Path, case: str
) -> None:
    key, value = BAD_VALUES[case]
    directory = _copy(trained_model_dir, tmp_path / "bad")
    _edit_json("config.json", lambda m: m["config"].update({key: value}))(directory)
    with pytest.raises(ModelError):
        load_tagger(directory)


@pytest.mark.parametrize("edit", ["drop O", "twice"])
def test_checkpoint_labels_without_o_or_twice_raise_model_error(
    trained_model_dir: Path, tmp_path: Path, edit: str
) -> None:
    def relabel(labels: list[str]) -> list[str]:  # the same number of labels, so only the check can object
        return (
            ["B-other" if label == "O" else label for label in labels]
            if edit == "drop O"
            else [labels[0]] * len(labels)
        )

    directory = _copy(trained_model_dir, tmp_path / "bad")
    _edit_json("config.json", lambda m: m["config"].update(labels=relabel(m["config"]["labels"])))(directory)
    with pytest.raises(ModelError, match="labels must hold 'O' and no label twice"):
        load_tagger(directory)


def test_checkpoint_card_is_optional(trained_model_dir: Path, tmp_path: Path) -> None:
    directory = _copy(trained_model_dir, tmp_path / "no-card")
    (directory / "card.json").unlink()
    assert load_tagger(directory).card == {}


def test_checkpoint_no_shipped_models_is_an_empty_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model.checkpoint, "shipped_models_dir", lambda: tmp_path / "none-here")
    assert model.checkpoint.shipped_models() == []
    with pytest.raises(ModelError, match="none installed"):
        load_tagger("lstm")


def test_checkpoint_shipped_model_loads_by_name(
    trained_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "shipped"
    _copy(trained_model_dir, root / "gru")
    _copy(trained_model_dir, root / "lstm")
    (root / "not-a-model").mkdir()
    monkeypatch.setattr(model.checkpoint, "shipped_models_dir", lambda: root)
    assert model.checkpoint.shipped_models() == ["lstm", "gru"]  # the default first
    tagger = load_tagger("gru")
    assert tagger.name == "gru"
    assert tagger.tag(TEXT).tokens
