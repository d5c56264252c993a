"""A sweep's points: every combination of listed values, or a Latin hypercube over intervals.

Plain functions of names and values; ``Scenario`` checks them against the registry first and keeps
the points it gets, so a hypercube is drawn once per scenario.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from sim.registry.params import Value


def factorial(axes: Mapping[str, Sequence[Value]]) -> list[dict[str, Value]]:
    """The full factorial: one point per combination, the first axis varying slowest."""
    return [dict(zip(axes, combination, strict=True)) for combination in itertools.product(*axes.values())]


MAX_DRAWS = 50  # hypercubes drawn at most to find points that keep the constraints


def latin_hypercube(
    n: int, over: Mapping[str, tuple[float, float]], seed: int, accept: Callable[[dict], bool] | None = None
) -> list[dict[str, float]]:
    """``n`` points spread over the ``(low, high)`` intervals, one per stratum of each; scipy's
    LatinHypercube drawn from a generator seeded with ``seed``, so a scenario's seed fixes them.
    Points ``accept`` refuses (an impossible world, ``sim.registry.constraints``) are dropped and further
    hypercubes drawn from the same generator until ``n`` are kept."""
    from scipy.stats import qmc  # slow to import, and only a hypercube needs it

    sampler = qmc.LatinHypercube(d=len(over), rng=np.random.default_rng(seed))
    lows, highs = zip(*over.values(), strict=True)
    kept: list[dict[str, float]] = []
    for _ in range(MAX_DRAWS):
        for row in qmc.scale(sampler.random(n), lows, highs):
            point = dict(zip(over, map(float, row), strict=True))
            if accept is None or accept(point):
                kept.append(point)
        if len(kept) >= n:
            return kept[:n]
    raise ValueError(
        f"a Latin hypercube over {', '.join(over)} keeps the constraints between parameters in too few points "
        f"({len(kept)} of {n * MAX_DRAWS}); narrow the ranges"
    )
