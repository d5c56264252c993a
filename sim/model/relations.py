"""US-China relations: cooperation, Richardson tension, and Taiwan / TSMC crises (seed 002).

The two governments' shared state, owned in one place: cooperation moves toward what both stances,
tension and the controls in force allow (``sim.model.mechanisms.cooperation``); each side's hostility
follows Richardson's system (``sim.model.mechanisms.tension``), driven by the rival's armament and the
injury the rival does it; tension is their mean; a crisis breaks out with a chance that rises with
tension, cuts leading-edge chip supply for its quarters, and then ends, after which tension
relaxes. ``crisis_risk`` accumulates the quarterly chances: the smooth, paired measure of risk.
"""

from __future__ import annotations

import functools

import numpy as np

from sim.model.mechanisms import cooperation, tension
from sim.registry.params import PARAMS, Parameters


class Relations:
    """Cooperation, hostility, tension and crises between the US and China, each an array over
    replications (shape ``(R,)``): a crisis breaks out in the replications whose draw says so.

    Attributes:
        cooperation: level of cooperation in [0, 1].
        hostility_us, hostility_cn: each side's Richardson hostility in [0, 1]; ``tension`` is their mean.
        crisis: 1 in the quarters whose chip supply a crisis cuts, else 0.
        crisis_chance: this quarter's chance that a crisis breaks out (if none is under way).
        crisis_risk: the chance that a crisis has broken out by now, ``1 - prod(1 - crisis_chance)``
            over the quarters so far (a crisis a scenario forces is not counted: it is given, not risked).
        crises_started: crises that have broken out so far.
        quarters_left: quarters of supply cuts still to come.
    """

    def __init__(self, p: Parameters, stances: tuple[float, ...], replications: int = 1):
        self.cooperation_rate = p.cooperation.adjust_rate
        self.controls_drag = p.cooperation.controls_drag
        self.assumptions = p.tension
        self.cooperating = p.mechanisms.cooperation
        self.endogenous = p.mechanisms.tension
        self.replications = replications
        self.hostility_us = self.hostility_cn = self.tension = np.full(replications, p.tension.initial)
        self.cooperation = (
            functools.reduce(np.minimum, stances) * (1.0 - self.tension) if self.cooperating else np.zeros(replications)
        )
        self.crisis = np.zeros(replications, dtype=np.int64)
        self.crises_started = np.zeros(replications, dtype=np.int64)
        self.quarters_left = np.zeros(replications, dtype=np.int64)
        self.crisis_chance = np.zeros(replications)
        self.crisis_risk = np.zeros(replications)
        self._no_crisis = np.ones(replications)

    @property
    def supply_cut(self) -> np.ndarray:
        """Whether a crisis cuts leading-edge chip supply in this quarter's trade (per replication)."""
        return self.quarters_left > 0

    def step(self, us_gov, cn_gov, crisis_draw, denied_share=0.0, distillation=0.0) -> None:
        """One quarter, given the governments' policies and spending, the share of China's chip demand
        that controls denied it and how freely Chinese labs distil US models: cooperation, a crisis's
        countdown, hostility and tension, and maybe a new crisis."""
        t = self.assumptions
        us, cn = us_gov.policy, cn_gov.policy
        if self.cooperating:
            self.cooperation = cooperation.cooperation_step(
                self.cooperation,
                us.safety_governance_stance,
                cn.governance_stance,
                self.tension,
                self.cooperation_rate,
                cooperation.trade_openness(us.export_control_stringency, self.controls_drag),
            )
        self.crisis = (self.quarters_left > 0).astype(np.int64)
        self.quarters_left = np.maximum(self.quarters_left - 1, 0)
        self.crisis_chance = np.zeros(self.replications)
        if not self.endogenous:
            return
        armaments = (armament(us_gov, us.export_control_stringency), armament(cn_gov, 0.0))  # China sets no controls
        self.hostility_us, self.hostility_cn = tension.richardson_step(
            (self.hostility_us, self.hostility_cn), armaments, (distillation, denied_share), self.cooperation, t
        )
        self.tension = 0.5 * (self.hostility_us + self.hostility_cn)
        self.crisis_chance = tension.crisis_probability(self.tension, t.crisis_escalation, t.crisis_hazard)
        self._no_crisis = tension.cumulative_risk(self._no_crisis, self.crisis_chance)
        self.crisis_risk = 1.0 - self._no_crisis
        breaking_out = (self.crisis == 0) & (crisis_draw < self.crisis_chance)
        if breaking_out.any():
            self.start_crisis(breaking_out)

    def start_crisis(self, where: np.ndarray | None = None) -> None:
        """A Taiwan / TSMC crisis breaks out: hostility jumps now, and chip supply is cut for the
        crisis's quarters from the next chip trade on (this quarter's for a crisis a scenario forces
        at the start of a quarter, the next quarter's for one that breaks out at its end).
        ``crisis`` is 1 in exactly the quarters whose supply is cut. ``where`` says in which
        replications (all, for a crisis a scenario forces)."""
        hit = np.ones(self.replications, dtype=bool) if where is None else where
        self.crises_started = self.crises_started + hit
        self.quarters_left = np.where(hit, self.assumptions.crisis_duration_quarters, self.quarters_left)
        shock = self.assumptions.crisis_shock if self.endogenous else 0.0
        self.hostility_us = np.where(hit, np.minimum(self.hostility_us + shock, 1.0), self.hostility_us)
        self.hostility_cn = np.where(hit, np.minimum(self.hostility_cn + shock, 1.0), self.hostility_cn)
        self.tension = np.where(hit, 0.5 * (self.hostility_us + self.hostility_cn), self.tension)


def armament(government, controls: float) -> float:
    """A government's armament: its framing, its compute race (against the registry's 2025 level
    grown along the expected spending path, one yardstick for every scenario) and its export
    controls, by the same form for both sides."""
    bloc = government.bloc
    return tension.armament(
        government.policy.military_framing,
        government.spend["compute_investment_usd"],
        PARAMS[f"{bloc}.compute_investment_usd"].default * government.spending_path,
        controls,
    )
