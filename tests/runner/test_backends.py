"""The same seeds give the same numbers whatever runs them: serial, a local pool, or Dask."""

import inspect

import pandas as pd
import pytest

from sim.cli import commands as cli
from sim.runner import (
    BACKENDS,
    Backend,
    Dask,
    LocalPool,
    backend_named,
    run_scenario,
    scenario_jobs,
    start_local_pool_early,
)
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


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=[pytest.mark.slow] if name == "dask" else []) for name in BACKENDS]
)
def test_every_backend_is_one_class_behind_the_one_interface_and_gives_the_same_frame(name, serial):
    backend_class = BACKENDS[name]
    assert issubclass(backend_class, Backend) and not inspect.isabstract(backend_class)
    assert backend_class.name == name
    for method in ("workers", "run"):
        assert inspect.signature(getattr(backend_class, method)) == inspect.signature(getattr(Backend, method))
    backend = backend_class(workers=2)
    assert backend.workers(scenario_jobs(SMALL_SWEEP)) in {1, 2}  # serial runs alone
    pd.testing.assert_frame_equal(run_scenario(SMALL_SWEEP, backend=backend), serial)


def test_a_pool_started_early_gives_the_same_frame(serial):
    start_local_pool_early(("sim.model.model", "sim.runner"))
    pd.testing.assert_frame_equal(run_scenario(SMALL_SWEEP, backend=LocalPool(workers=2)), serial)


def test_the_command_line_offers_every_backend():
    assert [choice.value for choice in cli.Backend] == list(BACKENDS)


def test_a_scheduler_address_is_for_the_dask_backend_only():
    assert isinstance(backend_named("dask", 2, "tcp://127.0.0.1:1"), Dask)
    with pytest.raises(ValueError, match="dask"):
        backend_named("local", 2, "tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="serial, local, dask"):
        backend_named("threads")


def test_scheduler_needs_the_dask_backend(tmp_path, airace):

    result = airace.invoke(
        "run", "scenarios/baseline.yaml", "--scheduler", "tcp://127.0.0.1:1", "--out", str(tmp_path / "out")
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
