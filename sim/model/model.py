"""AIRaceModel: the US-China competition in AI, one quarter a step from 2025Q1.

Two governments set levers under doctrines, frontier labs, chip makers and cloud providers of each
bloc turn them into compute, capability and ties abroad, and dozens of developing nations choose an
AI stack. Nine mechanisms from the source articles link them; each can be switched off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mesa
import numpy as np
from mesa.agentset import AgentSet

from sim.model.agents import ChinaGovernment, ChipMaker, CloudProvider, Labs, Nations, USGovernment
from sim.model.agents.labs import zipf_shares
from sim.model.collector import ScalarAttributeCollector
from sim.model.draws import Variates, draw_each, replication_seeds, root_seed
from sim.model.frontier import Frontier
from sim.model.market import ChipMarket
from sim.model.mechanisms import adoption, misuse, sentiment, tension
from sim.model.nations import NationTable, load_nations
from sim.model.relations import Relations
from sim.model.varied import varied_parameters
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

    Replications in lockstep: ``AIRaceModel(rng=[seed, ...])`` (a list of integer seeds) runs one
    replication per seed, of one configuration (the same parameters and events), stepped together:
    every state value is an array over replications (shape ``(R,)``; the nations' ``(R, nations)``),
    the Python control flow runs once a quarter for all, and replication r's numbers are exactly
    those of ``AIRaceModel(rng=seeds[r])`` run alone (its own random streams; no sum across
    replications). A run alone is the batch of one (``R = 1``); its DataCollector reports plain
    Python numbers, so ``get_model_vars_dataframe`` and ``mesa.batch_run`` work as for any Mesa
    model. ``sim.model.frames.outcome_frames`` gives a batch's frames, one per replication.

    Attributes:
        p: the parameters in force (``sim.registry.params.Parameters``: ``p.smuggling.base_share``), frozen;
            a lever changed during the run (``set_lever``) replaces it with a changed copy.
        nations: the nations' fixed attributes (``seeds/nations.csv``).
        us_gov, cn_gov: the governments; ``firms`` the chip makers' and cloud providers' AgentSet.
        labs_us, labs_cn: each bloc's frontier labs (``sim.model.agents.labs.Labs``, one ``FrontierLab``
            agent per lab in ``agents``); chip_us, chip_cn: chip makers; cloud_us, cloud_cn: clouds.
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
        varied: Mapping[str, Sequence[Value]] | None = None,
        **params: Any,
    ):
        batch = batch_seeds(rng)
        super().__init__(rng=batch[0] if batch else rng)
        p = self.p = varied_parameters(Parameters.resolve(params), varied, len(batch or [rng]))
        self.seeds = batch or [root_seed(rng if rng is not None else self.rng)]
        self.root_seed = self.seeds[0]
        self.replications = len(self.seeds)
        self.n_steps = steps
        self.events = events_by_step(events)
        self.nations = nations if nations is not None else load_nations()

        self.us_gov = USGovernment(self)
        self.cn_gov = ChinaGovernment(self)
        self.us_gov.rival, self.cn_gov.rival = self.cn_gov, self.us_gov
        self._create_firms()
        labs = [(bloc.bloc, rank) for bloc in (self.labs_us, self.labs_cn) for rank in range(len(bloc))]
        self.variates = Variates.draw(self.seeds, steps, len(self.nations), labs)
        self.population = Nations(self, self.nations, p, drawn_sentiment(self.seeds, len(self.nations), p))

        self.racing_labs = 2 * p.firms.frontier_labs_per_bloc
        self.previous_stances = self._stances()
        self.relations = Relations(p, tuple(self.previous_stances.values()), self.replications)
        self.frontier = Frontier(p, self.labs_us, self.labs_cn)
        self.misuse_incidents = np.zeros(self.replications, dtype=np.int64)
        self.misuse_risk = self._misuse_risk()
        self.initial_lead: np.ndarray | None = None  # the lead both governments race against: 2025Q1's, once traded
        self._measure()
        self.datacollector = ScalarAttributeCollector(REPORTERS, self.replications)

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
        shares = zipf_shares(p.firms.frontier_labs_per_bloc)
        total = p.compute.initial_total_h100e
        us_stock, cn_stock = total * p.compute.initial_us_share, total * p.compute.initial_cn_share
        cn_efficiency = np.log10(p.efficiency.cn_initial_advantage)  # a number, or one per replication
        self.labs_us = Labs(self, "us", shares, us_stock, 0.0)
        self.labs_cn = Labs(self, "cn", shares, cn_stock, cn_efficiency)
        self.market = ChipMarket(cn_stock * p.export_controls.cn_domestic_share_initial)
        # Wright's law counts output from before 2025: the domestic stock, or a year of capacity if more.
        made_before = np.maximum(self.market.cn_domestic_h100e, 4.0 * p.export_controls.cn_capacity_initial_h100e)
        self.chip_us, self.chip_cn = ChipMaker(self, "us"), ChipMaker(self, "cn", made_before)
        self.cloud_us, self.cloud_cn = CloudProvider(self, "us"), CloudProvider(self, "cn")
        self.firms = AgentSet([self.chip_us, self.chip_cn, self.cloud_us, self.cloud_cn], random=self.random)

    # ---- the schedule ---------------------------------------------------------------------
    def step(self) -> None:
        """One quarter: events, decide, trade chips, progress, adopt, relate, assess, record."""
        if self.steps > self.variates.quarters:
            self.variates.extend()
        self._apply_events()
        self._governments_decide()
        self._labs_choose()
        self.firms.do("step")  # in a fixed order: no firm's decision depends on another's this quarter
        self.market.trade(self)
        self.frontier.advance(self.p, self.relations.cooperation, self.variates.efficiency[self.steps - 1])
        self._nations_decide()
        injuries = (self._denied_to_china(), self.frontier.distillation_from_us(self.p))
        self.relations.step(self.us_gov, self.cn_gov, self.variates.crisis[self.steps - 1], *injuries)
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

    def _labs_choose(self) -> None:
        """Each bloc's labs choose their safety, R&D, openness and distillation (``Labs.choose``)."""
        tension, us, cn = self.relations.tension, self.us_gov.policy, self.cn_gov.policy
        self.labs_us.choose(self.p, tension, self.racing_labs, us, cn)
        self.labs_cn.choose(self.p, tension, self.racing_labs, us, cn)

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
        f = self.frontier
        quarter = adoption.Quarter(
            f.quality_us, f.quality_cn, f.quality_open, price_cn, us.export_promotion, us.diffusion_limits
        )
        self.population.decide(
            quarter, cn.governance_proposal, us.safety_governance_stance, self.variates, self.steps - 1
        )

    def _denied_to_china(self):
        """China's injury: the share of what it wants that the US denies it, chips (blocked and not
        smuggled in) or access to US models for distillation (the countermeasures, as far as China
        wants to distil), by the same form as the US's injury (``_distillation_from_us``)."""
        access = 0.0
        if self.p.mechanisms.efficiency:
            access = self.cn_gov.policy.distillation_tolerance * self.us_gov.policy.distillation_countermeasures
        return tension.denial(self.market.denied_share, access)

    def _assess_misuse(self) -> None:
        self.frontier.safety_share = self.frontier.mean_safety_share()
        self.misuse_risk = self._misuse_risk()
        self.misuse_incidents = misuse.incident_count(
            self.misuse_risk * self.p.misuse.incidents_per_risk, self.variates.misuse[self.steps - 1]
        )

    def _misuse_risk(self):
        """This quarter's chance of serious misuse from the best open release (0 with the mechanism off)."""
        if not self.p.mechanisms.misuse:
            return 0.0
        f, detection = self.frontier, self.us_gov.policy.joint_misuse_detection
        return misuse.misuse_risk(
            f.open_capability, detection, self.relations.cooperation, f.safety_share, self.p.misuse
        )

    # ---- state derived each quarter --------------------------------------------------------
    def _stances(self) -> dict[str, Any]:
        return {"us": self.us_gov.policy.safety_governance_stance, "cn": self.cn_gov.policy.governance_stance}

    def _measure(self) -> None:
        """Set the outcome attributes the DataCollector reads (the frontier's and the nations' are theirs)."""
        us, cn, f, nations = self.us_gov, self.cn_gov, self.frontier, self.population
        self.quarter = quarter_label(self.steps)
        f.measure()
        stocked = f.compute_cn > 0
        self.cn_domestic_chip_share = np.where(
            stocked, np.minimum(self.market.cn_domestic_h100e / np.where(stocked, f.compute_cn, 1.0), 1.0), 0.0
        )
        self.cn_self_sufficiency = self.chip_cn.self_sufficiency
        self.cn_chip_capacity_h100e = self.chip_cn.capacity_h100e
        nations.measure(f.open_models_chinese)
        self.investment_us_usd = us.total_spend_usd
        self.investment_cn_usd = cn.total_spend_usd
        us, cn = us.policy, cn.policy
        q_us, q_cn, q_open = f.quality_us, f.quality_cn, f.quality_open
        stacks = (nations.adoption_us, nations.adoption_cn, nations.adoption_open, nations.adoption_hedge)
        stack_worth = stacks[0] * q_us + stacks[1] * q_cn + stacks[2] * q_open + stacks[3] * np.maximum(q_us, q_cn)
        self.welfare = stack_worth * (1.0 - self.misuse_risk)
        self.export_control_stringency = us.export_control_stringency
        self.enforcement = us.enforcement
        self.stance_us, self.stance_cn = us.safety_governance_stance, cn.governance_stance
        if self.steps > 0:
            nations.record()
        if self.steps == 1:
            self.initial_lead = f.capability_gap


def batch_seeds(rng) -> list[int] | None:
    """The seeds of a batch in lockstep (``rng`` a sequence of integer seeds), or None for a run alone."""
    if not isinstance(rng, Sequence | np.ndarray) or isinstance(rng, str | bytes):
        return None
    if not len(rng):
        raise ValueError("AIRaceModel(rng=[...]): a batch needs at least one seed")
    return [root_seed(int(seed)) for seed in rng]


def events_by_step(events) -> dict[int, list[tuple[dict[str, Value], bool]]]:
    """Scenario events by the step they apply at, each lever checked as a mid-run change."""
    by_step: dict[int, list[tuple[dict[str, Value], bool]]] = {}
    for when, levers, crisis in events:
        step = step_of(when) if isinstance(when, str) else when
        checked = {name: check_mid_run(name, value) for name, value in levers.items()}
        by_step.setdefault(step, []).append((checked, crisis))
    return by_step


def drawn_sentiment(seeds: list[int], nations: int, p: Parameters) -> np.ndarray:
    """Each replication's public sentiment per nation, from its own stream: (replications x nations)."""
    s = p.sentiment
    means, spreads = (np.broadcast_to(value, len(seeds)).tolist() for value in (s.developing_positive, s.spread))
    each = iter(zip(means, spreads, strict=True))  # each replication's mean and spread, in seed order
    return np.stack(draw_each(seeds, "sentiment", lambda g: sentiment.draw_sentiment(g, nations, *next(each))))
