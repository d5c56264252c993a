"""Leakage: restricted chips smuggled into China anyway (seed 000).

Seed 000: "roughly $1 billion worth of Nvidia's banned advanced B200 chips had been smuggled into
China in the three months since the export controls went into effect." Leakage is a share of the
blocked demand. Buyers turn to smugglers when a grey-market chip is better value than a domestic
one, so the share rises with that advantage (with an elasticity) and vanishes once domestic chips
are as good per dollar; it falls exponentially with enforcement; caps on chip exports to third
countries (the 2025 AI Diffusion Rule, ``us.diffusion_limits``) close the routes that run through
them; China's tolerance scales it, and a mean-one lognormal shock makes flows lumpy.
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms.bounds import Values, clip, power
from sim.registry.groups import SmugglingParameters


def value_advantage(grey_cost_usd: Values, domestic_cost_usd: Values) -> Values:
    """How much cheaper a grey-market H100e is than a domestic one, as a share of the domestic cost."""
    return np.where(np.isfinite(domestic_cost_usd), clip(1.0 - grey_cost_usd / domestic_cost_usd), 1.0)


def leakage_share(
    advantage: Values, enforcement: Values, tolerance: Values, diffusion_limits: Values, s: SmugglingParameters
) -> Values:
    """Expected share of blocked demand that is smuggled, in [0, 1], given the grey market's value
    ``advantage``, US enforcement, China's tolerance and US caps on third countries
    (``diffusion_limits``, which close ``s.third_country_share`` of the routes at 1), under the
    assumptions ``s`` (``p.smuggling``)."""
    advantage = np.asarray(advantage, dtype=float)
    pull = np.where(advantage > 0, power(np.maximum(advantage, 0.0), s.price_elasticity), 0.0)
    routes_closed = s.third_country_share * diffusion_limits
    share = s.base_share * pull * np.exp(-s.enforcement_efficacy * enforcement) * tolerance * (1.0 - routes_closed)
    return clip(share)


def lognormal_shock(standard_normal: Values, sd: Values) -> Values:
    """A mean-one lognormal multiplier from one standard normal draw."""
    return np.exp(sd * standard_normal - 0.5 * sd * sd)
