"""Decomposing a difference into the levers that changed, with the interaction remainder."""

from __future__ import annotations

import numpy as np

from sim.decompose import decompose, parts, setup_of
from sim.draws import replication_seeds
from sim.scenario import LIBRARY, load_scenario


def test_parts_plus_remainder_equal_the_total_and_the_loosened_controls_explain_chinas_compute():
    baseline, cern = (load_scenario(LIBRARY / f"{n}.yaml") for n in ("baseline", "cern_for_ai"))
    a, b = setup_of(baseline.model_params), setup_of(cern.model_params)
    table = decompose(a, b, ["compute_cn", "tension", "misuse_risk"], replication_seeds(1, 4), steps=12, workers=1)
    for outcome, rows in table.groupby("outcome"):
        total = rows.loc[rows["part"] == "total", "share"].iloc[0]
        assert np.isclose(rows.loc[rows["part"] != "total", "share"].sum(), total, rtol=1e-12, atol=1e-15), outcome
    compute = table[(table["outcome"] == "compute_cn") & ~table["part"].isin(["total", "remainder"])]
    assert compute.loc[compute["share"].abs().idxmax(), "part"] == "us.export_control_stringency"
    detection = table[(table["outcome"] == "compute_cn") & (table["part"] == "us.joint_misuse_detection")]
    assert detection["share"].iloc[0] == 0.0  # joint misuse detection cannot move China's compute
    misuse = table[(table["outcome"] == "misuse_risk") & ~table["part"].isin(["total", "remainder"])]
    assert misuse.loc[misuse["share"].abs().idxmax(), "part"] == "us.joint_misuse_detection"


def test_the_parts_are_the_levers_that_differ_and_the_events_as_one():
    lifted = load_scenario(LIBRARY / "controls_lifted.yaml")
    found = parts(setup_of({}), setup_of(lifted.model_params, lifted.model_events))
    assert [p.name for p in found][-1] == "events"
    assert all(p.reference != p.changed for p in found)


def test_airace_explain_against_splits_the_difference_and_writes_it(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    import pandas as pd

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "sim.cli", "explain", "scenarios/cern_for_ai.yaml", "--against",
         "scenarios/baseline.yaml", "-n", "2", "--outcomes", "compute_cn", "--out", str(tmp_path)],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "us.export_control_stringency" in done.stdout and "remainder" in done.stdout
    table = pd.read_csv(tmp_path / "explain.csv")
    total = table.loc[table["part"] == "total", "share"].iloc[0]
    assert np.isclose(table.loc[table["part"] != "total", "share"].sum(), total)
