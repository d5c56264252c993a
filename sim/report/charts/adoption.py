"""Adoption of AI stacks by developing nations as a stacked area, with the baseline's boundaries
when the scenario is not the baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.registry.outcomes import ADOPTION_COLUMNS
from sim.report.charts.style import PALETTE, heading, plt, quarter_axis, save

LABELS = {
    "adoption_us": "US stack",
    "adoption_cn": "Chinese stack",
    "adoption_open": "open / local",
    "adoption_hedge": "hedging both",
    "adoption_none": "no stack yet",
}


def _median_shares(bands: pd.DataFrame) -> pd.DataFrame:
    shares = pd.DataFrame({c: bands[(c, "median")] for c in ADOPTION_COLUMNS})
    return shares.div(shares.sum(axis=1), axis=0)  # medians need not sum to 1


def caption(against_baseline: bool) -> str:
    """What the chart shows; the dashed lines only where there are some (not on the baseline's own)."""
    shown = "Median share of each stack across replications"
    return shown + ("; dashed: the baseline's boundaries." if against_baseline else ".")


def adoption_chart(bands: pd.DataFrame, reference: pd.DataFrame | None, title: str, path: Path) -> list[Path]:
    """Stacked median shares from a bands table (``sim.analysis.aggregate.bands_of``), and the
    baseline's boundaries dashed when its bands (``reference``) are given."""
    shares = _median_shares(bands)
    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    colours = [PALETTE[c.removeprefix("adoption_")] for c in ADOPTION_COLUMNS]
    ax.stackplot(
        shares.index, shares.T.to_numpy(), labels=[LABELS[c] for c in ADOPTION_COLUMNS], colors=colours, alpha=0.85
    )
    if reference is not None:
        edges = np.cumsum(_median_shares(reference).to_numpy(), axis=1)[:, :-1]
        for i, edge in enumerate(edges.T):
            ax.plot(
                shares.index,
                edge,
                color="black",
                linestyle="--",
                linewidth=1,
                label="baseline boundaries" if i == 0 else None,
            )
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of developing nations' population")
    quarter_axis(ax, shares.index)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    heading(fig, title, "", caption(reference is not None))
    return save(fig, path)
