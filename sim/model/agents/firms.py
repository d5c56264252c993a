"""Firms: frontier labs, chip makers and cloud providers in each bloc (seeds 000, 002, 003).

Labs hold the compute and algorithms that make capability, and each quarter choose their safety
share (racing), R&D share, how openly they release, and how hard they distil from a stronger rival.
Chip makers set the cost of compute; China's also builds capacity with investment and gets cheaper
with cumulative output (Wright's law). Cloud
providers turn their government's programme abroad (US partner financing, China's Digital Silk
Road) into ties with developing nations.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.model.mechanisms import adoption, efficiency, export_controls, safety
from sim.model.mechanisms.bounds import Values, power


class Firm(mesa.Agent):
    """A firm of one bloc (``us`` or ``cn``)."""

    def __init__(self, model: mesa.Model, bloc: str):
        super().__init__(model)
        self.bloc = bloc

    @property
    def government(self):
        return self.model.us_gov if self.bloc == "us" else self.model.cn_gov


MAX_RD_SHARE = 0.9  # a lab always buys some compute


class FrontierLab(Firm):
    """A frontier AI lab.

    Attributes:
        budget_share: its share of the bloc's AI investment.
        compute_h100e: compute stock, H100-equivalents.
        log10_methods: algorithmic efficiency from its own and published methods (log10; US labs
            start at 0): what spills over to other labs.
        log10_distilled: efficiency gained by distilling a rival's models (log10): its own, since
            what a lab copied from a rival is nothing new for the rival to learn back.
        log10_efficiency: the two together.
        capability: log10 of effective compute spent on capability.
        safety_share, rd_share, openness, distillation_intensity: this quarter's choices, in [0, 1].
        assumptions, rd_share_base, distils: the efficiency assumptions, the usual R&D share and
            whether distillation is on (``p.efficiency``, ``p.firms.rd_share_base``,
            ``p.mechanisms.efficiency``), fixed for the run.
    """

    def __init__(
        self,
        model,
        bloc: str,
        budget_share: float,
        compute_h100e: float,
        log10_efficiency: float,
    ):
        super().__init__(model, bloc)
        p, replications = model.p, model.replications
        firms = p.firms
        # Assumptions never change during a run (the registry's mid_run), so a lab may keep them.
        self.assumptions, self.rd_share_base, self.distils = p.efficiency, firms.rd_share_base, p.mechanisms.efficiency
        self.budget_share = budget_share
        self.compute_h100e = np.full(replications, compute_h100e)
        self.log10_methods = np.full(replications, log10_efficiency)
        self.log10_distilled = np.zeros(replications)
        self.safety_share = firms.safety_share_base
        self.rd_share = firms.rd_share_base
        self.openness = firms.open_release_us if bloc == "us" else firms.open_release_cn
        self.distillation_intensity = 0.0
        self.distilled_now = np.zeros(replications)  # log10 efficiency distilled this quarter
        self.capability = np.zeros(replications)

    def step(self) -> None:
        m = self.model
        firms = m.p.firms
        self.safety_share = safety.safety_share(m.relations.tension, m.racing_labs, firms)
        if self.bloc == "cn":
            us, cn = m.us_gov.policy, m.cn_gov.policy
            if m.p.mechanisms.efficiency:
                rd_share = firms.rd_share_base + firms.rd_response_to_controls * us.export_control_stringency
                self.rd_share = np.minimum(rd_share, MAX_RD_SHARE)
            self.openness = np.minimum(
                1.0, firms.open_release_cn + (1.0 - firms.open_release_cn) * cn.open_model_subsidy
            )
            self.distillation_intensity = cn.distillation_tolerance * (1.0 - us.distillation_countermeasures)
        else:
            self.distillation_intensity = firms.distillation_us

    def advance(self, talent_bonus, best_methods, teacher_capability, teacher_compute, draw) -> None:
        """A quarter of algorithmic progress (ODD 7.4): the trend, sped by R&D above the usual share and
        by pooled talent; methods spilling over from the best lab; a normal shock; and, if it is
        behind the rival's best lab (the teacher, whose capability and compute are given), what it
        distils from it, down to the floor its own compute allows
        (``sim.model.mechanisms.efficiency.catch_up_floor_oom``). Each argument is a number or an
        array over replications."""
        e = self.assumptions
        growth = efficiency.efficiency_growth_log10(
            efficiency.trend_growth_log10(e.halving_months),
            self.rd_share,
            self.rd_share_base,
            e.rd_gain,
            talent_bonus,
        )
        growth += efficiency.spillover_gain_log10(best_methods, self.log10_methods, e.spillover_rate)
        self.log10_methods = self.log10_methods + (growth + e.noise_sd * draw)
        if self.distils:
            shortfall = np.log10(np.maximum(teacher_compute, 1.0) / np.maximum(self.compute_h100e, 1.0))
            self.distilled_now = efficiency.distillation_gain_log10(
                teacher_capability - self.capability,
                efficiency.catch_up_floor_oom(shortfall, e.catch_up_strength, e.distillation_ceiling_oom),
                self.distillation_intensity,
                e.distillation_rate,
            )
            self.log10_distilled = self.log10_distilled + self.distilled_now

    @property
    def log10_efficiency(self) -> np.ndarray:
        return self.log10_methods + self.log10_distilled

    def open_capability(self, open_lag_oom: float) -> Values:
        """Capability of what it releases openly: a closed lab's open models lag its frontier."""
        return self.capability - open_lag_oom * (1.0 - self.openness)


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


def zipf_shares(count: int) -> np.ndarray:
    """Budget shares of ``count`` labs, the first largest (rank-size rule)."""
    weights = 1.0 / np.arange(1, count + 1)
    return weights / weights.sum()
