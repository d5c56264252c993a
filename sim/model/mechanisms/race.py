"""The investment race (seed 000: "Both countries are heavily investing in AI research and
development and infrastructure").

Each government raises its investment when the rival gains on it: racing pressure grows as its lead
falls below the lead it had in 2025Q1, reaching 1 when it has lost ``gap_reference`` orders of
magnitude. At the start the pressure is zero, so the levers (for the US, about USD 380 billion of
AI capital spending in 2025, Stargate included) are what is spent until the rival gains; what the
race adds is capped by the government's budget.

Apart from the race, AI data-centre investment follows a published path: it grew about 65% a year
from 2023 to 2025 (the four largest US cloud firms' capital spending: about USD 150, 230 and 405
billion), and no industry keeps that up, so the growth rate halves every few years (an
assumption). The levers are the 2025Q1 level of that path (``spending_path``).
"""

from __future__ import annotations

import math

import numpy as np

from sim.model.mechanisms.bounds import Values, clip, power


def race_pressure(lead_oom: Values, initial_lead_oom: Values, gap_reference_oom: Values) -> Values:
    """Pressure in [0, 1] from losing ground against the rival since the start."""
    pressure = (initial_lead_oom - lead_oom) / gap_reference_oom
    return clip(pressure)


def race_multiplier(pressure: Values, intensity: Values) -> Values:
    """Factor on a government's investment levers."""
    return 1.0 + intensity * pressure


def spending_path(years: Values, growth_per_year: Values, halflife_years: Values) -> Values:
    """Factor on AI data-centre investment ``years`` after 2025Q1: its log grows at the rate
    ``log(1 + growth_per_year)``, which halves every ``halflife_years``."""
    rate = np.log1p(growth_per_year)  # numpy's, not math's: the same last bits for one value or one a replication
    return np.exp(rate * halflife_years / math.log(2.0) * (1.0 - power(2.0, -years / halflife_years)))
