"""The chip market between the blocs: each quarter's purchases of compute, controls, smuggling,
China's own chips and crisis cuts (``sim/model/mechanisms/export_controls.py``, ``smuggling.py``).

Seed 002: "China has responded to this by accelerating their efforts towards self-sufficiency,
which has caused US efforts to backfire": what controls deny China its chip maker sells, and the
demand left unmet becomes investment in Chinese chip-making (``unmet_demand_to_capacity``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.mechanisms import export_controls, smuggling

if TYPE_CHECKING:
    from sim.model.model import AIRaceModel


class ChipMarket:
    """The quarter's chip trade, and what it leaves for the outcomes and the relations; each value
    an array over replications.

    Attributes:
        smuggled_value_usd: value of restricted chips smuggled into China this quarter.
        cn_chips_made_h100e: Chinese-made chips China's labs bought this quarter.
        denied_share: share of China's chip imports controls deny it (not smuggled in); the
            grievance China's relations feel.
        cn_domestic_h100e: China's stock of Chinese-made chips, depreciated each quarter.
    """

    def __init__(self, cn_domestic_h100e: float):
        self.smuggled_value_usd = 0.0
        self.cn_chips_made_h100e = 0.0
        self.denied_share = 0.0
        self.cn_domestic_h100e = cn_domestic_h100e

    def trade(self, model: AIRaceModel) -> None:
        """Compute purchases of both blocs: controls, smuggling, domestic chips, crisis cuts."""
        p, us, cn = model.p, model.us_gov.policy, model.cn_gov.policy
        cost = model.chip_us.cost_usd_per_h100e
        supply = np.where(model.relations.supply_cut, 1.0 - p.tension.crisis_supply_cut, 1.0)
        depreciation = p.compute.depreciation_per_quarter
        us_spend = model.us_gov.spend["compute_investment_usd"] * model.labs_us.compute_share()
        model.labs_us.add_compute(us_spend / cost * supply, depreciation)

        cn_spend = model.cn_gov.spend["compute_investment_usd"] * model.labs_cn.compute_share()
        chips = model.chip_cn
        shock = smuggling.lognormal_shock(model.variates.smuggling[model.steps - 1], p.smuggling.noise_sd)
        share = 0.0
        if p.mechanisms.smuggling:
            usable = np.asarray(chips.self_sufficiency) > 0
            advantage = smuggling.value_advantage(
                export_controls.grey_market_cost(cost, us.export_control_stringency, p.smuggling.markup),
                np.where(usable, cost / np.where(usable, chips.self_sufficiency, 1.0), np.inf),
            )
            share = np.minimum(
                shock
                * smuggling.leakage_share(
                    advantage, us.enforcement, cn.smuggling_tolerance, us.diffusion_limits, p.smuggling
                ),
                1.0,
            )
        bought = export_controls.china_chip_purchases(
            cn_spend,
            us.export_control_stringency,
            share,
            chips.self_sufficiency,
            chips.capacity_h100e,
            cost,
            p.smuggling.markup,
            cn.domestic_chip_mandate,
        )
        self.smuggled_value_usd = bought.smuggled_usd
        self.cn_chips_made_h100e = bought.domestic_h100e
        self.denied_share = export_controls.denied_share(cn_spend, bought)
        foreign = (bought.legal_h100e + bought.smuggled_h100e) * supply
        model.labs_cn.add_compute(foreign + bought.domestic_h100e, depreciation)
        self.cn_domestic_h100e = self.cn_domestic_h100e * (1.0 - depreciation) + bought.domestic_h100e
        chips.sell(bought.domestic_h100e)
        backfire = p.export_controls.unmet_demand_to_capacity * bought.unmet_usd
        chips.investment_usd = model.cn_gov.spend["self_sufficiency_investment_usd"] + backfire
