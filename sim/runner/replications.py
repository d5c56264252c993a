"""Running the model many times: seeds, batches of runs, and the backends that run them.

Each replication's seed derives from the scenario's root seed with numpy's ``SeedSequence``, and
every job carries its own seed, so the numbers depend only on (scenario, root seed, replication),
never on the backend or the number of workers. Jobs travel in batches of consecutive runs, and
come back as numpy columns, in job order, whatever ran them.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from sim.params import Value
from sim.runner.batches import Columns, Job, run_batch
from sim.runner.store import PartStore, columns_frame

BACKENDS = ("serial", "local", "dask")
# Below this many run-quarters (about 400 baseline runs, ~5 s serially) a pool costs more than it
# saves: each worker process imports Mesa and numpy, a second or two on small machines.
POOL_MIN_RUN_QUARTERS = 16_000
MAX_BATCH = 250  # runs a batch: a few seconds of work, so progress moves and a kill loses little

Batch = list[tuple[int, Job]]


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One independent 32-bit seed per replication, derived from the root seed."""
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


def scenario_jobs(scenario) -> list[Job]:
    """One job per (sweep point, replication). Replication r uses the same seed at every point
    (common random numbers), so differences between points come from the levers, not the dice."""
    seeds = replication_seeds(scenario.seed, scenario.replications)
    params, events, sweeping = scenario.model_params, scenario.model_events, scenario.sweep is not None
    return [
        Job(params, scenario.steps, seed, r, events, point, i if sweeping else None)
        for i, point in enumerate(scenario.points())
        for r, seed in enumerate(seeds)
    ]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def pool_size(jobs: list[Job], workers: int | None) -> int:
    """With ``workers=None`` a process pool over all cores is used only for jobs large enough to
    repay starting it."""
    if workers is None:
        workers = default_workers() if sum(job.steps for job in jobs) >= POOL_MIN_RUN_QUARTERS else 1
    return max(1, min(workers, len(jobs)))


def batches_of(jobs: list[tuple[int, Job]], workers: int) -> list[Batch]:
    """Consecutive jobs in batches: a few dozen per worker, so the pool stays busy to the end and
    the progress bar moves, and never more than ``MAX_BATCH`` runs."""
    size = max(1, min(MAX_BATCH, math.ceil(len(jobs) / (workers * 24))))
    return [jobs[i:i + size] for i in range(0, len(jobs), size)]


def iterate_batches(batches: list[Batch], workers: int, backend: str = "local",
                    scheduler: str | None = None) -> Iterator[Columns]:
    """Run the batches and yield their columns in order.

    ``serial`` runs in this process; ``local`` uses a process pool of ``workers`` processes (in
    this process if ``workers`` is 1); ``dask`` uses a Dask cluster: the one at ``scheduler``, or
    a LocalCluster of ``workers`` processes started here.
    """
    if backend == "dask":
        yield from _iterate_dask(batches, workers, scheduler)
    elif backend == "serial" or workers == 1:
        yield from map(run_batch, batches)
    else:
        with ProcessPoolExecutor(workers, mp_context=pool_context()) as pool:
            yield from pool.map(run_batch, batches)


def pool_context():
    """The process-pool context: on POSIX a fork server that has imported the model once, so each
    worker is a fork of it rather than a fresh interpreter importing Mesa (seconds on small
    machines), and is safe to start from a process with threads (a progress bar, Arrow's pools)."""
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sim.model", "sim.runner.batches"])
    return context


def start_pool_early() -> None:
    """Start the fork server now, so it imports the model while this process does other work."""
    if os.name == "posix":
        from multiprocessing import forkserver

        pool_context()
        forkserver.ensure_running()


def _iterate_dask(batches: list[Batch], workers: int, scheduler: str | None) -> Iterator[Columns]:
    """Dask distributed: a task per batch. Tasks lost with a worker are rerun by the scheduler, and
    each batch's columns are taken once from its future, so no run is lost or doubled."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        cluster, client = None, Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(run_batch, batches, pure=False)
        for future in futures:
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _workers_for(jobs: list[Job], workers: int | None, backend: str) -> int:
    if backend == "serial":
        return 1
    if backend == "dask":
        return workers or default_workers()
    return pool_size(jobs, workers)


def run_jobs(jobs: list[Job], workers: int | None = None, progress: Callable[[int], None] | None = None,
             backend: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """All jobs' runs in one tidy frame, in job order (for results small enough to hold)."""
    count = _workers_for(jobs, workers, backend)
    batches = batches_of(list(enumerate(jobs)), count)
    results = []
    for batch, columns in zip(batches, iterate_batches(batches, count, backend, scheduler), strict=True):
        results.append(columns)
        if progress:
            progress(len(batch))
    return columns_frame(results)


def run_streamed(jobs: Mapping[str, list[Job]], store: PartStore, workers: int | None,
                 progress: Callable[[int], None] | None = None, backend: str = "local",
                 scheduler: str | None = None) -> None:
    """Run the jobs of each kind (``scenario``, ``baseline``) not yet in ``store``, in one pass of
    one backend, saving each finished batch to the store as it comes. A kill loses at most the
    batches in flight; rerunning skips what is saved."""
    todo: list[tuple[str, Batch]] = []
    everything = [job for kind_jobs in jobs.values() for job in kind_jobs]
    count = _workers_for(everything, workers, backend)
    for kind, kind_jobs in jobs.items():
        done = store.done(kind)
        if progress and done:
            progress(len(done))
        pending = [(i, job) for i, job in enumerate(kind_jobs) if i not in done]
        todo.extend((kind, batch) for batch in batches_of(pending, count))
    if not todo:
        return
    results = iterate_batches([batch for _, batch in todo], count, backend, scheduler)
    for (kind, batch), columns in zip(todo, results, strict=True):
        store.write(columns, kind)
        if progress:
            progress(len(batch))


def run_one(params: Mapping[str, Value], steps: int, seed: int, replication: int = 0, events: tuple = (),
            point: Mapping[str, Value] | None = None, point_index: int | None = None) -> pd.DataFrame:
    """One run: the outcome frame with its identity in front (sweep point, replication, seed)."""
    return columns_frame([run_batch([(0, Job(params, steps, seed, replication, events, point, point_index))])])


def run_replications(params: Mapping[str, Value], steps: int, seeds: list[int], workers: int | None = None,
                     progress: Callable[[int], None] | None = None, events: tuple = ()) -> pd.DataFrame:
    """All replications of one parameter set in one tidy frame, by replication and step."""
    return run_jobs([Job(dict(params), steps, seed, i, events) for i, seed in enumerate(seeds)], workers, progress)


def run_scenario(scenario, workers: int | None = None, progress: Callable[[int], None] | None = None,
                 backend: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """Every run of a scenario in one tidy frame."""
    return run_jobs(scenario_jobs(scenario), workers, progress, backend, scheduler)
