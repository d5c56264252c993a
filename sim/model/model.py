"""AIRaceModel: the US-China competition in AI, one quarter a step from 2025Q1.

Two governments set levers under doctrines, frontier labs, chip makers and cloud providers of each
bloc turn them into compute, capability and ties abroad, and dozens of developing nations choose an
AI stack. Nine mechanisms from the source articles link them; each can be switched off.
"""

from __future__ import annotations

import math
from typing import Any

import mesa
from mesa.agentset import AgentSet

from sim.model.agents import ChinaGovernment, ChipMaker, CloudProvider, FrontierLab, Nations, USGovernment
from sim.model.agents.firms import zipf_shares
from sim.model.collector import ScalarAttributeCollector
from sim.model.draws import Variates, replication_seeds, root_seed, stream
from sim.model.market import ChipMarket
from sim.model.mechanisms import adoption, cooperation, efficiency, misuse, sentiment, tension
from sim.model.nations import NationTable, load_nations
from sim.model.relations import Relations
from sim.registry.calendar import step_of
from sim.registry.outcomes import REPORTERS, quarter_label
from sim.registry.params import Parameters, Value, check_mid_run

DEFAULT_STEPS = 40


class AIRaceModel(mesa.Model):
    """The AI race model.

    ``AIRaceModel()`` is the baseline; ``AIRaceModel(rng=seed, **overrides)`` seeds it and overrides
    parameters by registry name (``AIRaceModel(**{"us.export_control_stringency": 0.9})``), so
    ``mesa.batch_run`` can sweep them. ``events`` are (quarter, levers, crisis) with the quarter
    as a step or a label such as ``"2027Q1"``; ``AIRaceModel.from_scenario`` builds the model of a
    scenario file's replication.

    Attributes:
        p: the parameters in force (``sim.registry.params.Parameters``: ``p.smuggling.base_share``), frozen;
            a lever changed during the run (``set_lever``) replaces it with a changed copy.
        nations: the nations' fixed attributes (``seeds/nations.csv``).
        us_gov, cn_gov: the governments; ``firms`` is the firms' AgentSet.
        labs_us, labs_cn: frontier labs; chip_us, chip_cn: chip makers; cloud_us, cloud_cn: clouds.
        population: the developing nations' state and decisions (``sim.model.agents.nations.Nations``),
            with one ``Nation`` agent per nation in ``population.agents``.
        relations: cooperation, tension and crises (``sim.model.relations.Relations``).
        market: the chip trade between the blocs (``sim.model.market.ChipMarket``).
        variates: every quarter's random draws, made when the model is built (``sim.model.draws``).
        One attribute per outcome in ``sim.registry.outcomes.OUTCOMES`` (or a part's, as
        ``market.smuggled_value_usd``), read by ``datacollector``.
    """

    def __init__(
        self,
        rng=None,
        steps: int = DEFAULT_STEPS,
        nations: NationTable | None = None,
        events: tuple[tuple[int | str, dict[str, Value], bool], ...] = (),
        **params: Any,
    ):
        super().__init__(rng=rng)
        p = self.p = Parameters.resolve(params)
        self.root_seed = root_seed(rng if rng is not None else self.rng)
        self.n_steps = steps
        self.events: dict[int, list[tuple[dict[str, Value], bool]]] = {}
        for when, levers, crisis in events:
            step = step_of(when) if isinstance(when, str) else when
            levers = {name: check_mid_run(name, value) for name, value in levers.items()}
            self.events.setdefault(step, []).append((levers, crisis))
        self.nations = nations if nations is not None else load_nations()

        self.us_gov = USGovernment(self)
        self.cn_gov = ChinaGovernment(self)
        self.us_gov.rival, self.cn_gov.rival = self.cn_gov, self.us_gov
        self._create_firms()
        drawn_sentiment = sentiment.draw_sentiment(
            stream(self.root_seed, "sentiment"), len(self.nations), p.sentiment.developing_positive, p.sentiment.spread
        )
        labs = [(lab.bloc, rank) for labs in (self.labs_us, self.labs_cn) for rank, lab in enumerate(labs)]
        self.variates = Variates.draw(self.root_seed, steps, len(self.nations), labs)
        self.population = Nations(self, self.nations, p, drawn_sentiment)

        self.racing_labs = 2 * p.firms.frontier_labs_per_bloc
        self.previous_stances = self._stances()
        self.relations = Relations(p, tuple(self.previous_stances.values()))
        self.misuse_incidents = 0
        self.safety_share = self._mean_safety_share()
        self.history_us: list[float] = []
        self.history_cn: list[float] = []
        self._lag_back_growth = efficiency.pre_2025_growth_log10(p.efficiency.halving_months)
        self._update_capabilities()
        self.misuse_risk = self._misuse_risk()
        self.initial_lead: float | None = None  # the lead both governments race against: 2025Q1's, once traded
        self._measure()
        self.datacollector = ScalarAttributeCollector(REPORTERS)

    @classmethod
    def from_scenario(cls, scenario, replication: int = 0, nations: NationTable | None = None) -> AIRaceModel:
        """The model of one replication of a validated scenario (``sim.scenario.load_scenario``),
        with the seed ``airace run`` gives that replication, so its numbers are the CLI's. A sweep
        runs its scenario's own parameters; set a point's levers with ``set_lever`` or keywords."""
        seed = replication_seeds(scenario.seed, replication + 1)[replication]
        return cls(
            rng=seed, steps=scenario.steps, nations=nations, events=scenario.model_events, **scenario.model_params
        )

    # ---- construction ---------------------------------------------------------------------
    def _create_firms(self) -> None:
        p = self.p
        shares = zipf_shares(p.firms.frontier_labs_per_bloc).tolist()  # Python floats: scalar maths is faster
        total = p.compute.initial_total_h100e
        us_stock, cn_stock = total * p.compute.initial_us_share, total * p.compute.initial_cn_share
        cn_efficiency = math.log10(p.efficiency.cn_initial_advantage)
        self.labs_us = [FrontierLab(self, "us", s, us_stock * s, 0.0) for s in shares]
        self.labs_cn = [FrontierLab(self, "cn", s, cn_stock * s, cn_efficiency) for s in shares]
        self.labs = self.labs_us + self.labs_cn
        self.market = ChipMarket(cn_stock * p.export_controls.cn_domestic_share_initial)
        # Wright's law counts output from before 2025: the domestic stock, or a year of capacity if more.
        made_before = max(self.market.cn_domestic_h100e, 4.0 * p.export_controls.cn_capacity_initial_h100e)
        self.chip_us, self.chip_cn = ChipMaker(self, "us"), ChipMaker(self, "cn", made_before)
        self.cloud_us, self.cloud_cn = CloudProvider(self, "us"), CloudProvider(self, "cn")
        self.firms = AgentSet(
            [*self.labs, self.chip_us, self.chip_cn, self.cloud_us, self.cloud_cn], random=self.random
        )

    # ---- the schedule ---------------------------------------------------------------------
    def step(self) -> None:
        """One quarter: events, decide, trade chips, progress, adopt, relate, assess, record."""
        if self.steps > self.variates.quarters:
            self.variates.extend()
        self._apply_events()
        self._governments_decide()
        self.firms.do("step")  # in a fixed order: no firm's decision depends on another's this quarter
        self.market.trade(self)
        self._advance_capability()
        self._nations_decide()
        self.relations.step(
            self.us_gov,
            self.cn_gov,
            self.variates.crisis[self.steps - 1],
            self._denied_to_china(),
            self._distillation_from_us(),
        )
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
                self.relations.start_crisis()

    def set_lever(self, name: str, value: Value) -> None:
        """Change a lever (registry name) from now on: the one door for events and game rounds.

        The value is checked against the registry, which also says whether the parameter may change
        during a run; ``p`` is replaced by a changed copy, and the lever's government takes it up."""
        self.p = self.p.with_value(name, check_mid_run(name, value))
        group, field = name.split(".", 1)
        if group in ("us", "cn"):
            (self.us_gov if group == "us" else self.cn_gov).lever_set(field)

    def _governments_decide(self) -> None:
        self.previous_stances = self._stances()
        self.us_gov.step()
        self.cn_gov.step()

    def _advance_capability(self) -> None:
        """Algorithmic progress: each lab advances its methods and distils; capabilities follow."""
        p = self.p
        bonus = (
            cooperation.talent_bonus(
                self.relations.cooperation, p.cooperation.talent_share_chinese, p.cooperation.talent_pooling_gain
            )
            if p.mechanisms.cooperation
            else (0.0, 0.0)
        )
        talent = {"us": bonus[0], "cn": bonus[1]}
        teacher = {"us": _best(self.labs_cn), "cn": _best(self.labs_us)}  # each lab learns from the rival's best
        best_methods = max(lab.log10_methods for lab in self.labs)
        for lab, draw in zip(self.labs, self.variates.efficiency[self.steps - 1].tolist(), strict=True):
            lab.advance(talent[lab.bloc], best_methods, teacher[lab.bloc], draw)
        self._update_capabilities()

    def _nations_decide(self) -> None:
        """Developing nations weigh their stacks and China's governance body, seeing this quarter's
        stack qualities, the Chinese stack's price and US policy (``Nations.decide``)."""
        p, us, cn = self.p, self.us_gov.policy, self.cn_gov.policy
        price_cn = adoption.chinese_price(
            p.adoption.price_cn,
            cn.open_model_subsidy,
            p.adoption.subsidy_price_cut,
            self.chip_cn.self_sufficiency,
            p.export_controls.self_sufficiency_initial,
            p.adoption.compute_cost_share,
        )
        quarter = adoption.Quarter(
            self.quality_us,
            self.quality_cn,
            self.quality_open,
            price_cn,
            us.export_promotion,
            us.diffusion_limits,
        )
        self.population.decide(
            quarter, cn.governance_proposal, us.safety_governance_stance, self.variates, self.steps - 1
        )

    def _denied_to_china(self) -> float:
        """China's injury: the share of what it wants that the US denies it, chips (blocked and not
        smuggled in) or access to US models for distillation (the countermeasures, as far as China
        wants to distil), by the same form as the US's injury (``_distillation_from_us``)."""
        access = 0.0
        if self.p.mechanisms.efficiency:
            access = self.cn_gov.policy.distillation_tolerance * self.us_gov.policy.distillation_countermeasures
        return tension.denial(self.market.denied_share, access)

    def _distillation_from_us(self) -> float:
        """The US's injury: how freely Chinese labs distil US models, counted only for labs that gained
        from it this quarter (a lab at its catch-up floor copies nothing), 0 with the mechanism off."""
        if not self.p.mechanisms.efficiency:
            return 0.0
        labs = self.labs_cn
        return sum(lab.distillation_intensity for lab in labs if lab.distilled_now > 0) / len(labs)

    def _assess_misuse(self) -> None:
        self.safety_share = self._mean_safety_share()
        self.misuse_risk = self._misuse_risk()
        self.misuse_incidents = misuse.incident_count(
            self.misuse_risk * self.p.misuse.incidents_per_risk, self.variates.misuse[self.steps - 1]
        )

    def _misuse_risk(self) -> float:
        p = self.p
        if not p.mechanisms.misuse:
            return 0.0
        a = p.misuse
        return misuse.misuse_risk(
            self.open_capability - a.reference_open_capability,
            self.us_gov.policy.joint_misuse_detection,
            self.relations.cooperation,
            self.safety_share,
            a.base_hazard,
            a.capability_elasticity,
            a.detection_efficacy,
            a.safety_efficacy,
        )

    # ---- state derived each quarter --------------------------------------------------------
    def _mean_safety_share(self) -> float:
        return sum([lab.safety_share for lab in self.labs]) / len(self.labs)

    def _stances(self) -> dict[str, float]:
        return {"us": self.us_gov.policy.safety_governance_stance, "cn": self.cn_gov.policy.governance_stance}

    def _update_capabilities(self) -> None:
        for lab in self.labs:
            lab.capability = efficiency.capability(lab.compute_h100e, lab.log10_efficiency, lab.safety_share)
        self.capability_us = us = max([lab.capability for lab in self.labs_us])
        self.capability_cn = cn = max([lab.capability for lab in self.labs_cn])
        self.capability_gap = us - cn
        self.history_us.append(us)
        self.history_cn.append(cn)
        if us >= cn:
            self.capability_lag_months = efficiency.lag_months(self.history_us, cn, self._lag_back_growth)
        else:
            self.capability_lag_months = -efficiency.lag_months(self.history_cn, us, self._lag_back_growth)
        p = self.p
        lag = p.misuse.open_lag_oom
        open_us = max([lab.open_capability(lag) for lab in self.labs_us])
        open_cn = max([lab.open_capability(lag) for lab in self.labs_cn])
        self.open_capability = max(open_us, open_cn)
        self.open_models_chinese = adoption.chinese_open_share(open_cn, open_us, p.adoption.open_origin_scale_oom)
        frontier, span = max(us, cn), p.adoption.quality_span_oom
        self.quality_us = adoption.quality(us, frontier, span)
        self.quality_cn = adoption.quality(cn, frontier, span)
        self.quality_open = adoption.quality(self.open_capability, frontier, span)

    def _measure(self) -> None:
        """Set the outcome attributes the DataCollector reads."""
        us, cn = self.us_gov, self.cn_gov
        self.quarter = quarter_label(self.steps)
        self.compute_us = sum([lab.compute_h100e for lab in self.labs_us])
        self.compute_cn = compute_cn = sum([lab.compute_h100e for lab in self.labs_cn])
        self.cn_domestic_chip_share = min(self.market.cn_domestic_h100e / compute_cn, 1.0) if compute_cn > 0 else 0.0
        self.cn_self_sufficiency = self.chip_cn.self_sufficiency
        self.cn_chip_capacity_h100e = self.chip_cn.capacity_h100e
        nations = self.population
        pop = nations.expected_shares()
        (self.adoption_us, self.adoption_cn, self.adoption_open, self.adoption_hedge, self.adoption_none) = pop
        (
            self.adoption_us_nations,
            self.adoption_cn_nations,
            self.adoption_open_nations,
            self.adoption_hedge_nations,
            self.adoption_none_nations,
        ) = nations.realised_shares()
        open_cn = self.open_models_chinese
        self.reach_us = pop[0] + 0.5 * pop[3] + (1 - open_cn) * pop[2]
        self.reach_cn = pop[1] + 0.5 * pop[3] + open_cn * pop[2]
        self.governance_body_share = nations.governance_body_share()
        self.investment_us_usd = us.total_spend_usd
        self.investment_cn_usd = cn.total_spend_usd
        us, cn = us.policy, cn.policy
        q_us, q_cn = self.quality_us, self.quality_cn
        stack_worth = pop[0] * q_us + pop[1] * q_cn + pop[2] * self.quality_open + pop[3] * max(q_us, q_cn)
        self.welfare = stack_worth * (1.0 - self.misuse_risk)
        self.export_control_stringency = us.export_control_stringency
        self.enforcement = us.enforcement
        self.stance_us, self.stance_cn = us.safety_governance_stance, cn.governance_stance
        if self.steps > 0:
            nations.record()
        if self.steps == 1:
            self.initial_lead = self.capability_gap


def _best(labs: list[FrontierLab]) -> FrontierLab:
    """The lab of a bloc with the highest capability: its frontier, which the rival's labs distil from."""
    return max(labs, key=lambda lab: lab.capability)
