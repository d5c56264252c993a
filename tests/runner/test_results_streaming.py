"""Results are written from the parts on disk and summarised without loading them whole; what that
gives must equal what the whole frame in memory gives."""

import numpy as np
import pandas as pd
import pytest

import sim.report.results
from sim.analysis.aggregate import bands_of, last_quarter, step_bands
from sim.model.frames import outcome_frame
from sim.registry.outcomes import OUTCOMES
from sim.runner import Job, PartStore, replication_seeds, run_batch, run_streamed, scenario_jobs
from sim.runner.replications import batches_of
from sim.scenario import Scenario, reference_for

SWEEP = Scenario.model_validate(
    {
        "name": "streaming",
        "steps": 6,
        "seed": 2,
        "replications": 3,
        "sweep": {"us.export_control_stringency": [0.1, 0.9], "us.doctrine": ["fixed", "reactive"]},
    }
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = PartStore(tmp_path_factory.mktemp("run") / ".parts", {"test": 1})
    run_streamed(
        {"scenario": scenario_jobs(SWEEP), "baseline": scenario_jobs(reference_for(SWEEP))}, store, 1, backend="serial"
    )
    return store


def test_a_batch_holds_each_run_as_the_model_recorded_it():
    from sim.model.model import AIRaceModel

    columns = run_batch([(7, Job({}, 5, 11, replication=2))])
    model = AIRaceModel(rng=11, steps=5)
    model.run_model()
    frame = pd.DataFrame(columns)
    assert list(frame.columns) == ["_job", "replication", "seed", *OUTCOMES]
    assert frame["_job"].eq(7).all() and frame["replication"].eq(2).all() and frame["seed"].eq(11).all()
    pd.testing.assert_frame_equal(frame[list(OUTCOMES)], outcome_frame(model), check_dtype=False)
    assert frame["misuse_incidents"].dtype == np.int64 and frame["capability_gap"].dtype == np.float64


def test_batches_are_consecutive_and_cover_every_job_once():
    jobs = list(enumerate(scenario_jobs(SWEEP.with_overrides(replications=50))))
    batches = batches_of(jobs, 2)
    assert [index for batch in batches for index, _ in batch] == list(range(len(jobs)))
    assert max(map(len, batches)) <= 250 and len(batches) > 2


def test_exported_parquet_is_every_run_in_job_order(store, tmp_path):
    data = tmp_path / "timeseries.parquet"
    assert store.export("scenario", data) == 4 * 3 * 6
    frame = pd.read_parquet(data)
    pd.testing.assert_frame_equal(frame, store.frame(run_id=True))
    assert not frame.duplicated(["point", "replication", "step"]).any()
    assert frame.groupby("run_id")[["point", "replication"]].nunique().eq(1).all().all()
    assert frame["point"].is_monotonic_increasing


def test_last_quarter_and_bands_read_from_disk_match_the_frame_in_memory(store, tmp_path):
    data = tmp_path / "timeseries.parquet"
    store.export("scenario", data)
    frame = store.frame(run_id=True)
    expected_last = frame[frame["step"] == 6].reset_index(drop=True)
    pd.testing.assert_frame_equal(last_quarter(data, 6).reset_index(drop=True), expected_last)
    columns = ["capability_gap", "adoption_cn", "misuse_incidents"]
    pd.testing.assert_frame_equal(step_bands(data, columns), bands_of(frame, columns))
    bands = bands_of(frame, ["tension"])
    assert bands[("tension", "median")].tolist() == frame.groupby("step")["tension"].median().tolist()


def test_the_csv_is_the_parquet_below_the_row_cap_and_absent_above(store, tmp_path, monkeypatch):
    seeds = replication_seeds(SWEEP.seed, SWEEP.replications)
    written = sim.report.results.write_run(tmp_path / "small", SWEEP, None, seeds, store, True, 1.0)
    assert tmp_path / "small" / "timeseries.csv" in written
    from_csv = pd.read_csv(tmp_path / "small" / "timeseries.csv")
    from_parquet = pd.read_parquet(tmp_path / "small" / "timeseries.parquet")
    pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)
    monkeypatch.setattr(sim.report.results, "CSV_MAX_ROWS", 10)
    written = sim.report.results.write_run(tmp_path / "large", SWEEP, None, seeds, store, True, 1.0)
    assert tmp_path / "large" / "timeseries.parquet" in written
    assert not (tmp_path / "large" / "timeseries.csv").exists()
    assert (tmp_path / "large" / "charts" / "sweep.png").exists()
