"""Tidy frames from a finished model: one row per quarter, and one row per nation and quarter.

A model of many replications in lockstep (``AIRaceModel(rng=[seed, ...])``) gives one frame per
replication (``outcome_frames``, ``nation_frame(model, r)``), each equal to the frame of that seed
run alone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.model.mechanisms.adoption import STACKS
from sim.registry.outcomes import OUTCOMES, quarter_label


def outcome_frame(model, replication: int | None = None) -> pd.DataFrame:
    """The model's DataCollector table: one row per quarter, the registry's columns in order (of
    ``replication`` for a batch: ``outcome_frames``)."""
    if model.replications > 1 or replication:
        return outcome_frames(model)[replication or 0]
    frame = model.datacollector.get_model_vars_dataframe()
    return frame[list(OUTCOMES)].reset_index(drop=True)


def outcome_frames(model) -> list[pd.DataFrame]:
    """One ``outcome_frame`` per replication of the model, in order; each equals the frame of the same
    seed run alone (``DataFrame.equals``)."""
    collector = model.datacollector
    if model.replications == 1:
        return [outcome_frame(model)]
    columns = collector.columns()
    return [pd.DataFrame({name: columns[name][:, r].tolist() for name in OUTCOMES}) for r in range(model.replications)]


def nation_frame(model, replication: int = 0) -> pd.DataFrame:
    """Each nation's stack each quarter (the agent-level table): ``chosen_stack`` (a column named
    ``stack`` would hide ``DataFrame.stack``) and its chance of being on each stack,
    ``chance_<stack>``; of ``replication`` for a batch."""
    return pd.DataFrame(nation_columns(model, replication))


def nation_columns(model, replication: int = 0) -> dict:
    """``nation_frame``'s columns as numpy arrays (what a worker sends back)."""
    population, iso3 = model.population, np.asarray(model.nations.iso3)
    quarters, n = len(population.history), len(iso3)
    steps = np.repeat(np.arange(1, quarters + 1), n)
    history = population.chance_history  # stacks x replications x nations, each quarter
    chances = np.concatenate([c[:, replication].T for c in history]) if quarters else np.zeros((0, len(STACKS)))
    return {
        "step": steps,
        "quarter": np.array([quarter_label(s) for s in range(1, quarters + 1)]).repeat(n),
        "iso3": np.tile(iso3, quarters),
        "chosen_stack": pd.Categorical.from_codes(
            np.concatenate([h[replication] for h in population.history]) if quarters else [], categories=list(STACKS)
        ),
        **{f"chance_{stack}": chances[:, i] for i, stack in enumerate(STACKS)},
    }
