"""Firms: chip makers and cloud providers in each bloc, and what every firm is (seeds 000, 002, 003).

Frontier labs are firms too (``sim.model.agents.labs``: each bloc's labs as one set of arrays).
Chip makers set the cost of compute; China's also builds capacity with investment and gets cheaper
with cumulative output (Wright's law). Cloud
providers turn their government's programme abroad (US partner financing, China's Digital Silk
Road) into ties with developing nations.
"""

from __future__ import annotations

import mesa

from sim.model.mechanisms import adoption, export_controls
from sim.model.mechanisms.bounds import Values, power


class Firm(mesa.Agent):
    """A firm of one bloc (``us`` or ``cn``)."""

    def __init__(self, model: mesa.Model, bloc: str):
        super().__init__(model)
        self.bloc = bloc

    @property
    def government(self):
        return self.model.us_gov if self.bloc == "us" else self.model.cn_gov


class ChipMaker(Firm):
    """A bloc's chip maker.

    Attributes:
        cost_usd_per_h100e: this quarter's installed cost of one H100-equivalent (falls with the
            price-performance trend).
        self_sufficiency: (China's) compute per dollar of domestic chips relative to imports, in [0, 1].
        capacity_h100e: (China's) most H100e it can make this quarter.
        cumulative_h100e: (China's) everything it has made, from before 2025 on (Wright's law).
        wright_exponent: (China's) Wright's law's exponent, from the learning rate, taken once.
        investment_usd: (China's) last quarter's investment in domestic chip-making.
    """

    def __init__(self, model, bloc: str, made_before_h100e: Values = 0.0):
        super().__init__(model, bloc)
        p = model.p
        self.cost_usd_per_h100e = p.compute.cost_usd_per_h100e
        self.self_sufficiency = p.export_controls.self_sufficiency_initial if bloc == "cn" else 1.0
        self.capacity_h100e = p.export_controls.cn_capacity_initial_h100e if bloc == "cn" else float("inf")
        self.made_before_h100e = self.cumulative_h100e = made_before_h100e
        self.wright_exponent = export_controls.wright_exponent(made_before_h100e, p.export_controls.learning_rate)
        self.investment_usd = 0.0

    def step(self) -> None:
        p = self.model.p
        years = (self.model.steps - 1) / 4.0
        compute = p.compute
        halvings = years / compute.price_performance_doubling_years
        self.cost_usd_per_h100e = compute.cost_usd_per_h100e * power(2.0, -halvings)
        if self.bloc == "cn" and self.model.steps > 1:
            # Chip-making gets cheaper per H100e at the industry's price-performance pace.
            trend = self.cost_usd_per_h100e / compute.cost_usd_per_h100e
            self.capacity_h100e = export_controls.capacity_step(
                self.capacity_h100e,
                self.investment_usd,
                p.export_controls.capacity_cost_usd * trend,
                compute.depreciation_per_quarter,
            )

    def sell(self, made_h100e: Values) -> None:
        """Record a quarter's output: cumulative output teaches (Wright's law)."""
        self.cumulative_h100e = self.cumulative_h100e + made_h100e
        self.self_sufficiency = export_controls.self_sufficiency(
            self.model.p.export_controls.self_sufficiency_initial,
            self.cumulative_h100e,
            self.made_before_h100e,
            self.wright_exponent,
        )


class CloudProvider(Firm):
    """A bloc's cloud and infrastructure provider abroad.

    The US provider turns partner financing into partnership packages, first with nations allied
    to the US (seed 001: "strategic partners in Southeast Asia and the Gulf region"); China's turns
    Digital Silk Road spending into infrastructure ties, first with Belt and Road members.
    """

    def __init__(self, model, bloc: str):
        super().__init__(model, bloc)
        nations = model.nations
        if bloc == "us":
            self.target = nations.us_security_tie + 0.1
        else:
            self.target = nations.bri_member + 0.25
        self.target_max = float(self.target.max()) if len(self.target) else 0.0

    def step(self) -> None:
        m = self.model
        p = m.p
        if not p.mechanisms.adoption:
            return
        if self.bloc == "us":
            adoption.invest_in_ties(
                m.population.us_partnership,
                m.us_gov.spend["partner_financing_usd"],
                p.adoption.partnership_cost_usd,
                self.target,
                self.target_max,
            )
        else:
            adoption.invest_in_ties(
                m.population.cn_infrastructure,
                m.cn_gov.spend["digital_silk_road_usd"],
                p.adoption.dsr_cost_per_tie_usd,
                self.target,
                self.target_max,
            )
