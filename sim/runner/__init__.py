"""Running the model many times: seeds, workers, and one tidy frame of all runs.

The runner knows nothing of the model's inside: it builds ``AIRaceModel(rng=seed, steps=...,
**params)``, steps it to the end and keeps the outcome frame.
"""

from sim.runner.replications import replication_seeds, run_one, run_replications, run_scenario, scenario_jobs

__all__ = ["replication_seeds", "run_one", "run_replications", "run_scenario", "scenario_jobs"]
