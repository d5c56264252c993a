"""Trade-offs across a sweep: two outcomes of every point, and the points no other point beats on both.

Each sweep point is summarised by the mean over its replications of an outcome's statistic (its
value at the end, or its mean over the run). A point is on the Pareto front when no other point is
at least as good on both outcomes and better on one, in the directions asked for (more or less of
each is better).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from sim.analysis.columns import data_column

STATISTICS = ("end", "decade")


class TradeoffError(ValueError):
    """A trade-off that cannot be drawn as asked, in words for the person who asked."""


def sweep_points(folder: Path, x: str, y: str, statistic: str = "end") -> tuple[pd.DataFrame, list[str], dict]:
    """Each point of a finished sweep in ``folder``: its levers and the mean of ``x`` and ``y``."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise TradeoffError(f"{folder}: not a finished results folder (no manifest.json)")
    if statistic not in STATISTICS:
        raise TradeoffError(f"--statistic: {statistic!r} is not allowed; expected one of {', '.join(STATISTICS)}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    sweep = manifest["scenario"].get("sweep")
    if not sweep:
        raise TradeoffError(f"{folder}: not a sweep; a trade-off needs the points of a sweep (see `airace compare`)")
    levers = list(sweep.get("over", sweep)) if "latin_hypercube" in sweep else list(sweep)
    frame = pd.read_parquet(folder / "timeseries.parquet")  # levers named by sim.analysis.columns
    for name in (x, y):
        if name not in frame.columns:
            raise TradeoffError(f"{name!r} is not an outcome of {folder}; see `airace outcomes`")
    if statistic == "end":
        frame = frame[frame["step"] == frame["step"].max()]
        per_run = frame.set_index(["point", "replication"])[[x, y]]
    else:
        per_run = frame.groupby(["point", "replication"])[[x, y]].mean()
    values = per_run.groupby(level="point").mean()
    setting = frame.groupby("point")[[data_column(name) for name in levers]].first()
    return setting.join(values).reset_index(), levers, manifest


def pareto_front(points: pd.DataFrame, x: str, y: str, maximize_x: bool, maximize_y: bool) -> np.ndarray:
    """Whether each point is on the front: no other point as good on both and better on one."""
    a = points[x].to_numpy(dtype=float) * (1 if maximize_x else -1)
    b = points[y].to_numpy(dtype=float) * (1 if maximize_y else -1)
    dominated = np.zeros(len(points), dtype=bool)
    for i in range(len(points)):
        better_or_equal = (a >= a[i]) & (b >= b[i])
        strictly = (a > a[i]) | (b > b[i])
        dominated[i] = bool(np.any(better_or_equal & strictly))
    return ~dominated


def directions(x: str, y: str, maximize: list[str], minimize: list[str]) -> tuple[bool, bool]:
    """Whether more of ``x`` and of ``y`` is better, as named; each must be named once."""
    result = []
    for name in (x, y):
        if name in maximize and name in minimize:
            raise TradeoffError(f"{name} is both in --maximize and --minimize; name it once")
        if name not in maximize and name not in minimize:
            raise TradeoffError(f"say which way {name} is better: --maximize {name} or --minimize {name}")
        result.append(name in maximize)
    return result[0], result[1]


def point_label(row, levers: list[str]) -> str:
    """A point's levers in a line, by registry name: ``us.export_control_stringency=0.4, us.enforcement=0.75``
    (``row`` names its columns as the data files do, ``sim.analysis.columns``)."""
    values = {name: row[data_column(name)] for name in levers}
    return ", ".join(f"{name}={v:g}" if isinstance(v, int | float) else f"{name}={v}" for name, v in values.items())
