"""The fast sampling rules of the adoption and misuse mechanisms draw from the distributions that ODD
section 7 states: an inverse-CDF pick is the multinomial logit, exponential thresholds are the Bass
hazard, expected chances are the mean of realised picks, a uniform below the logistic of the log-odds
is the logistic join probability, inverse-CDF counts are Poisson."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from sim.model.mechanisms import adoption, misuse

DRAWS = 200_000


def choice_probabilities(v: np.ndarray) -> np.ndarray:
    """Multinomial logit probabilities of utilities ``v`` (stacks first): what ``adoption.choose`` samples."""
    e = np.exp(v - v.max(axis=0))
    return e / e.sum(axis=0)


def test_an_inverse_cdf_pick_takes_each_stack_with_its_logit_probability():
    rng = np.random.default_rng(1)
    v = np.array([[0.3], [-0.2], [1.1], [0.0], [-0.5]])  # stacks first
    picks = adoption.choose(np.repeat(v, DRAWS, axis=1), rng.random(DRAWS))
    observed = np.bincount(picks, minlength=5) / DRAWS
    expected = choice_probabilities(v)[:, 0]
    np.testing.assert_allclose(observed, expected, atol=4 * math.sqrt(0.25 / DRAWS))


def test_a_pick_lands_on_the_stack_whose_slice_holds_the_draw_and_never_on_one_ruled_out():
    """The slices of [0, 1) follow the stacks' order; the extreme draws 0 and the largest below 1
    still pick a stack that can be picked, whatever the utilities' scale."""
    v = np.log(np.array([[0.1], [0.2], [0.3], [0.4], [1.0]]))
    v[adoption.NONE] = -np.inf  # ruled out: weight 0
    for draw, stack in [(0.0, 0), (0.05, 0), (0.15, 1), (0.45, 2), (0.95, 3), (np.nextafter(1.0, 0.0), 3)]:
        assert adoption.choose(v, np.array([draw]))[0] == stack, draw
    ruled_out_first = np.array([[-np.inf], [0.0], [-np.inf], [700.0], [-np.inf]])
    edges = np.array([0.0, 0.5, np.nextafter(1.0, 0.0)])
    assert list(adoption.choose(np.repeat(ruled_out_first, 3, axis=1), edges)) == [1, 3, 3]


@given(
    st.lists(st.one_of(st.floats(-40, 40), st.just(-np.inf)), min_size=5, max_size=5).filter(
        lambda utilities: max(utilities) > -np.inf
    ),
    st.floats(0.0, 1.0, exclude_max=True),
)
def test_a_pick_is_the_stack_whose_slice_of_the_cumulative_chances_holds_the_draw(utilities, draw):
    """Against an independent reference: the first stack whose cumulative logit chance exceeds the
    draw (``searchsorted``), stepping past stacks of no chance; ruled-out stacks anywhere."""
    v = np.array(utilities)[:, None]
    chances = choice_probabilities(v)[:, 0]
    cumulative = np.cumsum(chances)
    reference = int(np.searchsorted(cumulative, draw * cumulative[-1], side="right"))
    pick = int(adoption.choose(v, np.array([draw]))[0])
    assert chances[pick] > 0
    if not np.isclose(draw * cumulative[-1], cumulative, rtol=1e-12, atol=0).any():  # not on a boundary
        assert pick == reference


def test_a_nation_without_a_stack_that_weighs_one_adopts_and_an_adopter_keeps_its_own_more_often():
    rng = np.random.default_rng(2)
    flat = np.zeros((5, DRAWS))
    adopting = adoption.choose(
        adoption.with_switching_bonus(flat, np.full(DRAWS, adoption.NONE), 1.0), rng.random(DRAWS)
    )
    assert not np.any(adopting == adoption.NONE)
    reviewing = adoption.choose(
        adoption.with_switching_bonus(flat, np.full(DRAWS, adoption.US), 1.0), rng.random(DRAWS)
    )
    stay = np.mean(reviewing == adoption.US)
    assert stay == pytest.approx(math.e / (math.e + 4), abs=0.005)


@pytest.mark.parametrize("adopted_share", [0.0, 0.4, 1.0])
def test_exponential_timing_gives_the_bass_hazard_and_the_review_rate(adopted_share):
    p, q, review_rate = 0.03, 0.38, 0.05
    hazard = adoption.adoption_hazard(p, q, adopted_share, np.full(DRAWS, 1.3), np.ones(DRAWS))
    draws = np.random.default_rng(3).standard_exponential(DRAWS)
    bass = 1.0 - math.exp(-(p + q * adopted_share) / 4.0 * 1.3)
    assert np.mean(draws < hazard) == pytest.approx(bass, abs=4 * math.sqrt(bass / DRAWS))
    assert np.mean(draws < adoption.review_hazard(review_rate)) == pytest.approx(
        review_rate, abs=4 * math.sqrt(review_rate / DRAWS)
    )


def test_ties_speed_adoption_as_the_generalized_bass_model_says():
    ready = adoption.readiness(np.array([0.0, 0.5, 1.0]), np.array([0.0, 0.5, 1.0]), gain=1.0)
    np.testing.assert_allclose(ready, [1.0, 2.0, 3.0])
    hazard = adoption.adoption_hazard(0.03, 0.38, 0.2, np.ones(3), ready)
    np.testing.assert_allclose(hazard, hazard[0] * ready)


def test_every_adopter_reviews_at_review_rate_one():
    assert np.array([50.0]) < adoption.review_hazard(1.0)


def test_expected_chances_are_the_mean_of_the_realised_picks():
    """One quarter from a mix of stacks: the share of draws landing on each stack (realised_step,
    sampled) matches the chances that expected_step computes from the same hazards and logits."""
    rng = np.random.default_rng(8)
    start = np.array([adoption.NONE, adoption.US, adoption.CN, adoption.OPEN, adoption.HEDGE])
    utilities = np.array([0.4, 0.1, -0.3, 0.0, 0.0])
    hazard, review = np.array([0.3]), adoption.review_hazard(0.2)
    for stack in start:
        stacks = np.full(DRAWS, stack)
        picks = adoption.realised_step(
            stacks,
            rng.standard_exponential(DRAWS),
            np.full(DRAWS, hazard[0]),
            review,
            np.repeat(utilities[:, None], DRAWS, axis=1),
            1.0,
            rng.random(DRAWS),
        )
        chances = np.zeros((5, 1))
        chances[stack] = 1.0
        stay = adoption.staying_factor(1.0)
        expected = adoption.expected_step(chances, hazard, review, utilities[:, None], stay)[:, 0]
        np.testing.assert_allclose(np.bincount(picks, minlength=5) / DRAWS, expected, atol=0.005)
        assert expected.sum() == pytest.approx(1.0)


def test_a_uniform_below_the_joining_chance_joins_with_the_logistic_probability():
    rng = np.random.default_rng(4)
    pull, push = adoption.governance_terms(np.ones(DRAWS), np.full(DRAWS, 0.5))
    logit = adoption.governance_logit(0.7, pull, np.full(DRAWS, adoption.CN), adoption.governance_offset(push, 0.2))
    assert logit[0] == pytest.approx(0.7 * (1 + 1 + 1) - 2 * 0.5 * (1 - 0.2) - 2)
    joined = np.mean(rng.random(DRAWS) < adoption.joining_chance(logit))
    assert joined == pytest.approx(1.0 / (1.0 + math.exp(-logit[0])), abs=0.004)


def test_nobody_joins_a_body_nobody_proposes():
    pull, push = adoption.governance_terms(np.ones(3), np.zeros(3))
    logit = adoption.governance_logit(0.0, pull, np.full(3, adoption.CN), adoption.governance_offset(push, 1.0))
    assert np.all(adoption.joining_chance(logit) == 0.0)  # so no uniform draw, even 0, falls below it


@pytest.mark.parametrize("expected", [0.0, 0.3, 2.5, 40.0])
def test_incident_counts_are_poisson(expected):
    uniforms = np.random.default_rng(6).random(20_000)
    counts = np.array([misuse.incident_count(expected, u) for u in uniforms])
    assert counts.mean() == pytest.approx(expected, abs=4 * math.sqrt(max(expected, 0.01) / len(counts)))
    ks = [0, 1, 2, 5, 45]
    np.testing.assert_allclose([np.mean(counts <= k) for k in ks], stats.poisson.cdf(ks, expected), atol=0.015)


def _five_logits_step(chances, hazard, review, v, switching_cost):
    """The forward equation written plainly: from each current stack, the logit of its utilities
    plus that stack's switching bonus, weighted by the chance of weighing from it."""
    bonus = np.eye(5) * switching_cost  # row c: the bonus seen from current stack c
    bonus[adoption.NONE] = 0.0
    bonus[adoption.NONE, adoption.NONE] = -np.inf  # from no stack, staying without is ruled out
    moving = np.full(chances.shape, -math.expm1(-review))
    moving[adoption.NONE] = -np.expm1(-hazard)
    weighing = chances * moving
    arriving = sum(weighing[c] * choice_probabilities(v + bonus[c][:, None, None]) for c in range(5))
    return chances - weighing + arriving


@given(
    seed=st.integers(0, 2**32 - 1),
    spread=st.sampled_from([0.1, 3.0, 30.0]),
    switching_cost=st.floats(0.0, 5.0),
    review_rate=st.floats(0.0, 0.99),
)
def test_expected_step_is_the_five_logits_of_the_forward_equation(seed, spread, switching_cost, review_rate):
    """The fast form (one logit and its five one-weight variants) equals the plain sum over current
    stacks to rounding, also where one stack's utility dwarfs the others' (``spread`` 30: weights
    of e^-60 beside 1), where a difference of near-equal sums would lose every digit."""
    rng = np.random.default_rng(seed)
    chances = np.moveaxis(rng.dirichlet(np.ones(5), size=(3, 7)), -1, 0)  # stacks first
    hazard = rng.uniform(0.0, 2.0, size=(3, 7))
    v = rng.normal(0.0, spread, size=(5, 3, 7))
    review = adoption.review_hazard(review_rate)
    fast = adoption.expected_step(chances, hazard, review, v, adoption.staying_factor(switching_cost))
    plain = _five_logits_step(chances, hazard, review, v, switching_cost)
    np.testing.assert_allclose(fast, plain, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(fast.sum(axis=0), 1.0, rtol=1e-12)


def test_the_switching_bonus_favours_the_current_stack_and_rules_out_staying_without():
    v = np.zeros((5, 3))
    bonused = adoption.with_switching_bonus(v, np.array([adoption.US, adoption.NONE, adoption.HEDGE]), 1.5)
    assert bonused[:, 0].tolist() == [1.5, 0.0, 0.0, 0.0, 0.0]
    assert bonused[:, 1].tolist() == [0.0, 0.0, 0.0, 0.0, -np.inf]
    assert bonused[:, 2].tolist() == [0.0, 0.0, 0.0, 1.5, 0.0]
    assert not v.any()  # the utilities themselves are left alone
