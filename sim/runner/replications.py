"""Running the model many times: seeds, batches of runs, and the backends that run them.

Each replication's seed derives from the scenario's root seed with numpy's ``SeedSequence``, and
every job carries its own seed, so the numbers depend only on (scenario, root seed, replication),
never on the backend or the number of workers. Jobs travel in batches of consecutive runs, and
come back as numpy columns, in job order, whatever ran them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from sim.params import Value
from sim.runner.batches import Columns, Job, replication_seeds, run_batch, scenario_jobs
from sim.runner.pool import default_workers, pool_context, pool_size
from sim.runner.store import PartStore, columns_frame

BACKENDS = ("serial", "local", "dask")
MAX_BATCH = 250  # runs a batch: a few seconds of work, so progress moves and a kill loses little

Batch = list[tuple[int, Job]]
__all__ = [
    "BACKENDS",
    "Batch",
    "batches_of",
    "iterate_batches",
    "replication_seeds",
    "run_jobs",
    "run_one",
    "run_replications",
    "run_scenario",
    "run_streamed",
    "scenario_jobs",
]


def batches_of(jobs: list[tuple[int, Job]], workers: int) -> list[Batch]:
    """Consecutive jobs in batches: a few dozen per worker, so the pool stays busy to the end and
    the progress bar moves, and never more than ``MAX_BATCH`` runs."""
    size = max(1, min(MAX_BATCH, math.ceil(len(jobs) / (workers * 24))))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def iterate_batches(
    batches: list[Batch], workers: int, backend: str = "local", scheduler: str | None = None
) -> Iterator[Columns]:
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


def run_jobs(
    jobs: list[Job],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    backend: str = "local",
    scheduler: str | None = None,
) -> pd.DataFrame:
    """All jobs' runs in one tidy frame, in job order (for results small enough to hold)."""
    count = _workers_for(jobs, workers, backend)
    batches = batches_of(list(enumerate(jobs)), count)
    results = []
    for batch, columns in zip(batches, iterate_batches(batches, count, backend, scheduler), strict=True):
        results.append(columns)
        if progress:
            progress(len(batch))
    return columns_frame(results)


def run_streamed(
    jobs: Mapping[str, list[Job]],
    store: PartStore,
    workers: int | None,
    progress: Callable[[int], None] | None = None,
    backend: str = "local",
    scheduler: str | None = None,
) -> None:
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


def run_one(
    params: Mapping[str, Value],
    steps: int,
    seed: int,
    replication: int = 0,
    events: tuple = (),
    point: Mapping[str, Value] | None = None,
    point_index: int | None = None,
) -> pd.DataFrame:
    """One run: the outcome frame with its identity in front (sweep point, replication, seed)."""
    return columns_frame([run_batch([(0, Job(params, steps, seed, replication, events, point, point_index))])])


def run_replications(
    params: Mapping[str, Value],
    steps: int,
    seeds: list[int],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    events: tuple = (),
) -> pd.DataFrame:
    """All replications of one parameter set in one tidy frame, by replication and step."""
    return run_jobs([Job(dict(params), steps, seed, i, events) for i, seed in enumerate(seeds)], workers, progress)


def run_scenario(
    scenario,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    backend: str = "local",
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Every run of a scenario in one tidy frame."""
    return run_jobs(scenario_jobs(scenario), workers, progress, backend, scheduler)
