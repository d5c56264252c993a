"""Scenario discovery (PRIM) and robust decisions on a sweep, and the model as an EMA Workbench Model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.analysis import discovery
from sim.report.results import point_table
from sim.runner.batches import scenario_jobs
from sim.runner.provenance import model_fingerprint
from sim.runner.replications import run_jobs
from sim.scenario import load_scenario
from tests.helpers import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "robust_controls.yaml"


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    """The README's example sweep, short: 150 points of one 8-quarter run, as a results folder."""
    scenario = load_scenario(EXAMPLE).with_overrides(steps=8, replications=1)
    folder = tmp_path_factory.mktemp("sweep") / "robust_controls"
    folder.mkdir()
    run_jobs(scenario_jobs(scenario), 1).to_parquet(folder / "timeseries.parquet")
    manifest = {"scenario": {"name": scenario.name}, "points": point_table(scenario)}
    (folder / "manifest.json").write_text(json.dumps({**manifest, "model_fingerprint": model_fingerprint()}))
    return folder


def test_discover_prints_a_box_whose_coverage_and_density_hold_on_the_runs(sweep, tmp_path, airace):
    table, _, _ = discovery.read_sweep(sweep)
    threshold = float(table["smuggled_value_usd"].quantile(0.7))
    done = airace("discover", sweep, "--where", f"smuggled_value_usd > {threshold}", "--out", tmp_path / "d")
    assert done.returncode == 0, done.stderr
    flowing = " ".join(done.stdout.split())
    assert "PRIM box:" in flowing and "smuggling.base_share" in flowing
    runs = pd.read_csv(tmp_path / "d" / "discover.csv")
    interest, inside = runs["of_interest"].to_numpy(), runs["in_box"].to_numpy()
    coverage = (interest & inside).sum() / interest.sum()
    density = interest[inside].mean()
    assert f"coverage {coverage:.0%}" in flowing and f"density {density:.0%}" in flowing
    assert coverage >= 0.5 and density > interest.mean()  # the box gathers the runs of interest
    scores = pd.read_csv(tmp_path / "d" / "scores.csv")
    assert scores.loc[0, "parameter"] == "smuggling.base_share"  # what the grey market leaks decides smuggling
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert manifest["command"] == "discover" and "box.png" in manifest["files"]


def test_robust_ranks_three_policies_across_fifty_states_of_the_world(sweep, tmp_path, airace):
    done = airace("robust", sweep, "--outcome", "compute_cn", "--minimize", "--threshold", "2.5e6", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 policies across 50 states of the world" in " ".join(done.stdout.split())
    ranked = pd.read_csv(tmp_path / "robust.csv")
    assert len(ranked) == 3 and list(ranked["rank"]) == [1, 2, 3]
    assert ranked["max_regret"].is_monotonic_increasing and ranked.loc[0, "max_regret"] >= 0
    assert ranked["satisficing"].between(0, 1).all()
    assert (tmp_path / "robust.png").stat().st_size > 10_000


def test_regret_is_the_shortfall_from_the_best_policy_in_each_state():
    table = pd.DataFrame(
        {
            "us.enforcement": [0.0, 1.0, 0.0, 1.0],
            "smuggling.base_share": [0.1, 0.1, 0.9, 0.9],
            "tension": [1.0, 3.0, 5.0, 4.0],
        }
    )
    ranked, states = discovery.robustness(table, ["us.enforcement", "smuggling.base_share"], "tension", False, 4.0)
    assert states == 2
    by_policy = ranked.set_index("us.enforcement")
    assert by_policy.loc[0.0, "max_regret"] == 1.0 and by_policy.loc[1.0, "max_regret"] == 2.0
    assert by_policy.loc[0.0, "satisficing"] == 0.5 and by_policy.loc[1.0, "satisficing"] == 1.0
    with pytest.raises(discovery.DiscoveryError, match="crosses policies"):
        discovery.robustness(table, ["us.enforcement"], "tension", False)


def test_a_bad_where_is_one_line_naming_what_is_allowed():
    with pytest.raises(discovery.DiscoveryError, match="expected OUTCOME OP NUMBER"):
        discovery.parse_where("smuggling is high")
    with pytest.raises(discovery.DiscoveryError, match="not an outcome"):
        discovery.parse_where("smugled > 1")


def test_the_model_runs_as_an_ema_workbench_model_built_from_the_registry():
    from ema_workbench import perform_experiments

    from sim.analysis.ema import ema_model

    model = ema_model(
        ["compute.initial_us_share", "compute.initial_cn_share"], ["us.enforcement"], ["compute_cn"], steps=4
    )
    experiments, outcomes = perform_experiments(model, scenarios=6, policies=2, log_progress=False)
    assert len(experiments) == 12 and outcomes["compute_cn"].shape == (12,)
    assert np.all(outcomes["compute_cn"] > 0)
    shares = experiments["compute__initial_us_share"] + experiments["compute__initial_cn_share"]
    assert (shares <= 1.0 + 1e-12).all()  # the registry's constraint holds in EMA's samples too
