"""The same seeds give the same numbers whatever runs them: serial, a local pool, or Dask."""

import pandas as pd
import pytest

from sim.runner import run_scenario
from sim.scenario import Scenario

SMALL_SWEEP = Scenario.model_validate(
    {
        "name": "backends",
        "steps": 8,
        "seed": 3,
        "replications": 3,
        "sweep": {"us.export_control_stringency": [0.2, 0.9]},
    }
)


@pytest.fixture(scope="module")
def serial():
    return run_scenario(SMALL_SWEEP, backend="serial")


def test_local_pool_with_two_workers_matches_serial(serial):
    pd.testing.assert_frame_equal(run_scenario(SMALL_SWEEP, workers=2, backend="local"), serial)


@pytest.mark.slow
def test_dask_local_cluster_matches_serial(serial):
    pd.testing.assert_frame_equal(run_scenario(SMALL_SWEEP, workers=2, backend="dask"), serial)


def test_scheduler_needs_the_dask_backend(tmp_path):
    from typer.testing import CliRunner

    from sim.cli import app

    result = CliRunner().invoke(
        app, ["run", "scenarios/baseline.yaml", "--scheduler", "tcp://127.0.0.1:1", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "needs --backend dask" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_dask_worker_killed_mid_sweep_loses_and_doubles_no_run():
    import os
    import signal

    from dask.distributed import LocalCluster

    from sim.runner.replications import batches_of, iterate_batches, run_jobs, scenario_jobs
    from sim.runner.store import columns_frame

    longer = SMALL_SWEEP.with_overrides(steps=200, replications=10)
    jobs = scenario_jobs(longer)
    expected = run_jobs(jobs, 1, None, backend="serial")
    batches = batches_of(list(enumerate(jobs)), 2)
    assert len(batches) > 4
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        results = iterate_batches(batches, 2, "dask", cluster.scheduler_address)
        got = [next(results)]
        victim = next(iter(cluster.workers.values()))
        os.kill(victim.process.process.pid, signal.SIGKILL)
        got.extend(results)
    finally:
        cluster.close()
    got = columns_frame(got)
    assert not got.duplicated(["point", "replication", "step"]).any()
    pd.testing.assert_frame_equal(got, expected)
