"""Process pools: how many workers, and workers that start fast.

Kept apart from the rest of the runner, and importing nothing heavy, so the command line can start
the pool's fork server before it imports pandas, Arrow and matplotlib.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.runner.batches import Job

# Below this many run-quarters (about 400 baseline runs, ~5 s serially) a pool costs more than it
# saves: each worker process imports Mesa and numpy, a second or two on small machines.
POOL_MIN_RUN_QUARTERS = 16_000


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def pool_size(jobs: list[Job], workers: int | None) -> int:
    """With ``workers=None`` a process pool over all cores is used only for jobs large enough to
    repay starting it."""
    if workers is None:
        workers = default_workers() if sum(job.steps for job in jobs) >= POOL_MIN_RUN_QUARTERS else 1
    return max(1, min(workers, len(jobs)))


def pool_context(preload: tuple[str, ...] = ()):
    """The process-pool context: on POSIX a fork server that has imported the model once, so each
    worker is a fork of it rather than a fresh interpreter importing Mesa (seconds on small
    machines), and is safe to start from a process with threads (a progress bar, Arrow's pools).

    A worker also runs the parent's main module (multiprocessing's rule); ``preload`` names the
    modules that imports, so the fork server imports them once instead of every worker."""
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["sim.model", "sim.runner.batches", *preload])
    return context


def start_pool_early(preload: tuple[str, ...] = ()) -> None:
    """Start the fork server now, so it imports the model while this process does other work."""
    if os.name == "posix":
        from multiprocessing import forkserver

        pool_context(preload)
        forkserver.ensure_running()
