"""Finished runs streamed to disk as Parquet parts, so a killed run loses only the runs in flight.

Each part holds one batch of runs of one kind (the scenario's runs, or the baseline's that it is
compared with). A part is written to a temporary name and renamed into place, so a part on disk is
whole, and its name carries a checksum of its bytes (``scenario-<first job>-<sha256>.parquet``).

Resuming trusts only what it can prove. Every part records the fingerprint of the run it belongs to
(what changes the numbers: not the name or the description), and so does ``run.json``; parts of a
different run, or parts without proof, stop the run (``ResumeMismatch``) rather than mix results. A
part whose bytes do not match its checksum, that cannot be read, has a name the store did not give
it or repeats runs of another part is moved to ``.parts-set-aside/`` and its runs are run again.
Results are read back one part at a time, so memory does not grow with the number of runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sim.runner.batches import JOB, NATIONS, STACKS, Columns
from sim.runner.errors import RunRefused

KINDS = ("scenario", "baseline", "nations")  # nations: the scenario runs' nation-level rows (--nations)
PART = re.compile(r"^(scenario|baseline|nations)-(\d{12})-([0-9a-f]{16})\.parquet$")
RUN_ID = "run_id"  # the job column as the results name it: the run's index in its kind's jobs
FINGERPRINT_KEY = b"airace.fingerprint"
SET_ASIDE = ".parts-set-aside"  # beside the parts folder, so discarding the parts keeps them
# Scenario keys that do not change the numbers, so editing them does not stop a resume.
UNNUMBERED = ("name", "description", "source", "quote")


class ResumeMismatch(RunRefused):
    """The folder holds parts of a different run, or parts it cannot prove are of this run."""


def fingerprint_of(scenario: dict, version: str, reference: dict | None = None, nations: bool = False) -> dict:
    """What identifies a run's numbers: the scenario as resolved, without its words, and the version;
    and, when given, the reference as resolved (a parent file edited between an interruption and
    the resume must not mix two references) and whether nation-level rows are kept."""
    found = {"scenario": {k: v for k, v in scenario.items() if k not in UNNUMBERED}, "version": version}
    if reference is not None:
        found["reference"] = {k: v for k, v in reference.items() if k != "file"}
        if isinstance(reference.get("scenario"), dict):
            scenario_words = reference["scenario"]
            found["reference"]["scenario"] = {k: v for k, v in scenario_words.items() if k not in UNNUMBERED}
    if nations:
        found["nations"] = True
    return found


def digest(fingerprint: dict) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class PartStore:
    """The parts of one run's scenario runs (and its baseline's) in ``folder``.

    ``set_aside`` lists ``(file, reason)`` for every part moved out of the way on opening, for the
    caller to tell; their runs count as not done.
    """

    def __init__(self, folder: Path, fingerprint: dict, fresh: bool = False):
        self.folder = folder
        self.digest = digest(fingerprint)
        self.set_aside: list[tuple[Path, str]] = []
        if fresh and folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self._parts: dict[str, list[tuple[int, Path]]] = {kind: [] for kind in KINDS}
        self._done: dict[str, set[int]] = {kind: set() for kind in KINDS}
        meta = folder / "run.json"
        text = json.dumps(fingerprint, sort_keys=True, default=str)
        found = meta.read_text(encoding="utf-8", errors="replace") if meta.is_file() else None
        where = folder.parent
        if found is not None and found != text:
            raise ResumeMismatch(
                f"{where} holds unfinished runs of a different scenario or settings; rerun the command that "
                "started them to finish them, or add --fresh to discard them, or choose another --out"
            )
        proofs = self._open_parts()
        if proofs - {self.digest}:
            raise ResumeMismatch(
                f"{where}/.parts holds finished runs of a different run "
                f"({'no record of which' if None in proofs else 'another scenario or settings'}); rerun the "
                "command that started them to finish them, or add --fresh to discard them, or choose another --out"
            )
        _atomic_write_text(meta, text)

    def _open_parts(self) -> set[str | None]:
        """Check every file in the folder; keep the parts that prove themselves, set the rest aside.
        Return the run fingerprints the kept parts carry (None for a part without one)."""
        proofs: set[str | None] = set()
        for path in sorted(self.folder.iterdir(), key=lambda p: p.name):
            if path.name == "run.json" and path.is_file():
                continue
            if path.suffix == ".tmp" and path.is_file():  # a part or run.json cut short by a kill
                path.unlink()
                continue
            match = PART.match(path.name)
            if not match or not path.is_file():
                self._set_aside(path, "a name the store does not give its parts")
                continue
            kind, first, checksum = match.group(1), int(match.group(2)), match.group(3)
            try:
                data = path.read_bytes()
                if _checksum(data) != checksum:
                    self._set_aside(path, "its bytes do not match its checksum (a damaged file)")
                    continue
                table = pq.read_table(pa.BufferReader(data), columns=[JOB])
            except (OSError, pa.ArrowException) as error:
                reason = (str(error).splitlines() or [type(error).__name__])[0]
                self._set_aside(path, f"it cannot be read ({reason})")
                continue
            jobs = set(table.column(JOB).to_pylist())
            if jobs & self._done[kind]:
                self._set_aside(path, "it repeats runs of another part")
                continue
            proofs.add((table.schema.metadata or {}).get(FINGERPRINT_KEY, b"").decode() or None)
            self._done[kind] |= jobs
            self._parts[kind].append((first, path))
        for kind in KINDS:
            self._parts[kind].sort()
        return proofs

    def _set_aside(self, path: Path, reason: str) -> None:
        aside = self.folder.parent / SET_ASIDE
        aside.mkdir(exist_ok=True)
        target = aside / path.name
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        os.replace(path, target)
        self.set_aside.append((path, reason))

    def parts(self, kind: str = "scenario") -> list[Path]:
        """The kind's parts, in job order (each part is a batch of consecutive jobs)."""
        return [path for _, path in self._parts[kind]]

    def done(self, kind: str = "scenario") -> set[int]:
        """Indices of the kind's jobs whose runs are already on disk."""
        return set(self._done[kind])

    def write(self, columns: Columns, kind: str = "scenario") -> None:
        """Save one batch of runs (its ``_job`` column says which); its nation-level rows, if it has
        them, go to a ``nations`` part first, so a run whose part is on disk has its nations too. Stacks
        sent back for the nation picks (``STACKS``) are not kept on disk."""
        if STACKS in columns:
            columns = {name: values for name, values in columns.items() if name != STACKS}
        if NATIONS in columns:
            columns = dict(columns)
            self.write(columns.pop(NATIONS), "nations")
        first = int(columns[JOB][0])
        table = _table(columns).replace_schema_metadata({FINGERPRINT_KEY: self.digest.encode()})
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        data = sink.getvalue().to_pybytes()
        part = self.folder / f"{kind}-{first:012d}-{_checksum(data)}.parquet"
        staging = part.with_suffix(".tmp")
        staging.write_bytes(data)
        os.replace(staging, part)
        self._parts[kind].append((first, part))
        self._parts[kind].sort()
        self._done[kind].update(np.unique(columns[JOB]).tolist())

    def tables(self, kind: str = "scenario", run_id: bool = False) -> Iterator[pa.Table]:
        """The kind's runs one part at a time, in job order, without the job column (or with it as
        ``run_id``). A run met twice is kept once (the store never writes one twice; this guards the
        results if it did)."""
        seen: set[int] = set()
        for part in self.parts(kind):
            table = pq.read_table(part).replace_schema_metadata(None)
            jobs = table.column(JOB)
            if seen:
                table = table.filter(pc.invert(pc.is_in(jobs, value_set=pa.array(sorted(seen), jobs.type))))
            seen.update(table.column(JOB).unique().to_pylist())
            if run_id:
                yield table.rename_columns([RUN_ID if c == JOB else c for c in table.column_names])
            else:
                yield table.drop_columns([JOB])

    def frame(self, kind: str = "scenario", run_id: bool = False) -> pd.DataFrame:
        """Every finished run of the kind in one frame (for results small enough to hold)."""
        tables = list(self.tables(kind, run_id))
        if not tables:
            return pd.DataFrame()
        return pa.concat_tables(tables).to_pandas().reset_index(drop=True)

    def export(self, kind: str, parquet: Path, name: Callable[[str], str] | None = None, metadata=None) -> int:
        """Write the kind's runs to one Parquet file, part by part, each with its ``run_id``; return
        the rows written. ``name`` renames columns; ``metadata(columns)`` is the file's schema metadata."""
        rows = 0
        with GrowingTable(parquet, metadata=metadata) as out:
            for table in self.tables(kind, run_id=True):
                if name:
                    table = table.rename_columns([name(c) for c in table.column_names])
                out.append_table(table)
                rows += table.num_rows
        return rows

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class GrowingTable:
    """A table written as its rows come: a Parquet file (its schema's metadata extended by
    ``metadata(columns)``, as ``PartStore.export``) and, if asked, a CSV file, each frame appended
    to both, so a large table is never held whole."""

    def __init__(self, parquet: Path, csv: Path | None = None, metadata: Callable | None = None):
        self.parquet, self.csv, self.metadata = parquet, csv, metadata
        self.writer: pq.ParquetWriter | None = None

    def append(self, frame: pd.DataFrame) -> None:
        """Append a frame's rows to the Parquet file (and the CSV file)."""
        self.append_table(pa.Table.from_pandas(frame, preserve_index=False))
        if self.csv:
            frame.to_csv(self.csv, mode="a", header=not self.csv.exists(), index=False)

    def append_table(self, table: pa.Table) -> None:
        """Append an Arrow table's rows to the Parquet file, in the first table's schema (a column of
        whole numbers in one part is cast to the type it has in the first)."""
        if self.writer is None:
            extra = self.metadata(table.column_names) if self.metadata else {}
            schema = table.schema.with_metadata({**(table.schema.metadata or {}), **extra})
            self.writer = pq.ParquetWriter(self.parquet, schema)
        if not table.schema.equals(self.writer.schema):
            table = table.cast(self.writer.schema)
        self.writer.write_table(table)

    def __enter__(self) -> GrowingTable:
        return self

    def __exit__(self, *exc) -> None:
        if self.writer:
            self.writer.close()


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
    tables = [_table({k: v for k, v in b.items() if k not in (STACKS, NATIONS)}) for b in batches]
    table = pa.concat_tables(tables).drop_columns([JOB])
    return table.to_pandas().reset_index(drop=True)


def _atomic_write_text(path: Path, text: str) -> None:
    staging = path.with_suffix(".tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
