"""The current state as a sheet: projected one or two charts at a time, or printed on one A4 page.

One block of HTML serves both: on screen (presentation mode, ``body.presenting``) it fills the
window with the question on top, two charts at a time at projector size, and the levers in one
line; in print it is the only thing on the page, with every watched chart in a grid and what
changed below. Which is which is the stylesheet's business (``style.css``), and the keyboard's is
``explore.js``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from htmltools import HTML, Tag, tags

from sim.analysis.whatchanged import Change
from sim.registry.labels import OUTCOME_LABELS, setting
from sim.registry.params import PARAMS, Value
from sim.report.charts.style import DISCLAIMER
from sim.web.dashboard.state import LEVERS
from sim.web.dashboard.svg import band_chart


def levers_line(values: Mapping[str, Value]) -> str:
    """Every lever away from today's policies, in one line of plain words."""
    moved = [setting(name, values[name]).split(" (")[0] for name in LEVERS if values[name] != PARAMS[name].default]
    return "Levers: " + ("; ".join(moved) if moved else "today's policies (the baseline)")


def sheet(
    title: str,
    question: str,
    values: Mapping[str, Value],
    columns: Sequence[str],
    run_bands,
    reference_bands,
    changes: Sequence[Change] | None,
    steps: int,
    crisis=None,
    reference_crisis=None,
) -> Tag:
    """The sheet of the current setup: ``columns`` charted against the baseline, ``changes`` listed."""
    by_outcome = {c.outcome: c for c in changes or []}
    charts = []
    for column in columns:
        label = OUTCOME_LABELS[column]
        change = by_outcome.get(column)
        verdict = f"{change.verdict}: {change.size} change" if change is not None and change.clear else ""
        if change is not None and not change.clear:
            verdict = change.verdict
        charts.append(
            tags.div(
                tags.div(label.title, class_="present-title"),
                tags.div(
                    label.unit, tags.span(verdict, class_="present-verdict") if verdict else None, class_="present-unit"
                ),
                HTML(band_chart(column, run_bands, reference_bands, crisis)),
                class_="present-chart",
                data_outcome=column,
            )
        )
    listed = [c for c in (changes or []) if c.clear][:5]
    changed = (
        tags.ul(*[tags.li(tags.strong(c.verdict), " ", c.detail(steps)) for c in listed], class_="print-changes")
        if listed
        else tags.p("No outcome moved clearly against the baseline.", class_="print-changes")
    )
    line = levers_line(values)
    return tags.div(
        tags.div(
            tags.button("Previous", type="button", class_="btn btn-light", data_action="present-previous"),
            tags.button("Next", type="button", class_="btn btn-light", data_action="present-next"),
            tags.button(
                "Back to the dashboard (Esc)", type="button", class_="btn btn-light", data_action="present-exit"
            ),
            tags.span(class_="slide-number"),
            class_="present-controls",
        ),
        tags.div(title, class_="present-heading"),
        tags.div(question, class_="present-question"),
        tags.div(line, class_="present-levers", title=line),
        tags.div(*charts, class_="present-charts"),
        tags.div(
            tags.span("Solid line and band: this setup (middle run, 90% of runs). Dashed grey: the baseline."),
            " Shaded quarters: runs in a Taiwan crisis." if crisis is not None else "",
            class_="present-legend",
        ),
        tags.div(tags.h3("What changed against the baseline"), changed, class_="print-only"),
        tags.div(DISCLAIMER, class_="present-disclaimer"),
        class_="presentation",
        role="region",
        aria_label="Presentation and print view",
    )
