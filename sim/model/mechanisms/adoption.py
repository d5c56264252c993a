"""Diffusion and adoption of AI stacks by developing nations (seeds 001, 003).

*When* a nation moves follows the Generalized Bass model (Bass 1969; Sultan, Farley and Lehmann
1990; Bass, Krishnan and Jain 1994): a nation without a stack adopts one with a quarterly hazard
``(p + q F) / 4`` (F the share of nations that have adopted), scaled by its public sentiment and by
its readiness, which rises with the ties others build there (financing, data centres, networks:
seed 001). An adopter reconsiders at ``review_rate``. *What* it picks is a multinomial logit over
the stacks, with a switching-cost bonus on its current stack. Utilities carry the articles' pulls
and respond to the race: quality (capability relative to the frontier), price over income (seed
003: "accessible and affordable"; the Chinese stack gets cheaper with state support and as China's
own chips get cheaper), availability (US limits on chip exports to non-allies), Chinese-built
infrastructure (seed 001: "A country that uses networks built by China ... will naturally embrace
Chinese AI technologies"), US partnership packages (seed 001: financing and model access) and,
weakly, promotion (seed 001: "Relying solely on sales and promotional activities ... simply cannot
drive rapid adoption"), security alignment, local-language adaptation, membership of China's
governance body, and data-security concern (seed 003).

Each nation's pick is a draw (its realised stack). Beside it the mechanism carries the chance that
the nation is on each stack, updated each quarter by the same hazards and choice probabilities
(the forward equation of the nation's Markov chain, given the world as it unfolds): weighting those
chances by population gives adoption shares that do not hang on whether one large nation happens to
flip in a given run.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from sim.model.mechanisms.bounds import Values, clip, largest, power

STACKS = ("us", "cn", "open", "hedge", "none")
US, CN, OPEN, HEDGE, NONE = range(len(STACKS))
USES_CN = np.array([0.0, 1.0, 0.0, 1.0, 0.0])  # by stack: does the nation run the Chinese stack (alone or hedged)?
REFERENCE_INCOME_USD = 5_000.0


class Weights(NamedTuple):
    capability: float
    price: float
    infrastructure: float
    financing: float
    promotion: float
    security: float
    data_security: float
    language: float
    availability: float
    governance_member: float
    hedge_autonomy: float
    hedge_cost: float


class Quarter(NamedTuple):
    """What every nation sees this quarter, the same for all: stack qualities, prices, policies."""

    quality_us: Values
    quality_cn: Values
    quality_open: Values
    price_cn: Values
    promotion_us: Values
    diffusion_limits: Values


def quality(capability: Values, frontier: Values, span_oom: Values) -> Values:
    """A stack's worth in [0, 1]: 1 at the frontier, 0 at ``span_oom`` behind it."""
    return clip(1.0 - (frontier - capability) / span_oom)


def chinese_price(
    base: Values,
    subsidy: Values,
    subsidy_cut: Values,
    self_sufficiency: Values,
    initial_self_sufficiency: Values,
    compute_share: Values,
) -> Values:
    """The Chinese stack's relative price: cut by state support for Chinese models (seed 003:
    "state-supported, and cost-effective"), and falling as China's own chips get cheaper."""
    usable = np.asarray(self_sufficiency) > 0
    cheaper = initial_self_sufficiency / np.where(usable, self_sufficiency, 1.0)
    chips = np.where(usable, power(cheaper, compute_share), 1.0)
    return base * (1.0 - subsidy_cut * subsidy) * chips


def chinese_open_share(open_cn: Values, open_us: Values, scale_oom: Values) -> Values:
    """Share of open-model use that runs Chinese models: logistic in how far the best Chinese open
    release is ahead of the best American one, so that it shifts smoothly as they pass each other."""
    return 1.0 / (1.0 + np.exp(-(open_cn - open_us) / scale_oom))


def price_burden(gdp_per_capita_usd: np.ndarray, price_weight: Values) -> np.ndarray:
    """Utility lost per unit of relative price: heavier for poorer nations."""
    return np.sqrt(REFERENCE_INCOME_USD / gdp_per_capita_usd) * price_weight


def static_utilities(
    burden: np.ndarray,
    us_security_tie: np.ndarray,
    data_protection_law: np.ndarray,
    local_language_need: np.ndarray,
    price_us: Values,
    price_open: Values,
    w: Weights,
) -> np.ndarray:
    """The part of each nation's utility for each stack that never changes: shape (stacks, nations).

    Price over income (US and open stacks), security alignment with the US, local-language
    adaptation (Chinese and open stacks) and data-security concern (Chinese stack). The hedge is
    built from the US and Chinese columns each quarter.
    """
    language = w.language * local_language_need
    rows = {
        US: w.security * us_security_tie - burden * price_us,
        CN: language - w.data_security * data_protection_law,
        OPEN: language - burden * price_open,
    }
    # (stacks, nations), or (stacks, replications, nations) for assumptions by replication
    v = np.zeros((len(STACKS), *np.broadcast_shapes(*(np.shape(row) for row in rows.values()))))
    for stack, row in rows.items():
        v[stack] = row
    return v


def utilities(
    static: np.ndarray,
    burden: np.ndarray,
    us_partnership: np.ndarray,
    cn_infrastructure: np.ndarray,
    not_allied: np.ndarray,
    member: np.ndarray,
    q: Quarter,
    w: Weights,
) -> np.ndarray:
    """Every nation's utility for every stack this quarter: shape (stacks, nations), or
    (stacks, replications, nations) for ties and membership over replications (then each field of
    ``q`` is a number or a column of shape (replications, 1)). The stacks axis comes first, so each
    stack's utilities are one contiguous block (see ``expected_step``)."""
    shape = np.broadcast_shapes(np.shape(us_partnership), np.shape(cn_infrastructure), np.shape(member))
    v = np.empty((len(STACKS), *shape))
    v[...] = static.reshape(len(STACKS), *(1,) * (v.ndim - static.ndim), *static.shape[1:])
    v[US] += (
        w.financing * us_partnership
        + w.capability * q.quality_us
        + w.promotion * q.promotion_us
        - w.availability * q.diffusion_limits * not_allied
    )
    v[CN] += (
        w.infrastructure * cn_infrastructure
        + w.capability * q.quality_cn
        - burden * q.price_cn
        + w.governance_member * member
    )
    v[OPEN] += w.capability * q.quality_open
    v[HEDGE] = 0.5 * (v[US] + v[CN]) + w.hedge_autonomy - w.hedge_cost
    return v


def with_switching_bonus(v: np.ndarray, stacks: np.ndarray, switching_cost: Values) -> np.ndarray:
    """Utilities ``v`` (stacks x nations) plus each nation's switching bonus: ``switching_cost`` on
    its current stack (``stacks``, one per nation). A nation without a stack that weighs one is
    adopting (the Bass event), so staying without is ruled out (minus infinity); an adopter under
    review may drop AI."""
    bonused = v.copy()
    bonused[stacks, np.arange(len(stacks))] += np.where(stacks == NONE, -np.inf, switching_cost)
    return bonused


def staying_factor(switching_cost: Values) -> Values:
    """``exp(switching_cost)``: the switching bonus as a factor on the logit weight of a nation's
    current stack (taken once: the bonus never changes during a run). At least 1, as the registry
    keeps ``switching_cost`` at 0 or more, which ``expected_step`` relies on."""
    return float(np.exp(switching_cost)) if np.ndim(switching_cost) == 0 else np.exp(switching_cost)


def choose(v: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Each nation's pick from the multinomial logit of utilities ``v`` (stacks first), given one
    uniform draw in [0, 1) per nation: the stack in whose slice of the cumulative logit weights the
    draw falls (inverse CDF), in ``STACKS`` order. One draw a pick, where the Gumbel-max rule took
    one per stack (issue 25). A stack of weight zero (utility minus infinity) has an empty slice and
    is never picked; the draw times the total stays below the total, so a pick is always a stack."""
    weights = np.exp(v - largest(v))
    cumulative = np.cumsum(weights, axis=0)
    return (cumulative <= uniform * cumulative[-1]).sum(axis=0)


def adoption_hazard(
    innovation_p: Values, imitation_q: Values, adopted_share: Values, speed: np.ndarray, readiness: np.ndarray
) -> np.ndarray:
    """Each nation's quarterly hazard of adopting a stack: the yearly Bass hazard a quarter, scaled
    by its sentiment speed and its readiness (``readiness``)."""
    return (innovation_p + imitation_q * adopted_share) / 4.0 * speed * readiness


def readiness(us_partnership: np.ndarray, cn_infrastructure: np.ndarray, gain: Values) -> np.ndarray:
    """Generalized Bass model (Bass, Krishnan and Jain 1994): the ties built in a nation multiply
    its adoption hazard by ``1 + gain x (partnership + infrastructure)``."""
    return 1.0 + gain * (us_partnership + cn_infrastructure)


def review_hazard(review_rate: Values) -> Values:
    """The hazard at which an adopter reconsiders with probability ``review_rate`` a quarter (a
    number, or one per replication)."""
    if np.ndim(review_rate) == 0:
        return float(-np.log1p(-review_rate)) if review_rate < 1.0 else float("inf")
    with np.errstate(divide="ignore"):
        return -np.log1p(-review_rate)


def realised_step(
    stacks: np.ndarray,
    timing: np.ndarray,
    hazard: np.ndarray,
    review: Values,
    v: np.ndarray,
    switching_cost: Values,
    uniform: np.ndarray,
) -> np.ndarray:
    """Each nation's stack after this quarter. A nation weighs its stack when its standard
    exponential draw ``timing`` falls below its hazard (adopting ``hazard`` if it has none, else
    ``review``), and then picks by the logit with the switching bonus of its current stack
    (``with_switching_bonus``) by its uniform draw ``uniform`` (``choose``). ``v`` is stacks first.

    Only the nations that weigh are picked for: a few in a hundred a quarter, so their utilities
    and draws are gathered first (stacks x weighing nations) rather than every nation's picked and
    most thrown away."""
    weighing = np.nonzero(timing < np.where(stacks == NONE, hazard, review))
    picked = stacks.copy()
    utilities = v[(slice(None), *weighing)]  # type: ignore[arg-type]  # numpy's stubs reject a slice beside index arrays
    cost = switching_cost if np.ndim(switching_cost) == 0 else np.broadcast_to(switching_cost, stacks.shape)[weighing]
    bonused = with_switching_bonus(utilities, stacks[weighing], cost)
    picked[weighing] = choose(bonused, uniform[weighing])
    return picked


def expected_step(chances: np.ndarray, hazard: np.ndarray, review: Values, v: np.ndarray, stay: Values) -> np.ndarray:
    """Each nation's chance of being on each stack after this quarter, from the same hazards and
    choice probabilities that ``realised_step`` samples: shape (stacks, ..., nations), stacks first
    as ``v``. ``stay`` is ``exp(switching_cost)`` (``staying_factor``).

    A nation weighing from current stack c picks k with the logit weights ``e_k`` (``exp`` of its
    utilities), its own stack's weighted by ``stay`` and, from no stack, none ruled out
    (``with_switching_bonus``). Those five choice rows differ from one another in one weight each,
    so the chance arriving on k is ``e_k (A + (stay - 1) w_k / S_k)``, with ``w_c`` the chance
    weighing from c, ``S_c`` row c's sum of weights and ``A = sum_c w_c / S_c``: a few passes over
    the arrays where five logits took thirty (issue 25). With ``stay`` at least 1, every sum adds
    positive terms: each leaves out the stack none, and none's arrivals are ``e_none`` times the
    other rows' part of ``A`` (no difference of near-equal sums; ``tests/model/
    test_adoption_sampling.py`` checks it against the five logits where one weight dwarfs the rest).
    The stacks axis is first so that every sum over stacks adds whole contiguous blocks: numpy
    reduces a short last axis one row at a time, ten times slower.
    """
    weighing = chances * -np.expm1(-review)
    weighing[NONE] = chances[NONE] * -np.expm1(-hazard)
    e = np.exp(v - largest(v))
    stacks, none = e[:NONE], e[NONE]
    others = _sum_but_none(e)  # S_none: from no stack, staying without is ruled out
    ratio = np.empty_like(e)  # w_c / S_c, with S_c = S + (stay - 1) e_c for a stack c
    np.multiply(stacks, stay - 1.0, out=ratio[:NONE])
    ratio[:NONE] += others + none
    np.divide(weighing[:NONE], ratio[:NONE], out=ratio[:NONE])
    np.divide(weighing[NONE], others, out=ratio[NONE])
    from_stacks = _sum_but_none(ratio)  # sum over c of w_c / S_c, none's term apart
    arriving = np.empty_like(e)
    np.multiply(ratio[:NONE], stay - 1.0, out=arriving[:NONE])
    arriving[:NONE] += from_stacks + ratio[NONE]
    arriving[:NONE] *= stacks
    np.multiply(none, from_stacks, out=arriving[NONE])
    arriving -= weighing
    arriving += chances
    return arriving


def _sum_but_none(a: np.ndarray) -> np.ndarray:
    """The sum over the stacks axis (the first) of every stack but none, the blocks added in order."""
    total = a[0] + a[1]
    for k in range(2, NONE):
        total += a[k]
    return total


def population_shares(stacks: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of each stack, weighted (population weights summing to 1, or equal weights): shape
    (stacks,), or (stacks, replications) for stacks over replications (nations on the last axis)."""
    on = stacks == np.arange(len(STACKS)).reshape(-1, *(1,) * stacks.ndim)  # stacks first
    return (on * weight).sum(axis=-1)  # each row summed as ``stack_share`` sums it


def stack_share(stacks: np.ndarray, weight: np.ndarray, stack: int) -> np.ndarray:
    """Share of one stack, weighted: one per replication (nations on the last axis)."""
    return ((stacks == stack) * weight).sum(axis=-1)


def invest_in_ties(
    tie: np.ndarray, spend_usd, cost_per_tie_usd: Values, target: np.ndarray, target_max: Values
) -> None:
    """Raise ties toward 1 in place: ``spend / cost`` full ties' worth, spread in proportion to
    ``target x (1 - tie)``, each saturating at 1 (``target_max`` is ``target.max()``). ``tie`` may
    hold one row per replication (nations on the last axis), with ``spend_usd`` one per replication."""
    room = 1.0 - tie
    room *= target
    total = room.sum(axis=-1)
    spending = (np.asarray(spend_usd) > 0) & (total > 0)
    if not spending.any():
        return
    scale = np.where(spending, spend_usd / cost_per_tie_usd / np.where(spending, total, 1.0), 0.0)
    room *= scale[..., None]
    tie += room
    saturating = scale * target_max > 1.0  # a tie rises by scale x target x (1 - tie): past 1 only then
    if saturating.any():
        np.minimum(tie, 1.0, out=tie, where=saturating[..., None])


def governance_terms(bri_member: np.ndarray, us_security_tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fixed per-nation parts of ``governance_logit``: the pull of a proposal (1 + Belt and
    Road membership) and the push of a US security tie (2 x tie)."""
    return 1.0 + bri_member, 2.0 * us_security_tie


def governance_offset(push: np.ndarray, us_stance: Values) -> np.ndarray:
    """The part of ``governance_logit`` that does not depend on China's proposal or the stacks:
    ``2 x tie_us x (1 - US stance) + 2``; it changes only when the US stance does."""
    return push * (1.0 - us_stance) + 2.0


def governance_logit(proposal: Values, pull: np.ndarray, stacks: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Log-odds that a nation weighing it joins China's proposed governance body (seed 000):
    ``proposal x (1 + bri + uses Chinese stack) - 2 x tie_us x (1 - US stance) - 2``, with
    ``pull`` from ``governance_terms`` and ``offset`` from ``governance_offset``.

    China's promotion, Belt and Road ties and use of the Chinese stack pull toward joining; a
    security tie to a US that rejects the body (seed 000: "the U.S. has rejected China's
    proposals for new global AI bodies") pulls away. With no proposal, nobody joins.
    """
    logit = pull + USES_CN[stacks]
    logit *= proposal
    logit -= offset
    return np.where(np.asarray(proposal) > 0, logit, -np.inf)


def joining_chance(logit: np.ndarray) -> np.ndarray:
    """The chance of joining, the logistic function of ``governance_logit``: a nation weighing the
    body joins when its uniform draw falls below it (none joins at minus infinity)."""
    with np.errstate(over="ignore"):  # a very negative log-odds is a chance of 0
        return 1.0 / (1.0 + np.exp(-logit))
