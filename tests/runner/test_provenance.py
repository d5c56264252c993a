"""The model's fingerprint covers every file the numbers come from, so a changed mechanism never
passes for the old model (compare, explain --against and the run cache rely on it)."""

from __future__ import annotations

from sim.runner.provenance import _source_files
from tests.helpers import ROOT

NOT_NUMBERS = {"sim/model/__init__.py", "sim/model/frames.py"}  # a re-export, and tables of finished runs


def test_every_module_the_model_computes_with_is_in_its_fingerprint():
    fingerprinted = {name for name, _ in _source_files()}
    model = {path.relative_to(ROOT).as_posix() for path in (ROOT / "sim" / "model").rglob("*.py")}
    assert model - NOT_NUMBERS <= fingerprinted, f"not in MODEL_SOURCES: {sorted(model - NOT_NUMBERS - fingerprinted)}"
