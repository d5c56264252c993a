"""What the summary and the charts need from a run's tidy data, read without holding it all.

A sweep of a hundred thousand runs has millions of rows. Charts and the summary need only the last
quarter of every run, or each outcome's median and 5-95% band per quarter; both are read from the
Parquet file a column or a filter at a time, so memory stays flat however many runs there were.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

STATS = ("median", "low", "high")  # median, 5% and 95% across replications


def last_quarter(path: Path, step: int) -> pd.DataFrame:
    """Every run's row at ``step`` (the last quarter), read a row group (a batch of runs) at a
    time. (A filtered dataset scan, or ``iter_batches``, holds on to what it has read: memory
    grows with the file.)"""
    source = pq.ParquetFile(path)
    kept = []
    for group in range(source.num_row_groups):
        table = source.read_row_group(group)
        kept.append(table.filter(pc.equal(table.column("step"), step)))
    return pa.concat_tables(kept).to_pandas() if kept else source.schema_arrow.empty_table().to_pandas()


def bands_of(frame: pd.DataFrame, columns: list[str], by: str = "step") -> pd.DataFrame:
    """Median, 5% and 95% of each column across runs, per ``by``: columns ``(column, stat)``."""
    grouped = frame.groupby(by)[columns]
    parts = {"median": grouped.median(), "low": grouped.quantile(0.05), "high": grouped.quantile(0.95)}
    bands = pd.concat(parts, axis=1).swaplevel(axis=1)
    return bands[[(c, s) for c in columns for s in STATS]]


def step_bands(path: Path, columns: list[str]) -> pd.DataFrame:
    """``bands_of`` for a Parquet file, read one column at a time."""
    return pd.concat([bands_of(pq.read_table(path, columns=["step", c]).to_pandas(), [c]) for c in columns], axis=1)
