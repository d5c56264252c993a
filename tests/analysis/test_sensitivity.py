"""Global sensitivity (SALib) and the one-at-a-time screen, on real runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis import sensitivity as study
from sim.registry.params import PARAMS
from sim.runner.replications import run_jobs
from sim.scenario import LIBRARY, load_scenario

BASELINE = load_scenario(LIBRARY / "baseline.yaml")
SMUGGLING = ["us.enforcement", "cn.smuggling_tolerance", "us.joint_misuse_detection", "us.export_promotion"]


def indices(method: str, samples: int, names=SMUGGLING, replications: int = 2) -> pd.DataFrame:
    plan = study.design(method, [PARAMS[n] for n in names], samples, seed=3)
    frame = run_jobs(study.jobs(BASELINE.with_overrides(steps=12), plan, replications), workers=1)
    return study.analyse(plan, study.responses(frame, "decade", ["smuggled_value_usd", "misuse_risk"]))


def rank(table: pd.DataFrame, outcome: str, parameter: str) -> int:
    return int(table.set_index(["outcome", "parameter"]).loc[(outcome, parameter), "rank"])


def test_morris_ranks_a_lever_that_drives_an_outcome_above_one_that_cannot():
    table = indices("morris", 6)
    assert rank(table, "smuggled_value_usd", "us.enforcement") < rank(
        table, "smuggled_value_usd", "us.joint_misuse_detection"
    )
    cannot = table.set_index(["outcome", "parameter"]).loc[("smuggled_value_usd", "us.joint_misuse_detection")]
    assert cannot["value"] == 0.0
    assert rank(table, "misuse_risk", "us.joint_misuse_detection") == 1


def test_sobol_gives_the_variance_to_the_levers_that_cause_it():
    table = indices("sobol", 8, names=["us.enforcement", "us.joint_misuse_detection"], replications=1)
    st = table[table["outcome"] == "smuggled_value_usd"].set_index("parameter")["value"]
    assert st["us.enforcement"] > 0.5 > st["us.joint_misuse_detection"]
    assert (table["low"] <= table["value"]).all() and (table["value"] <= table["high"]).all()


def test_sobol_refuses_a_sample_size_that_is_not_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        study.design("sobol", [PARAMS["us.enforcement"]], 10, seed=0)


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_an_effect_that_turns_around_inside_the_range_is_flagged_and_a_monotone_one_is_not(method):
    params = [PARAMS["us.enforcement"], PARAMS["us.export_promotion"]]
    plan = study.design(method, params, 16, seed=1)
    x, other = plan.X[:, 0], plan.X[:, 1]
    humped = (x - 0.5) ** 2 + 0.01 * other  # falls, then rises, across enforcement's range
    assert study.sign_changes(plan, humped) == [True, False]
    assert study.sign_changes(plan, 2 * x + other) == [False, False]


def test_a_sensitivity_run_leaves_out_what_the_scenario_sets_by_event_and_what_is_not_a_number():
    names = {p.name for p in study.varied("levers", BASELINE)}
    assert "us.enforcement" in names and "us.doctrine" not in names
    assert not any(n.startswith("mechanisms.") for n in names)
    lifted = load_scenario(LIBRARY / "controls_lifted.yaml")
    fixed = {n for e in lifted.events for n in e.set}
    assert fixed and not fixed & {p.name for p in study.varied("levers", lifted)}


def test_airace_sensitivity_writes_ranked_indices_charts_and_the_design(tmp_path, airace):
    folder = tmp_path / "s"
    done = airace(
        "sensitivity", "scenarios/baseline.yaml", "--samples", "2", "-n", "1", "--steps", "8",
        "--outcomes", "smuggled_value_usd", "--out", str(folder), "-j", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(str(folder))
    table = pd.read_csv(folder / "sensitivity.csv")
    assert {"outcome", "parameter", "index", "value", "low", "high", "rank", "sign_change"} <= set(table.columns)
    assert set(table["index"]) == {"mu_star"}
    points = pd.read_csv(folder / "design.csv")
    assert len(points) == 2 * (len(study.varied("levers", BASELINE)) + 1)
    assert (folder / "charts" / "sensitivity_smuggled_value_usd.png").stat().st_size > 10_000
    assert not (folder / ".parts").exists()


def test_airace_sensitivity_names_a_bad_method_in_one_line(tmp_path, airace):
    done = airace("sensitivity", "scenarios/baseline.yaml", "--method", "fast", "--out", str(tmp_path / "x"))
    assert done.returncode == 2
    assert "--method: 'fast' is not allowed; expected one of morris, sobol" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x").exists()


def test_airace_screen_finds_the_levers_that_move_smuggling(tmp_path, airace):
    folder = tmp_path / "screen"
    done = airace("screen", "scenarios/baseline.yaml", "-n", "3", "--steps", "8", "--out", str(folder), "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{folder}\n"
    table = pd.read_csv(folder / "screen.csv")
    smuggled = table[table["outcome"] == "smuggled_value_usd"].set_index(["parameter", "end"])["z"]
    assert smuggled[("us.enforcement", "max")] < -0.5 < smuggled[("cn.smuggling_tolerance", "max")]
    assert abs(smuggled[("us.joint_misuse_detection", "max")]) < 0.5
    assert np.isfinite(table["z"]).all()
    assert (folder / "charts" / "screen.png").stat().st_size > 10_000


SWEEP = load_scenario(LIBRARY / "sweep_controls_enforcement.yaml")


def test_a_sweep_is_varied_over_its_own_parameters_and_ranges():
    chosen = study.varied("levers", SWEEP)
    assert {p.name for p in chosen} == set(SWEEP.swept)
    for p in chosen:
        values = [point[p.name] for point in SWEEP.points()]
        assert (p.min, p.max, p.range_from) == (min(values), max(values), "sweep")
    from sim.analysis import screen

    assert {name for name, _, _ in screen.settings("levers", SWEEP)} == set(SWEEP.swept)


def test_ranges_are_narrowed_so_no_design_point_is_an_impossible_world():
    chosen = {p.name: p for p in study.varied("assumptions", BASELINE)}
    us, cn = chosen["compute.initial_us_share"], chosen["compute.initial_cn_share"]
    assert us.max + cn.max <= 1.0 and us.range_from == cn.range_from == "constraint"
    plan = study.design("morris", list(chosen.values()), 4, seed=0)
    names = plan.names
    total = plan.X[:, names.index("compute.initial_us_share")] + plan.X[:, names.index("compute.initial_cn_share")]
    assert (total <= 1.0 + 1e-12).all()
    from sim.analysis import screen

    settings = {(name, end): value for name, end, value in screen.settings("assumptions", BASELINE)}
    cn_share = BASELINE.model_params.get("compute.initial_cn_share", PARAMS["compute.initial_cn_share"].default)
    assert settings[("compute.initial_us_share", "max")] + cn_share <= 1.0


def test_unstable_sobol_indices_are_warned_with_the_samples_to_use():
    table = pd.DataFrame(
        {
            "outcome": ["x", "x"],
            "parameter": ["a", "b"],
            "value": [1.3, 0.2],
            "high": [1.5, 0.25],
            "S1": [0.4, 0.6],
            "S1_low": [0.2, 0.5],
            "rank": [1, 2],
        }
    )
    warnings = study.stability_warnings(table, "sobol", 8)
    assert len(warnings) == 2 and all("--samples 32" in w for w in warnings)
    assert "a on x" in warnings[0] and "b on x" in warnings[1]
    steady = table.assign(value=[0.7, 0.3], high=[0.8, 0.4], S1_low=[0.5, 0.2])
    assert study.stability_warnings(steady, "sobol", 8) == []
