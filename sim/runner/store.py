"""Finished runs streamed to disk as Parquet parts, so a killed run loses only the runs in flight.

Each part holds one batch of runs of one kind (the scenario's runs, or the baseline's that it is
compared with). A part is written to a temporary name and renamed into place, so a part on disk is
whole. The store remembers which scenario it belongs to (``run.json``); resuming with a different
scenario is an error rather than a silent mix of results. Results are read back one part at a
time, so memory does not grow with the number of runs.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.runner.batches import JOB, Columns


class ResumeMismatch(ValueError):
    """The folder holds parts of a different scenario."""


class PartStore:
    """The parts of one scenario's runs (and its baseline's) in ``folder``."""

    def __init__(self, folder: Path, fingerprint: dict, fresh: bool = False):
        self.folder = folder
        if fresh and folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = folder / "run.json"
        text = json.dumps(fingerprint, sort_keys=True, default=str)
        if meta.exists() and meta.read_text(encoding="utf-8") != text:
            raise ResumeMismatch(
                f"{folder.parent} holds unfinished runs of a different scenario or settings; "
                "rerun with --fresh to discard them, or choose another --out folder"
            )
        _atomic_write_text(meta, text)

    def parts(self, kind: str = "scenario") -> list[Path]:
        """The kind's parts, in job order (each part is a batch of consecutive jobs)."""
        return sorted(self.folder.glob(f"{kind}-*.parquet"), key=lambda p: int(p.name.split("-")[1]))

    def done(self, kind: str = "scenario") -> set[int]:
        """Indices of the kind's jobs whose runs are already on disk."""
        finished: set[int] = set()
        for part in self.parts(kind):
            finished.update(pq.read_table(part, columns=[JOB]).column(JOB).unique().to_pylist())
        return finished

    def write(self, columns: Columns, kind: str = "scenario") -> None:
        """Save one batch of runs (its ``_job`` column says which)."""
        first = int(columns[JOB][0])
        part = self.folder / f"{kind}-{first:012d}-{uuid.uuid4().hex[:8]}.parquet"
        staging = part.with_suffix(".tmp")
        pq.write_table(_table(columns), staging)
        os.replace(staging, part)

    def tables(self, kind: str = "scenario") -> Iterator[pa.Table]:
        """The kind's runs one part at a time, in job order, without the job column."""
        for part in self.parts(kind):
            yield pq.read_table(part).drop_columns([JOB])

    def frame(self, kind: str = "scenario") -> pd.DataFrame:
        """Every finished run of the kind in one frame (for results small enough to hold)."""
        tables = list(self.tables(kind))
        if not tables:
            return pd.DataFrame()
        return pa.concat_tables(tables).to_pandas().reset_index(drop=True)

    def export(self, kind: str, parquet: Path) -> int:
        """Write the kind's runs to one Parquet file, part by part; return the rows written."""
        rows, writer = 0, None
        try:
            for table in self.tables(kind):
                writer = writer or pq.ParquetWriter(parquet, table.schema)
                if not table.schema.equals(writer.schema):  # e.g. a column all whole numbers in one batch
                    table = table.cast(writer.schema)
                writer.write_table(table)
                rows += table.num_rows
        finally:
            if writer:
                writer.close()
        return rows

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def parquet_to_csv(parquet: Path, csv: Path) -> None:
    """Copy a Parquet file to CSV a row group at a time (Arrow's writer, which releases the GIL, so
    it can run in a thread beside other work)."""
    source = pq.ParquetFile(parquet)
    options = pacsv.WriteOptions(quoting_style="needed")
    with pacsv.CSVWriter(csv, source.schema_arrow, write_options=options) as writer:
        for group in range(source.num_row_groups):
            writer.write_table(source.read_row_group(group))


def _table(columns: Columns) -> pa.Table:
    return pa.table({name: pa.array(values) for name, values in columns.items()})


def columns_frame(batches: list[Columns]) -> pd.DataFrame:
    """Batches of columns as one frame, without the job column."""
    if not batches:
        return pd.DataFrame()
    table = pa.concat_tables([_table(b) for b in batches]).drop_columns([JOB])
    return table.to_pandas().reset_index(drop=True)


def _atomic_write_text(path: Path, text: str) -> None:
    staging = path.with_suffix(".tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
