"""The tables a paper cites, built from a run's parts in one pass, a few sweep points at a time.

- ``effects``: per sweep point and outcome, the paired difference from the reference at the end,
  over the decade and at its peak (``sim.analysis.effects.effects_table``), with the point's levers.
- ``summary``: per sweep point and outcome, n, the last quarter's mean, standard error, median,
  5% and 95%, the horizon (run) mean and its standard error, and the reference's mean and median.
- ``final``: one row per run: ``run_id``, ``point``, ``replication``, ``seed``, every lever applied
  (swept, set, doctrine, and set by an event, with its quarter), the last quarter's outcomes and the
  paired reference run's (``reference_<outcome>``).

Column names follow ``sim.analysis.columns``. Runs are read part by part and a point is dropped from memory
once its replications are in, so memory does not grow with the number of points.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from sim.analysis.columns import column_of, reference_column
from sim.analysis.effects import PairedReference, effects_table
from sim.registry.outcomes import NUMERIC, OUTCOMES
from sim.registry.params import PARAMS, resolve
from sim.runner.store import RUN_ID
from sim.scenario import Scenario

IDENTITY = (RUN_ID, "point", "replication", "seed")


def applied_levers(scenario: Scenario, point: dict) -> dict[str, object]:
    """Every lever of a run at ``point`` as it starts (the registry's default unless the scenario,
    ``--set``, a doctrine or the sweep sets it), every other parameter the scenario sets, and each
    value an event sets from its quarter; keyed by column name (``sim.analysis.columns``)."""
    overrides = {**scenario.model_params, **point}
    start = resolve(overrides)
    chosen = [name for name, p in PARAMS.items() if p.kind == "lever" or name in overrides]
    levers: dict[str, object] = {column_of(name): start[name] for name in chosen}
    for event in sorted(scenario.events, key=lambda e: e.step):
        for name, value in event.set.items():
            levers[column_of(name, event.at)] = value
    return levers


def points_of(tables: Iterable[pa.Table], replications: int) -> Iterator[pd.DataFrame]:
    """The runs of each sweep point in turn, as one frame, once all its replications have been read
    (parts come in job order, but a resumed run's parts may interleave points)."""
    waiting: dict[int, list[pd.DataFrame]] = {}
    counts: dict[int, int] = {}
    for table in tables:
        frame = table.to_pandas()
        if "point" not in frame.columns:
            frame.insert(1, "point", 0)
        for point, runs in frame.groupby("point", sort=True):
            waiting.setdefault(int(point), []).append(runs)
            counts[int(point)] = counts.get(int(point), 0) + runs[RUN_ID].nunique()
            if counts[int(point)] >= replications:
                yield pd.concat(waiting.pop(int(point)), ignore_index=True)
    for point in sorted(waiting):  # only if some run is missing; its point is reported with the runs it has
        yield pd.concat(waiting.pop(point), ignore_index=True)


class RunTables:
    """Effects, summary and final rows of a run, built point by point against ``reference`` (the
    reference's runs, every quarter, one point; None: the scenario is a single point, its own
    reference)."""

    def __init__(self, scenario: Scenario, reference: pd.DataFrame | None):
        self.scenario = scenario
        self.points = scenario.points()
        if reference is not None:
            self._set_reference(reference)
        self._effects: list[pd.DataFrame] = []
        self._summary: list[pd.DataFrame] = []
        self._final: list[pd.DataFrame] = []

    def _set_reference(self, reference: pd.DataFrame) -> None:
        """The reference's runs, and what every point compares with: its runs paired by replication,
        its last quarter and that quarter's mean and median (computed once, not per point)."""
        self.reference = reference.sort_values(["replication", "step"]).reset_index(drop=True)
        self.paired = PairedReference.of(self.reference.drop(columns=["point"], errors="ignore"), NUMERIC)
        ref_last = self.reference[self.reference["step"] == self.reference["step"].max()]
        self.reference_last = ref_last.set_index("replication")[list(NUMERIC)]
        self.reference_mean = self.reference_last.mean().reindex(list(NUMERIC)).to_numpy()
        self.reference_median = self.reference_last.median().reindex(list(NUMERIC)).to_numpy()

    def add(self, runs: pd.DataFrame) -> None:
        """Take one sweep point's runs (every quarter); without a reference, a single point's runs
        are their own."""
        if not hasattr(self, "reference"):
            self._set_reference(runs)
        point = int(runs["point"].iloc[0])
        swept = {column_of(name): value for name, value in self.points[point].items()}
        effects = effects_table(runs, self.paired)
        self._effects.append(_with_point(effects, point, swept))
        last = runs[runs["step"] == runs["step"].max()].sort_values("replication")
        horizon = runs.groupby("replication")[list(NUMERIC)].mean()
        self._summary.append(_with_point(self._summarise(last, horizon), point, swept))
        ids = last[[c for c in IDENTITY if c in last.columns]].reset_index(drop=True)
        levers = applied_levers(self.scenario, self.points[point])
        levers = pd.DataFrame({column: [value] * len(ids) for column, value in levers.items()})
        outcomes = last[[o for o in OUTCOMES if o != "step"]].reset_index(drop=True)
        paired = self.reference_last.reindex(last["replication"].to_numpy()).reset_index(drop=True)
        paired.columns = [reference_column(o) for o in paired.columns]
        self._final.append(pd.concat([ids, levers, outcomes, paired], axis=1))

    def _summarise(self, last: pd.DataFrame, horizon: pd.DataFrame) -> pd.DataFrame:
        values = last[list(NUMERIC)].astype(float)
        n = values.count()
        return pd.DataFrame(
            {
                "outcome": list(NUMERIC),
                "unit": [OUTCOMES[o].unit for o in NUMERIC],
                "n": n.to_numpy(),
                "mean": values.mean().to_numpy(),
                "se": (values.std(ddof=1) / np.sqrt(n)).to_numpy(),
                "median": values.median().to_numpy(),
                "p5": values.quantile(0.05).to_numpy(),
                "p95": values.quantile(0.95).to_numpy(),
                "horizon_mean": horizon.mean().to_numpy(),
                "horizon_se": (horizon.std(ddof=1) / np.sqrt(len(horizon))).to_numpy(),
                "reference_mean": self.reference_mean,
                "reference_median": self.reference_median,
            }
        )

    def effects(self) -> pd.DataFrame:
        return pd.concat(self._effects, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        return pd.concat(self._summary, ignore_index=True)

    def final(self) -> pd.DataFrame:
        return pd.concat(self._final, ignore_index=True)


def _with_point(table: pd.DataFrame, point: int, swept: dict) -> pd.DataFrame:
    """``table`` led by ``point`` and the point's swept levers (always a ``point`` column: one
    schema for sweeps and single runs)."""
    table = table.drop(columns=["point"], errors="ignore")
    lead = pd.DataFrame({"point": point, **swept}, index=table.index)
    return pd.concat([lead, table], axis=1)
