"""The two governments: each sets its levers every quarter under a doctrine.

Doctrines are the teaching knob (DESIGN.md): the same levers under different doctrines give
different histories.

- ``fixed``: the levers stay as the scenario sets them.
- ``reactive``: respond to the rival. The US tightens controls and enforcement as China gains on
  it; China raises self-sufficiency investment as controls tighten (seed 002's backfire, as policy)
  and pushes open models and the Digital Silk Road as it falls behind.
- ``reciprocal``: tit-for-tat on cooperation: the stance on joint governance moves halfway to the
  rival's stance of the last quarter.
- ``adaptive``: bounded-rational hill-climbing: try a small change to one lever, keep it if the
  government's utility rose over the quarter, undo it otherwise.

Under every doctrine the investment race (mechanism 5) scales the investment levers, and spending
is held within the budget.
"""

from __future__ import annotations

import functools

import mesa

from sim.mechanisms.investment import race_multiplier, race_pressure
from sim.params import PARAMS, Value


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
        budget_usd: ceiling on its spending levers together, per quarter.
        weights: utility weights (lead, adoption, tension, misuse) for the adaptive doctrine.
        spend: USD per quarter actually spent on each spending lever after race and budget.
        rival: the other government.
    """

    bloc = ""
    stance_lever = ""
    spending_levers: tuple[str, ...] = ()
    race_levers: tuple[str, ...] = ()
    adaptive_levers: tuple[str, ...] = ()

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
        self._trial: tuple[str, float] | None = None
        self._kept_utility: float | None = None

    # ---- what the government observes -----------------------------------------------------
    def lead(self, gap: float | None = None) -> float:
        """Own capability lead over the rival, in orders of magnitude of effective compute."""
        return self._sign * (self.model.capability_gap if gap is None else gap)

    def pressure(self) -> float:
        """How much ground it has lost to the rival since 2025Q1, in [0, 1]."""
        return race_pressure(self.lead(), self.lead(self.model.initial_lead), self._gap_reference)

    def utility(self) -> float:
        m, w = self.model, self.weights
        own_share = m.adoption_us if self.bloc == "us" else m.adoption_cn
        return (
            w["lead"] * self.lead()
            + w["adoption"] * (own_share + 0.5 * m.adoption_hedge)
            - w["tension"] * m.tension
            - w["misuse"] * m.misuse_risk
        )

    # ---- what it decides ------------------------------------------------------------------
    def set_lever(self, name: str, value: float) -> None:
        """Change a lever from now on, as a scenario event does."""
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
        utility = self.utility()
        if self._trial is not None and self._kept_utility is not None and utility < self._kept_utility:
            name, old = self._trial
            self.levers[name] = old
        else:
            self._kept_utility = utility
        name = self.random.choice(self.adaptive_levers)
        param = PARAMS[f"{self.bloc}.{name}"]
        old = self.levers[name]
        if name.endswith("_usd"):
            step = 0.1 * max(old, 0.01 * param.max)
        else:
            step = 0.05 * (param.max - param.min)
        new = old + step if self.random.random() < 0.5 else old - step
        self.levers[name] = min(max(new, param.min), param.max)
        self._trial = (name, old)

    def _spend(self, multiplier: float) -> None:
        levers = self.levers
        wanted = [(name, levers[name] * multiplier if racing else levers[name]) for name, racing in self._racing]
        total = sum(value for _, value in wanted)
        scale = min(1.0, self.budget_usd / total) if total > 0 else 1.0
        self.spend = {name: value * scale for name, value in wanted}

    @property
    def total_spend_usd(self) -> float:
        return sum(self.spend.values())


class USGovernment(Government):
    """Chooses export controls, enforcement, Stargate-scale investment, the partner programme,
    promotion, its stance on joint safety governance, military framing, distillation
    countermeasures and joint misuse detection (seeds 000, 001, 002)."""

    bloc = "us"
    stance_lever = "safety_governance_stance"
    spending_levers = ("domestic_investment_usd", "partner_financing_usd")
    race_levers = ("domestic_investment_usd",)
    adaptive_levers = (
        "export_control_stringency",
        "enforcement",
        "partner_financing_usd",
        "safety_governance_stance",
        "joint_misuse_detection",
    )

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
    spending_levers = ("compute_investment_usd", "self_sufficiency_investment_usd", "digital_silk_road_usd")
    race_levers = ("compute_investment_usd", "self_sufficiency_investment_usd")
    adaptive_levers = (
        "self_sufficiency_investment_usd",
        "open_model_subsidy",
        "digital_silk_road_usd",
        "governance_stance",
        "distillation_tolerance",
    )

    def react(self, pressure: float) -> None:
        stringency = self.rival.levers["export_control_stringency"]
        self.levers["self_sufficiency_investment_usd"] = self.base["self_sufficiency_investment_usd"] * (1.0 + stringency)
        self.levers["digital_silk_road_usd"] = self.base["digital_silk_road_usd"] * (1.0 + pressure)
        subsidy = self.base["open_model_subsidy"]
        self.levers["open_model_subsidy"] = subsidy + (1.0 - subsidy) * pressure
