"""Doctrines: how a government moves its levers each quarter (DESIGN.md: the teaching knob).

The same levers under different doctrines give different histories. Each doctrine is a strategy
object a government holds (``Government.doctrine_now``), one per doctrine it has followed, so what
a doctrine remembers (the adaptive doctrine's aspirations) stays with it.

- ``fixed``: the levers stay as the scenario sets them.
- ``reactive``: respond to the rival, by each government's own rule (``Government.react``): the US
  tightens controls and enforcement as China gains on it; China raises self-sufficiency investment
  as controls tighten (seed 002's backfire, as policy) and pushes open models and the Digital Silk
  Road as it falls behind.
- ``reciprocal``: tit-for-tat on cooperation: the stance on joint governance moves halfway to the
  rival's stance of the last quarter.
- ``adaptive``: bounded rationality: the government believes each lever helps or hurts each of its
  goals (its capability lead, its models' reach abroad, low tension, low misuse risk: the signs of
  the policy-response contract) and moves each lever a little each quarter toward where its weighted
  beliefs point, most for the goals that have worsened since it began to adapt (Cyert and March
  1963: problemistic search).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.mechanisms.bounds import added, clip
from sim.registry.params import PARAMS

if TYPE_CHECKING:
    from sim.model.agents.governments import Government

GOAL_SIGNS = {"lead": 1.0, "adoption": 1.0, "tension": -1.0, "misuse": -1.0}  # +1: more is better
CONCERN_SCALES = {"lead": 0.5, "adoption": 0.2, "tension": 0.1, "misuse": 0.05}  # a worsening that doubles a weight
ADAPTIVE_REACH = 0.2  # share of a lever's range it moves per unit of pull
ADAPTIVE_RATE = 0.05  # share of the way to its target a lever moves each quarter


class Doctrine:
    """How a government chooses its levers each quarter; ``fixed`` leaves them as set."""

    moves_levers = False  # a doctrine that never moves a lever needs no new policy published

    def choose(self, government: Government, pressure: float) -> None:
        """Move ``government.levers`` for this quarter, given the race ``pressure`` it feels."""


class Fixed(Doctrine):
    """The levers stay as the scenario sets them."""


class Reactive(Doctrine):
    """Respond to the rival by the government's own rule (``Government.react``)."""

    moves_levers = True

    def choose(self, government: Government, pressure: float) -> None:
        government.react(pressure)


class Reciprocal(Doctrine):
    """Tit-for-tat: the stance on joint governance moves halfway to the rival's of the last quarter."""

    moves_levers = True

    def choose(self, government: Government, pressure: float) -> None:
        assert government.rival is not None, "a government reciprocates only once its rival is known"
        rival_stance = government.model.previous_stances[government.rival.bloc]
        own = government.levers[government.stance_lever]
        government.levers[government.stance_lever] = own + 0.5 * (rival_stance - own)


class Adaptive(Doctrine):
    """Bounded rationality: each lever in the government's ``beliefs`` moves a twentieth of the way a
    quarter toward ``base + ADAPTIVE_REACH x range x pull``, where the pull is the sum over goals of
    weight x concern x the believed effect of the lever on the goal (the signs of the
    policy-response contract).

    Attributes:
        aspirations: how the government stood on each goal when it began to adapt (2025Q1 for a
            doctrine set for the whole run): the yardstick of its concerns.
    """

    moves_levers = True

    def __init__(self) -> None:
        self.aspirations: dict[str, float] | None = None

    def choose(self, government: Government, pressure: float) -> None:
        weights, concerns, setting = government.weights, self.concerns(government.goals()), government.setting
        for name, beliefs in government.beliefs.items():
            param = PARAMS[f"{government.bloc}.{name}"]
            assert param.min is not None and param.max is not None  # every lever has a range
            pull = added(GOAL_SIGNS[k] * weights[k] * concerns[k] * effect for k, effect in beliefs.items())
            span = param.max - param.min
            target = clip(getattr(setting, name) + ADAPTIVE_REACH * span * pull, param.min, param.max)
            government.levers[name] = government.levers[name] + ADAPTIVE_RATE * (target - government.levers[name])

    def concerns(self, now: dict[str, float]) -> dict[str, float]:
        """How much each goal weighs now: 1, plus how far it has worsened since the aspirations in
        units of ``CONCERN_SCALES`` (at most 2 more), so a problem that grows draws attention
        (Cyert and March 1963: problemistic search)."""
        if self.aspirations is None:
            self.aspirations = now
        worse = {k: (self.aspirations[k] - now[k]) * GOAL_SIGNS[k] for k in now}
        return {k: 1.0 + clip(worse[k] / CONCERN_SCALES[k], 0.0, 2.0) for k in now}


DOCTRINES: dict[str, type[Doctrine]] = {
    "fixed": Fixed,
    "reactive": Reactive,
    "reciprocal": Reciprocal,
    "adaptive": Adaptive,
}
