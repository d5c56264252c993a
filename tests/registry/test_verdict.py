"""One verdict: paired t-intervals with their stated coverage, sizes, and no verdict on too few runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sim.analysis.effects import effects_table
from sim.registry.verdict import (
    MIN_REPLICATIONS,
    TOO_FEW,
    judge,
    judge_columns,
    judge_unpaired,
    judged,
    size_word,
    t_quantile,
)
from sim.runner import replication_seeds, run_replications

COMPARISONS = 200
DIFFERS = ("higher", "lower")


@given(st.floats(0.5, 1e4), st.floats(0.5, 0.9999))
def test_the_t_quantile_is_scipy_stats_t_ppf(df, probability):
    assert t_quantile(probability, df) == stats.t.ppf(probability, df)


def skewed_runs(rng: np.random.Generator, n: int) -> np.ndarray:
    """A skewed outcome, as model outcomes often are: lognormal, one value per replication."""
    return np.exp(rng.normal(1.0, 0.6, size=n))


@pytest.mark.parametrize("n", [5, 20])
def test_on_synthetic_a_a_comparisons_at_most_7_percent_are_called_different(n):
    rng = np.random.default_rng(20 + n)
    judged = [judge(skewed_runs(rng, n), skewed_runs(rng, n)) for _ in range(COMPARISONS)]
    significant = np.mean([j.significant for j in judged])
    differs = np.mean([j.verdict in DIFFERS for j in judged])
    assert significant <= 0.07 and differs <= 0.07
    assert significant >= 0.01  # the interval is not simply too wide to ever exclude 0


@pytest.fixture(scope="module")
def pool() -> pd.DataFrame:
    """60 real baseline runs of 12 quarters, each on its own seed."""
    return run_replications({}, replication_seeds(9, 60), 12).frame()


@pytest.mark.parametrize("n", [5, 20])
def test_on_real_a_a_comparisons_at_most_7_percent_are_called_different(pool, n):
    """200 A/A comparisons: two groups of n distinct real runs (other seeds, same model), paired by
    position, through the effects table every run writes."""
    varying = [c for c in pool.columns if c not in ("replication", "step", "seed") and pool[c].dtype.kind == "f"]
    varying = [c for c in varying if pool[pool["step"] == 12][c].std() > 0]
    assert len(varying) >= 20
    rng = np.random.default_rng(n)
    runs = pool["replication"].unique()
    calls = []
    for _ in range(COMPARISONS):
        picked = rng.choice(runs, size=2 * n, replace=False)
        groups = []
        for group in (picked[:n], picked[n:]):
            frame = pool[pool["replication"].isin(group)].copy()
            frame["replication"] = frame["replication"].map({r: i for i, r in enumerate(group)})
            groups.append(frame)
        table = effects_table(groups[0], groups[1], varying)
        table = table[table["statistic"] != "peak"]  # the peak is chosen after looking: optimistic by design
        calls.append(table["verdict"].isin(DIFFERS).to_numpy())
    share = float(np.mean(np.concatenate(calls)))
    assert share <= 0.07, f"{share:.1%} of A/A cells called different at n = {n}"


def test_below_five_replications_no_verdict_is_given():
    big = np.array([10.0, 11.0, 12.0, 13.0])
    assert MIN_REPLICATIONS == 5
    assert judge(big + 100.0, big).verdict == TOO_FEW
    assert judge(np.r_[big, 14.0] + 100.0, np.r_[big, 14.0]).verdict == "higher"
    one = judge(np.array([2.0]), np.array([1.0]))
    assert one.verdict == TOO_FEW and np.isnan(one.se)


def test_the_t_interval_covers_a_known_difference_about_95_times_in_100():
    rng = np.random.default_rng(3)
    true, trials = 0.3, 400
    covered = 0
    for _ in range(trials):
        reference = rng.normal(5.0, 1.0, size=6)
        changed = reference + true + rng.normal(0.0, 0.5, size=6)
        j = judge(changed, reference)
        covered += bool(j.low <= true <= j.high)
    assert 0.92 * trials <= covered <= 0.98 * trials


def test_a_significant_but_negligible_difference_is_no_clear_change():
    reference = np.linspace(0.0, 10.0, 20)  # spread about 3.2
    judged = judge(reference + 0.1, reference)  # the same shift in every run: significant, tiny
    assert judged.significant and judged.size == "negligible" and judged.verdict == "no clear change"


def test_size_words_follow_the_reference_spreads():
    assert [size_word(z) for z in (0.1, -0.6, 1.5, -2.5, float("nan"))] == [
        "negligible",
        "small",
        "moderate",
        "large",
        "negligible",
    ]


def test_every_judgement_gives_the_same_columns_and_reconciles_z_with_the_difference():
    rng = np.random.default_rng(1)
    reference = rng.normal(10.0, 2.0, size=(8, 3))
    rows = [j.row() for j in judge_columns(reference + np.array([0.0, 1.0, 4.0]), reference)]
    for row in rows:
        assert row["z"] == pytest.approx(row["difference"] / row["reference_sd"])
        assert row["relative_change"] == pytest.approx(row["difference"] / abs(row["reference_mean"]))
    assert [r["verdict"] for r in rows] == ["no clear change", "higher", "higher"]
    assert [r["size"] for r in rows] == ["negligible", "small", "large"]


def test_unpaired_runs_get_a_welch_interval():
    rng = np.random.default_rng(4)
    a, b = rng.normal(3.0, 1.0, size=30), rng.normal(0.0, 1.0, size=12)
    judged = judge_unpaired(a, b)
    assert judged.n == 12 and judged.low > 0 and judged.verdict == "higher"


def test_the_model_fingerprint_follows_the_registry(monkeypatch):
    from sim.runner import provenance

    before = provenance.model_fingerprint.__wrapped__()
    assert before == provenance.model_fingerprint()
    changed = provenance.registry_record()
    changed[0]["default"] = "something else"
    monkeypatch.setattr(provenance, "registry_record", lambda: changed)
    assert provenance.model_fingerprint.__wrapped__() != before


def test_a_relative_change_of_a_few_percent_caps_the_size_word():
    assert size_word(8.0, 0.04) == "small"
    assert size_word(8.0, -0.10) == "moderate"
    assert size_word(8.0, 0.5) == "large"
    assert size_word(0.7, 0.01) == "small"  # the cap never raises a word
    assert size_word(0.2, 0.9) == "negligible"
    assert size_word(3.0) == "large"  # no relative change known: z alone


@settings(max_examples=30, deadline=None)
@given(
    points=st.integers(1, 4),
    n=st.integers(1, 12),
    columns=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_judging_many_points_at_once_gives_each_the_judgement_it_has_alone(points, n, columns, seed):
    """A sweep's effects are judged a chunk of points at a time (``judged`` over points x
    replications x outcomes): each point's columns are those it gets judged alone."""
    rng = np.random.default_rng(seed)
    changed = rng.normal(1.0, rng.uniform(0, 2, columns), (points, n, columns))
    reference = rng.normal(1.0, rng.uniform(0, 2, columns), (points, n, columns))
    reference[..., 0] = 3.0  # a reference that never varies: the floored spread
    together = judged(changed, reference)
    for p in range(points):
        alone = judge_columns(changed[p], reference[p])
        for name in together:  # equal to the bit (NaN where n = 1 counts as equal)
            np.testing.assert_array_equal(np.array([getattr(j, name) for j in alone]), together[name][p], err_msg=name)
