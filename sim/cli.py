"""The ``airace`` command line: thin; parse, call, print."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim import tables
from sim.scenario import ScenarioError, load_scenario

app = typer.Typer(
    help="Agent-based simulation of the US-China competition in AI. "
    "Conditional what-if trajectories for teaching and exploration, not forecasts.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console()
err = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    md = "md"
    csv = "csv"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def run(
    scenario_file: Path = typer.Argument(..., help="Scenario YAML file, e.g. scenarios/baseline.yaml."),
    out_dir: Path = typer.Option(None, "--out", help="Results folder [default: results/<scenario>/<UTC time>/]."),
    replications: int = typer.Option(None, "--replications", "-n", help="Override the file's replications."),
    seed: int = typer.Option(None, "--seed", help="Override the file's root seed."),
    workers: int = typer.Option(None, "--workers", "-j", help="Worker processes [default: all cores when the job is large enough to gain from them]."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the results folder."),
) -> None:
    """Run a scenario's replications and write tidy data, a manifest and charts.

    Example: [bold]airace run scenarios/baseline.yaml --replications 5 --out results/try[/]
    """
    from sim.results import default_out_dir, write_run
    from sim.runner import replication_seeds, run_replications

    try:
        scenario = load_scenario(scenario_file).with_overrides(replications=replications, seed=seed)
    except (ScenarioError, ValueError) as error:
        raise _fail(str(error)) from None
    if workers is not None and workers < 1:
        raise _fail(f"--workers: {workers} is not allowed; expected a whole number from 1")
    target = out_dir or default_out_dir(scenario)
    seeds = replication_seeds(scenario.seed, scenario.replications)
    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, disable=quiet, transient=True) as progress:
        task = progress.add_task(f"{scenario.name}: runs", total=len(seeds))
        frame = run_replications(scenario.params, scenario.steps, seeds, workers,
                                 progress=lambda n: progress.advance(task, n))
    wall = time.perf_counter() - started
    written = write_run(target, scenario, scenario_file, seeds, frame, wall)
    if not quiet:
        out.print(f"{scenario.name}: {len(seeds)} replications x {scenario.steps} quarters in {wall:.2f} s")
        for path in written:
            out.print(f"  wrote {path}", highlight=False)
    out.print(f"Results in {target}", highlight=False)


def _print_rows(rows: list[dict[str, str]], fmt: Format, title: str) -> None:
    if fmt is Format.csv:
        sys.stdout.write(tables.to_csv(rows))
    elif fmt is Format.md:
        sys.stdout.write(tables.to_markdown(rows))
    else:
        table = Table(title=title)
        for column in rows[0]:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*row.values())
        out.print(table)


@app.command()
def params(
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, md or csv."),
    kind: str = typer.Option(None, "--kind", help="Only one kind: lever, assumption or data."),
) -> None:
    """Print the parameter registry: name, kind, default, unit, range, meaning and source.

    Example: [bold]airace params --kind lever --format csv[/]
    """
    if kind is not None and kind not in tables.KIND_ORDER:
        raise _fail(f"--kind: {kind!r} is not allowed; expected lever, assumption or data")
    _print_rows(tables.param_rows(kind), fmt, "Parameters")


@app.command()
def outcomes(fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, md or csv.")) -> None:
    """Print the outcome registry: every column of the time series, with unit and meaning.

    Example: [bold]airace outcomes --format md[/]
    """
    _print_rows(tables.outcome_rows(), fmt, "Outcomes")


if __name__ == "__main__":
    app()
