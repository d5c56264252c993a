"""Algorithmic efficiency and distillation (seeds 002, 003; Ho et al. 2024).

Capability is the base-10 logarithm of effective compute, and effective compute is physical compute
times algorithmic efficiency (neural scaling laws). Efficiency follows the trend of Ho et al. 2024:
the compute needed for a fixed performance halves every ``halving_months``. R&D above the usual
share, and talent pooled through cooperation, speed that trend. Methods spill over: every lab closes
a share of the gap to the best lab's own methods each quarter, in both directions; what a lab
gained by distilling a rival does not spill back (it is the rival's own work).
Catch-up by distillation (seed 003: "training a smaller, efficient model to replicate the
decision-making abilities of a larger, complex one") closes a share of the gap to a stronger rival
each quarter, as fast as the student's access to the teacher's models allows (its distillation
intensity: tolerance at home, countermeasures abroad), and only down to a floor below the teacher:
what is released trails what is trained (``distillation_ceiling_oom``), plus the part of the
student's compute shortfall that catch-up cannot make up. How much of that shortfall it can make
up is the assumption ``catch_up_strength``: 0 is "compute decides" (a follower with a fifth of the
compute stays that far behind however much it distils), 1 is "distillation erases compute" (any
follower ends at the ceiling below its teacher). Absorptive capacity in the technology-diffusion
literature (Cohen and Levinthal 1990) is this idea: what a follower can learn depends on what it
can run. Catch-up never takes a student past its teacher. Labs of either bloc distil from a rival
that is ahead.

The lag in months (``lag_months``) is how Epoch AI reports the gap: how long ago the leader's
frontier stood where the follower's stands now.
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


def catch_up_floor_oom(compute_shortfall_oom: float, strength: float, ceiling_oom: float) -> float:
    """How far below its teacher catch-up can bring a student at best: the ceiling (released models
    trail the frontier) plus the share ``1 - strength`` of its compute shortfall (OOM) it cannot make up."""
    return ceiling_oom + (1.0 - strength) * max(compute_shortfall_oom, 0.0)


def distillation_gain_log10(gap_oom: float, floor_oom: float, intensity: float, rate: float) -> float:
    """log10 efficiency gained in a quarter by distilling from a rival ``gap_oom`` ahead: the share
    ``rate x intensity`` of the gap down to ``floor_oom`` below the teacher (0 if no closer than that)."""
    room = gap_oom - floor_oom
    return rate * intensity * room if room > 0 else 0.0


def spillover_gain_log10(best_log10_methods: float, own_log10_methods: float, rate: float) -> float:
    """log10 efficiency gained from methods that spread from the lab with the best methods."""
    return rate * max(best_log10_methods - own_log10_methods, 0.0)


def capability(compute_h100e: float, log10_efficiency: float, safety_share: float) -> float:
    """log10 of effective compute spent on capability (safety spending is not)."""
    return math.log10(max(compute_h100e * (1.0 - safety_share), 1.0)) + log10_efficiency


MONTHS_PER_QUARTER = 3.0
PRE_2025_COMPUTE_GROWTH_PER_YEAR = 2.5  # Pilz et al. 2025: leading AI supercomputers grew about 2.5x a year


def pre_2025_growth_log10(halving_months: float) -> float:
    """The frontier's capability growth per quarter before 2025 (for a lag reaching back before the run):
    the compute trend of Pilz et al. 2025 plus the algorithmic trend."""
    return math.log10(PRE_2025_COMPUTE_GROWTH_PER_YEAR) / 4.0 + trend_growth_log10(halving_months)


def lag_months(leader_history: list[float], follower_now: float, back_growth_per_quarter: float) -> float:
    """Months since the leader's capability (``leader_history``, one value a quarter, the last now)
    was where the follower's is now: the last crossing, interpolated within its quarter; before the
    history begins, extrapolated back at ``back_growth_per_quarter``."""
    now = len(leader_history) - 1
    if leader_history[now] <= follower_now:
        return 0.0
    for k in range(now - 1, -1, -1):
        below = leader_history[k]
        if below <= follower_now:
            above = leader_history[k + 1]
            when = k + (follower_now - below) / (above - below)
            return (now - when) * MONTHS_PER_QUARTER
    before = (leader_history[0] - follower_now) / back_growth_per_quarter
    return (now + before) * MONTHS_PER_QUARTER
