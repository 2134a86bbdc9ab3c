"""The network: tokenizer, encodings, cells, tagger, training and evaluation.

>>> from model import load_tagger          # doctest: +SKIP
>>> load_tagger("lstm").tag("leave Taipei on November 2nd for Tokyo").slots  # doctest: +SKIP

This package never imports ``textual`` or ``chatbot``.
"""

from model.checkpoint import DEFAULT_MODEL, ModelError, load_tagger, save_tagger, shipped_models
from model.network import TaggerConfig
from model.tagger import CellTrace, Slot, TaggedToken, Tagger, Tagging, TokenTrace, Trace

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
    "load_tagger",
    "save_tagger",
    "shipped_models",
]
