"""Sweep charts: what each point of a sweep changes against the baseline, early and at the end.

A grid of two or more levers is drawn as heat maps of the paired difference from the baseline
(every point runs on the baseline's seeds): a diverging colour scale centred on "no change", whose
range is never narrower than a tenth of the outcome's size (ten points for a share), so a change in
the fourth decimal stays pale instead of filling the scale. Cells whose difference is less than half
the baseline's spread across runs (``sim.analysis.whatchanged.THRESHOLD``) are hatched grey: no clear
difference. One lever is drawn as lines with bands, a Latin hypercube as points. Each outcome is
shown in an early year and at the last quarter, side by side.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from sim.registry.labels import Display, lever_label, outcome_label, plain_number, shown
from sim.report.charts.style import DISCLAIMER, PALETTE, plain_axis, plt, save

SWEEP_OUTCOMES = ("capability_gap", "compute_cn", "cn_domestic_chip_share", "reach_cn", "tension", "misuse_risk")
DIVERGING = "PuOr_r"  # purple (lower) to orange (higher) through white: readable with common colour-vision deficiencies
MIN_RANGE_SHARE = 0.1  # the colour scale spans at least a tenth of the outcome's size (ten points for a share)


def _tick(value) -> str:
    return plain_number(float(value)) if isinstance(value, int | float) else str(value)


def _lever_words(name: str) -> str:
    return "\n".join(textwrap.wrap(lever_label(name).title, 38))


def _colour_range(column: str, differences: pd.Series, reference: pd.DataFrame) -> float:
    display = outcome_label(column).display
    if display in (Display.percent, Display.percent_a_year):
        floor = 100 * MIN_RANGE_SHARE
    else:
        floor = MIN_RANGE_SHARE * abs(float(np.median(shown(display, reference[column].to_numpy()))))
    return max(float(differences.abs().max()), floor, 1e-9)


def _heat_map(ax, fig, cells: pd.DataFrame, column, swept, limit: float) -> None:
    x, y = swept[0], swept[1]
    table = cells.pivot(index=y, columns=x, values="difference")
    clear = cells.pivot(index=y, columns=x, values="clear").astype(bool)
    image = ax.imshow(table.to_numpy(), origin="lower", aspect="auto", cmap=DIVERGING, vmin=-limit, vmax=limit)
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        if not clear.to_numpy()[i, j]:
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#dddddd", hatch="//", edgecolor="#999999"))
        dark = abs(value) > 0.6 * limit and clear.to_numpy()[i, j]
        ax.text(j, i, plain_number(value), ha="center", va="center", fontsize=6.5, color="white" if dark else "black")
    ax.set_xticks(range(table.shape[1]), [_tick(v) for v in table.columns], fontsize=8)
    ax.set_yticks(range(table.shape[0]), [_tick(v) for v in table.index], fontsize=8)
    ax.set_xlabel(_lever_words(x), fontsize=8)
    ax.set_ylabel(_lever_words(y), fontsize=8)
    bar = fig.colorbar(image, ax=ax, shrink=0.9)
    bar.set_label("\n".join(textwrap.wrap("change from the baseline, " + outcome_label(column).unit, 32)), fontsize=7)
    bar.ax.tick_params(labelsize=7)


def _lines(ax, frame, reference, column, swept, factorial) -> None:
    display = outcome_label(column).display
    if factorial:
        b = frame.groupby(swept[0])[column].quantile([0.05, 0.5, 0.95]).unstack()
        ax.fill_between(b.index, shown(display, b[0.05]), shown(display, b[0.95]), color=PALETTE["us"], alpha=0.22)
        ax.plot(b.index, shown(display, b[0.5]), color=PALETTE["us"], linewidth=2, marker="o", label="sweep")
    else:
        medians = frame.groupby("point")[[swept[0], column]].median()
        ax.scatter(medians[swept[0]], shown(display, medians[column]), s=14, color=PALETTE["us"], label="sweep point")
    if reference is not None:  # a sweep measured against nothing draws no baseline
        ax.axhline(
            shown(display, reference[column].median()), color=PALETTE["reference"], linestyle="--", label="baseline"
        )
    ax.set_ylabel("\n".join(textwrap.wrap(outcome_label(column).unit, 30)), fontsize=8)
    ax.set_xlabel(_lever_words(swept[0]), fontsize=8)
    plain_axis(ax, column)
    ax.legend(fontsize=7, frameon=False)
    ax.grid(alpha=0.3)


def sweep_chart(
    views: dict[str, tuple[pd.DataFrame, pd.DataFrame | None]],
    swept: tuple[str, ...],
    factorial: bool,
    title: str,
    path: Path,
    outcomes: Sequence[str] = SWEEP_OUTCOMES,
    differences: Mapping[tuple[str, str], pd.DataFrame] | None = None,
) -> list[Path]:
    """``views`` maps a quarter label to (every run's row at that quarter, the baseline's rows):
    one column of panels per quarter, one row per outcome. A grid's heat maps draw
    ``differences[(quarter, outcome)]``: per point of the first two swept levers, the mean paired
    difference from the baseline and whether it is clear (``sim.analysis.whatchanged.sweep_differences``)."""
    grid = factorial and len(swept) >= 2 and differences is not None
    quarters = list(views)
    fig, axes = plt.subplots(
        len(outcomes),
        len(quarters),
        figsize=(6.2 * len(quarters), 3.4 * len(outcomes) + 1.6),
        squeeze=False,
        layout="constrained",
    )
    limits = {}  # one colour range per outcome, shared by its early and late views
    if grid:
        for column in outcomes:
            spans = []
            for quarter, (_, reference) in views.items():
                cells = differences[(quarter, column)]
                spans.append(_colour_range(column, cells["difference"], reference))
            limits[column] = max(spans, default=1.0)
    for row, column in enumerate(outcomes):
        for col, quarter in enumerate(quarters):
            frame, reference = views[quarter]
            ax = axes[row, col]
            if grid:
                _heat_map(ax, fig, differences[(quarter, column)], column, swept, limits[column])
            else:
                _lines(ax, frame, reference, column, swept, factorial)
            ax.set_title(f"{outcome_label(column).title}, {quarter}", fontsize=10, fontweight="bold", loc="left")
    if grid:
        fig.legend(
            handles=[Patch(facecolor="#dddddd", hatch="//", edgecolor="#999999", label="no clear difference")],
            loc="outside lower right",
            frameon=False,
            fontsize=8,
        )
        how = (
            "Colour and number: mean change from the baseline with the same chance events (purple lower, "
            "orange higher, white none); hatched grey: less than half the baseline's run-to-run spread."
        )
    else:
        against = any(reference is not None for _, reference in views.values())
        how = "Line or points: the middle run; band: 90% of runs" + ("; dashed grey: the baseline." if against else ".")
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.supxlabel(textwrap.fill(f"{how} {DISCLAIMER}", int(fig.get_figwidth() * 13)), fontsize=8.5)
    return save(fig, path)
