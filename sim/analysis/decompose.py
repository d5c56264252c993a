"""How much of a difference between two setups each changed lever explains: Shapley shares.

Between a reference setup A and a changed setup B that differ in parts 1..k (levers; the events, if
they differ, count as one part), ``f(S)`` is the outcome with the parts in S switched to B's values
and the rest at A's. Each part's share is its Shapley value: its marginal effect ``f(S + i) - f(S)``
averaged over every subset S of the other parts, weighted ``|S|! (k - |S| - 1)! / k!`` (Shapley
1953). The shares sum exactly to the total ``f(B) - f(A)``, whatever the interactions, and a part
that moves nothing gets 0. Up to ``EXACT_UP_TO`` parts every subset is run (2^k setups, exact);
beyond, ``PERMUTATIONS`` random orders of the parts are sampled (Castro et al. 2009), each order's
contributions summing to the total too. Every setup runs on the same seeds, so each replication
has its own shares; the interval of a share is the paired t-interval over replications
(``sim.registry.verdict``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.effects import DECADE, Setup, statistic
from sim.registry.outcomes import NUMERIC
from sim.registry.params import Value, resolve
from sim.registry.verdict import judge_columns

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


def _with(setup: Setup, part: Part, value: Any, events: tuple) -> Setup:
    if part.name == EVENTS:
        return Setup(dict(setup.params), events)
    return setup.with_params(**{part.name: value})


EXACT_UP_TO = 8  # parts: 256 setups
PERMUTATIONS = 64  # sampled orders beyond


def _orders(k: int, seed: int) -> tuple[str, list[tuple[frozenset, int, float]]]:
    """The marginal steps to average: (subset without i, i, weight) with its method's name."""
    parts_ = range(k)
    if k <= EXACT_UP_TO:
        steps = []
        for i in parts_:
            others = [j for j in parts_ if j != i]
            for size in range(k):
                weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
                steps += [(frozenset(c), i, weight) for c in itertools.combinations(others, size)]
        return f"exact Shapley (all {2**k} subsets of {k} changes)", steps
    rng = np.random.default_rng(seed)
    steps = []
    for _ in range(PERMUTATIONS):
        order = rng.permutation(k)
        for position, i in enumerate(order):
            steps.append((frozenset(int(j) for j in order[:position]), int(i), 1.0 / PERMUTATIONS))
    return f"sampled Shapley ({PERMUTATIONS} random orders of {k} changes)", steps


def _setup_with(reference: Setup, changed: Setup, found: list[Part], subset: frozenset) -> Setup:
    """The reference with the parts in ``subset`` switched to the change's values."""
    setup = reference
    for i in subset:
        part = found[i]
        setup = _with(setup, part, part.changed, changed.events)
    return setup


def decompose(
    reference: Setup,
    changed: Setup,
    outcomes: Iterable[str],
    seeds: Iterable[int],
    steps: int = 40,
    when: str = DECADE,
    workers: int | None = None,
) -> pd.DataFrame:
    """One row per (outcome, part) and per outcome a ``total`` row: columns outcome, part, from, to,
    method, alone_in_reference (the part switched on alone), removed_from_change (switched off alone
    from the change), share (its Shapley value), low and high (95% t-interval over replications),
    and share_of_total. The shares sum to the total."""
    full_a = Setup(resolve(reference.params), reference.events)
    full_b = Setup(resolve(changed.params), changed.events)
    found = parts(reference, changed)
    k = len(found)
    method, marginal = _orders(k, seed=0)
    everything = frozenset(range(k))
    subsets = {frozenset(), everything}
    subsets |= {frozenset([i]) for i in range(k)} | {everything - {i} for i in range(k)}
    for subset, i, _ in marginal:
        subsets |= {subset, subset | {i}}
    ordered = sorted(subsets, key=lambda s: (len(s), sorted(s)))
    runs = run_setups([_setup_with(full_a, full_b, found, s) for s in ordered], list(seeds), steps, workers)
    index = {s: n for n, s in enumerate(ordered)}
    rows = []
    for outcome in outcomes:
        f = {s: statistic(runs[index[s]], outcome, when) for s in ordered}  # per replication
        total = f[everything] - f[frozenset()]
        shares = np.zeros((k, len(total)))
        for subset, i, weight in marginal:
            shares[i] += weight * (f[subset | {i}] - f[subset])
        for i, part in enumerate(found):
            on = float(np.mean(f[frozenset([i])] - f[frozenset()]))
            off = float(np.mean(f[everything] - f[everything - {i}]))
            rows.append(_row(outcome, part.name, part.reference, part.changed, method, on, off, shares[i], total))
        rows.append(_row(outcome, "total", "", "", method, np.nan, np.nan, total, total))
    return pd.DataFrame(rows)


def run_setups(setups: list[Setup], seeds: list[int], steps: int, workers: int | None) -> list[np.ndarray]:
    """Every setup on every seed, in one pass of the runner: one array (replications x quarters x
    outcomes, in ``NUMERIC`` order) per setup."""
    from sim.runner.replicate import Config, run_configurations

    configs = [Config(s.params, steps, s.events) for s in setups]
    return [runs.outcomes(NUMERIC) for runs in run_configurations(configs, seeds, workers, "local")]


def _row(outcome: str, part: str, before, after, method: str, on: float, off: float, values, total) -> dict:
    share = float(np.mean(values))
    whole = float(np.mean(total))
    judged = judge_columns(np.asarray(values, dtype=float), np.zeros(len(values)))[0]
    return {
        "outcome": outcome,
        "part": part,
        "from": before,
        "to": after,
        "method": method,
        "alone_in_reference": on,
        "removed_from_change": off,
        "share": share,
        "low": judged.low,
        "high": judged.high,
        "share_of_total": share / whole if whole else np.nan,
    }


def setup_of(params: Mapping[str, Value], events: tuple = ()) -> Setup:
    return Setup(dict(params), tuple(events))


def setup_from(path, replications: int, sets: list[str] | None = None) -> tuple[Setup, list[int], int, str]:
    """What a results folder ran (from its manifest, with its seeds) or what a scenario file says
    (with ``replications`` seeds from its root seed): the setup, the seeds, the quarters and its name."""
    import json
    from pathlib import Path

    from sim.model.draws import replication_seeds
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
