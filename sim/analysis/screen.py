"""A one-at-a-time screen: each parameter at the ends of its range, paired against the scenario.

Every lever (or assumption) is set to its minimum and then to its maximum, each run on the same
seeds as the scenario itself; each outcome's change is its paired mean difference in units of the
scenario's spread across replications (``z``, ``sim.analysis.effects``). A mechanism switch is screened
turned off. The screen answers "which knobs move this outcome at all, and which way", and is cheap
next to a global design (``sim.analysis.sensitivity``); it sees no interactions, since it moves one
parameter at a time from the scenario's point.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.effects import DECADE, step_of_label
from sim.analysis.sensitivity import varied
from sim.registry.constraints import largest_allowed
from sim.registry.outcomes import NUMERIC
from sim.registry.params import MECHANISMS, PARAMS, resolve
from sim.registry.verdict import VISIBLE, judge_columns
from sim.runner.batches import replication_seeds
from sim.runner.replicate import Config, run_configurations


def settings(over: str, scenario) -> list[tuple[str, str, Any]]:
    """(parameter, end, value) for every setting screened: numeric parameters at ``min`` and
    ``max`` of their ranges (the sweep's, for a scenario with a sweep: ``sim.analysis.sensitivity.varied``;
    a maximum lowered where it would break a constraint between parameters), and with assumptions
    the mechanism switches ``off``."""
    base = resolve(scenario.model_params)
    rows = []
    for p in varied(over, scenario):
        top = largest_allowed(p.name, base)  # no impossible world (sim.registry.constraints)
        high = p.max if top is None else max(p.min, min(p.max, top))
        rows += [(p.name, "min", p.min), (p.name, "max", high)]
    rows = [(name, end, int(value) if PARAMS[name].value_type is int else float(value)) for name, end, value in rows]
    if over in ("assumptions", "all"):
        rows += [(f"mechanisms.{m}", "off", False) for m in MECHANISMS]
    return rows


def screen(
    scenario,
    over: str = "levers",
    replications: int = 20,
    when: str = DECADE,
    workers: int | None = None,
    backend: str = "local",
    progress=None,
) -> pd.DataFrame:
    """The screen's table: one row per (parameter, end, outcome) with the value set and the paired
    judgement against the scenario (``sim.registry.verdict``: difference, t-interval, z, the scenario's sd,
    relative change, size and verdict)."""
    todo = settings(over, scenario)
    ranges = {v.name: v for v in varied(over, scenario)}
    sources = {
        (name, end): "constraint" if end == "max" and value < ranges[name].max else ranges[name].range_from
        for name, end, value in todo
        if name in ranges
    }
    seeds = replication_seeds(scenario.seed, replications)
    base, events, steps = scenario.model_params, scenario.model_events, scenario.steps
    if when != DECADE:
        step_of_label(when, steps)  # a quarter past the horizon is told before anything runs
    setups = [dict(base)] + [{**base, name: value} for name, _, value in todo]
    made = run_configurations([Config(params, steps, events) for params in setups], seeds, workers, backend, progress)
    frame = pd.concat([runs.frame().assign(point=i) for i, runs in enumerate(made)], ignore_index=True)
    values = _statistic(frame, when)
    reference = values.loc[0]
    rows = []
    for i, (name, end, value) in enumerate(todo, start=1):
        changed = values.loc[i]
        judged = judge_columns(changed[list(NUMERIC)].to_numpy(), reference[list(NUMERIC)].to_numpy())
        for outcome, judgement in zip(NUMERIC, judged, strict=True):
            rows.append(
                {
                    "parameter": name,
                    "end": end,
                    "value": value,
                    "range_from": sources.get((name, end), "switch"),
                    "outcome": outcome,
                    **judgement.row(),
                }
            )
    return pd.DataFrame(rows)


def _statistic(frame: pd.DataFrame, when: str) -> pd.DataFrame:
    """Each (point, replication)'s outcomes: the run mean, or the value at quarter ``when``."""
    if when == DECADE:
        return frame.groupby(["point", "replication"])[list(NUMERIC)].mean()
    step = step_of_label(when, int(frame["step"].max()))
    return frame[frame["step"] == step].set_index(["point", "replication"])[list(NUMERIC)]


def strongest(table: pd.DataFrame, outcome: str, count: int = 10) -> pd.DataFrame:
    """The settings that move ``outcome`` most, by |z|."""
    rows = table[table["outcome"] == outcome]
    return rows.reindex(rows["z"].abs().sort_values(ascending=False).index).head(count)


def z_matrix(table: pd.DataFrame, outcomes: list[str] | None = None) -> pd.DataFrame:
    """z as a matrix: one row per setting (``parameter end``), one column per outcome."""
    table = table if outcomes is None else table[table["outcome"].isin(outcomes)]
    wide = table.assign(setting=table["parameter"] + " " + table["end"]).pivot(
        index="setting", columns="outcome", values="z"
    )
    order = [f"{p} {e}" for p, e in dict.fromkeys(zip(table["parameter"], table["end"], strict=True))]
    return wide.reindex(index=order, columns=outcomes or [o for o in NUMERIC if o in wide.columns]).astype(float)


def clear(z: float) -> bool:
    """Whether a screened change is one a class would see: at least half the scenario's spread."""
    return bool(np.isfinite(z) and abs(z) >= VISIBLE)
