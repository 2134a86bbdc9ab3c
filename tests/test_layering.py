"""Imports run one way: chatbot -> model, never back; the CLI starts without torch."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL_FILES = sorted((ROOT / "model").rglob("*.py"))
FORBIDDEN = ("textual", "chatbot")


def imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` in ``path`` names, at any depth."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                names.add(node.args[0].value)
    return names


def test_layering_finds_the_model_files() -> None:
    names = {p.name for p in MODEL_FILES}
    assert {"cells.py", "encoding.py", "recurrent.py", "tagger.py", "checkpoint.py", "train.py"} <= names


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_layering_model_never_imports_textual_or_chatbot(path: Path) -> None:
    bad = {name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_layering_import_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    # The check above can fail: the reader finds nested and dynamic imports too.
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def f():\n"
        "    from textual.app import App\n"
        "    import chatbot.cli as cli\n"
        "    importlib.import_module('chatbot.commands')\n",
        encoding="utf-8",
    )
    assert imported_modules(sample) >= {"os", "textual.app", "chatbot.cli", "chatbot.commands"}


def _loads_torch(code: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; print('torch' in sys.modules)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("import model, model.config", id="model.config"),
        pytest.param("import chatbot.cli as c; c.build_parser()", id="build_parser"),
        pytest.param("import chatbot.cli as c; c.build_parser().parse_args(['tag', 'x'])", id="parse_args"),
    ],
)
def test_layering_config_and_cli_parser_do_not_import_torch(code: str) -> None:
    assert not _loads_torch(code)


def test_layering_torch_check_can_see_torch() -> None:
    assert _loads_torch("import model.cells")
