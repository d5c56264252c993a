"""The blocs' AI frontiers: each quarter's algorithmic progress of the labs, and what their
capabilities add up to (seeds 002, 003; Ho et al. 2024; Epoch AI's lag in months).

The labs own their compute, methods and choices (``sim.model.agents.labs.Labs``); the
frontier of a bloc is its best lab, the one the rival's labs distil from. What the rest of the model
reads is owned here: each bloc's capability and the gap, the lag in months, the best open release
and whose it is, and the stacks' quality that developing nations weigh.
"""

from __future__ import annotations

import numpy as np

from sim.model.agents.labs import Labs
from sim.model.mechanisms import adoption, cooperation, efficiency
from sim.model.mechanisms.bounds import Values, added, largest
from sim.registry.params import Parameters


class Frontier:
    """Both blocs' labs and the capability they reach.

    Every state value is an array over replications (shape ``(R,)``).

    Attributes:
        labs_us, labs_cn: each bloc's frontier labs, largest first.
        capability_us, capability_cn: the best lab's capability (log10 effective compute);
            ``capability_gap`` US minus China; ``history_us``, ``history_cn`` every quarter's
            (quarters x replications).
        capability_lag_months: how long ago the US frontier stood where China's stands now
            (negative, on China's frontier, when China leads).
        compute_us, compute_cn: the blocs' compute stocks (H100e).
        open_capability: the best open release's capability; ``open_models_chinese`` the share of
            open-model use that runs Chinese models.
        quality_us, quality_cn, quality_open: each stack's worth to a nation, in [0, 1].
        safety_share: the labs' mean share of spending on safety (as many labs in each bloc).
    """

    def __init__(self, p: Parameters, labs_us: Labs, labs_cn: Labs):
        self.labs_us, self.labs_cn = labs_us, labs_cn
        self._history = np.empty((2, 64, labs_us.capability.shape[1]))  # US, China x quarters x replications
        self._quarters = 0
        self._lag_back_growth = efficiency.pre_2025_growth_log10(p.efficiency.halving_months)
        self.safety_share = self.mean_safety_share()
        self.update(p)

    def advance(self, p: Parameters, cooperation_level: Values, draws: np.ndarray) -> None:
        """A quarter of algorithmic progress: each lab advances its methods, sped by talent pooled
        through cooperation, and distils from the rival's best lab; capabilities follow."""
        bonus = (
            cooperation.talent_bonus(
                cooperation_level, p.cooperation.talent_share_chinese, p.cooperation.talent_pooling_gain
            )
            if p.mechanisms.cooperation
            else (0.0, 0.0)
        )
        us, cn = self.labs_us, self.labs_cn
        teacher_us, teacher_cn = cn.best(), us.best()  # each lab learns from the rival's best
        best_methods = np.maximum(largest(us.log10_methods), largest(cn.log10_methods))
        us.advance(bonus[0], best_methods, *teacher_us, draws[: len(us)])
        cn.advance(bonus[1], best_methods, *teacher_cn, draws[len(us) :])
        self.update(p)

    def update(self, p: Parameters) -> None:
        """Capabilities from the labs' compute, efficiency and safety; the lag, open releases and stack quality."""
        self.labs_us.update_capability()
        self.labs_cn.update_capability()
        self.capability_us = us = largest(self.labs_us.capability)
        self.capability_cn = cn = largest(self.labs_cn.capability)
        self.capability_gap = us - cn
        self._record(us, cn)
        us_leads = us >= cn
        if us_leads.all():
            self.capability_lag_months = efficiency.lag_months(self.history_us, cn, self._lag_back_growth)
        elif not us_leads.any():
            self.capability_lag_months = -efficiency.lag_months(self.history_cn, us, self._lag_back_growth)
        else:  # replications differ in who leads: each gets its own
            self.capability_lag_months = np.where(
                us_leads,
                efficiency.lag_months(self.history_us, cn, self._lag_back_growth),
                -efficiency.lag_months(self.history_cn, us, self._lag_back_growth),
            )
        lag = p.misuse.open_lag_oom
        open_us = largest(self.labs_us.open_capability(lag))
        open_cn = largest(self.labs_cn.open_capability(lag))
        self.open_capability = np.maximum(open_us, open_cn)
        self.open_models_chinese = adoption.chinese_open_share(open_cn, open_us, p.adoption.open_origin_scale_oom)
        frontier, span = np.maximum(us, cn), p.adoption.quality_span_oom
        self.quality_us = adoption.quality(us, frontier, span)
        self.quality_cn = adoption.quality(cn, frontier, span)
        self.quality_open = adoption.quality(self.open_capability, frontier, span)

    def _record(self, us: np.ndarray, cn: np.ndarray) -> None:
        if self._quarters == self._history.shape[1]:  # a model stepped past its buffer: double it
            self._history = np.concatenate([self._history, np.empty_like(self._history)], axis=1)
        self._history[0, self._quarters], self._history[1, self._quarters] = us, cn
        self._quarters += 1

    @property
    def history_us(self) -> np.ndarray:
        return self._history[0, : self._quarters]

    @property
    def history_cn(self) -> np.ndarray:
        return self._history[1, : self._quarters]

    def measure(self) -> None:
        """The quarter's compute stocks, for the outcomes."""
        self.compute_us = self.labs_us.total_compute()
        self.compute_cn = self.labs_cn.total_compute()

    def mean_safety_share(self) -> Values:
        """The labs' mean safety share: each bloc's labs choose alike, and the blocs have as many labs."""
        return 0.5 * (self.labs_us.safety_share + self.labs_cn.safety_share)

    def distillation_from_us(self, p: Parameters) -> Values:
        """The US's injury: how freely Chinese labs distil US models, counted only for labs that gained
        from it this quarter (a lab at its catch-up floor copies nothing), 0 with the mechanism off."""
        if not p.mechanisms.efficiency:
            return 0.0
        labs = self.labs_cn  # a lab that gained nothing adds 0.0 (exact: the sum is as if it were left out)
        return added(np.where(labs.distilled_now > 0, labs.distillation_intensity, 0.0)) / len(labs)
