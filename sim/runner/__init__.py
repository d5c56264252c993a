"""Running the model many times: seeds, batches of runs, backends, and results on disk.

The runner knows nothing of the model's inside: it builds ``AIRaceModel(rng=seed, steps=...,
**params)``, steps it to the end and keeps what its DataCollector recorded.
"""

from sim.runner.backends import BACKENDS, Backend, Dask, LocalPool, Serial, backend_named, start_local_pool_early
from sim.runner.batches import Job, replication_seeds, run_batch, scenario_jobs
from sim.runner.replications import run_replications, run_scenario, run_streamed
from sim.runner.store import PartStore, ResumeMismatch

__all__ = [
    "BACKENDS",
    "Backend",
    "Dask",
    "Job",
    "LocalPool",
    "PartStore",
    "ResumeMismatch",
    "Serial",
    "backend_named",
    "replication_seeds",
    "run_batch",
    "run_replications",
    "run_scenario",
    "run_streamed",
    "scenario_jobs",
    "start_local_pool_early",
]
