import pytest

from sim.calibration import TARGETS, measure


@pytest.fixture(scope="module")
def measured():
    return measure(seeds=60)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_default_model_meets_calibration_target(measured, target):
    assert target.low <= measured[target.name] <= target.high
