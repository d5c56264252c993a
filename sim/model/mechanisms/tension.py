"""Tension and crisis: a Richardson arms-race system (Richardson 1960; seed 002).

Each side's hostility grows with the other's hostility (reaction) and armament, decays with
fatigue and with trust built by cooperation, and grows with its grievance: a small standing
grievance plus the injury the rival does it, by the same form for both sides. China's injury is the
share of what it wants that the US denies it: chip demand that controls block and smugglers do not
fill (seed 002's "chokepoint tactics"), and access to US models for distillation that
countermeasures deny; the US's is how freely Chinese labs distil its models while they gain from it
(seed 003's "adversarial model distillation"). A distillation crackdown thus moves both sides'
grievances, one down and one up. A side's
armament is what it does, by the same form for both: the mean of its military framing, its compute
investment (as spend / (spend + its 2025 level), so 0.5 at today's level and rising toward 1) and
its export controls. Racing harder therefore never lowers tension. Tension is the mean hostility,
kept in [0, 1]. Seed 002 warns of "dangerous technological brinkmanship" around "Taiwan and TSMC":
a crisis breaks out with a chance that rises steeply with tension (never quite zero), and
disrupts leading-edge chip supply for a while.
"""

from __future__ import annotations

import numpy as np

from sim.model.mechanisms.bounds import Values, clip, power
from sim.registry.groups import TensionParameters


def richardson_step(
    hostility: tuple[Values, Values],
    armament: tuple[Values, Values],
    injury: tuple[Values, Values],
    cooperation: Values,
    t: TensionParameters,
) -> tuple[Values, Values]:
    """Next quarter's hostilities of the US and China, each in [0, 1], from this quarter's
    (``hostility``), each side's ``armament`` and the ``injury`` the rival does each (all US first),
    and cooperation, under the assumptions ``t`` (``p.tension``)."""
    (hostility_us, hostility_cn), (armament_us, armament_cn) = hostility, armament
    grievance_us, grievance_cn = (grievance(t.grievance, t.injury_weight, i) for i in injury)
    decay = t.fatigue + t.trust_weight * cooperation
    us = (
        hostility_us + t.reaction * hostility_cn + t.armament_weight * armament_cn - decay * hostility_us + grievance_us
    )
    cn = (
        hostility_cn + t.reaction * hostility_us + t.armament_weight * armament_us - decay * hostility_cn + grievance_cn
    )
    return clip(us), clip(cn)


def denial(*denied_shares: Values) -> Values:
    """The share of what a side wants that the rival denies it, over independent denials (each in [0, 1])."""
    kept = 1.0
    for share in denied_shares:
        kept *= 1.0 - share
    return 1.0 - kept


def grievance(standing: Values, injury_weight: Values, injury: Values) -> Values:
    """A side's Richardson grievance this quarter: the standing part plus the injury (in [0, 1]) the rival does it."""
    return standing + injury_weight * injury


def armament(
    military_framing: Values, compute_spend_usd: Values, compute_reference_usd: Values, controls: Values
) -> Values:
    """A side's armament in [0, 1]: the mean of its framing, its compute race (its spending against the
    expected path, ``compute_reference_usd``) and its controls."""
    spend = np.asarray(compute_spend_usd, dtype=float)
    race = np.where(spend > 0, spend / np.where(spend > 0, spend + compute_reference_usd, 1.0), 0.0)
    return (military_framing + race + controls) / 3.0


def crisis_probability(tension: Values, escalation: Values, max_hazard: Values) -> Values:
    """Chance of a crisis this quarter: ``max_hazard`` at tension 1, falling steeply (as tension to
    the power ``escalation``) but never to zero while any tension remains."""
    return max_hazard * power(np.maximum(tension, 0.0), escalation)


def cumulative_risk(no_crisis_so_far: Values, chance: Values) -> Values:
    """The chance of no crisis so far after one more quarter with crisis chance ``chance``:
    ``1 -`` this is the cumulative crisis risk, smooth and comparable run by run."""
    return no_crisis_so_far * (1.0 - chance)
