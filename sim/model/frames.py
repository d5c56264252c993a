"""Tidy frames from a finished model: one row per quarter, and one row per nation and quarter."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.mechanisms.adoption import STACKS
from sim.registry.outcomes import OUTCOMES, quarter_label


def outcome_frame(model) -> pd.DataFrame:
    """The model's DataCollector table: one row per quarter, the registry's columns in order."""
    frame = model.datacollector.get_model_vars_dataframe()
    return frame[list(OUTCOMES)].reset_index(drop=True)


def nation_frame(model) -> pd.DataFrame:
    """Each nation's stack each quarter (the agent-level table): ``chosen_stack`` (a column named
    ``stack`` would hide ``DataFrame.stack``) and its chance of being on each stack,
    ``chance_<stack>``."""
    return pd.DataFrame(nation_columns(model))


def nation_columns(model) -> dict:
    """``nation_frame``'s columns as numpy arrays (what a worker sends back)."""
    population, iso3 = model.population, np.asarray(model.nations.iso3)
    quarters, n = len(population.history), len(iso3)
    steps = np.repeat(np.arange(1, quarters + 1), n)
    chances = np.concatenate(population.chance_history) if quarters else np.zeros((0, len(STACKS)))
    return {
        "step": steps,
        "quarter": np.array([quarter_label(s) for s in range(1, quarters + 1)]).repeat(n),
        "iso3": np.tile(iso3, quarters),
        "chosen_stack": pd.Categorical.from_codes(
            np.concatenate(population.history) if quarters else [], categories=list(STACKS)
        ),
        **{f"chance_{stack}": chances[:, i] for i, stack in enumerate(STACKS)},
    }
