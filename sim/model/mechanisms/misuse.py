"""Misuse by bad actors (seed 002).

Seed 002: "The biggest existential risk to the world is the risk of AI misuse". The hazard grows
with the capability of openly available models (bad actors use what is released), measured from one
fixed reference that is the same for every scenario (so opening more is never "safer"), and falls
with joint detection (which works better the more the US and China cooperate) and with labs' safety
spending. Risk is the chance of at least one serious misuse in a quarter."""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms.bounds import Values
from sim.registry.groups import MisuseParameters


def misuse_risk(
    open_capability: Values,
    joint_detection: Values,
    cooperation: Values,
    mean_safety_share: Values,
    a: MisuseParameters,
) -> Values:
    """Probability in [0, 1] of serious misuse this quarter, given the best open release's capability
    (measured from ``a.reference_open_capability``), US joint detection, cooperation and the labs'
    safety share, under the assumptions ``a`` (``p.misuse``)."""
    hazard = a.base_hazard * np.maximum(
        1.0 + a.capability_elasticity * (open_capability - a.reference_open_capability), 0.0
    )
    hazard = hazard * (1.0 - a.detection_efficacy * joint_detection * (0.5 + 0.5 * cooperation))
    hazard = hazard * np.maximum(1.0 - a.safety_efficacy * mean_safety_share, 0.0)
    return 1.0 - np.exp(-np.maximum(hazard, 0.0))


def incident_count(expected, uniform):
    """A Poisson count with mean ``expected`` from one uniform draw in [0, 1), by inverse CDF
    (elementwise: arrays over replications give an integer array).

    Expected counts are small (at most ``misuse.incidents_per_risk``), so walking up the CDF takes
    a few steps, and one pre-drawn uniform a quarter serves whatever the mean turns out to be.
    Every element walks by the same steps as it would alone; one that has stopped stays put.
    """
    expected, uniform = np.asarray(expected, dtype=float), np.asarray(uniform, dtype=float)
    term = np.exp(-expected)
    count = np.zeros(np.broadcast_shapes(expected.shape, uniform.shape), dtype=np.int64)
    cumulative = term
    walking = (uniform >= cumulative) & (term > 0.0)
    while walking.any():
        count = count + walking
        term = np.where(walking, term * (expected / np.maximum(count, 1)), term)
        cumulative = np.where(walking, cumulative + term, cumulative)
        walking = walking & (uniform >= cumulative) & (term > 0.0)
    return count if count.ndim else int(count)
