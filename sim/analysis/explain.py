"""Which change did it: a scenario's changes one at a time, each against the baseline on the same seeds.

A library scenario often changes several levers at once (``cern_for_ai`` raises both stances,
lowers both sides' military framing, loosens controls, adds joint misuse detection and makes both
doctrines reciprocal), so its report cannot pin an effect on any one of them. This runs the
baseline with each change alone (a lever, a doctrine, or the scenario's events as one change) and
the whole scenario, on the same seeds, and gives the paired verdict of each on the outcomes asked
about (``sim.analysis.whatchanged``). ``airace explain`` prints it, and the report says in a sentence which
change moved each watched outcome most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sim.analysis.effects import Runs, Setup, statistic
from sim.analysis.whatchanged import CHECKPOINTS, paired_effect
from sim.registry import verdict as verdict_words
from sim.registry.labels import OUTCOME_LABELS, setting, settings_phrase
from sim.registry.params import resolve
from sim.scenario import Scenario

MAX_SEEDS = 20  # enough for a paired verdict; more only slows the report down


@dataclass(frozen=True)
class Part:
    """One change of a scenario, alone: its words and what it sets."""

    words: str
    setup: Setup


@dataclass(frozen=True)
class Cell:
    """A part's paired effect on one outcome: mean difference (raw) and z, at ``when``."""

    part: Part
    outcome: str
    when: str
    difference: float
    reference: float
    z: float
    significant: bool = True  # the paired t-interval excludes 0
    n: int = verdict_words.MIN_REPLICATIONS

    @property
    def verdict(self) -> str:
        """The one verdict (``sim.registry.verdict``)."""
        return verdict_words.verdict_of(self.n, self.significant, self.z)


def parts(scenario: Scenario, baseline: Scenario) -> list[Part]:
    """The scenario's changes from the baseline, one part each; the events together as one part."""
    base = resolve(baseline.model_params)
    own = resolve(scenario.model_params)
    changed = {name: value for name, value in own.items() if value != base[name]}
    result = [
        Part(settings_phrase({name: value}), Setup({**baseline.model_params, name: value}))
        for name, value in changed.items()
    ]
    if scenario.events and scenario.model_events != baseline.model_events:
        result.append(
            Part(
                "the scenario's events (" + _events_words(scenario) + ")",
                Setup(baseline.model_params, scenario.model_events),
            )
        )
    return result


def _events_words(scenario: Scenario) -> str:
    words = []
    for event in scenario.events:
        what = [setting(k, v) for k, v in event.set.items()]
        if event.crisis:
            what.append("a Taiwan crisis")
        words.append(f"{event.at}: " + ", ".join(what))
    return "; ".join(words)


def explain(
    scenario: Scenario, baseline: Scenario, outcomes: Sequence[str], seeds: Sequence[int]
) -> tuple[list[Part], list[Cell]]:
    """Every part, and the whole scenario (last), against the baseline on ``seeds``: one cell per
    part and outcome, at the checkpoint where the whole scenario moved that outcome most."""
    runs = Runs(seeds[:MAX_SEEDS], scenario.steps)
    reference = runs.of(Setup(baseline.model_params, baseline.model_events))
    whole = Part("the whole scenario", Setup(scenario.model_params, scenario.model_events))
    every = [*parts(scenario, baseline), whole]
    from sim.analysis.effects import DECADE
    from sim.registry.calendar import quarter_label, step_of

    whens = [w for w in CHECKPOINTS if step_of(w) < scenario.steps] + [quarter_label(scenario.steps), DECADE]
    whole_runs = runs.of(whole.setup)
    cells = []
    for outcome in outcomes:
        best = max(
            whens,
            key=lambda w: abs(paired_effect(statistic(whole_runs, outcome, w), statistic(reference, outcome, w)).z),
        )
        base_values = statistic(reference, outcome, best)
        for part in every:
            values = statistic(runs.of(part.setup), outcome, best)
            e = paired_effect(values, base_values)
            cells.append(Cell(part, outcome, best, e.difference, e.reference_mean, e.z, e.significant, e.n))
    return every, cells


def main_cause(cells: Sequence[Cell], outcome: str) -> str | None:
    """A sentence on which single change moved ``outcome`` most, or None if the scenario changes one
    thing or nothing moved it clearly."""
    singles = [c for c in cells if c.outcome == outcome and c.part.words != "the whole scenario"]
    whole = next(c for c in cells if c.outcome == outcome and c.part.words == "the whole scenario")
    if len(singles) < 2 or not _clear(whole):
        return None
    top = max(singles, key=lambda c: abs(c.z))
    label = OUTCOME_LABELS[outcome]
    if not _clear(top):
        return f"{label.title}: no single change moves it clearly; only the changes together do."
    others = [c for c in singles if c is not top and _clear(c)]
    also = (
        "; alone, " + ", ".join(f"{c.part.words} makes it {c.verdict}" for c in others[:2])
        if others
        else "; no other change alone moves it clearly"
    )
    return (
        f"{label.title} ({whole.verdict} in the whole scenario): mostly {top.part.words}, which alone makes it "
        f"{top.verdict} (by {label.difference(top.difference, top.reference)}){also}."
    )


def _clear(cell: Cell) -> bool:
    return cell.verdict in (verdict_words.HIGHER, verdict_words.LOWER)


def rows(cells: Sequence[Cell]) -> list[dict[str, str]]:
    """The cells as a table: one row per part, one column per outcome (its verdict and z)."""
    table: dict[str, dict[str, str]] = {}
    for cell in cells:
        row = table.setdefault(cell.part.words, {"change": cell.part.words})
        label = OUTCOME_LABELS[cell.outcome]
        row[label.title] = f"{cell.verdict} ({label.difference(cell.difference, cell.reference)}, z {cell.z:+.1f})"
    return list(table.values())


def explain_rows(scenario: Scenario, baseline: Scenario) -> tuple[list[str], list[Cell]]:
    """What ``airace explain`` prints: the watched outcomes (or the default set) and every cell,
    on the scenario's own replication seeds."""
    from sim.registry.labels import DEFAULT_WATCH
    from sim.runner.batches import replication_seeds

    outcomes = list(scenario.watch or DEFAULT_WATCH)
    seeds = replication_seeds(scenario.seed, scenario.replications)
    return outcomes, explain(scenario, baseline, outcomes, seeds)[1]
