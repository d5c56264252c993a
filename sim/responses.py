"""The policy-response contract: the model's theory, written where a teacher and a reviewer can read it.

Every lever (at one end of its range), every mechanism switch (off) and every library scenario has
rows here: the outcome it must move, the direction, by when (a quarter, or the mean over the whole
run), and the sentence of a seed article or the public source that says so, or ``assumption`` with
the reason. ``tests/test_policy_responses.py`` and ``airace responses`` run every row with paired
replications (the same seeds as the reference) and check both the sign and the size: the paired
mean difference must be at least half the reference's spread across replications (``sim.effects``),
which is what a student notices on a chart. ``docs/policy_responses.md`` is rendered from this table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from sim.effects import DECADE, Runs, Setup, effect, statistic
from sim.params import MECHANISMS, PARAMS, SEED_002, SEED_FILES, Value

UP, DOWN = 1, -1
THRESHOLD = 0.5  # paired mean difference, in reference standard deviations


@dataclass(frozen=True)
class Expect:
    """One expected response: ``outcome`` moves ``direction`` (UP or DOWN) by ``when``."""

    outcome: str
    direction: int
    when: str
    source: str
    quote: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Subject:
    """A change to test: a lever set to one end of its range, a mechanism switched off, or a scenario.

    ``change`` is applied on top of ``against`` (the reference, run with the same seeds).
    """

    name: str  # what a reader sees, e.g. "us.enforcement at 1" or "scenario tight_controls"
    kind: str  # lever, switch or scenario
    covers: str  # the registry name (lever or mechanisms.*) or the scenario name it tests
    change: Setup
    expects: tuple[Expect, ...]
    against: Setup = field(default_factory=Setup)
    note: str = ""


@dataclass(frozen=True)
class Row:
    """A subject's expectation with what the model gave."""

    subject: Subject
    expect: Expect
    z: float
    mean_difference: float
    reference_sd: float

    @property
    def passed(self) -> bool:
        return self.expect.direction * self.z >= THRESHOLD


def measure(subjects: tuple[Subject, ...], runs: Runs) -> Iterator[Row]:
    """Every expectation of every subject, measured paired against its reference."""
    for subject in subjects:
        reference = runs.of(subject.against)
        changed = runs.of(subject.change)
        for expect in subject.expects:
            e = effect(statistic(changed, expect.outcome, expect.when), statistic(reference, expect.outcome, expect.when))
            yield Row(subject, expect, e.z, e.mean_difference, e.reference_sd)


def is_quoted(expect: Expect) -> bool:
    return expect.source in SEED_FILES


# ---- the table ------------------------------------------------------------------------------
# Filled below by ``contract()``; kept as a function so scenario files are read when asked for.
@cache
def contract() -> tuple[Subject, ...]:
    return ()
