"""The one run path (``sim.runner.replicate``): one function runs replications, one cache keeps them,
and writing a results folder runs no model beyond the run's own."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest

import sim.report.results
import sim.runner.replicate as path
from sim.model.model import AIRaceModel
from sim.runner.batches import replication_seeds
from sim.runner.replicate import Config, run_configurations, run_replications

SEEDS = (11, 12, 13)


@pytest.fixture
def built(monkeypatch) -> list[int]:
    """Counts every replication of every model constructed (its seed; a model in lockstep counts each
    of its seeds), from an empty run cache."""
    seeds: list[int] = []
    original = AIRaceModel.__init__

    def counting(self, *args, **kwargs):
        rng = kwargs.get("rng")
        seeds.extend(rng if isinstance(rng, list) else [rng])
        original(self, *args, **kwargs)

    monkeypatch.setattr(AIRaceModel, "__init__", counting)
    path.clear_cache()
    yield seeds
    path.clear_cache()


def test_a_second_identical_request_is_served_from_the_cache(built):
    config = Config({"us.export_control_stringency": 0.9}, 6)
    first = run_replications(config, SEEDS)
    assert len(built) == len(SEEDS)
    again = run_replications(Config({"us.export_control_stringency": 0.9}, 6), list(SEEDS))
    assert again is first and len(built) == len(SEEDS)
    # What decides the numbers is in the key: other seeds, horizon, parameters or events run anew.
    run_replications(config, SEEDS[:2])
    run_replications(Config(config.params, 5), SEEDS)
    run_replications(Config({"us.export_control_stringency": 0.8}, 6), SEEDS)
    run_replications(Config(config.params, 6, ((3, {"us.enforcement": 0.9}, False),)), SEEDS)
    assert len(built) == len(SEEDS) * 5 - 1


def test_the_runs_are_the_models_own(built):
    runs = run_replications(Config({}, 5), SEEDS)
    frame = runs.frame()
    assert list(frame["replication"].unique()) == [0, 1, 2] and list(frame["seed"].unique()) == list(SEEDS)
    alone = AIRaceModel(rng=SEEDS[1], steps=5)
    alone.run_model()
    mine = frame[frame["replication"] == 1].reset_index(drop=True)
    theirs = alone.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    pd.testing.assert_frame_equal(mine[list(theirs.columns)], theirs, check_dtype=False)
    assert runs.stacks.shape[:2] == (3, 5)
    assert (runs.stacks[1] == np.asarray(alone.population.history)[:, 0]).all()  # a run alone is a batch of one


def test_a_backend_makes_the_same_runs_as_this_process(built):
    configs = [Config({}, 4), Config({"us.enforcement": 0.9}, 4)]
    here = run_configurations(configs, SEEDS, cached=False)
    shipped = run_configurations(configs, SEEDS, backend="local", cached=False)  # as jobs, through run_batch
    for a, b in zip(here, shipped, strict=True):
        pd.testing.assert_frame_equal(a.frame(), b.frame())
        assert (a.stacks == b.stacks).all()


def test_two_threads_asking_for_the_same_runs_run_them_once(built):
    config = Config({"cn.compute_investment_usd": 5e10}, 4)
    found = []
    threads = [threading.Thread(target=lambda: found.append(run_replications(config, SEEDS))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == len(SEEDS) and found[0] is found[1] is found[2]


def test_the_cache_is_bounded_least_recently_used_out():
    cache = path._Cache(entries=2)
    made = {n: run_replications(Config({}, 2), [n], cached=False) for n in (1, 2, 3)}
    for n in (1, 2):
        cache.put(("k", n), made[n])
    assert cache.get(("k", 1)) is made[1]  # 1 is now the most recently used
    cache.put(("k", 3), made[3])
    assert cache.get(("k", 2)) is None and cache.get(("k", 1)) is made[1] and cache.get(("k", 3)) is made[3]
    small = path._Cache(nbytes=made[1].nbytes * 2)
    for n in (1, 2, 3):
        small.put(("k", n), made[n])
    assert small.get(("k", 1)) is None and small.bytes <= made[1].nbytes * 2


@pytest.mark.slow  # about 25 s on 2 cores, most of it drawing the charts
def test_writing_a_results_folder_runs_no_model_beyond_the_runs_own(built, monkeypatch, tmp_path, airace):
    """A scenario of several changes against the baseline: the command runs the scenario's runs,
    the baseline's, and explain's single changes (new runs, through the run path), and nothing
    else; the nations come from the runs' own stacks, and the writer runs nothing."""
    from sim.analysis.explain import parts
    from sim.scenario import LIBRARY, load_scenario, reference_for

    during_writer: list[int] = []
    write_run = sim.report.results.write_run

    def counted_write_run(*args, **kwargs):
        before = len(built)
        try:
            return write_run(*args, **kwargs)
        finally:
            during_writer.append(len(built) - before)

    monkeypatch.setattr(sim.report.results, "write_run", counted_write_run)
    replications, steps = 3, 8
    scenario = load_scenario(LIBRARY / "cern_for_ai.yaml").with_overrides(replications=replications, steps=steps)
    changes = len(parts(scenario, reference_for(scenario)))
    assert changes > 1  # so the report says which change did it
    args = ["run", "scenarios/cern_for_ai.yaml", "-n", str(replications), "--steps", str(steps), "-j", "1", "-q"]
    result = airace.invoke(*args, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert during_writer == [0]
    seeds = replication_seeds(scenario.seed, replications)
    assert sorted(built) == sorted(seeds * (2 + changes))  # the scenario, the baseline, each change alone
    assert (tmp_path / "out" / "nations.csv").is_file()
