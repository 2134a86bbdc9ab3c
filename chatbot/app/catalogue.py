"""The models the app can offer, described without loading torch.

The switcher lists every shipped model with its cell type and parameter
count. Both come from the model's own files: ``config.json`` (the
architecture) and the header of ``weights.safetensors`` (every tensor's
shape), so listing is instant and the first frame never waits for torch.

This mirrors ``model.checkpoint.resolve``, which can not be imported here
because its module imports torch; :func:`problem` is the same check, done
before the app starts (see :func:`chatbot.app.run`).
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

import model
from model.config import DEFAULT_MODEL, TaggerConfig

SHIPPED = Path(model.__file__).resolve().parent / "models"


@dataclass(frozen=True)
class ModelInfo:
    """One model as the switcher lists it.

    Attributes:
        name: The shipped name (``lstm``) or the directory as given.
        description: E.g. ``bidirectional LSTM, 1 layer x 128 units``.
        cell: ``lstm``, ``gru``, ``elman``, ``jordan`` or ``ff``.
        parameters: How many weights it has (0 if unreadable).
        f1: Its test-set span F1 from the model card, if recorded.
    """

    name: str
    description: str
    cell: str
    parameters: int
    f1: float | None = None


def shipped() -> list[str]:
    """The shipped model names, the default first."""
    names = sorted(p.name for p in SHIPPED.iterdir() if (p / "config.json").is_file()) if SHIPPED.is_dir() else []
    return sorted(names, key=lambda n: (n != DEFAULT_MODEL, n))


def directory(name: str) -> Path | None:
    """Where a model name or directory lives, or None."""
    if "/" not in name and (SHIPPED / name / "config.json").is_file():
        return SHIPPED / name
    path = Path(name).expanduser()
    return path if (path / "config.json").is_file() else None


def problem(name: str) -> str | None:
    """Why ``name`` can not be a model (one line), or None if it looks like one."""
    if directory(name) is not None:
        return None
    names = ", ".join(shipped()) or "none installed"
    if Path(name).expanduser().is_dir():
        return f"{name}: not a model directory (no config.json)"
    return f"no model named {name!r}: not a shipped model ({names}) nor a model directory"


def describe(name: str) -> ModelInfo:
    """Read a model's description and size from its files.

    Raises:
        ValueError: ``name`` is not a model, or its config can not be read.
    """
    where = directory(name)
    if where is None:
        raise ValueError(problem(name))
    try:
        meta = json.loads((where / "config.json").read_text(encoding="utf-8"))
        config = TaggerConfig.from_dict(meta["config"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{name}: unreadable config.json ({err})") from None
    card = _card(where)
    f1 = card.get("f1_test")
    return ModelInfo(name, config.describe(), config.cell, _parameters(where / "weights.safetensors"), f1)


def parameter_count(path: Path) -> int:
    """Sum of the tensor sizes listed in a safetensors header (0 if unreadable)."""
    return _parameters(path)


def _parameters(path: Path) -> int:
    try:
        with path.open("rb") as f:
            (size,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(size))
    except (OSError, ValueError, struct.error):
        return 0
    return sum(math.prod(t["shape"]) for k, t in header.items() if k != "__metadata__" and isinstance(t, dict))


def _card(where: Path) -> dict[str, object]:
    try:
        card = json.loads((where / "card.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return card if isinstance(card, dict) else {}
