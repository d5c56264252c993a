"""The developing world nation by nation: which stack each nation picks, in how many runs.

The time series hold population-weighted shares, where one large nation can move a line on its
own (India is close to a third of the weight). A teacher needs the nations behind the line, so
this replays a run's seeds (a run is fully given by its seed, so the replay is the same run) and
counts, for each nation and chosen quarter, the share of runs in which it is on each stack. A
replay costs about 15 ms a run, far less than drawing one chart.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.model.mechanisms.adoption import STACKS
from sim.model.model import AIRaceModel
from sim.model.nations import load_nations
from sim.registry.calendar import step_of
from sim.registry.params import Value


def nation_picks(
    params: dict[str, Value],
    events: tuple,
    seeds: Sequence[int],
    steps: int,
    quarters: Sequence[str],
) -> pd.DataFrame:
    """Per nation and quarter: the share of runs on each stack (columns named by ``STACKS``), the
    stack most runs pick (``pick``) and that share (``agreement``), with the nation's name, region
    and weight (its share of the developing world's population)."""
    steps_wanted = [step_of(q) for q in quarters]
    assert len(seeds), "nation_picks needs at least one seed"
    model = AIRaceModel(rng=[int(seed) for seed in seeds], steps=steps, events=events, **params)  # type: ignore[arg-type]
    model.run_model()  # the seeds' runs in lockstep, each as it would run alone
    history = np.asarray(model.population.history)  # quarters x runs x nations, stack indices
    picks = history[[s - 1 for s in steps_wanted]]
    counts = np.eye(len(STACKS))[picks].sum(axis=1)  # quarters x nations x stacks
    shares = counts / len(seeds)
    table = load_nations()
    rows = []
    for qi, quarter in enumerate(quarters):
        for ni, iso3 in enumerate(table.iso3):
            row = {
                "quarter": quarter,
                "iso3": iso3,
                "name": table.name[ni],
                "region": table.region[ni],
                "weight": float(table.population_weight[ni]),
            }
            row.update({stack: float(shares[qi, ni, si]) for si, stack in enumerate(STACKS)})
            best = int(np.argmax(shares[qi, ni]))
            row["pick"] = STACKS[best]
            row["agreement"] = float(shares[qi, ni, best])
            rows.append(row)
    return pd.DataFrame(rows)
