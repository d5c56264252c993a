"""Decomposing a difference into the levers that changed: Shapley shares that sum to the total."""

from __future__ import annotations

import numpy as np

from sim.analysis.decompose import decompose, parts, setup_of
from sim.model.draws import replication_seeds
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


def test_airace_explain_against_splits_the_difference_and_writes_it(tmp_path, airace):
    import pandas as pd

    done = airace(
        "explain", "scenarios/cern_for_ai.yaml", "--against", "scenarios/baseline.yaml",
        "-n", "2", "--outcomes", "compute_cn", "--out", tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "exact Shapley" in done.stdout and (tmp_path / "manifest.json").is_file()
    table = pd.read_csv(tmp_path / "explain.csv")
    assert "us.export_control_stringency" in set(table["part"])
    total = table.loc[table["part"] == "total", "share"].iloc[0]
    assert np.isclose(table.loc[table["part"] != "total", "share"].sum(), total)


def test_a_three_change_scenario_splits_into_exact_shapley_shares_that_sum_to_the_total():
    reference = setup_of({})
    changed = setup_of({"us.enforcement": 1.0, "us.export_control_stringency": 0.2, "us.joint_misuse_detection": 1.0})
    table = decompose(reference, changed, ["smuggled_value_usd", "misuse_risk"], replication_seeds(2, 5), steps=8)
    assert set(table["method"]) == {"exact Shapley (all 8 subsets of 3 changes)"}
    for _, rows in table.groupby("outcome"):
        total = rows[rows["part"] == "total"].iloc[0]
        shares = rows.loc[rows["part"] != "total", "share"].sum()
        assert np.isclose(shares, total["share"], rtol=1e-12, atol=1e-12)
        assert total["low"] - 1e-12 <= shares <= total["high"] + 1e-12
        assert (rows["low"] <= rows["share"]).all() and (rows["share"] <= rows["high"]).all()
    smuggling = table[(table["outcome"] == "smuggled_value_usd") & (table["part"] == "us.joint_misuse_detection")]
    assert smuggling["share"].iloc[0] == 0.0  # detection cannot move smuggling, in any combination


def test_with_two_interacting_changes_the_shapley_shares_split_the_interaction_evenly():
    from sim.analysis.decompose import _orders

    method, steps = _orders(2, seed=0)
    f = {frozenset(): 0.0, frozenset([0]): 1.0, frozenset([1]): 2.0, frozenset([0, 1]): 10.0}  # interaction 7
    shares = [sum(w * (f[s | {i}] - f[s]) for s, j, w in steps if j == i) for i in (0, 1)]
    assert shares == [1.0 + 3.5, 2.0 + 3.5] and "exact" in method
    sampled_method, sampled = _orders(9, seed=0)
    assert "sampled" in sampled_method and len(sampled) == 9 * 64
