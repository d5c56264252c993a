"""Charts of a comparison: the runs on shared axes, and each run's difference from the first."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

from sim.registry.outcomes import OUTCOMES
from sim.report.charts.style import DISCLAIMER, plt, quarter_axis

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


def _scale(outcome: str) -> tuple[float, str]:
    unit = OUTCOMES[outcome].unit
    return (1e-9, unit.replace("USD", "USD bn", 1)) if unit.startswith("USD") else (1.0, unit)


def _grid(count: int):
    columns = min(count, 3)
    rows = math.ceil(count / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.6 * columns, 3.2 * rows + 0.9), squeeze=False)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat


def _finish(fig, title: str, note: str, path: Path) -> Path:
    fig.suptitle(textwrap.fill(title, 110), fontsize=11, x=0.01, ha="left")
    fig.text(0.01, 0.005, f"{note} {DISCLAIMER}", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _warned(title: str, warning: str | None) -> str:
    return f"{warning.upper()}. {title}" if warning else title


def shared_axes(runs, outcomes: list[str], path: Path, warning: str | None = None) -> Path:
    """Each outcome in a panel: every run's median and 5-95% band across replications (``warning``,
    e.g. runs of different models, leads the title)."""
    fig, axes = _grid(len(outcomes))
    for ax, outcome in zip(axes, outcomes, strict=False):
        scale, unit = _scale(outcome)
        for i, run in enumerate(runs):
            grouped = run.frame.groupby("step")[outcome]
            median, low, high = (grouped.quantile(q) * scale for q in (0.5, 0.05, 0.95))
            colour = COLOURS[i % len(COLOURS)]
            ax.fill_between(median.index, low, high, color=colour, alpha=0.15, linewidth=0)
            ax.plot(median.index, median, color=colour, linewidth=2 if i else 1.6, label=run.name)
        ax.set_title(f"{outcome} ({unit})", fontsize=9, loc="left")
        quarter_axis(ax, sorted(runs[0].frame["step"].unique()))
    axes[0].legend(fontsize=8, loc="best")
    n = runs[0].frame["replication"].nunique()
    title = _warned("The runs on shared axes", warning)
    return _finish(fig, title, f"Lines: medians; bands: 5-95% of {n} replications.", path)


def differences(runs, outcomes: list[str], path: Path, over_time, warning: str | None = None) -> Path:
    """Each outcome in a panel: each run's difference from the first, quarter by quarter, with its
    95% interval (``over_time``: ``sim.analysis.compare.paired_over_time`` or ``unpaired_over_time``)."""
    fig, axes = _grid(len(outcomes))
    reference = runs[0]
    for ax, outcome in zip(axes, outcomes, strict=False):
        scale, unit = _scale(outcome)
        for i, run in enumerate(runs[1:], start=1):
            d = over_time(run, reference, outcome)
            colour = COLOURS[i % len(COLOURS)]
            ax.fill_between(d["step"], d["low"] * scale, d["high"] * scale, color=colour, alpha=0.2, linewidth=0)
            ax.plot(
                d["step"],
                d["difference"] * scale,
                color=colour,
                linewidth=2,
                label=f"{run.name} minus {reference.name}",
            )
        ax.axhline(0.0, color="#333333", linewidth=0.8)
        ax.set_title(f"{outcome}: difference ({unit})", fontsize=9, loc="left")
        quarter_axis(ax, sorted(reference.frame["step"].unique()))
    axes[0].legend(fontsize=8, loc="best")
    return _finish(
        fig,
        _warned(f"How each run differs from {reference.name}", warning),
        "Lines: mean difference; bands: 95% t-intervals. A band that crosses 0 is no clear change.",
        path,
    )
