"""What a single scenario's results folder says beyond its tables, computed once before it is written.

What changed against the reference, which outcomes the headline watches, each developing nation's
stack (``sim.analysis.countries``) and which change did it (``sim.analysis.explain``). The nations
are counted from the stacks the run itself sent back (``sim.runner.batches.Job.stacks``), and
explain's whole scenario and reference are the run's own first runs, handed to the one run path's
cache (``sim.runner.replicate.remember``); only explain's single changes are new runs. So the writer
(``sim.report.results.write_run``) writes, and runs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.aggregate import Source, first_runs, run_columns
from sim.analysis.countries import nation_picks, picks
from sim.analysis.explain import MAX_SEEDS, explain, main_cause
from sim.analysis.explain import parts as explain_parts
from sim.analysis.whatchanged import CANDIDATES, Change, moved_most, what_changed
from sim.registry.calendar import quarter_label, step_of
from sim.registry.labels import DEFAULT_WATCH
from sim.registry.outcomes import OUTCOMES
from sim.runner.batches import STACK_RUNS
from sim.runner.replicate import Config, Replications, remember
from sim.scenario import Scenario

NATION_QUARTERS = ("2027Q4",)  # besides the last quarter
NATION_RUNS = STACK_RUNS  # runs counted for each nation's stack: the first runs, which sent back their stacks

Stacks = Mapping[int, np.ndarray]  # a kind's stacks by job index (= replication for a single scenario)


@dataclass
class SingleFindings:
    """What the report of a single scenario says besides its tables and bands."""

    changes: list[Change] | None  # what changed against the reference (None: no reference)
    watch: list[str]  # the headline's outcomes
    picks: pd.DataFrame  # the nations' stacks (``sim.analysis.countries.picks``)
    base_picks: pd.DataFrame | None  # the reference's
    causes: list[str] | None  # which change did it, a sentence per watched outcome
    nation_runs: int  # runs the nations were counted from


def headline_outcomes(scenario: Scenario, changes: list[Change] | None) -> list[str]:
    """What the headline chart shows: the scenario's ``watch``; without one, the outcomes that moved
    most, topped up to four from the default set (``sim.registry.labels.DEFAULT_WATCH``)."""
    if scenario.watch:
        return list(scenario.watch)
    chosen = moved_most(changes, 4) if changes else []
    for name in DEFAULT_WATCH:
        if len(chosen) >= (4 if changes else len(DEFAULT_WATCH)):
            break
        if name not in chosen:
            chosen.append(name)
    return chosen


def _picks(config: Config, seeds: Sequence[int], stacks: Stacks | None, quarters: list[str]) -> pd.DataFrame:
    """The nations' picks from the run's own stacks; through the run path when the run did not send
    them all back (runs resumed from disk)."""
    if stacks is not None and all(r in stacks for r in range(len(seeds))):
        return picks(np.stack([stacks[r] for r in range(len(seeds))]), quarters)
    return nation_picks(dict(config.params), config.events, seeds, config.steps, quarters)


def _remember_first(config: Config, seeds: Sequence[int], source: Source, stacks: Stacks | None) -> None:
    """Hand the run's first runs (those explain pairs on) to the run path's cache, when the run sent
    back their stacks too (a cached entry is whole, or not there)."""
    if stacks is None or not all(r in stacks for r in range(len(seeds))):
        return
    frame = first_runs(source, len(seeds)).sort_values(["replication", "step"], kind="stable")
    by_run = frame.groupby("replication", sort=True)
    found = by_run["seed"].first()
    if [int(s) for s in found] != [int(s) for s in seeds]:
        return
    outcomes = {name: frame[name].to_numpy() for name in OUTCOMES}
    stacked = np.stack([stacks[r] for r in range(len(seeds))])
    remember(Replications.of_columns(config, seeds, by_run.size().to_list(), outcomes, stacked))


def single_findings(
    scenario: Scenario,
    reference: Scenario | None,
    seeds: Sequence[int],
    parts: Source,
    base_parts: Source | None,
    stacks: Mapping[str, Stacks] | None = None,
) -> SingleFindings:
    """The findings of a single scenario's finished runs (``parts``) against ``reference``'s
    (``base_parts``; both None when the scenario is its own reference). ``stacks`` holds the stacks
    the runs sent back, by kind (``scenario``, ``baseline``) and job index."""
    stacks = stacks or {}
    changes = None
    if base_parts:
        changes = what_changed(run_columns(parts, list(CANDIDATES)), run_columns(base_parts, list(CANDIDATES)))
    watch = headline_outcomes(scenario, changes)
    quarters = [q for q in NATION_QUARTERS if step_of(q) < scenario.steps] + [quarter_label(scenario.steps)]
    counted = list(seeds[:NATION_RUNS])
    own = Config.of(scenario)
    found = _picks(own, counted, stacks.get("scenario"), quarters)
    base_picks = causes = None
    if base_parts and reference is not None:
        base = Config.of(reference)
        base_picks = _picks(base, counted, stacks.get("baseline"), quarters)
        if len(explain_parts(scenario, reference)) > 1:
            paired = list(seeds[:MAX_SEEDS])
            _remember_first(own, paired, parts, stacks.get("scenario"))
            _remember_first(base, paired, base_parts, stacks.get("baseline"))
            cells = explain(scenario, reference, watch, seeds)[1]
            causes = [sentence for outcome in watch if (sentence := main_cause(cells, outcome))]
    return SingleFindings(changes, watch, found, base_picks, causes, len(counted))
