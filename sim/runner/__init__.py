"""Running the model many times: seeds, batches of runs, backends, and results on disk.

The runner knows nothing of the model's inside: it builds ``AIRaceModel(rng=seed, steps=...,
**params)``, steps it to the end and keeps what its DataCollector recorded. There is one run path:
``run_replications`` (``sim.runner.replicate``) runs the replications of one configuration, from one
cache, and every run anywhere is made by ``replicate``'s loop over seeds.
"""

from sim.runner.backends import (
    BACKENDS,
    Backend,
    Dask,
    LocalPool,
    Serial,
    backend_named,
    default_workers,
    start_local_pool_early,
)
from sim.runner.batches import STACK_RUNS, Job, replication_seeds, run_batch, scenario_jobs
from sim.runner.errors import EnvironmentFault, RunRefused, os_error
from sim.runner.folder import AlreadyFinished, results_folder
from sim.runner.lock import FolderInUse
from sim.runner.replicate import Config, Replications, run_configurations, run_replications
from sim.runner.replications import run_scenario, run_streamed
from sim.runner.signals import exit_status, signals_as_interrupts
from sim.runner.store import PartStore, ResumeMismatch, fingerprint_of

__all__ = [
    "BACKENDS",
    "STACK_RUNS",
    "AlreadyFinished",
    "Backend",
    "Config",
    "Dask",
    "EnvironmentFault",
    "FolderInUse",
    "Job",
    "LocalPool",
    "PartStore",
    "Replications",
    "ResumeMismatch",
    "RunRefused",
    "Serial",
    "backend_named",
    "default_workers",
    "exit_status",
    "fingerprint_of",
    "os_error",
    "replication_seeds",
    "results_folder",
    "run_batch",
    "run_configurations",
    "run_replications",
    "run_scenario",
    "run_streamed",
    "scenario_jobs",
    "signals_as_interrupts",
    "start_local_pool_early",
]
