"""`scripts/fit_weights.py`: which annotated documents the refit reads."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fit_weights.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fit_weights", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_weights"] = module
    spec.loader.exec_module(module)
    return module


def _gold(claims: int = 1) -> dict[str, object]:
    return {
        "published": "2024-03-10",
        "claims": [
            {"id": i + 1, "measure": "killed", "subject": "civilians", "value": 3, "parent": None}
            for i in range(claims)
        ],
    }


def test_real_pages_are_read_by_set_and_missing_texts_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fit = _script()
    monkeypatch.setenv("OMBUDS_SHARED", str(tmp_path / "no-shared"))  # no seeds
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir()
    (gold / "2026-12-07a.json").write_text(json.dumps({"x.txt": _gold(), "y.txt": _gold()}))
    (gold / "2026-12-07b.json").write_text(json.dumps({"z.txt": _gold(2)}))
    for folder, name in (("a", "x.txt"), ("b", "z.txt")):
        (texts / folder).mkdir(parents=True)
        (texts / folder / name).write_text("Three civilians were killed.")
    real = [d for d in fit.documents(gold, texts) if d.group not in ("project", "seeds")]
    assert sorted((d.group, d.name) for d in real) == [("a", "x.txt"), ("b", "z.txt")]
    only_b = [d for d in fit.documents(gold, texts, "b") if d.group not in ("project", "seeds")]
    assert [(d.group, d.name, len(d.gold)) for d in only_b] == [("b", "z.txt", 2)]
    assert {d.group for d in fit.documents()} == {"project"}
