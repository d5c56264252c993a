"""Charts of scenario discovery and robust decisions (``airace discover``, ``airace robust``):
PRIM's box over the runs, and the policies ranked by regret. The numbers come from
``sim.analysis.discovery``; these only draw them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from sim.report.charts.style import DISCLAIMER, plt


def box_chart(table: pd.DataFrame, found: dict, where: tuple[str, str, float], path: Path) -> Path:
    """The two highest-scoring swept parameters, every run coloured by whether it is of interest,
    with PRIM's box drawn where it restricts them."""
    names = [n for n in found["scores"].index if pd.api.types.is_numeric_dtype(table[n])][:2]
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    y = found["interest"]
    rng = np.random.default_rng(0)
    spread = lambda v: v + rng.normal(0, 0.01 * (np.ptp(v) or 1), len(v))  # noqa: E731 (tied points of a grid)
    xs = spread(table[names[0]].to_numpy(dtype=float))
    ys = spread(table[names[1]].to_numpy(dtype=float)) if len(names) > 1 else rng.uniform(0, 1, len(table))
    ax.scatter(xs[~y], ys[~y], s=10, color="#bbbbbb", label="other runs")
    ax.scatter(xs[y], ys[y], s=12, color="#D55E00", label=f"{where[0]} {where[1]} {where[2]:g}")
    low_x, high_x = found["box"].get(names[0], (xs.min(), xs.max()))
    low_y, high_y = found["box"].get(names[1], (ys.min(), ys.max())) if len(names) > 1 else (0, 1)
    ax.add_patch(Rectangle((low_x, low_y), high_x - low_x, high_y - low_y, fill=False, linewidth=2, color="#0072B2"))
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1] if len(names) > 1 else "")
    ax.set_title(f"PRIM box: coverage {found['coverage']:.0%}, density {found['density']:.0%}", fontsize=10, loc="left")
    ax.legend(fontsize=8, loc="best")
    fig.text(0.01, 0.005, DISCLAIMER, fontsize=6, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def robust_chart(ranked: pd.DataFrame, outcome: str, path: Path) -> Path:
    """Each policy's maximum regret (bars) and satisficing share (when asked), best first."""
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(ranked) + 1.6))
    ax.barh(ranked["policy"][::-1], ranked["max_regret"][::-1], color="#0072B2")
    ax.set_xlabel(f"maximum regret in {outcome} across the states of the world")
    if "satisficing" in ranked.columns:
        for i, share in enumerate(ranked["satisficing"][::-1]):
            ax.text(0, i, f" meets the threshold in {share:.0%}", va="center", fontsize=7, color="white")
    ax.set_title(f"Policies ranked by maximum regret ({outcome})", fontsize=10, loc="left")
    fig.text(0.01, 0.005, DISCLAIMER, fontsize=6, color="#555555")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
