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

from sim.aggregate import Source, last_quarter, run_columns, step_bands
from sim.calendar import quarter_label, step_of
from sim.charts import DISCLAIMER, adoption_chart, all_outcomes, headline_chart, slides, sweep_chart
from sim.charts.nations import nations_grid
from sim.charts.sweep import SWEEP_OUTCOMES
from sim.charts.timeseries import PLOTTED
from sim.countries import nation_picks
from sim.explain import explain, main_cause
from sim.explain import parts as explain_parts
from sim.labels import DEFAULT_WATCH
from sim.params import resolve
from sim.paths import ROOT
from sim.report import ReportData, summarise, write_reports
from sim.runner.folder import STAGING_PREFIX, default_out_dir, remove_results, utc_stamp  # noqa: F401
from sim.runner.store import PartStore, parquet_to_csv
from sim.scenario import LatinHypercube, Scenario, reference_for
from sim.whatchanged import CANDIDATES, Change, headline, moved_most, sweep_differences, what_changed

TOLD_IN_FULL = 5  # outcomes the report's "what changed" box tells in full; watched others in one line

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


EARLY = "2027Q4"  # the early-years view beside the last quarter
NATION_QUARTERS = ("2027Q4",)  # besides the last quarter
NATION_RUNS = 100  # runs replayed for each nation's stack: enough for its shares, and a second at most


def headline_outcomes(scenario: Scenario, changes: list[Change] | None) -> list[str]:
    """What the headline chart shows: the scenario's ``watch``; without one, the outcomes that moved
    most, topped up to four from the default set (``sim.labels.DEFAULT_WATCH``)."""
    if scenario.watch:
        return list(scenario.watch)
    chosen = moved_most(changes, 4) if changes else []
    for name in DEFAULT_WATCH:
        if len(chosen) >= (4 if changes else len(DEFAULT_WATCH)):
            break
        if name not in chosen:
            chosen.append(name)
    return chosen


def draw_sweep(folder: Path, scenario: Scenario, parts: Source, base_parts: Source | None) -> dict[str, Path]:
    """The sweep chart from every run's rows at an early quarter and at the last one."""
    folder.mkdir(exist_ok=True)
    quarters = [q for q in (EARLY,) if step_of(q) < scenario.steps] + [quarter_label(scenario.steps)]
    views = {
        q: (last_quarter(parts, step_of(q)), last_quarter(base_parts, step_of(q)) if base_parts else None)
        for q in quarters
    }
    factorial = not isinstance(scenario.sweep, LatinHypercube)
    outcomes = scenario.watch or SWEEP_OUTCOMES
    differences = None
    if factorial and len(scenario.swept) >= 2 and base_parts:
        keys = [scenario.swept[1], scenario.swept[0]]
        differences = {
            (q, column): sweep_differences(frame, reference, column, keys)
            for q, (frame, reference) in views.items()
            for column in outcomes
        }
    title = f"{scenario.plain_title}: {len(scenario.points())} combinations of the levers against the baseline"
    chart = sweep_chart(views, scenario.swept, factorial, title, folder / "sweep", outcomes, differences)
    return {"sweep": chart[0]}


def draw_single(
    folder: Path, scenario: Scenario, bands, base, watch: list[str], picks, base_picks
) -> tuple[dict[str, Path], dict[str, list[Path]]]:
    """A single scenario's charts: the headline (also as slides), the stacks, every outcome on
    pages, and the nations grid. Returns the report's charts, and the pages of ``more_charts.html``."""
    folder.mkdir(exist_ok=True)
    title = scenario.plain_title + (" against the baseline" if base is not None else "")
    n = scenario.replications
    charts = {"headline": headline_chart(bands, base, title, scenario.question, watch, n, folder / "headline")[0]}
    slides(bands, base, scenario.plain_title, watch, n, folder / "slides")
    more = {
        "Which AI stack the developing world uses": [adoption_chart(bands, base, title, folder / "adoption")[0]],
        "Every outcome": all_outcomes(bands, base, scenario.plain_title, n, folder / "all_outcomes"),
    }
    quarters = sorted({*picks["quarter"]}, key=step_of)
    more["The developing world, nation by nation"] = [
        nations_grid(picks, quarters, scenario.plain_title, folder / "nations")[0]
    ]
    if base_picks is not None:
        more["The developing world, nation by nation"].append(
            nations_grid(base_picks, quarters, "Baseline", folder / "nations_baseline")[0]
        )
    return charts, more


def single_report_data(
    stage: Path, scenario: Scenario, seeds: list[int], parts, base_parts, summary, runs: int, base_runs: int
) -> ReportData:
    """What changed, which change did it, the nations, and the charts, for a single scenario."""
    changes = None
    if base_parts:
        changes = what_changed(run_columns(parts, list(CANDIDATES)), run_columns(base_parts, list(CANDIDATES)))
    watch = headline_outcomes(scenario, changes)
    quarters = [q for q in NATION_QUARTERS if step_of(q) < scenario.steps] + [quarter_label(scenario.steps)]
    replayed = seeds[:NATION_RUNS]
    picks = nation_picks(scenario.model_params, scenario.model_events, replayed, scenario.steps, quarters)
    base_picks = None
    causes = None
    if base_parts:
        reference = reference_for(scenario)
        base_picks = nation_picks(reference.model_params, reference.model_events, replayed, scenario.steps, quarters)
        if len(explain_parts(scenario, reference)) > 1:
            cells = explain(scenario, reference, watch, seeds)[1]
            causes = [sentence for outcome in watch if (sentence := main_cause(cells, outcome))]
    picks.to_csv(stage / "nations.csv", index=False)
    bands = step_bands(parts, PLOTTED)
    base = step_bands(base_parts, PLOTTED) if base_parts else None
    charts, more = draw_single(stage / "charts", scenario, bands, base, watch, picks, base_picks)
    told = changed_items(changes, watch, scenario.steps) if changes is not None else None
    data = ReportData(scenario, runs, base_runs, charts, summary, watch, told, causes, picks, base_picks, more)
    data.nation_runs = len(replayed)
    return data


def changed_items(changes: list[Change], watch: list[str], steps: int) -> list[tuple[str, str]]:
    """The report's "what changed" box as (verdict, sentence) pairs: the outcomes that moved most in
    full, then any watched outcome not among them in one line."""
    shown = headline(changes, watch, TOLD_IN_FULL)
    items = [(c.verdict.capitalize(), c.detail(steps)) for c in shown[:TOLD_IN_FULL]]
    also = shown[TOLD_IN_FULL:]
    if also:
        items.append(("Also watched", "; ".join(f"{c.title}: {c.verdict} ({c.numbers()})" for c in also) + "."))
    return items


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
        runs, base_runs = points * len(seeds), (len(seeds) if with_reference else 0)
        if scenario.sweep is not None:
            charts = draw_sweep(stage / "charts", scenario, parts, base_parts)
            data = ReportData(scenario, runs, base_runs, charts, summary, list(scenario.watch or SWEEP_OUTCOMES))
        else:
            data = single_report_data(stage, scenario, seeds, parts, base_parts, summary, runs, base_runs)
        data.scenario_file = str(source) if source else ""
        write_reports(stage, data)
        exported.result()
        manifest = build_manifest(scenario, source, seeds, points, wall_time_s, store.digest)
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
