"""What every command shares: the one ``airace`` app, its consoles, the option enums and the error exit."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

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
