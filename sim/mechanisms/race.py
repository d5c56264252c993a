"""The investment race (seed 000: "Both countries are heavily investing in AI research and
development and infrastructure").

Each government raises its investment when the rival gains on it: racing pressure grows as its lead
falls below the lead it had in 2025Q1, reaching 1 when it has lost ``gap_reference`` orders of
magnitude. At the start the pressure is zero, so the levers (for the US, about USD 380 billion of
AI capital spending in 2025, Stargate included) are what is spent until the rival gains; what the
race adds is capped by the government's budget.
"""

from __future__ import annotations

from sim.mechanisms.bounds import clip


def race_pressure(lead_oom: float, initial_lead_oom: float, gap_reference_oom: float) -> float:
    """Pressure in [0, 1] from losing ground against the rival since the start."""
    pressure = (initial_lead_oom - lead_oom) / gap_reference_oom
    return clip(pressure)


def race_multiplier(pressure: float, intensity: float) -> float:
    """Factor on a government's investment levers."""
    return 1.0 + intensity * pressure
