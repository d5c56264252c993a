"""The two governments: each sets its levers every quarter under a doctrine
(``sim.model.agents.doctrines``: fixed, reactive, reciprocal, adaptive).

Under every doctrine the investment race (mechanism 5) scales the investment levers, and AI
data-centre investment (and the budget) grows along the published spending path
(``sim.model.mechanisms.race.spending_path``): the levers are its 2025Q1 level. A lever's
setting is what gets spent: the budget caps only what the race and the doctrine add on top of the
levers as set (``spending_within_budget``), and never cuts one lever to pay for another.
"""

from __future__ import annotations

from typing import ClassVar

import mesa
import numpy as np

from sim.model.agents.doctrines import DOCTRINES, GOAL_SIGNS, Doctrine
from sim.model.mechanisms.bounds import Values, added
from sim.model.mechanisms.race import race_multiplier, race_pressure, spending_path
from sim.registry.params import SPENDING_LEVERS

NOT_POLICY = ("doctrine", "budget_usd", "weight_lead", "weight_adoption", "weight_tension", "weight_misuse")


class Government(mesa.Agent):
    """A bloc's government.

    Attributes:
        setting: its parameters as the scenario set them (``model.p.us`` or ``model.p.cn``; events
            change them): doctrine, budget, goal weights and the levers as set.
        levers: the lever values its doctrine has chosen (a working copy; names without the bloc).
        spend: USD per quarter spent this quarter on each spending lever: the lever, plus what race and
            doctrine add within the budget.
        policy: the levers it applies this quarter, read by firms, nations, relations and outcomes:
            its parameter group with the levers as its doctrine chose them and, for the US, export
            controls at 0 when the mechanism is off. A new record whenever a lever changes.
        race_pressure: how much ground it has lost since 2025Q1, in [0, 1].
        spending_path: this quarter's factor on AI data-centre investment and the budget (1 in 2025Q1).
        rival: the other government.
        beliefs: (class) the believed effect of raising each lever on each goal, which an adaptive
            doctrine follows.
    """

    bloc = ""
    stance_lever = ""
    spending_levers: tuple[str, ...] = ()
    race_levers: tuple[str, ...] = ()
    beliefs: ClassVar[dict[str, dict[str, float]]] = {}

    def __init__(self, model: mesa.Model):
        super().__init__(model)
        p = model.p
        setting = getattr(p, self.bloc)
        self.levers: dict[str, float] = {
            name: value for name, value in setting._asdict().items() if name not in NOT_POLICY
        }
        self.spend: dict[str, float] = {name: self.levers[name] for name in self.spending_levers}
        self.rival: Government | None = None
        self._race_intensity = p.race.intensity if p.mechanisms.race else 0.0
        self._gap_reference = p.race.gap_reference_oom
        self._sign = 1.0 if self.bloc == "us" else -1.0  # the capability gap is US minus China
        self._racing = tuple((name, name in self.race_levers) for name in self.spending_levers)
        self.race_pressure = 0.0
        compute = p.compute
        self._path = (compute.spending_growth_per_year, compute.spending_growth_halflife_years)
        self._path_by_quarter = np.empty(0)
        self.spending_path = 1.0
        self._doctrines: dict[str, Doctrine] = {}  # each doctrine followed so far, with what it remembers
        self.publish()

    @property
    def setting(self):
        return getattr(self.model.p, self.bloc)

    @property
    def doctrine(self) -> str:
        return self.setting.doctrine

    @property
    def weights(self) -> dict[str, float]:
        """Goal weights (lead, adoption, tension, misuse) of the adaptive doctrine."""
        setting = self.setting
        return {goal: getattr(setting, f"weight_{goal}") for goal in GOAL_SIGNS}

    # ---- what the government observes -----------------------------------------------------
    def lead(self, gap: float | None = None) -> float:
        """Own capability lead over the rival, in orders of magnitude of effective compute."""
        return self._sign * (self.model.frontier.capability_gap if gap is None else gap)

    def pressure(self) -> float:
        """How much ground it has lost to the rival since the end of 2025Q1, in [0, 1] (0 before then)."""
        if self.model.initial_lead is None:
            return 0.0
        return race_pressure(self.lead(), self.lead(self.model.initial_lead), self._gap_reference)

    def goals(self) -> dict[str, float]:
        """How it stands on each goal: its lead (OOM), its models' reach minus the rival's among
        developing nations, tension, and misuse risk."""
        m = self.model
        reach = m.population.reach_us - m.population.reach_cn
        return {
            "lead": self.lead(),
            "adoption": self._sign * reach,
            "tension": m.relations.tension,
            "misuse": m.misuse_risk,
        }

    # ---- what it decides ------------------------------------------------------------------
    def lever_set(self, name: str) -> None:
        """Take up a lever the scenario has just changed (``model.set_lever``, which has already
        updated ``setting``): a policy lever is applied as set from now on."""
        if name in self.levers:
            self.levers[name] = getattr(self.setting, name)
            self.publish()

    def publish(self, setting=None) -> None:
        """Write ``policy`` from the setting and the levers as chosen (after the doctrine acts, and
        when a scenario sets a lever; a fixed doctrine changes nothing, so it never needs to)."""
        self.policy = (setting or self.setting)._replace(**self.applied())

    def applied(self) -> dict[str, float]:
        """The levers as applied: as chosen."""
        return self.levers

    def _path_at(self, quarter: int) -> Values:
        """The spending path ``quarter`` quarters after 2025Q1, from a table of every quarter to the
        horizon (one numpy call for all, where one a quarter cost a tenth of a run alone), grown
        past it when a model is stepped further. A quarter's entry is the same whatever the table's
        length: the path is elementwise."""
        if quarter >= len(self._path_by_quarter):
            growth, halflife = self._path
            quarters = np.arange(max(2 * quarter, self.model.n_steps) + 1)
            years = (quarters / 4.0).reshape(-1, *(1,) * max(np.ndim(growth), np.ndim(halflife)))
            self._path_by_quarter = spending_path(years, growth, halflife)
        return self._path_by_quarter[quarter]

    def step(self) -> None:
        pressure = self.race_pressure = self.pressure()
        self.spending_path = self._path_at(self.model.steps - 1)
        setting = self.setting
        doctrine = self.doctrine_now(setting.doctrine)
        if doctrine.moves_levers:
            doctrine.choose(self, pressure)
            self.publish(setting)
        self._spend(setting, race_multiplier(pressure, self._race_intensity))

    def doctrine_now(self, name: str) -> Doctrine:
        """The strategy of doctrine ``name``: the one this government has followed before, or a new one."""
        if name not in self._doctrines:
            self._doctrines[name] = DOCTRINES[name]()
        return self._doctrines[name]

    def react(self, pressure: float) -> None:
        """The reactive doctrine's rule for this government (each bloc has its own)."""
        raise NotImplementedError

    def _spend(self, setting, multiplier: float) -> None:
        levers, path = self.levers, self.spending_path
        grows = {name: path if name == "compute_investment_usd" else 1.0 for name, _ in self._racing}
        wanted = {name: levers[name] * grows[name] * (multiplier if racing else 1.0) for name, racing in self._racing}
        as_set = {name: getattr(setting, name) * grows[name] for name in wanted}
        self.spend = spending_within_budget(as_set, wanted, setting.budget_usd * path)

    @property
    def total_spend_usd(self) -> Values:
        return added(self.spend.values())


def spending_within_budget(
    as_set: dict[str, Values], wanted: dict[str, Values], budget_usd: Values
) -> dict[str, Values]:
    """What is spent on each spending lever: ``wanted`` (the lever after doctrine and race), except
    that the additions above the levers ``as_set`` are scaled down together so the total stays
    within the budget. The levers as set are always spent in full, even over the budget
    (``airace validate`` warns of that); cuts below them pass unchanged."""
    above = {name: np.maximum(wanted[name] - as_set[name], 0.0) for name in wanted}
    total_added = added(above.values())
    adding = np.asarray(total_added) > 0  # in each replication
    if not adding.any():
        return dict(wanted)
    room = np.maximum(budget_usd - added(np.minimum(wanted[n], as_set[n]) for n in wanted), 0.0)
    scale = np.minimum(1.0, room / np.where(adding, total_added, 1.0))
    return {
        name: np.where(adding, np.minimum(wanted[name], as_set[name]) + above[name] * scale, wanted[name])
        for name in wanted
    }


class USGovernment(Government):
    """Chooses export controls, enforcement, AI compute investment (private and public, Stargate
    included), the partner programme, promotion, its stance on joint safety governance, military
    framing, distillation countermeasures and joint misuse detection (seeds 000, 001, 002)."""

    bloc = "us"
    stance_lever = "safety_governance_stance"
    spending_levers = tuple(name.removeprefix("us.") for name in SPENDING_LEVERS["us"])
    race_levers = ("compute_investment_usd",)
    beliefs: ClassVar[
        dict[str, dict[str, float]]
    ] = {  # believed effect of raising each lever on each goal (+1 raises it); seeds 000-003
        "export_control_stringency": {"lead": 1.0, "tension": 1.0},
        "enforcement": {"lead": 1.0},
        "partner_financing_usd": {"adoption": 1.0},
        "safety_governance_stance": {"lead": -0.5, "tension": -1.0, "misuse": -1.0},
        "joint_misuse_detection": {"misuse": -1.0},
        "military_framing": {"tension": 1.0},
    }

    def react(self, pressure: float) -> None:
        setting = self.setting
        for name in ("export_control_stringency", "enforcement"):
            base = getattr(setting, name)
            self.levers[name] = base + (1.0 - base) * pressure

    def applied(self) -> dict[str, float]:
        if self.model.p.mechanisms.export_controls:
            return self.levers
        return {**self.levers, "export_control_stringency": 0.0}


class ChinaGovernment(Government):
    """Chooses compute and self-sufficiency investment, open-model subsidy, the Digital Silk Road,
    its governance proposal and stance, and tolerance of distillation and smuggling (seeds 000,
    001, 003)."""

    bloc = "cn"
    stance_lever = "governance_stance"
    spending_levers = tuple(name.removeprefix("cn.") for name in SPENDING_LEVERS["cn"])
    race_levers = ("compute_investment_usd", "self_sufficiency_investment_usd")
    beliefs: ClassVar[dict[str, dict[str, float]]] = {
        "self_sufficiency_investment_usd": {"lead": 1.0},
        "open_model_subsidy": {"adoption": 1.0, "misuse": 1.0},
        "digital_silk_road_usd": {"adoption": 1.0},
        "governance_stance": {"tension": -1.0, "misuse": -1.0},
        "distillation_tolerance": {"lead": 1.0},
        "military_framing": {"tension": 1.0},
    }

    def react(self, pressure: float) -> None:
        stringency = self.model.export_control_stringency  # as applied last quarter (0 with controls off)
        setting = self.setting
        self.levers["self_sufficiency_investment_usd"] = setting.self_sufficiency_investment_usd * (1.0 + stringency)
        self.levers["digital_silk_road_usd"] = setting.digital_silk_road_usd * (1.0 + pressure)
        subsidy = setting.open_model_subsidy
        self.levers["open_model_subsidy"] = subsidy + (1.0 - subsidy) * pressure
