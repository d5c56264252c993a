"""The ``airace`` command line: thin; parse, call, print."""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from sim.cli import base
from sim.cli.base import (
    Backend,
    BackendChoice,
    Format,
    FormatChoice,
    Fresh,
    GameDb,
    GameId,
    GameUrl,
    Host,
    MaxRuns,
    Port,
    Quiet,
    Seed,
    Sets,
    Steps,
    Workers,
    _fail,
    app,
    err,
    out,
    out_option,
    outcomes_option,
    replications_option,
    scenario_argument,
    scenario_option,
)
from sim.cli.terminal import describe_results, explain_view, library_view, print_rows
from sim.report import tables
from sim.scenario import (
    ScenarioError,
    check_runs,
    choose_reference,
    json_schema,
    library,
    load_scenario,
    parse_reference,
    parse_sets,
    reference_for,
)


class RateColumn(ProgressColumn):
    """Runs per second, for every backend."""

    def render(self, task) -> Text:
        return Text(f"{task.speed or 0.0:.1f} runs/s")


@app.command()
def run(
    scenario_file: Path = scenario_argument(help="Scenario: a YAML file or a library name, e.g. baseline."),
    out_dir: Annotated[
        str | None, out_option("Results folder, new or empty \\[default: results/<scenario>/<UTC time>/].")
    ] = None,
    replications: Annotated[int | None, replications_option("Override the file's replications.")] = None,
    seed: Seed = None,
    steps: Steps = None,
    sets: Sets = None,
    workers: Workers = None,
    quiet: Quiet = False,
    fresh: Fresh = False,
    svg: bool = typer.Option(False, "--svg", help="Also write the charts as SVG (vector copies for print)."),
    backend: BackendChoice = Backend.local,
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
        "\\[default with --backend dask: a LocalCluster on this machine].",
    ),
    max_runs: MaxRuns = None,
    reference_choice: str = typer.Option(
        None,
        "--reference",
        help="What effects are measured against, on the same seeds: baseline, extends (the file the scenario "
        "extends), or a sweep point as YAML, e.g. '{point: {us.enforcement: 0.5}}' [default: the file's "
        "reference, else baseline].",
    ),
    nations: bool = typer.Option(
        False, "--nations", help="Also write nations.parquet: each nation's stack and chances each quarter."
    ),
) -> None:
    """Run a scenario (and its reference to compare with) and write data, effects, charts and a report.

    Then open report.html in the results folder.

    Finished runs are saved as they come; rerun the same command with the
    same --out after an interruption to skip them and complete the rest.
    One run at a time writes to a folder.

    Example: [bold]airace run scenarios/tight_controls.yaml -n 5 --set us.enforcement=0.9 --out results/try[/]
    """
    try:
        overrides = parse_sets(sets or [])
        chosen = parse_reference(reference_choice) if reference_choice is not None else None
        scenario = load_scenario(scenario_file).with_overrides(
            overrides, replications=replications, seed=seed, steps=steps, reference=chosen
        )
        check_runs(scenario, scenario_file, max_runs)
        reference = choose_reference(scenario, scenario_file)
    except ScenarioError as error:
        raise _fail(str(error)) from None
    except ValidationError as error:
        raise _fail(
            f"{scenario_file}: after command-line overrides: "
            + "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e.get('input')!r} is not allowed; {e['msg']}" for e in error.errors()
            )
        ) from None
    for warning in scenario.budget_warnings():
        err.print(f"[bold yellow]warning:[/] {scenario_file}: {warning}", highlight=False, soft_wrap=True)
    if workers is not None and workers < 1:
        raise _fail(f"--workers: {workers} is not allowed; expected a whole number from 1")
    if scheduler and backend is not Backend.dask:
        raise _fail(f"--scheduler: {scheduler!r} needs --backend dask (the backend is {backend.value})")
    from sim.runner import (
        STACK_RUNS,
        AlreadyFinished,
        EnvironmentFault,
        LocalPool,
        RunRefused,
        backend_named,
        default_workers,
        exit_status,
        fingerprint_of,
        os_error,
        replication_seeds,
        results_folder,
        run_streamed,
        scenario_jobs,
        signals_as_interrupts,
        start_local_pool_early,
    )
    from sim.runner.folder import out_folder

    try:
        runner = backend_named(backend.value, workers, scheduler)
        target = out_folder(out_dir, scenario)
    except RunRefused as error:
        raise _fail(str(error)) from None
    seeds = replication_seeds(scenario.seed, scenario.replications)
    jobs = {  # a single scenario's first runs send back their stacks, for the nations (sim.analysis.single)
        "scenario": scenario_jobs(scenario, nations=nations, stacks=STACK_RUNS),
        "baseline": scenario_jobs(reference.scenario, stacks=STACK_RUNS) if reference.scenario else [],
    }
    total = sum(map(len, jobs.values()))
    # Speed only: a fork server imports what its children need while we import the rest, so each
    # is forked ready to work: the pool's workers (the model) and, with more than one core and no
    # --workers 1, the second process that draws most of a single scenario's charts
    # (sim.report.results.draw_single). --backend serial (or dask) starts no process of ours.
    local = isinstance(runner, LocalPool)
    pooled = local and runner.workers([*jobs["scenario"], *jobs["baseline"]]) > 1
    charts = local and scenario.sweep is None and runner.requested != 1 and default_workers() > 1
    needed = [*(("sim.model.model", "sim.runner") if pooled else ()), "sim.cli.commands"]
    if pooled or charts:
        start_local_pool_early((*needed, *(("sim.report.charts",) if charts else ())))
    from sim.analysis.single import single_findings
    from sim.report.charts.style import vector_charts
    from sim.report.results import write_run
    from sim.runner.provenance import package_versions

    fingerprint = fingerprint_of(
        scenario.model_dump(mode="json", by_alias=True), package_versions()["airace"], reference.record(), nations
    )
    started = time.perf_counter()
    try:
        with (
            signals_as_interrupts(),
            results_folder(target, fingerprint, fresh=fresh) as store,
            _progress(quiet) as progress,
        ):
            for part, reason in store.set_aside:
                err.print(
                    f"[bold yellow]warning:[/] {part} set aside in {target / '.parts-set-aside'}: {reason}; "
                    "its runs are run again",
                    highlight=False,
                    soft_wrap=True,
                )
            task = progress.add_task(scenario.name, total=total)
            stacks: dict = {}
            ran = run_streamed(jobs, store, workers, lambda n: progress.advance(task, n), backend=runner, stacks=stacks)
            wall = time.perf_counter() - started
            progress.update(task, description=f"{scenario.name}: charts and report")
            found = None
            if scenario.sweep is None:
                base_parts = store.parts("baseline") if reference.scenario else None
                found = single_findings(scenario, reference.scenario, seeds, store.parts(), base_parts, stacks)
            with vector_charts(svg):
                command = ["airace", *sys.argv[1:]]
                written = write_run(
                    target, scenario, scenario_file, seeds, store, reference, wall, nations, command, findings=found
                )
            store.discard()
    except AlreadyFinished as finished:
        err.print(f"[bold yellow]note:[/] {finished}", highlight=False, soft_wrap=True)
        _print_results(target, quiet)
        return
    except (RunRefused, EnvironmentFault) as error:
        raise _fail(str(error), error.exit_code) from None
    except OSError as error:
        failure = os_error(error, target)
        kept = "; the finished runs are kept: rerun the same command to resume" if _has_parts(target) else ""
        raise _fail(f"{failure}{kept}", failure.exit_code) from None
    except KeyboardInterrupt as interruption:
        if _has_parts(target):
            hint = f"finished runs are saved; rerun the same command (with --out {target}) to resume"
        else:
            hint = "no run had finished, nothing was kept"
        err.print(f"interrupted: {hint}", highlight=False, soft_wrap=True)
        raise typer.Exit(exit_status(interruption)) from None
    if not quiet:
        skipped = f" ({total - ran} already done)" if ran < total else ""
        out.print(
            f"{scenario.name}: {ran} runs of {scenario.steps} quarters in {wall:.2f} s{skipped}",
            highlight=False,
            soft_wrap=True,
        )
        out.print(describe_results(target, written), highlight=False, soft_wrap=True)
    _print_results(target, quiet)


def _has_parts(target: Path) -> bool:
    try:
        return (target / ".parts").is_dir()
    except OSError:
        return False


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("runs"),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )


def _print_results(target: Path, quiet: bool) -> None:
    """The results folder on stdout: with -q exactly its path and a newline, for scripts."""
    if quiet:
        sys.stdout.write(f"{target}\n")
        sys.stdout.flush()
    else:
        out.print(f"Results in {target}", highlight=False, soft_wrap=True)


@app.command()
def explain(
    scenario_file: Path = scenario_argument(
        help="Scenario: a YAML file or a library name (or, with --against, a results folder), e.g. cern_for_ai."
    ),
    replications: Annotated[int, replications_option("Paired runs per change (2 to 20).")] = 20,
    sets: Sets = None,
    against: Path = typer.Option(
        None, "--against", help="A scenario file or results folder: split the difference from it between the levers."
    ),
    outcomes: Annotated[str | None, outcomes_option("With --against: comma-separated outcomes.")] = None,
    out_dir: Annotated[Path | None, out_option("With --against: also write explain.csv into this folder.")] = None,
    allow_different_models: bool = typer.Option(
        False, "--allow-different-models", help="With --against: a results folder made by another model."
    ),
) -> None:
    """Which change did it: each change a scenario makes, alone against the baseline on the same seeds.

    A scenario often changes several levers at once; this runs each one alone, and the whole
    scenario, and prints the paired verdict (higher, lower or no clear change) on the outcomes the
    scenario watches. With --against, each outcome's difference from the other run is split into
    each lever's Shapley share (its effect averaged over every combination of the other changes,
    exact up to 8 changes), with 95% intervals; the shares sum to the total.

    Example: [bold]airace explain scenarios/cern_for_ai.yaml[/]
    """
    if not 2 <= replications <= 20:
        raise _fail(f"--replications: {replications} is not allowed; expected a whole number from 2 to 20")
    if against is not None:
        from sim.cli.analysis import explain_against

        explain_against(scenario_file, against, replications, sets, outcomes, out_dir, allow_different_models)
        return
    from sim.analysis.explain import explain_rows

    try:
        scenario = load_scenario(scenario_file).with_overrides(parse_sets(sets or []), replications=replications)
        reference = reference_for(scenario)
    except ScenarioError as error:
        raise _fail(str(error)) from None
    if reference is None or scenario.sweep is not None:
        raise _fail(f"{scenario_file}: explain takes a single scenario that differs from the baseline")
    out.print(explain_view(scenario, explain_rows(scenario, reference)))


@app.command()
def validate(
    files: list[Path] = scenario_argument(help="Scenario files (or library names) to check."),
    max_runs: MaxRuns = None,
) -> None:
    """Check scenario files without running them; exit 2 if any is bad.

    Example: [bold]airace validate scenarios/*.yaml[/]
    """
    bad = 0
    for path in files:
        try:
            scenario = load_scenario(path)
            check_runs(scenario, path, max_runs)
        except ScenarioError as error:
            err.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
            bad += 1
            continue
        out.print(
            f"ok {path}: {scenario.name}, {scenario.runs} runs of {scenario.steps} quarters",
            highlight=False,
            soft_wrap=True,
        )
        for warning in scenario.budget_warnings():
            err.print(f"[bold yellow]warning:[/] {path}: {warning}", highlight=False, soft_wrap=True)
    if bad:
        raise typer.Exit(2)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files, for editors to complete and check them.

    Example: [bold]airace schema > scenario.schema.json[/]
    """
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command(name="list")
def list_scenarios() -> None:
    """List the scenario library with the question each one teaches.

    Example: [bold]airace list[/]
    """
    try:
        entries = library()
    except ScenarioError as error:
        raise _fail(str(error)) from None
    out.print(library_view(entries))


def _print_rows(rows: list[dict[str, str]], fmt: Format, title: str) -> None:
    if fmt is Format.csv:
        sys.stdout.write(tables.to_csv(rows))
    elif fmt is Format.md:
        sys.stdout.write(tables.to_markdown(rows))
    else:
        print_rows(out, rows, title)


@app.command()
def params(
    fmt: FormatChoice = Format.table,
    kind: str = typer.Option(None, "--kind", help="Only one kind: lever, assumption or data."),
) -> None:
    """Print the parameter registry: name, kind, default, unit, range, meaning and source.

    Example: [bold]airace params --kind lever --format csv[/]
    """
    if kind is not None and kind not in tables.KIND_ORDER:
        raise _fail(f"--kind: {kind!r} is not allowed; expected lever, assumption or data")
    _print_rows(tables.param_rows(kind), fmt, "Parameters")


@app.command()
def outcomes(fmt: FormatChoice = Format.table) -> None:
    """Print the outcome registry: every column of the time series, with unit and meaning.

    Example: [bold]airace outcomes --format md[/]
    """
    _print_rows(tables.outcome_rows(), fmt, "Outcomes")


@app.command()
def responses(
    replications: Annotated[
        int | None, replications_option("Paired replications per subject \\[default: 40, as the tests].")
    ] = None,
    fmt: FormatChoice = Format.table,
    only: str = typer.Option(
        None, "--only", help="Only subjects whose name or covered parameter or scenario contains TEXT.", metavar="TEXT"
    ),
    sets: list[str] | None = typer.Option(
        None,
        "--set",
        help="KEY=VALUE: check the contract in a world with this parameter "
        "changed, e.g. an assumption (repeatable); what a row itself sets wins.",
    ),
) -> None:
    """Check the policy-response contract: each lever, switch and scenario moves its outcomes as its sources say.

    Every row runs a change and its reference on the same seeds and holds when the paired mean
    difference is at least half the reference's spread (z >= 0.5 in the expected direction).
    Exit 1 if any row fails. The rows and their sources: docs/policy_responses.md.

    Example: [bold]airace responses --only enforcement -n 10 --set smuggling.enforcement_efficacy=0.5[/]
    """
    from sim.analysis import responses as policy

    replications = policy.REPLICATIONS if replications is None else replications
    try:
        assuming = parse_sets(sets or [])
    except ScenarioError as error:
        raise _fail(str(error)) from None
    if replications < 2:
        raise _fail(f"--replications: {replications} is not allowed; expected a whole number from 2")
    try:
        subjects = policy.chosen(only)
    except ScenarioError as error:
        raise _fail(str(error)) from None
    if not subjects:
        raise _fail(
            f"--only: no subject's name or covered name contains {only!r}"
            if only
            else "the policy-response contract has no subjects"
        )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("subjects"),
        TimeElapsedColumn(),
        console=err,
        disable=not sys.stdout.isatty(),
        transient=True,
    ) as progress:
        task = progress.add_task("responses", total=len(subjects))
        rows = policy.run_contract(
            replications,
            only,
            assuming=assuming,
            progress=lambda subject: progress.update(task, advance=1, description=subject.name),
        )
    printed = policy.result_rows(rows)
    tally = policy.tally(rows, replications)
    if fmt is Format.table:
        table = Table(title="Policy-response contract")
        for column in printed[0]:
            table.add_column(column, overflow="fold", justify="right" if column == "z" else "left")
        for row in printed:
            table.add_row(*row.values(), style=None if row["result"] == "ok" else "bold red")
        out.print(table)
        out.print(tally, highlight=False)
    elif fmt is Format.md:
        sys.stdout.write(tables.to_markdown(printed) + "\n" + tally + "\n")
    else:
        sys.stdout.write(tables.to_csv(printed))
        err.print(tally, highlight=False)
    if not all(row.passed for row in rows):
        raise typer.Exit(1)


@app.command()
def dashboard(
    scenario_file: Path = scenario_argument(
        None, help="Scenario to open: a YAML file or a library name, e.g. tight_controls \\[default: baseline]."
    ),
    port: Port = 8000,
    host: Host = "127.0.0.1",
    replications: Annotated[
        int | None, replications_option("Runs per setup, 1 to 50 \\[default: the scenario's, at most 50].")
    ] = None,
) -> None:
    """Open the classroom dashboard: move a lever and watch the world change against the baseline.

    Then open http://127.0.0.1:8000 in a browser (or the --port you chose). Stop it with Ctrl+C.

    Example: [bold]airace dashboard tight_controls --port 8000[/]
    """
    if scenario_file is not None:
        try:
            load_scenario(scenario_file)
        except ScenarioError as error:
            raise _fail(str(error)) from None
        if load_scenario(scenario_file).sweep is not None:
            raise _fail(f"{scenario_file}: the dashboard opens single scenarios; run sweeps with `airace run`")
    if replications is not None and not 1 <= replications <= 50:
        raise _fail(f"--replications: {replications} is not allowed; expected a whole number from 1 to 50")
    if not 1 <= port <= 65535:
        raise _fail(f"--port: {port} is not allowed; expected a port number from 1 to 65535")
    from sim.web.dashboard import serve

    where = "this computer only" if host in ("127.0.0.1", "localhost", "::1") else "the network"
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    out.print(f"Dashboard on http://{shown}:{port} ({where}); stop it with Ctrl+C.", highlight=False)
    serve(scenario_file, host, port, replications)


# ---- the classroom game ----------------------------------------------------------------------
game_app = typer.Typer(
    help="The classroom game: teams play the US, China, the developing world and the labs; the model referees.",
    no_args_is_help=True,
)
app.add_typer(game_app, name="game")
GAME_DB, GAME_URL = Path("games.sqlite"), "http://127.0.0.1:8000"


@game_app.command("new")
def game_new(
    teams: str = typer.Option("us,cn,south", "--teams", help="Teams, comma-separated: us, cn, south, labs."),
    rounds: int = typer.Option(10, "--rounds", help="Rounds, one simulated year each (1 to 10)."),
    scenario_file: Path = scenario_option(
        "--scenario", help="Start scenario: a YAML file or a library name \\[default: baseline]."
    ),
    replications: Annotated[
        int | None, replications_option("Runs per round, 1 to 50 \\[default: the scenario's, at most 50].")
    ] = None,
    db: GameDb = GAME_DB,
    url: GameUrl = GAME_URL,
) -> None:
    """Start a new game: prints the facilitator's link and a join link with a short code per team.

    Example: [bold]airace game new --teams us,cn,south --rounds 6[/], then [bold]airace game serve[/]
    """
    from sim.scenario.library import LIBRARY
    from sim.web.dashboard.state import MAX_REPLICATIONS
    from sim.web.game.referee import new_game
    from sim.web.game.store import StorageError, Store

    if scenario_file is None:
        scenario_file = LIBRARY / "baseline.yaml"
    if not 1 <= rounds <= 10:
        raise _fail(f"--rounds: {rounds} is not allowed; expected a whole number from 1 to 10 (2025 to 2034)")
    if replications is not None and not 1 <= replications <= MAX_REPLICATIONS:
        raise _fail(f"--replications: {replications} is not allowed; expected a whole number from 1 to 50")
    try:
        start = load_scenario(scenario_file)
        if start.sweep is not None:
            raise _fail(f"{scenario_file}: a game starts from a single scenario, not a sweep")
        count = replications or min(start.replications, MAX_REPLICATIONS)
        codes = new_game(Store(db), start, [t.strip() for t in teams.split(",") if t.strip()], rounds, count)
    except (ScenarioError, ValueError, StorageError) as error:
        raise _fail(str(error)) from None
    out.print(f"Game {codes['game']}: {rounds} rounds from {start.name}, {count} runs a round; kept in {db}")
    _print_codes(codes, url)
    out.print(f"Then run: airace game serve --db {db}", highlight=False, soft_wrap=True)


@game_app.command("rotate-codes")
def game_rotate_codes(
    game: GameId,
    db: GameDb = GAME_DB,
    url: GameUrl = GAME_URL,
) -> None:
    """Give a game new codes, the facilitator's too (the old ones stop working at once: pages opened
    with them go back to the join box). For a code seen by someone it was not meant for; the
    facilitator's page has a button that renews the teams' codes alone."""
    from sim.web.game.store import GameError, StorageError, Store

    if not db.exists():
        raise _fail(f"--db: {db} does not exist; the games are in the file `game new` and `game serve` used")
    try:
        codes = Store(db).rotate_all(game)
    except (GameError, StorageError) as error:
        raise _fail(str(error)) from None
    out.print(f"Game {game}: new codes; the old ones no longer open it.")
    _print_codes(codes, url)


def _print_codes(codes: dict[str, str], url: str) -> None:
    """A game's links: the facilitator's and the projector's, and each team's code and join link."""
    from sim.web.game.store import FACILITATOR, PROJECTOR
    from sim.web.game.teams import TEAMS

    base = url.rstrip("/") + "/game/"
    out.print(f"Facilitator (keep it to yourself): {base}?code={codes[FACILITATOR]}", highlight=False, soft_wrap=True)
    out.print(f"Projector: {base}?code={codes[PROJECTOR]}", highlight=False, soft_wrap=True)
    for team in codes:
        if team in TEAMS:
            join = f"{TEAMS[team].name}: code {codes[team]}  join: {base}?code={codes[team]}"
            out.print(join, highlight=False, soft_wrap=True)


@game_app.command("serve")
def game_serve(
    db: GameDb = GAME_DB,
    port: Port = 8000,
    host: Host = "127.0.0.1",
) -> None:
    """Serve the games in --db (and the dashboard beside them) until Ctrl+C; a restart loses nothing."""
    if not db.exists():
        raise _fail(f"--db: {db} does not exist; start a game first with `airace game new --db {db}`")
    if not 1 <= port <= 65535:
        raise _fail(f"--port: {port} is not allowed; expected a port number from 1 to 65535")
    from sim.web.game.app import serve
    from sim.web.game.store import StorageError, Store

    try:
        Store(db)  # an empty or corrupt file is said before the server starts
    except StorageError as error:
        raise _fail(str(error)) from None
    where = "this computer only" if host in ("127.0.0.1", "localhost", "::1") else "the network"
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    game_url, dashboard_url = f"http://{shown}:{port}/game/", f"http://{shown}:{port}/"
    out.print(f"Game on {game_url} and dashboard on {dashboard_url} ({where}).", highlight=False, soft_wrap=True)
    serve(db, host, port)


@game_app.command("export")
def game_export(
    game: GameId,
    db: GameDb = GAME_DB,
    out_dir: Annotated[Path, out_option("Folder to write game_<id>.yaml and the debrief into.")] = Path("."),
) -> None:
    """Write a game as a scenario file whose events are the teams' moves, with its timeline (CSV),
    chart (PNG) and debrief report (HTML). `airace run game_<id>.yaml` replays it exactly."""
    from sim.web.game import debrief, referee
    from sim.web.game.store import GameError, StorageError, Store

    if not db.exists():
        raise _fail(f"--db: {db} does not exist; the games are in the file `game new` and `game serve` used")
    try:
        state = Store(db).state(game)
    except (GameError, StorageError) as error:
        raise _fail(str(error)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"game_{game}.yaml"
    path.write_text(referee.exported_yaml(state), encoding="utf-8")
    written = [path]
    if state.played:
        runs, ref = referee.runs(state), referee.reference(state)
        (out_dir / f"game_{game}_timeline.csv").write_text(debrief.timeline(state, runs, ref).to_csv(index=False))
        (out_dir / f"game_{game}.png").write_bytes(debrief.png(state, runs, ref))
        (out_dir / f"game_{game}_debrief.html").write_text(debrief.report(state, runs, ref), encoding="utf-8")
        written += [out_dir / f"game_{game}_timeline.csv", out_dir / f"game_{game}.png"]
        written.append(out_dir / f"game_{game}_debrief.html")
    for item in written:
        out.print(f"wrote {item}", highlight=False, soft_wrap=True)
    out.print(f"Replay it with: airace run {path}", highlight=False, soft_wrap=True)


def main() -> None:
    """The ``airace`` command: errors in one line (exit 2: bad input, 1: the machine), tracebacks
    only with ``--debug``."""
    if "--debug" in sys.argv[1:]:
        base.DEBUG = True
        sys.argv.remove("--debug")
    try:
        app()
    except SystemExit as done:
        exit_now(done.code)
    except Exception as error:
        if base.DEBUG:
            raise
        message = str(error).splitlines()[0] if str(error) else ""
        err.print(
            f"[bold red]error:[/] {type(error).__name__}: {message} "
            "(unexpected; rerun with --debug for the traceback, and please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)


def exit_now(code: object) -> None:
    """End the command with ``code`` (``SystemExit``'s) without tearing the interpreter down: the
    exit handlers run (multiprocessing's clean-up among them) and the output is flushed, and only
    the freeing of every imported module's objects is skipped, a third of a second after a run that
    drew charts. Only when no other thread is left (otherwise Python's own exit waits for them)."""
    if threading.active_count() > 1:
        raise SystemExit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":  # python -m sim.cli.commands (python -m sim.cli is the short way)
    from sim.cli.commands import main as registered

    registered()
