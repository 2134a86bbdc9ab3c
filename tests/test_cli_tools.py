"""The command-line tools: tag, eval, inspect, train, models."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

import chatbot.commands.inspect as inspect_command
import model.checkpoint
from chatbot.cli import main
from chatbot.commands.inspect import MAX_DUMPED_TOKENS
from chatbot.commands.tag import format_tagging
from model import load_tagger, save_tagger
from model.conll import Sentence, bio_to_spans, read_conll, write_conll
from model.evaluate import evaluate
from model.tagger import MAX_TOKENS, Tagger

TEXT = "I would like to arrive Taipei on November 2nd"
LONG = ("leave Boston at 5pm and arrive Taipei on November 2nd . " * 200)[:10_000]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("slotbot: error:") and "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def conll_files(booking_data: list[Sentence], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("conll")
    files = {"train": root / "train.conll", "dev": root / "dev.conll"}
    write_conll(files["train"], booking_data[:30])
    write_conll(files["dev"], booking_data[30:])
    return files


# -- tag ---------------------------------------------------------------------


def test_cli_tag_json_has_exactly_the_documented_shape(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path
) -> None:
    code, out, err = run(capsys, "tag", TEXT, "--model", str(trained_model_dir), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"text", "tokens", "slots"}
    assert data["text"] == TEXT
    for token in data["tokens"]:
        assert set(token) == {"text", "start", "end", "label", "prob"}
        assert TEXT[token["start"] : token["end"]] == token["text"]
        assert 0 < token["prob"] <= 1
    for kind, slots in data["slots"].items():
        assert isinstance(kind, str) and slots
        for slot in slots:
            assert set(slot) == {"text", "start", "end"}
            assert TEXT[slot["start"] : slot["end"]] == slot["text"]
    assert data == json.loads(json.dumps(load_tagger(trained_model_dir).tag(TEXT).to_json()))


def test_cli_tag_plain_lists_tokens_labels_and_slots(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path
) -> None:
    code, out, _ = run(capsys, "tag", TEXT, "--model", str(trained_model_dir))
    tagging = load_tagger(trained_model_dir).tag(TEXT)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) > len(tagging.tokens) and tagging.tokens
    for line, token in zip(lines, tagging.tokens, strict=False):
        assert line.split()[:2] == [token.text, token.label]
    for slot in tagging.slots:
        assert any(slot.type in line and slot.text in line for line in lines[len(tagging.tokens) :])


def test_cli_tag_reads_standard_input_for_dash(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(TEXT))
    code, out, _ = run(capsys, "tag", "-", "--model", str(trained_model_dir), "--json")
    assert code == 0 and json.loads(out)["text"] == TEXT


# Requests that, read as one text, would run together ("... leaving Washington" "cheapest ...").
LINES = ["what time does the flight leaving Washington", "cheapest fares from Tacoma to Orlando", "", "-"]


def test_cli_tag_tags_each_line_of_standard_input_alone(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\r\n".join(LINES) + "\n"))
    code, out, err = run(capsys, "tag", "-", "--model", str(trained_model_dir), "--json")
    tagger = load_tagger(trained_model_dir)
    assert code == 0 and err == ""  # an empty line is an empty answer, not a note
    assert [json.loads(line) for line in out.splitlines()] == [
        json.loads(json.dumps(tagger.tag(line).to_json())) for line in LINES
    ]


def test_cli_tag_plain_answers_each_line_in_a_block_of_its_own(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(LINES)))
    code, out, _ = run(capsys, "tag", "-", "--model", str(trained_model_dir))
    tagger = load_tagger(trained_model_dir)
    assert code == 0
    assert out == "\n\n".join(format_tagging(tagger.tag(line)) for line in LINES) + "\n"


def test_cli_tag_notes_empty_standard_input(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run(capsys, "tag", "-", "--model", str(trained_model_dir))
    assert code == 0 and out == ""
    assert err.startswith("note:") and "empty" in err and len(err.splitlines()) == 1


def test_cli_tag_notes_which_line_was_tagged_in_windows(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{TEXT}\n{LONG}\n"))
    code, out, err = run(capsys, "tag", "-", "--model", str(trained_model_dir), "--json")
    assert code == 0 and len(out.splitlines()) == 2
    assert err.startswith("note: line 2: ") and "window" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("text", ["[bold]x[/bold]", "[red]leave[/] Taipei \\[not] [link=http://x]y[/link]"])
@pytest.mark.parametrize("as_json", [False, True])
def test_cli_tag_shows_markup_literally(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, text: str, as_json: bool
) -> None:
    code, out, _ = run(capsys, "tag", text, "--model", str(trained_model_dir), *(["--json"] if as_json else []))
    assert code == 0
    tokens = load_tagger(trained_model_dir).tag(text).tokens
    if as_json:
        assert json.loads(out)["text"] == text
    for token in tokens:
        assert token.text in out


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_cli_tag_empty_text_notes_it_on_stderr(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, text: str
) -> None:
    code, out, err = run(capsys, "tag", text, "--model", str(trained_model_dir), "--json")
    assert code == 0
    assert json.loads(out) == {"text": text, "tokens": [], "slots": {}}
    assert err.startswith("note:") and len(err.splitlines()) == 1


def test_cli_tag_long_text_notes_the_windows(capsys: pytest.CaptureFixture[str], trained_model_dir: Path) -> None:
    code, out, err = run(capsys, "tag", LONG, "--model", str(trained_model_dir), "--json")
    assert code == 0
    tokens = json.loads(out)["tokens"]
    assert len(tokens) > MAX_TOKENS
    assert all(LONG[t["start"] : t["end"]] == t["text"] for t in tokens)
    assert err.startswith("note:") and "window" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("text", ["\x00\x1b[31m", "مرحبا 😀", "a\u200bb\r\n"])
def test_cli_tag_odd_characters_work(capsys: pytest.CaptureFixture[str], trained_model_dir: Path, text: str) -> None:
    code, out, err = run(capsys, "tag", text, "--model", str(trained_model_dir), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["text"] == text
    assert all(text[t["start"] : t["end"]] == t["text"] for t in data["tokens"])


def test_cli_tag_reads_stray_bytes_as_replacement_characters(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On the command line Python hands a stray byte over as a lone surrogate
    # (PEP 383); on standard input it is a decoding error unless read leniently.
    argv = b"leave Taip\xffei".decode("utf-8", "surrogateescape")
    code, out, _ = run(capsys, "tag", argv, "--model", str(trained_model_dir), "--json")
    assert code == 0 and json.loads(out)["text"] == "leave Taip\ufffdei"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"leave Taip\xffei"), encoding="utf-8"))
    code, out, _ = run(capsys, "tag", "-", "--model", str(trained_model_dir), "--json")
    assert code == 0 and json.loads(out)["text"] == "leave Taip\ufffdei"


# -- eval --------------------------------------------------------------------


def _gold_support(sentences: list[Sentence]) -> Counter[str]:
    return Counter(span.type for s in sentences for span in bio_to_spans(s.labels))


def _assert_report(data: dict, tagger: Tagger, sentences: list[Sentence]) -> None:
    assert set(data) == {"precision", "recall", "f1", "per_type", "sentences", "tokens"}
    for key in ("precision", "recall", "f1"):
        assert 0 <= data[key] <= 1
    for scores in data["per_type"].values():
        assert set(scores) == {"precision", "recall", "f1", "support"}
        assert all(0 <= scores[k] <= 1 for k in ("precision", "recall", "f1"))
    support = _gold_support(sentences)
    assert {k: v["support"] for k, v in data["per_type"].items() if v["support"]} == dict(support)
    assert data["sentences"] == len(sentences)
    assert data["tokens"] == sum(len(s.words) for s in sentences)
    predicted = tagger.predict([list(s.words) for s in sentences])
    expected = evaluate([list(s.labels) for s in sentences], predicted).to_json_dict()
    assert data == json.loads(json.dumps(expected))


def test_cli_eval_json_matches_evaluate_on_predict(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, conll_files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "eval", "--data", str(conll_files["dev"]), "--model", str(trained_model_dir), "--json")
    assert code == 0
    data = json.loads(out)
    _assert_report(data, load_tagger(trained_model_dir), read_conll(conll_files["dev"]))
    assert data["f1"] > 0.5  # the tiny model learned these templates


def test_cli_eval_on_multiwoz_dev(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, multiwoz_dev: Path
) -> None:
    code, out, _ = run(capsys, "eval", "--data", str(multiwoz_dev), "--model", str(trained_model_dir), "--json")
    assert code == 0
    _assert_report(json.loads(out), load_tagger(trained_model_dir), read_conll(multiwoz_dev))


def test_cli_eval_multiwoz_convention_scores_redrawn_predictions(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, multiwoz_dev: Path
) -> None:
    from model.conventions import to_multiwoz
    from model.evaluate import evaluate

    argv = ["eval", "--data", str(multiwoz_dev), "--model", str(trained_model_dir), "--convention", "multiwoz"]
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    sentences = read_conll(multiwoz_dev)
    predicted = load_tagger(trained_model_dir).predict([list(s.words) for s in sentences])
    gold = [list(s.labels) for s in sentences]
    expected = evaluate(gold, [to_multiwoz(s.words, p) for s, p in zip(sentences, predicted)])
    assert json.loads(out)["f1"] == pytest.approx(expected.f1)
    assert expected.f1 != evaluate(gold, predicted).f1  # the flag changed something
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "spans drawn as multiwoz does" in out


def test_cli_eval_plain_prints_a_table(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, conll_files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "eval", "--data", str(conll_files["dev"]), "--model", str(trained_model_dir))
    assert code == 0
    assert str(conll_files["dev"]) in out
    for kind in _gold_support(read_conll(conll_files["dev"])):
        assert kind in out


def test_cli_eval_notes_the_types_the_model_never_predicts(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, conll_files: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "eval", "--data", str(conll_files["dev"]), "--model", str(trained_model_dir))
    assert code == 0 and err == ""
    other = tmp_path / "hotels.conll"
    other.write_text("to\tO\nthe\tB-hotel\nRitz\tI-hotel\nfrom\tO\nParis\tB-departure\n\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", "--data", str(other), "--model", str(trained_model_dir))
    assert code == 0 and err.startswith("note: the model never predicts hotel;") and len(err.splitlines()) == 1


def test_cli_eval_writes_predictions_beside_the_gold_labels(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, conll_files: dict[str, Path], tmp_path: Path
) -> None:
    out_file = tmp_path / "predicted.conll"
    argv = [
        "eval",
        "--data",
        str(conll_files["dev"]),
        "--model",
        str(trained_model_dir),
        "--predictions",
        str(out_file),
    ]
    code, _, _ = run(capsys, *argv)
    assert code == 0
    gold = read_conll(conll_files["dev"])
    back = read_conll(out_file)
    predicted = load_tagger(trained_model_dir).predict([list(s.words) for s in gold])
    assert [s.words for s in back] == [s.words for s in gold]
    assert [list(s.labels) for s in back] == predicted  # last column: the predictions
    rows = [line.split("\t") for line in out_file.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    assert all(len(row) == 3 for row in rows)
    assert [row[1] for row in rows] == [label for s in gold for label in s.labels]  # gold kept


def test_cli_eval_malformed_file_is_one_error_line(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text("leave\tO\nTaipei\tB-departure\nnope\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", "--data", str(bad), "--model", str(trained_model_dir))
    assert code == 2
    assert f"{bad}:3" in assert_one_error_line(err)


# -- inspect -----------------------------------------------------------------


def test_cli_inspect_json_is_the_trace(capsys: pytest.CaptureFixture[str], trained_model_dir: Path) -> None:
    code, out, _ = run(capsys, "inspect", TEXT, "--model", str(trained_model_dir), "--format", "json")
    assert code == 0
    data = json.loads(out)
    tagger = load_tagger(trained_model_dir)
    assert [t["label"] for t in data["tokens"]] == tagger.tag(TEXT).labels
    for token in data["tokens"]:
        assert sum(token["probs"].values()) == pytest.approx(1, abs=1e-4)
        assert token["encoding"]["trigrams"] == list(tagger.describe(token["text"]).trigrams)
        assert [set(s["gates"]) for s in token["states"]] == [{"i", "f", "g", "o"}]


def test_cli_inspect_csv_has_one_row_per_number(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "trace.csv"
    code, out, _ = run(
        capsys, "inspect", TEXT, "--model", str(trained_model_dir), "--format", "csv", "--out", str(out_file)
    )
    assert code == 0 and out == ""
    rows = list(csv.DictReader(out_file.open(encoding="utf-8", newline="")))
    tagger = load_tagger(trained_model_dir)
    trace = tagger.trace(TEXT)
    hidden = tagger.config.hidden
    per_token = len(tagger.labels) + hidden * (1 + 1 + 4)  # probs, then h, c and the four gates
    assert len(rows) == len(trace.tokens) * per_token
    for i, token in enumerate(trace.tokens):
        probs = {r["unit"]: float(r["value"]) for r in rows if r["token_index"] == str(i) and r["quantity"] == "prob"}
        assert set(probs) == set(tagger.labels)
        assert sum(probs.values()) == pytest.approx(1, abs=1e-4)
        h = [float(r["value"]) for r in rows if r["token_index"] == str(i) and r["quantity"] == "h"]
        np.testing.assert_allclose(h, token.states[0].h, atol=1e-5)


def test_cli_inspect_npz_holds_the_arrays(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "trace.npz"
    code, _, _ = run(
        capsys, "inspect", TEXT, "--model", str(trained_model_dir), "--format", "npz", "--out", str(out_file)
    )
    assert code == 0
    trace = load_tagger(trained_model_dir).trace(TEXT)
    with np.load(out_file) as arrays:
        assert list(arrays["tokens"]) == [t.token.text for t in trace.tokens]
        assert list(arrays["labels"]) == [t.token.label for t in trace.tokens]
        np.testing.assert_allclose(arrays["probs"], np.stack([t.probs for t in trace.tokens]), atol=1e-6)
        for name in ("h", "c", "i", "f", "g", "o"):
            assert arrays[f"layer0_forward_{name}"].shape == (len(trace.tokens), trace.config.hidden)
        np.testing.assert_allclose(arrays["layer0_forward_c"], np.stack([t.states[0].c for t in trace.tokens]))


def test_cli_inspect_shows_hindsight_in_every_format(
    capsys: pytest.CaptureFixture[str], make_tagger: Callable[..., Tagger], tmp_path: Path
) -> None:
    model_dir = save_tagger(make_tagger(seed=4, lookahead=1, hindsight=True), tmp_path / "hindsight")
    trace = load_tagger(model_dir).trace(TEXT)
    expected = np.stack([t.hindsight for t in trace.tokens])
    types = list(trace.config.span_types)

    code, out, _ = run(capsys, "inspect", TEXT, "--model", str(model_dir), "--format", "json")
    assert code == 0
    rows = [[token["hindsight"][kind] for kind in types] for token in json.loads(out)["tokens"]]
    np.testing.assert_allclose(rows, expected, atol=1e-5)

    code, out, _ = run(capsys, "inspect", TEXT, "--model", str(model_dir), "--format", "csv")
    assert code == 0
    found = [r for r in csv.DictReader(io.StringIO(out)) if r["quantity"] == "hindsight"]
    assert [r["unit"] for r in found] == types * len(trace.tokens)
    np.testing.assert_allclose([float(r["value"]) for r in found], expected.ravel(), atol=1e-5)

    out_file = tmp_path / "trace.npz"
    code, _, _ = run(capsys, "inspect", TEXT, "--model", str(model_dir), "--format", "npz", "--out", str(out_file))
    assert code == 0
    with np.load(out_file) as arrays:
        assert list(arrays["type_names"]) == types
        np.testing.assert_allclose(arrays["hindsight"], expected, atol=1e-6)


def test_cli_inspect_npz_needs_out(capsys: pytest.CaptureFixture[str], trained_model_dir: Path) -> None:
    code, out, err = run(capsys, "inspect", TEXT, "--model", str(trained_model_dir), "--format", "npz")
    assert code == 2 and out == ""
    assert "--out" in assert_one_error_line(err)


def test_cli_inspect_empty_text_notes_it(capsys: pytest.CaptureFixture[str], trained_model_dir: Path) -> None:
    code, out, err = run(capsys, "inspect", "  ", "--model", str(trained_model_dir))
    assert code == 0 and json.loads(out)["tokens"] == []
    assert err.startswith("note:")


def test_cli_inspect_long_text_notes_the_windows(capsys: pytest.CaptureFixture[str], trained_model_dir: Path) -> None:
    code, _, err = run(capsys, "inspect", LONG, "--model", str(trained_model_dir), "--format", "csv")
    assert code == 0
    assert err.startswith("note:") and "window" in err


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_inspect_too_long_text_is_one_error_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"dump.{fmt}"
    text = "to Paris " * (MAX_DUMPED_TOKENS // 2 + 1)
    code, printed, err = run(
        capsys, "inspect", text, "--model", str(trained_model_dir), "--format", fmt, "--out", str(out)
    )
    assert code == 2 and printed == "" and not out.exists()
    assert f"{MAX_DUMPED_TOKENS + 2:,} tokens" in assert_one_error_line(err)


def test_cli_inspect_at_the_limit_dumps_every_token(
    capsys: pytest.CaptureFixture[str], trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inspect_command, "MAX_DUMPED_TOKENS", 6)
    code, out, _ = run(capsys, "inspect", "leave Boston at 5 pm .", "--model", str(trained_model_dir))
    assert code == 0 and len(json.loads(out)["tokens"]) == 6


# -- train -------------------------------------------------------------------

TRAIN_FLAGS = [
    ["--cell", "gru", "--bidirectional", "--layers", "2"],
    ["--cell", "jordan"],
    ["--cell", "lstm", "--peephole", "--features", "trigram,shape"],
    ["--cell", "ff"],
    ["--cell", "elman", "--lookahead", "2"],
    ["--cell", "gru", "--lookahead"],
    ["--cell", "lstm", "--place-spans", "--hindsight", "--lookahead"],
    ["--cell", "elman", "--hindsight", "--typing-weight", "0.3"],
]


@pytest.mark.parametrize("flags", TRAIN_FLAGS, ids=" ".join)
def test_cli_train_writes_a_loadable_model(
    capsys: pytest.CaptureFixture[str], conll_files: dict[str, Path], tmp_path: Path, flags: list[str]
) -> None:
    out_dir = tmp_path / "model"
    argv = ["train", "--data", str(conll_files["train"]), "--dev", str(conll_files["dev"]), "--out", str(out_dir)]
    code, _, err = run(capsys, *argv, *flags, "--hidden", "8", "--epochs", "2", "--seed", "3")
    assert code == 0, err
    tagger = load_tagger(out_dir)
    config = tagger.config
    assert config.cell == flags[1] and config.hidden == 8
    assert config.bidirectional == ("--bidirectional" in flags)
    assert config.peephole == ("--peephole" in flags)
    assert config.layers == (2 if "--layers" in flags else 1)
    if "--lookahead" in flags:
        given = flags[flags.index("--lookahead") + 1 :][:1]
        assert config.lookahead == (int(given[0]) if given else 1)
    else:
        assert config.lookahead == 0
    assert config.hindsight == ("--hindsight" in flags)
    assert config.place_spans == ("--place-spans" in flags)
    if "--features" in flags:
        assert set(config.features) == {"trigram", "shape"}
    assert set(config.labels) == {label for s in read_conll(conll_files["train"]) for label in s.labels}
    assert tagger.card["seed"] == 3
    assert tagger.card.get("typing_weight", 0) == (0.3 if "--typing-weight" in flags else 0)
    assert len(tagger.tag(TEXT).tokens) == len(TEXT.split())
    # The same command again gives the same weights.
    code, _, _ = run(
        capsys, *argv[:-1], str(tmp_path / "again"), *flags, "--hidden", "8", "--epochs", "2", "--seed", "3"
    )
    assert code == 0
    again = load_tagger(tmp_path / "again").network.state_dict()
    assert all(torch.equal(v, again[k]) for k, v in tagger.network.state_dict().items())


MALFORMED = {
    "one column": ("leave\tO\nTaipei\n", 2),
    "bad label": ("leave\tO\n\narrive\tO\nTaipei\tDEST\n", 4),
    "empty": ("\n\n", 1),
}


@pytest.mark.parametrize("which", ["train", "dev"])
@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_cli_train_malformed_file_names_file_and_line(
    capsys: pytest.CaptureFixture[str], conll_files: dict[str, Path], tmp_path: Path, case: str, which: str
) -> None:
    text, line = MALFORMED[case]
    bad = tmp_path / "bad.conll"
    bad.write_text(text, encoding="utf-8")
    files = {**conll_files, which: bad}
    code, _, err = run(
        capsys, "train", "--data", str(files["train"]), "--dev", str(files["dev"]), "--out", str(tmp_path / "m")
    )
    assert code == 2
    assert f"{bad}:{line}" in assert_one_error_line(err)
    assert not (tmp_path / "m").exists()


def test_cli_train_missing_file_is_one_error_line(
    capsys: pytest.CaptureFixture[str], conll_files: dict[str, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.conll"
    code, _, err = run(
        capsys, "train", "--data", str(missing), "--dev", str(conll_files["dev"]), "--out", str(tmp_path / "m")
    )
    assert code == 2
    assert str(missing) in assert_one_error_line(err)


def test_cli_train_out_it_cannot_write_is_an_error_before_any_training(
    capsys: pytest.CaptureFixture[str], conll_files: dict[str, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "m"
    code, _, err = run(
        capsys, "train", "--data", str(conll_files["train"]), "--dev", str(conll_files["dev"]), "--out", str(out)
    )
    assert code == 2
    assert str(out) in assert_one_error_line(err)  # no "training ..." line before it


@pytest.mark.parametrize(
    "flags",
    [
        ["--layers", "0"],
        ["--hidden", "0"],
        ["--features", "word,colour"],
        ["--cell", "gru", "--peephole"],
        ["--epochs", "0"],
        ["--lookahead", "-1"],
        ["--cell", "ff", "--hindsight"],
        ["--cell", "elman", "--typing-weight", "0.3"],
        ["--cell", "elman", "--hindsight", "--typing-weight", "-1"],
    ],
    ids=" ".join,
)
def test_cli_train_bad_options_are_one_error_line(
    capsys: pytest.CaptureFixture[str], conll_files: dict[str, Path], tmp_path: Path, flags: list[str]
) -> None:
    argv = [
        "train",
        "--data",
        str(conll_files["train"]),
        "--dev",
        str(conll_files["dev"]),
        "--out",
        str(tmp_path / "m"),
    ]
    code, _, err = run(capsys, *argv, *flags)
    assert code == 2
    assert_one_error_line(err)


# -- models ------------------------------------------------------------------


def test_cli_models_with_none_shipped_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model.checkpoint, "shipped_models_dir", lambda: tmp_path / "empty")
    code, out, err = run(capsys, "models")
    assert code == 0 and err == ""
    assert "no shipped models" in out
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0 and out == ""


def test_cli_models_lists_each_shipped_model(
    capsys: pytest.CaptureFixture[str], trained_tagger: Tagger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "shipped"
    save_tagger(trained_tagger, root / "lstm", card={"f1_test": 0.875, "train_seconds": 3.0})
    save_tagger(trained_tagger, root / "other", card={})
    monkeypatch.setattr(model.checkpoint, "shipped_models_dir", lambda: root)
    code, out, _ = run(capsys, "models", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in rows] == ["lstm", "other"]
    assert rows[0]["default"] and not rows[1]["default"]
    assert rows[0]["parameters"] == trained_tagger.parameter_count
    assert rows[0]["description"] == trained_tagger.config.describe()
    assert rows[0]["f1_test"] == 0.875 and rows[1]["f1_test"] is None
    code, out, _ = run(capsys, "models")
    assert code == 0
    assert "lstm" in out and "other" in out and "87.50" in out
