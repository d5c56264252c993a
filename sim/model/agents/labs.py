"""Frontier labs: each bloc's labs as one set of arrays that owns their state and choices, and one
Mesa agent per lab that views it (seeds 000, 002, 003; Ho et al. 2024).

Labs hold the compute and algorithms that make capability, and each quarter choose their safety
share (racing), R&D share, how openly they release, and how hard they distil from a stronger rival.
Every lab of a bloc sees the same tension and the same policies, so the bloc's labs choose alike:
each choice is one value for the bloc. What differs between labs is their budget share, compute,
methods and draws: state arrays with the labs first (labs x replications, each lab's row one
contiguous block), so a quarter of all a bloc's labs is a few numpy operations however many labs
there are, as the nations' is (issue 25).
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.agentset import AgentSet

from sim.model.agents.firms import Firm
from sim.model.mechanisms import efficiency, safety
from sim.model.mechanisms.bounds import Values, added
from sim.registry.groups import CnParameters, UsParameters
from sim.registry.params import Parameters

MAX_RD_SHARE = 0.9  # a lab always buys some compute


class Labs:
    """A bloc's frontier labs, largest first, in every replication of the model at once.

    Attributes:
        bloc: ``us`` or ``cn``.
        budget_share: each lab's share of the bloc's AI investment (rank-size, fixed).
        compute_h100e: compute stocks, H100-equivalents (labs x replications, as every state below).
        log10_methods: algorithmic efficiency from a lab's own and published methods (log10; US labs
            start at 0): what spills over to other labs.
        log10_distilled: efficiency gained by distilling a rival's models (log10): a lab's own,
            since what it copied from a rival is nothing new for the rival to learn back;
            ``distilled_now`` this quarter's.
        capability: log10 of effective compute spent on capability.
        safety_share, rd_share, openness, distillation_intensity: the bloc's labs' choices this
            quarter, in [0, 1] (a number, or one per replication).
        assumptions, rd_share_base, distils: the efficiency assumptions, the usual R&D share and
            whether distillation is on (``p.efficiency``, ``p.firms.rd_share_base``,
            ``p.mechanisms.efficiency``), fixed for the run (the registry's ``mid_run``).
        agents: one ``FrontierLab`` view per lab.
    """

    def __init__(
        self, model: mesa.Model, bloc: str, shares: np.ndarray, bloc_stock_h100e: Values, log10_efficiency: Values
    ):
        """``shares`` are the labs' budget shares (largest first); each lab starts with its share of
        the bloc's compute stock and with the bloc's algorithmic efficiency."""
        p, replications = model.p, model.replications
        firms = p.firms
        self.bloc = bloc
        self.assumptions, self.rd_share_base, self.distils = p.efficiency, firms.rd_share_base, p.mechanisms.efficiency
        self.budget_share = shares
        shape = (len(shares), replications)
        self.compute_h100e = np.empty(shape)
        self.compute_h100e[...] = np.asarray(bloc_stock_h100e) * shares[:, None]
        self.log10_methods = np.full(shape, log10_efficiency)
        self.log10_distilled = np.zeros(shape)
        self.distilled_now = np.zeros(shape)
        self.capability = np.zeros(shape)
        self.safety_share = firms.safety_share_base
        self.rd_share = firms.rd_share_base
        self.openness = firms.open_release_us if bloc == "us" else firms.open_release_cn
        self.distillation_intensity = 0.0
        self.agents = AgentSet([FrontierLab(model, self, i) for i in range(len(shares))], random=model.random)

    def __len__(self) -> int:
        return len(self.budget_share)

    def choose(
        self, p: Parameters, tension: Values, racing_labs: int, us_policy: UsParameters, cn_policy: CnParameters
    ) -> None:
        """This quarter's choices, from the tension, the number of labs racing and the governments'
        policies (their levers as applied): safety (racing, ``sim.model.mechanisms.safety``); China's labs
        also spend more on R&D under export controls, release more openly with the open-model
        subsidy and distil as far as their government tolerates and the US lets them."""
        firms, us, cn = p.firms, us_policy, cn_policy
        self.safety_share = safety.safety_share(tension, racing_labs, firms)
        if self.bloc == "cn":
            if self.distils:
                rd_share = self.rd_share_base + firms.rd_response_to_controls * us.export_control_stringency
                self.rd_share = np.minimum(rd_share, MAX_RD_SHARE)
            self.openness = np.minimum(
                1.0, firms.open_release_cn + (1.0 - firms.open_release_cn) * cn.open_model_subsidy
            )
            self.distillation_intensity = cn.distillation_tolerance * (1.0 - us.distillation_countermeasures)
        else:
            self.distillation_intensity = firms.distillation_us

    def advance(self, talent_bonus, best_methods, teacher_capability, teacher_compute, draws: np.ndarray) -> None:
        """A quarter of algorithmic progress (ODD 7.4): the trend, sped by R&D above the usual share and
        by pooled talent; methods spilling over from the best lab; a normal shock (``draws``, one
        row a lab); and, for a lab behind the rival's best lab (the teacher, whose capability and
        compute are given), what it distils from it, down to the floor its own compute allows
        (``sim.model.mechanisms.efficiency.catch_up_floor_oom``). The other arguments are numbers
        or arrays over replications."""
        e = self.assumptions
        growth = efficiency.efficiency_growth_log10(
            efficiency.trend_growth_log10(e.halving_months), self.rd_share, self.rd_share_base, e.rd_gain, talent_bonus
        )
        growth = growth + efficiency.spillover_gain_log10(best_methods, self.log10_methods, e.spillover_rate)
        self.log10_methods = self.log10_methods + (growth + e.noise_sd * draws)
        if self.distils:
            shortfall = np.log10(np.maximum(teacher_compute, 1.0) / np.maximum(self.compute_h100e, 1.0))
            self.distilled_now = efficiency.distillation_gain_log10(
                teacher_capability - self.capability,
                efficiency.catch_up_floor_oom(shortfall, e.catch_up_strength, e.distillation_ceiling_oom),
                self.distillation_intensity,
                e.distillation_rate,
            )
            self.log10_distilled = self.log10_distilled + self.distilled_now

    def update_capability(self) -> None:
        self.capability = efficiency.capability(self.compute_h100e, self.log10_efficiency, self.safety_share)

    @property
    def log10_efficiency(self) -> np.ndarray:
        return self.log10_methods + self.log10_distilled

    def best(self) -> tuple[np.ndarray, np.ndarray]:
        """The capability and compute of the lab with the highest capability, in each replication:
        the bloc's frontier, which the rival's labs distil from (the first such lab on a tie)."""
        capability, compute = self.capability[0], self.compute_h100e[0]
        for lab_capability, lab_compute in zip(self.capability[1:], self.compute_h100e[1:], strict=True):
            better = lab_capability > capability
            capability = np.where(better, lab_capability, capability)
            compute = np.where(better, lab_compute, compute)
        return capability, compute

    def open_capability(self, open_lag_oom: Values) -> np.ndarray:
        """Capability of what each lab releases openly: a closed lab's open models lag its frontier."""
        return self.capability - open_lag_oom * (1.0 - self.openness)

    def compute_weights(self) -> np.ndarray:
        """Each lab's part of the bloc's compute purchases: its budget share not spent on R&D (one
        a lab, or labs x replications when the R&D share is one per replication)."""
        rd_share = np.asarray(self.rd_share)
        return self.budget_share.reshape(-1, *(1,) * rd_share.ndim) * (1.0 - rd_share)

    def compute_share(self) -> Values:
        """Share of the bloc's AI investment that buys compute: what its labs do not spend on R&D."""
        return added(self.compute_weights())

    def add_compute(self, added_h100e: Values, depreciation: Values) -> None:
        """Depreciate each lab's stock and add its part of the new compute (by its compute spending)."""
        weights = self.compute_weights()
        part = weights.reshape(len(self), -1)  # labs x 1, or labs x replications
        self.compute_h100e = self.compute_h100e * (1.0 - depreciation) + added_h100e * part / added(weights)

    def total_compute(self) -> Values:
        """The bloc's compute stock, the labs' added in order (one per replication)."""
        return added(self.compute_h100e)


def zipf_shares(count: int) -> np.ndarray:
    """Budget shares of ``count`` labs, the first largest (rank-size rule)."""
    weights = 1.0 / np.arange(1, count + 1)
    return weights / weights.sum()


def _own(name: str) -> property:
    """A lab's own value of its bloc's ``name`` array (labs x replications), in the first replication."""
    return property(lambda lab: float(getattr(lab.labs, name)[lab.index, 0]), doc=f"Its {name} (replication 0).")


def _bloc(name: str) -> property:
    """Its bloc's choice ``name`` (a number, or one per replication: the first)."""
    return property(lambda lab: float(np.ravel(getattr(lab.labs, name))[0]), doc=f"Its bloc's {name}.")


class FrontierLab(Firm):
    """A frontier AI lab: a view of its row in its bloc's labs' arrays, in the first replication
    (the only one of a model run alone). Its choices are its bloc's."""

    def __init__(self, model: mesa.Model, labs: Labs, index: int):
        super().__init__(model, labs.bloc)
        self.labs = labs
        self.index = index

    @property
    def budget_share(self) -> float:
        return float(self.labs.budget_share[self.index])

    compute_h100e = _own("compute_h100e")
    capability = _own("capability")
    log10_methods = _own("log10_methods")
    log10_distilled = _own("log10_distilled")
    log10_efficiency = _own("log10_efficiency")
    safety_share = _bloc("safety_share")
    rd_share = _bloc("rd_share")
    openness = _bloc("openness")
    distillation_intensity = _bloc("distillation_intensity")
