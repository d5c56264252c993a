"""What changed: a scenario against its reference, outcome by outcome, in sentences.

A scenario and its baseline run on the same seeds, so every replication of the scenario has a twin
in the baseline with the same chance events. For each outcome this takes the paired effect
(``sim.analysis.effects.effect``: the mean paired difference in units of the baseline's spread across
replications) at a few checkpoints (the end of 2026, the end of 2030, the last quarter, and the
mean over the whole run) and keeps the checkpoint where the outcome moved most. The verdict is the
one every effects table gives (``sim.registry.verdict``): "higher" or "lower" when the effect is at least
half the baseline's spread (the size the policy-response contract calls visible on a chart,
``sim.analysis.responses.THRESHOLD``) and its paired t-interval excludes 0, "no clear change" otherwise,
and "too few replications" below five paired runs.

Only :func:`paired_effect` computes numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.effects import DECADE
from sim.registry import verdict
from sim.registry.calendar import quarter_label, step_of
from sim.registry.labels import ECHOES, OUTCOME_LABELS, outcome_label, plain_number, shown
from sim.registry.outcomes import NUMERIC

THRESHOLD = verdict.VISIBLE  # as sim.analysis.responses.THRESHOLD: half the reference's spread, what a student notices
CHECKPOINTS = ("2026Q4", "2030Q4")  # besides the last quarter and the whole-run mean
CANDIDATES = tuple(name for name in NUMERIC if name not in ECHOES)


@dataclass(frozen=True)
class Change:
    """One outcome's paired change against the reference, where it was largest."""

    outcome: str
    when: str  # a quarter label, or DECADE for the mean over the whole run
    reference: float  # mean over replications of the reference's statistic (raw units)
    changed: float  # the same for the scenario
    z: float  # mean paired difference / reference spread
    significant: bool = True  # the paired t-interval excludes 0 (sim.registry.verdict)
    n: int = verdict.MIN_REPLICATIONS  # paired runs

    @property
    def title(self) -> str:
        return OUTCOME_LABELS[self.outcome].title

    @property
    def verdict(self) -> str:
        """The one verdict (``sim.registry.verdict``): higher, lower, no clear change or too few replications."""
        return verdict.verdict_of(self.n, self.significant, self.z)

    @property
    def clear(self) -> bool:
        return self.verdict in (verdict.HIGHER, verdict.LOWER)

    def when_words(self, last_step: int) -> str:
        if self.when == DECADE:
            return f"on average over {quarter_label(1)[:4]}-{quarter_label(last_step)[:4]}"
        return f"at the end of {self.when[:4]}" if self.when.endswith("Q4") else f"in {self.when}"

    @property
    def relative(self) -> float:
        """The change as a share of the reference's mean (not a number when the reference is 0)."""
        return (self.changed - self.reference) / abs(self.reference) if abs(self.reference) > 1e-12 else float("nan")

    @property
    def size(self) -> str:
        """The size word of every effects table (``sim.registry.verdict.size_word``), from z and the relative change."""
        return verdict.size_word(self.z, self.relative)

    @property
    def small(self) -> bool:
        """A clear change that is still small to a reader (under 3% of the outcome, or 3 points)."""
        return OUTCOME_LABELS[self.outcome].small(self.changed, self.reference)

    def size_words(self) -> str:
        """``a large change: 8.8 times the baseline's run-to-run spread``, in the verdict's size words
        (``sim.registry.verdict.SIZES``, capped by the relative change: a steady +4% is small, never large)."""
        spread = abs(self.z)
        size = self.size
        if self.verdict == verdict.TOO_FEW:
            words = f"too few runs for a verdict, {size}"
        elif not self.clear:
            words = "negligible" if size == "negligible" else f"{size} but within chance"
        else:
            words = f"a {size} change"
        return f"{words}: {plain_number(spread, 1)} times the baseline's run-to-run spread"

    def numbers(self) -> str:
        """``USD 0.07 bn a quarter against USD 0.32 bn a quarter in the baseline``, with more
        decimals where the two would otherwise read the same."""
        label = OUTCOME_LABELS[self.outcome]
        for finer in range(3):
            changed, reference = label.value(self.changed, finer), label.value(self.reference, finer)
            if changed != reference:
                break
        return f"{changed} against {reference} in the baseline"

    def detail(self, last_step: int) -> str:
        """The sentence without its verdict, for a box that shows the verdict beside it."""
        label = OUTCOME_LABELS[self.outcome]
        return f"{label.title}, {self.when_words(last_step)}: {self.numbers()} ({self.size_words()})."

    def sentence(self, last_step: int) -> str:
        """``China's AI compute: lower on average over 2025-2034, 7.07 million top chips' worth
        against 8.96 million ... in the baseline (a large change: 8.8 times the baseline's
        run-to-run spread).``"""
        label = OUTCOME_LABELS[self.outcome]
        return f"{label.title}: {self.verdict} {self.when_words(last_step)}, {self.numbers()} ({self.size_words()})."


def paired_effect(changed: np.ndarray, reference: np.ndarray) -> verdict.Judgement:
    """The paired effect of one statistic, one value per replication each (the same seeds), judged
    (``sim.registry.verdict.judge``: difference, interval, z, size and verdict)."""
    return verdict.judge(changed, reference)


def _by_run(frame: pd.DataFrame, column: str, steps: int) -> np.ndarray:
    """``column`` as an array (replications, quarters), replications in order."""
    wide = frame.pivot(index="replication", columns="step", values=column).sort_index()
    return wide.to_numpy(dtype=float)[:, :steps]


def _statistic(runs: np.ndarray, when: str) -> np.ndarray:
    return runs.mean(axis=1) if when == DECADE else runs[:, step_of(when) - 1]


def _check_paired(frame: pd.DataFrame, reference: pd.DataFrame) -> None:
    seeds = frame.groupby("replication")["seed"].first().sort_index()
    base = reference.groupby("replication")["seed"].first().sort_index()
    if not seeds.equals(base):
        raise ValueError("what changed needs the scenario and its reference run on the same seeds")


def what_changed(frame: pd.DataFrame, reference: pd.DataFrame, outcomes: Iterable[str] = CANDIDATES) -> list[Change]:
    """Every outcome's change against ``reference``: clear changes first, small ones after them,
    each group by the size of the paired effect.

    ``frame`` and ``reference`` are tidy time series (``replication``, ``seed``, ``step`` and the
    outcomes) of the same seeds and quarters, as a run writes them (``sim.analysis.aggregate.run_columns``).
    """
    _check_paired(frame, reference)
    steps = int(min(frame["step"].max(), reference["step"].max()))
    whens = [w for w in CHECKPOINTS if step_of(w) < steps] + [quarter_label(steps), DECADE]
    changes = []
    for outcome in outcomes:
        changed_runs, reference_runs = _by_run(frame, outcome, steps), _by_run(reference, outcome, steps)
        best: Change | None = None
        for when in whens:
            a, b = _statistic(changed_runs, when), _statistic(reference_runs, when)
            e = paired_effect(a, b)
            if best is None or abs(e.z) > abs(best.z):
                best = Change(outcome, when, e.reference_mean, e.mean, e.z, e.significant, e.n)
        assert best is not None, "at least one quarter to compare"
        changes.append(best)
    return sorted(changes, key=lambda c: (not c.clear, c.small, -abs(c.z)))


def headline(changes: Sequence[Change], watch: Sequence[str] = (), count: int = 5) -> list[Change]:
    """The ``count`` outcomes that moved most, then any watched outcome not among them."""
    top = list(changes[:count])
    shown = {c.outcome for c in top}
    return top + [c for c in changes if c.outcome in watch and c.outcome not in shown]


def moved_most(changes: Sequence[Change], count: int) -> list[str]:
    """The outcomes with a clear change, largest first, at most ``count``."""
    return [c.outcome for c in changes if c.clear][:count]


def sweep_differences(frame: pd.DataFrame, reference: pd.DataFrame, column: str, keys: Sequence[str]) -> pd.DataFrame:
    """Per sweep point (``keys``): the mean paired difference from the baseline in the outcome's
    shown units (``sim.registry.labels``), and whether it is clear (at least ``THRESHOLD`` baseline spreads;
    an outcome with no spread at all counts 5% of its size, as ``sim.analysis.effects``)."""
    display = outcome_label(column).display
    base = reference[["replication", column]].rename(columns={column: "reference"})
    merged = frame[[*keys, "replication", column]].merge(base, on="replication")
    merged["difference"] = shown(display, merged[column].to_numpy()) - shown(display, merged["reference"].to_numpy())
    spread = float(np.std(shown(display, reference[column].to_numpy()), ddof=1)) if len(reference) > 1 else 0.0
    grouped = merged.groupby(list(keys))["difference"].mean().rename("difference").reset_index()
    size = abs(float(np.median(shown(display, reference[column].to_numpy()))))
    floor = max(0.05 * size, 1e-12)  # as sim.analysis.effects: no spread at all counts as 5% of the outcome
    grouped["clear"] = grouped["difference"].abs() >= THRESHOLD * max(spread, floor if spread <= 1e-12 else spread)
    return grouped
