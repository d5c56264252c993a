"""What the summary and the charts need from a run's tidy data, read without holding it all.

A sweep of a hundred thousand runs has millions of rows. Charts and the summary need only the last
quarter of every run, or each outcome's median and 5-95% band per quarter; both are read from the
Parquet file a column or a filter at a time, so memory stays flat however many runs there were.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq

STATS = ("median", "low", "high")  # median, 5% and 95% across replications


def last_quarter(path: Path, step: int) -> pd.DataFrame:
    """Every run's row at ``step`` (the last quarter)."""
    return ds.dataset(path).to_table(filter=ds.field("step") == step).to_pandas()


def bands_of(frame: pd.DataFrame, columns: list[str], by: str = "step") -> pd.DataFrame:
    """Median, 5% and 95% of each column across runs, per ``by``: columns ``(column, stat)``."""
    grouped = frame.groupby(by)[columns]
    parts = {"median": grouped.median(), "low": grouped.quantile(0.05), "high": grouped.quantile(0.95)}
    bands = pd.concat(parts, axis=1).swaplevel(axis=1)
    return bands[[(c, s) for c in columns for s in STATS]]


def step_bands(path: Path, columns: list[str]) -> pd.DataFrame:
    """``bands_of`` for a Parquet file, read one column at a time."""
    return pd.concat([bands_of(pq.read_table(path, columns=["step", c]).to_pandas(), [c]) for c in columns], axis=1)
