"""Diffusion and adoption of AI stacks by developing nations (seeds 001, 003).

*When* a nation moves follows Bass diffusion (Sultan, Farley and Lehmann 1990): a nation without a
stack considers adopting with a quarterly hazard ``(p + q F) / 4`` scaled by its public sentiment,
where F is the share of nations that have adopted; an adopter reconsiders at ``review_rate``.
*What* it picks is a multinomial logit over the stacks, with a switching-cost bonus on its current
stack. Utilities carry the articles' pulls: quality (capability relative to the frontier), price
over income (seed 003: "accessible and affordable"), Chinese-built infrastructure (seed 001: "A
country that uses networks built by China ... will naturally embrace Chinese AI technologies"), US
partnership packages (seed 001: financing and model access) and, weakly, promotion (seed 001:
"Relying solely on sales and promotional activities ... simply cannot drive rapid adoption"),
security alignment, local-language adaptation, and data-security concern (seed 003).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

STACKS = ("us", "cn", "open", "hedge", "none")
US, CN, OPEN, HEDGE, NONE = range(len(STACKS))
REFERENCE_INCOME_USD = 5_000.0


class Prices(NamedTuple):
    """Relative price of each stack (the hedge pays the mean of the US and Chinese stacks)."""

    us: float
    cn: float
    open: float


class Weights(NamedTuple):
    capability: float
    price: float
    infrastructure: float
    financing: float
    promotion: float
    security: float
    data_security: float
    language: float
    hedge_autonomy: float
    hedge_cost: float


def quality(capability: float, frontier: float, span_oom: float) -> float:
    """A stack's worth in [0, 1]: 1 at the frontier, 0 at ``span_oom`` behind it."""
    return min(max(1.0 - (frontier - capability) / span_oom, 0.0), 1.0)


def static_utilities(
    gdp_per_capita_usd: np.ndarray,
    us_security_tie: np.ndarray,
    data_protection_law: np.ndarray,
    local_language_need: np.ndarray,
    prices: Prices,
    w: Weights,
) -> np.ndarray:
    """The part of each nation's utility for each stack that never changes: shape (nations, stacks).

    Price over income, security alignment with the US, local-language adaptation (Chinese and open
    stacks), data-security concern (Chinese stack), and the hedge's autonomy bonus less its cost.
    """
    burden = np.sqrt(REFERENCE_INCOME_USD / gdp_per_capita_usd) * w.price
    language = w.language * local_language_need
    v = np.zeros((len(burden), len(STACKS)))
    v[:, US] = w.security * us_security_tie - burden * prices.us
    v[:, CN] = language - w.data_security * data_protection_law - burden * prices.cn
    v[:, OPEN] = language - burden * prices.open
    v[:, HEDGE] = 0.5 * (v[:, US] + v[:, CN]) + w.hedge_autonomy - w.hedge_cost
    return v


def utilities(
    static: np.ndarray,
    quality_us: float,
    quality_cn: float,
    quality_open: float,
    promotion_us: float,
    us_partnership: np.ndarray,
    cn_infrastructure: np.ndarray,
    w: Weights,
) -> np.ndarray:
    """This quarter's logit utilities: the static part, stack quality and promotion (the same for
    every nation), US partnership packages and Chinese-built infrastructure (per nation)."""
    us = w.capability * quality_us + w.promotion * promotion_us
    cn = w.capability * quality_cn
    v = static + np.array([us, cn, w.capability * quality_open, 0.5 * (us + cn), 0.0])
    financing = w.financing * us_partnership
    infrastructure = w.infrastructure * cn_infrastructure
    v[:, US] += financing
    v[:, CN] += infrastructure
    v[:, HEDGE] += 0.5 * (financing + infrastructure)
    return v


def choice_probabilities(v: np.ndarray, current: np.ndarray, switching_cost: float) -> np.ndarray:
    """Multinomial logit probabilities with a switching-cost bonus on the current stack.

    A nation without a stack that weighs one is adopting (the Bass event), so it picks among the
    four stacks; an adopter under review may also drop AI ("none").
    """
    v = v.copy()
    v[np.arange(len(current)), current] += switching_cost
    v[current == NONE, NONE] = -np.inf
    v -= v.max(axis=1, keepdims=True)
    e = np.exp(v)
    return e / e.sum(axis=1, keepdims=True)


def consider_probability(
    current: np.ndarray,
    adopted_share: float,
    p_per_year: float,
    q_per_year: float,
    review_rate: float,
    speed: np.ndarray,
) -> np.ndarray:
    """Chance each nation weighs its stack this quarter: Bass hazard for non-adopters, review otherwise."""
    bass = 1.0 - np.exp(-(p_per_year + q_per_year * adopted_share) / 4.0 * speed)
    return np.where(current == NONE, bass, review_rate)


def choose(probabilities: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """Draw one stack per nation by inverse CDF from one uniform draw each."""
    cumulative = np.cumsum(probabilities, axis=1)
    picks = (cumulative < uniform[:, None]).sum(axis=1)
    return np.minimum(picks, len(STACKS) - 1).astype(np.int8)


def step_choices(
    current: np.ndarray,
    consider: np.ndarray,
    switching_cost: float,
    rng: np.random.Generator,
    utilities_of,
) -> np.ndarray:
    """New stacks: nations that consider draw from the logit; the rest keep theirs.

    ``utilities_of(index)`` gives the utilities of the nations at ``index`` only, so a quarter in
    which few nations weigh their stack costs little, however many nations there are.
    """
    draws = rng.random((2, len(current)))
    weighing = np.flatnonzero(draws[0] < consider)
    if weighing.size == 0:
        return current
    picked = choose(choice_probabilities(utilities_of(weighing), current[weighing], switching_cost), draws[1, weighing])
    stacks = current.copy()
    stacks[weighing] = picked
    return stacks


def population_shares(stacks: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of each stack, weighted (population weights summing to 1, or equal weights)."""
    return np.bincount(stacks, weights=weight, minlength=len(STACKS))


def spread_investment(tie: np.ndarray, spend_usd: float, cost_per_tie_usd: float, target: np.ndarray) -> np.ndarray:
    """Raise ties toward 1, spending in proportion to ``target`` weights (saturating at 1)."""
    room = target * (1.0 - tie)
    total = room.sum()
    if spend_usd <= 0 or total <= 0:
        return tie
    return np.minimum(tie + (spend_usd / cost_per_tie_usd) * room / total, 1.0)


def governance_appeal(
    proposal: float, bri_member: np.ndarray, stacks: np.ndarray, us_security_tie: np.ndarray, us_stance: float
) -> np.ndarray:
    """Probability a nation weighing it joins China's proposed governance body (seed 000).

    China's promotion, Belt and Road ties and use of the Chinese stack pull toward joining; a
    security tie to a US that rejects the body (seed 000: "the U.S. has rejected China's
    proposals for new global AI bodies") pulls away.
    """
    uses_cn = (stacks == CN) | (stacks == HEDGE)
    u = proposal * (1.0 + bri_member + uses_cn) - 2.0 * us_security_tie * (1.0 - us_stance) - 2.0
    return 1.0 / (1.0 + np.exp(-u)) * (proposal > 0)
