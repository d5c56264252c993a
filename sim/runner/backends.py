"""The backends that run batches of jobs, one class each behind one interface (as EMA Workbench's
evaluators are): ``Serial`` runs them in this process, ``LocalPool`` in a process pool on this
machine, ``Dask`` on a Dask cluster.

Every job carries its own seed and every backend yields the batches' columns in batch order, so the
numbers never depend on the backend or the number of workers (``tests/runner/test_backends.py``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ClassVar

from sim.runner.batches import Columns, Job, run_batch
from sim.runner.errors import EnvironmentFault, RunRefused
from sim.runner.workers import multiprocessing_tempdir, start_worker

Batch = list[tuple[int, Job]]  # (index of the job in its job list, job), consecutive jobs

CONNECT_TIMEOUT_S = 10  # to reach a Dask scheduler
SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")

# Below this many run-quarters (about 400 baseline runs, ~5 s serially) a pool costs more than it
# saves: each worker process imports Mesa and numpy, a second or two on small machines.
POOL_MIN_RUN_QUARTERS = 16_000


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Backend(ABC):
    """Runs batches of jobs.

    ``workers(jobs)`` is how many batches run at once for these jobs (the caller sizes the batches
    from it); ``run(batches, workers)`` runs them and yields each batch's columns, in batch order.
    """

    name: ClassVar[str]  # as the command line's --backend spells it

    def __init__(self, workers: int | None = None):
        self.requested = workers  # None: the backend decides

    @abstractmethod
    def workers(self, jobs: Sequence[Job]) -> int: ...

    @abstractmethod
    def run(self, batches: Sequence[Batch], workers: int) -> Iterator[Columns]: ...


class Serial(Backend):
    """One batch after another, in this process."""

    name = "serial"

    def workers(self, jobs: Sequence[Job]) -> int:
        return 1

    def run(self, batches: Sequence[Batch], workers: int) -> Iterator[Columns]:
        return map(run_batch, batches)


class LocalPool(Backend):
    """A pool of worker processes on this machine; with one worker, this process.

    Without a worker count it uses every core, but only for jobs large enough to repay starting the
    workers. On POSIX the workers are forks of a fork server (safe to start from a process with
    threads, such as the progress bar's); elsewhere they are fresh interpreters.
    """

    name = "local"

    def workers(self, jobs: Sequence[Job]) -> int:
        workers = self.requested
        if workers is None:
            workers = default_workers() if sum(job.steps for job in jobs) >= POOL_MIN_RUN_QUARTERS else 1
        return max(1, min(workers, len(jobs)))

    def run(self, batches: Sequence[Batch], workers: int) -> Iterator[Columns]:
        if workers == 1:
            yield from map(run_batch, batches)
            return
        context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
        pool = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=start_worker,
            initargs=(os.getpid(), multiprocessing_tempdir()),
        )
        try:
            yield from pool.map(run_batch, batches)
        except BaseException as error:
            # Interrupted (or a batch failed): drop the queued batches and stop the workers now,
            # rather than let the pool finish every batch before it exits.
            stop_now(pool)
            if isinstance(error, BrokenProcessPool):
                raise EnvironmentFault(
                    "a worker process died (killed, or out of memory); the finished runs are saved: rerun the "
                    "same command to resume, with fewer --workers if memory is short"
                ) from None
            raise
        pool.shutdown()


def start_local_pool_early(imports: Sequence[str]) -> None:
    """Speed only: start the fork server that ``LocalPool`` forks its workers from now, importing
    ``imports`` once, while this process goes on with its own imports. Each worker is then a fork
    with the model already imported, instead of a process that imports it after the pool starts.

    ``imports`` should hold what a worker needs: the model, the runner, and the caller's main module
    (multiprocessing reruns it in every worker). Without this the results are the same, only later:
    measured on 2 cores, ``airace run scenarios/baseline.yaml -n 20 -j 2`` takes 9.6 s with it and
    10.9 s without, ``-n 500`` (a pool by default) 14.0 s and 14.8 s; serial runs do not use it.
    """
    if os.name != "posix":
        return
    from multiprocessing import forkserver

    running = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None) is not None
    forkserver.set_forkserver_preload(list(imports))
    with _ctrl_c_ignored():  # inherited: a Ctrl-C while the server imports stops only us, no traceback
        forkserver.ensure_running()
    if not running:  # a fork server already running keeps what it preloaded
        PRELOADED.update(imports)


@contextlib.contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """Ignore SIGINT while a process is started (it inherits the disposition; the fork server would
    ignore it anyway once its imports are done), in the main thread only (where Python allows it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Drop a pool's queued work and end its processes now (interrupted, or a task failed), so that
    nothing goes on writing after the caller has cleaned up."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()


PRELOADED: set[str] = set()  # what the fork server started by ``start_local_pool_early`` has imported


def second_process(needs: str) -> ProcessPoolExecutor | None:
    """A process to draw or compute in beside this one (close it with ``shutdown``; on a failure,
    ``stop_now``), forked from the fork server when it has ``needs`` imported already
    (``start_local_pool_early``); None otherwise, for the caller to do the work itself: a process
    that imported it afresh would cost more than it saves."""
    if needs not in PRELOADED:
        return None
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(
        1, mp_context=context, initializer=start_worker, initargs=(os.getpid(), multiprocessing_tempdir())
    )


class Dask(Backend):
    """A Dask cluster: the one at ``scheduler``, or a LocalCluster of ``workers`` processes started
    for the run (every core without a count).

    A task per batch. Tasks lost with a worker are rerun by the scheduler, and each batch's columns
    are taken once from its future, so no run is lost or doubled.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        super().__init__(workers)
        self.scheduler = scheduler

    def workers(self, jobs: Sequence[Job]) -> int:
        return self.requested or default_workers()

    def run(self, batches: Sequence[Batch], workers: int) -> Iterator[Columns]:
        cluster, client = self._connect(workers)
        try:
            futures = client.map(run_batch, batches, pure=False)
            for future in futures:
                try:
                    columns = future.result()
                except OSError as error:  # the scheduler or the connection to it was lost
                    raise EnvironmentFault(
                        f"lost the Dask scheduler at {self.scheduler or 'the LocalCluster'} ({error}); "
                        "the finished runs are saved: rerun the same command to resume"
                    ) from None
                yield columns
                future.release()
        finally:
            _quietly(client.close)
            if cluster is not None:
                _quietly(cluster.close)

    def _connect(self, workers: int):
        import dask
        from dask.distributed import Client, LocalCluster  # a second to import; only this backend needs it

        if not self.scheduler:
            with _quiet_children():
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            return cluster, Client(cluster)
        try:
            with dask.config.set({"distributed.comm.timeouts.connect": f"{CONNECT_TIMEOUT_S}s"}):
                return None, Client(self.scheduler, timeout=f"{CONNECT_TIMEOUT_S}s")
        except Exception as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise EnvironmentFault(
                f"--scheduler {self.scheduler}: cannot reach a Dask scheduler within {CONNECT_TIMEOUT_S} s "
                f"({reason}); check the address and that the scheduler is running"
            ) from None


def check_scheduler_address(address: str) -> None:
    """Refuse an address Dask cannot connect to, before anything runs: ``scheme://host:port``."""
    scheme, sep, rest = address.partition("://")
    host, colon, port = rest.rpartition(":")
    if not sep or scheme not in SCHEDULER_SCHEMES or not host or not colon or not port.isdigit():
        raise RunRefused(
            f"--scheduler: {address!r} is not allowed; expected a Dask scheduler address "
            f"SCHEME://HOST:PORT with SCHEME one of {', '.join(SCHEDULER_SCHEMES)}, e.g. tcp://10.0.0.5:8786"
        )
    if not 0 < int(port) < 65536:
        raise RunRefused(f"--scheduler: {address!r} is not allowed; the port is a number from 1 to 65535")


@contextlib.contextmanager
def _quiet_children() -> Iterator[None]:
    """Processes started inside ignore Ctrl-C and log only Dask's errors. Ctrl-C reaches every
    process of the terminal, but this process stops the cluster's: they need not print tracebacks,
    nor the warnings of tasks cancelled as the cluster closes. (A process inherits an ignored
    signal, and the environment its Dask reads its logging from.)"""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    name, quiet = "DASK_LOGGING__DISTRIBUTED", "error"
    before = os.environ.get(name)
    os.environ[name] = quiet
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def _quietly(close) -> None:
    """Close a Dask client or cluster without the log lines and errors of a cluster shutting down."""
    import logging

    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        close()
    except Exception:
        pass
    finally:
        logger.setLevel(level)


BACKENDS: dict[str, type[Backend]] = {backend.name: backend for backend in (Serial, LocalPool, Dask)}


def backend_named(name: str, workers: int | None = None, scheduler: str | None = None) -> Backend:
    """The backend called ``name`` (a key of ``BACKENDS``); ``scheduler`` is a Dask scheduler's
    address, for the ``dask`` backend only."""
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")
    if name == Dask.name:
        if scheduler:
            check_scheduler_address(scheduler)
        return Dask(workers, scheduler)
    if scheduler:
        raise ValueError(f"a scheduler address needs the dask backend, not {name!r}")
    return BACKENDS[name](workers)
