"""The scenario library in ``scenarios/``, and the baseline every other scenario is drawn against."""

from __future__ import annotations

from pathlib import Path

from sim.paths import SCENARIOS_DIR
from sim.scenario.files import load_scenario
from sim.scenario.schema import Scenario

LIBRARY = SCENARIOS_DIR
COMPANIONS = SCENARIOS_DIR / "companions"  # single-lever companions of the bundled scenarios


def library() -> list[tuple[Path, Scenario]]:
    """The scenario library in file-name order, then its single-lever companions."""
    paths = sorted(LIBRARY.glob("*.yaml")) + sorted(COMPANIONS.glob("*.yaml"))
    return [(path, load_scenario(path)) for path in paths]


def reference_for(scenario: Scenario) -> Scenario | None:
    """The baseline every chart is drawn against: the library baseline with the scenario's steps,
    seed and replications; None when the scenario is that baseline itself."""
    baseline = load_scenario(LIBRARY / "baseline.yaml")
    reference = baseline.with_overrides(steps=scenario.steps, seed=scenario.seed, replications=scenario.replications)
    same = scenario.model_params == reference.model_params and not scenario.events and scenario.sweep is None
    return None if same else reference
