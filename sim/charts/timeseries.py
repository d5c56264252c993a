"""Time series of the headline outcomes: median across replications and the 90% band."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import ticker  # noqa: E402
import pandas as pd  # noqa: E402

from sim.outcomes import OUTCOMES  # noqa: E402

DISCLAIMER = "Conditional what-if trajectories for teaching and exploration, not forecasts."

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = {"us": "#0072B2", "cn": "#D55E00", "open": "#009E73", "hedge": "#CC79A7", "none": "#999999", "other": "#000000"}

# (title, [(column, label, colour)], log scale)
HEADLINE_PANELS = [
    ("Capability", [("capability_us", "US", "us"), ("capability_cn", "China", "cn")], False),
    ("Capability gap (US - China)", [("capability_gap", "gap", "other")], False),
    ("Compute stock", [("compute_us", "US", "us"), ("compute_cn", "China", "cn")], True),
    ("China: domestic chips and self-sufficiency",
     [("cn_domestic_chip_share", "domestic share of stock", "cn"), ("cn_self_sufficiency", "self-sufficiency", "other")], False),
    ("Smuggled chips", [("smuggled_value_usd", "value", "cn")], False),
    ("Adoption in developing nations",
     [("adoption_us", "US", "us"), ("adoption_cn", "China", "cn"), ("adoption_open", "open", "open"),
      ("adoption_hedge", "hedge", "hedge"), ("adoption_none", "none", "none")], False),
    ("Tension and cooperation", [("tension", "tension", "other"), ("cooperation", "cooperation", "open")], False),
    ("Misuse risk and labs' safety share", [("misuse_risk", "misuse risk", "cn"), ("safety_share", "safety share", "us")], False),
    ("Welfare of developing nations", [("welfare", "welfare", "open")], False),
]


def band(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Median, 5% and 95% of ``column`` across replications, per step."""
    grouped = frame.groupby("step")[column]
    return pd.DataFrame({"median": grouped.median(), "low": grouped.quantile(0.05), "high": grouped.quantile(0.95)})


def _axis_label(column: str) -> str:
    unit = OUTCOMES[column].unit
    return {"USD per quarter": "USD bn per quarter"}.get(unit, unit)


def headline_chart(frame: pd.DataFrame, title: str, question: str, path: Path) -> list[Path]:
    """Draw the headline panels; write ``path`` as PNG and SVG and return both paths."""
    quarters = frame.drop_duplicates("step").set_index("step")["quarter"]
    fig, axes = plt.subplots(3, 3, figsize=(15, 11), layout="constrained")
    for ax, (panel_title, series, log) in zip(axes.flat, HEADLINE_PANELS, strict=True):
        for column, label, colour in series:
            b = band(frame, column)
            scale = 1e-9 if OUTCOMES[column].unit == "USD per quarter" else 1.0
            ax.fill_between(b.index, b["low"] * scale, b["high"] * scale, color=PALETTE[colour], alpha=0.2, linewidth=0)
            ax.plot(b.index, b["median"] * scale, color=PALETTE[colour], label=label, linewidth=2)
        ax.set_title(panel_title, fontsize=11, fontweight="bold")
        if panel_title.startswith("Capability gap"):
            ax.axhline(0.0, color="#555555", linewidth=0.8)
        ax.set_ylabel(_axis_label(series[0][0]))
        if log:
            ax.set_yscale("log")
            # Plain labels ("10M") read better than 10^7 and avoid matplotlib's slow maths layout.
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v / 1e6:g}M"))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ticks = [s for s in quarters.index if quarters[s].endswith("Q1")][::2]
        ax.set_xticks(ticks, [quarters[s][:4] for s in ticks])
        ax.grid(alpha=0.3)
        if len(series) > 1:
            ax.legend(fontsize=8, frameon=False)
    # parse_math=False: scenario text quotes dollar amounts, which matplotlib would read as maths.
    heading = f"{title}\n{textwrap.fill(question, 150)}" if question else title
    fig.suptitle(heading, fontsize=12, parse_math=False)
    fig.text(0.5, -0.01, f"Lines: median across replications; bands: 5-95%. {DISCLAIMER}", ha="center", fontsize=10)
    written = []
    for suffix in (".png", ".svg"):
        target = path.with_suffix(suffix)
        fig.savefig(target, dpi=120, bbox_inches="tight")
        written.append(target)
    plt.close(fig)
    return written
