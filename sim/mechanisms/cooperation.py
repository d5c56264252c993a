"""Cooperation, talent and trust (seed 002).

Cooperation moves each quarter toward what both governments' stances allow (the lower of the two:
joint work needs both) and tension permits. Joint research pools talent (seed 002: "almost half of
the world's top AI researchers (47%) are Chinese born or educated"), speeding each side's
algorithmic progress in proportion to the share of talent it gains access to; trust from
cooperation lowers tension (in the tension module).
"""

from __future__ import annotations

from sim.mechanisms.bounds import clip


def cooperation_step(level: float, us_stance: float, cn_stance: float, tension: float, adjust_rate: float) -> float:
    """Next quarter's cooperation level in [0, 1]."""
    target = min(us_stance, cn_stance) * (1.0 - tension)
    return clip(level + adjust_rate * (target - level))


def talent_bonus(cooperation: float, chinese_talent_share: float, pooling_gain: float) -> tuple[float, float]:
    """Extra algorithmic progress (share of trend) for the US and for China from pooled talent."""
    return (
        pooling_gain * chinese_talent_share * cooperation,
        pooling_gain * (1.0 - chinese_talent_share) * cooperation,
    )
