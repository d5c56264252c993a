"""Shared helpers: run the model a few times with common seeds and summarise an outcome."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import AIRaceModel

SEEDS = tuple(range(8))


def run(steps: int = 40, seed: int = 0, **params) -> AIRaceModel:
    model = AIRaceModel(rng=seed, steps=steps, **params)
    model.run_model()
    return model


def mean_outcome(column: str, step: int, steps: int | None = None, seeds=SEEDS, **params) -> float:
    """Mean of ``column`` at ``step`` (1 = 2025Q1) over common seeds."""
    values = []
    for seed in seeds:
        model = run(steps=steps or step, seed=seed, **params)
        values.append(model.datacollector.model_vars[column][step - 1])
    return float(np.mean(values))


@pytest.fixture(scope="session")
def baseline_model() -> AIRaceModel:
    return run(seed=1)
