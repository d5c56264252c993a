"""Replications of one parameter set, serially or over a process pool.

Each replication's seed derives from the scenario's root seed with numpy's ``SeedSequence``, so
the numbers depend only on (scenario, root seed, replication), never on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from sim.frames import outcome_frame
from sim.model import AIRaceModel
from sim.params import Value
from sim.runner.store import JOB, PartStore


# Below this many run-quarters (about 200 baseline runs, ~6 s serially) a pool costs more than it saves.
POOL_MIN_RUN_QUARTERS = 8_000


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One independent 32-bit seed per replication, derived from the root seed."""
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


def run_one(params: Mapping[str, Value], steps: int, seed: int, replication: int = 0,
            events: tuple = (), point: Mapping[str, Value] | None = None, point_index: int | None = None) -> pd.DataFrame:
    """One run: the outcome frame with its identity in front (sweep point, replication, seed)."""
    model = AIRaceModel(rng=seed, steps=steps, events=events, **{**params, **(point or {})})
    while model.running:
        model.step()
    frame = outcome_frame(model)
    identity = {"point": point_index, **(point or {}), "replication": replication, "seed": seed}
    for position, (name, value) in enumerate((k, v) for k, v in identity.items() if v is not None):
        frame.insert(position, name, value)
    return frame


def _run_args(args: tuple) -> pd.DataFrame:
    return run_one(*args)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool_size(jobs: list[tuple], workers: int | None) -> int:
    """With ``workers=None`` a process pool over all cores is used only for jobs large enough to
    repay starting it (worker processes import Mesa and pandas, seconds on small machines)."""
    if workers is None:
        workers = default_workers() if sum(job[1] for job in jobs) >= POOL_MIN_RUN_QUARTERS else 1
    return max(1, min(workers, len(jobs)))


BACKENDS = ("serial", "local", "dask")


def iterate_jobs(jobs: list[tuple], workers: int | None, backend: str = "local",
                 scheduler: str | None = None) -> Iterator[pd.DataFrame]:
    """Run ``run_one`` argument tuples and yield their frames in job order.

    ``serial`` runs in this process; ``local`` uses a process pool over this machine's cores
    (serially when the job is too small to repay starting one, unless ``workers`` says otherwise);
    ``dask`` uses a Dask cluster: the one at ``scheduler``, or a LocalCluster started here. Every job
    carries its own seed, so the numbers are the same whichever backend runs them.
    """
    if backend == "dask":
        yield from _iterate_dask(jobs, workers, scheduler)
        return
    workers = 1 if backend == "serial" else _pool_size(jobs, workers)
    if workers == 1:
        yield from map(_run_args, jobs)
        return
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    if os.name == "posix":
        context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_run_args, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def _iterate_dask(jobs: list[tuple], workers: int | None, scheduler: str | None) -> Iterator[pd.DataFrame]:
    """Dask distributed: a task per job. Tasks lost with a worker are rerun by the scheduler, and
    each job's frame is taken once from its future, so no run is lost or doubled."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        cluster, client = None, Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(_run_args, jobs, pure=False)
        for future in futures:
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_jobs(jobs: list[tuple], workers: int | None, progress: Callable[[int], None] | None,
             backend: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """All jobs' frames in one frame, in job order."""
    frames = []
    for frame in iterate_jobs(jobs, workers, backend, scheduler):
        frames.append(frame)
        if progress:
            progress(1)
    return pd.concat(frames, ignore_index=True)


def run_streamed(jobs: list[tuple], store: PartStore, workers: int | None,
                 progress: Callable[[int], None] | None = None, flush_seconds: float = 5.0,
                 backend: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """Run the jobs not yet in ``store``, writing finished runs to it in parts as they come, and
    return every run. A kill loses at most the runs since the last part (a few seconds' worth)."""
    done = store.done()
    todo = [(i, job) for i, job in enumerate(jobs) if i not in done]
    if progress and done:
        progress(len(done))
    flush_every = max(1, min(200, len(jobs) // 20))
    buffer: list[pd.DataFrame] = []
    last_flush = time.monotonic()
    frames = iterate_jobs([job for _, job in todo], workers, backend, scheduler) if todo else iter(())
    for (index, _), frame in zip(todo, frames, strict=True):
        frame.insert(0, JOB, index)
        buffer.append(frame)
        if progress:
            progress(1)
        if len(buffer) >= flush_every or time.monotonic() - last_flush > flush_seconds:
            store.write(buffer)
            buffer, last_flush = [], time.monotonic()
    store.write(buffer)
    return store.combine()


def run_replications(params: Mapping[str, Value], steps: int, seeds: list[int], workers: int | None = None,
                     progress: Callable[[int], None] | None = None, events: tuple = ()) -> pd.DataFrame:
    """All replications of one parameter set in one tidy frame, by replication and step."""
    return run_jobs([(dict(params), steps, seed, i, events) for i, seed in enumerate(seeds)], workers, progress)


def scenario_jobs(scenario) -> list[tuple]:
    """One job per (sweep point, replication). Replication r uses the same seed at every point
    (common random numbers), so differences between points come from the levers, not the dice."""
    seeds = replication_seeds(scenario.seed, scenario.replications)
    sweeping = scenario.sweep is not None
    return [
        (scenario.model_params, scenario.steps, seed, r, scenario.model_events, point, i if sweeping else None)
        for i, point in enumerate(scenario.points())
        for r, seed in enumerate(seeds)
    ]


def run_scenario(scenario, workers: int | None = None, progress: Callable[[int], None] | None = None,
                 backend: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """Every run of a scenario in one tidy frame."""
    return run_jobs(scenario_jobs(scenario), workers, progress, backend, scheduler)
