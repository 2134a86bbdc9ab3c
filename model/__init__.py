"""The network: tokenizer, encodings, cells, tagger, training and evaluation.

>>> from model import load_tagger          # doctest: +SKIP
>>> load_tagger("lstm").tag("leave Taipei on November 2nd for Tokyo").slots  # doctest: +SKIP

Names are imported on first use, so ``import model.config`` stays free of
torch (the app's first frame must not wait for it). This package never
imports ``textual`` or ``chatbot``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "DEFAULT_MODEL": "model.config",
    "TaggerConfig": "model.config",
    "TrainConfig": "model.config",
    "ModelError": "model.checkpoint",
    "load_tagger": "model.checkpoint",
    "save_tagger": "model.checkpoint",
    "shipped_models": "model.checkpoint",
    "CellTrace": "model.tagger",
    "Slot": "model.tagger",
    "TaggedToken": "model.tagger",
    "Tagger": "model.tagger",
    "Tagging": "model.tagger",
    "TokenTrace": "model.tagger",
    "Trace": "model.tagger",
}
__all__ = [
    "DEFAULT_MODEL",
    "CellTrace",
    "ModelError",
    "Slot",
    "TaggedToken",
    "Tagger",
    "TaggerConfig",
    "Tagging",
    "TokenTrace",
    "Trace",
    "TrainConfig",
    "load_tagger",
    "save_tagger",
    "shipped_models",
]

if TYPE_CHECKING:
    from model.checkpoint import ModelError, load_tagger, save_tagger, shipped_models
    from model.config import DEFAULT_MODEL, TaggerConfig, TrainConfig
    from model.tagger import CellTrace, Slot, TaggedToken, Tagger, Tagging, TokenTrace, Trace


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'model' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
