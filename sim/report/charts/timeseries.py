"""Time series against the baseline: the headline (the outcomes a lesson watches), one slide per
headline outcome, and every outcome on readable pages.

Every panel is titled and scaled in plain words from ``sim.registry.labels``: a percentage, USD bn, millions
of top chips, expected cases per decade; never a code name or a power of ten.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from sim.registry.labels import OUTCOME_LABELS, Display, outcome_label
from sim.registry.outcomes import NUMERIC, OUTCOMES
from sim.report.charts.style import DISCLAIMER, PALETTE, draw_band, from_zero, plain_axis, plt, quarter_axis, save

PLOTTED = list(NUMERIC)
SCENARIO_COLOUR = "us"  # blue: distinct from the dashed grey baseline in colour and in greyscale print
LEGEND = ("this scenario", "baseline (today's policies)")

# Every outcome, grouped as a teacher would look for them; each group is a page of six panels.
PAGES = (
    (
        "The race",
        ("capability_gap", "capability_us", "capability_cn", "compute_us", "compute_cn", "open_capability"),
    ),
    (
        "Chips and controls",
        (
            "cn_domestic_chip_share",
            "cn_self_sufficiency",
            "cn_chip_capacity_h100e",
            "smuggled_value_usd",
            "export_control_stringency",
            "enforcement",
        ),
    ),
    (
        "The developing world, by population",
        ("reach_us", "reach_cn", "adoption_us", "adoption_cn", "adoption_open", "adoption_hedge"),
    ),
    (
        "The developing world, nation by nation",
        (
            "adoption_none",
            "adoption_us_nations",
            "adoption_cn_nations",
            "adoption_open_nations",
            "adoption_hedge_nations",
            "adoption_none_nations",
        ),
    ),
    (
        "Money, safety and benefit",
        ("investment_us_usd", "investment_cn_usd", "safety_share", "welfare", "governance_body_share", "cooperation"),
    ),
    (
        "Risks",
        ("tension", "crisis_chance", "crisis", "crises_started", "misuse_risk", "misuse_incidents"),
    ),
    ("Stances", ("stance_us", "stance_cn")),
)


def footer(replications: int, with_reference: bool = True) -> str:
    against = " Dashed grey: the baseline (today's policies) with the same chance events." if with_reference else ""
    return f"Solid line: the middle of {replications} runs; shaded: 90% of runs.{against} {DISCLAIMER}"


def _panel(ax, bands, reference, column: str, size: float, with_legend: bool) -> None:
    label = outcome_label(column)
    draw_band(ax, bands, column, SCENARIO_COLOUR, LEGEND[0] if reference is not None else "today's policies")
    if reference is not None:  # on top, so the dashed baseline shows where the two lines coincide
        draw_band(ax, reference, column, "reference", LEGEND[1], reference=True)
    title = "\n".join(textwrap.wrap(label.title, 34))
    ax.set_title(title, fontsize=size * 1.15, fontweight="bold", loc="left")
    gap = column in ("capability_gap", "capability_lag_months")  # the note is drawn either side of the zero line
    unit = label.unit + (f"; {label.note}" if label.note and not gap else "")
    ax.set_ylabel("\n".join(textwrap.wrap(unit, 30)), fontsize=size * 0.9)
    if gap:
        low, high = ax.get_ylim()
        room = 0.15 * (high - low)
        ax.set_ylim(min(low, -room), max(high, room))
        ax.axhline(0.0, color="#333333", linewidth=1.0)
        ax.annotate(
            "above 0: US ahead",
            (0.01, 0.0),
            xycoords=("axes fraction", "data"),
            xytext=(0, 4),
            textcoords="offset points",
            fontsize=size * 0.85,
            color="#333333",
            va="bottom",
        )
        ax.annotate(
            "below 0: China ahead",
            (0.01, 0.0),
            xycoords=("axes fraction", "data"),
            xytext=(0, -4),
            textcoords="offset points",
            fontsize=size * 0.85,
            color="#333333",
            va="top",
        )
    if from_zero(column):  # a quantity that starts at 0 is drawn from 0, so its moves are not exaggerated
        ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    whole_range_if_flat(ax, column)
    plain_axis(ax, column)
    quarter_axis(ax, bands.index)
    ax.tick_params(labelsize=size * 0.9)
    if with_legend:
        ax.legend(fontsize=size * 0.85, frameon=False, loc="best")


# Quantities from 0 to 1 (registry units), and that range as shown: an index as is, a share in percent.
ZERO_TO_ONE = ("index 0-1", "probability", "share", "share of nations", "share of population", "share of spending")
WHOLE_RANGE = {Display.scale: (0.0, 1.0), Display.percent: (0.0, 100.0)}


def whole_range_if_flat(ax, column: str) -> None:
    """Lines that never move (levers no doctrine moves, say) on the whole 0-1 range of their
    quantity, with a little room at either end, not on an axis zoomed into ticks such as 0.193 and
    0.207 that make a flat line look as if it could move; quantities without such a range keep
    matplotlib's axis."""
    label = outcome_label(column)
    if label.display not in WHOLE_RANGE or column not in NUMERIC or OUTCOMES[column].unit not in ZERO_TO_ONE:
        return
    ys = [np.asarray(line.get_ydata(), dtype=float) for line in ax.lines]
    bottom, top = WHOLE_RANGE[label.display]
    flat = all(len(y) and np.ptp(y) <= 1e-9 * top for y in ys)
    if ys and flat and all(bottom <= y.min() and y.max() <= top for y in ys):
        room = 0.02 * (top - bottom)
        ax.set_ylim(bottom - room, top + room)


def _titles(fig, title: str, question: str, bottom: str, size: float, left: float = 0.09) -> None:
    """Title and question above, footer below, and fixed margins that fit them. (Matplotlib's
    constrained layout would place everything too, but it measures every text several times,
    which more than doubled the time to write a run's charts.)"""
    # Characters that fit across the figure: a bold character is about 0.6 of its font size wide.
    width = int(fig.get_figwidth() * 72 / (size * 1.3 * 0.62))
    text = title + ("\n" + textwrap.fill(question, width) if question else "")
    bottom = textwrap.fill(bottom, int(width * 1.3 / 0.8 * 0.95))
    # parse_math=False: scenario text quotes dollar amounts, which matplotlib would read as maths.
    fig.suptitle(text, fontsize=size * 1.3, parse_math=False, fontweight="bold")
    fig.supxlabel(bottom, fontsize=size * 0.8, parse_math=False)
    height = fig.get_figheight()  # inches; a line is about 1.3 times its font size in points
    top_lines, bottom_lines = text.count("\n") + 1, bottom.count("\n") + 1
    fig.subplots_adjust(
        left=left,
        right=0.98,
        top=1 - (0.45 + top_lines * size * 1.3 * 1.35 / 72 + 2 * size * 1.15 * 1.3 / 72) / height,
        bottom=(0.35 + bottom_lines * size * 0.8 * 1.35 / 72 + size * 1.3 / 72) / height,
        hspace=0.5 if fig.get_figheight() < 9 else 0.62,
        wspace=0.42,
    )


def _grid(outcomes: Sequence[str]) -> tuple[int, int]:
    count = len(outcomes)
    cols = 2 if count <= 4 else 3
    return math.ceil(count / cols), cols


def headline_chart(
    bands: pd.DataFrame,
    reference: pd.DataFrame | None,
    title: str,
    question: str,
    outcomes: Sequence[str],
    replications: int,
    path: Path,
) -> list[Path]:
    """The outcomes a lesson watches (two to six), each against the baseline, sized for half an A4
    page. ``bands`` and ``reference`` are bands tables (``sim.analysis.aggregate.bands_of``)."""
    rows, cols = _grid(outcomes)
    fig, axes = plt.subplots(rows, cols, figsize=(4.8 * cols, 3.4 * rows + 1.6), squeeze=False)
    for i, (ax, column) in enumerate(zip(axes.flat, outcomes, strict=False)):
        _panel(ax, bands, reference, column, 10.5, with_legend=i == 0)
    for ax in list(axes.flat)[len(outcomes) :]:
        ax.set_visible(False)
    _titles(fig, title, question, footer(replications, reference is not None), 10.5)
    return save(fig, path)


def slides(
    bands: pd.DataFrame,
    reference: pd.DataFrame | None,
    title: str,
    outcomes: Sequence[str],
    replications: int,
    folder: Path,
) -> list[Path]:
    """One 16:9 slide per headline outcome, with fonts large enough for the back of a classroom."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for column in outcomes:
        fig, ax = plt.subplots(figsize=(13.33, 7.5))
        _panel(ax, bands, reference, column, 20, with_legend=True)
        ax.set_title(OUTCOME_LABELS[column].title, fontsize=26, fontweight="bold", loc="left")
        _titles(fig, title, "", footer(replications, reference is not None), 18, left=0.12)
        written += save(fig, folder / column)
    return [p for p in written if p.suffix == ".png"]


def all_outcomes(
    bands: pd.DataFrame,
    reference: pd.DataFrame | None,
    title: str,
    replications: int,
    folder: Path,
    numbers: range | None = None,
) -> list[Path]:
    """Every outcome, six to a page (A4 landscape), grouped: the race, chips, the developing world,
    money and safety, risks. Returns the PNG of each page, in order; ``numbers`` (from 1) draws
    only those pages, so that two processes can share them."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for number, (group, columns) in enumerate(PAGES, start=1):
        if numbers is not None and number not in numbers:
            continue
        fig, axes = plt.subplots(2, 3, figsize=(11.7, 8.3), squeeze=False)
        for i, (ax, column) in enumerate(zip(axes.flat, columns, strict=False)):
            _panel(ax, bands, reference, column, 9.5, with_legend=i == 0)
        for ax in list(axes.flat)[len(columns) :]:
            ax.set_visible(False)
        _titles(fig, f"{title}: {group}", "", footer(replications, reference is not None), 10)
        name = f"page{number}_{group.split(',')[0].lower().replace(' ', '_')}"
        pages.append(save(fig, folder / name, formats=(".png",))[0])
    return pages


def check_pages_cover_every_outcome() -> list[str]:
    """Outcomes that no page of ``all_outcomes`` shows (none, when the pages are complete)."""
    shown = {column for _, columns in PAGES for column in columns}
    return [name for name in PLOTTED if name not in shown]


__all__ = ["PAGES", "PALETTE", "PLOTTED", "all_outcomes", "headline_chart", "slides"]
