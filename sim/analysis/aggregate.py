"""What the summary and the charts need from a run's tidy data, read without holding it all.

A sweep of a hundred thousand runs has millions of rows. Charts and the summary need only the last
quarter of every run, or each outcome's median and 5-95% band per quarter; both are read from the
Parquet file a column or a filter at a time, so memory stays flat however many runs there were.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

STATS = ("median", "low", "high", "mean")  # median, 5% and 95% across replications, and the mean
Source = Path | Sequence[Path]  # one Parquet file, or the parts of one (in order)


def _files(source: Source) -> list[Path]:
    return [source] if isinstance(source, Path) else list(source)


def last_quarter(source: Source, step: int) -> pd.DataFrame:
    """Every run's row at ``step`` (the last quarter), read a row group (a batch of runs) at a
    time. (A filtered dataset scan, or ``iter_batches``, holds on to what it has read: memory
    grows with the file.) Bookkeeping columns (named ``_...``) are left out."""
    kept = []
    for path in _files(source):
        parquet = pq.ParquetFile(path)
        for group in range(parquet.num_row_groups):
            table = parquet.read_row_group(group)
            table = table.drop_columns([c for c in table.column_names if c.startswith("_")])
            kept.append(table.filter(pc.equal(table.column("step"), step)))
    return pa.concat_tables(kept, promote_options="permissive").to_pandas()


def bands_of(frame: pd.DataFrame, columns: list[str], by: str = "step") -> pd.DataFrame:
    """Median, 5% and 95% of each column across runs, and the mean (for yes/no outcomes, the share
    of runs), per ``by``: columns ``(column, stat)``."""
    grouped = frame.groupby(by)[columns]
    parts = {
        "median": grouped.median(),
        "low": grouped.quantile(0.05),
        "high": grouped.quantile(0.95),
        "mean": grouped.mean(),
    }
    bands = pd.concat(parts, axis=1).swaplevel(axis=1)
    return bands[[(c, s) for c in columns for s in STATS]]


VALUES_AT_ONCE = 4_000_000  # values read into memory at a time (32 MB of floats): a chunk of columns


def step_bands(source: Source, columns: list[str]) -> pd.DataFrame:
    """``bands_of`` for Parquet data, read a chunk of columns at a time: as many columns as keep
    ``VALUES_AT_ONCE`` values in memory, so a small run is read in one go (a column at a time,
    twenty runs' parts cost a second of reads) and a sweep of a hundred thousand runs a column at a
    time."""
    files = _files(source)
    rows = sum(pq.ParquetFile(path).metadata.num_rows for path in files)
    chunk = max(1, VALUES_AT_ONCE // max(rows, 1))

    def read(names: list[str]) -> pd.DataFrame:
        tables = [pq.read_table(path, columns=["step", *names]) for path in files]
        return pa.concat_tables(tables, promote_options="permissive").to_pandas()

    parts = [columns[i : i + chunk] for i in range(0, len(columns), chunk)]
    return pd.concat([bands_of(read(names), names) for names in parts], axis=1)


def run_columns(source: Source, columns: list[str]) -> pd.DataFrame:
    """``replication``, ``seed``, ``step`` and ``columns`` of every run, read a column set at a time
    (what ``sim.analysis.whatchanged`` pairs a scenario's runs with its baseline's by)."""
    wanted = ["replication", "seed", "step", *columns]
    tables = [pq.read_table(path, columns=wanted) for path in _files(source)]
    return pa.concat_tables(tables, promote_options="permissive").to_pandas()
