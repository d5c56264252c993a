"""Public sentiment (seed 002).

Seed 002: "in developing markets, the ratings are positive (60-80%)". Each nation's share of the
public positive about AI is drawn once, uniformly around the mean; it scales how fast the nation
takes up AI (the Bass hazard), relative to a reference sentiment at which the meta-analytic Bass
coefficients apply unchanged.
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms.bounds import Values


def draw_sentiment(rng: np.random.Generator, count: int, mean: Values, spread: Values) -> np.ndarray:
    """Each nation's share of the public positive about AI, in [0, 1]."""
    return np.clip(rng.uniform(mean - spread, mean + spread, size=count), 0.0, 1.0)


def adoption_speed(sentiment: np.ndarray, reference: Values) -> np.ndarray:
    """Multiplier on a nation's adoption hazard: 1 at the reference sentiment."""
    return sentiment / reference
