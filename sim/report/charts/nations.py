"""The developing world nation by nation: a grid by region, one tile per nation, coloured by the
stack most runs put it on (``sim.analysis.countries.nation_picks``)."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd
from matplotlib.patches import Patch, Rectangle

from sim.model.mechanisms.adoption import STACKS
from sim.registry.labels import STACK_WORDS
from sim.report.charts.style import DISCLAIMER, PALETTE, plt, save

PER_ROW = 10
SURE = 0.6  # below this share of runs agreeing, a tile is pale and hatched: the runs disagree


def nations_grid(picks: pd.DataFrame, quarters: list[str], title: str, path: Path) -> list[Path]:
    """One panel per quarter: regions as bands of tiles, largest nation first, each tile named and
    coloured by the stack most runs pick; pale and hatched where fewer than 60% of runs agree."""
    regions = sorted(picks["region"].unique())
    sizes = picks[picks["quarter"] == quarters[0]].groupby("region").size()
    rows_per_region = {r: math.ceil(sizes[r] / PER_ROW) for r in regions}
    total_rows = sum(rows_per_region.values()) + len(regions) * 0.5
    fig, axes = plt.subplots(1, len(quarters), figsize=(8.3 * len(quarters), 0.62 * total_rows + 2.2), squeeze=False)
    for ax, quarter in zip(axes.flat, quarters, strict=True):
        frame = picks[picks["quarter"] == quarter]
        y = 0.0
        for region in regions:
            nations = frame[frame["region"] == region].sort_values("weight", ascending=False)
            ax.text(0, y - 0.1, region, fontsize=9, fontweight="bold", va="bottom")
            y += 0.05
            for i, row in enumerate(nations.itertuples()):
                col, line = i % PER_ROW, i // PER_ROW
                sure = row.agreement >= SURE
                ax.add_patch(
                    Rectangle(
                        (col, y + line),
                        0.94,
                        0.9,
                        facecolor=PALETTE[row.pick],
                        alpha=0.9 if sure else 0.35,
                        hatch=None if sure else "///",
                        edgecolor="white",
                    )
                )
                name = "\n".join(textwrap.wrap(row.name, 12)[:2])
                weight = f"\n{row.weight * 100:.0f}%" if row.weight >= 0.01 else ""
                ax.text(col + 0.47, y + line + 0.45, name + weight, ha="center", va="center", fontsize=6.5)
            y += rows_per_region[region] + 0.45
        ax.set_xlim(-0.05, PER_ROW)
        ax.set_ylim(y, -0.4)
        ax.axis("off")
        ax.set_title(f"Most common stack across runs, {quarter}", fontsize=11, fontweight="bold", loc="left")
    handles = [Patch(facecolor=PALETTE[s], label=STACK_WORDS[s]) for s in STACKS]
    handles.append(Patch(facecolor="white", edgecolor="grey", hatch="///", label="fewer than 60% of runs agree"))
    fig.legend(handles=handles, loc="lower center", ncol=6, frameon=False, fontsize=8.5, bbox_to_anchor=(0.5, 0.035))
    fig.suptitle(f"{title}: which AI stack each developing nation uses", fontsize=12, fontweight="bold")
    fig.text(
        0.5,
        0.005,
        "A % under a name is the nation's share of the developing world's people, its weight in the "
        f"population-weighted lines. {DISCLAIMER}",
        ha="center",
        fontsize=8,
    )
    fig.subplots_adjust(left=0.02, right=0.98, top=1 - 0.6 / fig.get_figheight(), bottom=1.0 / fig.get_figheight())
    return save(fig, path, formats=(".png",))
