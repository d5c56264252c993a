"""Benchmark: the whole `airace run scenarios/baseline.yaml -n N` against a bare `mesa.batch_run` of
the same N runs that writes Parquet, each in a fresh process, as ratios measured in one command.

    uv run python bench/fixed_cost.py                                      # -n 20, 3 alternating rounds
    uv run python bench/fixed_cost.py --runs 1000 --processes 1 2 --rounds 1
    uv run python bench/fixed_cost.py --rounds 7 --against 948402b         # and another commit, alternating

The bare run is what an analyst could write in ten lines; at 20 runs the ratio is what the command's
files (charts, report, summary, effects, manifest) and its imports cost on top (issue 12 asks for at
most 2.5); at 1,000 runs it is throughput (issue 25 asks the command for at least 2x a bare
``batch_run`` in one process and 1x in two), airace given as many workers as ``batch_run`` has
processes. "As a user runs it" is the command without ``--workers``: on the local backend it uses
what the machine has (a pool for many runs, a second process for charts). The model's own time is
in both. Each ratio is the median of the rounds' own ratios (a command and its bare run measured
one after the other), which a machine whose speed drifts disturbs less than a ratio of medians.
With ``--against REV`` the other commit's command and bare run (from a temporary git worktree, on
this environment's packages) alternate with this tree's in every round.
"""

from __future__ import annotations

import argparse
import os
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


def seconds(command: list[str], tree: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True)
    return time.perf_counter() - started


def one_round(tree: Path, scratch: Path, runs: int, processes: list[int]) -> dict[str, float]:
    """One measurement of each command in ``tree``: the command as a user runs it, and for each
    number of processes the bare run and the command pinned to as many workers."""
    tag = f"{tree.name}{time.perf_counter_ns()}"
    run = [sys.executable, "-m", "sim.cli", "run", "scenarios/baseline.yaml", "-n", str(runs), "-q"]
    times = {"as run": seconds([*run, "--out", str(scratch / f"run{tag}")], tree)}
    for p in processes:
        bare = [sys.executable, str(scratch / "bare.py"), str(scratch / f"bare{tag}.parquet"), str(runs), str(p)]
        times[f"bare {p}"] = seconds(bare, tree)
        times[f"pinned {p}"] = seconds([*run, "--workers", str(p), "--out", str(scratch / f"run{tag}_{p}")], tree)
    return times


def report(rounds: list[dict[str, float]], runs: int, processes: list[int]) -> dict[str, float]:
    def median(name: str) -> float:
        return statistics.median(r[name] for r in rounds)

    def ratio(top: str, bottom: str) -> float:
        return statistics.median(r[top] / r[bottom] for r in rounds)

    print(f"airace run scenarios/baseline.yaml -n {runs}, whole command as a user runs it (s)  {median('as run'):8.2f}")
    figures = {"as run": median("as run")}
    for p in processes:
        bare, pinned = median(f"bare {p}"), median(f"pinned {p}")
        print(f"bare mesa.batch_run of {runs} runs + Parquet, {p} process(es) (s)             {bare:8.2f}")
        print(f"airace run ... --workers {p} (s)                                          {pinned:8.2f}")
        if p == 1:
            figures["as run / bare"] = shown = ratio("as run", "bare 1")
            print(f"  airace as run / batch_run in one process (at most 2.5 wanted at 20 runs)     {shown:8.2f}")
        wanted, throughput = 2 if p == 1 else 1, ratio(f"bare {p}", f"pinned {p}")
        print(f"  throughput, airace --workers {p} / batch_run ({wanted}x wanted at 1,000)  {throughput:8.2f}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=20, help="replications of the baseline")
    parser.add_argument(
        "--processes", type=int, nargs="+", default=[1], help="batch_run's number_processes, and airace's --workers"
    )
    parser.add_argument("--against", help="another commit, measured alternately in every round")
    args = parser.parse_args()
    here: list[dict[str, float]] = []
    there: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "bare.py").write_text(BARE)
        other = scratch / "other"
        if args.against:
            subprocess.run(["git", "worktree", "add", "--detach", str(other), args.against], cwd=ROOT, check=True)
        try:
            for _ in range(args.rounds):
                here.append(one_round(ROOT, scratch, args.runs, args.processes))
                if args.against:
                    there.append(one_round(other, scratch, args.runs, args.processes))
        finally:
            if args.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=True)
    if args.against:
        print(f"--- {args.against}")
        before = report(there, args.runs, args.processes)
        print("--- this tree")
    now = report(here, args.runs, args.processes)
    if args.against:
        paired = statistics.median(h["as run"] / t["as run"] for h, t in zip(here, there, strict=True))
        print(f"  this tree's command / {args.against}'s (median of the rounds' ratios)           {paired:8.2f}")
        print(f"  its ratio to the bare run: {before['as run / bare']:.2f} there, {now['as run / bare']:.2f} here")


if __name__ == "__main__":
    main()
