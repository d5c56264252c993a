"""A worker's batch (``sim.runner.batches.run_batch``): a sweep's points that differ only in
parameters that may vary by replication run as one model in lockstep, and each run's rows are
those of its point run alone."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.model import AIRaceModel
from sim.runner.batches import Job, _lockstep_groups, run_batch

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
