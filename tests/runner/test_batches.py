"""A worker's batch (``sim.runner.batches.run_batch``): a sweep's points that differ only in
parameters that may vary by replication run as one model in lockstep, and each run's rows are
those of its point run alone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.model import AIRaceModel
from sim.runner.batches import Job, _lockstep_groups, run_batch
from sim.runner.replications import batches_of

STEPS = 6
POINTS = [
    {"us.export_control_stringency": 0.1, "cn.open_model_subsidy": 0.9},
    {"us.export_control_stringency": 0.5, "cn.open_model_subsidy": 0.2},
    {"us.export_control_stringency": 0.9, "cn.open_model_subsidy": 0.5},
]
HOT = {"tension.crisis_hazard": 0.6}


def sweep_jobs(points: list[dict]) -> list[tuple[int, Job]]:
    """Two replications of each point; the last point's jobs leave the crisis hazard at its default."""
    jobs = [
        Job(HOT if i < len(points) - 1 else {}, STEPS, seed, r, (), point, i)
        for i, point in enumerate(points)
        for r, seed in enumerate((7, 8))
    ]
    return list(enumerate(jobs))


@pytest.fixture
def models(monkeypatch) -> list[int]:
    """How many replications each model built had."""
    sizes: list[int] = []
    original = AIRaceModel.__init__

    def counting(self, *args, **kwargs):
        sizes.append(len(kwargs["rng"]))
        original(self, *args, **kwargs)

    monkeypatch.setattr(AIRaceModel, "__init__", counting)
    return sizes


def test_a_sweeps_points_run_as_one_batch_each_run_as_its_point_alone(models):
    jobs = sweep_jobs(POINTS)
    together = run_batch(jobs)
    assert models == [6]  # three points x two replications, one model
    apart = [run_batch([job]) for job in jobs]
    for name, column in together.items():
        assert np.array_equal(column, np.concatenate([part[name] for part in apart])), name


def test_runs_that_must_differ_as_a_whole_are_stepped_apart():
    """A doctrine, a nations' assumption or a horizon is one value for a whole model."""
    others = [{**POINTS[0], "us.doctrine": "reactive"}, {**POINTS[0], "adoption.price_us": 2.0}]
    assert [len(group) for group in _lockstep_groups(sweep_jobs(POINTS + others))] == [6, 2, 2]
    longer = [(i, job._replace(steps=STEPS + 1)) for i, job in sweep_jobs(POINTS[:1])]
    assert [len(group) for group in _lockstep_groups(sweep_jobs(POINTS[:1]) + longer)] == [2, 2]


@settings(max_examples=50, deadline=None)
@given(indices=st.sets(st.integers(0, 400), min_size=1), workers=st.integers(1, 4))
def test_batches_take_every_job_once_in_order_and_never_span_a_gap(indices, workers):
    """A resumed run's pending jobs have gaps; a batch is a stretch of consecutive jobs, so the
    parts it is saved in stay in job order."""
    jobs = [(i, None) for i in sorted(indices)]
    batches = batches_of(jobs, workers)
    assert [job for batch in batches for job in batch] == jobs
    for batch in batches:
        first = batch[0][0]
        assert [i for i, _ in batch] == list(range(first, first + len(batch)))


def test_one_worker_runs_a_few_runs_as_one_batch():
    assert [len(b) for b in batches_of([(i, None) for i in range(20)], 1)] == [20]
    assert [len(b) for b in batches_of([(i, None) for i in range(20)], 2)] == [3, 3, 3, 3, 3, 3, 2]
