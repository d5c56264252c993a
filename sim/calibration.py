"""Calibration targets from the articles and public figures, and what the default model gives.

Run ``uv run python -m sim.calibration`` to print the table in ``docs/calibration.md``. The tests
check the same targets with fewer seeds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import numpy as np

from sim.model import AIRaceModel
from sim.params import DEFAULTS


@dataclass(frozen=True)
class Target:
    name: str
    source: str
    target: str
    low: float
    high: float
    unit: str


TARGETS = [
    Target("smuggled_q1", "seed 000: \"roughly $1 billion worth of Nvidia's banned advanced B200 chips had been "
           "smuggled into China in the three months since the export controls went into effect\"",
           "about USD 1 bn in 2025Q1", 0.85e9, 1.15e9, "USD bn"),
    Target("gap_2025", "seed 002: \"Nearly equivalent resultswere achieved using a fraction of the computing "
           "resources available to leading Western labs\"", "small: under 0.2 OOM, mean over 2025", -0.2, 0.2, "OOM"),
    Target("compute_ratio_2025q1", "Pilz et al. 2025: US about 75%, China about 15% of AI supercomputer performance",
           "China about a fifth of US compute", 0.15, 0.25, "ratio"),
    Target("us_investment_2025_2028", "seed 000: \"the $500 billion Project Stargate launched in January 2025\" "
           "(announced over four years)", "about USD 500 bn, 2025Q1-2028Q4", 480e9, 560e9, "USD bn"),
    Target("us_compute_growth_2025", "Pilz et al. 2025: leading AI supercomputers grew about 2.5x a year",
           "about 2.5x over 2025", 2.0, 3.0, "x"),
]


def measure(seeds: int = 200) -> dict[str, float]:
    """Mean of each calibration quantity over ``seeds`` baseline runs of 16 quarters."""
    values: dict[str, list[float]] = {t.name: [] for t in TARGETS}
    initial_us = DEFAULTS["compute.initial_total_h100e"] * DEFAULTS["compute.initial_us_share"]
    for seed in range(seeds):
        model = AIRaceModel(rng=seed, steps=16)
        while model.running:
            model.step()
        data = model.datacollector.model_vars
        values["smuggled_q1"].append(data["smuggled_value_usd"][0])
        values["gap_2025"].append(float(np.mean(data["capability_gap"][:4])))
        values["compute_ratio_2025q1"].append(data["compute_cn"][0] / data["compute_us"][0])
        values["us_investment_2025_2028"].append(float(np.sum(data["investment_us_usd"][:16])))
        values["us_compute_growth_2025"].append(data["compute_us"][3] / initial_us)
    return {name: float(np.mean(v)) for name, v in values.items()}


def table(seeds: int = 200) -> str:
    measured = measure(seeds)
    lines = [f"| target | source | wanted | model (mean of {seeds} seeds) | met |", "|---|---|---|---|---|"]
    for t in TARGETS:
        value = measured[t.name]
        shown = f"{value / 1e9:.2f} bn" if t.unit == "USD bn" else f"{value:.3f}"
        met = "yes" if t.low <= value <= t.high else "no"
        lines.append(f"| {t.name} | {t.source} | {t.target} | {shown} | {met} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
