"""The developing nations by region, each a tile coloured by the stack most runs put it on.

The picks are counted from the runs the one run path keeps (``sim.analysis.countries.nation_picks``),
for every quarter at once, so the quarter slider only redraws tiles. A tile with a dark outline is on
another stack than in the baseline that quarter.
"""

from __future__ import annotations

import pandas as pd
from htmltools import Tag, tags

from sim.analysis.countries import nation_picks
from sim.model.mechanisms.adoption import STACKS
from sim.registry.calendar import quarter_label
from sim.registry.labels import STACK_WORDS
from sim.report.charts.nations import SURE
from sim.report.charts.style import PALETTE
from sim.runner import replication_seeds
from sim.scenario import Scenario


def picks_of(scenario: Scenario) -> pd.DataFrame:
    """Per nation and quarter, the share of the scenario's runs on each stack (from the runs the
    one run path keeps, ``sim.runner.replicate``)."""
    seeds = replication_seeds(scenario.seed, scenario.replications)
    quarters = [quarter_label(s) for s in range(1, scenario.steps + 1)]
    return nation_picks(scenario.model_params, scenario.model_events, seeds, scenario.steps, quarters)


def _faded(colour: str, alpha: float) -> str:
    """``#RRGGBB`` as an rgba colour: a pale tile keeps its text dark and legible (opacity would fade it)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _tile(row, moved: bool, was: str | None) -> Tag:
    sure = row.agreement >= SURE
    shares = ", ".join(f"{STACK_WORDS[s]} {getattr(row, s) * 100:.0f}%" for s in STACKS if getattr(row, s) > 0)
    tip = f"{row.name} ({row.weight * 100:.1f}% of the developing world's people): {shares} of runs"
    if moved and was:
        tip += f"; in the baseline: {STACK_WORDS[was]}"
    style = f"background:{_faded(PALETTE[row.pick], 1.0 if sure else 0.4)}"
    classes = "tile" + ("" if sure else " unsure") + (" moved" if moved else "")
    weight = f"{row.weight * 100:.0f}%" if row.weight >= 0.01 else ""
    return tags.div(
        tags.span(row.name, class_="tile-name"),
        tags.span(weight, class_="tile-weight"),
        class_=classes,
        style=style,
        title=tip,
        data_iso3=row.iso3,
        data_stack=row.pick,
    )


def nations_view(picks: pd.DataFrame, reference: pd.DataFrame | None, quarter: str) -> Tag:
    """Tiles by region for ``quarter``, with a legend and how many nations differ from the baseline."""
    frame = picks[picks["quarter"] == quarter].sort_values("weight", ascending=False)
    was = {}
    if reference is not None:
        ref = reference[reference["quarter"] == quarter]
        was = dict(zip(ref["iso3"], ref["pick"], strict=True))
    moved = {iso3 for iso3, pick in zip(frame["iso3"], frame["pick"], strict=True) if was and was.get(iso3) != pick}
    regions = []
    for region in sorted(frame["region"].unique()):
        rows = frame[frame["region"] == region]
        tiles = [_tile(row, row.iso3 in moved, was.get(row.iso3)) for row in rows.itertuples()]
        regions.append(tags.div(tags.h6(region), tags.div(*tiles, class_="tiles"), class_="region"))
    legend = [
        tags.span(tags.span(class_="key", style=f"background:{PALETTE[s]}"), STACK_WORDS[s], class_="legend-item")
        for s in STACKS
    ]
    legend.append(tags.span(tags.span(class_="key unsure-key"), "pale: fewer than 60% of runs agree"))
    legend.append(tags.span(tags.span(class_="key moved-key"), "outlined: another stack than in the baseline"))
    people = frame.groupby("pick")["weight"].sum()
    summary = "; ".join(f"{STACK_WORDS[s]} {people.get(s, 0.0) * 100:.0f}%" for s in STACKS if people.get(s, 0.0) > 0)
    count = len(moved)
    differs = (
        f"{count} nation{'s' if count != 1 else ''} on another stack than in the baseline."
        if reference is not None
        else ""
    )
    return tags.div(
        tags.h5(f"Which AI stack each developing nation is on, {quarter}"),
        tags.p(
            f"The stack most runs put each nation on. People, by the nation's most common stack: {summary}. {differs}",
            class_="nations-summary",
        ),
        tags.div(*legend, class_="legend"),
        *regions,
        class_="nations",
    )
