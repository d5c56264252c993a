"""Cooperation, talent and trust (seed 002).

Cooperation moves each quarter toward what both governments' stances allow (the lower of the two:
joint work needs both) and tension permits. Joint research pools talent (seed 002: "almost half of
the world's top AI researchers (47%) are Chinese born or educated"), speeding each side's
algorithmic progress in proportion to the share of talent it gains access to; trust from
cooperation lowers tension (in the tension module). Cooperation needs trade: controls in force cap
the trust cooperation can build (seed 002), so joint research beside a chip embargo stays shallow.
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms.bounds import Values, clip


def cooperation_step(
    level: Values,
    us_stance: Values,
    cn_stance: Values,
    tension: Values,
    adjust_rate: Values,
    trade_openness: Values = 1.0,
) -> Values:
    """Next quarter's cooperation level in [0, 1]: toward what both stances and tension allow, as far
    as trade is open (``trade_openness``, see :func:`trade_openness`)."""
    target = np.minimum(us_stance, cn_stance) * (1.0 - tension) * trade_openness
    return clip(level + adjust_rate * (target - level))


def trade_openness(controls: Values, controls_drag: Values) -> Values:
    """How far controls in force leave room for trust (seed 002: "Reduced import restrictions on
    civilian AI applications, for example, can help nations rebuild trust"): 1 with no controls,
    ``1 - controls_drag`` under a total embargo."""
    return 1.0 - controls_drag * controls


def talent_bonus(cooperation: Values, chinese_talent_share: Values, pooling_gain: Values) -> tuple[Values, Values]:
    """Extra algorithmic progress (share of trend) for the US and for China from pooled talent."""
    return (
        pooling_gain * chinese_talent_share * cooperation,
        pooling_gain * (1.0 - chinese_talent_share) * cooperation,
    )
