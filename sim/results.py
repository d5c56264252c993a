"""Writing a run's results folder: tidy data, manifest and charts, all or nothing.

Everything is written into a hidden staging folder inside the results folder first and moved into
place at the end, with the manifest last, so a run that fails or is interrupted leaves no folder that
looks complete (and its parts, so the next run resumes it).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.aggregate import Source, last_quarter, step_bands
from sim.charts import DISCLAIMER, adoption_chart, headline_chart, small_multiples, sweep_chart
from sim.charts.timeseries import PLOTTED
from sim.params import resolve
from sim.paths import ROOT
from sim.report import summarise, write_report
from sim.runner.folder import STAGING_PREFIX, default_out_dir, remove_results, utc_stamp  # noqa: F401
from sim.runner.store import PartStore, parquet_to_csv
from sim.scenario import LatinHypercube, Scenario

PACKAGES = ("airace", "mesa", "numpy", "pandas", "matplotlib", "pydantic", "pyyaml", "pyarrow")
PROJECT_ROOT = ROOT
# timeseries.csv is written up to this many rows (25,000 runs of 40 quarters, about 300 MB); larger
# results are in Parquet only, which is a tenth of the size and faster to read.
CSV_MAX_ROWS = 1_000_000


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_revision() -> str:
    """The project's git commit, with ``-dirty`` if it has uncommitted changes, or ``unknown``."""
    try:
        run = lambda *args: subprocess.run(  # noqa: E731
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        revision = run("rev-parse", "HEAD")
        return revision + ("-dirty" if run("status", "--porcelain", "--untracked-files=no") else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def build_manifest(
    scenario: Scenario,
    source: Path | None,
    seeds: list[int],
    points: int,
    wall_time_s: float,
    fingerprint: str | None = None,
) -> dict:
    return {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "scenario_file": str(source) if source else None,
        "parameters": resolve(scenario.model_params),
        "sweep_points": points,
        "seeds": seeds,
        "versions": package_versions(),
        "git_revision": git_revision(),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_time_s": round(wall_time_s, 3),
        "fingerprint": fingerprint,  # of what changes the numbers (sim.runner.store.fingerprint_of)
        "note": DISCLAIMER,
    }


@contextmanager
def staged_folder(out_dir: Path):
    """Yield a temporary folder inside ``out_dir``; on success move its files into ``out_dir``,
    the manifest last. Staging inside the folder keeps every move on one file system (``out_dir``
    may be a mount point), and a staging folder a kill leaves is removed by the next run into
    ``out_dir`` (``sim.runner.folder.remove_staging``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    try:
        yield stage
        remove_results(out_dir)
        ordered = sorted(stage.rglob("*"), key=lambda p: (p.name == "manifest.json", len(p.parts)))
        for item in ordered:
            target = out_dir / item.relative_to(stage)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def draw_charts(
    folder: Path,
    scenario: Scenario,
    data: Source,
    reference: Source | None,
    last: pd.DataFrame,
    reference_last: pd.DataFrame | None,
) -> dict[str, Path]:
    """The run's charts (PNG and SVG); returns the PNG of each, by name. A sweep's come from the
    last quarter of every run (``last``, ``reference_last``); the others' from per-quarter bands
    read from the Parquet data (a file, or the parts of one)."""
    folder.mkdir(exist_ok=True)
    title = f"Scenario {scenario.name} (root seed {scenario.seed}, {scenario.replications} replications)"
    if scenario.sweep is not None:
        factorial = not isinstance(scenario.sweep, LatinHypercube)
        return {"sweep": sweep_chart(last, reference_last, scenario.swept, factorial, title, folder / "sweep")[0]}
    bands = step_bands(data, PLOTTED)
    base = step_bands(reference, PLOTTED) if reference else None
    return {
        "headline": headline_chart(bands, base, title, scenario.description, folder / "headline")[0],
        "adoption": adoption_chart(bands, base, title, folder / "adoption")[0],
        "all_outcomes": small_multiples(bands, base, title, folder / "all_outcomes")[0],
    }


def _export(store: PartStore, data: Path, csv: Path | None, reference: Path | None) -> None:
    store.export("scenario", data)
    if csv:
        parquet_to_csv(data, csv)
    if reference:
        store.export("baseline", reference)


def write_run(
    out_dir: Path,
    scenario: Scenario,
    source: Path | None,
    seeds: list[int],
    store: PartStore,
    with_reference: bool,
    wall_time_s: float,
) -> list[Path]:
    """Write data, summary, charts, report and manifest (last) from the finished runs in ``store``;
    return what was written. Data are copied part by part and summaries read back a column or a
    quarter at a time, so memory does not grow with the number of runs."""
    points = len(scenario.points())
    parts = store.parts("scenario")
    base_parts = store.parts("baseline") if with_reference else None
    with staged_folder(out_dir) as stage, ThreadPoolExecutor(1) as background:
        # The data files are written on a thread while the summary and charts are read from the
        # parts: Arrow's Parquet and CSV writers run without the GIL, so both cores are used.
        csv = stage / "timeseries.csv" if points * len(seeds) * scenario.steps <= CSV_MAX_ROWS else None
        exported = background.submit(
            _export,
            store,
            stage / "timeseries.parquet",
            csv,
            stage / "baseline_timeseries.parquet" if with_reference else None,
        )
        last = last_quarter(parts, scenario.steps)
        base_last = last_quarter(base_parts, scenario.steps) if base_parts else None
        summary = summarise(last, base_last, scenario.swept)
        summary.to_csv(stage / "summary.csv", index=False)
        charts = draw_charts(stage / "charts", scenario, parts, base_parts, last, base_last)
        write_report(stage / "report.html", scenario, charts, summary, len(seeds) * points)
        exported.result()
        manifest = build_manifest(scenario, source, seeds, points, wall_time_s, store.digest)
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
