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

import numpy as np

from sim.model.mechanisms.bounds import Values

LOG10_2 = math.log10(2.0)


def trend_growth_log10(halving_months: Values) -> Values:
    """Quarterly growth of log10 efficiency when compute needs halve every ``halving_months``."""
    return LOG10_2 * 3.0 / halving_months


def efficiency_growth_log10(
    trend: Values, rd_share: Values, rd_share_base: Values, rd_gain: Values, talent_bonus: Values
) -> Values:
    """This quarter's log10 efficiency growth: the trend, sped by extra R&D and pooled talent."""
    return trend * (1.0 + rd_gain * (rd_share - rd_share_base) + talent_bonus)


def catch_up_floor_oom(compute_shortfall_oom: Values, strength: Values, ceiling_oom: Values) -> Values:
    """How far below its teacher catch-up can bring a student at best: the ceiling (released models
    trail the frontier) plus the share ``1 - strength`` of its compute shortfall (OOM) it cannot make up."""
    return ceiling_oom + (1.0 - strength) * np.maximum(compute_shortfall_oom, 0.0)


def distillation_gain_log10(gap_oom: Values, floor_oom: Values, intensity: Values, rate: Values) -> Values:
    """log10 efficiency gained in a quarter by distilling from a rival ``gap_oom`` ahead: the share
    ``rate x intensity`` of the gap down to ``floor_oom`` below the teacher (0 if no closer than that)."""
    room = gap_oom - floor_oom
    return np.where(room > 0, rate * intensity * room, 0.0)


def spillover_gain_log10(best_log10_methods: Values, own_log10_methods: Values, rate: Values) -> Values:
    """log10 efficiency gained from methods that spread from the lab with the best methods."""
    return rate * np.maximum(best_log10_methods - own_log10_methods, 0.0)


def capability(compute_h100e: Values, log10_efficiency: Values, safety_share: Values) -> Values:
    """log10 of effective compute spent on capability (safety spending is not)."""
    return np.log10(np.maximum(compute_h100e * (1.0 - safety_share), 1.0)) + log10_efficiency


MONTHS_PER_QUARTER = 3.0
PRE_2025_COMPUTE_GROWTH_PER_YEAR = 2.5  # Pilz et al. 2025: leading AI supercomputers grew about 2.5x a year


def pre_2025_growth_log10(halving_months: Values) -> Values:
    """The frontier's capability growth per quarter before 2025 (for a lag reaching back before the run):
    the compute trend of Pilz et al. 2025 plus the algorithmic trend."""
    return math.log10(PRE_2025_COMPUTE_GROWTH_PER_YEAR) / 4.0 + trend_growth_log10(halving_months)


def lag_months(leader_history, follower_now, back_growth_per_quarter: float):
    """Months since the leader's capability (``leader_history``, one value a quarter, the last now)
    was where the follower's is now: the last crossing, interpolated within its quarter; before the
    history begins, extrapolated back at ``back_growth_per_quarter``.

    ``leader_history`` is a sequence of quarters' values, each a number or an array over
    replications (then ``follower_now`` is one too, and so is the answer)."""
    history = np.asarray(leader_history, dtype=float)
    follower = np.asarray(follower_now, dtype=float)
    one = history.ndim == 1
    if one:
        history, follower = history[:, None], follower.reshape(1)
    now = len(history) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        before = (history[0] - follower) / back_growth_per_quarter
        months = (now + before) * MONTHS_PER_QUARTER  # no crossing in the history: extrapolated back
        if now > 0:
            below = history[:now] <= follower  # (quarters, replications)
            crossed = below.any(axis=0)
            k = now - 1 - np.argmax(below[::-1], axis=0)  # the last quarter at or below the follower
            columns = np.arange(history.shape[1])
            low, high = history[k, columns], history[k + 1, columns]
            when = k + (follower - low) / (high - low)
            months = np.where(crossed, (now - when) * MONTHS_PER_QUARTER, months)
        months = np.where(history[now] <= follower, 0.0, months)
    return float(months[0]) if one else months
