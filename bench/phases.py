"""Benchmark: time of each phase of the model's quarter, here and (with ``--against REV``) in another
commit, measured in one command so that the ratios compare like with like on a noisy machine.

    uv run python bench/phases.py                    # this checkout
    uv run python bench/phases.py --against cdf26bd  # and the ratio to an earlier commit, per phase

Times are CPU time of this process (``time.process_time``), which other work on a shared machine
disturbs less than wall time, and each figure is the fastest of its runs (contention only adds).
Each phase is timed by wrapping the model's method for it; ``firms and the rest`` is the quarter's
time in no other phase (the firms' steps and the loop itself). The other commit runs from a
temporary git worktree in a child process, alternating with this checkout; medians of the rounds
are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent

# phase -> the model attributes that hold it (the first one the model has is timed)
PHASES = {
    "events": ("_apply_events",),
    "governments": ("_governments_decide",),
    "chip trade": ("market.trade", "_trade_chips"),
    "capability": ("frontier.advance", "_advance_capability"),
    "nations": ("_nations_decide",),
    "relations": ("relations.step", "_update_relations"),
    "misuse": ("_assess_misuse",),
    "measure": ("_measure",),
    "collect": ("datacollector.collect",),
}


def _timed(function, totals: dict[str, float], phase: str):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        result = function(*args, **kwargs)
        totals[phase] += time.process_time() - started
        return result

    return wrapper


def _wrap(model, totals: dict[str, float]) -> None:
    for phase, paths in PHASES.items():
        for path in paths:
            *owners, name = path.split(".")
            owner = model
            for part in owners:
                owner = getattr(owner, part, None)
            if owner is not None and hasattr(owner, name):
                setattr(owner, name, _timed(getattr(owner, name), totals, phase))
                break


def measure(runs: int) -> dict[str, float]:
    """Milliseconds per 40-quarter baseline run: in all, building the model, and in each phase."""
    from sim.model.model import AIRaceModel

    AIRaceModel(rng=0).run_model()  # warm caches
    whole, built, phases = [], [], []
    for seed in range(runs):
        started = time.process_time()
        AIRaceModel(rng=seed).run_model()
        whole.append(time.process_time() - started)
    for seed in range(runs):
        totals = dict.fromkeys(PHASES, 0.0)
        started = time.process_time()
        model = AIRaceModel(rng=seed)
        built.append(time.process_time() - started)
        _wrap(model, totals)
        started = time.process_time()
        model.run_model()
        totals["firms and the rest"] = time.process_time() - started - sum(totals.values())
        phases.append(totals)
    figures = {"one run (ms)": 1000 * min(whole), "building the model (ms)": 1000 * min(built)}
    figures.update({f"{phase} (ms a run)": 1000 * min(run[phase] for run in phases) for phase in phases[0]})
    return figures


def _child(tree: Path, runs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(  # this script, run in the other tree
        [sys.executable, str(HERE), "--json", "--runs", str(runs)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", help="a commit to compare with, phase by phase")
    parser.add_argument("--runs", type=int, default=40, help="runs per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurements of each tree")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.runs)))
        return
    if not args.against:
        from common import report

        report(measure(args.runs))
        return
    with tempfile.TemporaryDirectory() as scratch:
        other = Path(scratch) / "other"
        subprocess.run(["git", "worktree", "add", "--detach", str(other), args.against], cwd=ROOT, check=True)
        try:
            here, there = [], []
            for _ in range(args.rounds):
                here.append(_child(ROOT, args.runs))
                there.append(_child(other, args.runs))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=True)
    width = max(map(len, here[0]))
    print(f"{'ms (median of ' + str(args.rounds) + ')':<{width}}  {args.against[:10]:>10}  {'this':>10}  {'ratio':>6}")
    for name in here[0]:
        now = statistics.median(r[name] for r in here)
        before = statistics.median(r[name] for r in there)
        print(f"{name:<{width}}  {before:10.3f}  {now:10.3f}  {now / before if before else float('nan'):6.2f}")


if __name__ == "__main__":
    main()
