"""Comparing runs: two or more single-point runs on shared axes, their paired differences over time
with intervals, and the effects table, each against the first.

A run is a results folder (``airace run``'s ``timeseries.parquet`` and ``manifest.json``) or a
scenario file, which is run here with the first run's seeds, so every pair is paired. Runs with
different seeds, horizons or model versions are refused unless asked for unpaired comparison, where
differences are between means and intervals are Welch t-intervals. Runs made by different models
(another model fingerprint, ``sim.runner.provenance``) are refused unless ``--allow-different-models``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.effects import effects_table
from sim.registry.calendar import quarter_label
from sim.registry.verdict import judge_columns, judge_unpaired
from sim.runner.provenance import check_same_model


class CompareError(ValueError):
    """Runs that cannot be compared as asked, in words for the person who asked."""


@dataclass(frozen=True)
class Compared:
    """One run in a comparison: its name, where it came from, its runs and what pairs it."""

    name: str
    source: str
    frame: pd.DataFrame
    seeds: tuple[int, ...]
    steps: int
    version: str
    model: str | None = None  # the model's fingerprint (sim.runner.provenance); None: not recorded


def from_folder(folder: Path) -> Compared:
    """A finished ``airace run`` folder."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise CompareError(
            f"{folder}: not a finished results folder (no manifest.json); run `airace run` into it first"
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    scenario = manifest["scenario"]
    if scenario.get("sweep"):
        raise CompareError(
            f"{folder}: a sweep of {manifest.get('sweep_points', 'several')} points; compare takes single-point "
            "runs (use `airace tradeoff` for a sweep's points)"
        )
    frame = pd.read_parquet(folder / "timeseries.parquet")
    return Compared(
        scenario["name"],
        str(folder),
        frame,
        tuple(manifest["seeds"]),
        int(scenario["steps"]),
        str(manifest.get("versions", {}).get("airace", "unknown")),
        manifest.get("model_fingerprint"),
    )


def from_scenario(path: Path, like: Compared | None, replications: int | None, workers: int | None) -> Compared:
    """A scenario file, run with the seeds and horizon of ``like`` (the first run) when there is one."""
    from sim.runner.provenance import model_fingerprint, package_versions
    from sim.runner.replicate import Config, run_replications
    from sim.scenario import load_scenario

    scenario = load_scenario(path)
    if like is not None:
        steps, seeds = like.steps, like.seeds
    else:
        scenario = scenario.with_overrides(replications=replications)
        from sim.model.draws import replication_seeds

        steps, seeds = scenario.steps, tuple(replication_seeds(scenario.seed, scenario.replications))
    if scenario.sweep is not None:
        raise CompareError(f"{path}: a sweep; compare takes single-point scenarios (use `airace tradeoff`)")
    config = Config(scenario.model_params, steps, scenario.model_events)
    frame = run_replications(config, seeds, workers=workers, backend="local").frame()
    return Compared(
        scenario.name, str(path), frame, tuple(seeds), steps, package_versions()["airace"], model_fingerprint()
    )


def load(sources: list[Path], replications: int | None = None, workers: int | None = None) -> list[Compared]:
    """Each source as a run: folders read, scenario files run with the first run's seeds (a file
    given first sets them: its own seed and replications, or ``replications``)."""
    runs: list[Compared] = []
    folders = [s for s in sources if s.is_dir()]
    first = from_folder(folders[0]) if folders else None
    for source in sources:
        if source.is_dir():
            runs.append(first if first is not None and source == folders[0] else from_folder(source))
        elif source.suffix in (".yaml", ".yml") and source.is_file():
            runs.append(from_scenario(source, first or (runs[0] if runs else None), replications, workers))
        else:
            raise CompareError(f"{source}: neither a results folder nor a scenario file (.yaml)")
    return _named(runs)


def _named(runs: list[Compared]) -> list[Compared]:
    """Distinct names: a name used twice gets its position."""
    names = [r.name for r in runs]
    return [replace(r, name=f"{r.name} ({i + 1})" if names.count(r.name) > 1 else r.name) for i, r in enumerate(runs)]


def check_models(runs: list[Compared], allow: bool) -> str | None:
    """Refuse runs made by different models (``sim.runner.provenance.check_same_model``); with ``allow``,
    the warning every output carries."""
    return check_same_model([(r.source, r.model) for r in runs], allow)


def check_paired(runs: list[Compared]) -> None:
    """Refuse runs that are not paired with the first: other seeds, horizon or model version."""
    first = runs[0]
    for run in runs[1:]:
        for what, mine, theirs in (
            ("seeds", run.seeds, first.seeds),
            ("quarters", run.steps, first.steps),
            ("model version", run.version, first.version),
        ):
            if mine != theirs:
                shown = (lambda s: f"{len(s)} seeds from {s[0]}") if what == "seeds" else repr
                raise CompareError(
                    f"{run.source} and {first.source} differ in {what} ({shown(mine)} against {shown(theirs)}), so "
                    "their runs are not paired; rerun one with the other's settings, or pass --unpaired"
                )


def paired_over_time(run: Compared, reference: Compared, outcome: str):
    """The mean paired difference of ``outcome`` each quarter with its paired t-interval at 95%
    (``sim.registry.verdict``): columns step, quarter, difference, low, high."""
    a = run.frame.pivot(index="replication", columns="step", values=outcome)
    b = reference.frame.pivot(index="replication", columns="step", values=outcome)
    common = a.index.intersection(b.index)
    steps = a.columns.intersection(b.columns)
    judged = judge_columns(a.loc[common, steps].to_numpy(dtype=float), b.loc[common, steps].to_numpy(dtype=float))
    return _over_time(steps.to_numpy(), judged)


def unpaired_over_time(run: Compared, reference: Compared, outcome: str):
    """Difference of means each quarter with a Welch t-interval at 95% (no pairing)."""
    a = run.frame.pivot(index="replication", columns="step", values=outcome).to_numpy(dtype=float)
    b = reference.frame.pivot(index="replication", columns="step", values=outcome).to_numpy(dtype=float)
    steps = min(a.shape[1], b.shape[1])
    judged = [judge_unpaired(a[:, s], b[:, s]) for s in range(steps)]
    return _over_time(np.arange(1, steps + 1), judged)


def _over_time(steps: np.ndarray, judged: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": steps,
            "quarter": [quarter_label(int(s)) for s in steps],
            "difference": [j.difference for j in judged],
            "low": [j.low for j in judged],
            "high": [j.high for j in judged],
        }
    )


def effects(runs: list[Compared], outcomes: list[str], paired: bool = True) -> pd.DataFrame:
    """The effects table of every run against the first, with a ``run`` column."""
    reference = runs[0]
    tables = []
    for run in runs[1:]:
        if paired:
            table = effects_table(run.frame, reference.frame, outcomes)
        else:
            table = _unpaired_effects(run, reference, outcomes)
        table.insert(0, "run", run.name)
        table.insert(1, "against", reference.name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def _unpaired_effects(run: Compared, reference: Compared, outcomes: list[str]) -> pd.DataFrame:
    """The effects table's rows without pairing (end, decade, peak), with Welch intervals."""
    rows = []
    for outcome in outcomes:
        a = run.frame.pivot(index="replication", columns="step", values=outcome).to_numpy(dtype=float)
        b = reference.frame.pivot(index="replication", columns="step", values=outcome).to_numpy(dtype=float)
        steps = min(a.shape[1], b.shape[1])
        a, b = a[:, :steps], b[:, :steps]
        peak = int(np.abs(a.mean(axis=0) - b.mean(axis=0)).argmax())  # chosen after looking: optimistic
        for statistic, x, y, quarter in (
            ("end", a[:, -1], b[:, -1], quarter_label(steps)),
            ("decade", a.mean(axis=1), b.mean(axis=1), ""),
            ("peak", a[:, peak], b[:, peak], quarter_label(peak + 1)),
        ):
            judged = judge_unpaired(x, y)
            rows.append({"outcome": outcome, "statistic": statistic, "quarter": quarter, **judged.row()})
    return pd.DataFrame(rows)
