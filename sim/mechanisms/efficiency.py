"""Algorithmic efficiency and distillation (seeds 002, 003; Ho et al. 2024).

Capability is the base-10 logarithm of effective compute, and effective compute is physical compute
times algorithmic efficiency (neural scaling laws). Efficiency follows the trend of Ho et al. 2024:
the compute needed for a fixed performance halves every ``halving_months``. R&D above the usual
share, and talent pooled through cooperation, speed that trend. Methods spill over: every lab closes
a share of the gap to the best lab's own methods each quarter, in both directions; what a lab
gained by distilling a rival does not spill back (it is the rival's own work).
Distillation (seed 003: "training a smaller, efficient model to replicate the decision-making
abilities of a larger, complex one") closes a share of the gap to a stronger rival each quarter,
but only down to a ceiling below the teacher (what is released trails what is trained), so it
never overtakes. Labs of either bloc distil from a rival that is ahead.
"""

from __future__ import annotations

import math

LOG10_2 = math.log10(2.0)


def trend_growth_log10(halving_months: float) -> float:
    """Quarterly growth of log10 efficiency when compute needs halve every ``halving_months``."""
    return LOG10_2 * 3.0 / halving_months


def efficiency_growth_log10(
    trend: float, rd_share: float, rd_share_base: float, rd_gain: float, talent_bonus: float
) -> float:
    """This quarter's log10 efficiency growth: the trend, sped by extra R&D and pooled talent."""
    return trend * (1.0 + rd_gain * (rd_share - rd_share_base) + talent_bonus)


def distillation_gain_log10(gap_oom: float, intensity: float, rate: float, ceiling_oom: float) -> float:
    """log10 efficiency gained by distilling from a rival ``gap_oom`` ahead: a share of the gap down
    to ``ceiling_oom`` below the teacher (0 if no closer than that)."""
    room = gap_oom - ceiling_oom
    return rate * intensity * room if room > 0 else 0.0


def spillover_gain_log10(best_log10_methods: float, own_log10_methods: float, rate: float) -> float:
    """log10 efficiency gained from methods that spread from the lab with the best methods."""
    return rate * max(best_log10_methods - own_log10_methods, 0.0)


def capability(compute_h100e: float, log10_efficiency: float, safety_share: float) -> float:
    """log10 of effective compute spent on capability (safety spending is not)."""
    return math.log10(max(compute_h100e * (1.0 - safety_share), 1.0)) + log10_efficiency
