"""Replications in lockstep: replication r of a batch is the same seed run alone, bit for bit.

A batch (``AIRaceModel(rng=[seed, ...])``) steps its replications together as arrays; nothing may
let one replication's numbers depend on how many others it ran with or on its place in the batch
(no sum across replications, each replication's own random streams). Compared exactly
(``DataFrame.equals``), with events, crises and doctrines that move levers as arrays."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.frames import nation_columns, nation_frame, outcome_frame, outcome_frames
from sim.model.model import AIRaceModel

STEPS = 14
HOT = {"tension.crisis_hazard": 0.9, "tension.initial": 0.5}  # crises break out in some replications, not all
CONFIGS = {
    "baseline": ({}, ()),
    "events": ({}, ((3, {"us.export_control_stringency": 0.95, "cn.open_model_subsidy": 0.8}, False), (6, {}, True))),
    "reactive": ({"us.doctrine": "reactive", "cn.doctrine": "reactive", **HOT}, ()),
    "adaptive": (
        {"us.doctrine": "adaptive", "cn.doctrine": "adaptive", **HOT},
        ((5, {"us.doctrine": "reciprocal"}, True),),
    ),
}


def alone(seed: int, params: dict, events: tuple) -> AIRaceModel:
    model = AIRaceModel(rng=seed, steps=STEPS, events=events, **params)
    model.run_model()
    return model


@settings(max_examples=12, deadline=None)
@given(
    config=st.sampled_from(sorted(CONFIGS)),
    seeds=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=9, unique=True),
    data=st.data(),
)
def test_any_replication_of_a_batch_equals_its_seed_run_alone(config, seeds, data):
    params, events = CONFIGS[config]
    batch = AIRaceModel(rng=seeds, steps=STEPS, events=events, **params)
    batch.run_model()
    r = data.draw(st.integers(0, len(seeds) - 1), label="replication")
    single = alone(seeds[r], params, events)
    assert outcome_frames(batch)[r].equals(outcome_frame(single))
    assert nation_frame(batch, r).equals(nation_frame(single))


def test_replications_differ_and_crises_come_in_some_only():
    """The test above compares something: a batch's replications are different worlds, and under
    high tension a crisis breaks out in some replications and not in others (a state-dependent
    branch taken per replication)."""
    params, events = CONFIGS["reactive"]
    batch = AIRaceModel(rng=list(range(12)), steps=STEPS, events=events, **params)
    batch.run_model()
    crises = batch.datacollector.columns()["crises_started"][-1]
    assert 0 < np.count_nonzero(crises) < len(crises)
    frames = outcome_frames(batch)
    assert not frames[0].equals(frames[1])
    assert np.shape(batch.us_gov.levers["enforcement"]) == (12,)  # a doctrine's lever: one per replication


def test_a_run_alone_reports_plain_python_numbers():
    model = alone(3, {}, ())
    row = model.datacollector.rows[-1]
    assert all(type(value) in (int, float, str) for value in row)
    assert model.replications == 1 and model.seeds == [3]


def test_a_batch_of_one_is_the_run_alone():
    one = AIRaceModel(rng=[3], steps=STEPS)
    one.run_model()
    assert outcome_frame(one).equals(outcome_frame(alone(3, {}, ())))
    assert set(nation_columns(one)) == set(nation_columns(alone(3, {}, ())))


def test_a_batch_needs_a_seed():
    with pytest.raises(ValueError, match="at least one seed"):
        AIRaceModel(rng=[])


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_a_batch_of_a_hundred_equals_each_seed_run_alone(config):
    """At the size a sweep's batches reach, where every stream is seeded together
    (``sim.model.seeding``) and a quarter's weighing nations span many replications."""
    params, events = CONFIGS[config]
    seeds = [int(s) for s in np.random.default_rng(25).integers(0, 2**63, size=100)]
    batch = AIRaceModel(rng=seeds, steps=STEPS, events=events, **params)
    batch.run_model()
    for r in (0, 57, 99):
        single = alone(seeds[r], params, events)
        assert outcome_frames(batch)[r].equals(outcome_frame(single))
        assert nation_frame(batch, r).equals(nation_frame(single))
