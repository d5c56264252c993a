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

from collections.abc import Callable, Iterator
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


# ---- reading and running the table ----------------------------------------------------------
# Below ``contract()``: the table as rows for the docs and the CLI, what it leaves uncovered, and
# the measurement ``airace responses`` and the slow tests run.


def source_label(expect: Expect) -> str:
    """``seed 002`` for a seed article, else the source as written (``assumption``, a public source)."""
    return f"seed {expect.source.split('_', 1)[0]}" if is_quoted(expect) else expect.source


def says(expect: Expect) -> str:
    """What the source says: the verbatim quote of a seed article, or the reason of an assumption."""
    if is_quoted(expect):
        return expect.quote
    if expect.source == "assumption":
        return expect.reason
    return expect.quote or expect.reason


def when_label(when: str) -> str:
    return "decade mean" if when == DECADE else when


def direction_label(direction: int) -> str:
    return "up" if direction == UP else "down"


def rows_for_docs() -> list[dict[str, str]]:
    """Every expectation of the contract as a plain row, for ``docs/policy_responses.md``."""
    return [
        {
            "subject": subject.name,
            "kind": subject.kind,
            "outcome": expect.outcome,
            "direction": direction_label(expect.direction),
            "when": when_label(expect.when),
            "source": source_label(expect),
            "says": says(expect),
        }
        for subject in contract()
        for expect in subject.expects
    ]


def coverage_gaps() -> list[str]:
    """The levers, mechanism switches and library scenarios that no subject ``covers``.

    The library baseline is left out: it is the reference every scenario is compared with.
    """
    from sim.scenario import library, reference_for

    covered = {subject.covers for subject in contract()}
    wanted = [p.name for p in PARAMS.values() if p.kind == "lever"]
    wanted += [f"mechanisms.{m}" for m in MECHANISMS]
    wanted += [scenario.name for _, scenario in library() if reference_for(scenario) is not None]
    return [name for name in wanted if name not in covered]


def chosen(only: str | None = None) -> tuple[Subject, ...]:
    """The subjects whose name or ``covers`` contains ``only`` (case-insensitive); all without it."""
    subjects = contract()
    if not only:
        return subjects
    text = only.lower()
    return tuple(s for s in subjects if text in s.name.lower() or text in s.covers.lower())


def contract_runs(replications: int) -> Runs:
    """A run cache over ``replications`` seeds from the library baseline's root seed and steps."""
    from sim.runner.batches import replication_seeds
    from sim.scenario import LIBRARY, load_scenario

    baseline = load_scenario(LIBRARY / "baseline.yaml")
    return Runs(replication_seeds(baseline.seed, replications), baseline.steps)


def run_contract(
    replications: int = 20,
    only: str | None = None,
    progress: Callable[[Subject], object] | None = None,
) -> list[Row]:
    """Measure every row of the chosen subjects (see :func:`chosen`), paired on the same seeds.

    ``progress`` is called with each subject once its rows are measured.
    """
    runs = contract_runs(replications)
    rows: list[Row] = []
    for subject in chosen(only):
        rows.extend(measure((subject,), runs))
        if progress is not None:
            progress(subject)
    return rows


def result_rows(rows: list[Row]) -> list[dict[str, str]]:
    """Measured rows as plain rows for printing: the expectation, z, ok or FAIL, the source."""
    return [
        {
            "subject": row.subject.name,
            "outcome": row.expect.outcome,
            "direction": direction_label(row.expect.direction),
            "when": when_label(row.expect.when),
            "z": f"{row.z:.2f}",
            "result": "ok" if row.passed else "FAIL",
            "source": source_label(row.expect),
        }
        for row in rows
    ]


def tally(rows: list[Row], replications: int) -> str:
    """One line: e.g. ``41 of 43 rows hold at 20 replications``."""
    held = sum(row.passed for row in rows)
    return f"{held} of {len(rows)} rows hold at {replications} replications"
