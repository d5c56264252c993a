"""AIRaceModel: the US-China competition in AI, one quarter a step from 2025Q1.

Two governments set levers under doctrines, frontier labs, chip makers and cloud providers of each
bloc turn them into compute, capability and ties abroad, and dozens of developing nations choose an
AI stack. Nine mechanisms from the source articles link them; each can be switched off.
"""

from __future__ import annotations

import math

import mesa
from mesa.agentset import AgentSet
import numpy as np

from sim.agents import ChinaGovernment, ChipMaker, CloudProvider, FrontierLab, Nation, USGovernment
from sim.agents.firms import zipf_shares
from sim.collector import ScalarAttributeCollector
from sim.mechanisms import adoption, cooperation, efficiency, export_controls, misuse, sentiment, smuggling, tension
from sim.nations import NationTable, load_nations
from sim.outcomes import REPORTED, quarter_label
from sim.params import MECHANISMS, Value, resolve

DEFAULT_STEPS = 40
# Independent random streams, one per source of randomness, spawned from model.rng: switching one
# mechanism off does not shift the draws of the others (common random numbers across scenarios).
STREAMS = ("smuggling", "efficiency", "sentiment", "adoption", "governance", "crisis", "misuse")


class AIRaceModel(mesa.Model):
    """The AI race model.

    ``AIRaceModel()`` is the baseline; ``AIRaceModel(rng=seed, **overrides)`` seeds it and overrides
    parameters by registry name (``AIRaceModel(**{"us.export_control_stringency": 0.9})``), so
    ``mesa.batch_run`` can sweep them.

    Attributes:
        p: every parameter's value for this run (registry name -> value).
        nations: the nations' fixed attributes (numpy arrays); nation agents view them.
        us_gov, cn_gov: the governments; ``governments`` and ``firms`` are their AgentSets.
        labs_us, labs_cn: frontier labs; chip_us, chip_cn: chip makers; cloud_us, cloud_cn: clouds.
        nation_stack, nation_sentiment, cn_infrastructure, us_partnership, in_governance_body:
            per-nation state arrays.
        stack_history: each quarter's ``nation_stack`` (the agent-level table).
        One attribute per outcome in ``sim.outcomes.OUTCOMES``, read by ``datacollector``.
    """

    def __init__(self, rng=None, steps: int = DEFAULT_STEPS, nations: NationTable | None = None,
                 events: tuple[tuple[int, dict[str, Value], bool], ...] = (), **params: Value):
        super().__init__(rng=rng)
        p = self.p = resolve(params)
        self.n_steps = steps
        self.events: dict[int, list[tuple[dict[str, Value], bool]]] = {}
        for step, levers, crisis in events:
            resolve(levers)  # raises ParameterError on a bad name or value
            self.events.setdefault(step, []).append((dict(levers), crisis))
        self.nations = nations if nations is not None else load_nations()
        self.streams = dict(zip(STREAMS, self.rng.spawn(len(STREAMS)), strict=True))
        for mechanism in MECHANISMS:
            setattr(self, f"{mechanism}_on", bool(p[f"mechanisms.{mechanism}"]))

        self.us_gov = USGovernment(self, p)
        self.cn_gov = ChinaGovernment(self, p)
        self.us_gov.rival, self.cn_gov.rival = self.cn_gov, self.us_gov
        self.governments = AgentSet([self.us_gov, self.cn_gov], random=self.random)
        self._create_firms()
        self._create_nations()

        self.safety_coalition = p["firms.safety_coalition"]
        self.racing_labs = 2 * p["firms.frontier_labs_per_bloc"]
        self.effective_stringency = self._stringency()
        self.hostility_us = self.hostility_cn = self.tension = p["tension.initial"]
        self.cooperation = self._cooperation_target() if self.cooperation_on else 0.0
        self.crisis_quarters_left = 0
        self.crisis = 0
        self.previous_stances = self._stances()
        self.smuggled_value_usd = 0.0
        self.misuse_risk = self.misuse_incidents = 0.0
        self.stack_history: list[np.ndarray] = []
        self._update_capabilities()
        self.initial_lead = self.capability_gap
        self.initial_open_capability = self.open_capability
        self._measure()
        self.datacollector = ScalarAttributeCollector({"step": "steps", **{n: n for n in REPORTED}})

    # ---- construction ---------------------------------------------------------------------
    def _create_firms(self) -> None:
        p = self.p
        shares = zipf_shares(p["firms.frontier_labs_per_bloc"])
        total = p["compute.initial_total_h100e"]
        us_stock, cn_stock = total * p["compute.initial_us_share"], total * p["compute.initial_cn_share"]
        cn_efficiency = math.log10(p["efficiency.cn_initial_advantage"])
        self.labs_us = [FrontierLab(self, "us", s, us_stock * s, 0.0, p) for s in shares]
        self.labs_cn = [FrontierLab(self, "cn", s, cn_stock * s, cn_efficiency, p) for s in shares]
        self.labs = self.labs_us + self.labs_cn
        self.cn_domestic_h100e = cn_stock * p["controls.cn_domestic_share_initial"]
        self.chip_us, self.chip_cn = ChipMaker(self, "us", p), ChipMaker(self, "cn", p)
        self.cloud_us, self.cloud_cn = CloudProvider(self, "us", p), CloudProvider(self, "cn", p)
        self.firms = AgentSet(
            [*self.labs, self.chip_us, self.chip_cn, self.cloud_us, self.cloud_cn], random=self.random
        )

    def _create_nations(self) -> None:
        p, n = self.p, len(self.nations)
        self.nation_stack = np.full(n, adoption.NONE, dtype=np.int8)
        self.nation_sentiment = sentiment.draw_sentiment(
            self.streams["sentiment"], n, p["sentiment.developing_positive"], p["sentiment.spread"]
        )
        self.adoption_speed = (
            sentiment.adoption_speed(self.nation_sentiment, p["sentiment.reference_positive"])
            if self.public_sentiment_on else np.ones(n)
        )
        self.cn_infrastructure = self.nations.bri_member * p["adoption.bri_initial_infrastructure"]
        self.us_partnership = np.zeros(n)
        self.in_governance_body = np.zeros(n, dtype=bool)
        self.population_weight = self.nations.population_weight
        self.count_weight = np.full(n, 1.0 / n)
        self.adoption_weights = adoption.Weights(*(p[f"adoption.{w}_weight"] for w in (
            "capability", "price", "infrastructure", "financing", "promotion", "security", "data_security", "language"
        )), p["adoption.hedge_autonomy_bonus"], p["adoption.hedge_cost"])
        nations = self.nations
        self.static_utilities = adoption.static_utilities(
            nations.gdp_per_capita_usd, nations.us_security_tie, nations.data_protection_law,
            nations.local_language_need,
            adoption.Prices(p["adoption.price_us"], p["adoption.price_cn"], p["adoption.price_open"]),
            self.adoption_weights,
        )
        self.nation_agents = AgentSet([Nation(self, i) for i in range(n)], random=self.random)

    # ---- the schedule ---------------------------------------------------------------------
    def step(self) -> None:
        """One quarter: events, decide, trade chips, progress, adopt, relate, assess, record."""
        self._apply_events()
        self._governments_decide()
        self.firms.shuffle_do("step")
        self._trade_chips()
        self._advance_capability()
        self._nations_decide()
        self._update_relations()
        self._assess_misuse()
        self._measure()
        self.datacollector.collect(self)
        self.running = self.steps < self.n_steps

    def _apply_events(self) -> None:
        """Scenario events of this quarter: levers set from now on, a crisis forced."""
        for levers, crisis in self.events.get(self.steps, ()):
            for name, value in levers.items():
                self.set_lever(name, value)
            if crisis:
                self.start_crisis()

    def set_lever(self, name: str, value: Value) -> None:
        """Change a lever (registry name) from now on."""
        self.p[name] = value
        group, lever = name.split(".", 1)
        if group == "firms":
            self.safety_coalition = self.p["firms.safety_coalition"]
            return
        government = self.us_gov if group == "us" else self.cn_gov
        if lever == "doctrine":
            government.doctrine = value
        elif lever == "budget_usd":
            government.budget_usd = value
        elif lever.startswith("weight_"):
            government.weights[lever.removeprefix("weight_")] = value
        else:
            government.set_lever(lever, value)

    def _governments_decide(self) -> None:
        self.previous_stances = self._stances()
        self.governments.do("step")
        self.effective_stringency = self._stringency()

    def _trade_chips(self) -> None:
        """Compute purchases of both blocs: controls, smuggling, domestic chips, crisis cuts."""
        p = self.p
        price = self.chip_us.price_usd_per_h100e
        supply = 1.0 - p["tension.crisis_supply_cut"] if self.crisis_quarters_left > 0 else 1.0
        us_spend = self.us_gov.spend["domestic_investment_usd"]
        _add_compute(self.labs_us, us_spend / price * supply, p["compute.depreciation_per_quarter"])

        cn_budget = self.cn_gov.spend["compute_investment_usd"]
        cn_spend = cn_budget * sum(lab.budget_share * (1.0 - lab.rd_share) for lab in self.labs_cn)
        s = self.effective_stringency
        blocked = export_controls.blocked_budget(cn_spend, s)
        shock = smuggling.lognormal_shock(self.streams["smuggling"].standard_normal(), p["smuggling.noise_sd"])
        if self.smuggling_on:
            share = smuggling.leakage_share(
                s, self.us_gov.levers["enforcement"], self.cn_gov.levers["smuggling_tolerance"],
                p["smuggling.base_share"], p["smuggling.price_elasticity"], p["smuggling.enforcement_efficacy"],
            )
            self.smuggled_value_usd = smuggling.smuggled_value(blocked, share, shock)
        else:
            self.smuggled_value_usd = 0.0
        bought = export_controls.china_chip_purchases(
            cn_spend, s, self.smuggled_value_usd, self.chip_cn.self_sufficiency, price, p["smuggling.markup"]
        )
        depreciation = p["compute.depreciation_per_quarter"]
        foreign = (bought.legal_h100e + bought.smuggled_h100e) * supply
        _add_compute(self.labs_cn, foreign + bought.domestic_h100e, depreciation)
        self.cn_domestic_h100e = self.cn_domestic_h100e * (1.0 - depreciation) + bought.domestic_h100e
        backfire = p["controls.domestic_purchase_learning_share"] * bought.domestic_spend_usd
        self.chip_cn.investment_usd = self.cn_gov.spend["self_sufficiency_investment_usd"] + backfire

    def _advance_capability(self) -> None:
        """Algorithmic progress: trend, R&D, pooled talent, distillation, lab-level noise."""
        p = self.p
        trend = efficiency.trend_growth_log10(p["efficiency.halving_months"])
        bonus_us, bonus_cn = (
            cooperation.talent_bonus(self.cooperation, p["cooperation.talent_share_chinese"], p["cooperation.talent_pooling_gain"])
            if self.cooperation_on else (0.0, 0.0)
        )
        noise = self.streams["efficiency"].standard_normal(len(self.labs)) * p["efficiency.noise_sd"]
        leaders = {"us": self.capability_cn, "cn": self.capability_us}  # each lab's rival frontier
        for lab, shock in zip(self.labs, noise, strict=True):
            growth = efficiency.efficiency_growth_log10(
                trend, lab.rd_share, p["firms.rd_share_base"], p["efficiency.rd_gain"],
                bonus_us if lab.bloc == "us" else bonus_cn,
            )
            if self.efficiency_distillation_on:
                growth += efficiency.distillation_gain_log10(
                    leaders[lab.bloc] - lab.capability, lab.distillation_intensity, p["efficiency.distillation_rate"]
                )
            lab.log10_efficiency += growth + shock
        self._update_capabilities()

    def _nations_decide(self) -> None:
        """Every nation weighs its stack (Bass timing, logit choice) and China's governance body."""
        if not self.adoption_on:
            return
        p, nations = self.p, self.nations
        adopted = 1.0 - float(np.count_nonzero(self.nation_stack == adoption.NONE)) / len(nations)
        consider = adoption.consider_probability(
            self.nation_stack, adopted, p["adoption.innovation_p"], p["adoption.imitation_q"],
            p["adoption.review_rate"], self.adoption_speed,
        )
        promotion = self.us_gov.levers["export_promotion"]

        def utilities_of(index: np.ndarray) -> np.ndarray:
            return adoption.utilities(
                self.static_utilities[index], self.quality_us, self.quality_cn, self.quality_open, promotion,
                self.us_partnership[index], self.cn_infrastructure[index], self.adoption_weights,
            )

        self.nation_stack = adoption.step_choices(
            self.nation_stack, consider, p["adoption.switching_cost"], self.streams["adoption"], utilities_of
        )
        draws = self.streams["governance"].random((2, len(nations)))
        weighing = np.flatnonzero(draws[0] < p["adoption.governance_join_rate"])
        if weighing.size:
            appeal = adoption.governance_appeal(
                self.cn_gov.levers["governance_proposal"], nations.bri_member[weighing], self.nation_stack[weighing],
                nations.us_security_tie[weighing], self.us_gov.levers["safety_governance_stance"],
            )
            members = self.in_governance_body.copy()
            members[weighing] = draws[1, weighing] < appeal
            self.in_governance_body = members

    def _update_relations(self) -> None:
        """Cooperation, Richardson tension, and the chance of a Taiwan / TSMC crisis."""
        p = self.p
        if self.cooperation_on:
            self.cooperation = cooperation.cooperation_step(
                self.cooperation, self.us_gov.levers["safety_governance_stance"],
                self.cn_gov.levers["governance_stance"], self.tension, p["cooperation.adjust_rate"],
            )
        draw = self.streams["crisis"].random()
        if not self.tension_crisis_on:
            self.crisis = int(self.crisis_quarters_left > 0)
            self.crisis_quarters_left = max(self.crisis_quarters_left - 1, 0)
            return
        us, cn = self.us_gov, self.cn_gov
        armament_us = (us.levers["military_framing"] + self.effective_stringency + us.race_pressure) / 3.0
        armament_cn = (cn.levers["military_framing"] + cn.race_pressure) / 2.0
        self.hostility_us, self.hostility_cn = tension.richardson_step(
            self.hostility_us, self.hostility_cn, armament_us, armament_cn, self.cooperation,
            p["tension.reaction"], p["tension.armament_weight"], p["tension.fatigue"],
            p["tension.trust_weight"], p["tension.grievance"],
        )
        if self.crisis_quarters_left > 0:
            self.crisis = 1
            self.crisis_quarters_left -= 1
        elif draw < tension.crisis_probability(self.tension, p["tension.crisis_threshold"], p["tension.crisis_hazard"]):
            self.start_crisis()
        else:
            self.crisis = 0
        self.tension = 0.5 * (self.hostility_us + self.hostility_cn)

    def start_crisis(self) -> None:
        """A Taiwan / TSMC crisis breaks out now: supply is cut from next quarter, hostility jumps."""
        self.crisis = 1
        self.crisis_quarters_left = self.p["tension.crisis_duration_quarters"]
        shock = self.p["tension.crisis_shock"] if self.tension_crisis_on else 0.0
        self.hostility_us = min(self.hostility_us + shock, 1.0)
        self.hostility_cn = min(self.hostility_cn + shock, 1.0)
        self.tension = 0.5 * (self.hostility_us + self.hostility_cn)

    def _assess_misuse(self) -> None:
        p = self.p
        incidents_stream = self.streams["misuse"]
        if not self.misuse_on:
            self.misuse_risk = 0.0
            self.misuse_incidents = 0
            return
        self.misuse_risk = misuse.misuse_risk(
            self.open_capability - self.initial_open_capability,
            self.us_gov.levers["joint_misuse_detection"], self.cooperation, self.safety_share,
            p["misuse.base_hazard"], p["misuse.capability_elasticity"],
            p["misuse.detection_efficacy"], p["misuse.safety_efficacy"],
        )
        self.misuse_incidents = int(incidents_stream.poisson(self.misuse_risk * p["misuse.incidents_per_risk"]))

    # ---- state derived each quarter --------------------------------------------------------
    def _stringency(self) -> float:
        return self.us_gov.levers["export_control_stringency"] if self.export_controls_on else 0.0

    def _stances(self) -> dict[str, float]:
        return {"us": self.us_gov.levers["safety_governance_stance"], "cn": self.cn_gov.levers["governance_stance"]}

    def _cooperation_target(self) -> float:
        return min(self._stances().values()) * (1.0 - self.tension)

    def _update_capabilities(self) -> None:
        for lab in self.labs:
            lab.capability = efficiency.capability(lab.compute_h100e, lab.log10_efficiency, lab.safety_share)
        self.capability_us = max(lab.capability for lab in self.labs_us)
        self.capability_cn = max(lab.capability for lab in self.labs_cn)
        self.capability_gap = self.capability_us - self.capability_cn
        lag = self.p["misuse.open_lag_oom"]
        self.open_capability = max(lab.open_capability(lag) for lab in self.labs)
        frontier, span = max(self.capability_us, self.capability_cn), self.p["adoption.quality_span_oom"]
        self.quality_us = adoption.quality(self.capability_us, frontier, span)
        self.quality_cn = adoption.quality(self.capability_cn, frontier, span)
        self.quality_open = adoption.quality(self.open_capability, frontier, span)

    def _measure(self) -> None:
        """Set the outcome attributes the DataCollector reads."""
        self.quarter = quarter_label(self.steps)
        self.compute_us = sum(lab.compute_h100e for lab in self.labs_us)
        self.compute_cn = sum(lab.compute_h100e for lab in self.labs_cn)
        self.cn_domestic_chip_share = min(self.cn_domestic_h100e / self.compute_cn, 1.0) if self.compute_cn > 0 else 0.0
        self.cn_self_sufficiency = self.chip_cn.self_sufficiency
        pop = adoption.population_shares(self.nation_stack, self.population_weight)
        count = adoption.population_shares(self.nation_stack, self.count_weight)
        (self.adoption_us, self.adoption_cn, self.adoption_open, self.adoption_hedge, self.adoption_none) = pop.tolist()
        (self.adoption_us_nations, self.adoption_cn_nations, self.adoption_open_nations,
         self.adoption_hedge_nations, self.adoption_none_nations) = count.tolist()
        self.governance_body_share = float(self.population_weight @ self.in_governance_body)
        self.investment_us_usd = self.us_gov.total_spend_usd
        self.investment_cn_usd = self.cn_gov.total_spend_usd
        self.safety_share = sum(lab.safety_share for lab in self.labs) / len(self.labs)
        quality = (self.quality_us, self.quality_cn, self.quality_open, max(self.quality_us, self.quality_cn), 0.0)
        self.welfare = float(pop @ quality) * (1.0 - self.misuse_risk)
        self.export_control_stringency = self.effective_stringency
        self.enforcement = self.us_gov.levers["enforcement"]
        self.stance_us, self.stance_cn = self.us_gov.levers["safety_governance_stance"], self.cn_gov.levers["governance_stance"]
        if self.steps > 0:
            self.stack_history.append(self.nation_stack)


def _add_compute(labs: list[FrontierLab], added_h100e: float, depreciation: float) -> None:
    """Depreciate each lab's stock and add its part of the new compute (by its compute spending)."""
    weights = [lab.budget_share * (1.0 - lab.rd_share) for lab in labs]
    total = sum(weights)
    for lab, weight in zip(labs, weights, strict=True):
        lab.compute_h100e = lab.compute_h100e * (1.0 - depreciation) + added_h100e * weight / total
