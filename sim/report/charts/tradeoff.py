"""The trade-off chart: two outcomes of every sweep point, the Pareto front joined and labelled.

The PNG labels the front's points with their levers; the HTML page holds the same chart as SVG
where every point shows its levers and values on hover (an SVG ``<title>``), with no script and
nothing fetched from the web.
"""

from __future__ import annotations

import html
import io
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from sim.registry.outcomes import OUTCOMES
from sim.report.charts.style import DISCLAIMER, plt

SVG = "{http://www.w3.org/2000/svg}"


def _axis(name: str) -> tuple[float, str]:
    unit = OUTCOMES[name].unit
    return (1e-9, f"{name} (USD bn{unit[3:]})") if unit.startswith("USD") else (1.0, f"{name} ({unit})")


def _figure(points: pd.DataFrame, x: str, y: str, labels: list[str], title: str, annotate: bool):
    sx, x_label = _axis(x)
    sy, y_label = _axis(y)
    front = points[points["on_front"]].sort_values(x)
    fig, ax = plt.subplots(figsize=(8.5, 6.2))
    for _, row in points.iterrows():
        colour = "#D55E00" if row["on_front"] else "#0072B2"
        (dot,) = ax.plot(
            row[x] * sx, row[y] * sy, "o", color=colour, markersize=7 if row["on_front"] else 5, alpha=0.85
        )
        dot.set_gid(f"point-{int(row['point'])}")
    ax.plot(front[x] * sx, front[y] * sy, "-", color="#D55E00", linewidth=1.2, alpha=0.7, label="Pareto front")
    if annotate:
        for where, texts in _clusters(front, points, x, y, labels, sx, sy):
            text = texts[0] + (f" (and {len(texts) - 1} alike)" if len(texts) > 1 else "")
            ax.annotate(textwrap.fill(text, 34), where, fontsize=6.5, xytext=(5, 4), textcoords="offset points")
    ax.set_xlabel(x_label, fontsize=9)
    ax.set_ylabel(y_label, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    fig.suptitle(textwrap.fill(title, 100), fontsize=10, x=0.01, ha="left")
    fig.text(0.01, 0.005, f"Orange: the points no other point beats on both. {DISCLAIMER}", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    return fig, None


def _clusters(front, points, x, y, labels, sx, sy, closeness: float = 0.02):
    """The front's points grouped where they nearly coincide (within ``closeness`` of each axis's
    span), so that one label stands for each group."""
    span_x = (points[x].max() - points[x].min()) * sx or 1.0
    span_y = (points[y].max() - points[y].min()) * sy or 1.0
    groups: list[tuple[tuple[float, float], list[str]]] = []
    for name, row in front.iterrows():
        where = (row[x] * sx, row[y] * sy)
        text = labels[points.index.get_loc(name)]
        for anchor, texts in groups:
            if abs(anchor[0] - where[0]) <= closeness * span_x and abs(anchor[1] - where[1]) <= closeness * span_y:
                texts.append(text)
                break
        else:
            groups.append((where, [text]))
    return groups


def tradeoff_png(points: pd.DataFrame, x: str, y: str, labels: list[str], title: str, path: Path) -> Path:
    fig, _ = _figure(points, x, y, labels, title, annotate=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def tradeoff_html(points: pd.DataFrame, x: str, y: str, labels: list[str], title: str, path: Path) -> Path:
    """A self-contained page: the chart as SVG, each point's levers and values on hover."""
    fig, _ = _figure(points, x, y, labels, title, annotate=False)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    ET.register_namespace("", SVG[1:-1])
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(buffer.getvalue())
    hovers = {
        f"point-{int(row['point'])}": f"{label}\n{x} = {row[x]:.4g}\n{y} = {row[y]:.4g}"
        + ("\non the Pareto front" if row["on_front"] else "")
        for (_, row), label in zip(points.iterrows(), labels, strict=True)
    }
    for group in root.iter(f"{SVG}g"):
        text = hovers.get(group.get("id", ""))
        if text is not None:
            hover = ET.Element(f"{SVG}title")
            hover.text = text
            group.insert(0, hover)
    svg = ET.tostring(root, encoding="unicode")
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:1.5em;max-width:60em} svg{max-width:100%;height:auto}</style>"
        f"</head><body><h1 style='font-size:1.1em'>{html.escape(title)}</h1>"
        "<p>Hover over a point to see its levers and values.</p>"
        f"{svg}</body></html>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
