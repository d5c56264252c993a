"""What `airace run` writes for an analyst, on real runs: the chosen reference on the same seeds,
the effects table, final.parquet with every lever applied, the nation file, pandas-safe columns
mapped back to the registry, and a manifest a paper can cite."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import sim.analysis.run_tables as run_tables
from sim.analysis.columns import column_of, data_column, describe, registry_names
from sim.analysis.run_tables import RunTables, points_of
from sim.registry.outcomes import NUMERIC, OUTCOMES
from sim.registry.params import PARAMS
from sim.runner import run_scenario
from sim.runner.batches import run_batch, scenario_jobs
from sim.runner.store import RUN_ID
from sim.scenario import ScenarioError, choose_reference, load_scenario
from tests.helpers import ROOT

STEPS, RUNS = 8, 5

CHILD = f"""\
name: stricter_enforcement
extends: {ROOT / "scenarios" / "tight_controls.yaml"}
reference: extends
params:
  us.enforcement: 0.9
events:
  - {{at: 2026Q1, set: {{us.export_control_stringency: 0.2}}}}
"""

SWEEP = f"""\
name: sweep_with_point_reference
extends: {ROOT / "scenarios" / "baseline.yaml"}
reference: {{point: {{us.export_control_stringency: 0.0, us.compute_investment_usd: 2.5e9}}}}
sweep:
  us.export_control_stringency: [0.0, 1.0]
  us.compute_investment_usd: [2.5e9, 5.0e9]
"""


def run_file(airace, folder: Path, text: str, *options: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = folder / "out"
    done = airace("run", scenario, "-n", RUNS, "--steps", STEPS, "--out", out, "-q", "-j", "1", *options)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out}\n"  # -q: exactly the path
    return scenario, out


@pytest.fixture(scope="module")
def child(tmp_path_factory, airace) -> tuple[Path, Path]:
    return run_file(airace, tmp_path_factory.mktemp("child"), CHILD, "--nations")


@pytest.fixture(scope="module")
def sweep(tmp_path_factory, airace) -> tuple[Path, Path]:
    return run_file(airace, tmp_path_factory.mktemp("sweep"), SWEEP)


def test_reference_extends_runs_the_parent_on_the_same_seeds(child):
    scenario_file, out = child
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reference"]["kind"] == "extends"
    assert manifest["reference"]["file"] == str(ROOT / "scenarios" / "tight_controls.yaml")
    assert manifest["reference"]["scenario"]["params"]["us.export_control_stringency"] == 1.0
    parent = load_scenario(ROOT / "scenarios" / "tight_controls.yaml")
    scenario = load_scenario(scenario_file)
    expected = run_scenario(
        parent.with_overrides(steps=STEPS, seed=scenario.seed, replications=RUNS), workers=1, backend="serial"
    )
    reference = pd.read_parquet(out / "baseline_timeseries.parquet")
    assert (
        reference["seed"].tolist()
        == expected["seed"].tolist()
        == pd.read_parquet(out / "timeseries.parquet")["seed"].tolist()
    )
    np.testing.assert_array_equal(reference["compute_cn"], expected["compute_cn"])
    effects = pd.read_csv(out / "effects.csv").set_index(["outcome", "statistic"])
    last = expected[expected["step"] == STEPS]
    assert effects.loc[("compute_cn", "end"), "reference_mean"] == pytest.approx(last["compute_cn"].mean())


def test_a_known_different_pair_is_not_no_clear_difference(child):
    effects = pd.read_csv(child[1] / "effects.csv").set_index(["point", "outcome", "statistic"])
    assert effects.loc[(0, "export_control_stringency", "end"), "verdict"] == "lower"  # 0.2 against 1.0
    assert effects.loc[(0, "export_control_stringency", "end"), "difference"] == pytest.approx(-0.8)
    assert effects.loc[(0, "compute_cn", "decade"), "verdict"] != "no clear change"
    assert (effects["n"] == RUNS).all()
    assert set(effects.index.get_level_values("statistic")) == {"end", "decade", "peak"}


def test_final_holds_every_applied_lever_with_the_event_and_its_quarter(child):
    final = pd.read_parquet(child[1] / "final.parquet")
    assert len(final) == RUNS and final["run_id"].is_unique
    assert (final["lever_us__enforcement"] == 0.9).all()
    assert (final["lever_us__export_control_stringency"] == 1.0).all()  # from tight_controls, at the start
    assert (final["lever_us__export_control_stringency__from_2026Q1"] == 0.2).all()
    assert (final["lever_cn__doctrine"] == "fixed").all()
    levers = [name for name, p in PARAMS.items() if p.kind == "lever"]
    assert {column_of(name) for name in levers} <= set(final.columns)
    reference = pd.read_parquet(child[1] / "baseline_timeseries.parquet")
    paired = reference[reference["step"] == STEPS].set_index("replication")["tension"]
    assert final.set_index("replication")["reference_tension"].equals(paired.rename("reference_tension"))


def test_nations_writes_each_nations_stack_and_chances_each_quarter(child):
    nations = pd.read_parquet(child[1] / "nations.parquet")
    assert len(nations) == RUNS * STEPS * nations["iso3"].nunique() and nations["iso3"].nunique() > 50
    chances = nations.filter(like="chance_")
    np.testing.assert_allclose(chances.sum(axis=1), 1.0, atol=1e-9)
    assert "stack" not in nations.columns and set(nations["chosen_stack"].astype(str)) <= {
        "us",
        "cn",
        "open",
        "hedge",
        "none",
    }


def test_column_names_have_no_dots_and_the_metadata_maps_them_back(child, sweep):
    for out in (child[1], sweep[1]):
        for path in out.glob("*.parquet"):
            schema = pq.read_schema(path)
            assert not [c for c in schema.names if "." in c], path
            for column, meaning in registry_names(schema).items():
                assert column in schema.names and (meaning.get("parameter") in PARAMS or "reference" in meaning)
        for path in out.glob("*.csv"):
            assert "." not in path.read_text().splitlines()[0], path
    names = registry_names(pq.read_schema(sweep[1] / "timeseries.parquet"))
    assert names["lever_us__export_control_stringency"] == {"parameter": "us.export_control_stringency"}
    assert "export_control_stringency" in pd.read_parquet(sweep[1] / "timeseries.parquet").columns  # the outcome


def test_the_naming_rule_round_trips_for_every_parameter_and_leaves_outcomes_alone():
    for name in PARAMS:
        assert describe(column_of(name)) == {"parameter": name}
        assert describe(column_of(name, "2027Q1")) == {"parameter": name, "from": "2027Q1"}
    assert all(describe(o) is None and data_column(o) == o for o in OUTCOMES)


def test_summary_has_one_schema_for_sweeps_and_single_runs(child, sweep):
    single, swept = pd.read_csv(child[1] / "summary.csv"), pd.read_csv(sweep[1] / "summary.csv")
    common = ["point", "outcome", "n", "mean", "se", "median", "p5", "p95", "horizon_mean", "reference_mean"]
    assert set(common) <= set(single.columns) and set(common) <= set(swept.columns)
    assert (single["point"] == 0).all() and sorted(swept["point"].unique()) == [0, 1, 2, 3]
    assert len(single) == len(NUMERIC) and (single["n"] == RUNS).all()


def test_a_sweep_point_reference_is_the_sweeps_own_runs(sweep):
    out = sweep[1]
    assert not (out / "baseline_timeseries.parquet").exists()
    effects = pd.read_csv(out / "effects.csv")
    at_reference = effects[effects["point"] == 0]
    assert (at_reference["difference"] == 0).all() and (at_reference["verdict"] == "no clear change").all()
    controls = effects[(effects["point"] == 2) & (effects["statistic"] == "end")].set_index("outcome")
    assert controls.loc["export_control_stringency", "verdict"] == "higher"


def test_the_manifest_has_numeric_sweep_values_a_point_table_and_hashes_of_its_inputs(sweep):
    scenario_file, out = sweep
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["sweep"]["us.compute_investment_usd"] == [2.5e9, 5.0e9]  # YAML read 2.5e9 as text
    assert manifest["points"][1] == {
        "point": 1,
        "us.export_control_stringency": 0.0,
        "us.compute_investment_usd": 5.0e9,
    }
    assert manifest["reference"] == {
        "kind": "point",
        "file": None,
        "point": 0,
        "same_as_scenario": False,
        "scenario": None,
    }
    assert "scipy" in manifest["versions"] and "scipy" in manifest["environment"]
    assert manifest["platform"]["platform"] and manifest["command_line"][:2] == ["airace", "run"]
    roles = {entry["role"]: entry for entry in manifest["inputs"]}
    assert set(roles) == {"scenario", "extends", "nations data"}
    for entry in manifest["inputs"]:
        assert entry["sha256"] == hashlib.sha256(Path(entry["path"]).read_bytes()).hexdigest()
    assert roles["scenario"]["path"] == str(scenario_file.resolve())
    assert "us.export_control_stringency" not in manifest["parameters"]  # swept: each point's own


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (SWEEP.replace(", us.compute_investment_usd: 2.5e9", ""), ["reference: {point:", "picks 2 points"]),
        (SWEEP.replace("us.compute_investment_usd: 2.5e9}", "us.enforcement: 0.5}"), ["us.enforcement is not swept"]),
        (SWEEP.replace("{point: {us.export_control_stringency: 0.0, us.compute_investment_usd: 2.5e9}}", "{point: 9}"),
         ["from 0 to 3"]),
        ("name: x\nreference: extends\n", ["key reference (line 2)", "'extends'", "extends no other"]),
        ("name: x\nreference: {point: 0}\n", ["needs a sweep"]),
        ("name: x\nreference: parent\n", ["key reference", "'parent'"]),
    ],
)  # fmt: skip
def test_a_bad_reference_is_one_line_naming_the_key_and_value(tmp_path, text, fragments):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    message = str(error.value)
    assert "\n" not in message and all(fragment in message for fragment in fragments), message


def test_reference_on_the_command_line_overrides_the_file(tmp_path, airace):
    path = tmp_path / "child.yaml"
    path.write_text(CHILD, encoding="utf-8")
    scenario = load_scenario(path)
    assert choose_reference(scenario, path).file == ROOT / "scenarios" / "tight_controls.yaml"
    baseline = choose_reference(scenario.with_overrides(reference="baseline"), path)
    assert baseline.kind == "baseline" and baseline.file.name == "baseline.yaml"
    done = airace("run", ROOT / "scenarios" / "baseline.yaml", "--reference", "extends", "--out", tmp_path / "o")
    assert done.returncode == 2 and "extends no other" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_resume_with_another_reference_or_nations_setting_is_refused(tmp_path):
    from sim.runner import PartStore, ResumeMismatch, fingerprint_of

    scenario = load_scenario(ROOT / "scenarios" / "tight_controls.yaml").model_dump(mode="json", by_alias=True)
    extends = {"kind": "extends", "file": "a.yaml", "point": None, "same_as_scenario": False, "scenario": {"x": 1}}
    PartStore(tmp_path / ".parts", fingerprint_of(scenario, "1", extends))
    PartStore(tmp_path / ".parts", fingerprint_of(scenario, "1", {**extends, "file": "moved/a.yaml"}))  # same numbers
    for other in (
        fingerprint_of(scenario, "1", {**extends, "scenario": {"x": 2}}),  # the parent file changed
        fingerprint_of(scenario, "1", {**extends, "kind": "baseline"}),
        fingerprint_of(scenario, "1", extends, nations=True),
    ):
        with pytest.raises(ResumeMismatch):
            PartStore(tmp_path / ".parts", other)


# ---- built a chunk of sweep points at a time: the chunking and the order of parts change nothing


@pytest.fixture(scope="module")
def swept_runs():
    """A small sweep's runs (as one table, as the store gives them) and its reference's runs."""
    scenario = load_scenario("scenarios/sweep_controls_enforcement.yaml").model_copy(
        update={"replications": 4, "steps": 6}
    )
    reference = choose_reference(scenario).scenario.model_copy(update={"replications": 4, "steps": 6})

    def table(s) -> pa.Table:
        columns = run_batch(list(enumerate(scenario_jobs(s))))
        return pa.table({(RUN_ID if name == "_job" else name): values for name, values in columns.items()})

    return scenario, table(scenario), table(reference).to_pandas()


def tables_of(scenario, parts, reference) -> list:
    tables = RunTables(scenario, reference)
    made = [tables.of(chunk) for chunk in points_of(parts, scenario.replications)]
    return [pd.concat([getattr(m, name) for m in made], ignore_index=True) for name in ("effects", "summary", "final")]


def test_points_judged_together_give_the_tables_of_points_judged_one_by_one(swept_runs, monkeypatch):
    scenario, runs, reference = swept_runs
    together = tables_of(scenario, [runs], reference)
    monkeypatch.setattr(run_tables, "CHUNK", 1)
    apart = tables_of(scenario, [runs], reference)
    assert len(together[0]) == len(scenario.points()) * 3 * len(set(together[0]["outcome"]))
    for a, b in zip(together, apart, strict=True):
        assert a.equals(b)


def test_runs_arriving_in_parts_out_of_order_make_the_same_tables(swept_runs):
    """A resumed run's parts may split a point's runs and interleave points."""
    scenario, runs, reference = swept_runs
    whole = tables_of(scenario, [runs], reference)
    run_ids = np.unique(runs.column(RUN_ID).to_numpy())
    shuffled = np.random.default_rng(3).permutation(run_ids)
    parts = [runs.filter(pc.is_in(runs.column(RUN_ID), pa.array(ids))) for ids in np.array_split(shuffled, 5)]
    pieces = tables_of(scenario, parts, reference)
    order = ["point", "outcome", "statistic"]
    effects = [t.sort_values(order, kind="stable").reset_index(drop=True) for t in (whole[0], pieces[0])]
    assert effects[0].equals(effects[1])
    summaries = [t.sort_values(["point", "outcome"]).reset_index(drop=True) for t in (whole[1], pieces[1])]
    assert summaries[0].equals(summaries[1])
    finals = [t.sort_values(RUN_ID).reset_index(drop=True) for t in (whole[2], pieces[2])]
    assert finals[0].equals(finals[1])


def test_a_points_summary_and_effects_are_what_pandas_and_numpy_give_for_its_runs(swept_runs):
    """Against a computation written out plainly (the summary to the bit, as pandas gives it for
    one point's frame; the end-of-run effect to rounding)."""
    scenario, runs, reference = swept_runs
    effects, summary, _ = tables_of(scenario, [runs], reference)
    frame = runs.to_pandas()
    point = frame[frame["point"] == 1]
    last = point[point["step"] == point["step"].max()].sort_values("replication")
    values = last[list(NUMERIC)].astype(float)
    horizon = point.groupby("replication")[list(NUMERIC)].mean()
    expected = pd.DataFrame(
        {
            "mean": values.mean(),
            "se": values.std(ddof=1) / np.sqrt(values.count()),
            "median": values.median(),
            "p5": values.quantile(0.05),
            "p95": values.quantile(0.95),
            "horizon_mean": horizon.mean(),
            "horizon_se": horizon.std(ddof=1) / np.sqrt(len(horizon)),
        }
    )
    got = summary[summary["point"] == 1].set_index("outcome")[expected.columns]
    pd.testing.assert_frame_equal(got, expected, check_exact=True, check_names=False)
    ref_last = reference[reference["step"] == reference["step"].max()].sort_values("replication")
    end = effects[(effects["point"] == 1) & (effects["statistic"] == "end")].set_index("outcome")
    paired = values.to_numpy() - ref_last[list(NUMERIC)].to_numpy(dtype=float)
    np.testing.assert_allclose(end.loc[list(NUMERIC), "difference"], paired.mean(axis=0), rtol=1e-12, atol=1e-12)
