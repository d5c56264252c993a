"""The two governments: each sets its levers every quarter under a doctrine.

Doctrines are the teaching knob (DESIGN.md): the same levers under different doctrines give
different histories.

- ``fixed``: the levers stay as the scenario sets them.
- ``reactive``: respond to the rival. The US tightens controls and enforcement as China gains on
  it; China raises self-sufficiency investment as controls tighten (seed 002's backfire, as policy)
  and pushes open models and the Digital Silk Road as it falls behind.
- ``reciprocal``: tit-for-tat on cooperation: the stance on joint governance moves halfway to the
  rival's stance of the last quarter.
- ``adaptive``: bounded rationality: the government believes each lever helps or hurts each of its
  goals (its capability lead, its models' reach abroad, low tension, low misuse risk: the signs of
  the policy-response contract) and moves each lever a little each quarter toward where its weighted
  beliefs point, most for the goals that have worsened since 2025 (Cyert and March 1963:
  problemistic search).

Under every doctrine the investment race (mechanism 5) scales the investment levers. A lever's
setting is what gets spent: the budget caps only what the race and the doctrine add on top of the
levers as set (``spending_within_budget``), and never cuts one lever to pay for another.
"""

from __future__ import annotations

import functools
from typing import ClassVar

import mesa

from sim.mechanisms.bounds import clip
from sim.mechanisms.investment import race_multiplier, race_pressure
from sim.params import PARAMS, SPENDING_LEVERS, Value

GOAL_SIGNS = {"lead": 1.0, "adoption": 1.0, "tension": -1.0, "misuse": -1.0}  # +1: more is better
CONCERN_SCALES = {
    "lead": 0.5,
    "adoption": 0.2,
    "tension": 0.1,
    "misuse": 0.05,
}  # a worsening that doubles a goal's weight
ADAPTIVE_REACH = 0.2  # share of a lever's range it moves per unit of pull
ADAPTIVE_RATE = 0.05  # share of the way to its target a lever moves each quarter


@functools.cache
def _own_names(bloc: str) -> tuple[tuple[str, str], ...]:
    """(registry name, name without the bloc prefix) of a bloc's parameters."""
    prefix = bloc + "."
    return tuple((name, name.removeprefix(prefix)) for name in PARAMS if name.startswith(prefix))


class Government(mesa.Agent):
    """A bloc's government.

    Attributes:
        levers: the lever values it chose this quarter (registry names without the bloc prefix).
        base: the levers as the scenario set them (events change these).
        doctrine: one of ``fixed``, ``reactive``, ``reciprocal``, ``adaptive``.
        budget_usd: most it may spend on its spending levers together, per quarter, once the race
            and the doctrine add to them (the levers as set are always spent).
        weights: goal weights (lead, adoption, tension, misuse) of the adaptive doctrine.
        spend: USD per quarter spent on each spending lever: the lever, plus what race and doctrine add
            within the budget.
        rival: the other government.
    """

    bloc = ""
    stance_lever = ""
    spending_levers: tuple[str, ...] = ()
    race_levers: tuple[str, ...] = ()
    beliefs: ClassVar[dict[str, dict[str, float]]] = {}

    def __init__(self, model: mesa.Model, params: dict[str, Value]):
        super().__init__(model)
        own = {short: params[name] for name, short in _own_names(self.bloc)}
        self.doctrine = own.pop("doctrine")
        self.budget_usd = own.pop("budget_usd")
        self.weights = {k.removeprefix("weight_"): own.pop(k) for k in list(own) if k.startswith("weight_")}
        self.base: dict[str, float] = own
        self.levers: dict[str, float] = dict(own)
        self.spend: dict[str, float] = {name: own[name] for name in self.spending_levers}
        self.rival: Government | None = None
        self._race_intensity = params["race.intensity"] if params["mechanisms.investment_race"] else 0.0
        self._gap_reference = params["race.gap_reference_oom"]
        self._sign = 1.0 if self.bloc == "us" else -1.0  # the capability gap is US minus China
        self._racing = tuple((name, name in self.race_levers) for name in self.spending_levers)
        self.race_pressure = 0.0
        self._aspirations: dict[str, float] | None = None

    # ---- what the government observes -----------------------------------------------------
    def lead(self, gap: float | None = None) -> float:
        """Own capability lead over the rival, in orders of magnitude of effective compute."""
        return self._sign * (self.model.capability_gap if gap is None else gap)

    def pressure(self) -> float:
        """How much ground it has lost to the rival since the end of 2025Q1, in [0, 1] (0 before then)."""
        if self.model.initial_lead is None:
            return 0.0
        return race_pressure(self.lead(), self.lead(self.model.initial_lead), self._gap_reference)

    def goals(self) -> dict[str, float]:
        """How it stands on each goal: its lead (OOM), its models' reach minus the rival's among
        developing nations, tension, and misuse risk."""
        m = self.model
        reach = m.reach_us - m.reach_cn
        return {
            "lead": self.lead(),
            "adoption": self._sign * reach,
            "tension": m.relations.tension,
            "misuse": m.misuse_risk,
        }

    def concerns(self) -> dict[str, float]:
        """How much each goal weighs now: 1, plus how far it has worsened since the government first
        adapted (2025Q1 for a doctrine set for the whole run) in units of
        ``CONCERN_SCALES`` (at most 2 more), so a problem that grows draws attention (Cyert and
        March 1963: problemistic search)."""
        now = self.goals()
        if self._aspirations is None:
            self._aspirations = now
        worse = {k: (self._aspirations[k] - now[k]) * GOAL_SIGNS[k] for k in now}
        return {k: 1.0 + clip(worse[k] / CONCERN_SCALES[k], 0.0, 2.0) for k in now}

    # ---- what it decides ------------------------------------------------------------------
    def set_lever(self, name: str, value: Value) -> None:
        """Change one of its levers (registry name without the bloc) from now on, as a scenario event
        does: its doctrine, budget, a goal weight, or a policy lever (as set and as applied)."""
        if name == "doctrine":
            self.doctrine = value
        elif name == "budget_usd":
            self.budget_usd = value
        elif name.startswith("weight_"):
            self.weights[name.removeprefix("weight_")] = value
        else:
            self.base[name] = value
            self.levers[name] = value

    def step(self) -> None:
        pressure = self.race_pressure = self.pressure()
        doctrine = self.doctrine
        if doctrine == "fixed":
            pass
        elif doctrine == "reactive":
            self.react(pressure)
        elif doctrine == "reciprocal":
            self.reciprocate()
        elif doctrine == "adaptive":
            self.adapt()
        self._spend(race_multiplier(pressure, self._race_intensity))

    def react(self, pressure: float) -> None:
        raise NotImplementedError

    def reciprocate(self) -> None:
        rival_stance = self.model.previous_stances[self.rival.bloc]
        own = self.levers[self.stance_lever]
        self.levers[self.stance_lever] = own + 0.5 * (rival_stance - own)

    def adapt(self) -> None:
        """Bounded rationality: each adaptive lever moves a twentieth of the way a quarter toward
        ``base + ADAPTIVE_REACH x range x pull``, where the pull is the sum over goals of weight x
        concern x the believed effect of the lever on the goal (``beliefs``: the signs of the
        policy-response contract)."""
        weights, concerns = self.weights, self.concerns()
        for name, beliefs in self.beliefs.items():
            param = PARAMS[f"{self.bloc}.{name}"]
            pull = sum(GOAL_SIGNS[k] * weights[k] * concerns[k] * effect for k, effect in beliefs.items())
            span = param.max - param.min
            target = clip(self.base[name] + ADAPTIVE_REACH * span * pull, param.min, param.max)
            self.levers[name] += ADAPTIVE_RATE * (target - self.levers[name])

    def _spend(self, multiplier: float) -> None:
        levers, base = self.levers, self.base
        wanted = {name: levers[name] * multiplier if racing else levers[name] for name, racing in self._racing}
        self.spend = spending_within_budget({name: base[name] for name in wanted}, wanted, self.budget_usd)

    @property
    def total_spend_usd(self) -> float:
        return sum(self.spend.values())


def spending_within_budget(as_set: dict[str, float], wanted: dict[str, float], budget_usd: float) -> dict[str, float]:
    """What is spent on each spending lever: ``wanted`` (the lever after doctrine and race), except
    that the additions above the levers ``as_set`` are scaled down together so the total stays
    within the budget. The levers as set are always spent in full, even over the budget
    (``airace validate`` warns of that); cuts below them pass unchanged."""
    added = {name: max(wanted[name] - as_set[name], 0.0) for name in wanted}
    total_added = sum(added.values())
    if total_added <= 0:
        return dict(wanted)
    room = max(budget_usd - sum(min(wanted[n], as_set[n]) for n in wanted), 0.0)
    scale = min(1.0, room / total_added)
    return {name: min(wanted[name], as_set[name]) + added[name] * scale for name in wanted}


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
        for name in ("export_control_stringency", "enforcement"):
            base = self.base[name]
            self.levers[name] = base + (1.0 - base) * pressure


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
        self.levers["self_sufficiency_investment_usd"] = self.base["self_sufficiency_investment_usd"] * (
            1.0 + stringency
        )
        self.levers["digital_silk_road_usd"] = self.base["digital_silk_road_usd"] * (1.0 + pressure)
        subsidy = self.base["open_model_subsidy"]
        self.levers["open_model_subsidy"] = subsidy + (1.0 - subsidy) * pressure
