"""Benchmark: one 40-quarter baseline run, and the 20-replication baseline end to end.

Run with ``uv run python bench/baseline.py``. Prints a table and writes ``bench/results.json``.
Times are medians of repeats, measured in one process run, since shared machines are noisy.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import report

from sim.model.model import AIRaceModel
from sim.runner import replication_seeds, run_replications

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def one_run(seed: int) -> None:
    model = AIRaceModel(rng=seed)
    model.run_model()


def median_seconds(action, repeats: int) -> float:
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cli_run(_: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [sys.executable, "-m", "sim.cli", "run", "scenarios/baseline.yaml", "--out", f"{out}/r", "-q"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def main() -> None:
    one_run(0)  # warm caches
    seeds = replication_seeds(20250101, 20)
    figures = {
        "one baseline run, 40 quarters (ms)": 1000 * median_seconds(one_run, 50),
        "20 replications in process, serial (s)": median_seconds(
            lambda _: run_replications({}, seeds, 40, cached=False), 5
        ),
        "airace run scenarios/baseline.yaml, 20 replications, whole command (s)": median_seconds(cli_run, 3),
    }
    report(figures)


if __name__ == "__main__":
    main()
