"""Global sensitivity: which parameters move which outcomes, ranked, with intervals (SALib).

Two designs from SALib (Herman and Usher 2017): Morris's elementary effects (Morris 1991, with
Campolongo et al. 2007's mu*), a cheap screen of many parameters; and Sobol's indices (Saltelli et
al. 2010), the share of an outcome's variance each parameter causes, alone (S1) and with its
interactions (ST), at a higher cost. Every design point runs the scenario with the same seeds
(common random numbers), and the outcome is averaged over those replications, so the indices
measure the parameters and not the dice. An outcome is a decade mean or a final-quarter value
(``sim.analysis.effects``).

A parameter whose effect changes sign across its range is flagged: within each half of its range
the outcome's slope on it is estimated by least squares over the design (the other parameters act
as noise), and the flag is raised when the two slopes have opposite signs and each is more than
twice its standard error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from sim.registry.outcomes import NUMERIC
from sim.registry.params import SETTABLE, Param
from sim.runner.batches import Job, replication_seeds

METHODS = ("morris", "sobol")
OVER = ("levers", "assumptions", "all")
STATISTICS = ("decade", "final")
MORRIS_LEVELS = 4


@dataclass(frozen=True)
class Varied:
    """A parameter as a design varies it: its name, the range used and where that range comes from
    (``registry``, ``sweep`` or ``constraint``: narrowed so no point is an impossible world)."""

    name: str
    min: float
    max: float
    value_type: type
    range_from: str = "registry"


def as_varied(p: Param | Varied) -> Varied:
    if isinstance(p, Varied):
        return p
    assert p.min is not None and p.max is not None, f"{p.name} has no range to vary"
    return Varied(p.name, float(p.min), float(p.max), p.value_type)


def varied(over: str, scenario=None) -> list[Varied]:
    """The numeric parameters a sensitivity run varies, with their ranges.

    A scenario with a sweep is varied over its sweep: the swept parameters, each over its swept
    range (its listed values' smallest to largest, or its interval). Otherwise ``over`` chooses the
    levers, assumptions or both, leaving out switches and choices (not numbers) and any lever the
    scenario sets by an event, each over its registry range; ranges are then narrowed where a
    constraint between parameters (``sim.registry.constraints``) would make a corner an impossible world."""
    from sim.registry.constraints import narrowed_ranges
    from sim.registry.params import resolve

    if over not in OVER:
        raise ValueError(f"--over: {over!r} is not allowed; expected one of {', '.join(OVER)}")
    if scenario is not None and scenario.sweep is not None:
        return _swept(scenario)
    kinds = {"levers": ("lever",), "assumptions": ("assumption",), "all": ("lever", "assumption")}[over]
    fixed = set()
    if scenario is not None:
        fixed |= {name for event in scenario.events for name in event.set}
    chosen = [
        as_varied(p)
        for p in SETTABLE.values()
        if p.kind in kinds
        and p.value_type in (int, float)
        and p.min is not None
        and p.max is not None
        and p.max > p.min
        and p.name not in fixed
    ]
    ranges = {v.name: (v.min, v.max) for v in chosen}
    narrowed = narrowed_ranges(ranges, resolve(scenario.model_params if scenario is not None else {}))
    result = []
    for v in chosen:
        low, high = narrowed[v.name]
        same = (low, high) == ranges[v.name]
        result.append(v if same else Varied(v.name, low, high, v.value_type, "constraint"))
    return result


def _swept(scenario) -> list[Varied]:
    from sim.scenario import LatinHypercube

    axes = scenario.sweep.over if isinstance(scenario.sweep, LatinHypercube) else scenario.sweep
    result, refused = [], []
    for name, axis in axes.items():
        values = [axis.start, axis.stop] if hasattr(axis, "start") else list(axis)
        numeric = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numeric) != len(values) or min(numeric) == max(numeric):
            refused.append(name)
            continue
        result.append(Varied(name, float(min(numeric)), float(max(numeric)), SETTABLE[name].value_type, "sweep"))
    if refused:
        raise ValueError(
            f"{scenario.name}: the sweep's {', '.join(refused)} is not a numeric range; sensitivity and screen vary "
            "numbers over a range (sweep them as numbers, or remove them from the sweep)"
        )
    return result


def problem(params: Sequence[Varied]) -> dict:
    """The SALib problem: names and the ranges varied."""
    return {"num_vars": len(params), "names": [p.name for p in params], "bounds": [[p.min, p.max] for p in params]}


@dataclass(frozen=True)
class Design:
    """The points to run: ``X`` has one row per point and one column per parameter."""

    method: str
    params: tuple[Varied, ...]
    X: np.ndarray
    seed: int

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def point(self, row: int) -> dict[str, float | int]:
        """The parameter values of one row, whole numbers where the registry says so."""
        values = {}
        for p, x in zip(self.params, self.X[row], strict=True):
            values[p.name] = round(float(x)) if p.value_type is int else float(x)
        return values


def design(method: str, params: Sequence[Param | Varied], samples: int, seed: int) -> Design:
    """Morris: ``samples`` trajectories of ``k + 1`` points. Sobol: ``samples x (k + 2)`` points
    (``samples`` a power of two for Sobol's sequence)."""
    if method not in METHODS:
        raise ValueError(f"--method: {method!r} is not allowed; expected one of {', '.join(METHODS)}")
    chosen = [as_varied(p) for p in params]
    spec = problem(chosen)
    if method == "morris":
        X = morris_sample.sample(spec, samples, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        if samples & (samples - 1):
            raise ValueError(f"--samples: {samples} is not allowed for sobol; expected a power of two (8, 16, 32, ...)")
        X = sobol_sample.sample(spec, samples, calc_second_order=False, seed=seed)
    return Design(method, tuple(chosen), X, seed)


def jobs(scenario, plan: Design, replications: int) -> list[Job]:
    """One job per (design point, replication): the scenario with the point's values, on the same
    seeds at every point."""
    seeds = replication_seeds(scenario.seed, replications)
    return [
        Job({**scenario.model_params, **plan.point(i)}, scenario.steps, seed, r, scenario.model_events, None, i)
        for i in range(len(plan.X))
        for r, seed in enumerate(seeds)
    ]


def responses(frame: pd.DataFrame, statistic: str, outcomes: Iterable[str] = NUMERIC) -> pd.DataFrame:
    """Each design point's outcome, averaged over its replications: one row per point."""
    if statistic not in STATISTICS:
        raise ValueError(f"--statistic: {statistic!r} is not allowed; expected one of {', '.join(STATISTICS)}")
    outcomes = list(outcomes)
    if statistic == "final":
        frame = frame[frame["step"] == frame["step"].max()]
    per_run = frame.groupby(["point", "replication"])[outcomes].mean()
    return per_run.groupby(level="point").mean().sort_index()


def analyse(plan: Design, Y: pd.DataFrame) -> pd.DataFrame:
    """Indices with 95% intervals for every (outcome, parameter), ranked within each outcome.

    Columns: outcome, parameter, index (``mu_star`` or ``ST``), value, low, high, rank, and the
    method's other measures (Morris: ``mu``, ``sigma``; Sobol: ``S1`` with its interval), plus
    ``sign_change``."""
    spec = problem(plan.params)
    rows = []
    for outcome in Y.columns:
        y = Y[outcome].to_numpy(dtype=float)
        flags = sign_changes(plan, y)
        if plan.method == "morris":
            result = morris_analyze.analyze(
                spec, plan.X, y, num_levels=MORRIS_LEVELS, conf_level=0.95, num_resamples=1000, seed=plan.seed
            )
            for i, name in enumerate(plan.names):
                value, conf = float(result["mu_star"][i]), float(result["mu_star_conf"][i])
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "index": "mu_star",
                        "value": value,
                        "low": max(value - conf, 0.0),
                        "high": value + conf,
                        "mu": float(result["mu"][i]),
                        "sigma": float(result["sigma"][i]),
                        "sign_change": flags[i],
                        **_range_columns(plan.params[i]),
                    }
                )
        else:
            if np.ptp(y) == 0:  # an outcome nothing moves has no variance to share out
                result = {k: np.zeros(len(plan.names)) for k in ("S1", "S1_conf", "ST", "ST_conf")}
            else:
                result = sobol_analyze.analyze(
                    spec, y, calc_second_order=False, conf_level=0.95, num_resamples=1000, seed=plan.seed
                )
            for i, name in enumerate(plan.names):
                value, conf = float(result["ST"][i]), float(result["ST_conf"][i])
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "index": "ST",
                        "value": value,
                        "low": max(value - conf, 0.0),
                        "high": value + conf,
                        "S1": float(result["S1"][i]),
                        "S1_low": float(result["S1"][i] - result["S1_conf"][i]),
                        "S1_high": float(result["S1"][i] + result["S1_conf"][i]),
                        "sign_change": flags[i],
                        **_range_columns(plan.params[i]),
                    }
                )
    table = pd.DataFrame(rows)
    table["rank"] = table.groupby("outcome")["value"].rank(ascending=False, method="min").astype(int)
    return table.sort_values(["outcome", "rank", "parameter"]).reset_index(drop=True)


def _range_columns(p: Varied) -> dict:
    return {"range_low": p.min, "range_high": p.max, "range_from": p.range_from}


def stability_warnings(table: pd.DataFrame, method: str, samples: int) -> list[str]:
    """Warnings, with the sample size to use, when the indices are not yet stable: Sobol total
    indices above 1 or first-order indices above their total beyond its interval (both impossible
    in the limit, so the base sample is too small), or Morris intervals wider than the index itself
    for a parameter ranked in the top three."""
    bigger = 4 * samples  # intervals shrink as one over the square root of the samples: 4x halves them
    found = []
    if method == "sobol" and "S1" in table.columns:
        over_one = table[table["value"] > 1.0]
        inverted = table[table["S1_low"] > table["high"]]
        for rows, what in ((over_one, "ST above 1"), (inverted, "S1 above ST beyond its interval")):
            if len(rows):
                shown = ", ".join(f"{r.parameter} on {r.outcome}" for r in rows.head(3).itertuples())
                more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
                found.append(
                    f"unstable Sobol indices ({what}: {shown}{more}) at --samples {samples}; "
                    f"rerun with --samples {bigger} or more"
                )
    if method == "morris":
        top = table[(table["rank"] <= 3) & (table["value"] > 0) & (table["high"] - table["value"] > table["value"])]
        if len(top):
            shown = ", ".join(f"{r.parameter} on {r.outcome}" for r in top.head(3).itertuples())
            more = f" and {len(top) - 3} more" if len(top) > 3 else ""
            found.append(
                f"unstable Morris ranking (an interval wider than mu* itself for a top-3 parameter: {shown}{more}) "
                f"at --samples {samples}; rerun with --samples {bigger} or more"
            )
    return found


def sign_changes(plan: Design, y: np.ndarray) -> list[bool]:
    """For each parameter: does its effect on the outcome have opposite, clear signs in the lower and
    the upper part of its range?

    Morris: its elementary effects are split by where in the range each step was taken (steps of
    two-thirds of the range start at its bottom or end at its top), and the mean of each group must
    be more than twice its standard error, with opposite signs. Sobol: least-squares slopes of the
    outcome on the parameter within each half of its range, over the design's independent base
    points (Saltelli's A and B rows), each more than twice its standard error, with opposite signs."""
    if plan.method == "morris":
        groups = _effects_by_part(plan, y)
        means = [[_mean_and_se(part) for part in parts] for parts in groups]
    else:
        k = len(plan.params)
        base = np.zeros(len(plan.X), dtype=bool)
        base[0 :: k + 2] = base[k + 1 :: k + 2] = True
        X, yb = plan.X[base], y[base]
        means = []
        for i, p in enumerate(plan.params):
            middle = 0.5 * (p.min + p.max)
            means.append([_slope(X[half, i], yb[half]) for half in (X[:, i] <= middle, X[:, i] >= middle)])
    return [_flips(low, high) for low, high in means]


def _flips(low: tuple[float, float] | None, high: tuple[float, float] | None) -> bool:
    """Both halves' slopes clear of zero (more than two standard errors) and of opposite sign."""
    if low is None or high is None:
        return False
    return abs(low[0]) > 2 * low[1] and abs(high[0]) > 2 * high[1] and np.sign(low[0]) != np.sign(high[0])


def _effects_by_part(plan: Design, y: np.ndarray) -> list[tuple[list[float], list[float]]]:
    """Each parameter's Morris elementary effects (outcome change per whole range), split into the
    steps in the lower part of its range and those in the upper part."""
    k = len(plan.params)
    span = np.array([p.max - p.min for p in plan.params])
    low = np.array([p.min for p in plan.params])
    parts: list[tuple[list[float], list[float]]] = [([], []) for _ in range(k)]
    for start in range(0, len(plan.X), k + 1):
        for j in range(start, start + k):
            moved = np.flatnonzero(plan.X[j + 1] != plan.X[j])
            if len(moved) != 1:
                continue
            i = int(moved[0])
            step = (plan.X[j + 1, i] - plan.X[j, i]) / span[i]
            effect = (y[j + 1] - y[j]) / step
            middle_of_step = (0.5 * (plan.X[j + 1, i] + plan.X[j, i]) - low[i]) / span[i]
            parts[i][0 if middle_of_step < 0.5 else 1].append(effect)
    return parts


def _mean_and_se(values: list[float]) -> tuple[float, float] | None:
    if len(values) < 2:
        return None
    array = np.asarray(values)
    return float(array.mean()), float(array.std(ddof=1) / np.sqrt(len(array)))


def _slope(x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    """Least-squares slope of ``y`` on ``x`` and its standard error, or None with too few distinct points."""
    if len(x) < 4 or np.ptp(x) == 0:
        return None
    x_centred = x - x.mean()
    slope = float(x_centred @ (y - y.mean()) / (x_centred @ x_centred))
    residual = y - y.mean() - slope * x_centred
    se = float(np.sqrt(residual @ residual / (len(x) - 2) / (x_centred @ x_centred)))
    return slope, se


# ---- running a study and keeping its files --------------------------------------------------
FILES = ("sensitivity.csv", "design.csv")


def run_study(
    scenario,
    method: str,
    samples: int,
    over: str,
    replications: int,
    statistic: str,
    out,
    workers: int | None = None,
    backend: str = "local",
    fresh: bool = False,
    progress=None,
) -> pd.DataFrame:
    """Run a sensitivity study of ``scenario`` into folder ``out`` and return its indices.

    Runs are saved in ``out/.parts`` as they finish, so a killed study resumes where it stopped;
    then ``sensitivity.csv`` (the indices) and ``design.csv`` (the points, with each point's mean
    outcomes) are written, each whole or not at all."""
    from pathlib import Path

    from sim.runner.replications import run_streamed
    from sim.runner.store import PartStore

    out = Path(out)
    params = varied(over, scenario)
    plan = design(method, params, samples, scenario.seed)
    todo = jobs(scenario, plan, replications)
    fingerprint = {
        "study": "sensitivity",
        "scenario": scenario.model_dump(mode="json"),
        "method": method,
        "samples": samples,
        "over": over,
        "replications": replications,
        "statistic": statistic,
    }
    store = PartStore(out / ".parts", fingerprint, fresh=fresh)
    run_streamed({"scenario": todo}, store, workers, progress, backend)
    Y = responses(store.frame("scenario"), statistic)
    table = analyse(plan, Y)
    points = pd.DataFrame(plan.X, columns=plan.names)
    points.insert(0, "point", range(len(points)))
    points = points.join(Y.add_prefix("mean_"), on="point")
    write_csv(table, out / "sensitivity.csv")
    write_csv(points, out / "design.csv")
    store.discard()
    return table


def write_csv(frame: pd.DataFrame, path) -> None:
    """``frame`` as CSV at ``path``, whole or not at all."""
    import os

    staging = path.with_name(f".{path.name}.tmp")
    frame.to_csv(staging, index=False)
    os.replace(staging, path)
