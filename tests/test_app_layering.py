"""The app's place in the house: the model loads lazily, the dialogue knows nothing of the UI.

(``test_layering`` already checks that ``model/`` imports nothing from ``chatbot``.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_layering import imported_modules

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["torch", "model.tagger", "chatbot.dialogue", "numpy", "spacy"])
def test_app_layering_first_frame_waits_for_none_of_the_heavy_modules(module: str) -> None:
    code = f"import sys; import chatbot.app, chatbot.app.app; print({module!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"], f"importing the app imports {module}"


def test_app_layering_heavy_module_check_can_see_a_heavy_module() -> None:
    code = "import sys; import chatbot.app.memory; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "chatbot" / "dialogue").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_app_layering_dialogue_never_imports_textual_or_the_app(path: Path) -> None:
    assert not {name for name in imported_modules(path) if name.startswith(("textual", "chatbot.app"))}


def test_app_layering_app_modules_stay_small() -> None:
    sizes = {
        p.relative_to(ROOT): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "chatbot" / "app").rglob("*.py")
    }
    assert max(sizes.values()) < 400, max(sizes.items(), key=lambda kv: kv[1])
