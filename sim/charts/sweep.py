"""Sweep charts: each headline outcome at the last quarter against the swept levers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.charts.style import PALETTE, grid_of_panels, heading, save, scale_of, unit_label

SWEEP_OUTCOMES = (
    "capability_gap",
    "compute_cn",
    "cn_self_sufficiency",
    "smuggled_value_usd",
    "adoption_cn",
    "adoption_us",
    "tension",
    "misuse_risk",
    "welfare",
)


def _label(value) -> str:
    """A lever value as a tick label: numbers compactly, doctrines and other words as they are."""
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def final_quarter(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["step"] == frame["step"].max()]


def sweep_chart(
    frame: pd.DataFrame, reference: pd.DataFrame | None, swept: tuple[str, ...], factorial: bool, title: str, path: Path
) -> list[Path]:
    """One lever: median line and 5-95% band. Two or more levers on a grid: a heat map of the
    first two (median over the rest). A Latin hypercube: scatter against the first lever."""
    last = final_quarter(frame)
    base = final_quarter(reference) if reference is not None else None
    fig, axes = grid_of_panels(3, 3, (15, 11))
    for ax, column in zip(axes.flat, SWEEP_OUTCOMES, strict=True):
        scale = scale_of(column)
        if factorial and len(swept) >= 2:
            grid = last.groupby([swept[1], swept[0]])[column].median().unstack() * scale
            image = ax.imshow(grid.to_numpy(), origin="lower", aspect="auto", cmap="viridis")
            ax.set_xticks(range(grid.shape[1]), [_label(v) for v in grid.columns], fontsize=7, rotation=45)
            ax.set_yticks(range(grid.shape[0]), [_label(v) for v in grid.index], fontsize=7)
            ax.set_ylabel(swept[1], fontsize=8)
            bar = fig.colorbar(image, ax=ax)
            bar.set_label(unit_label(column), fontsize=7)
            if base is not None:
                bar.ax.axhline(base[column].median() * scale, color="white", linewidth=2)
        else:
            if factorial:
                b = last.groupby(swept[0])[column].quantile([0.05, 0.5, 0.95]).unstack() * scale
                ax.fill_between(b.index, b[0.05], b[0.95], color=PALETTE["us"], alpha=0.22, linewidth=0)
                ax.plot(b.index, b[0.5], color=PALETTE["us"], linewidth=2, marker="o", label="scenario")
            else:
                medians = last.groupby("point")[[swept[0], column]].median()
                ax.scatter(medians[swept[0]], medians[column] * scale, s=12, color=PALETTE["us"], label="sweep point")
            if base is not None:
                ax.axhline(base[column].median() * scale, color=PALETTE["reference"], linestyle="--", label="baseline")
            ax.set_ylabel(unit_label(column), fontsize=8)
            ax.legend(fontsize=7, frameon=False)
            ax.grid(alpha=0.3)
        ax.set_xlabel(swept[0], fontsize=8)
        ax.set_title(f"{column}, last quarter", fontsize=10, fontweight="bold")
    kind = (
        "grid (heat maps: median; white line on the colour bar: baseline)"
        if factorial and len(swept) >= 2
        else "lines: median and 5-95% band; grey dashed: baseline"
        if factorial
        else "points: sweep-point medians; grey dashed: baseline"
    )
    heading(fig, title, "", f"Outcomes at the last quarter across the sweep, {kind}.")
    return save(fig, path)
