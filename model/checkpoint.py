"""Model files: a directory holding config, vocabulary and weights together.

::

    lstm/
      config.json          architecture (TaggerConfig) and the label set
      vocab.json           the 1-of-N vocabulary and the shape vocabulary
      weights.safetensors  the weights: tensors only, nothing to unpickle
      card.json            what training measured (optional)

Loading checks everything and fails with one line (:class:`ModelError`):
a missing or damaged file, or weights that do not fit the config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file

from model.config import DEFAULT_MODEL, TaggerConfig
from model.encoding import OTHER, PAD, Vocab
from model.gazetteer import GAZETTEER_FILE, shipped_gazetteer
from model.network import SlotTagger
from model.tagger import Tagger

FORMAT = "slotbot-tagger"
FORMAT_VERSION = 1


class ModelError(Exception):
    """A model that cannot be found or loaded; the message is one line."""


def shipped_models_dir() -> Path:
    """Where the models that ship with the package live."""
    return Path(__file__).resolve().parent / "models"


def shipped_models() -> list[str]:
    """Names of the shipped models, default first."""
    root = shipped_models_dir()
    names = sorted(p.name for p in root.iterdir() if (p / "config.json").is_file()) if root.is_dir() else []
    return sorted(names, key=lambda n: (n != DEFAULT_MODEL, n))


def resolve(name_or_path: str | Path) -> Path:
    """The directory of a shipped model name, or the given directory."""
    path = Path(name_or_path)
    shipped = shipped_models_dir() / str(name_or_path)
    if isinstance(name_or_path, str) and "/" not in name_or_path and (shipped / "config.json").is_file():
        return shipped
    if path.is_dir():
        return path
    names = ", ".join(shipped_models()) or "none installed"
    raise ModelError(f"no model named {str(name_or_path)!r}: not a shipped model ({names}) nor a directory")


def save_tagger(tagger: Tagger, directory: str | Path, card: dict[str, Any] | None = None, half: bool = False) -> Path:
    """Write ``tagger`` to ``directory`` (created if needed).

    Args:
        tagger: The trained tagger.
        directory: Where to write the four files.
        card: Facts to keep beside it (scores, training time); defaults to
            ``tagger.card``.
        half: Store the weights as float16 (half the size; they load back
            as float32, and the shipped models' scores are measured after
            that round trip).

    Returns:
        The directory.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    net = tagger.network
    config = {"format": FORMAT, "format_version": FORMAT_VERSION, "config": net.config.to_dict()}
    _write_json(out / "config.json", config)
    vocab = {"words": net.encoder.words.entries[2:], "shapes": net.encoder.shapes.entries[2:]}
    _write_json(out / "vocab.json", vocab)
    dtype = torch.float16 if half else torch.float32
    weights = {k: v.detach().to(dtype).contiguous() for k, v in net.state_dict().items()}
    save_file(weights, str(out / "weights.safetensors"), metadata={"format": FORMAT})
    _write_json(out / "card.json", card if card is not None else tagger.card)
    return out


def load_tagger(name_or_path: str | Path = DEFAULT_MODEL) -> Tagger:
    """Load a shipped model by name (``"lstm"``, ``"gru"``, ...) or a model directory.

    Raises:
        ModelError: The model is missing, damaged, or its files disagree.
    """
    directory = resolve(name_or_path)
    where = f"model {str(name_or_path)!r}"
    meta = _read_json(directory / "config.json", where)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{where}: config.json is not a slotbot model config")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"{where}: model format version {meta.get('format_version')!r}, expected {FORMAT_VERSION}")
    try:
        config = TaggerConfig.from_dict(meta["config"])
    except (KeyError, TypeError, ValueError) as err:
        raise ModelError(f"{where}: config.json has a bad config: {err}") from None
    vocab = _read_json(directory / "vocab.json", where)
    try:
        words, shapes = Vocab(_strings(vocab["words"])), Vocab(_strings(vocab["shapes"]))
    except (KeyError, TypeError, ValueError):
        raise ModelError(f"{where}: vocab.json must hold lists of strings 'words' and 'shapes'") from None
    weights_path = directory / "weights.safetensors"
    if not weights_path.is_file():
        raise ModelError(f"{where}: missing weights.safetensors")
    try:
        weights = load_file(str(weights_path))
    except (SafetensorError, OSError, ValueError) as err:
        raise ModelError(f"{where}: weights.safetensors is damaged ({_first_line(err)})") from None
    if "place" in config.features:
        try:
            shipped_gazetteer()
        except (OSError, EOFError, ValueError) as err:  # UnicodeDecodeError is a ValueError
            raise ModelError(
                f"the place list {GAZETTEER_FILE.name} is missing or damaged ({_first_line(err)}); reinstall slotbot"
            ) from None
    try:
        network = SlotTagger(config, words, shapes)
    except (TypeError, ValueError, RuntimeError) as err:
        raise ModelError(f"{where}: config.json describes no network that can be built ({_first_line(err)})") from None
    _check_fits(network, weights, where)
    network.load_state_dict({k: v.to(torch.float32) for k, v in weights.items()})
    card_path = directory / "card.json"
    card = _read_json(card_path, where) if card_path.is_file() else {}
    name = directory.name if directory.parent == shipped_models_dir() else str(directory)
    return Tagger(network, name=name, card=card if isinstance(card, dict) else {})


def _check_fits(network: SlotTagger, weights: dict[str, torch.Tensor], where: str) -> None:
    expected = {k: tuple(v.shape) for k, v in network.state_dict().items()}
    got = {k: tuple(v.shape) for k, v in weights.items()}
    if missing := sorted(expected.keys() - got.keys()):
        raise ModelError(f"{where}: weights do not fit config.json (missing {missing[0]}, {len(missing)} in all)")
    if extra := sorted(got.keys() - expected.keys()):
        raise ModelError(f"{where}: weights do not fit config.json (unexpected {extra[0]}, {len(extra)} in all)")
    for key, shape in expected.items():
        if got[key] != shape:
            raise ModelError(f"{where}: weights do not fit config.json ({key} is {got[key]}, config needs {shape})")


def _strings(items: object) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
        raise TypeError("not a list of strings")
    if PAD in items or OTHER in items:
        raise ValueError("reserved entry in vocabulary")
    return items


def _read_json(path: Path, where: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{where}: missing {path.name}") from None
    except UnicodeDecodeError:
        raise ModelError(f"{where}: {path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise ModelError(f"{where}: {path.name} is not valid JSON (line {err.lineno})") from None
    except OSError as err:
        raise ModelError(f"{where}: cannot read {path.name} ({err.strerror})") from None


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:120]
