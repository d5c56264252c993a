"""Benchmark: the whole `airace run scenarios/baseline.yaml -n N` against a bare `mesa.batch_run` of
the same N runs that writes Parquet, each in a fresh process, as ratios measured in one command.

    uv run python bench/fixed_cost.py                                      # -n 20, 3 alternating rounds
    uv run python bench/fixed_cost.py --runs 1000 --processes 1 2 --rounds 1

The bare run is what an analyst could write in ten lines; at 20 runs the ratio is what the command's
files (charts, report, summary, effects, manifest) and its imports cost on top (issue 12 asks for at
most 2.5); at 1,000 runs it is throughput (issue 25 asks the command for at least 2x a bare
``batch_run`` in one process and 1x in two), airace given as many workers as ``batch_run`` has
processes. "As a user runs it" is the command without ``--workers``: on the local backend it uses
what the machine has (a pool for many runs, a second process for charts). The model's own time is
in both.
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
if __name__ == "__main__":
    runs, processes = int(sys.argv[2]), int(sys.argv[3])
    rows = mesa.batch_run(AIRaceModel, parameters={}, iterations=runs, max_steps=40, number_processes=processes,
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
    parser.add_argument("--runs", type=int, default=20, help="replications of the baseline")
    parser.add_argument(
        "--processes", type=int, nargs="+", default=[1], help="batch_run's number_processes, and airace's --workers"
    )
    args = parser.parse_args()
    bare: dict[int, list[float]] = {p: [] for p in args.processes}
    pinned: dict[int, list[float]] = {p: [] for p in args.processes}
    as_run = []
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "bare.py"
        script.write_text(BARE)
        run = [sys.executable, "-m", "sim.cli", "run", "scenarios/baseline.yaml", "-n", str(args.runs), "-q"]
        for i in range(args.rounds):
            as_run.append(seconds([*run, "--out", f"{scratch}/run{i}"]))
            for p in args.processes:
                bare[p].append(
                    seconds([sys.executable, str(script), f"{scratch}/bare{i}.parquet", str(args.runs), str(p)])
                )
                pinned[p].append(seconds([*run, "--workers", str(p), "--out", f"{scratch}/run{i}_{p}"]))
    c = statistics.median(as_run)
    print(f"airace run scenarios/baseline.yaml -n {args.runs}, whole command as a user runs it (s)  {c:8.2f}")
    for p in args.processes:
        b, w = statistics.median(bare[p]), statistics.median(pinned[p])
        print(f"bare mesa.batch_run of {args.runs} runs + Parquet, {p} process(es) (s)             {b:8.2f}")
        print(f"airace run ... --workers {p} (s)                                          {w:8.2f}")
        if p == 1:
            print(f"  airace as run / batch_run in one process (at most 2.5 wanted at 20 runs)     {c / b:8.2f}")
        print(f"  throughput, airace --workers {p} / batch_run ({2 if p == 1 else 1}x wanted at 1,000)  {b / w:8.2f}")


if __name__ == "__main__":
    main()
