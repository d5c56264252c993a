"""The dashboard's charts as inline SVG: a run's median and 90% band against the baseline's fixed band.

Drawn as plain SVG rather than matplotlib PNG because a lever move must redraw every chart at once:
an SVG chart takes about a millisecond where a matplotlib figure takes a few hundred, it stays sharp
on a projector, and its parts carry names (``data-part="reference-band"``) that a browser test can
read. Colours, units and words are those of the report's charts (``sim.report.charts.style``,
``sim.registry.labels``), so the dashboard and the handout agree.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from sim.registry.calendar import quarter_label
from sim.registry.labels import Display, outcome_label, plain_number
from sim.report.charts.style import CRISIS_COLOUR, PALETTE, from_zero, series

WIDTH, HEIGHT = 340, 210  # about the size a card shows it at, so 12px text reads as 12px
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 24


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 times a power of ten."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high - low < 1e-12:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    ticks = [round(i * step, 12) for i in range(first, last + 1)]
    return ticks


def _tick_text(value: float, percent: bool) -> str:
    text = plain_number(value, 0 if percent or abs(value) >= 10 else None)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def _points(xs, ys) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))


def _values(values) -> str:
    return " ".join(f"{v:.6g}" for v in values.tolist())


def band_chart(column: str, run: pd.DataFrame, reference: pd.DataFrame | None, crisis=None) -> str:
    """One outcome's chart as an SVG element: ``run`` and ``reference`` are bands tables
    (``sim.analysis.aggregate.bands_of``) with the column; the reference is drawn grey and dashed, the run
    blue, as in the report. ``crisis``, the share of the run's replications in a Taiwan crisis each
    quarter (a sequence in the quarters' order), shades those quarters, darker where more runs are
    in one. A quantity that starts at zero (``sim.report.charts.style.from_zero``) has its axis from 0."""
    label = outcome_label(column)
    # numpy arrays from here on: pandas' indexing cost most of a chart's time
    mine = {key: values.to_numpy() for key, values in series(run, column).items()}
    theirs = (
        {key: values.to_numpy() for key, values in series(reference, column).items()} if reference is not None else None
    )
    frames = [mine] + ([theirs] if theirs is not None else [])
    low = min(float(min(f["low"].min(), f["centre"].min())) for f in frames)
    high = max(float(max(f["high"].max(), f["centre"].max())) for f in frames)
    percent = label.display in (Display.percent, Display.percent_a_year)
    if column == "capability_gap":  # the zero line (who leads) always in view
        room = 0.15 * (max(high, 0.0) - min(low, 0.0))
        low, high = min(low, -room), max(high, room)
    if from_zero(column):
        low = min(low, 0.0)
    ticks = nice_ticks(low, high)
    y_low, y_high = min(ticks[0], low), max(ticks[-1], high)
    steps = [int(s) for s in run.index]
    x_of = lambda s: LEFT + (s - steps[0]) / max(steps[-1] - steps[0], 1) * (WIDTH - LEFT - RIGHT)  # noqa: E731
    y_of = lambda v: TOP + (y_high - v) / (y_high - y_low) * (HEIGHT - TOP - BOTTOM)  # noqa: E731
    parts = [
        f'<svg class="band-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" data-outcome="{column}" '
        f'aria-label="{escape(label.title)}, {escape(label.unit)}">'
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y + 4:.1f}" class="tick" text-anchor="end">')
        parts.append(f"{escape(_tick_text(tick, percent))}</text>")
    years = [s for s in steps if quarter_label(s).endswith("Q1")]
    for s in years[:: max(1, math.ceil(len(years) / 5))]:
        x = x_of(s)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" class="grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" class="tick" text-anchor="middle">')
        parts.append(f"{quarter_label(s)[:4]}</text>")
    if column == "capability_gap":
        y0 = y_of(0.0)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y0:.1f}" y2="{y0:.1f}" class="zero"/>')
        parts.append(f'<text x="{LEFT + 4}" y="{y0 - 4:.1f}" class="note">above 0: US ahead</text>')
        parts.append(f'<text x="{LEFT + 4}" y="{y0 + 12:.1f}" class="note">below 0: China ahead</text>')
    xs = [x_of(s) for s in steps]
    if crisis is not None:
        step_width = (WIDTH - LEFT - RIGHT) / max(len(steps) - 1, 1)
        for s, share in zip(steps, list(crisis)[: len(steps)], strict=False):
            if share >= 0.05:  # a quarter where at least one run in twenty is in a crisis
                x = max(LEFT, x_of(s) - step_width / 2)
                parts.append(
                    f'<rect data-part="crisis" x="{x:.1f}" y="{TOP}" width="{step_width:.1f}" '
                    f'height="{HEIGHT - TOP - BOTTOM}" fill="{CRISIS_COLOUR}" fill-opacity="{0.12 + 0.4 * share:.2f}"/>'
                )
    for name, frame, colour in (("reference", theirs, PALETTE["reference"]), ("run", mine, PALETTE["us"])):
        if frame is None:
            continue
        band = _points(xs + xs[::-1], [*y_of(frame["high"]), *y_of(frame["low"])[::-1]])
        line = _points(xs, y_of(frame["centre"]))
        opacity = 0.18 if name == "reference" else 0.25
        dash = ' stroke-dasharray="6 4"' if name == "reference" else ""
        width = 1.8 if name == "reference" else 2.4
        # data-values: the shown numbers themselves, quarter by quarter, for a reader's tools and the tests
        parts.append(
            f'<polygon data-part="{name}-band" data-values="{_values(frame["low"])};{_values(frame["high"])}" '
            f'points="{band}" fill="{colour}" fill-opacity="{opacity}"/>'
        )
        parts.append(
            f'<polyline data-part="{name}-line" data-values="{_values(frame["centre"])}" points="{line}" '
            f'fill="none" stroke="{colour}" stroke-width="{width}"{dash}/>'
        )
    parts.append("</svg>")
    return "".join(parts)
