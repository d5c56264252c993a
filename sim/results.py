"""Writing a run's results folder: tidy data, manifest and charts, all or nothing.

Everything is written into a hidden sibling folder first and moved into place at the end, with the
manifest last, so a run that fails or is interrupted leaves no folder that looks complete.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd

from sim.charts import DISCLAIMER, adoption_chart, headline_chart, small_multiples, sweep_chart
from sim.params import resolve
from sim.report import summarise, write_report
from sim.scenario import LatinHypercube, Scenario

PACKAGES = ("airace", "mesa", "numpy", "pandas", "matplotlib", "pydantic", "pyyaml", "pyarrow")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_out_dir(scenario: Scenario, root: Path = Path("results")) -> Path:
    return root / scenario.name / utc_stamp()


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


def build_manifest(scenario: Scenario, source: Path | None, seeds: list[int], points: int, wall_time_s: float) -> dict:
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
        "note": DISCLAIMER,
    }


@contextmanager
def staged_folder(out_dir: Path):
    """Yield a temporary folder beside ``out_dir``; on success move its files into ``out_dir``."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        yield stage
        if not out_dir.exists():
            os.replace(stage, out_dir)
            return
        ordered = sorted(stage.rglob("*"), key=lambda p: (p.name == "manifest.json", len(p.parts)))
        for item in ordered:
            target = out_dir / item.relative_to(stage)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def draw_charts(folder: Path, scenario: Scenario, frame: pd.DataFrame, reference: pd.DataFrame | None) -> dict[str, Path]:
    """The run's charts (PNG and SVG); returns the PNG of each, by name."""
    folder.mkdir(exist_ok=True)
    title = f"Scenario {scenario.name} (root seed {scenario.seed}, {scenario.replications} replications)"
    if scenario.sweep is not None:
        factorial = not isinstance(scenario.sweep, LatinHypercube)
        return {"sweep": sweep_chart(frame, reference, scenario.swept, factorial, title, folder / "sweep")[0]}
    return {
        "headline": headline_chart(frame, reference, title, scenario.description, folder / "headline")[0],
        "adoption": adoption_chart(frame, reference, title, folder / "adoption")[0],
        "all_outcomes": small_multiples(frame, reference, title, folder / "all_outcomes")[0],
    }


def write_run(out_dir: Path, scenario: Scenario, source: Path | None, seeds: list[int], frame: pd.DataFrame,
              reference: pd.DataFrame | None, wall_time_s: float) -> list[Path]:
    """Write data, summary, charts, report and manifest (last); return what was written."""
    with staged_folder(out_dir) as stage:
        frame.to_parquet(stage / "timeseries.parquet", index=False)
        frame.to_csv(stage / "timeseries.csv", index=False)
        if reference is not None:
            reference.to_parquet(stage / "baseline_timeseries.parquet", index=False)
        summary = summarise(frame, reference, scenario.swept)
        summary.to_csv(stage / "summary.csv", index=False)
        charts = draw_charts(stage / "charts", scenario, frame, reference)
        points = len(scenario.points())  # a Latin hypercube is resampled on each call: count once
        write_report(stage / "report.html", scenario, charts, summary, len(seeds) * points)
        manifest = build_manifest(scenario, source, seeds, points, wall_time_s)
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
