"""Finished runs streamed to disk as Parquet parts, so a killed run loses only the runs in flight.

Each part is written to a temporary name and renamed into place, so a part on disk is whole. The
store remembers which scenario it belongs to (``run.json``); resuming with a different scenario is
an error rather than a silent mix of results.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

JOB = "_job"  # index of the run in the scenario's job list; dropped when parts are combined


class ResumeMismatch(ValueError):
    """The folder holds parts of a different scenario."""


class PartStore:
    """The parts of one scenario's runs in ``folder``."""

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

    def parts(self) -> list[Path]:
        return sorted(self.folder.glob("part-*.parquet"))

    def done(self) -> set[int]:
        """Indices of the jobs whose runs are already on disk."""
        finished: set[int] = set()
        for part in self.parts():
            finished.update(pq.read_table(part, columns=[JOB]).column(JOB).unique().to_pylist())
        return finished

    def write(self, frames: list[pd.DataFrame]) -> None:
        if not frames:
            return
        part = self.folder / f"part-{uuid.uuid4().hex}.parquet"
        staging = part.with_suffix(".tmp")
        pd.concat(frames, ignore_index=True).to_parquet(staging, index=False)
        os.replace(staging, part)

    def combine(self) -> pd.DataFrame:
        """Every finished run in job order, without the job column."""
        frame = pd.concat([pd.read_parquet(p) for p in self.parts()], ignore_index=True)
        frame = frame.sort_values([JOB, "step"], kind="stable").drop(columns=JOB)
        return frame.reset_index(drop=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _atomic_write_text(path: Path, text: str) -> None:
    staging = path.with_suffix(".tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
