"""Scenario discovery and robust decisions on a finished sweep (EMA Workbench, an optional extra).

- :func:`discover`: which swept values lead to an outcome of interest (``crisis_chance > 0.05``)?
  PRIM (Friedman and Fisher 1999, as EMA Workbench implements it; Bryant and Lempert 2010) finds a
  box of swept values holding many of the runs of interest (its *coverage*: the share of all runs
  of interest inside it) and few others (its *density*: the share of the runs inside it that are of
  interest); extra-trees feature scores rank the swept parameters by how much they decide it.
- :func:`robustness`: a sweep that crosses policies (the levers it sweeps) with uncertainties (the
  assumptions it sweeps) gives every policy an outcome in every state of the world; each policy's
  regret in a state is how far it falls short of the best policy there (Savage 1951), and its
  satisficing share the share of states where it meets a threshold (Simon 1956; McPhail et al. 2018
  compare such robustness measures).

Each run is one row: its sweep point's values and its outcome at the end (or over the run). The
numbers come from the results folder alone; nothing runs again.
"""

from __future__ import annotations

import json
import operator
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.registry.outcomes import NUMERIC
from sim.registry.params import PARAMS

STATISTICS = ("end", "decade")
OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
DENSITY_WANTED = 0.8  # the box chosen on PRIM's peeling trajectory: the widest coverage at this density


class DiscoveryError(ValueError):
    """A discovery or robustness question that cannot be answered as asked, in words."""


def need_ema():
    """EMA Workbench, or a one-line error saying how to install it."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ipyparallel missing: its evaluator is not needed here
            import ema_workbench  # noqa: F401
    except ImportError:
        raise DiscoveryError(
            "this needs EMA Workbench, an optional extra: `uv sync --extra ema` (or pip install 'airace[ema]')"
        ) from None


def read_sweep(folder: Path, statistic: str = "end") -> tuple[pd.DataFrame, list[str], dict]:
    """One row per run of the sweep in ``folder``: ``point``, ``replication``, the swept parameters
    (registry names) and every outcome (at the last quarter, or its run mean)."""
    manifest_path = Path(folder) / "manifest.json"
    if not manifest_path.is_file():
        raise DiscoveryError(f"{folder}: not a finished results folder (no manifest.json)")
    if statistic not in STATISTICS:
        raise DiscoveryError(f"--statistic: {statistic!r} is not allowed; expected one of {', '.join(STATISTICS)}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    points = pd.DataFrame(manifest.get("points") or [])
    swept = [c for c in points.columns if c != "point"]
    if not swept:
        raise DiscoveryError(f"{folder}: not a sweep; discovery needs the points of a sweep")
    frame = pd.read_parquet(Path(folder) / "timeseries.parquet", columns=["point", "replication", "step", *NUMERIC])
    if statistic == "end":
        runs = frame[frame["step"] == frame["step"].max()].drop(columns="step")
    else:
        runs = frame.groupby(["point", "replication"], as_index=False)[list(NUMERIC)].mean()
    table = points.merge(runs, on="point").sort_values(["point", "replication"]).reset_index(drop=True)
    return table, swept, manifest


def parse_where(text: str) -> tuple[str, str, float]:
    """``"crisis_chance > 0.05"`` as (outcome, operator, threshold)."""
    match = re.fullmatch(r"\s*([a-z0-9_]+)\s*(>=|<=|>|<)\s*(-?[0-9.]+(?:e-?[0-9]+)?)\s*", text or "")
    if not match:
        raise DiscoveryError(
            f"--where: {text!r} is not allowed; expected OUTCOME OP NUMBER, e.g. 'crisis_chance > 0.05' "
            f"(OP one of {', '.join(OPERATORS)})"
        )
    outcome, op, number = match.groups()
    if outcome not in NUMERIC:
        raise DiscoveryError(f"--where: {outcome!r} is not an outcome; see `airace outcomes`")
    return outcome, op, float(number)


def of_interest(table: pd.DataFrame, where: tuple[str, str, float]) -> np.ndarray:
    outcome, op, threshold = where
    return OPERATORS[op](table[outcome].to_numpy(dtype=float), threshold)


def _numeric_x(table: pd.DataFrame, swept: list[str]) -> pd.DataFrame:
    """The swept values as PRIM takes them: numbers as floats, anything else as categories."""
    x = table[swept].copy()
    for name in swept:
        if pd.api.types.is_bool_dtype(x[name]) or not pd.api.types.is_numeric_dtype(x[name]):
            x[name] = x[name].astype(str).astype("category")
        else:
            x[name] = x[name].astype(float)
    return x


def discover(table: pd.DataFrame, swept: list[str], where: tuple[str, str, float]) -> dict:
    """PRIM's box for the runs where ``where`` holds, and the swept parameters' feature scores.

    Returns coverage, density, mass (share of runs in the box), the box's limits per restricted
    parameter (``{name: (low, high)}`` or the categories kept), the runs of interest, and the scores."""
    need_ema()
    from ema_workbench.analysis import prim
    from ema_workbench.analysis.feature_scoring import get_ex_feature_scores

    y = of_interest(table, where)
    if y.all() or not y.any():
        share = "every" if y.all() else "no"
        raise DiscoveryError(
            f"--where: {share} run has {where[0]} {where[1]} {where[2]:g}; there is no box to find (see the outcome's "
            "values in the folder's summary.csv)"
        )
    x = _numeric_x(table, swept)
    found = prim.Prim(x, y, peel_alpha=0.1, mass_min=0.05)
    box = found.find_box()
    trajectory = box.peeling_trajectory
    dense = trajectory[trajectory["density"] >= DENSITY_WANTED]
    chosen = int(dense["coverage"].idxmax()) if len(dense) else int(trajectory["density"].idxmax())
    box.select(chosen)
    limits = box.box_lims[chosen]
    restricted: dict[str, Any] = {}
    for name in swept:
        low, high = limits.loc[0, name], limits.loc[1, name]
        if isinstance(low, set):
            if low != set(x[name].cat.categories):
                restricted[name] = sorted(low)
        elif low > x[name].min() or high < x[name].max():
            restricted[name] = (float(low), float(high))
    scores = get_ex_feature_scores(x, y.astype(int), random_state=0)[0]
    scores = scores.iloc[:, 0].sort_values(ascending=False)
    return {
        "coverage": float(trajectory.loc[chosen, "coverage"]),
        "density": float(trajectory.loc[chosen, "density"]),
        "mass": float(trajectory.loc[chosen, "mass"]),
        "box": restricted,
        "interest": y,
        "scores": scores,
    }


def in_box(table: pd.DataFrame, box: dict) -> np.ndarray:
    """Which runs lie inside ``box`` (its limits, as :func:`discover` gives them)."""
    inside = np.ones(len(table), dtype=bool)
    for name, limit in box.items():
        values = table[name]
        if isinstance(limit, list):
            inside &= values.astype(str).isin(limit).to_numpy()
        else:
            inside &= ((values >= limit[0]) & (values <= limit[1])).to_numpy()
    return inside


# ---- robust decisions --------------------------------------------------------------------------
def policies_and_worlds(swept: list[str]) -> tuple[list[str], list[str]]:
    """The swept levers (the policies) and the swept assumptions (the uncertain world)."""
    levers = [n for n in swept if PARAMS[n].kind == "lever"]
    worlds = [n for n in swept if PARAMS[n].kind != "lever"]
    if not levers or not worlds:
        raise DiscoveryError(
            "robust needs a sweep that crosses policies (levers) with uncertainties (assumptions); this one sweeps "
            f"{', '.join(swept)}"
        )
    return levers, worlds


def robustness(
    table: pd.DataFrame, swept: list[str], outcome: str, maximize: bool, threshold: float | None = None
) -> tuple[pd.DataFrame, int]:
    """Each policy's mean, worst, maximum regret and (with ``threshold``) satisficing share of
    ``outcome`` across the states of the world, ranked by maximum regret; and the number of states."""
    if outcome not in NUMERIC:
        raise DiscoveryError(f"{outcome!r} is not an outcome; see `airace outcomes`")
    levers, worlds = policies_and_worlds(swept)
    per_cell = table.groupby([*levers, *worlds])[outcome].mean().unstack(levers)  # states x policies
    per_cell = per_cell.dropna(axis=0)  # a state every policy was run in
    values = per_cell.to_numpy(dtype=float)
    best = values.max(axis=1, keepdims=True) if maximize else values.min(axis=1, keepdims=True)
    regret = np.abs(best - values)
    rows = []
    for j, policy in enumerate(per_cell.columns):
        key = policy if isinstance(policy, tuple) else (policy,)
        row: dict[str, Any] = {"policy": ", ".join(f"{n}={v:g}" for n, v in zip(levers, key, strict=True))}
        row.update(dict(zip(levers, key, strict=True)))
        column = values[:, j]
        row.update(
            {
                "mean": float(column.mean()),
                "worst": float(column.min() if maximize else column.max()),
                "max_regret": float(regret[:, j].max()),
                "mean_regret": float(regret[:, j].mean()),
            }
        )
        if threshold is not None:
            row["satisficing"] = float(np.mean(column >= threshold if maximize else column <= threshold))
        rows.append(row)
    ranked = pd.DataFrame(rows).sort_values(["max_regret", "mean_regret"]).reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked, len(per_cell)
