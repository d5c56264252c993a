"""How much of a difference between two setups each changed lever explains, with the remainder
that only their combination explains (interactions).

Between a reference setup A and a changed setup B that differ in levers 1..k (the events, if they
differ, count as one part), each part's share is the mean of its effect swapped in both orders:
switched on alone in A (``f(A + i) - f(A)``) and switched off alone in B (``f(B) - f(B - i)``).
With no interactions both orders agree and the parts sum to the total; what they do not sum to is
reported as the remainder, so the parts plus the remainder always equal the total ``f(B) - f(A)``
(a first-order decomposition in the spirit of Shapley values, at 2k + 2 setups rather than 2^k).
Every setup runs on the same seeds, and ``f`` is the mean over them of an outcome's statistic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.effects import DECADE, Setup, statistic
from sim.outcomes import NUMERIC
from sim.params import Value, resolve

EVENTS = "events"


@dataclass(frozen=True)
class Part:
    """One difference between the setups: a lever (registry name) or the events."""

    name: str
    reference: object
    changed: object


def parts(reference: Setup, changed: Setup) -> list[Part]:
    """The levers (and events) in which ``changed`` differs from ``reference``."""
    a, b = resolve(reference.params), resolve(changed.params)
    found = [Part(name, a[name], b[name]) for name in a if a[name] != b[name]]
    if reference.events != changed.events:
        found.append(Part(EVENTS, len(reference.events), len(changed.events)))
    return found


def _with(setup: Setup, part: Part, value: object, events: tuple) -> Setup:
    if part.name == EVENTS:
        return Setup(dict(setup.params), events)
    return setup.with_params(**{part.name: value})


def decompose(
    reference: Setup,
    changed: Setup,
    outcomes: Iterable[str],
    seeds: Iterable[int],
    steps: int = 40,
    when: str = DECADE,
    workers: int | None = None,
) -> pd.DataFrame:
    """One row per (outcome, part) and per outcome a ``remainder`` and a ``total`` row: columns
    outcome, part, from, to, alone_in_reference, removed_from_change, share (the mean of the two),
    and share_of_total."""
    full_a = Setup(resolve(reference.params), reference.events)
    full_b = Setup(resolve(changed.params), changed.events)
    found = parts(reference, changed)
    setups = [full_a, full_b]
    for part in found:
        setups.append(_with(full_a, part, part.changed, changed.events))
        setups.append(_with(full_b, part, part.reference, reference.events))
    runs = run_setups(setups, list(seeds), steps, workers)
    rows = []
    for outcome in outcomes:
        f = [float(np.mean(statistic(r, outcome, when))) for r in runs]
        base, top = f[0], f[1]
        total = top - base
        explained = 0.0
        for i, part in enumerate(found):
            on, off = f[2 + 2 * i] - base, top - f[3 + 2 * i]
            share = 0.5 * (on + off)
            explained += share
            rows.append(_row(outcome, part.name, part.reference, part.changed, on, off, share, total))
        rows.append(_row(outcome, "remainder", "", "", np.nan, np.nan, total - explained, total))
        rows.append(_row(outcome, "total", "", "", np.nan, np.nan, total, total))
    return pd.DataFrame(rows)


def run_setups(setups: list[Setup], seeds: list[int], steps: int, workers: int | None) -> list[np.ndarray]:
    """Every setup on every seed, in one pass of the runner: one array (replications x quarters x
    outcomes, in ``NUMERIC`` order) per setup."""
    from sim.runner.batches import Job
    from sim.runner.replications import run_jobs

    jobs = [
        Job(s.params, steps, seed, r, s.events, None, i) for i, s in enumerate(setups) for r, seed in enumerate(seeds)
    ]
    frame = run_jobs(jobs, workers).sort_values(["point", "replication", "step"])
    values = frame[list(NUMERIC)].to_numpy(dtype=float)
    return list(values.reshape(len(setups), len(seeds), steps, len(NUMERIC)))


def _row(outcome: str, part: str, before, after, on: float, off: float, share: float, total: float) -> dict:
    return {
        "outcome": outcome,
        "part": part,
        "from": before,
        "to": after,
        "alone_in_reference": on,
        "removed_from_change": off,
        "share": share,
        "share_of_total": share / total if total else np.nan,
    }


def setup_of(params: Mapping[str, Value], events: tuple = ()) -> Setup:
    return Setup(dict(params), tuple(events))


def setup_from(path, replications: int, sets: list[str] | None = None) -> tuple[Setup, list[int], int, str]:
    """What a results folder ran (from its manifest, with its seeds) or what a scenario file says
    (with ``replications`` seeds from its root seed): the setup, the seeds, the quarters and its name."""
    import json
    from pathlib import Path

    from sim.draws import replication_seeds
    from sim.scenario import Scenario, load_scenario, parse_sets

    path = Path(path)
    if path.is_dir():
        manifest_path = path / "manifest.json"
        if not manifest_path.is_file():
            raise ValueError(f"{path}: not a finished results folder (no manifest.json)")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        scenario = Scenario.model_validate(manifest["scenario"])
        seeds = list(manifest["seeds"])[:replications]
    else:
        scenario = load_scenario(path).with_overrides(parse_sets(sets or []))
        seeds = replication_seeds(scenario.seed, replications)
    if scenario.sweep is not None:
        raise ValueError(f"{path}: a sweep; explain takes single-point runs")
    return setup_of(scenario.model_params, scenario.model_events), seeds, scenario.steps, scenario.name
