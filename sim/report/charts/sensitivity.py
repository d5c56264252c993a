"""Charts of a sensitivity study (ranked indices with intervals) and of a screen (a z heat map)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from sim.registry.outcomes import OUTCOMES
from sim.report.charts.style import DISCLAIMER, plt

INDEX_AXIS = {
    "mu_star": "Morris mu*: mean size of the outcome's change across the parameter's whole range ({unit})",
    "ST": "Sobol total index: share of the outcome's variance due to the parameter, with its interactions",
}
Z_LIMIT = 5.0


def ranked(table: pd.DataFrame, outcome: str, path: Path, top: int = 15) -> Path:
    """The parameters that move ``outcome`` most, as bars with their 95% intervals; a parameter whose
    effect changes sign across its range is hatched and marked. Parameters that never moved it are
    counted in the footer, not drawn."""
    rows = table[table["outcome"] == outcome].sort_values("value", ascending=False)
    total, strongest = len(rows), rows["value"].max()
    visible = rows["value"] > 0.01 * strongest if strongest > 0 else rows["value"] > 0
    small = int((~visible).sum())
    rows = rows[visible].head(top).iloc[::-1]
    index = table["index"].iloc[0]
    usd = OUTCOMES[outcome].unit.startswith("USD")
    scale = 1e-9 if usd and index == "mu_star" else 1.0
    unit = OUTCOMES[outcome].unit.replace("USD", "USD bn", 1) if scale != 1.0 else OUTCOMES[outcome].unit
    fig, ax = plt.subplots(figsize=(9, 0.38 * max(len(rows), 1) + 2.0))
    y = np.arange(len(rows))
    flips = rows["sign_change"].to_numpy(dtype=bool)
    value, low, high = (rows[c].to_numpy() * scale for c in ("value", "low", "high"))
    bars = ax.barh(y, value, color=np.where(flips, "#E69F00", "#0072B2"), alpha=0.85)
    for bar, flip in zip(bars, flips, strict=True):
        if flip:
            bar.set_hatch("//")
    ax.errorbar(value, y, xerr=[value - low, high - value], fmt="none", ecolor="#333333", capsize=3, linewidth=1)
    labels = [f"{name}  (sign changes)" if flip else name for name, flip in zip(rows["parameter"], flips, strict=True)]
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlabel(textwrap.fill(INDEX_AXIS[index].format(unit=unit), 90), fontsize=9)
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    title = f"What moves {outcome}: {OUTCOMES[outcome].meaning}"
    fig.suptitle(textwrap.fill(title, 95), fontsize=10, x=0.01, ha="left")
    ax.grid(axis="x", alpha=0.3)
    note = f"{small} of the {total} parameters moved it by under 1% of the strongest (not drawn). " if small else ""
    fig.text(0.01, 0.01, f"Whiskers: 95% intervals. {note}{DISCLAIMER}", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def screen_heatmap(z: pd.DataFrame, path: Path, title: str) -> Path:
    """z of each setting (rows) on each outcome (columns): blue lower, red higher than the scenario,
    white within half its spread (no clear change); values beyond +-5 are drawn at the limit."""
    quiet = z.index[(z.abs() < 0.5).all(axis=1)]
    z = z.drop(index=quiet)
    shown = z.clip(-Z_LIMIT, Z_LIMIT).where(z.abs() >= 0.5, 0.0)
    fig, ax = plt.subplots(figsize=(0.55 * len(z.columns) + 4.5, 0.28 * len(z) + 2.6))
    image = ax.imshow(shown.to_numpy(), cmap="RdBu_r", vmin=-Z_LIMIT, vmax=Z_LIMIT, aspect="auto")
    ax.set_xticks(range(len(z.columns)), z.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(z)), z.index, fontsize=8)
    for (i, j), value in np.ndenumerate(z.to_numpy()):
        if np.isfinite(value) and abs(value) >= 0.5:
            text = f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=6, color="white" if abs(value) > 3 else "black")
    bar = fig.colorbar(image, ax=ax, shrink=0.6)
    bar.set_label("z: paired change in the scenario's spreads (white: under 0.5, no clear change)", fontsize=8)
    ax.set_title(title, fontsize=10, loc="left")
    if len(quiet):
        names = ", ".join(quiet)
        footer = textwrap.fill(f"No clear change in any outcome shown (not drawn): {names}.", 160)
    else:
        footer = ""
    fig.text(0.01, 0.005, f"{footer}\n{DISCLAIMER}".strip(), fontsize=7, color="#555555", va="bottom")
    fig.tight_layout(rect=(0, 0.02 + 0.012 * footer.count("\n"), 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
