"""The tables of a results folder (``sim.analysis.run_tables``) are built a chunk of sweep points at
a time as arrays: the chunking and the order parts arrive in change nothing, to the bit."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import sim.analysis.run_tables as run_tables
from sim.analysis.run_tables import RunTables, points_of
from sim.runner.batches import run_batch, scenario_jobs
from sim.runner.store import RUN_ID
from sim.scenario import load_scenario
from sim.scenario.library import choose_reference


@pytest.fixture(scope="module")
def sweep():
    """A small sweep's runs (as one table, as the store gives them) and its reference's runs."""
    scenario = load_scenario("scenarios/sweep_controls_enforcement.yaml").model_copy(
        update={"replications": 4, "steps": 6}
    )
    reference = choose_reference(scenario).scenario.model_copy(update={"replications": 4, "steps": 6})

    def table(s) -> pa.Table:
        columns = run_batch(list(enumerate(scenario_jobs(s))))
        return pa.table({(RUN_ID if name == "_job" else name): values for name, values in columns.items()})

    return scenario, table(scenario), table(reference).to_pandas()


def tables_of(scenario, parts, reference) -> list:
    tables = RunTables(scenario, reference)
    for chunk in points_of(parts, scenario.replications):
        tables.add(chunk)
    return [tables.effects(), tables.summary(), tables.final()]


def test_points_judged_together_give_the_tables_of_points_judged_one_by_one(sweep, monkeypatch):
    scenario, runs, reference = sweep
    together = tables_of(scenario, [runs], reference)
    monkeypatch.setattr(run_tables, "CHUNK", 1)
    apart = tables_of(scenario, [runs], reference)
    assert len(together[0]) == len(scenario.points()) * 3 * len(set(together[0]["outcome"]))
    for a, b in zip(together, apart, strict=True):
        assert a.equals(b)


def test_runs_arriving_in_parts_out_of_order_make_the_same_tables(sweep):
    """A resumed run's parts may split a point's runs and interleave points."""
    scenario, runs, reference = sweep
    whole = tables_of(scenario, [runs], reference)
    run_ids = np.unique(runs.column(RUN_ID).to_numpy())
    shuffled = np.random.default_rng(3).permutation(run_ids)
    parts = [runs.filter(pc.is_in(runs.column(RUN_ID), pa.array(ids))) for ids in np.array_split(shuffled, 5)]
    pieces = tables_of(scenario, parts, reference)
    order = ["point", "outcome", "statistic"]
    effects = [t.sort_values(order, kind="stable").reset_index(drop=True) for t in (whole[0], pieces[0])]
    assert effects[0].equals(effects[1])
    summaries = [t.sort_values(["point", "outcome"]).reset_index(drop=True) for t in (whole[1], pieces[1])]
    assert summaries[0].equals(summaries[1])
    finals = [t.sort_values(RUN_ID).reset_index(drop=True) for t in (whole[2], pieces[2])]
    assert finals[0].equals(finals[1])
