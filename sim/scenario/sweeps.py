"""A sweep's points: every combination of listed values, or a Latin hypercube over intervals.

Plain functions of names and values; ``Scenario`` checks them against the registry first and keeps
the points it gets, so a hypercube is drawn once per scenario.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np

from sim.params import Value


def factorial(axes: Mapping[str, Sequence[Value]]) -> list[dict[str, Value]]:
    """The full factorial: one point per combination, the first axis varying slowest."""
    return [dict(zip(axes, combination, strict=True)) for combination in itertools.product(*axes.values())]


def latin_hypercube(n: int, over: Mapping[str, tuple[float, float]], seed: int) -> list[dict[str, float]]:
    """``n`` points spread over the ``(low, high)`` intervals, one per stratum of each; scipy's
    LatinHypercube drawn from a generator seeded with ``seed``, so a scenario's seed fixes them."""
    from scipy.stats import qmc  # slow to import, and only a hypercube needs it

    unit = qmc.LatinHypercube(d=len(over), rng=np.random.default_rng(seed)).random(n)
    lows, highs = zip(*over.values(), strict=True)
    return [dict(zip(over, map(float, row), strict=True)) for row in qmc.scale(unit, lows, highs)]
