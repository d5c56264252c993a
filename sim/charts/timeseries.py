"""Time series: the headline outcomes, and small multiples of every outcome, each against the baseline."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from matplotlib import ticker

from sim.charts.style import draw_band, grid_of_panels, heading, plt, quarter_axis, save, unit_label
from sim.outcomes import NUMERIC

# (title, [(column, label, colour)], log scale)
HEADLINE_PANELS = [
    ("Capability", [("capability_us", "US", "us"), ("capability_cn", "China", "cn")], False),
    ("Capability gap (US - China)", [("capability_gap", "gap", "other")], False),
    ("Compute stock", [("compute_us", "US", "us"), ("compute_cn", "China", "cn")], True),
    (
        "China's own chips",
        [
            ("cn_domestic_chip_share", "share of its compute", "cn"),
            ("cn_self_sufficiency", "cost-performance vs imports (1 = parity)", "other"),
        ],
        False,
    ),
    ("Smuggled chips", [("smuggled_value_usd", "value", "cn")], False),
    ("Whose models developing nations use", [("reach_us", "US", "us"), ("reach_cn", "China", "cn")], False),
    ("Tension", [("tension", "tension", "other")], False),
    ("Chance of a Taiwan / TSMC crisis", [("crisis_chance", "per quarter", "other")], False),
    ("Misuse risk", [("misuse_risk", "misuse risk", "cn")], False),
]
PLOTTED = list(NUMERIC)


def _panel(ax, bands, reference, series, log, panel_title) -> None:
    for column, label, colour in series:
        if reference is not None:
            draw_band(
                ax, reference, column, colour, f"baseline {label}" if len(series) > 1 else "baseline", reference=True
            )
        draw_band(ax, bands, column, colour, label)
    ax.set_title(panel_title, fontsize=10, fontweight="bold")
    ax.set_ylabel(unit_label(series[0][0]), fontsize=8)
    if log:
        ax.set_yscale("log")
        # Plain labels ("10M") read better than 10^7 and avoid matplotlib's slow maths layout.
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v / 1e6:g}M"))
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
    if panel_title.startswith("Capability gap"):
        ax.axhline(0.0, color="#555555", linewidth=0.8)
    quarter_axis(ax, bands.index)
    ax.legend(fontsize=7, frameon=False)


def headline_chart(
    bands: pd.DataFrame, reference: pd.DataFrame | None, title: str, question: str, path: Path
) -> list[Path]:
    """The nine headline panels: median and 5-95% band, the baseline dashed in grey. ``bands`` and
    ``reference`` are bands tables (``sim.aggregate.bands_of``) of the scenario and the baseline."""
    fig, axes = grid_of_panels(3, 3, (15, 11))
    for ax, (panel_title, series, log) in zip(axes.flat, HEADLINE_PANELS, strict=True):
        _panel(ax, bands, reference, series, log, panel_title)
    heading(
        fig,
        title,
        question,
        "Lines: median across replications; bands: 5-95%; pale dashed lines (same colour) and grey bands: baseline.",
    )
    return save(fig, path)


def small_multiples(bands: pd.DataFrame, reference: pd.DataFrame | None, title: str, path: Path) -> list[Path]:
    """Every recorded outcome, one small panel each, against the baseline (bands tables)."""
    columns = PLOTTED
    cols = 6
    rows = math.ceil(len(columns) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows))
    fig.subplots_adjust(hspace=0.6, wspace=0.45, top=0.93, bottom=0.06, left=0.05, right=0.98)
    for ax, column in zip(axes.flat, columns, strict=False):
        if reference is not None:
            draw_band(ax, reference, column, "reference", "baseline", reference=True)
        draw_band(ax, bands, column, "us", "scenario")
        ax.set_title(column, fontsize=8, fontweight="bold")
        ax.set_ylabel(unit_label(column), fontsize=7)
        ax.tick_params(labelsize=7)
        quarter_axis(ax, bands.index)
    for ax in list(axes.flat)[len(columns) :]:
        ax.set_visible(False)
    heading(fig, title, "", "Blue: scenario median and 5-95% band; grey dashed: baseline.")
    return save(fig, path)
