"""The blocs' AI frontiers: each quarter's algorithmic progress of the labs, and what their
capabilities add up to (seeds 002, 003; Ho et al. 2024; Epoch AI's lag in months).

The labs own their compute, methods and choices (``sim.model.agents.firms.FrontierLab``); the
frontier of a bloc is its best lab, the one the rival's labs distil from. What the rest of the model
reads is owned here: each bloc's capability and the gap, the lag in months, the best open release
and whose it is, and the stacks' quality that developing nations weigh.
"""

from __future__ import annotations

from sim.model.agents.firms import FrontierLab
from sim.model.mechanisms import adoption, cooperation, efficiency
from sim.registry.params import Parameters


class Frontier:
    """Both blocs' labs and the capability they reach.

    Attributes:
        labs_us, labs_cn: each bloc's frontier labs, largest first; ``labs`` both.
        capability_us, capability_cn: the best lab's capability (log10 effective compute);
            ``capability_gap`` US minus China; ``history_us``, ``history_cn`` every quarter's.
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
        self.history_us: list[float] = []
        self.history_cn: list[float] = []
        self._lag_back_growth = efficiency.pre_2025_growth_log10(p.efficiency.halving_months)
        self.safety_share = self.mean_safety_share()
        self.update(p)

    def advance(self, p: Parameters, cooperation_level: float, draws: list[float]) -> None:
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
        best_methods = max(lab.log10_methods for lab in self.labs)
        for lab, draw in zip(self.labs, draws, strict=True):
            lab.advance(talent[lab.bloc], best_methods, teacher[lab.bloc], draw)
        self.update(p)

    def update(self, p: Parameters) -> None:
        """Capabilities from the labs' compute, efficiency and safety; the lag, open releases and stack quality."""
        for lab in self.labs:
            lab.capability = efficiency.capability(lab.compute_h100e, lab.log10_efficiency, lab.safety_share)
        self.capability_us = us = max([lab.capability for lab in self.labs_us])
        self.capability_cn = cn = max([lab.capability for lab in self.labs_cn])
        self.capability_gap = us - cn
        self.history_us.append(us)
        self.history_cn.append(cn)
        if us >= cn:
            self.capability_lag_months = efficiency.lag_months(self.history_us, cn, self._lag_back_growth)
        else:
            self.capability_lag_months = -efficiency.lag_months(self.history_cn, us, self._lag_back_growth)
        lag = p.misuse.open_lag_oom
        open_us = max([lab.open_capability(lag) for lab in self.labs_us])
        open_cn = max([lab.open_capability(lag) for lab in self.labs_cn])
        self.open_capability = max(open_us, open_cn)
        self.open_models_chinese = adoption.chinese_open_share(open_cn, open_us, p.adoption.open_origin_scale_oom)
        frontier, span = max(us, cn), p.adoption.quality_span_oom
        self.quality_us = adoption.quality(us, frontier, span)
        self.quality_cn = adoption.quality(cn, frontier, span)
        self.quality_open = adoption.quality(self.open_capability, frontier, span)

    def measure(self) -> None:
        """The quarter's compute stocks, for the outcomes."""
        self.compute_us = sum([lab.compute_h100e for lab in self.labs_us])
        self.compute_cn = sum([lab.compute_h100e for lab in self.labs_cn])

    def mean_safety_share(self) -> float:
        return sum([lab.safety_share for lab in self.labs]) / len(self.labs)

    def distillation_from_us(self, p: Parameters) -> float:
        """The US's injury: how freely Chinese labs distil US models, counted only for labs that gained
        from it this quarter (a lab at its catch-up floor copies nothing), 0 with the mechanism off."""
        if not p.mechanisms.efficiency:
            return 0.0
        labs = self.labs_cn
        return sum(lab.distillation_intensity for lab in labs if lab.distilled_now > 0) / len(labs)


def _best(labs: list[FrontierLab]) -> FrontierLab:
    """The lab of a bloc with the highest capability: its frontier, which the rival's labs distil from."""
    return max(labs, key=lambda lab: lab.capability)
