"""Catch-up, the lag in months, crisis risk, trade and trust, and one random stream per source."""

from dataclasses import fields
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.model.draws import Variates, stream
from sim.model.mechanisms import cooperation, efficiency, race, smuggling, tension
from sim.model.model import AIRaceModel
from sim.registry.params import Parameters


@given(
    gap=st.floats(-2.0, 3.0),
    shortfall=st.floats(-1.0, 3.0),
    strength=st.floats(0.0, 1.0),
    ceiling=st.floats(0.0, 1.0),
    intensity=st.floats(0.0, 1.0),
    rate=st.floats(0.0, 0.5),
)
def test_catch_up_never_takes_a_student_past_its_teacher(gap, shortfall, strength, ceiling, intensity, rate):
    floor = efficiency.catch_up_floor_oom(shortfall, strength, ceiling)
    gain = efficiency.distillation_gain_log10(gap, floor, intensity, rate)
    assert gain >= 0.0
    assert gap - gain >= min(gap, floor) - 1e-12  # never closer than the floor, never past the teacher


def test_less_compute_means_a_higher_floor_unless_distillation_erases_compute():
    assert efficiency.catch_up_floor_oom(1.0, 0.5, 0.15) > efficiency.catch_up_floor_oom(0.5, 0.5, 0.15)
    assert efficiency.catch_up_floor_oom(1.0, 1.0, 0.15) == efficiency.catch_up_floor_oom(0.5, 1.0, 0.15) == 0.15
    assert efficiency.catch_up_floor_oom(1.0, 0.0, 0.15) == pytest.approx(1.15)


def test_lag_months_counts_back_to_when_the_leader_stood_where_the_follower_stands():
    history = [1.0, 1.1, 1.2, 1.3]  # the leader, a quarter apart
    assert efficiency.lag_months(history, 1.3, 0.1) == 0.0
    assert efficiency.lag_months(history, 1.15, 0.1) == pytest.approx(1.5 * 3.0)
    assert efficiency.lag_months(history, 0.9, 0.1) == pytest.approx(4 * 3.0)  # a quarter before the history


def test_the_lag_in_2025_is_near_epoch_ais_seven_months():
    lags = []
    for seed in range(5):
        model = AIRaceModel(rng=seed, steps=4)
        model.run_model()
        lags.append(np.mean(model.datacollector.model_vars["capability_lag_months"]))
    assert 4.0 <= np.mean(lags) <= 14.0


def test_crisis_risk_accumulates_and_never_falls():
    model = AIRaceModel(rng=3, steps=40)
    model.run_model()
    risk = np.array(model.datacollector.model_vars["crisis_risk"])
    chance = np.array(model.datacollector.model_vars["crisis_chance"])
    assert np.all(np.diff(risk) >= 0.0)
    assert risk[-1] == pytest.approx(1.0 - np.prod(1.0 - chance))


def test_grievance_grows_with_the_injury_done():
    assert tension.grievance(0.005, 0.04, 0.8) > tension.grievance(0.005, 0.04, 0.2)


def test_controls_in_force_cap_the_trust_cooperation_builds():
    open_trade = cooperation.cooperation_step(0.0, 1.0, 1.0, 0.3, 1.0, cooperation.trade_openness(0.0, 0.5))
    embargo = cooperation.cooperation_step(0.0, 1.0, 1.0, 0.3, 1.0, cooperation.trade_openness(1.0, 0.5))
    assert embargo == pytest.approx(open_trade / 2)


def test_caps_on_third_countries_close_smuggling_routes():
    s = Parameters.resolve().smuggling._replace(base_share=0.5, price_elasticity=1.0, third_country_share=0.5)
    args = (0.5, 0.3, 0.8)
    assert smuggling.leakage_share(*args, 1.0, s) == pytest.approx(smuggling.leakage_share(*args, 0.0, s) / 2)


def test_spending_grows_along_a_path_that_flattens():
    path = [race.spending_path(years, 0.65, 2.5) for years in (0.0, 1.0, 2.0, 5.0, 9.75)]
    assert path[0] == 1.0
    assert all(b > a for a, b in pairwise(path))
    growth = [b / a for a, b in pairwise(path[:3])]
    assert growth[1] < growth[0] < 1.65


def test_adding_labs_leaves_the_nations_and_the_first_labs_draws_unchanged():
    three = Variates.draw(7, 8, 5, [(b, r) for b in ("us", "cn") for r in range(3)])
    five = Variates.draw(7, 8, 5, [(b, r) for b in ("us", "cn") for r in range(5)])
    for name in ("adoption_timing", "adoption_choice", "governance_timing", "governance_choice"):
        assert np.array_equal(getattr(three, name), getattr(five, name)), name
    assert all(np.array_equal(getattr(three, n), getattr(five, n)) for n in ("crisis", "smuggling", "misuse"))
    assert np.array_equal(three.efficiency[:, :3], five.efficiency[:, :3])  # US labs 1-3
    assert np.array_equal(three.efficiency[:, 3:], five.efficiency[:, 5:8])  # Chinese labs 1-3


def test_more_labs_leave_the_crisis_draws_of_the_model_unchanged():
    few, many = AIRaceModel(rng=11, steps=8), AIRaceModel(rng=11, steps=8, **{"firms.frontier_labs_per_bloc": 6})
    assert np.array_equal(few.variates.crisis, many.variates.crisis)
    assert np.array_equal(few.population.sentiment, many.population.sentiment)


def test_each_stream_is_its_own():
    assert stream(1, "crisis").random() != stream(1, "misuse").random()
    assert stream(1, "efficiency", 0, 0).random() != stream(1, "efficiency", 0, 1).random()


@pytest.mark.parametrize("roots", [5, [5, 2**63 + 3, 2**64 - 1, 11]])
def test_variates_extend_by_drawing_on_each_stream(roots):
    """Past the horizon each stream draws on: the first quarters stay what they were, and the new
    ones are what each stream alone draws next (a run alone, and a batch seeded together)."""
    labs = [("us", 0), ("cn", 0)]
    short = Variates.draw(roots, 4, 3, labs)
    before = {f.name: getattr(short, f.name).copy() for f in fields(short) if f.name != "source"}
    short.extend()
    assert short.quarters == 8
    for name, drawn in before.items():
        assert np.array_equal(getattr(short, name)[:4], drawn), name
    first = roots if isinstance(roots, int) else roots[0]
    assert np.array_equal(short.crisis[:, 0], stream(first, "crisis").random(8))
    assert np.array_equal(short.efficiency[:, 1, 0], stream(first, "efficiency", 1, 0).standard_normal(8))
    assert np.array_equal(short.adoption_choice[:, 0], stream(first, "adoption_choice").random((8, 3)))


def test_baseline_smuggling_goes_on_while_grey_chips_beat_domestic_ones():
    model = AIRaceModel(rng=5, steps=40)
    model.run_model()
    data = model.datacollector.model_vars
    p = model.p
    grey_over_domestic = [
        x * (1 + p.smuggling.markup * s)
        for x, s in zip(data["cn_self_sufficiency"], data["export_control_stringency"], strict=True)
    ]
    paying = [i for i, ratio in enumerate(grey_over_domestic) if ratio < 1.0]  # a grey chip is better value
    assert len(paying) == 40
    assert all(data["smuggled_value_usd"][i] > 0 for i in paying)
