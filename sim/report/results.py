"""Writing a run's results folder: tidy data, manifest and charts, all or nothing.

Everything is written into a hidden staging folder inside the results folder first and moved into
place at the end, with the manifest last, so a run that fails or is interrupted leaves no folder that
looks complete (and its parts, so the next run resumes it).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sim.analysis.aggregate import Source, last_quarter, step_bands
from sim.analysis.columns import column_metadata, data_column
from sim.analysis.run_tables import RunTables, points_of
from sim.analysis.single import NATION_QUARTERS, NATION_RUNS, SingleFindings, headline_outcomes  # noqa: F401
from sim.analysis.whatchanged import Change, headline, sweep_differences
from sim.registry.calendar import quarter_label, step_of
from sim.registry.params import resolve
from sim.registry.paths import NATIONS_CSV, ROOT
from sim.report.charts import DISCLAIMER, adoption_chart, all_outcomes, headline_chart, slides, sweep_chart
from sim.report.charts.nations import nations_grid
from sim.report.charts.sweep import SWEEP_OUTCOMES
from sim.report.charts.timeseries import PAGES, PLOTTED
from sim.report.report import ReportData, write_reports
from sim.runner.backends import second_process, stop_now
from sim.runner.folder import STAGING_PREFIX, default_out_dir, remove_results, utc_stamp  # noqa: F401
from sim.runner.provenance import git_revision, model_fingerprint, package_versions
from sim.runner.store import GrowingTable, PartStore, parquet_to_csv
from sim.scenario import LatinHypercube, Reference, Scenario, choose_reference, extends_chain

TOLD_IN_FULL = 5  # outcomes the report's "what changed" box tells in full; watched others in one line

PROJECT_ROOT = ROOT
# timeseries.csv is written up to this many rows (25,000 runs of 40 quarters, about 300 MB); larger
# results are in Parquet only, which is a tenth of the size and faster to read.
CSV_MAX_ROWS = 1_000_000


def environment() -> dict[str, str]:
    """Every installed distribution and its version, by name."""
    found = {}
    for dist in metadata.distributions():
        record = dist.metadata  # parsed once (``dist.version`` would parse it again)
        if record["Name"]:
            found[record["Name"].lower()] = record["Version"]
    return dict(sorted(found.items()))


def platform_record() -> dict[str, str]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpus": str(os.cpu_count()),
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(source: Path | None, reference: Reference | None) -> list[dict]:
    """The files the numbers come from, with their sha256: the scenario file and every file it
    extends, the reference's file, and the nations' data."""
    files: list[tuple[str, Path]] = []
    if source is not None:
        chain = extends_chain(source)
        files += [("scenario", chain[0]), *(("extends", path) for path in chain[1:])]
    if reference is not None and reference.file is not None:
        files.append(("reference", Path(reference.file).resolve()))
    files.append(("nations data", NATIONS_CSV.resolve()))
    seen: set[Path] = set()
    records = []
    for role, path in files:
        if path not in seen:
            seen.add(path)
            records.append({"role": role, "path": str(path), "sha256": sha256_of(path)})
    return records


def point_table(scenario: Scenario) -> list[dict]:
    """Each sweep point's levers, by registry name, as numbers (one empty point without a sweep)."""
    return [{"point": i, **point} for i, point in enumerate(scenario.points())]


def build_manifest(
    scenario: Scenario,
    source: Path | None,
    seeds: list[int],
    points: int,
    wall_time_s: float,
    fingerprint: str | None = None,
    reference: Reference | None = None,
    command: list[str] | None = None,
) -> dict:
    swept = set(scenario.swept)
    return {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "scenario_file": str(source) if source else None,
        # What every run starts with; a swept lever's value is each point's (``points``).
        "parameters": {k: v for k, v in resolve(scenario.model_params).items() if k not in swept},
        "sweep_points": points,
        "points": point_table(scenario),
        "reference": reference.record() if reference else None,
        "seeds": seeds,
        "versions": package_versions(),
        "environment": environment(),
        "platform": platform_record(),
        "command_line": command if command is not None else [Path(sys.argv[0]).name, *sys.argv[1:]],
        "inputs": input_files(source, reference),
        "git_revision": git_revision(),
        "model_fingerprint": model_fingerprint(),  # of the registry and the model's code (sim.runner.provenance)
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


# Pages of every outcome drawn here (with the headline, stacks and nations charts) while a second process
# draws the slides and the rest: with 3 of 7 this one waited 0.4-0.7 s; 4 took 0.97x (bench/fixed_cost.py).
PAGES_HERE = 4
EARLY = "2027Q4"  # the early-years view beside the last quarter


def draw_sweep(
    folder: Path, scenario: Scenario, parts: Source, base_parts: Source | None, reference_point: int | None = None
) -> dict[str, Path]:
    """The sweep chart from every run's rows at an early quarter and at the last one, against the
    reference's runs (``base_parts``, or the sweep's own at ``reference_point``)."""
    folder.mkdir(exist_ok=True)
    quarters = [q for q in (EARLY,) if step_of(q) < scenario.steps] + [quarter_label(scenario.steps)]

    def view(step: int) -> tuple:
        frame = last_quarter(parts, step)
        if base_parts:
            return frame, last_quarter(base_parts, step)
        if reference_point is not None:
            return frame, frame[frame["point"] == reference_point]
        return frame, None

    views = {q: view(step_of(q)) for q in quarters}
    factorial = not isinstance(scenario.sweep, LatinHypercube)
    outcomes = scenario.watch or SWEEP_OUTCOMES
    differences = None
    if factorial and len(scenario.swept) >= 2 and (base_parts or reference_point is not None):
        keys = [scenario.swept[1], scenario.swept[0]]
        differences = {
            (q, column): sweep_differences(frame, reference, column, keys)
            for q, (frame, reference) in views.items()
            for column in outcomes
        }
    against = " against the baseline" if base_parts or reference_point is not None else ""
    title = f"{scenario.plain_title}: {len(scenario.points())} combinations of the levers{against}"
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
    every = (bands, base, scenario.plain_title, n, folder / "all_outcomes")
    other = second_process("sim.report.charts")
    split = len(PAGES) - PAGES_HERE if other else 0
    elsewhere = [  # drawn in a second process if there is one (the slides 0.6 s, each page 0.3 s)
        (slides, (bands, base, scenario.plain_title, watch, n, folder / "slides")),
        (all_outcomes, (*every, range(1, split + 1))),
    ]
    try:
        sent = _draw_elsewhere(other, elsewhere)
        charts = {"headline": headline_chart(bands, base, title, scenario.question, watch, n, folder / "headline")[0]}
        adoption = adoption_chart(bands, base, title, folder / "adoption")[0]
        nations = nations_grids(picks, base_picks, scenario.plain_title, folder)
        pages = all_outcomes(*every, range(split + 1, len(PAGES) + 1))
        pages = [*_drawn_elsewhere(sent, elsewhere)[1], *pages]
    except BaseException:
        if other:
            stop_now(other)  # before the staged folder is removed: nothing is written into it after
        raise
    if other:
        other.shutdown()
    more = {
        "Which AI stack the developing world uses": [adoption],
        "Every outcome": pages,
        "The developing world, nation by nation": nations,
    }
    return charts, more


Drawing = tuple[Callable, tuple]  # a chart function and its arguments


def _draw_elsewhere(other: ProcessPoolExecutor | None, drawings: list[Drawing]) -> list[Future] | None:
    """``drawings`` started in the second process, in order (None if it could not start, or there
    is none: they are then drawn here)."""
    try:
        return [other.submit(draw, *args) for draw, args in drawings] if other and drawings else None
    except (BrokenProcessPool, OSError):
        return None


def _drawn_elsewhere(sent: list[Future] | None, drawings: list[Drawing]) -> list[list[Path]]:
    """What each of ``drawings`` drew: in the second process, or here if it died or could not start
    (it is there for speed only)."""
    drawn = []
    for i, (draw, args) in enumerate(drawings):
        try:
            if sent is not None:
                drawn.append(sent[i].result())
                continue
        except (BrokenProcessPool, OSError):
            sent = None
        drawn.append(draw(*args))
    return drawn


def nations_grids(picks, base_picks, title: str, folder: Path) -> list[Path]:
    """The nations' stacks, quarter by quarter: the scenario's, and the baseline's when it has one."""
    quarters = sorted({*picks["quarter"]}, key=step_of)
    grids = [nations_grid(picks, quarters, title, folder / "nations")[0]]
    if base_picks is not None:
        grids.append(nations_grid(base_picks, quarters, "Baseline", folder / "nations_baseline")[0])
    return grids


def single_report_data(
    stage: Path, scenario: Scenario, parts, base_parts, summary, runs: int, base_runs: int, found: SingleFindings
) -> ReportData:
    """The report of a single scenario from its findings (``sim.analysis.single``, computed before):
    ``nations.csv``, the charts and what the report says. Runs nothing."""
    found.picks.to_csv(stage / "nations.csv", index=False)
    bands = step_bands(parts, PLOTTED)
    base = step_bands(base_parts, PLOTTED) if base_parts else None
    charts, more = draw_single(stage / "charts", scenario, bands, base, found.watch, found.picks, found.base_picks)
    told = changed_items(found.changes, found.watch, scenario.steps) if found.changes is not None else None
    data = ReportData(
        scenario, runs, base_runs, charts, summary, found.watch, told, found.causes, found.picks, found.base_picks, more
    )
    data.nation_runs = found.nation_runs
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


def _export(store: PartStore, data: Path, csv: Path | None, reference: Path | None, nations: Path | None) -> None:
    """The data files, with pandas-safe column names and the map back in their metadata (``sim.analysis.columns``)."""
    store.export("scenario", data, data_column, column_metadata)
    if csv:
        parquet_to_csv(data, csv)
    if reference:
        store.export("baseline", reference, data_column, column_metadata)
    if nations:
        store.export("nations", nations, data_column, column_metadata)


def reference_frame(store: PartStore, reference: Reference) -> pd.DataFrame:
    """The reference's runs, every quarter: its own runs, the scenario's at the chosen point, or the
    scenario's own when it (a single point) is its own reference."""
    if reference.scenario is not None:
        return store.frame("baseline")
    if reference.point is None:
        return store.frame("scenario")
    kept = []
    for table in store.tables("scenario"):
        kept.append(table.filter(pc.equal(table.column("point"), reference.point)))
    return pa.concat_tables(kept, promote_options="permissive").to_pandas()


def write_tables(stage: Path, scenario: Scenario, store: PartStore, reference: Reference) -> pd.DataFrame:
    """``effects.csv``/``.parquet``, ``summary.csv`` and ``final.parquet`` (``sim.analysis.run_tables``),
    read from the parts and written a chunk of sweep points at a time, so that only the summary is
    held (and returned): a 100,000-run sweep's effects and final rows are 200 MB as frames."""
    tables = RunTables(scenario, reference_frame(store, reference))
    summaries = []
    with (
        GrowingTable(stage / "effects.parquet", stage / "effects.csv", column_metadata) as effects,
        GrowingTable(stage / "final.parquet", metadata=column_metadata) as final,
    ):
        for chunk in points_of(store.tables("scenario", run_id=True), scenario.replications):
            made = tables.of(chunk)
            effects.append(made.effects)
            final.append(made.final)
            summaries.append(made.summary)
    summary = pd.concat(summaries, ignore_index=True)
    summary.to_csv(stage / "summary.csv", index=False)
    return summary


def write_run(
    out_dir: Path,
    scenario: Scenario,
    source: Path | None,
    seeds: list[int],
    store: PartStore,
    reference: Reference | bool,
    wall_time_s: float,
    nations: bool = False,
    command: list[str] | None = None,
    findings: SingleFindings | None = None,
) -> list[Path]:
    """Write data, effects, summary, charts, report and manifest (last) from the finished runs in
    ``store``; return what was written. ``reference`` is the chosen reference (``True``: the library
    baseline, run as the store's baseline; ``False``: none run, the scenario is its own). A single
    scenario's ``findings`` (``sim.analysis.single.single_findings``, computed before) are written as
    they are: the writer runs no model. Data are copied part by part and tables read back a point, a
    column or a quarter at a time, so memory does not grow with the number of runs."""
    if not isinstance(reference, Reference):
        reference = choose_reference(scenario) if reference else Reference("baseline")
    with_reference = reference.scenario is not None
    points = len(scenario.points())
    parts = store.parts("scenario")
    base_parts = store.parts("baseline") if with_reference else None
    if scenario.sweep is None and findings is None:
        raise ValueError(f"{scenario.name}: a single scenario's folder needs its findings (sim.analysis.single)")
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
            stage / "nations.parquet" if nations else None,
        )
        summary = write_tables(stage, scenario, store, reference)
        runs, base_runs = points * len(seeds), (len(seeds) if with_reference else 0)
        if scenario.sweep is not None:
            charts = draw_sweep(stage / "charts", scenario, parts, base_parts, reference.point)
            data = ReportData(scenario, runs, base_runs, charts, summary, list(scenario.watch or SWEEP_OUTCOMES))
        else:
            assert findings is not None
            data = single_report_data(stage, scenario, parts, base_parts, summary, runs, base_runs, findings)
        data.scenario_file = str(source) if source else ""
        write_reports(stage, data)
        exported.result()
        manifest = build_manifest(
            scenario, source, seeds, points, wall_time_s, store.digest, reference=reference, command=command
        )
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    return [out_dir / p for p in written]
