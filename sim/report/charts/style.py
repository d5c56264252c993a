"""What every chart shares: palette, quarter axis, reference band, footer and saving."""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import math
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# Text in SVGs as text, not outlines: smaller files, searchable labels, and a third faster to write.
matplotlib.rcParams["svg.fonttype"] = "none"
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import ticker  # noqa: E402

from sim.registry.labels import Display, outcome_label, plain_number, shown  # noqa: E402
from sim.registry.outcomes import quarter_label  # noqa: E402

DISCLAIMER = "Conditional what-if trajectories for teaching and exploration, not forecasts."
# Okabe-Ito: distinguishable with the common colour-vision deficiencies, and in greyscale print.
PALETTE = {
    "us": "#0072B2",
    "cn": "#D55E00",
    "open": "#009E73",
    "hedge": "#CC79A7",
    "none": "#999999",
    "other": "#56B4E9",
    "reference": "#7F7F7F",
}
CRISIS_COLOUR = "#F0E442"  # Okabe-Ito yellow: quarters in a Taiwan crisis, behind the lines
CRISIS_WORDS = (
    "Taiwan crisis: a crisis over Taiwan that cuts the chip supply from Taiwan's fabs for a few quarters; "
    "shaded quarters are those in which runs were in one, darker where more runs were."
)
# Scores and counts with a natural zero whose axis starts at 0 although their data never do, so
# that a move is not exaggerated (tension starts at 0.5, and an axis from 0.5 doubles its swings).
_ZERO_SCALES = frozenset({"tension", "cooperation", "welfare", "export_control_stringency", "enforcement"})


def from_zero(column: str) -> bool:
    """Whether ``column``'s axis starts at 0: every share, amount and count, and the 0-1 scores."""
    display = outcome_label(column).display
    return display is not Display.scale or column in _ZERO_SCALES


def series(bands: pd.DataFrame, column: str) -> pd.DataFrame:
    """A bands table's ``column`` as its label shows it (``sim.registry.labels``): columns centre, low, high.

    The centre is the median across runs, or the mean for yes/no outcomes (the share of runs), which
    then have no band."""
    label = outcome_label(column)
    b = bands[column]
    if label.aggregate == "mean":
        centre = b["mean"]
        low = high = centre
    else:
        centre, low, high = b["median"], b["low"], b["high"]
    return pd.DataFrame(
        {
            name: shown(label.display, values.to_numpy())
            for name, values in (("centre", centre), ("low", low), ("high", high))
        },
        index=b.index,
    )


def plain_axis(ax, column: str) -> None:
    """Tick labels as a person writes numbers: no exponents or offsets, no trailing zeros, a % sign
    on shares."""
    ax.yaxis.set_major_formatter(
        PlainFormatter(outcome_label(column).display in (Display.percent, Display.percent_a_year))
    )


class PlainFormatter(ticker.Formatter):
    """Plain numbers with as many decimals as the spacing of the ticks needs, so no two ticks read
    the same. Matplotlib hands the formatter every tick's location before it asks for the labels
    (``set_locs``), so the spacing is worked out once per drawing, not once per label."""

    def __init__(self, percent: bool):
        self.percent = percent
        self.decimals = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        locations = sorted(locs)
        step = min((b - a for a, b in itertools.pairwise(locations) if b > a), default=1.0)
        self.decimals = max(0, math.ceil(-math.log10(step) - 1e-9)) if step < 1 else 0

    def __call__(self, value, pos=None) -> str:
        text = plain_number(value, self.decimals)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if self.percent else "")


def draw_band(ax, bands: pd.DataFrame, column: str, colour: str, label: str, reference: bool = False) -> None:
    """The centre line and 5-95% band of ``column`` from a bands table (``sim.analysis.aggregate.bands_of``),
    shown in its label's units."""
    b = series(bands, column)
    if reference:  # the baseline dashed and grey, its band pale grey
        ax.fill_between(b.index, b["low"], b["high"], color=PALETTE["reference"], alpha=0.15, linewidth=0)
        ax.plot(b.index, b["centre"], color=PALETTE[colour], linestyle="--", linewidth=1.6, alpha=0.8, label=label)
    else:
        ax.fill_between(b.index, b["low"], b["high"], color=PALETTE[colour], alpha=0.22, linewidth=0)
        ax.plot(b.index, b["centre"], color=PALETTE[colour], linewidth=2.2, label=label)


def quarter_axis(ax, steps) -> None:
    """Year labels on a quarter axis: at most five, so small panels stay legible."""
    firsts = [s for s in steps if quarter_label(s).endswith("Q1")]
    ticks = firsts[:: max(1, math.ceil(len(firsts) / 5))]
    ax.set_xticks(ticks, [quarter_label(s)[:4] for s in ticks])
    ax.grid(alpha=0.3)


def grid_of_panels(rows: int, cols: int, figsize: tuple[float, float]):
    """A figure of panels laid out by ``heading``'s fixed margins. Matplotlib's constrained layout
    would place them as well, but it draws the figure two or three extra times, which is most of
    the cost of a chart."""
    fig, axes = plt.subplots(rows, cols, figsize=figsize)
    fig.subplots_adjust(left=0.05, right=0.97, hspace=0.42, wspace=0.3)
    return fig, axes


QUESTION_LINES = 4


def heading(fig, title: str, question: str, footer: str) -> None:
    """Title and question above, footer and disclaimer below; a figure without a layout engine gets
    margins that fit them."""
    # parse_math=False: scenario text quotes dollar amounts, which matplotlib would read as maths.
    width = int(fig.get_figwidth() * 11)  # characters that fit across the figure at these sizes
    # At most four lines of the question: a long description would push the panels off the figure
    # (the report shows it whole).
    question = textwrap.fill(question, width, max_lines=QUESTION_LINES, placeholder=" ...")
    text = f"{title}\n{question}" if question else title
    bottom = textwrap.fill(f"{footer} {DISCLAIMER}", int(width * 1.2))
    fig.suptitle(text, fontsize=12, parse_math=False)
    fig.supxlabel(bottom, fontsize=9, parse_math=False)
    if fig.get_layout_engine() is None:
        height = fig.get_figheight()  # inches; a line is about 1.3 x its font size in points
        top_lines, bottom_lines = text.count("\n") + 1, bottom.count("\n") + 1
        fig.subplots_adjust(
            top=1 - (0.65 + top_lines * 12 * 1.3 / 72) / height,  # panel titles sit above
            bottom=(0.75 + bottom_lines * 9 * 1.3 / 72) / height,
        )


VECTOR = contextvars.ContextVar("vector", default=False)


@contextlib.contextmanager
def vector_charts(on: bool = True):
    """Within it, charts are also written as SVG (``airace run --svg``): a vector copy for print and
    slides, at about twice the time of the PNG alone, so it is asked for, not made every run."""
    token = VECTOR.set(on)
    try:
        yield
    finally:
        VECTOR.reset(token)


def save(fig, path: Path, formats: tuple[str, ...] | None = None) -> list[Path]:
    """Write ``path`` as PNG, and as SVG inside ``vector_charts`` (or as ``formats``); return what
    was written."""
    if formats is None:
        formats = (".png", ".svg") if VECTOR.get() else (".png",)
    written = []
    for suffix in formats:
        target = path.with_suffix(suffix)
        fig.savefig(target, dpi=100)  # no bbox_inches="tight": it costs a second full draw
        written.append(target)
    plt.close(fig)
    return written
