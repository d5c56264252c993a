"""Parameters that vary by replication: a batch whose replications have different values of
``sim.model.varied.BY_REPLICATION`` parameters (a sweep's points run together) gives each
replication the numbers of its seed and values run alone, bit for bit; the others are refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.model.frames import nation_frame, outcome_frame, outcome_frames
from sim.model.model import AIRaceModel
from sim.model.varied import BY_REPLICATION, ONE_PER_BATCH
from sim.registry.params import PARAMS, ParameterError
from tests.model.test_lockstep import CONFIGS, HOT, STEPS, alone


def span(name: str) -> tuple[float, float]:
    """A range of values to vary a parameter over: its registry range, or around its default."""
    param = PARAMS[name]
    default = float(param.default)
    low = param.min if param.min is not None else 0.5 * default
    high = param.max if param.max is not None and param.max != float("inf") else 1.5 * default + 1.0
    return float(low), float(high)


def spread(name: str, fractions: list[float]) -> list[float]:
    low, high = span(name)
    return [low + (high - low) * f for f in fractions]


@settings(max_examples=12, deadline=None)
@given(
    config=st.sampled_from(sorted(CONFIGS)),
    names=st.lists(st.sampled_from(sorted(BY_REPLICATION)), min_size=1, max_size=4, unique=True),
    seeds=st.lists(st.integers(0, 2**32 - 1), min_size=2, max_size=6, unique=True),
    data=st.data(),
)
def test_each_replication_of_a_batch_of_points_is_its_point_run_alone(config, names, seeds, data):
    params, events = CONFIGS[config]
    fractions = st.lists(st.floats(0, 1), min_size=len(seeds), max_size=len(seeds))
    varied = {name: spread(name, data.draw(fractions, label=name)) for name in names if name not in params}
    batch = AIRaceModel(rng=seeds, steps=STEPS, events=events, varied=varied, **params)
    batch.run_model()
    r = data.draw(st.integers(0, len(seeds) - 1), label="replication")
    single = alone(seeds[r], {**params, **{name: values[r] for name, values in varied.items()}}, events)
    assert outcome_frames(batch)[r].equals(outcome_frame(single))
    assert nation_frame(batch, r).equals(nation_frame(single))


# A world in which every parameter that may vary changes the runs within STEPS quarters: doctrines
# that move levers and spend above the levers (so a budget binds), crises, controls with diffusion
# limits (smuggling routes), and China ahead (so US labs distil).
LIVELY = {
    "us.doctrine": "adaptive",
    "cn.doctrine": "adaptive",
    **HOT,
    "us.export_control_stringency": 0.8,
    "us.diffusion_limits": 0.8,
    "efficiency.cn_initial_advantage": 10.0,
}


# The same world with the doctrines left static: levers stay single numbers in a run alone, so a
# value that is one number alone and an array in a batch is met here (a power, a sum, a branch).
STILL = {key: value for key, value in LIVELY.items() if not key.endswith(".doctrine")}
SHORTCUTS = (0.0, 0.5, 1.0, 2.0)  # exponents numpy computes by a shortcut when it has one number


def values_over(name: str) -> list[float]:
    """Both ends and the middle of a parameter's range, and the shortcut exponents within it."""
    low, high = span(name)
    ends = spread(name, [0.0, 0.5, 1.0])
    return ends + [v for v in SHORTCUTS if low <= v <= high and v not in ends]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BY_REPLICATION))
def test_every_parameter_that_may_vary_by_replication_keeps_each_run_as_alone(name):
    """Each parameter able to vary, alone, across its range, in a world where it changes the runs
    and in the same world with static doctrines: a modeller who adds a float parameter and reads it
    where a batch cannot take one value a replication (a Python ``math`` call, an ``if``, a ``**``,
    Python's ``sum``) learns it here (``sim.model.varied`` says how the others are read)."""
    low, high = span(name)
    lively = {key: value for key, value in LIVELY.items() if key != name}
    batch = AIRaceModel(rng=[11, 11], steps=STEPS, varied={name: [low, high]}, **lively)
    batch.run_model()
    first, last = outcome_frames(batch)
    assert not first.equals(last), f"{name} changes nothing here: the comparison below would prove nothing"
    values = values_over(name)
    seeds = [11 * (r + 1) for r in range(len(values))]
    for world in (lively, {key: value for key, value in STILL.items() if key != name}):
        batch = AIRaceModel(rng=seeds, steps=STEPS, varied={name: values}, **world)
        batch.run_model()
        frames = outcome_frames(batch)
        for r, (seed, value) in enumerate(zip(seeds, values, strict=True)):
            single = alone(seed, {**world, name: value}, ())
            assert frames[r].equals(outcome_frame(single)), f"{name}={value}"
            assert nation_frame(batch, r).equals(nation_frame(single)), f"{name}={value}: the nations"


def test_a_parameter_that_must_be_one_per_batch_is_refused():
    """Text, switches and counts: a doctrine, a mechanism, a number of labs or quarters."""
    assert "us.doctrine" in ONE_PER_BATCH and "tension.crisis_duration_quarters" in ONE_PER_BATCH
    with pytest.raises(ParameterError, match=r"tension\.crisis_duration_quarters.*one value for the whole batch"):
        AIRaceModel(rng=[1, 2], varied={"tension.crisis_duration_quarters": [1, 2]})


def test_varied_values_are_checked_against_the_registry_and_counted():
    with pytest.raises(ParameterError, match=r"us\.enforcement"):
        AIRaceModel(rng=[1, 2], varied={"us.enforcement": [0.5, 7.0]})
    with pytest.raises(ValueError, match=r"us\.enforcement: 1 values for 2 replications"):
        AIRaceModel(rng=[1, 2], varied={"us.enforcement": [0.5]})
