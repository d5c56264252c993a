"""Running the model many times: seeds, workers, and one tidy frame of all runs.

The runner knows nothing of the model's inside: it builds ``AIRaceModel(rng=seed, steps=...,
**params)``, steps it to the end and keeps what its DataCollector recorded.
"""

from sim.runner.batches import Job, run_batch
from sim.runner.replications import (
    replication_seeds,
    run_one,
    run_replications,
    run_scenario,
    run_streamed,
    scenario_jobs,
)
from sim.runner.store import PartStore, ResumeMismatch

__all__ = ["Job", "PartStore", "ResumeMismatch", "replication_seeds", "run_batch", "run_one", "run_replications",
           "run_scenario", "run_streamed", "scenario_jobs"]
