"""A self-contained HTML report a teacher can hand out: question, levers, charts with captions."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from sim.charts import DISCLAIMER
from sim.outcomes import NUMERIC, OUTCOMES
from sim.params import PARAMS
from sim.scenario import Scenario

CAPTIONS = {
    "headline": "The headline outcomes. Each coloured line is the median across replications and the shaded band "
    "holds 90% of them; the pale dashed line of the same colour, with a grey band, is the baseline. "
    "Look first at where the scenario leaves the baseline, and in which direction.",
    "adoption": "Which AI stack developing nations use, weighted by population. Compare the coloured areas with the "
    "dashed baseline boundaries: a larger orange area means more of the developing world on the Chinese stack.",
    "all_outcomes": "Every outcome the model records, scenario (blue) against baseline (grey). Use it to find the "
    "side effects of a policy: what moved that you did not aim at?",
    "sweep": "Each outcome at the last quarter across the sweep. Look for where a lever has a large effect and where "
    "two levers trade off.",
}


def _image(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def _lever_rows(scenario: Scenario) -> str:
    rows = []
    for name, value in scenario.model_params.items():
        p = PARAMS[name]
        rows.append(
            f"<tr><td><code>{name}</code></td><td>{html.escape(str(value))}</td>"
            f"<td>{html.escape(str(p.default))}</td><td>{html.escape(p.meaning)}</td></tr>"
        )
    for event in scenario.events:
        what = ", ".join(f"<code>{k}</code> = {v}" for k, v in event.set.items())
        if event.crisis:
            what = (what + "; " if what else "") + "a Taiwan / TSMC crisis is forced"
        rows.append(f"<tr><td>event at {event.at}</td><td colspan=3>{what}</td></tr>")
    for name in scenario.swept:
        rows.append(
            f"<tr><td><code>{name}</code></td><td colspan=2>swept</td><td>{html.escape(PARAMS[name].meaning)}</td></tr>"
        )
    if not rows:
        return "<p>All levers at their defaults (the baseline).</p>"
    return "<table><tr><th>lever</th><th>value</th><th>default</th><th>meaning</th></tr>" + "".join(rows) + "</table>"


def _summary_table(summary: pd.DataFrame) -> str:
    if "point" in summary.columns:
        return "<p>Per-point figures are in <code>summary.csv</code>.</p>"
    rows = "".join(
        f"<tr><td>{r.outcome}</td><td>{r.median:.4g}</td><td>{r.p5:.4g}</td><td>{r.p95:.4g}</td>"
        f"<td>{'' if pd.isna(r.baseline_median) else f'{r.baseline_median:.4g}'}</td>"
        f"<td>{html.escape(r.unit)}</td></tr>"
        for r in summary.itertuples()
    )
    return (
        "<table><tr><th>outcome</th><th>median</th><th>5%</th><th>95%</th><th>baseline median</th><th>unit</th></tr>"
        + rows
        + "</table>"
    )


def write_report(path: Path, scenario: Scenario, charts: dict[str, Path], summary: pd.DataFrame, seeds: int) -> None:
    quote = (
        f"<blockquote>&ldquo;{html.escape(scenario.quote)}&rdquo; <cite>seeds/{scenario.source}</cite></blockquote>"
        if scenario.quote
        else ""
    )
    figures = "".join(
        f"<figure>{_image(png)}<figcaption>{CAPTIONS.get(name, '')}</figcaption></figure>"
        for name, png in charts.items()
    )
    path.write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>AI race simulator: {html.escape(scenario.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
img {{ max-width: 100%; }} figure {{ margin: 2em 0; }} figcaption {{ color: #444; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
td, th {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }}
.note {{ background: #fff4d6; padding: 0.8em 1em; border-left: 4px solid #E69F00; }}
blockquote {{ border-left: 4px solid #0072B2; margin: 1em 0; padding: 0.2em 1em; color: #333; }}
</style></head><body>
<h1>Scenario: {html.escape(scenario.name)}</h1>
<p class="note"><strong>Read this first.</strong> {DISCLAIMER} The model is a teaching tool built from four
articles (in <code>seeds/</code>) and public figures; every number depends on assumptions listed by
<code>airace params</code>.</p>
<h2>The question</h2><p>{html.escape(scenario.description)}</p>{quote}
<h2>The levers</h2>{_lever_rows(scenario)}
<p>{scenario.replications} replications from root seed {scenario.seed}, {scenario.steps} quarters from 2025Q1
({seeds} runs in all).</p>
<h2>Charts</h2>{figures}
<h2>The last quarter in numbers</h2>{_summary_table(summary)}
</body></html>
""",
        encoding="utf-8",
    )


def summarise(frame: pd.DataFrame, reference: pd.DataFrame | None, swept: tuple[str, ...]) -> pd.DataFrame:
    """Per outcome (and sweep point): last-quarter median, 5% and 95% across replications.

    ``frame`` and ``reference`` need hold only the last quarter (``sim.aggregate.last_quarter``).
    Quantiles are taken on the wide frame, a column at a time, rather than on a long copy of it.
    """
    last = frame[frame["step"] == frame["step"].max()]
    keys = ["point", *swept] if "point" in frame.columns else []
    columns = list(NUMERIC)
    if keys:
        grouped = last.groupby(keys, sort=True)[columns]
        stats = {"median": grouped.median(), "p5": grouped.quantile(0.05), "p95": grouped.quantile(0.95)}
        summary = pd.concat({name: table.stack() for name, table in stats.items()}, axis=1)
        summary = summary.rename_axis([*keys, "outcome"]).reset_index()
    else:
        values = last[columns]
        summary = pd.DataFrame(
            {
                "outcome": columns,
                "median": values.median().to_numpy(),
                "p5": values.quantile(0.05).to_numpy(),
                "p95": values.quantile(0.95).to_numpy(),
            }
        )
    summary["unit"] = summary["outcome"].map(lambda c: OUTCOMES[c].unit)
    if reference is not None:
        base = reference[reference["step"] == reference["step"].max()][columns].median()
        summary["baseline_median"] = summary["outcome"].map(base)
    else:
        summary["baseline_median"] = float("nan")
    return summary
