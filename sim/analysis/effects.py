"""Paired effects: a change against a reference run with the same seeds, in baseline spreads.

A student notices an effect on a chart when the lines move apart by about half the spread the
reference shows across replications. So an effect here is ``z = mean(paired difference) / sd``,
where the paired difference is the changed run minus the reference run with the same seed, and
``sd`` is the reference's standard deviation across replications of the same statistic. The
statistic is an outcome at one quarter, or its mean over the whole run (``decade``).

An outcome that does not vary at all across replications (a lever's own spending, or a policy
that only a doctrine moves) has no spread; its ``sd`` is then 5% of the larger of the two means, so
the change must be at least 2.5% of the outcome to count as one a student sees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from sim.registry import verdict as verdict_words
from sim.registry.calendar import quarter_label, step_of
from sim.registry.outcomes import NUMERIC
from sim.registry.params import Value
from sim.runner.replicate import Config, Replications, run_replications

DECADE = "decade"
SD_FLOOR_SHARE = verdict_words.SD_FLOOR_SHARE


@dataclass(frozen=True)
class Setup:
    """What to run: parameter overrides (doctrines included) and events, as the model takes them."""

    params: Mapping[str, Value] = field(default_factory=dict)
    events: tuple[tuple[int, dict[str, Value], bool], ...] = ()

    def key(self) -> tuple:
        return (tuple(sorted((k, repr(v)) for k, v in self.params.items())), repr(self.events))

    def with_params(self, **changes: Value) -> Setup:
        return Setup({**self.params, **changes}, self.events)

    def under(self, assuming: Mapping[str, Value] | None) -> Setup:
        """This setup in a world where ``assuming`` holds; what the setup itself sets wins."""
        return Setup({**assuming, **self.params}, self.events) if assuming else self


class Runs:
    """Runs of setups over a fixed list of seeds, through the one run path and its cache
    (``sim.runner.replicate.run_replications``), so a setup asked for twice is run once."""

    def __init__(self, seeds: Iterable[int], steps: int = 40):
        self.seeds = tuple(seeds)
        self.steps = steps

    def replications(self, setup: Setup) -> Replications:
        return run_replications(Config(setup.params, self.steps, setup.events), self.seeds)

    def of(self, setup: Setup) -> np.ndarray:
        """Outcomes of every seed: shape (replications, quarters, outcomes), in the order of ``NUMERIC``."""
        return self.replications(setup).outcomes(NUMERIC)


def statistic(runs: np.ndarray, outcome: str, when: str) -> np.ndarray:
    """Each replication's value of ``outcome`` at quarter ``when`` (e.g. 2027Q4) or its run mean."""
    column = runs[:, :, NUMERIC.index(outcome)]
    if when == DECADE:
        return column.mean(axis=1)
    return column[:, step_of_label(when, runs.shape[1]) - 1]


def step_of_label(when: str, steps: int) -> int:
    """The step of quarter ``when`` in a run of ``steps`` quarters (``calendar.step_of``, range-checked)."""
    step = step_of(when)
    if step > steps:
        raise ValueError(f"{when!r} is not a quarter of a {steps}-quarter run (2025Q1 to {quarter_label(steps)})")
    return step


@dataclass(frozen=True)
class Effect:
    """A paired effect: the mean difference, the reference's spread, and their ratio ``z``."""

    mean_difference: float
    reference_sd: float  # floored when the reference does not vary (see the module docstring)
    z: float


def effect(changed: np.ndarray, reference: np.ndarray) -> Effect:
    """The paired effect of ``changed`` against ``reference`` (one value per replication each)."""
    difference = float(np.mean(changed - reference))
    sd = float(verdict_words.reference_sd(np.asarray(reference, dtype=float)[:, None], difference)[0])
    return Effect(difference, sd, difference / sd)


# ---- the effects table: paired differences with t-intervals and one verdict ----------------------
STATISTICS = ("end", "decade", "peak")
VERDICTS = verdict_words.VERDICTS


@dataclass(frozen=True)
class PairedReference:
    """The reference's runs as ``effects_table`` pairs them: the outcomes it has, and each
    replication's values (quarters x outcomes). Made once for the many points of a sweep."""

    outcomes: list[str]
    runs: dict[int, np.ndarray]

    @classmethod
    def of(cls, reference, outcomes: Iterable[str] = NUMERIC) -> PairedReference:
        kept = [o for o in outcomes if o in reference.columns]
        return cls(kept, _by_replication(reference, kept))

    def common(self, replications: Iterable[int], point=None) -> list[int]:
        """The replications of ``replications`` that pair with a reference run, in order."""
        common = sorted(set(replications) & set(self.runs))
        if not common:
            raise ValueError(f"no replication of point {point} pairs with the reference's runs")
        return common

    def stacked(self, replications: list[int]) -> np.ndarray:
        """The runs of ``replications``, in that order: replications x quarters x outcomes."""
        return np.stack([self.runs[r] for r in replications])


def effects_table(frame, reference, outcomes: Iterable[str] = NUMERIC):
    """Paired effects of ``frame``'s runs against ``reference``'s, per sweep point and outcome.

    Both are tidy run frames (``replication``, ``step`` and the outcomes; ``frame`` may have a
    ``point`` column), or ``reference`` is a ``PairedReference`` made before (then ``outcomes``
    are its own). Runs pair by replication, which the runner gives the same seed in both
    (common random numbers). The rows and columns are those of :func:`effects_columns`.
    """
    import pandas as pd

    paired = reference if isinstance(reference, PairedReference) else PairedReference.of(reference, outcomes)
    points = sorted(frame["point"].unique()) if "point" in frame.columns else [None]
    parts = []
    for point in points:
        runs = frame if point is None else frame[frame["point"] == point]
        changed = _by_replication(runs, paired.outcomes)
        common = paired.common(changed, point)
        a = np.stack([changed[r] for r in common])  # replications x quarters x outcomes
        parts.append(effects_columns(a[None], paired.stacked(common), paired.outcomes, [point]))
    return pd.DataFrame({name: np.concatenate([part[name] for part in parts]) for name in parts[0]})


def effects_columns(changed: np.ndarray, reference: np.ndarray, outcomes: list[str], points: list) -> dict:
    """The effects table's columns for points x replications x quarters x outcomes of runs
    (``changed``) paired with the reference's (replications x quarters x outcomes, the same
    replications): a row per point, statistic and outcome, in that order.

    For each outcome three statistics: its value at the last quarter (``end``), its mean over the
    run (``decade``) and the quarter where the mean paired difference is largest in size (``peak``,
    with that quarter; chosen after looking, so its interval is optimistic). Each row has the
    columns of ``sim.registry.verdict.Judgement``: n, the reference's and the change's means, the
    mean paired difference, its standard error, a paired t-interval at 95% (``low``, ``high``), z
    and the reference's sd, the relative change, the size word, whether the interval excludes 0,
    and the verdict (``sim.registry.verdict``). ``points`` None: no ``point`` column."""
    steps = min(changed.shape[2], reference.shape[1])
    a, b = changed[:, :, :steps], reference[:, :steps]
    # Each array reduced is laid out in memory as for one point alone (``_laid_out``): numpy's order
    # of summation follows the layout, so the numbers are the same to the bit.
    peak_step = np.abs(np.subtract(a, b, order="C").mean(axis=1)).argmax(axis=1)  # points x outcomes
    at_peak = peak_step[:, None, None, :]
    b_all = np.broadcast_to(b, a.shape)
    cases = {
        "end": (a[:, :, -1], np.broadcast_to(b[:, -1], a.shape[:2] + a.shape[3:]), steps),
        "decade": (a.mean(axis=2), np.broadcast_to(b.mean(axis=1), a.shape[:2] + a.shape[3:]), 0),
        "peak": (
            np.take_along_axis(a, at_peak, axis=2)[:, :, 0],
            np.take_along_axis(b_all, at_peak, axis=2)[:, :, 0],
            peak_step + 1,
        ),
    }
    n_points, n_outcomes = peak_step.shape
    judged = {name: verdict_words.judged(_laid_out(x, name), _laid_out(y, name)) for name, (x, y, _) in cases.items()}
    labels = np.asarray([""] + [quarter_label(step) for step in range(1, steps + 1)], dtype=object)  # 0: none
    quarters = {name: np.broadcast_to(labels[at], peak_step.shape) for name, (_, _, at) in cases.items()}
    shape = (n_points, len(cases), n_outcomes)

    def rows(per_case: dict[str, np.ndarray]) -> np.ndarray:  # points x outcomes per statistic -> rows
        return np.stack([per_case[name] for name in cases], axis=1).reshape(-1)

    columns: dict[str, np.ndarray] = {}
    if points != [None]:
        columns["point"] = np.repeat(np.asarray(points, dtype=np.int64), len(cases) * n_outcomes)
    columns["outcome"] = np.broadcast_to(np.asarray(outcomes, dtype=object), shape).reshape(-1)
    columns["statistic"] = np.broadcast_to(np.asarray(list(cases), dtype=object)[:, None], shape).reshape(-1)
    columns["quarter"] = rows(quarters)
    for column in verdict_words.COLUMNS:
        columns[column] = rows({name: judged[name][column] for name in cases})
    return columns


def _laid_out(values: np.ndarray, statistic: str) -> np.ndarray:
    """Points x replications x outcomes of a statistic, laid out in memory as for one point alone:
    row by row, except the peak's, which one point's fancy indexing lays out outcome by outcome
    (each outcome's replications together, so they are summed pairwise)."""
    if statistic == "peak":
        return np.swapaxes(np.ascontiguousarray(np.swapaxes(values, -1, -2)), -1, -2)
    return np.ascontiguousarray(values)


def _by_replication(frame, outcomes: list[str]) -> dict[int, np.ndarray]:
    """Each replication's outcomes, quarters x outcomes, in step order."""
    ordered = frame.sort_values(["replication", "step"])
    values = ordered[outcomes].to_numpy(dtype=float)
    replications = ordered["replication"].to_numpy()
    # Each replication's rows are consecutive once sorted: split there (a groupby is 3x slower).
    starts = np.flatnonzero(np.r_[True, replications[1:] != replications[:-1]])
    return {int(replications[s]): rows for s, rows in zip(starts, np.split(values, starts[1:]), strict=True)}
