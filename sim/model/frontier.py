"""The blocs' AI frontiers: each quarter's algorithmic progress of the labs, and what their
capabilities add up to (seeds 002, 003; Ho et al. 2024; Epoch AI's lag in months).

The labs own their compute, methods and choices (``sim.model.agents.firms.FrontierLab``); the
frontier of a bloc is its best lab, the one the rival's labs distil from. What the rest of the model
reads is owned here: each bloc's capability and the gap, the lag in months, the best open release
and whose it is, and the stacks' quality that developing nations weigh.
"""

from __future__ import annotations

import numpy as np

from sim.model.agents.firms import FrontierLab
from sim.model.mechanisms import adoption, cooperation, efficiency
from sim.model.mechanisms.bounds import Values, added
from sim.registry.params import Parameters


class Frontier:
    """Both blocs' labs and the capability they reach.

    Every state value is an array over replications (shape ``(R,)``).

    Attributes:
        labs_us, labs_cn: each bloc's frontier labs, largest first; ``labs`` both.
        capability_us, capability_cn: the best lab's capability (log10 effective compute);
            ``capability_gap`` US minus China; ``history_us``, ``history_cn`` every quarter's
            (quarters x replications).
        capability_lag_months: how long ago the US frontier stood where China's stands now
            (negative, on China's frontier, when China leads).
        compute_us, compute_cn: the blocs' compute stocks (H100e).
        open_capability: the best open release's capability; ``open_models_chinese`` the share of
            open-model use that runs Chinese models.
        quality_us, quality_cn, quality_open: each stack's worth to a nation, in [0, 1].
        safety_share: the labs' mean share of spending on safety.
    """

    def __init__(self, p: Parameters, labs_us: list[FrontierLab], labs_cn: list[FrontierLab]):
        self.labs_us, self.labs_cn, self.labs = labs_us, labs_cn, labs_us + labs_cn
        self._history = np.empty((2, 64, len(labs_us[0].capability)))  # US, China x quarters x replications
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
        talent = {"us": bonus[0], "cn": bonus[1]}
        teacher = {"us": _best(self.labs_cn), "cn": _best(self.labs_us)}  # each lab learns from the rival's best
        best_methods = self.labs[0].log10_methods
        for lab in self.labs[1:]:
            best_methods = np.maximum(best_methods, lab.log10_methods)
        for lab, draw in zip(self.labs, draws, strict=True):
            lab.advance(talent[lab.bloc], best_methods, *teacher[lab.bloc], draw)
        self.update(p)

    def update(self, p: Parameters) -> None:
        """Capabilities from the labs' compute, efficiency and safety; the lag, open releases and stack quality."""
        for lab in self.labs:
            lab.capability = efficiency.capability(lab.compute_h100e, lab.log10_efficiency, lab.safety_share)
        self.capability_us = us = _maximum([lab.capability for lab in self.labs_us])
        self.capability_cn = cn = _maximum([lab.capability for lab in self.labs_cn])
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
        open_us = _maximum([lab.open_capability(lag) for lab in self.labs_us])
        open_cn = _maximum([lab.open_capability(lag) for lab in self.labs_cn])
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
        self.compute_us = added(lab.compute_h100e for lab in self.labs_us)
        self.compute_cn = added(lab.compute_h100e for lab in self.labs_cn)

    def mean_safety_share(self):
        return added(lab.safety_share for lab in self.labs) / len(self.labs)

    def distillation_from_us(self, p: Parameters) -> Values:
        """The US's injury: how freely Chinese labs distil US models, counted only for labs that gained
        from it this quarter (a lab at its catch-up floor copies nothing), 0 with the mechanism off."""
        if not p.mechanisms.efficiency:
            return 0.0
        labs = self.labs_cn  # a lab that gained nothing adds 0.0 (exact: the sum is as if it were left out)
        return added(np.where(lab.distilled_now > 0, lab.distillation_intensity, 0.0) for lab in labs) / len(labs)


def _maximum(values: list[Values]) -> Values:
    """The elementwise maximum of arrays over replications (exact, so its order does not matter)."""
    best = values[0]
    for value in values[1:]:
        best = np.maximum(best, value)
    return best


def _best(labs: list[FrontierLab]) -> tuple[np.ndarray, np.ndarray]:
    """The capability and compute of a bloc's lab with the highest capability, in each replication:
    its frontier, which the rival's labs distil from (the first such lab on a tie, as ``max``)."""
    capability, compute = labs[0].capability, labs[0].compute_h100e
    for lab in labs[1:]:
        better = lab.capability > capability
        capability = np.where(better, lab.capability, capability)
        compute = np.where(better, lab.compute_h100e, compute)
    return capability, compute
