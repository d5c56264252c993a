"""The one run path: the replications of one configuration, run in one loop and kept in one cache.

Every front end that runs replications of a configuration (the dashboard, the game's library
comparison, the contract, screen, explain and decompose, compare, the nation picks, calibration,
the EMA bridge) calls :func:`run_replications` (or :func:`run_configurations` for several at once),
and every run anywhere, in this process or in a backend's worker, is made by
:func:`sim.runner.loop.replicate`, the one loop over seeds.
``airace run`` and sensitivity studies stream their runs to disk instead of holding them
(``sim.runner.replications.run_streamed``), but their workers run them with :func:`replicate` too.

The cache is in memory and bounded (least recently used out first, by count and by bytes), keyed by
everything that decides the numbers: the model's fingerprint (``sim.runner.provenance``), the
parameters, the events, the horizon and the seeds. Each process has its own (a dashboard or game
worker, a pool's worker): a forked child starts with an empty one and a fresh lock, and two threads
asking for the same runs at once run them once.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.registry.outcomes import NUMERIC, OUTCOMES
from sim.registry.params import Value
from sim.runner.batches import JOB, STACKS, Job
from sim.runner.loop import Config, Replicated, replicate
from sim.runner.replications import _backend, batches_of
from sim.runner.store import columns_frame

__all__ = [
    "Config",
    "Replicated",
    "Replications",
    "clear_cache",
    "remember",
    "replicate",
    "run_configurations",
    "run_replications",
]

CACHE_ENTRIES = 256  # configurations kept
CACHE_BYTES = 256 * 2**20  # and at most this much of their arrays (a 1,000-run baseline is about 20 MB)


@dataclass(frozen=True, eq=False)
class Replications:
    """The runs of one configuration on ``seeds``: ``columns`` (``replication``, ``seed`` and every
    outcome, one row per run and quarter, replication by replication) and ``stacks`` (runs x quarters
    x nations). Held in the cache and shared: read it, do not change its arrays."""

    config: Config
    seeds: tuple[int, ...]
    columns: dict[str, np.ndarray]
    stacks: np.ndarray
    seconds: float = 0.0  # the time it took to run them (not to fetch them from the cache)

    @classmethod
    def made(cls, config: Config, seeds: Sequence[int], replicated: Replicated) -> Replications:
        stacks = np.stack(replicated.stacks) if replicated.stacks else np.zeros((0, 0, 0), np.int8)
        return cls.of_columns(config, seeds, replicated.lengths, replicated.columns, stacks)

    @classmethod
    def of_columns(
        cls, config: Config, seeds: Sequence[int], lengths: Sequence[int], outcomes: dict[str, np.ndarray], stacks
    ) -> Replications:
        """From each run's row count, the outcomes' columns and the runs' stacks."""
        counts = np.asarray(lengths, dtype=np.int64)
        columns = {
            "replication": np.repeat(np.arange(len(seeds)), counts),
            "seed": np.repeat(np.asarray(seeds, dtype=np.int64), counts),
            **{name: outcomes[name] for name in OUTCOMES},
        }
        return cls(config, tuple(int(s) for s in seeds), columns, np.asarray(stacks))

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.columns.values()) + self.stacks.nbytes

    def frame(self) -> pd.DataFrame:
        """A new tidy frame: one row per run and quarter, as ``airace run`` holds them."""
        return columns_frame([{JOB: self.columns["replication"], **self.columns}])

    def outcomes(self, names: Sequence[str] = NUMERIC) -> np.ndarray:
        """The outcomes ``names`` as floats: runs x quarters x outcomes."""
        runs, steps = len(self.seeds), self.config.steps
        return np.stack([self.columns[n].astype(float).reshape(runs, steps) for n in names], axis=-1)


# ---- the cache -------------------------------------------------------------------------------
class _Cache:
    """Replications by key, least recently used out first; one computation per key at a time."""

    def __init__(self, entries: int = CACHE_ENTRIES, nbytes: int = CACHE_BYTES):
        self.entries, self.max_bytes = entries, nbytes
        self._reset()

    def _reset(self) -> None:
        self.lock = threading.Lock()
        self.kept: OrderedDict[tuple, Replications] = OrderedDict()
        self.running: dict[tuple, threading.Event] = {}
        self.bytes = 0

    def get(self, key: tuple) -> Replications | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def claim(self, key: tuple) -> tuple[Replications | None, threading.Event | None]:
        """(kept runs, None); or (None, an event to wait for: another thread is running them); or
        (None, None): the caller runs them, then calls ``put`` (or ``release``)."""
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
                return found, None
            if key in self.running:
                return None, self.running[key]
            self.running[key] = threading.Event()
            return None, None

    def put(self, key: tuple, runs: Replications) -> None:
        with self.lock:
            if key not in self.kept and runs.nbytes <= self.max_bytes:
                self.kept[key] = runs
                self.bytes += runs.nbytes
                while len(self.kept) > self.entries or self.bytes > self.max_bytes:
                    _, old = self.kept.popitem(last=False)
                    self.bytes -= old.nbytes
        self.release(key)

    def release(self, key: tuple) -> None:
        with self.lock:
            event = self.running.pop(key, None)
        if event is not None:
            event.set()

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()
            self.bytes = 0


_cache = _Cache()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_cache._reset)  # a lock held by a thread at the fork is not the child's


def clear_cache() -> None:
    """Forget every kept run (tests; or after changing the model's code in a long-lived process)."""
    _cache.clear()


def cache_key(config: Config, seeds: Sequence[int]) -> tuple:
    from sim.runner.provenance import model_fingerprint

    return (model_fingerprint(), config.key(), tuple(int(s) for s in seeds))


def remember(runs: Replications) -> None:
    """Keep runs made elsewhere (e.g. by ``airace run``'s backend) so the analysis need not rerun them."""
    key = cache_key(runs.config, runs.seeds)
    if _cache.get(key) is None:
        _cache.put(key, runs)


def run_replications(
    config: Config | Mapping[str, Value],
    seeds: Sequence[int],
    steps: int | None = None,
    events: tuple | None = None,
    workers: int | None = None,
    backend: str = "serial",
    progress: Callable[[int], None] | None = None,
    cached: bool = True,
) -> Replications:
    """The runs of one configuration on ``seeds``, from the cache when it holds them.

    ``config`` is a :class:`Config` or parameter overrides (then ``steps``, default 40, and
    ``events``). ``backend`` and ``workers`` say where missing runs are run (this process by
    default); ``cached=False`` neither reads nor fills the cache (a sweep's one-off points)."""
    if not isinstance(config, Config):
        config = Config(dict(config), 40 if steps is None else steps, events or ())
    return run_configurations([config], seeds, workers, backend, progress, cached)[0]


def run_configurations(
    configs: Sequence[Config],
    seeds: Sequence[int],
    workers: int | None = None,
    backend: str = "serial",
    progress: Callable[[int], None] | None = None,
    cached: bool = True,
) -> list[Replications]:
    """Each configuration's runs on the same ``seeds`` (common random numbers), in order: those the
    cache holds from it, the rest in one pass of the backend (see :func:`run_replications`)."""
    seeds = [int(s) for s in seeds]
    keys = [cache_key(c, seeds) for c in configs] if cached else [None] * len(configs)
    found, mine, waiting, claimed = _claim(keys)
    try:
        if progress:
            for _ in range(sum(runs is not None for runs in found)):
                progress(len(seeds))
        made = _run_missing([configs[i] for i in mine], seeds, workers, backend, progress)
    except BaseException:
        for key in claimed:
            _cache.release(key)
        raise
    for i, runs in zip(mine, made, strict=True):
        found[i] = runs
        if keys[i] is not None:
            _cache.put(keys[i], runs)
    for i, event in waiting:
        event.wait()
        found[i] = _cache.get(keys[i]) or run_configurations([configs[i]], seeds, cached=False)[0]
        if progress:
            progress(len(seeds))
    for i, key in enumerate(keys):
        if found[i] is None:  # a repeat of a configuration earlier in this call
            found[i] = found[keys.index(key)]
    return [runs for runs in found if runs is not None]


def _claim(keys: list) -> tuple[list[Replications | None], list[int], list[tuple[int, threading.Event]], set]:
    """Sort the configurations of one call by their cache keys: those the cache holds (found), those
    this call runs (mine, their keys claimed so other threads wait), those another thread is running
    (waiting on its event); a repeat of a key earlier in the call is none of these."""
    found: list[Replications | None] = [None] * len(keys)
    mine: list[int] = []
    waiting: list[tuple[int, threading.Event]] = []
    claimed: set[tuple] = set()
    for i, key in enumerate(keys):
        if key is None:
            mine.append(i)
            continue
        if key in claimed:  # the same configuration twice in one call
            continue
        runs, event = _cache.claim(key)
        if runs is not None:
            found[i] = runs
        elif event is not None:
            waiting.append((i, event))
        else:
            claimed.add(key)
            mine.append(i)
    return found, mine, waiting, claimed


def _run_missing(
    configs: list[Config],
    seeds: list[int],
    workers: int | None,
    backend: str,
    progress: Callable[[int], None] | None,
) -> list[Replications]:
    """Run configurations: in this process straight through :func:`replicate`, or as jobs on a
    backend (whose workers run them with :func:`replicate` too)."""
    if not configs:
        return []
    if backend == "serial" or (backend == "local" and workers == 1):
        made = []
        for config in configs:
            started = time.perf_counter()
            runs = Replications.made(config, seeds, replicate(config, seeds))
            made.append(dataclasses.replace(runs, seconds=time.perf_counter() - started))
            if progress:
                progress(len(seeds))
        return made
    jobs = [
        Job(c.params, c.steps, seed, r, c.events, None, i, stacks=True)
        for i, c in enumerate(configs)
        for r, seed in enumerate(seeds)
    ]
    started = time.perf_counter()
    runner = _backend(backend, workers, None)
    count = runner.workers(jobs)
    batches = batches_of(list(enumerate(jobs)), count)
    parts: list[dict] = []
    stacks: dict[int, np.ndarray] = {}
    for batch, columns in zip(batches, runner.run(batches, count), strict=True):
        stacks.update(columns.pop(STACKS))
        parts.append(columns)
        if progress:
            progress(len(batch))
    every = {name: np.concatenate([p[name] for p in parts]) for name in (JOB, *OUTCOMES)}
    lengths = np.bincount(every[JOB], minlength=len(jobs))
    made, row = [], 0
    for i, config in enumerate(configs):
        runs = range(i * len(seeds), (i + 1) * len(seeds))
        size = int(lengths[runs.start : runs.stop].sum())
        outcomes = {name: every[name][row : row + size] for name in OUTCOMES}
        made.append(
            Replications.of_columns(config, seeds, lengths[runs.start : runs.stop], outcomes, [stacks[j] for j in runs])
        )
        row += size
    seconds = (time.perf_counter() - started) / len(configs)  # the pass's time, shared out
    return [dataclasses.replace(runs, seconds=seconds) for runs in made]
