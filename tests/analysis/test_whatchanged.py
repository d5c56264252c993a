"""What changed: paired verdicts on real runs, and the sweep chart's paired differences."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis.whatchanged import Change, headline, moved_most, sweep_differences, what_changed
from sim.model.frames import outcome_frame
from sim.model.model import AIRaceModel
from sim.report.charts.sweep import _colour_range

SEEDS = (11, 12, 13, 14, 15, 16)


def runs(**params) -> pd.DataFrame:
    frames = []
    for replication, seed in enumerate(SEEDS):
        model = AIRaceModel(rng=seed, steps=24, **params)
        model.run_model()
        frames.append(outcome_frame(model).assign(replication=replication, seed=seed))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def baseline() -> pd.DataFrame:
    return runs()


def test_the_baseline_against_itself_shows_no_clear_change(baseline):
    changes = what_changed(baseline, baseline.copy())
    assert changes and all(c.verdict == "no clear change" for c in changes)
    assert moved_most(changes, 4) == []


def test_full_enforcement_lowers_smuggling_first_among_the_changes(baseline):
    changes = what_changed(runs(**{"us.enforcement": 1.0}), baseline)
    smuggled = next(c for c in changes if c.outcome == "smuggled_value_usd")
    assert smuggled.verdict == "lower" and smuggled.z <= -2
    assert changes[0].outcome == "smuggled_value_usd"
    assert "Chips smuggled into China: lower" in smuggled.sentence(24)
    assert "USD" in smuggled.numbers() and "e+" not in smuggled.numbers()


def test_changes_a_scenario_makes_by_itself_are_not_reported_as_outcomes(baseline):
    changes = what_changed(runs(**{"us.enforcement": 1.0}), baseline)
    assert "enforcement" not in {c.outcome for c in changes}


def test_runs_on_other_seeds_cannot_be_compared(baseline):
    other = baseline.assign(seed=baseline["seed"] + 1)
    with pytest.raises(ValueError, match="same seeds"):
        what_changed(other, baseline)


def test_the_box_keeps_watched_outcomes_that_did_not_move():
    changes = [Change("compute_cn", "2026Q4", 2.0, 1.0, -3.0), Change("tension", "2026Q4", 0.5, 0.5, 0.1)]
    assert [c.outcome for c in headline(changes, watch=("tension",), count=1)] == ["compute_cn", "tension"]
    assert headline(changes, count=1)[0].verdict == "lower"
    assert changes[1].verdict == "no clear change"


def test_values_that_would_read_the_same_get_more_decimals():
    change = Change("cn_self_sufficiency", "2026Q4", 0.4512, 0.4538, 2.0)
    reference, changed = change.numbers().split(" against ")
    assert reference != changed.removesuffix(" in the baseline")


def test_sweep_differences_are_paired_by_replication_and_flag_what_is_within_chance():
    reference = pd.DataFrame({"replication": [0, 1, 2, 3], "tension": [0.50, 0.60, 0.55, 0.65]})
    frame = pd.DataFrame(
        {
            "point": [0] * 4 + [1] * 4,
            "lever": [0.0] * 4 + [1.0] * 4,
            "replication": [0, 1, 2, 3] * 2,
            "tension": [0.51, 0.60, 0.55, 0.66, 0.70, 0.80, 0.75, 0.85],
        }
    )
    cells = sweep_differences(frame, reference, "tension", ["lever"]).set_index("lever")
    assert cells.loc[1.0, "difference"] == pytest.approx(0.2)
    assert bool(cells.loc[1.0, "clear"]) and not bool(cells.loc[0.0, "clear"])


def test_a_tiny_sweep_difference_does_not_fill_the_colour_scale():
    reference = pd.DataFrame({"replication": [0, 1], "tension": [0.58, 0.58]})
    limit = _colour_range("tension", pd.Series([0.0001, -0.0002]), reference)
    assert limit >= 0.05  # a tenth of the outcome's size, not the 0.0002 the sweep moved it
    assert _colour_range("cn_domestic_chip_share", pd.Series([0.5]), reference) == pytest.approx(10.0)
    assert np.isfinite(limit)


def test_a_steady_change_of_a_few_percent_is_small_never_large():
    steady = Change("compute_cn", "2034Q4", reference=100.0, changed=104.0, z=8.0)
    assert steady.verdict == "higher"
    assert steady.size == "small"
    assert "a small change" in steady.sentence(40) and "large" not in steady.sentence(40)
    tenth = Change("compute_cn", "2034Q4", reference=100.0, changed=110.0, z=8.0)
    assert tenth.size == "moderate"
    doubled = Change("compute_cn", "2034Q4", reference=100.0, changed=200.0, z=8.0)
    assert doubled.size == "large"
