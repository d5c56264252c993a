"""What tests import (``from tests.helpers import ...``): the repository's root, the model run a few
times with common seeds and an outcome summarised, and a browser page waited on. Fixtures are in
``tests/conftest.py``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.model.model import AIRaceModel

ROOT = Path(__file__).resolve().parent.parent  # the repository: scenarios/, seeds/, README.md, bench/
SEEDS = tuple(range(8))


def run(steps: int = 40, seed: int = 0, **params) -> AIRaceModel:
    model = AIRaceModel(rng=seed, steps=steps, **params)
    model.run_model()
    return model


def mean_outcome(column: str, step: int, steps: int | None = None, seeds=SEEDS, **params) -> float:
    """Mean of ``column`` at ``step`` (1 = 2025Q1) over common seeds, stepped together in one model
    (each replication's numbers are those of its seed run alone)."""
    model = AIRaceModel(rng=list(seeds), steps=steps or step, **params)
    model.run_model()
    return float(np.mean(model.datacollector.columns()[column][step - 1]))


def wait_until(page, script: str, arg=None, timeout: float = 60_000) -> None:
    """Wait until ``script`` (a JavaScript expression or function of ``arg``) is true in ``page``.
    Playwright's wait_for_function evaluates its predicate with ``eval``, which the pages' Content
    Security Policy forbids; ``page.evaluate`` goes through the browser's debugging protocol instead."""
    import time

    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {timeout / 1000:.0f} s: {script}"
        page.wait_for_timeout(100)
