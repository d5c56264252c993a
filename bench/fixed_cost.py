"""Benchmark: the whole `airace run scenarios/baseline.yaml -n 20` against a bare `mesa.batch_run`
of the same 20 runs that writes Parquet, each in a fresh process, as a ratio measured in one command.

    uv run python bench/fixed_cost.py            # 3 alternating rounds, medians
    uv run python bench/fixed_cost.py --rounds 5

The bare run is what an analyst could write in ten lines; the ratio is what the command's files
(charts, report, summary, effects, manifest) and its imports cost on top (issue 12 asks for at most
2.5). The model's own time is in both.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
import mesa
import pandas as pd
from sim.model.model import AIRaceModel
rows = mesa.batch_run(AIRaceModel, parameters={}, iterations=20, max_steps=40, number_processes=1,
                      data_collection_period=1, display_progress=False)
pd.DataFrame(rows).to_parquet(sys.argv[1])
"""


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bare, command = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(args.rounds):
            bare.append(seconds([sys.executable, "-c", BARE, f"{scratch}/bare{i}.parquet"]))
            out = f"{scratch}/run{i}"
            command.append(
                seconds(
                    [
                        sys.executable,
                        "-m",
                        "sim.cli",
                        "run",
                        "scenarios/baseline.yaml",
                        "-n",
                        "20",
                        "--out",
                        out,
                        "-q",
                    ]
                )
            )
    b, c = statistics.median(bare), statistics.median(command)
    print(f"bare mesa.batch_run of 20 runs + Parquet, fresh process (s)   {b:6.2f}")
    print(f"airace run scenarios/baseline.yaml -n 20, whole command (s)  {c:6.2f}")
    print(f"ratio (at most 2.5 wanted)                                   {c / b:6.2f}")


if __name__ == "__main__":
    main()
