import pytest

from sim.analysis.calibration import CALIBRATION_MD, TARGETS, fill, measure, tables


@pytest.fixture(scope="module")
def measured():
    return measure()


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_default_model_meets_calibration_target(measured, target):
    assert target.low <= measured[target.name] <= target.high


def test_calibration_page_says_what_the_model_gives(measured):
    page = CALIBRATION_MD.read_text(encoding="utf-8")
    assert fill(page, tables(measured)) == page, (
        "run `uv run python -m sim.analysis.calibration` to regenerate docs/calibration.md"
    )
