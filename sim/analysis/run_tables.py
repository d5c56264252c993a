"""The tables a paper cites, built from a run's parts in one pass, a chunk of sweep points at a time.

- ``effects``: per sweep point and outcome, the paired difference from the reference at the end,
  over the decade and at its peak (``sim.analysis.effects.effects_columns``), with the point's levers.
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
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from sim.analysis.columns import column_of, reference_column
from sim.analysis.effects import PairedReference, effects_columns
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


@dataclass
class Points:
    """Runs of sweep points with the same replications, as arrays: ``values`` is points x
    replications x quarters x ``NUMERIC`` outcomes; ``last`` holds every column of the runs' last
    rows (identity and outcomes, with their dtypes), point by point, replication by replication."""

    index: list[int]
    replications: list[int]
    values: np.ndarray
    last: dict[str, np.ndarray]


CHUNK = 128  # points judged together: one set of array operations for all of them


def points_of(tables: Iterable[pa.Table], replications: int) -> Iterator[Points]:
    """The runs of sweep points, a chunk at a time, each point once all its replications have been
    read (parts come in job order, but a resumed run's parts may interleave points); a point with
    runs missing comes last, with the runs it has."""
    waiting: dict[int, list[dict[str, np.ndarray]]] = {}
    runs: dict[int, set] = {}
    ready: list[tuple[int, dict[str, np.ndarray]]] = []
    for table in tables:
        columns = {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}
        point = columns.get("point", np.zeros(table.num_rows, dtype=np.int64))
        columns["point"] = point
        order = np.argsort(point, kind="stable")
        starts = np.flatnonzero(np.diff(point[order], prepend=-1) != 0)  # where each point's rows begin
        for rows in np.split(order, starts[1:]) if len(order) else []:
            p = int(point[rows[0]])
            waiting.setdefault(p, []).append({name: column[rows] for name, column in columns.items()})
            runs.setdefault(p, set()).update(np.unique(columns[RUN_ID][rows]).tolist())
            if len(runs[p]) >= replications:
                ready.append((p, _joined(waiting.pop(p))))
                del runs[p]
        while len(ready) >= CHUNK:
            yield from _chunks(ready[:CHUNK])
            del ready[:CHUNK]
    ready += [(p, _joined(waiting.pop(p))) for p in sorted(waiting)]
    yield from _chunks(ready)


def _joined(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """One point's rows from the parts they came in, in replication and step order."""
    rows = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    order = np.lexsort((rows["step"], rows["replication"]))
    return {name: column[order] for name, column in rows.items()}


def _chunks(points: list[tuple[int, dict[str, np.ndarray]]]) -> Iterator[Points]:
    """Consecutive points with the same replications and quarters, as ``Points``."""
    group: list[tuple[int, dict[str, np.ndarray]]] = []
    key = None
    for point, rows in points:
        replications = np.unique(rows["replication"])
        this = (replications.tobytes(), len(rows["step"]))
        if group and this != key:
            yield _as_points(group)
            group = []
        group.append((point, rows))
        key = this
    if group:
        yield _as_points(group)


def _as_points(group: list[tuple[int, dict[str, np.ndarray]]]) -> Points:
    replications = np.unique(group[0][1]["replication"]).tolist()
    shape = (len(replications), -1, len(NUMERIC))
    values = np.stack([np.column_stack([rows[o] for o in NUMERIC]).astype(float).reshape(shape) for _, rows in group])
    quarters = values.shape[2]
    last = {name: np.concatenate([rows[name][quarters - 1 :: quarters] for _, rows in group]) for name in group[0][1]}
    return Points([point for point, _ in group], replications, values, last)


class Tables(NamedTuple):
    """The three tables of some sweep points: rows to append to the run's files."""

    effects: pd.DataFrame
    summary: pd.DataFrame
    final: pd.DataFrame


class RunTables:
    """Effects, summary and final rows of a run's sweep points, a chunk at a time (``points_of``),
    for the writer to append to its files as they come (``sim.report.results.write_tables``),
    against ``reference``: the reference's runs, every quarter, one point (a single scenario's own
    runs when it is its own reference).

    Each statistic is computed for every point of a chunk in one array operation, summed in the
    order pandas sums a column (the tables are the same to the bit as one pandas frame a point
    gave, at a small part of the cost)."""

    def __init__(self, scenario: Scenario, reference: pd.DataFrame):
        self.scenario = scenario
        self.points = scenario.points()
        # What every point compares with, computed once: the reference's runs paired by
        # replication, its last quarter, and that quarter's mean and median.
        self.reference = reference.sort_values(["replication", "step"]).reset_index(drop=True)
        self.paired = PairedReference.of(self.reference.drop(columns=["point"], errors="ignore"), NUMERIC)
        ref_last = self.reference[self.reference["step"] == self.reference["step"].max()]
        self.reference_last = ref_last.set_index("replication")[list(NUMERIC)]
        self.reference_mean = self.reference_last.mean().reindex(list(NUMERIC)).to_numpy()
        self.reference_median = self.reference_last.median().reindex(list(NUMERIC)).to_numpy()

    def of(self, runs: Points) -> Tables:
        """The effects, summary and final rows of a chunk of sweep points' runs (every quarter)."""
        swept = self._swept(runs.index)
        return Tables(
            pd.DataFrame({**_repeated(swept, 3 * len(self.paired.outcomes)), **self._effects_of(runs)}),
            pd.DataFrame({**_repeated(swept, len(NUMERIC)), **self._summarise(runs)}),
            pd.DataFrame(self._final_rows(runs)),
        )

    def _swept(self, points: list[int]) -> dict[str, np.ndarray]:
        """Each point's number and swept levers (a column each), one row a point."""
        swept = {"point": np.asarray(points, dtype=np.int64)}
        for name in self.points[points[0]]:
            swept[column_of(name)] = pd.Series([self.points[p][name] for p in points]).to_numpy()
        return swept

    def _effects_of(self, runs: Points) -> dict[str, np.ndarray]:
        outcomes = self.paired.outcomes
        common = self.paired.common(runs.replications, runs.index[0])
        kept = [runs.replications.index(r) for r in common]
        changed = runs.values[:, kept][..., [NUMERIC.index(o) for o in outcomes]]
        return effects_columns(changed, self.paired.stacked(common), outcomes, [None])

    def _summarise(self, runs: Points) -> dict[str, np.ndarray]:
        """n, mean, se, median, 5% and 95% of the last quarter, the horizon mean and its se, as
        pandas gives them for one point's frame (each column summed pairwise along itself; outcomes
        are never NaN, ``tests/project/test_invariants.py``, so none is skipped)."""
        points, n = len(runs.index), len(runs.replications)
        last = np.ascontiguousarray(np.swapaxes(runs.values[:, :, -1], 1, 2))  # points x outcomes x runs
        horizon = np.ascontiguousarray(np.swapaxes(_horizon_means(runs.values), 1, 2))
        se_horizon = _std(horizon) / np.sqrt(n)
        p5, p95 = np.percentile(last, [5.0, 95.0], axis=-1, method="linear")
        columns = {
            "outcome": np.asarray(list(NUMERIC), dtype=object),
            "unit": np.asarray([OUTCOMES[o].unit for o in NUMERIC], dtype=object),
            "n": np.full(len(NUMERIC), n, dtype=np.int64),
        }
        rows = {name: np.tile(values, points) for name, values in columns.items()}
        stats = {
            "mean": last.sum(axis=-1) / n,
            "se": _std(last) / np.sqrt(n),
            "median": np.nanmedian(last, axis=-1),
            "p5": p5,
            "p95": p95,
            "horizon_mean": horizon.sum(axis=-1) / n,
            "horizon_se": se_horizon,
            "reference_mean": np.broadcast_to(self.reference_mean, (points, len(NUMERIC))),
            "reference_median": np.broadcast_to(self.reference_median, (points, len(NUMERIC))),
        }
        return {**rows, **{name: values.reshape(-1) for name, values in stats.items()}}

    def _final_rows(self, runs: Points) -> dict[str, np.ndarray]:
        last, n = runs.last, len(runs.replications)
        rows = {column: last[column] for column in IDENTITY if column in last}
        applied = [applied_levers(self.scenario, self.points[p]) for p in runs.index]
        for column in applied[0]:
            rows[column] = np.repeat(pd.Series([levers[column] for levers in applied]).to_numpy(), n)
        rows.update({o: last[o] for o in OUTCOMES if o != "step"})
        reference = self.reference_last
        at = reference.index.get_indexer(last["replication"])
        if (at < 0).any():  # the runner gives the reference every replication; a table that says otherwise is broken
            missing = sorted(set(last["replication"][at < 0].tolist()))
            raise ValueError(f"replications {missing} of points {runs.index} have no reference run to pair with")
        for outcome in reference.columns:
            rows[reference_column(outcome)] = reference[outcome].to_numpy()[at]
        return rows


def _std(values: np.ndarray) -> np.ndarray:
    """The sample standard deviation along the last axis, by pandas' two passes (NaN for one value)."""
    n = values.shape[-1]
    mean = values.sum(axis=-1) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(((mean[..., None] - values) ** 2).sum(axis=-1) / (n - 1))


def _horizon_means(values: np.ndarray) -> np.ndarray:
    """Each run's mean over its quarters (points x runs x quarters x outcomes -> points x runs x
    outcomes), by pandas' grouped mean (a compensated sum), one group a run."""
    points, runs, quarters, outcomes = values.shape
    rows = pd.DataFrame(values.reshape(-1, outcomes))
    means = rows.groupby(np.repeat(np.arange(points * runs), quarters)).mean().to_numpy()
    return means.reshape(points, runs, outcomes)


def _repeated(columns: dict[str, np.ndarray], rows: int) -> dict[str, np.ndarray]:
    """Each point's values repeated over its ``rows`` rows."""
    return {name: np.repeat(values, rows) for name, values in columns.items()}
