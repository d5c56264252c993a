"""Jobs and what a worker runs: a batch of jobs, returned as numpy columns.

A job is one run: parameters, horizon, seed, and its place in a sweep. A worker runs many short
model runs, so what it sends back matters as much as the runs: a batch's outcomes travel as one
numpy array per column (cheap to pickle, and what Parquet stores), not as one pandas frame per run.
The model (and with it Mesa, a second and a half to import) is imported when a batch first runs, so
a parent process that only hands batches to workers never pays for it."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from sim.model.draws import replication_seeds
from sim.model.varied import ONE_PER_BATCH
from sim.registry.outcomes import OUTCOMES
from sim.registry.params import DEFAULTS, Value
from sim.runner.loop import Config, replicate

JOB = "_job"  # index of the run in its job list; kept in parts for resuming, dropped from results
Columns = dict[str, np.ndarray]


class Job(NamedTuple):
    """One run: the parameters, horizon, seed and events, and where it sits in a sweep."""

    params: Mapping[str, Value]
    steps: int
    seed: int
    replication: int = 0
    events: tuple = ()
    point: Mapping[str, Value] | None = None
    point_index: int | None = None
    nations: bool = False  # also send back each nation's stack and chances each quarter
    stacks: bool = False  # also send back its stack per nation per quarter (for the nation picks)


NATIONS = "_nations"  # the key of a batch's nation-level columns, when its jobs ask for them
STACKS = "_stacks"  # the key of a batch's stacks by job index (quarters x nations), for jobs that ask
STACK_RUNS = 100  # a single scenario's first runs that send back their stacks: enough for the nations' shares


def scenario_jobs(scenario, nations: bool = False, stacks: int = 0) -> list[Job]:
    """One job per (sweep point, replication). Replication r uses the same seed at every point
    (common random numbers), so differences between points come from the levers, not the dice.
    With ``nations`` each run also returns its nation-level table; the first ``stacks``
    replications (of a single scenario) return their stacks (``Job.stacks``)."""
    seeds = replication_seeds(scenario.seed, scenario.replications)
    params, events, sweeping = scenario.model_params, scenario.model_events, scenario.sweep is not None
    stacks = 0 if sweeping else stacks
    return [
        Job(params, scenario.steps, seed, r, events, point, i if sweeping else None, nations, r < stacks)
        for i, point in enumerate(scenario.points())
        for r, seed in enumerate(seeds)
    ]


def run_batch(batch: list[tuple[int, Job]]) -> Columns:
    """Run each (job index, job) and return every run's rows as columns, in order.

    Consecutive jobs of one configuration (a sweep point's replications) are run together by
    ``sim.runner.loop.replicate``, the one loop that runs replications.

    Columns: ``_job``, then the run's identity (``point`` and the swept levers in a sweep,
    ``replication``, ``seed``), then the outcomes of
    ``sim.registry.outcomes.OUTCOMES`` in order. Jobs that ask for nations add, under ``NATIONS``, the
    columns of ``sim.model.frames.nation_columns`` with each run's identity; jobs that ask for stacks
    add, under ``STACKS``, their stack per nation per quarter by job index.
    """
    outcomes: list[dict[str, np.ndarray]] = []
    identity: dict[str, list] = {}
    lengths: list[int] = []
    nation_parts: list[Columns] = []
    stacks: dict[int, np.ndarray] = {}
    for group in _lockstep_groups(batch):
        first = group[0][1]
        shared, varied = _split_parameters([_parameters(job) for _, job in group])
        config = Config(shared, first.steps, first.events)
        made = replicate(config, [job.seed for _, job in group], first.nations, varied)
        outcomes.append(made.columns)
        lengths.extend(made.lengths)
        for k, (index, job) in enumerate(group):
            ids = {
                JOB: index,
                "point": job.point_index,
                **(job.point or {}),
                "replication": job.replication,
                "seed": job.seed,
            }
            for name, value in ids.items():
                if value is not None:
                    identity.setdefault(name, []).append(value)
            if made.nations is not None:
                nation_parts.append(_with_identity(made.nations[k], ids))
            if job.stacks:
                stacks[index] = made.stacks[k]
    columns: Columns = {name: np.repeat(np.array(values), lengths) for name, values in identity.items()}
    for name, outcome in OUTCOMES.items():
        columns[name] = np.concatenate([part[name] for part in outcomes]) if outcomes else np.array([], outcome.dtype)
    if nation_parts:
        columns[NATIONS] = {name: _concatenate([p[name] for p in nation_parts]) for name in nation_parts[0]}
    if stacks:
        columns[STACKS] = stacks  # type: ignore[assignment]
    if gc.get_freeze_count():
        # A finished model is a reference cycle (its agents point back to it) that Python frees
        # only at a full collection, which may come batches later: a worker held six models of 250
        # replications at once, 600 MB. A worker freezes what it has imported (``start_worker``),
        # so a full collection there is cheap: free them now, and freeze what survives (the model,
        # imported by the first batch where the fork server did not preload it), so the next
        # collection stays cheap (4 ms, against 50-70 ms over every module's objects). A process
        # that froze nothing leaves them to Python's own collector.
        gc.collect()
        gc.freeze()
    return columns


def _lockstep_groups(batch: list[tuple[int, Job]]) -> list[list[tuple[int, Job]]]:
    """The batch cut into runs that step together: consecutive jobs with the same horizon, events
    and nations, and the same value of every parameter that must be one per batch
    (``sim.model.varied.ONE_PER_BATCH``). The others (a sweep's levers, mostly) may differ within a
    group, so a sweep's points run as one batch, not one point at a time."""
    groups: list[tuple[tuple, list[tuple[int, Job]]]] = []
    for index, job in batch:
        params = _parameters(job)
        key = ({k: v for k, v in params.items() if k in ONE_PER_BATCH}, job.steps, job.events, job.nations)
        if groups and groups[-1][0] == key:
            groups[-1][1].append((index, job))
        else:
            groups.append((key, [(index, job)]))
    return [group for _, group in groups]


def _parameters(job: Job) -> dict[str, Value]:
    """A job's parameter overrides: the scenario's, with its sweep point's levers."""
    return {**job.params, **(job.point or {})}


def _split_parameters(runs: list[dict[str, Value]]) -> tuple[dict[str, Value], dict[str, list[Value]]]:
    """The overrides the runs share, and those that differ, as one value a run (the registry's
    default where a run leaves one unset)."""
    shared: dict[str, Value] = {}
    varied: dict[str, list[Value]] = {}
    for name in dict.fromkeys(name for params in runs for name in params):
        values = [params.get(name, DEFAULTS[name]) for params in runs]
        if all(value == values[0] for value in values):
            shared[name] = values[0]
        else:
            varied[name] = values
    return shared, varied


def _with_identity(columns: dict, ids: dict) -> Columns:
    rows = len(columns["step"])
    return {**{name: np.full(rows, value) for name, value in ids.items() if value is not None}, **columns}


def _concatenate(arrays: list):
    import pandas as pd

    if isinstance(arrays[0], pd.Categorical):
        return pd.Categorical(pd.api.types.union_categoricals(arrays), categories=arrays[0].categories)
    return np.concatenate(arrays)
