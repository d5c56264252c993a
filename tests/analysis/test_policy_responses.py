"""The policy-response contract: complete, sourced, well formed, and (slow) what the model does."""

import pytest

from sim.analysis.effects import DECADE, NUMERIC
from sim.analysis.responses import DOWN, REPLICATIONS, UP, contract, coverage_gaps, run_contract
from sim.registry.outcomes import OUTCOMES, quarter_label
from sim.registry.params import PARAMS, SEED_FILES, resolve
from sim.scenario import library
from tests.helpers import ROOT

SEEDS_DIR = ROOT / "seeds"
QUARTERS = tuple(quarter_label(step) for step in range(1, 41))  # 2025Q1 .. 2034Q4

# Every (subject, expectation) in contract order, the order ``run_contract`` measures them in.
EXPECTATIONS = [(subject, expect) for subject in contract() for expect in subject.expects]


def expectation_params():
    return [pytest.param(s, e, id=f"{s.name} -> {e.outcome} @ {e.when}") for s, e in EXPECTATIONS]


def subject_params():
    return [pytest.param(s, id=s.name) for s in contract()]


def test_contract_covers_every_lever_switch_and_scenario():
    gaps = coverage_gaps()
    assert not gaps, f"no subject covers: {', '.join(gaps)}"


def test_subject_names_are_unique():
    names = [s.name for s in contract()]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})


@pytest.mark.parametrize("subject", subject_params())
def test_every_subject_is_a_change_with_expectations(subject):
    assert subject.kind in ("lever", "switch", "scenario")
    if subject.kind == "lever":
        assert subject.covers in PARAMS and PARAMS[subject.covers].kind == "lever", subject.covers
    elif subject.kind == "switch":
        assert subject.covers.startswith("mechanisms.") and subject.covers in PARAMS, subject.covers
    else:
        assert subject.covers in {scenario.name for _, scenario in library()}, subject.covers
    assert subject.expects, f"{subject.name} expects nothing"
    assert subject.change.key() != subject.against.key(), f"{subject.name} changes nothing"
    resolve(dict(subject.change.params))
    resolve(dict(subject.against.params))


@pytest.mark.parametrize(("subject", "expect"), [p for p in expectation_params() if p.values[1].source in SEED_FILES])
def test_every_quote_appears_verbatim_in_its_seed_file(subject, expect):
    assert expect.quote, f"{subject.name}: cites {expect.source} without a quote"
    text = (SEEDS_DIR / expect.source).read_text(encoding="utf-8")
    assert expect.quote in text, f"{subject.name}: quote not found in {expect.source}"


@pytest.mark.parametrize(("subject", "expect"), expectation_params())
def test_every_outcome_is_a_recorded_number(subject, expect):
    assert expect.outcome in OUTCOMES and expect.outcome in NUMERIC, expect.outcome
    assert expect.direction in (UP, DOWN), expect.direction


@pytest.mark.parametrize(("subject", "expect"), expectation_params())
def test_every_when_is_the_decade_or_a_quarter_of_the_run(subject, expect):
    assert expect.when == DECADE or expect.when in QUARTERS, f"{expect.when!r}: expected {DECADE!r} or 2025Q1..2034Q4"


@pytest.mark.parametrize(("subject", "expect"), expectation_params())
def test_every_expectation_says_where_it_comes_from(subject, expect):
    assert expect.source, f"{subject.name}: no source"
    if expect.source == "assumption":
        assert expect.reason, f"{subject.name} -> {expect.outcome}: an assumption with no reason"
        assert not expect.quote, f"{subject.name} -> {expect.outcome}: an assumption quotes nothing"


@pytest.fixture(scope="module")
def measured():
    """Every row measured once, with the same seeds for every subject and its reference."""
    rows = run_contract(REPLICATIONS)
    assert len(rows) == len(EXPECTATIONS)
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("index", [pytest.param(i, id=p.id) for i, p in enumerate(expectation_params())])
def test_the_model_responds_as_the_contract_says(measured, index):
    row = measured[index]
    direction = "up" if row.expect.direction == UP else "down"
    assert row.passed, (
        f"{row.subject.name}: {row.expect.outcome} should go {direction} ({row.expect.when}) "
        f"but z = {row.z:.2f} (mean difference {row.mean_difference:.4g}, reference sd {row.reference_sd:.4g}; "
        f"needs {'>= 0.5' if row.expect.direction == UP else '<= -0.5'}) at {REPLICATIONS} replications"
    )


def test_every_lever_has_a_counted_row_and_says_where_it_acts_if_not_in_the_default_world():
    """No dead lever: each lever's rows hold in the default world, or its registry entry names the
    setting it acts in (``Param.acts_in``) and its rows are in such a setting."""
    for name, param in PARAMS.items():
        if param.kind != "lever":
            continue
        rows = [(s, e) for s in contract() if s.covers == name for e in s.expects if not e.definition]
        assert rows, f"{name}: no counted row (only definitions, or none)"
        in_default = [s for s, _ in rows if not s.against.params]
        if param.acts_in:
            assert len(in_default) < len(rows), f"{name} says it acts {param.acts_in!r} but has no row in a setting"
        else:
            assert in_default, f"{name}: every row is in a setting ({rows[0][0].note}); say so in its acts_in"


def test_every_row_states_a_size_with_a_reason():
    for subject, expect in EXPECTATIONS:
        size = expect.at_most or expect.least
        assert size.amount > 0 and size.reason, f"{subject.name} -> {expect.outcome}"
