"""Running the model many times: seeds, batches of runs, backends, and results on disk.

The runner knows nothing of the model's inside: it builds ``AIRaceModel(rng=seed, steps=...,
**params)``, steps it to the end and keeps what its DataCollector recorded.

Names are imported on first use, so ``sim.runner.pool`` and ``sim.runner.batches`` can be loaded
without pandas and Arrow (the command line starts worker processes before it imports those).
"""

from importlib import import_module

_HOMES = {
    "Job": "batches",
    "replication_seeds": "batches",
    "run_batch": "batches",
    "scenario_jobs": "batches",
    "run_one": "replications",
    "run_replications": "replications",
    "run_scenario": "replications",
    "run_streamed": "replications",
    "PartStore": "store",
    "ResumeMismatch": "store",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'sim.runner' has no attribute {name!r}")
    return getattr(import_module(f"sim.runner.{_HOMES[name]}"), name)
