"""The analyst's commands of ``airace``: ``sensitivity`` and ``screen``.

They are registered on the one ``airace`` app (``sim/cli/__init__.py`` imports this module) and stay thin:
parse, call ``sim.analysis.sensitivity`` or ``sim.analysis.screen``, print and write.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sim.cli.base import (
    Backend,
    BackendChoice,
    Fresh,
    Quiet,
    Seed,
    Sets,
    Statistic,
    Steps,
    SweepFolder,
    Workers,
    _fail,
    app,
    err,
    out,
    out_option,
    outcomes_option,
    replications_option,
    scenario_argument,
)
from sim.scenario import ScenarioError, load_scenario, parse_sets

HEADLINE = (
    "capability_gap",
    "compute_cn",
    "cn_domestic_chip_share",
    "smuggled_value_usd",
    "adoption_us",
    "adoption_cn",
    "tension",
    "crisis_chance",
    "misuse_risk",
    "welfare",
)


def _scenario(scenario_file: Path, sets: list[str] | None, seed: int | None, steps: int | None):
    try:
        return load_scenario(scenario_file).with_overrides(parse_sets(sets or []), seed=seed, steps=steps)
    except ScenarioError as error:
        raise _fail(str(error)) from None
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise _fail(f"{scenario_file}: after command-line overrides: {details}") from None


def _outcomes(text: str | None) -> list[str]:
    from sim.registry.outcomes import NUMERIC

    if not text:
        return list(HEADLINE)
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in NUMERIC]
    if unknown:
        raise _fail(f"--outcomes: {', '.join(unknown)} not an outcome; see `airace outcomes`")
    return names


def _file_input(path: Path) -> dict:
    """A scenario file an analysis read, with its sha256 (``sim.report.results.input_files``'s form)."""
    from sim.report.results import sha256_of

    return {"role": "scenario", "path": str(path), "sha256": sha256_of(path)}


def _command() -> list[str]:
    return ["airace", *sys.argv[1:]]


def _check_out(folder: Path) -> None:
    """Refuse a non-empty ``--out`` before any work, unless this very command wrote or began it."""
    from sim.runner.errors import RunRefused
    from sim.runner.folder import check_analysis_out

    try:
        check_analysis_out(folder, _command())
    except RunRefused as error:
        raise _fail(str(error), error.exit_code) from None


@contextmanager
def _writing(folder: Path, inputs: list[dict] | None = None, warnings: list[str] | None = None):
    """Hold ``folder``'s lock (one writer at a time, as for ``airace run``) while a study writes into
    it, then write its ``manifest.json`` (``sim.runner.provenance.analysis_manifest``) last. A folder that
    holds anything but this command's results is refused; what the machine refuses (disk full,
    permissions, bad names) is told in one line."""
    from sim.runner.errors import EnvironmentFault, RunRefused, os_error
    from sim.runner.folder import check_analysis_out
    from sim.runner.lock import FolderLock
    from sim.runner.provenance import analysis_manifest

    try:
        check_analysis_out(folder, _command())
        folder.mkdir(parents=True, exist_ok=True)
        with FolderLock(folder):
            yield
            files = [
                str(p.relative_to(folder))
                for p in folder.rglob("*")
                if p.is_file()
                and p.name != "manifest.json"
                and not any(x.startswith(".") for x in p.relative_to(folder).parts)
            ]
            manifest = analysis_manifest(_command(), inputs or [], files, warnings or [])
            staging = folder / ".manifest.json.tmp"
            staging.write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
            os.replace(staging, folder / "manifest.json")
    except OSError as error:
        fault = os_error(error, folder)
        raise _fail(str(fault), fault.exit_code) from None
    except (RunRefused, EnvironmentFault) as error:
        raise _fail(str(error), error.exit_code) from None


def _progress(total: int, label: str, quiet: bool):
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    task = progress.add_task(label, total=total)
    return progress, lambda n: progress.advance(task, n)


@app.command()
def sensitivity(
    scenario_file: Path = scenario_argument(help="Scenario (a YAML file or a library name) whose parameters to vary."),
    method: str = typer.Option("morris", "--method", help="morris (a cheap screen) or sobol (variance shares)."),
    samples: int = typer.Option(10, "--samples", help="Morris trajectories, or Sobol base samples (a power of two)."),
    over: str = typer.Option("levers", "--over", help="levers, assumptions or all."),
    replications: Annotated[int, replications_option("Runs per design point, on the same seeds.")] = 4,
    statistic: str = typer.Option("decade", "--statistic", help="decade (run mean) or final (last quarter)."),
    outcomes: Annotated[str | None, outcomes_option("Comma-separated outcomes to chart and print.")] = None,
    out_dir: Annotated[Path | None, out_option("Folder \\[default: results/<scenario>/sensitivity/].")] = None,
    sets: Sets = None,
    seed: Seed = None,
    steps: Steps = None,
    workers: Workers = None,
    backend: BackendChoice = Backend.local,
    fresh: Fresh = False,
    quiet: Quiet = False,
) -> None:
    """Rank the parameters by how much they move each outcome (SALib: Morris or Sobol), with 95%
    intervals, and flag any whose effect changes sign across its range. Resumes when rerun."""
    from sim.analysis import sensitivity as study
    from sim.report.charts.sensitivity import ranked

    scenario = _scenario(scenario_file, sets, seed, steps)
    chosen = _outcomes(outcomes)
    if replications < 1 or samples < 2:
        raise _fail("--replications must be at least 1 and --samples at least 2")
    try:
        params = study.varied(over, scenario)
        plan = study.design(method, params, samples, scenario.seed)
    except ValueError as error:
        raise _fail(str(error)) from None
    target = out_dir or Path("results") / scenario.name / "sensitivity"
    total = len(plan.X) * replications
    progress, advance = _progress(total, f"{scenario.name}: {method}, {len(params)} parameters", quiet)
    ranges = _ranges_words(params, scenario_file)
    warnings: list[str] = []
    with _writing(target, [_file_input(scenario_file)], warnings), progress:
        table = study.run_study(
            scenario, method, samples, over, replications, statistic, target, workers, backend.value, fresh, advance
        )
        charts = [ranked(table, outcome, target / "charts" / f"sensitivity_{outcome}.png") for outcome in chosen]
        warnings += study.stability_warnings(table, method, samples)
    for warning in warnings:
        err.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if not quiet:
        what = "the sweep's parameters" if scenario.sweep is not None else over
        out.print(f"{scenario.name}: {total} runs, {len(params)} parameters ({what}), {method}, {statistic}")
        out.print(ranges, highlight=False, soft_wrap=True)
        for outcome in chosen:
            _print_ranking(table, outcome)
        for path in [target / "sensitivity.csv", target / "design.csv", *charts]:
            out.print(f"  wrote {path}", highlight=False)
    print(target)


def _ranges_words(params, scenario_file: Path) -> str:
    """Where the varied ranges come from, in a line: the sweep's, the registry's, or narrowed."""
    if any(p.range_from == "sweep" for p in params):
        spans = ", ".join(f"{p.name} {p.min:g} to {p.max:g}" for p in params)
        return f"ranges from the sweep in {scenario_file}: {spans}"
    narrowed = [p for p in params if p.range_from == "constraint"]
    tail = (
        "; narrowed so no point is an impossible world: "
        + ", ".join(f"{p.name} {p.min:g} to {p.max:g}" for p in narrowed)
        if narrowed
        else ""
    )
    return f"ranges from the parameter registry (airace params){tail}"


def _print_ranking(table, outcome: str, top: int = 5) -> None:
    rows = table[table["outcome"] == outcome].head(top)
    grid = Table(title=f"{outcome}: strongest {top}", title_justify="left", box=None)
    for column in ("rank", "parameter", rows["index"].iloc[0], "95% interval", "sign"):
        grid.add_column(column)
    for row in rows.itertuples():
        grid.add_row(
            str(row.rank),
            row.parameter,
            f"{row.value:.3g}",
            f"{row.low:.3g} to {row.high:.3g}",
            "changes" if row.sign_change else "",
        )
    out.print(grid)


@app.command()
def screen(
    scenario_file: Path = scenario_argument(help="Scenario (a YAML file or a library name) to screen around."),
    over: str = typer.Option("levers", "--over", help="levers, assumptions (with the switches) or all."),
    replications: Annotated[int, replications_option("Paired runs per setting.")] = 20,
    when: str = typer.Option("decade", "--when", help="decade (run mean) or a quarter such as 2030Q4."),
    outcomes: Annotated[str | None, outcomes_option("Comma-separated outcomes for the heat map and table.")] = None,
    out_dir: Annotated[Path | None, out_option("Folder \\[default: results/<scenario>/screen/].")] = None,
    sets: Sets = None,
    seed: Seed = None,
    steps: Steps = None,
    workers: Workers = None,
    backend: BackendChoice = Backend.local,
    quiet: Quiet = False,
) -> None:
    """Each lever (or assumption) at its minimum and maximum, paired with the scenario on the same
    seeds: the change of every outcome as z, the scenario's spreads (|z| of 0.5 or more is a change
    a class would see). Writes screen.csv and a heat map."""
    from sim.analysis import screen as screening
    from sim.analysis.sensitivity import write_csv
    from sim.report.charts.sensitivity import screen_heatmap

    scenario = _scenario(scenario_file, sets, seed, steps)
    chosen = _outcomes(outcomes)
    if replications < 2:
        raise _fail("--replications must be at least 2: z needs the scenario's spread")
    try:
        todo = screening.settings(over, scenario)
    except ValueError as error:
        raise _fail(str(error)) from None
    target = out_dir or Path("results") / scenario.name / "screen"
    if not quiet:
        out.print(_ranges_words(screening.varied(over, scenario), scenario_file), highlight=False, soft_wrap=True)
    progress, advance = _progress((len(todo) + 1) * replications, f"{scenario.name}: screen", quiet)
    with _writing(target, [_file_input(scenario_file)]):
        try:
            with progress:
                table = screening.screen(scenario, over, replications, when, workers, backend.value, advance)
        except ValueError as error:
            raise _fail(f"--when: {error}") from None
        write_csv(table, target / "screen.csv")
        chart = screen_heatmap(
            screening.z_matrix(table, chosen),
            target / "charts" / "screen.png",
            f"{scenario.name}: each {over[:-1] if over != 'all' else 'parameter'} at its ends, against the scenario "
            f"({'mean over the run' if when == 'decade' else when}, {replications} paired runs)",
        )
    if not quiet:
        for outcome in chosen:
            rows = screening.strongest(table, outcome, 5)
            grid = Table(title=f"{outcome}: moved most by", title_justify="left", box=None)
            for column in ("setting", "difference", "z", "verdict"):
                grid.add_column(column)
            for row in rows.itertuples():
                grid.add_row(
                    f"{row.parameter} at {row.end} ({row.value:g})",
                    f"{row.difference:+.3g}",
                    f"{row.z:+.1f}",
                    row.verdict,
                )
            out.print(grid)
        out.print(f"  wrote {target / 'screen.csv'}\n  wrote {chart}", highlight=False)
    print(target)


@app.command()
def compare(
    runs: list[Path] = typer.Argument(..., help="Results folders or scenario files; the first is the reference."),
    out_dir: Annotated[Path | None, out_option("Folder \\[default: results/compare/<names>/].")] = None,
    outcomes: Annotated[str | None, outcomes_option("Comma-separated outcomes to chart and print.")] = None,
    unpaired: bool = typer.Option(False, "--unpaired", help="Compare runs with other seeds, horizons or versions."),
    allow_different_models: bool = typer.Option(
        False, "--allow-different-models", help="Compare runs made by different models (said in every output)."
    ),
    replications: Annotated[int | None, replications_option("Replications when the first is a file.")] = None,
    workers: Workers = None,
    quiet: Quiet = False,
) -> None:
    """Compare runs: shared axes, each run's difference from the first over time with 95% intervals,
    and the effects table (paired on the same seeds; scenario files are run with the first's seeds)."""
    from sim.analysis import compare as comparing
    from sim.analysis.sensitivity import write_csv
    from sim.report.charts.compare import differences, shared_axes

    if len(runs) < 2:
        raise _fail("compare needs at least two runs: the reference first, then what to compare with it")
    from sim.runner.provenance import MixedModels, folder_record

    chosen = _outcomes(outcomes)
    if out_dir is not None:
        _check_out(out_dir)
    try:
        loaded = comparing.load(runs, replications, workers)
        warning = comparing.check_models(loaded, allow_different_models)
        if not unpaired:
            comparing.check_paired(loaded)
    except (comparing.CompareError, ScenarioError, MixedModels) as error:
        raise _fail(str(error)) from None
    if warning:
        err.print(f"[bold yellow]{warning}[/]", highlight=False, soft_wrap=True)
    target = out_dir or Path("results") / "compare" / "-vs-".join(r.name for r in loaded)
    over_time = comparing.unpaired_over_time if unpaired else comparing.paired_over_time
    table = comparing.effects(loaded, chosen if outcomes else _numeric(), paired=not unpaired)
    if warning:
        table["model_warning"] = warning
    inputs = [folder_record(r) if r.is_dir() else _file_input(r) for r in runs]
    with _writing(target, inputs, [warning] if warning else []):
        write_csv(table, target / "effects.csv")
        written = [
            target / "effects.csv",
            shared_axes(loaded, chosen, target / "runs.png", warning),
            differences(loaded, chosen, target / "differences.png", over_time, warning),
        ]
    if not quiet:
        for run in loaded[1:]:
            rows = table[(table["run"] == run.name) & (table["statistic"] == "end") & table["outcome"].isin(chosen)]
            grid = Table(title=f"{run.name} against {loaded[0].name}, at the end", title_justify="left", box=None)
            for column in ("outcome", "difference", "95% interval", "verdict"):
                grid.add_column(column)
            for row in rows.itertuples():
                grid.add_row(row.outcome, f"{row.difference:+.3g}", f"{row.low:+.3g} to {row.high:+.3g}", row.verdict)
            out.print(grid)
        for path in written:
            out.print(f"  wrote {path}", highlight=False)
    print(target)


def _numeric() -> list[str]:
    from sim.registry.outcomes import NUMERIC

    return list(NUMERIC)


@app.command()
def tradeoff(
    run: SweepFolder,
    x: str = typer.Option(..., "--x", help="Outcome on the horizontal axis."),
    y: str = typer.Option(..., "--y", help="Outcome on the vertical axis."),
    maximize: list[str] = typer.Option(None, "--maximize", help="An outcome of which more is better (repeatable)."),
    minimize: list[str] = typer.Option(None, "--minimize", help="An outcome of which less is better (repeatable)."),
    statistic: Statistic = "end",
    out_dir: Annotated[Path | None, out_option("Folder \\[default: beside RUN, RUN-tradeoff/].")] = None,
    quiet: Quiet = False,
) -> None:
    """Two outcomes of every sweep point, each point labelled by its levers, with the Pareto front
    for the directions named. Writes tradeoff.png, tradeoff.html (levers on hover) and tradeoff.csv."""
    from sim.analysis import tradeoff as trade
    from sim.analysis.sensitivity import write_csv
    from sim.report.charts.tradeoff import tradeoff_html, tradeoff_png

    try:
        more_x, more_y = trade.directions(x, y, maximize or [], minimize or [])
        points, levers, manifest = trade.sweep_points(run, x, y, statistic)
    except trade.TradeoffError as error:
        raise _fail(str(error)) from None
    points["on_front"] = trade.pareto_front(points, x, y, more_x, more_y)
    labels = [trade.point_label(row, levers) for _, row in points.iterrows()]
    points.insert(1, "levers", labels)
    name = manifest["scenario"]["name"]
    want = lambda outcome, more: f"{'more' if more else 'less'} {outcome}"  # noqa: E731
    title = f"{name}: {want(x, more_x)} against {want(y, more_y)}, {len(points)} sweep points ({statistic})"
    from sim.runner.provenance import folder_record

    target = out_dir or run.parent / f"{run.name}-tradeoff"
    with _writing(target, [folder_record(run)]):
        write_csv(points, target / "tradeoff.csv")
        written = [
            target / "tradeoff.csv",
            tradeoff_png(points, x, y, labels, title, target / "tradeoff.png"),
            tradeoff_html(points, x, y, labels, title, target / "tradeoff.html"),
        ]
    if not quiet:
        front = points[points["on_front"]].sort_values(x)
        grid = Table(title=f"The Pareto front: {len(front)} of {len(points)} points", title_justify="left", box=None)
        for column in ("levers", x, y):
            grid.add_column(column)
        for _, row in front.iterrows():
            grid.add_row(row["levers"], f"{row[x]:.4g}", f"{row[y]:.4g}")
        out.print(grid)
        for path in written:
            out.print(f"  wrote {path}", highlight=False)
    print(target)


def explain_against(
    source: Path,
    against: Path,
    replications: int,
    sets: list[str] | None,
    outcomes: str | None,
    out_dir: Path | None,
    allow_different_models: bool = False,
) -> None:
    """``airace explain SOURCE --against REFERENCE``: each outcome's difference split between the
    levers that differ as Shapley shares, which sum to it (``sim.analysis.decompose``)."""
    import pandas as pd

    from sim.analysis.decompose import decompose, setup_from
    from sim.analysis.sensitivity import write_csv
    from sim.runner.provenance import MixedModels, check_same_model, folder_record, model_fingerprint

    chosen = _outcomes(outcomes)
    if out_dir is not None:
        _check_out(out_dir)
    folders = [folder_record(p) for p in (against, source) if p.is_dir()]
    try:
        # The folders' setups are run again here, by this model: they must have been made by it.
        warning = check_same_model(
            [("this model", model_fingerprint()), *((f["path"], f["model_fingerprint"]) for f in folders)],
            allow_different_models,
        )
    except MixedModels as error:
        raise _fail(str(error)) from None
    if warning:
        err.print(f"[bold yellow]{warning}[/]", highlight=False, soft_wrap=True)
    try:
        reference, seeds, steps, ref_name = setup_from(against, replications)
        changed, _, changed_steps, name = setup_from(source, replications, sets)
    except (ScenarioError, ValueError) as error:
        raise _fail(str(error)) from None
    table = decompose(reference, changed, chosen, seeds, min(steps, changed_steps))
    if table.empty or (table["part"] == "total").sum() == 0:
        raise _fail(f"{source} and {against} set every lever alike; there is nothing to explain")
    out.print(f"Shares by {table['method'].iloc[0]}: they sum to the total", highlight=False)
    for outcome in chosen:
        rows = table[table["outcome"] == outcome]
        grid = Table(title=f"{outcome}: {name} minus {ref_name} (mean over the run)", title_justify="left", box=None)
        for column in ("part", "from", "to", "Shapley share", "95% interval", "of the total"):
            grid.add_column(column)
        for _, row in rows.iterrows():
            of_total = "" if pd.isna(row["share_of_total"]) else f"{row['share_of_total']:.0%}"
            interval = "" if pd.isna(row["low"]) else f"{row['low']:+.3g} to {row['high']:+.3g}"
            grid.add_row(row["part"], str(row["from"]), str(row["to"]), f"{row['share']:+.3g}", interval, of_total)
        out.print(grid)
    if out_dir is not None:
        if warning:
            table["model_warning"] = warning
        inputs = folders + [_file_input(p) for p in (against, source) if p.is_file()]
        with _writing(out_dir, inputs, [warning] if warning else []):
            write_csv(table, out_dir / "explain.csv")
        out.print(f"  wrote {out_dir / 'explain.csv'}", highlight=False)


@app.command()
def discover(
    run: SweepFolder,
    where: str = typer.Option(..., "--where", help="The runs of interest, e.g. 'crisis_chance > 0.05'."),
    statistic: Statistic = "end",
    out_dir: Annotated[Path | None, out_option("Folder \\[default: beside RUN, RUN-discover/].")] = None,
    quiet: Quiet = False,
) -> None:
    """Scenario discovery (PRIM, EMA Workbench): the box of swept values where the runs of interest
    gather, with its coverage and density, and each swept parameter's feature score. Writes
    discover.csv (every run, in the box or not), scores.csv, box.png and manifest.json."""
    from sim.analysis import discovery
    from sim.analysis.sensitivity import write_csv
    from sim.report.charts import discovery as discovery_charts
    from sim.runner.provenance import folder_record

    target = out_dir or run.parent / f"{run.name}-discover"
    _check_out(target)
    try:
        condition = discovery.parse_where(where)
        table, swept, _ = discovery.read_sweep(run, statistic)
        found = discovery.discover(table, swept, condition)
    except discovery.DiscoveryError as error:
        raise _fail(str(error)) from None
    table = table.assign(of_interest=found["interest"], in_box=discovery.in_box(table, found["box"]))
    with _writing(target, [folder_record(run)]):
        write_csv(table, target / "discover.csv")
        write_csv(found["scores"].rename("score").rename_axis("parameter").reset_index(), target / "scores.csv")
        chart = discovery_charts.box_chart(table, found, condition, target / "box.png")
    if not quiet:
        limits = "; ".join(
            f"{name} in {', '.join(limit)}" if isinstance(limit, list) else f"{name} {limit[0]:g} to {limit[1]:g}"
            for name, limit in found["box"].items()
        )
        out.print(
            f"{where}: {int(found['interest'].sum())} of {len(table)} runs. PRIM box: {limits or 'the whole sweep'}",
            highlight=False,
            soft_wrap=True,
        )
        out.print(
            f"  coverage {found['coverage']:.0%} (of the runs of interest, inside the box), density "
            f"{found['density']:.0%} (of the runs inside, of interest), mass {found['mass']:.0%} of all runs",
            highlight=False,
        )
        out.print("  feature scores: " + ", ".join(f"{n} {s:.2f}" for n, s in found["scores"].items()), highlight=False)
        for path in (target / "discover.csv", target / "scores.csv", chart):
            out.print(f"  wrote {path}", highlight=False)
    print(target)


@app.command()
def robust(
    run: Path = typer.Argument(..., help="Results folder of a sweep crossing levers (policies) with assumptions."),
    outcome: str = typer.Option(..., "--outcome", help="The outcome a policy is judged on."),
    maximize: bool = typer.Option(False, "--maximize/--minimize", help="Whether more of it is better."),
    threshold: float = typer.Option(None, "--threshold", help="Satisficing: the value a policy must reach."),
    statistic: Statistic = "end",
    out_dir: Annotated[Path | None, out_option("Folder \\[default: beside RUN, RUN-robust/].")] = None,
    quiet: Quiet = False,
) -> None:
    """Robust decisions: every policy (the swept levers) across every state of the world (the swept
    assumptions), ranked by its maximum regret, with its satisficing share. Writes robust.csv,
    robust.png and manifest.json."""
    from sim.analysis import discovery
    from sim.analysis.sensitivity import write_csv
    from sim.report.charts import discovery as discovery_charts
    from sim.runner.provenance import folder_record

    target = out_dir or run.parent / f"{run.name}-robust"
    _check_out(target)
    try:
        table, swept, _ = discovery.read_sweep(run, statistic)
        ranked, states = discovery.robustness(table, swept, outcome, maximize, threshold)
    except discovery.DiscoveryError as error:
        raise _fail(str(error)) from None
    with _writing(target, [folder_record(run)]):
        write_csv(ranked, target / "robust.csv")
        chart = discovery_charts.robust_chart(ranked, outcome, target / "robust.png")
    if not quiet:
        grid = Table(
            title=f"{len(ranked)} policies across {states} states of the world: {'more' if maximize else 'less'} "
            f"{outcome} is better",
            title_justify="left",
            box=None,
        )
        columns = ["rank", "policy", "max regret", "mean", "worst", *(["meets threshold"] if threshold else [])]
        for column in columns:
            grid.add_column(column)
        for row in ranked.itertuples():
            cells = [str(row.rank), row.policy, f"{row.max_regret:.4g}", f"{row.mean:.4g}", f"{row.worst:.4g}"]
            if threshold is not None:
                cells.append(f"{row.satisficing:.0%}")
            grid.add_row(*cells)
        out.print(grid)
        for path in (target / "robust.csv", chart):
            out.print(f"  wrote {path}", highlight=False)
    print(target)
