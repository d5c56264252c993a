"""What every command shares: the one ``airace`` app, its consoles, the options more than one command
takes (each declared once, below) and the error exit."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from sim.scenario import MAX_RUNS

app = typer.Typer(
    help="Agent-based simulation of the US-China competition in AI. "
    "Conditional what-if trajectories for teaching and exploration, not forecasts.",
    epilog="Add --debug to any command to see the traceback of an error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
out = Console()
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        from sim import __version__

        out.print(f"airace {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
    ),
) -> None:
    """Agent-based simulation of the US-China competition in AI."""


class Backend(StrEnum):
    serial = "serial"
    local = "local"
    dask = "dask"


class Format(StrEnum):
    table = "table"
    md = "md"
    csv = "csv"


DEBUG = False  # --debug, anywhere on the command line: tracebacks as well as messages


def _fail(message: str, code: int = 2) -> typer.Exit:
    if DEBUG and sys.exc_info()[0] is not None:
        err.print_exception()
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def resolve_scenario(value: Path | list[Path] | None) -> Path | list[Path] | None:
    """A scenario file as typed, or a library scenario by name (``airace run baseline``)."""
    from sim.scenario.library import LIBRARY, scenario_path

    if value is None:
        return None
    if isinstance(value, list):
        return [resolve_scenario(item) for item in value]  # type: ignore[misc]
    path = scenario_path(value)
    if not path.exists() and not path.suffix and len(path.parts) == 1:
        names = ", ".join(sorted(p.stem for p in LIBRARY.glob("*.yaml")))
        raise _fail(f"{value}: no such file or library scenario; the library holds {names}")
    return path


def scenario_argument(default: object = ..., help: str = "Scenario: a YAML file or a library name, e.g. baseline."):
    """The scenario argument every command takes, one definition: a file, or a library name."""
    return typer.Argument(default, help=help, callback=resolve_scenario)


def scenario_option(*names: str, help: str):
    """A scenario given as an option (``game new --scenario``): a file or a library name, default none."""
    return typer.Option(None, *names, help=help, callback=resolve_scenario)


# ---- options more than one command takes, each declared once -------------------------------------
# A command names the alias as its parameter's type and gives the default beside it
# (``seed: Seed = None``), so a flag, its short form and its help are written in one place. Where
# what an option means depends on the command (how many replications, which folder, which outcomes),
# a function below fixes the flags and the command writes its own help:
# ``replications: Annotated[int | None, replications_option("Runs per round.")] = None``.
# (The square bracket of a default shown in help is escaped, ``\\[``: rich would read it as markup.)

Seed = Annotated[int | None, typer.Option("--seed", help="Override the file's root seed.")]
Steps = Annotated[int | None, typer.Option("--steps", help="Override the file's number of quarters.")]
Sets = Annotated[list[str] | None, typer.Option("--set", help="KEY=VALUE parameter override (repeatable).")]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-j",
        help="Worker processes \\[default: all cores when the job is large enough to gain from them].",
    ),
]
BackendChoice = Annotated[Backend, typer.Option("--backend", help="serial, local (a process pool) or dask.")]
Fresh = Annotated[bool, typer.Option("--fresh", help="Discard unfinished runs in --out instead of resuming them.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the results folder.")]
FormatChoice = Annotated[Format, typer.Option("--format", "-f", help="table, md or csv.")]
Statistic = Annotated[str, typer.Option("--statistic", help="end (last quarter) or decade (run mean).")]
Port = Annotated[int, typer.Option("--port", help="Port to serve on.")]
Host = Annotated[
    str,
    typer.Option("--host", help="Address to bind: 127.0.0.1 is this computer only; 0.0.0.0 a classroom network."),
]
SweepFolder = Annotated[Path, typer.Argument(help="Results folder of a sweep.")]
GameDb = Annotated[Path, typer.Option("--db", help="The SQLite file the games live in (every move is kept there).")]
GameId = Annotated[str, typer.Argument(help="The game's id, as `game new` printed it.")]
GameUrl = Annotated[
    str, typer.Option("--url", help="Address the class will open (this computer's, as `game serve` shows).")
]


MaxRuns = Annotated[
    int | None, typer.Option("--max-runs", help=f"Allow more than {MAX_RUNS:,} runs (sweep points x replications).")
]


def replications_option(help: str) -> Any:
    """--replications / -n: what a replication is, and its default, are the command's."""
    return typer.Option("--replications", "-n", help=help)


def out_option(help: str) -> Any:
    """--out: the folder a command writes, and where it goes without one, are the command's."""
    return typer.Option("--out", help=help)


def outcomes_option(help: str) -> Any:
    """--outcomes: comma-separated outcome names; what they are used for is the command's."""
    return typer.Option("--outcomes", help=help)
