"""Developing nations: one vectorised population that owns its state and decides, and one Mesa agent
per nation that views it.

Every nation decides by the same rule from its own attributes and draws (Bass timing, a logit
choice of stack, joining China's governance body), so the population runs the rule over all
nations in a few numpy operations (``Nations.decide``); a ``Nation`` agent reads its own row.
Beside each nation's pick, the population carries the chance that it is on each stack.
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.agentset import AgentSet

from sim.model.mechanisms import adoption, sentiment
from sim.model.mechanisms.adoption import STACKS
from sim.model.nations import NationTable
from sim.registry.params import Parameters

WEIGHTS = (
    "capability",
    "price",
    "infrastructure",
    "financing",
    "promotion",
    "security",
    "data_security",
    "language",
    "availability",
    "governance_member",
)


class Nations:
    """The developing nations' state and decisions, in every replication of the model at once: the
    first axis of every state array is the replication (``R``), the next the nation.

    Attributes:
        table: their fixed attributes (``seeds/nations.csv``).
        stack: each nation's stack this quarter (an index into ``STACKS``; replications x nations);
            ``history`` every quarter's.
        chances: each nation's chance of being on each stack (stacks x replications x nations: the
            stacks first, see ``adoption.expected_step``); ``chance_history`` every quarter's.
        sentiment: each nation's share of the public positive about AI, drawn once (replications x nations).
        us_partnership, cn_infrastructure: ties the blocs' cloud providers build (rows of ``ties``).
        in_governance_body: membership of China's proposed AI governance body.
        agents: one ``Nation`` view per nation.
        adoption_us ... adoption_none, adoption_us_nations ... adoption_none_nations, reach_us,
            reach_cn, governance_body_share: the quarter's adoption outcomes (``measure``).
    """

    def __init__(self, model: mesa.Model, table: NationTable, p: Parameters, drawn_sentiment: np.ndarray):
        """The adoption assumptions may each hold one value per replication (``sim.model.varied``):
        they are kept as columns (replications x 1), to broadcast over the nations."""
        n, r = len(table), len(drawn_sentiment)
        a = self.assumptions = p.adoption._replace(**{f: _column(v) for f, v in p.adoption._asdict().items()})
        self.table, self.sentiment = table, drawn_sentiment
        self.active = p.mechanisms.adoption
        self.stack = np.full((r, n), adoption.NONE)
        self.history: list[np.ndarray] = []
        self.chance_history: list[np.ndarray] = []
        self.chances = np.zeros((len(STACKS), r, n))
        self.chances[adoption.NONE] = 1.0
        self.speed = (
            sentiment.adoption_speed(drawn_sentiment, _column(p.sentiment.reference_positive))
            if p.mechanisms.sentiment
            else np.ones((r, n))
        )
        self.review_hazard = adoption.review_hazard(a.review_rate)
        self.ties = np.zeros((2, r, n))
        self.us_partnership, self.cn_infrastructure = self.ties
        self.cn_infrastructure[:] = table.bri_member * a.bri_initial_infrastructure
        self.in_governance_body = np.zeros((r, n), dtype=bool)
        self.governance_pull, self.governance_push = adoption.governance_terms(table.bri_member, table.us_security_tie)
        self.population_weight = table.population_weight
        self.count_weight = np.full(n, 1.0 / n)
        self.not_allied = 1.0 - table.us_security_tie
        self.weights = w = adoption.Weights(  # type: ignore[call-arg]  # mypy cannot count a starred generator
            *(getattr(a, f"{name}_weight") for name in WEIGHTS),
            a.hedge_autonomy_bonus,
            a.hedge_cost,
        )
        self.price_burden = adoption.price_burden(table.gdp_per_capita_usd, w.price)
        self.static_utilities = adoption.static_utilities(
            self.price_burden,
            table.us_security_tie,
            table.data_protection_law,
            table.local_language_need,
            a.price_us,
            a.price_open,
            w,
        )
        self.staying = adoption.staying_factor(a.switching_cost)
        self.agents = AgentSet([Nation(model, self, i) for i in range(n)], random=model.random)

    def decide(self, quarter: adoption.Quarter, cn_proposal: float, us_stance: float, draws, t: int) -> None:
        """Every nation weighs its stack (Bass timing, logit choice) and China's governance body.

        ``draws`` are the run's variates and ``t`` this quarter's index into them. A nation that does
        not weigh keeps its stack; each nation's chances move by the same rule as its pick.
        ``quarter``'s fields, the proposal and the stance are numbers or arrays over replications.
        """
        if not self.active:
            return
        a = self.assumptions
        ties = self.us_partnership, self.cn_infrastructure
        quarter = adoption.Quarter(*(_column(value) for value in quarter))
        hazard = adoption.adoption_hazard(
            a.innovation_p,
            a.imitation_q,
            1.0 - adoption.stack_share(self.stack, self.count_weight, adoption.NONE)[:, None],
            self.speed,
            adoption.readiness(*ties, a.readiness_gain),
        )
        utilities = adoption.utilities(
            self.static_utilities,
            self.price_burden,
            *ties,
            self.not_allied,
            self.in_governance_body,
            quarter,
            self.weights,
        )
        self.chances = adoption.expected_step(self.chances, hazard, self.review_hazard, utilities, self.staying)
        self.stack = adoption.realised_step(
            self.stack,
            draws.adoption_timing[t],
            hazard,
            self.review_hazard,
            utilities,
            a.switching_cost,
            draws.adoption_choice[t],
        )
        offset = adoption.governance_offset(self.governance_push, _column(us_stance))
        logit = adoption.governance_logit(_column(cn_proposal), self.governance_pull, self.stack, offset)
        joins = draws.governance_choice[t] < adoption.joining_chance(logit)
        self.in_governance_body = np.where(
            draws.governance_timing[t] < a.governance_join_rate, joins, self.in_governance_body
        )

    def measure(self, open_models_chinese) -> None:
        """The quarter's adoption outcomes (each an array over replications): expected and realised
        shares of each stack, each bloc's reach (a hedger counts half for each; open-model users by
        whose open models they run) and the governance body's share of population."""
        pop = self.expected_shares()
        (self.adoption_us, self.adoption_cn, self.adoption_open, self.adoption_hedge, self.adoption_none) = pop
        (
            self.adoption_us_nations,
            self.adoption_cn_nations,
            self.adoption_open_nations,
            self.adoption_hedge_nations,
            self.adoption_none_nations,
        ) = self.realised_shares()
        self.reach_us = pop[0] + 0.5 * pop[3] + (1 - open_models_chinese) * pop[2]
        self.reach_cn = pop[1] + 0.5 * pop[3] + open_models_chinese * pop[2]
        self.governance_body_share = self.governance_body_share_now()

    def record(self) -> None:
        """Keep this quarter's stacks (the agent-level table)."""
        self.history.append(self.stack)  # a new array each quarter (``decide``), so no copy
        self.chance_history.append(self.chances)  # a new array each quarter (``decide``), so no copy

    def expected_shares(self) -> np.ndarray:
        """Population-weighted chance of being on each stack, in ``STACKS`` order (stacks x
        replications). Summed over the nations axis by numpy's sum, not ``@`` (which may sum in an
        order that depends on the shape: a replication's numbers must not depend on its batch)."""
        return (self.chances * self.population_weight).sum(axis=-1)

    def realised_shares(self) -> np.ndarray:
        """Share of nations (each counted once) on each stack, in ``STACKS`` order (stacks x replications)."""
        return adoption.population_shares(self.stack, self.count_weight)

    def governance_body_share_now(self) -> np.ndarray:
        return (self.in_governance_body * self.population_weight).sum(axis=-1)


def _column(value):
    """A value per replication as a column (replications x 1), to broadcast over nations; a number as is."""
    return value[:, None] if isinstance(value, np.ndarray) and value.ndim == 1 else value


class Nation(mesa.Agent):
    """A developing nation: a view of its row in the population's arrays, in the first replication
    (the only one of a model run alone)."""

    def __init__(self, model: mesa.Model, population: Nations, index: int):
        super().__init__(model)
        self.population = population
        self.index = index

    @property
    def iso3(self) -> str:
        return self.population.table.iso3[self.index]

    @property
    def name(self) -> str:
        return self.population.table.name[self.index]

    @property
    def population_m(self) -> float:
        return float(self.population.table.population_m[self.index])

    @property
    def stack(self) -> str:
        """The AI stack it uses: us, cn, open, hedge or none."""
        return STACKS[self.population.stack[0, self.index]]

    @property
    def stack_chances(self) -> dict[str, float]:
        """Its chance of being on each stack."""
        return dict(zip(STACKS, self.population.chances[:, 0, self.index].tolist(), strict=True))

    @property
    def sentiment(self) -> float:
        return float(self.population.sentiment[0, self.index])

    @property
    def cn_infrastructure(self) -> float:
        return float(self.population.cn_infrastructure[0, self.index])

    @property
    def us_partnership(self) -> float:
        return float(self.population.us_partnership[0, self.index])

    @property
    def in_governance_body(self) -> bool:
        return bool(self.population.in_governance_body[0, self.index])
