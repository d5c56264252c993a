"""Running the model many times: jobs in batches, handed to a backend, results in one frame or on disk.

Each replication's seed derives from the scenario's root seed with numpy's ``SeedSequence``, and
every job carries its own seed, so the numbers depend only on (scenario, root seed, replication),
never on the backend or the number of workers. Jobs travel in batches of consecutive runs, and
come back as numpy columns, in job order, whatever ran them (``sim.runner.backends``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping

import numpy as np
import pandas as pd

from sim.runner.backends import Backend, Batch, backend_named
from sim.runner.batches import STACKS, Columns, Job, scenario_jobs
from sim.runner.store import PartStore, columns_frame

MAX_BATCH = 250  # runs a batch: a few seconds of work, so progress moves and a kill loses little
LOCKSTEP_BATCH = 50  # a batch this big (when there are jobs enough) runs a sweep point's replications in lockstep

__all__ = [
    "Batch",
    "batches_of",
    "iterate_batches",
    "run_jobs",
    "run_scenario",
    "run_streamed",
    "scenario_jobs",
]


def batches_of(jobs: list[tuple[int, Job]], workers: int) -> list[Batch]:
    """Consecutive jobs in batches: a few dozen per worker, so the pool stays busy to the end and
    the progress bar moves, and never more than ``MAX_BATCH`` runs; but at least four per worker
    up to ``LOCKSTEP_BATCH`` runs (with one worker, this process, up to that many in one batch),
    since a batch's runs are stepped in lockstep (``run_batch``), far faster than one by one."""
    per_worker = math.ceil(len(jobs) / workers)
    size = max(1, min(MAX_BATCH, max(math.ceil(per_worker / 24), min(math.ceil(per_worker / 4), LOCKSTEP_BATCH))))
    if workers == 1:  # no pool to keep busy: a few runs are one batch, not four small ones
        size = max(size, min(len(jobs), LOCKSTEP_BATCH))
    batches = []
    for start, end in _unbroken(jobs):  # a batch never spans a gap (jobs a resumed run has), so parts stay in job order
        batches += [jobs[i : min(i + size, end)] for i in range(start, end, size)]
    return batches


def _unbroken(jobs: list[tuple[int, Job]]) -> list[tuple[int, int]]:
    """The (start, end) positions of each stretch of jobs whose indices follow one another."""
    cuts = [i for i in range(1, len(jobs)) if jobs[i][0] != jobs[i - 1][0] + 1]
    return list(zip([0, *cuts], [*cuts, len(jobs)], strict=True)) if jobs else []


def _backend(backend: str | Backend, workers: int | None, scheduler: str | None) -> Backend:
    """``backend`` itself, or the backend it names, made with ``workers`` and ``scheduler``."""
    return backend if isinstance(backend, Backend) else backend_named(backend, workers, scheduler)


def iterate_batches(
    batches: list[Batch], workers: int, backend: str | Backend = "local", scheduler: str | None = None
) -> Iterator[Columns]:
    """Run the batches on ``workers`` workers of the backend and yield their columns in order."""
    return _backend(backend, workers, scheduler).run(batches, workers)


def run_jobs(
    jobs: list[Job],
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    backend: str | Backend = "local",
    scheduler: str | None = None,
) -> pd.DataFrame:
    """All jobs' runs in one tidy frame, in job order (for results small enough to hold).

    ``backend`` is a ``Backend`` or the name of one (``serial``, ``local``, ``dask``), made with
    ``workers`` (None: the backend decides) and, for Dask, the ``scheduler`` address."""
    runner = _backend(backend, workers, scheduler)
    count = runner.workers(jobs)
    batches = batches_of(list(enumerate(jobs)), count)
    results = []
    for batch, columns in zip(batches, runner.run(batches, count), strict=True):
        results.append(columns)
        if progress:
            progress(len(batch))
    return columns_frame(results)


def run_streamed(
    jobs: Mapping[str, list[Job]],
    store: PartStore,
    workers: int | None,
    progress: Callable[[int], None] | None = None,
    backend: str | Backend = "local",
    scheduler: str | None = None,
    stacks: dict[str, dict[int, np.ndarray]] | None = None,
) -> int:
    """Run the jobs of each kind (``scenario``, ``baseline``) not yet in ``store``, in one pass of
    one backend, saving each finished batch to the store as it comes; return how many ran. A kill
    loses at most the batches in flight; rerunning skips what is saved. If this is interrupted the
    backend is closed at once (its queued batches dropped, its workers stopped).

    Jobs that ask for stacks (``Job.stacks``) put theirs in ``stacks[kind][job index]``: the nation
    picks are counted from them, with no run made again (runs resumed from disk have none)."""
    runner = _backend(backend, workers, scheduler)
    count = runner.workers([job for kind_jobs in jobs.values() for job in kind_jobs])
    todo: list[tuple[str, Batch]] = []
    for kind, kind_jobs in jobs.items():
        done = store.done(kind)
        if progress and done:
            progress(len(done))
        pending = [(i, job) for i, job in enumerate(kind_jobs) if i not in done]
        todo.extend((kind, batch) for batch in batches_of(pending, count))
    if not todo:
        return 0
    results = runner.run([batch for _, batch in todo], count)
    try:
        for (kind, batch), columns in zip(todo, results, strict=True):
            if STACKS in columns and stacks is not None:
                stacks.setdefault(kind, {}).update(columns[STACKS])
            store.write(columns, kind)
            if progress:
                progress(len(batch))
    finally:
        close = getattr(results, "close", None)
        if close:
            close()
    return sum(len(batch) for _, batch in todo)


def run_scenario(
    scenario,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    backend: str | Backend = "local",
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Every run of a scenario in one tidy frame."""
    return run_jobs(scenario_jobs(scenario), workers, progress, backend, scheduler)
