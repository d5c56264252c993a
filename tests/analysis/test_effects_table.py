"""The effects table: paired differences with t-intervals and verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.effects import effects_table
from sim.runner import replication_seeds, run_replications


def synthetic(values: np.ndarray, point: int | None = None) -> pd.DataFrame:
    """Runs of one outcome ``x``: ``values`` is replications x quarters."""
    rows = [
        {"replication": r, "step": s + 1, "x": float(v), **({"point": point} if point is not None else {})}
        for r, run in enumerate(values)
        for s, v in enumerate(run)
    ]
    return pd.DataFrame(rows)


def test_a_known_difference_is_found_with_its_sign_and_no_difference_is_not():
    rng = np.random.default_rng(5)
    reference = rng.normal(10.0, 1.0, size=(20, 8))
    frame = pd.concat([synthetic(reference + 1.0, point=0), synthetic(reference, point=1)])
    table = effects_table(frame, synthetic(reference), outcomes=["x"]).set_index(["point", "statistic"])
    assert table.loc[(0, "end"), "verdict"] == table.loc[(0, "decade"), "verdict"] == "higher"
    assert np.isclose(table.loc[(0, "decade"), "difference"], 1.0)
    assert table.loc[(1, "decade"), "verdict"] == "no clear change"
    assert table.loc[(0, "end"), "quarter"] == "2026Q4" and table.loc[(0, "decade"), "quarter"] == ""


def test_a_transient_effect_shows_at_its_peak_quarter_though_gone_by_the_end():
    rng = np.random.default_rng(2)
    reference = rng.normal(1.0, 0.1, size=(10, 12))
    shocked = reference.copy()
    shocked[:, 4:6] -= 0.5  # 2026Q1-Q2 only
    table = effects_table(synthetic(shocked), synthetic(reference), outcomes=["x"]).set_index("statistic")
    assert table.loc["end", "verdict"] == "no clear change"
    assert table.loc["peak", "verdict"] == "lower" and table.loc["peak", "quarter"] in ("2026Q1", "2026Q2")


def test_tighter_controls_are_a_known_different_pair_on_real_runs():
    seeds = replication_seeds(0, 6)
    reference = run_replications({}, seeds, 12).frame()
    tight = run_replications({"us.export_control_stringency": 1.0}, seeds, 12).frame()
    table = effects_table(tight, reference).set_index(["outcome", "statistic"])
    assert table.loc[("cn_domestic_chip_share", "end"), "verdict"] == "higher"
    assert table.loc[("compute_cn", "decade"), "verdict"] == "lower"
    assert (table["n"] == 6).all() and (table["low"] <= table["high"]).all()
    for column in ("z", "reference_sd", "size", "significant"):
        assert table[column].notna().all(), column
    nonzero = table["reference_mean"].abs() > 1e-9  # a share of nothing has no relative change
    assert table.loc[nonzero, "relative_change"].notna().all() and table.loc[~nonzero, "relative_change"].isna().all()


def test_fewer_than_five_paired_runs_get_no_verdict():
    rng = np.random.default_rng(7)
    reference = rng.normal(10.0, 1.0, size=(4, 6))
    table = effects_table(synthetic(reference + 5.0), synthetic(reference), outcomes=["x"])
    assert (table["verdict"] == "too few replications").all() and (table["difference"] > 4).all()
