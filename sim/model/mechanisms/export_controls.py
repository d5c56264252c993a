"""Export controls and their backfire (seed 002).

Seed 002: the US "has used ... chokepoint tactics in order to limit China's ability to access key
technologies such as advanced semiconductors. China has responded to this by accelerating their
efforts towards self-sufficiency, which has caused US efforts to backfire."

State policy first steers a share of China's chip budget to domestic chips (a buy-domestic mandate,
seed 003: "technological independence"). Controls block a share (the stringency) of the rest from
legal imports. Blocked demand goes first to the grey market (``sim.model.mechanisms.smuggling``), then to
domestic chips, and China's chip makers can make only so many: their capacity (H100e a quarter)
grows with investment. What neither smugglers nor domestic makers can fill is lost to the labs, and
part of it goes into domestic chip-making instead (the backfire). Domestic chips give
``self_sufficiency`` H100e per import-dollar-equivalent, and that rises with their cumulative output
by Wright's law (cost falls by the learning rate with each doubling; Wright 1936, Irwin and Klenow
1994). So controls cut China's compute at once, and fund and teach the domestic industry that erodes
their bite later."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.model.mechanisms.bounds import Values, power


class ChipPurchases(NamedTuple):
    legal_h100e: Values
    domestic_h100e: Values
    smuggled_h100e: Values
    smuggled_usd: Values
    unmet_usd: Values
    denied_usd: Values  # blocked demand that smugglers did not fill: bought at home or not at all


def blocked_budget(budget_usd: Values, stringency: Values) -> Values:
    """The part of a Chinese chip budget that controls keep off the legal import market."""
    return budget_usd * stringency


def china_chip_purchases(
    budget_usd: Values,
    stringency: Values,
    smuggled_share: Values,
    self_sufficiency: Values,
    capacity_h100e: Values,
    cost_usd: Values,
    smuggling_markup: Values,
    mandate: Values = 0.0,
) -> ChipPurchases:
    """Split China's chip budget into domestic chips (up to capacity), legal imports and smuggled chips.

    First the ``mandate`` share of the budget buys domestic chips, as far as capacity allows; the
    rest goes to the import market, where controls block the ``stringency`` share. Of the blocked
    demand, ``smuggled_share`` goes to smugglers, and the rest to whatever domestic capacity is
    left; what is still unfilled is ``unmet_usd``.
    """
    usable = np.asarray(self_sufficiency) > 0  # none usable at any price: no domestic chips
    self_sufficiency = np.where(usable, self_sufficiency, 1.0)
    capacity_h100e = np.where(usable, capacity_h100e, 0.0)
    domestic_cost = cost_usd / self_sufficiency
    mandated_h100e = np.minimum(budget_usd * mandate / domestic_cost, capacity_h100e)
    importing = budget_usd - mandated_h100e * domestic_cost
    blocked = blocked_budget(importing, stringency)
    smuggled_usd = blocked * smuggled_share
    domestic_demand = blocked - smuggled_usd
    blocked_h100e = np.minimum(domestic_demand / domestic_cost, capacity_h100e - mandated_h100e)
    return ChipPurchases(
        legal_h100e=(importing - blocked) / cost_usd,
        domestic_h100e=mandated_h100e + blocked_h100e,
        smuggled_h100e=smuggled_usd / grey_market_cost(cost_usd, stringency, smuggling_markup),
        smuggled_usd=smuggled_usd,
        unmet_usd=domestic_demand - blocked_h100e * domestic_cost,
        denied_usd=domestic_demand,
    )


def denied_share(budget_usd: Values, bought: ChipPurchases) -> Values:
    """Share of China's chip budget that controls deny it: blocked and not smuggled in (0 with no budget)."""
    spending = np.asarray(budget_usd) > 0
    return np.where(spending, bought.denied_usd / np.where(spending, budget_usd, 1.0), 0.0)


def grey_market_cost(cost_usd: Values, stringency: Values, markup: Values) -> Values:
    """What a smuggled H100e costs: the list cost plus a markup that grows with the controls."""
    return cost_usd * (1.0 + markup * stringency)


def capacity_step(
    capacity_h100e: Values, investment_usd: Values, cost_per_unit_usd: Values, depreciation: Values
) -> Values:
    """Next quarter's domestic capacity: last quarter's, less obsolescence, plus what investment builds."""
    return capacity_h100e * (1.0 - depreciation) + investment_usd / cost_per_unit_usd


def wright_exponent(initial_cumulative_h100e: Values, learning_rate: Values) -> Values:
    """Wright's law's exponent, ``-log2(1 - learning_rate)``: 0 where nothing was made before or
    nothing is learnt, so self-sufficiency stays where it started. Parameters and the output made
    before 2025 never change during a run, so a chip maker takes it once."""
    learning = (np.asarray(initial_cumulative_h100e) > 0) & (np.asarray(learning_rate) > 0)
    return np.where(learning, -np.log2(1.0 - np.where(learning, learning_rate, 0.0)), 0.0)


def self_sufficiency(
    initial: Values, cumulative_h100e: Values, initial_cumulative_h100e: Values, exponent: Values
) -> Values:
    """Wright's law: compute per dollar of domestic chips relative to imports, capped at 1, with
    ``exponent`` from ``wright_exponent``. Each argument is a number or one per replication."""
    made = cumulative_h100e / np.where(np.asarray(initial_cumulative_h100e) > 0, initial_cumulative_h100e, 1.0)
    return np.minimum(initial * power(made, exponent), 1.0)
