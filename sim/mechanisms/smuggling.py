"""Leakage: restricted chips smuggled into China anyway (seed 000).

Seed 000: "roughly $1 billion worth of Nvidia's banned advanced B200 chips had been smuggled into
China in the three months since the export controls went into effect." Leakage is a share of the
blocked demand that rises with the price premium controls create (here proportional to
stringency, with an elasticity) and falls exponentially with enforcement; China's tolerance scales
it, and a mean-one lognormal shock makes flows lumpy.
"""

from __future__ import annotations

import math


def leakage_share(
    stringency: float,
    enforcement: float,
    tolerance: float,
    base_share: float,
    price_elasticity: float,
    enforcement_efficacy: float,
) -> float:
    """Expected share of blocked demand that is smuggled, in [0, 1]."""
    premium = stringency**price_elasticity if stringency > 0 else 0.0
    share = base_share * premium * math.exp(-enforcement_efficacy * enforcement) * tolerance
    return min(max(share, 0.0), 1.0)


def smuggled_value(blocked_usd: float, share: float, shock: float) -> float:
    """Smuggled value in USD: never more than the blocked demand."""
    return min(blocked_usd * share * shock, blocked_usd)


def lognormal_shock(standard_normal: float, sd: float) -> float:
    """A mean-one lognormal multiplier from one standard normal draw."""
    return math.exp(sd * standard_normal - 0.5 * sd * sd)
