"""Regression on a fixed seed: the baseline's numbers change only when the model does.

When a change to the model is intended, regenerate the file with
``uv run python -m tests.project.test_regression`` and say why in the commit.
"""

import json
import math

from sim.model.frames import outcome_frame
from tests.helpers import ROOT, run

SNAPSHOT = ROOT / "tests" / "data" / "regression_baseline_seed42.json"
COLUMNS = (
    "capability_gap",
    "capability_lag_months",
    "compute_cn",
    "cn_self_sufficiency",
    "cn_chip_capacity_h100e",
    "smuggled_value_usd",
    "adoption_cn",
    "adoption_us",
    "reach_cn",
    "tension",
    "crisis_chance",
    "crisis_risk",
    "cooperation",
    "misuse_risk",
    "welfare",
    "safety_share",
)
STEPS = (1, 8, 20, 40)


def snapshot() -> dict[str, list[float]]:
    frame = outcome_frame(run(seed=42))
    return {c: [float(frame[c].iloc[s - 1]) for s in STEPS] for c in COLUMNS}


def test_baseline_seed_42_matches_the_recorded_numbers():
    recorded = json.loads(SNAPSHOT.read_text())
    now = snapshot()
    for column in COLUMNS:
        for step, old, new in zip(STEPS, recorded[column], now[column], strict=True):
            assert math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12), f"{column} at step {step}: {old} -> {new}"


if __name__ == "__main__":
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(json.dumps(snapshot(), indent=1) + "\n")
