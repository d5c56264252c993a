"""Export controls and their backfire (seed 002).

Seed 002: the US "has used ... chokepoint tactics in order to limit China's ability to access key
technologies such as advanced semiconductors. China has responded to this by accelerating their
efforts towards self-sufficiency, which has caused US efforts to backfire."

Controls block a share (the stringency) of China's chip budget from frontier imports. What is
blocked and not smuggled buys domestic chips, which give ``self_sufficiency`` H100-equivalents per
import-dollar-equivalent; that spending is also what funds domestic chip-making, so self-sufficiency
rises fastest under tight controls and erodes the controls' bite over time.
"""

from __future__ import annotations

from typing import NamedTuple


class ChipPurchases(NamedTuple):
    legal_h100e: float
    domestic_h100e: float
    smuggled_h100e: float
    domestic_spend_usd: float


def blocked_budget(budget_usd: float, stringency: float) -> float:
    """The part of a Chinese chip budget that controls keep off the legal import market."""
    return budget_usd * stringency


def china_chip_purchases(
    budget_usd: float,
    stringency: float,
    smuggled_usd: float,
    self_sufficiency: float,
    price_usd: float,
    smuggling_markup: float,
) -> ChipPurchases:
    """Split China's chip budget into legal imports, smuggled chips and domestic chips."""
    blocked = blocked_budget(budget_usd, stringency)
    legal_spend = budget_usd - blocked
    domestic_spend = max(blocked - smuggled_usd, 0.0)
    grey_price = price_usd * (1.0 + smuggling_markup * stringency)
    return ChipPurchases(
        legal_h100e=legal_spend / price_usd,
        domestic_h100e=domestic_spend * self_sufficiency / price_usd,
        smuggled_h100e=smuggled_usd / grey_price,
        domestic_spend_usd=domestic_spend,
    )


def self_sufficiency_step(level: float, investment_usd: float, learning_per_10bn: float) -> float:
    """Learning toward full self-sufficiency, slowing as the gap to 1 closes."""
    gain = learning_per_10bn * (investment_usd / 1e10) * (1.0 - level)
    return min(level + gain, 1.0)
