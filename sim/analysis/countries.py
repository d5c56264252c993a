"""The developing world nation by nation: which stack each nation picks, in how many runs.

The time series hold population-weighted shares, where one large nation can move a line on its
own (India is close to a third of the weight). A teacher needs the nations behind the line, so
this counts, for each nation and chosen quarter, the share of runs in which it is on each stack,
from each run's stacks as the run path keeps them (``sim.runner.replicate.Replications.stacks``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.model.mechanisms.adoption import STACKS
from sim.model.nations import load_nations
from sim.registry.calendar import step_of
from sim.registry.params import Value
from sim.runner.replicate import Config, run_replications


def nation_picks(
    params: dict[str, Value],
    events: tuple,
    seeds: Sequence[int],
    steps: int,
    quarters: Sequence[str],
) -> pd.DataFrame:
    """``picks`` of the runs of (``params``, ``events``, ``steps``) on ``seeds``, through the one run
    path (``sim.runner.replicate``: runs it already holds are not run again)."""
    runs = run_replications(Config(params, steps, events), seeds)
    return picks(runs.stacks, quarters)


def picks(stacks: np.ndarray, quarters: Sequence[str]) -> pd.DataFrame:
    """Per nation and quarter: the share of runs on each stack (columns named by ``STACKS``), the
    stack most runs pick (``pick``) and that share (``agreement``), with the nation's name, region
    and weight (its share of the developing world's population). ``stacks`` is each run's stack per
    nation per quarter (runs x quarters x nations, ``sim.runner.replicate.Replications.stacks``)."""
    stacks = np.asarray(stacks)
    assert len(stacks), "nation picks need at least one run"
    chosen = stacks[:, [step_of(q) - 1 for q in quarters]]  # runs x quarters x nations
    counts = np.zeros((len(quarters), stacks.shape[2], len(STACKS)))
    for run in chosen:
        counts += np.eye(len(STACKS))[run]
    shares = (counts / len(stacks)).reshape(-1, len(STACKS))  # (quarter, nation) rows x stacks
    best = shares.argmax(axis=1)
    table = load_nations()
    n = len(table.iso3)
    frame = pd.DataFrame(
        {
            "quarter": np.repeat(np.asarray(quarters, dtype=object), n),
            "iso3": np.tile(np.asarray(table.iso3, dtype=object), len(quarters)),
            "name": np.tile(np.asarray(table.name, dtype=object), len(quarters)),
            "region": np.tile(np.asarray(table.region, dtype=object), len(quarters)),
            "weight": np.tile(np.asarray(table.population_weight, dtype=float), len(quarters)),
            **{stack: shares[:, si] for si, stack in enumerate(STACKS)},
            "pick": np.asarray(STACKS, dtype=object)[best],
            "agreement": shares[np.arange(len(shares)), best],
        }
    )
    return frame
