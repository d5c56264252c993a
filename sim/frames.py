"""Tidy frames from a finished model: one row per quarter, and one row per nation and quarter."""

from __future__ import annotations

import pandas as pd

from sim.mechanisms.adoption import STACKS
from sim.outcomes import OUTCOMES, quarter_label


def outcome_frame(model) -> pd.DataFrame:
    """The model's DataCollector table: one row per quarter, the registry's columns in order."""
    frame = model.datacollector.get_model_vars_dataframe()
    return frame[list(OUTCOMES)].reset_index(drop=True)


def nation_frame(model) -> pd.DataFrame:
    """Each nation's stack each quarter (the agent-level table)."""
    nations = model.nations
    rows = len(model.population.history)
    stacks = pd.Categorical.from_codes(
        [code for quarter in model.population.history for code in quarter], categories=list(STACKS)
    )
    return pd.DataFrame(
        {
            "step": [s for s in range(1, rows + 1) for _ in nations.iso3],
            "quarter": [quarter_label(s) for s in range(1, rows + 1) for _ in nations.iso3],
            "iso3": list(nations.iso3) * rows,
            "stack": stacks,
        }
    )
