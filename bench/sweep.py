"""Benchmark for sweeps: the figures issue 5 sets targets for, measured in one process run.

    uv run python bench/sweep.py                       # 2,000-run sweep (a few minutes on 2 cores)
    uv run python bench/sweep.py --runs 200            # a quicker look
    uv run python bench/sweep.py --memory-runs 100000  # also the peak memory of a 100,000-run sweep
    uv run python bench/sweep.py --hypercube 100000 20 # only a 100,000-run Latin hypercube, 20 runs a point

Prints a table and writes ``bench/results.json``. Ratios are what to compare: the machines are
shared and noisy, so absolute times vary from run to run.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mesa
from common import report

from sim.model.model import AIRaceModel
from sim.model.nations import synthetic_nations

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run_model(**kwargs) -> None:
    model = AIRaceModel(**kwargs)
    model.run_model()


def median_ms(repeats: int, **kwargs) -> float:
    times = []
    for seed in range(repeats):
        started = time.perf_counter()
        run_model(rng=seed, **kwargs)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), summed: the parent,
    the fork server and the workers. Pages a worker shares with the fork server count twice, so
    this errs high."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * resource.getpagesize()
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def run_command(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory of the whole process tree (MiB) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_bytes(process.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return wall, peak / 2**20


def sweep_command(folder: str, points: int, replications: int) -> list[str]:
    """``airace run`` on a sweep of export-control stringency (``points`` values), local backend."""
    values = [round(i / (points - 1), 6) for i in range(points)]
    sweep = {
        "name": "bench_sweep",
        "steps": 40,
        "seed": 1,
        "replications": replications,
        "sweep": {"us.export_control_stringency": values},
    }
    return airace_command(sweep, folder, f"sweep_{points * replications}")


def airace_command(sweep: dict, folder: str, name: str) -> list[str]:
    """``airace run`` of scenario ``sweep`` (written to ``folder`` as ``name``), local backend, two workers."""
    scenario = Path(folder) / f"bench_{name}.yaml"
    scenario.write_text(json.dumps(sweep))  # JSON is YAML
    out = f"{folder}/out_{name}"
    return [
        sys.executable,
        "-m",
        "sim.cli",
        "run",
        str(scenario),
        "--out",
        out,
        "-q",
        "--backend",
        "local",
        "--workers",
        "2",
    ]


def hypercube_command(folder: str, points: int, replications: int) -> list[str]:
    """``airace run`` on a Latin hypercube of ``points`` over three levers (the library's
    ``sweep_open_models_cooperation``), ``replications`` runs a point, local backend, two workers."""
    sweep = {
        "name": "bench_hypercube",
        "steps": 40,
        "seed": 1,
        "replications": replications,
        "sweep": {
            "latin_hypercube": points,
            "over": {
                "cn.open_model_subsidy": {"from": 0.0, "to": 1.0},
                "us.safety_governance_stance": {"from": 0.0, "to": 1.0},
                "us.joint_misuse_detection": {"from": 0.0, "to": 1.0},
            },
        },
    }
    return airace_command(sweep, folder, f"hypercube_{points}x{replications}")


def hypercube(runs: int, replications: int) -> None:
    """Only the Latin hypercube sweep of ``runs`` runs, ``replications`` a point: wall time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        wall, peak = run_command(hypercube_command(folder, runs // replications, replications))
    report(
        {
            f"airace run, {runs}-run Latin hypercube ({runs // replications} points x {replications}), "
            "whole command, 2 workers (s; target <= 180 at 100000)": wall,
            "peak memory of that command, whole process tree (MiB; target < 1024)": peak,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="runs in the sweep comparison (a multiple of 10)")
    parser.add_argument(
        "--memory-runs",
        type=int,
        default=0,
        help="also measure the peak memory of a sweep this big (a multiple of 10; 100000 takes "
        "about a quarter of an hour on 2 cores)",
    )
    parser.add_argument(
        "--hypercube",
        type=int,
        nargs=2,
        metavar=("RUNS", "REPLICATIONS"),
        help="measure only a Latin hypercube sweep of RUNS runs, REPLICATIONS a point (e.g. 100000 20)",
    )
    args = parser.parse_args()
    if args.hypercube:
        hypercube(*args.hypercube)
        return
    points, replications = 10, args.runs // 10
    values = [round(i / (points - 1), 6) for i in range(points)]

    run_model(rng=0)  # warm caches
    figures: dict[str, float] = {"one baseline run, 40 quarters (ms, median of 50)": median_ms(50)}
    nations = {n: median_ms(10, nations=synthetic_nations(n)) for n in (60, 600, 6000)}
    for n, ms in nations.items():
        figures[f"one run with {n} nations (ms)"] = ms
    figures["cost per nation, 6000 vs 60 (ratio of ms per nation; <= 1 is linear or better)"] = (
        nations[6000] / 6000
    ) / (nations[60] / 60)
    steps = {s: median_ms(10, steps=s) for s in (40, 160)}
    figures["cost per step, 160 vs 40 steps (ratio; about 1 is linear)"] = (steps[160] / 160) / (steps[40] / 40)

    seeds = list(range(replications))
    with tempfile.TemporaryDirectory() as folder:
        airace, peak_mib = run_command(sweep_command(folder, points, replications))
        if args.memory_runs:
            big_wall, big_peak = run_command(sweep_command(folder, points, args.memory_runs // points))
    batch = {
        processes: timed(
            lambda p=processes: mesa.batch_run(
                AIRaceModel,
                parameters={"us.export_control_stringency": values},
                rng=seeds,
                max_steps=40,
                number_processes=p,
                data_collection_period=1,
                display_progress=False,
            )
        )
        for processes in (1, 2)
    }
    runs = points * replications
    figures[f"airace run, {runs}-run sweep, local backend, whole command (s)"] = airace
    figures[f"mesa.batch_run, {runs} runs, number_processes=1 (s)"] = batch[1]
    figures[f"mesa.batch_run, {runs} runs, number_processes=2 (s)"] = batch[2]
    figures["throughput: airace local / batch_run np=1 (target >= 1.8)"] = batch[1] / airace
    figures["throughput: airace local / batch_run np=2 (target >= 1)"] = batch[2] / airace
    figures[f"peak memory of the airace command, {runs} runs, whole process tree (MiB)"] = peak_mib
    if args.memory_runs:
        figures[f"airace run, {args.memory_runs}-run sweep, whole command (s)"] = big_wall
        figures[
            f"peak memory of the airace command, {args.memory_runs} runs, whole process tree (MiB; target < 1024)"
        ] = big_peak

    report(figures)


if __name__ == "__main__":
    main()
