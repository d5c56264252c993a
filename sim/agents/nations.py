"""Developing nations: one Mesa agent per row of ``seeds/nations.csv``.

A nation's state (its stack, ties, sentiment, governance membership) lives in the model's numpy
arrays at the nation's index, and the agent is a view of it. The nations decide together, every
quarter, in one vectorised call of the adoption mechanism (``AIRaceModel._nations_decide``): that
is each nation's own choice, made by the same rule from its own attributes and draws.
"""

from __future__ import annotations

import mesa

from sim.mechanisms.adoption import STACKS


class Nation(mesa.Agent):
    """A developing nation (a view of the model's arrays at ``index``)."""

    def __init__(self, model: mesa.Model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def iso3(self) -> str:
        return self.model.nations.iso3[self.index]

    @property
    def name(self) -> str:
        return self.model.nations.name[self.index]

    @property
    def population_m(self) -> float:
        return float(self.model.nations.population_m[self.index])

    @property
    def stack(self) -> str:
        """The AI stack it uses: us, cn, open, hedge or none."""
        return STACKS[self.model.nation_stack[self.index]]

    @property
    def sentiment(self) -> float:
        return float(self.model.nation_sentiment[self.index])

    @property
    def cn_infrastructure(self) -> float:
        return float(self.model.cn_infrastructure[self.index])

    @property
    def us_partnership(self) -> float:
        return float(self.model.us_partnership[self.index])

    @property
    def in_governance_body(self) -> bool:
        return bool(self.model.in_governance_body[self.index])
