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
USES_CN = np.array([0.0, 1.0, 0.0, 1.0, 0.0])  # by stack: does the nation run the Chinese stack (alone or hedged)?
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


def quality_utilities(quality_us: float, quality_cn: float, quality_open: float, promotion_us: float,
                      w: Weights) -> list[float]:
    """The part of this quarter's utilities that is the same for every nation, one per stack: stack
    quality, and US promotion."""
    us = w.capability * quality_us + w.promotion * promotion_us
    cn = w.capability * quality_cn
    return [us, cn, w.capability * quality_open, 0.5 * (us + cn), 0.0]


def tie_utilities(w: Weights) -> np.ndarray:
    """Utility per unit of tie, shape (2, stacks): ``ties.T @ tie_utilities(w)`` adds US
    partnership (row 0 of ``ties``) to the US stack and Chinese infrastructure (row 1) to the
    Chinese stack, and half of each to the hedge."""
    table = np.zeros((2, len(STACKS)))
    table[0, US], table[1, CN] = w.financing, w.infrastructure
    table[:, HEDGE] = 0.5 * table[:, US] + 0.5 * table[:, CN]
    return table


def switching_bonus(switching_cost: float) -> np.ndarray:
    """Utility bonus by current stack, shape (stacks, stacks): row s adds ``switching_cost`` to
    stack s. A nation without a stack that weighs one is adopting (the Bass event), so row ``none``
    rules out staying without; an adopter under review may drop AI."""
    table = np.eye(len(STACKS)) * switching_cost
    table[NONE] = 0.0
    table[NONE, NONE] = -np.inf
    return table


def choice_probabilities(v: np.ndarray) -> np.ndarray:
    """Multinomial logit probabilities of utilities ``v`` (nations x stacks); what ``choose`` samples."""
    e = np.exp(v - v.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def choose(v: np.ndarray, gumbel: np.ndarray) -> np.ndarray:
    """Each nation's pick from the multinomial logit of utilities ``v``, given standard Gumbel draws
    of the same shape (the Gumbel-max rule: the argmax of utility plus Gumbel noise is a draw from
    the logit, without computing its probabilities)."""
    return (v + gumbel).argmax(axis=1)


def bass_hazards(innovation_p: float, imitation_q: float, speed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each nation's quarterly Bass hazard as ``a + b F`` (F the share of nations that have adopted):
    returns (a, b), the yearly coefficients a quarter, scaled by the nation's sentiment speed."""
    return innovation_p / 4.0 * speed, imitation_q / 4.0 * speed


def review_hazard(review_rate: float) -> float:
    """The hazard at which an adopter reconsiders with probability ``review_rate`` a quarter."""
    return float(-np.log1p(-review_rate)) if review_rate < 1.0 else float("inf")


def adoption_thresholds(exponential: np.ndarray, hazard_a: np.ndarray, hazard_b: np.ndarray) -> np.ndarray:
    """For each draw of a nation without a stack, the adopted share F above which it weighs one.

    The nation weighs when its standard exponential draw falls below its Bass hazard ``a + b F``,
    which happens with probability ``1 - exp(-(p + q F) / 4 x speed)``: that is when F exceeds
    ``(draw - a) / b``. With no imitation (b = 0) the threshold is minus infinity if ``a`` alone
    exceeds the draw and infinity otherwise. Thresholds turn each quarter's test into one comparison.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        thresholds = (exponential - hazard_a) / hazard_b
    return np.where(hazard_b > 0, thresholds, np.where(exponential < hazard_a, -np.inf, np.inf))


def weighing(stacks: np.ndarray, adopted_share: float, thresholds: np.ndarray, reviews: np.ndarray) -> np.ndarray:
    """Which nations weigh their stack this quarter: a nation without a stack when the adopted share
    passes its threshold (``adoption_thresholds``), an adopter when it ``reviews`` (its draw fell
    below ``review_hazard``, which happens with probability ``review_rate``)."""
    return np.where(stacks == NONE, thresholds < adopted_share, reviews)


def population_shares(stacks: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of each stack, weighted (population weights summing to 1, or equal weights)."""
    return np.bincount(stacks, weights=weight, minlength=len(STACKS))


def invest_in_ties(tie: np.ndarray, spend_usd: float, cost_per_tie_usd: float, target: np.ndarray,
                   target_max: float) -> None:
    """Raise ties toward 1 in place: ``spend / cost`` full ties' worth, spread in proportion to
    ``target x (1 - tie)``, each saturating at 1 (``target_max`` is ``target.max()``)."""
    room = 1.0 - tie
    room *= target
    total = room.sum()
    if spend_usd <= 0 or total <= 0:
        return
    scale = spend_usd / cost_per_tie_usd / total
    room *= scale
    tie += room
    if scale * target_max > 1.0:  # a tie rises by scale x target x (1 - tie): past 1 only then
        np.minimum(tie, 1.0, out=tie)


def governance_terms(bri_member: np.ndarray, us_security_tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The fixed per-nation parts of ``governance_logit``: the pull of a proposal (1 + Belt and
    Road membership) and the push of a US security tie (2 x tie)."""
    return 1.0 + bri_member, 2.0 * us_security_tie


def governance_offset(push: np.ndarray, us_stance: float) -> np.ndarray:
    """The part of ``governance_logit`` that does not depend on China's proposal or the stacks:
    ``2 x tie_us x (1 - US stance) + 2``; it changes only when the US stance does."""
    return push * (1.0 - us_stance) + 2.0


def governance_logit(proposal: float, pull: np.ndarray, stacks: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Log-odds that a nation weighing it joins China's proposed governance body (seed 000):
    ``proposal x (1 + bri + uses Chinese stack) - 2 x tie_us x (1 - US stance) - 2``, with
    ``pull`` from ``governance_terms`` and ``offset`` from ``governance_offset``.

    China's promotion, Belt and Road ties and use of the Chinese stack pull toward joining; a
    security tie to a US that rejects the body (seed 000: "the U.S. has rejected China's
    proposals for new global AI bodies") pulls away. With no proposal, nobody joins.
    """
    if proposal <= 0:
        return np.full(len(stacks), -np.inf)
    logit = pull + USES_CN[stacks]
    logit *= proposal
    logit -= offset
    return logit
