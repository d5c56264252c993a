"""Benchmark: replications in lockstep. Time per phase and per replication of the 40-quarter
baseline run as one batch of R replications (``AIRaceModel(rng=[seed, ...])``) at R = 1, 20 and
100, and the ratio against Mesa's ``batch_run`` of the one-replication model for the same runs, all
measured in this one process so the ratios compare like with like on a noisy machine.

    uv run python bench/replications.py             # R = 1, 20, 100
    uv run python bench/replications.py --sizes 1 20 100 500 --repeats 5

Times are CPU time of this process (``time.process_time``), the fastest of ``--repeats`` (contention
only adds). ``batch_run`` runs in one process (``number_processes=1``), seeded with the same seeds.
A batch's phases are timed as in ``bench/phases.py`` (its time for all R, divided by R).
"""

from __future__ import annotations

import argparse
import time

from common import report
from phases import PHASES, _wrap


def _batch(seeds: list[int]) -> float:
    from sim.model.model import AIRaceModel

    started = time.process_time()
    AIRaceModel(rng=seeds).run_model()
    return time.process_time() - started


def _phases(seeds: list[int]) -> dict[str, float]:
    from sim.model.model import AIRaceModel

    totals = dict.fromkeys(PHASES, 0.0)
    started = time.process_time()
    model = AIRaceModel(rng=seeds)
    built = time.process_time() - started
    _wrap(model, totals)
    started = time.process_time()
    model.run_model()
    totals["firms and the rest"] = time.process_time() - started - sum(totals.values())
    return {"building": built, **totals}


def _mesa(seeds: list[int]) -> float:
    import mesa

    from sim.model.model import AIRaceModel

    started = time.process_time()
    mesa.batch_run(AIRaceModel, {}, number_processes=1, rng=seeds, max_steps=40, display_progress=False)
    return time.process_time() - started


def measure(sizes: list[int], repeats: int) -> dict[str, float]:
    _batch([0, 1])  # warm caches and imports
    _mesa([0])
    figures: dict[str, float] = {}
    for size in sizes:
        seeds = list(range(1000, 1000 + size))
        batch = min(_batch(seeds) for _ in range(repeats))
        plain = min(_mesa(seeds) for _ in range(repeats))
        phases = [_phases(seeds) for _ in range(repeats)]
        figures[f"R={size}: batch, ms a replication"] = 1000 * batch / size
        figures[f"R={size}: mesa batch_run, ms a replication"] = 1000 * plain / size
        figures[f"R={size}: speed-up over batch_run (x)"] = plain / batch
        for phase in phases[0]:
            figures[f"R={size}: {phase}, ms a replication"] = 1000 * min(p[phase] for p in phases) / size
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 20, 100], help="replications per batch")
    parser.add_argument("--repeats", type=int, default=3, help="measurements of each, the fastest kept")
    args = parser.parse_args()
    report(measure(args.sizes, args.repeats))


if __name__ == "__main__":
    main()
