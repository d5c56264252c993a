"""What the CLI prints to a terminal, laid out to read well at 80 columns.

Wide tables with one column per field break words in a narrow terminal ("defaul t"); here the
library is listed by theme with each question on its own lines, and the registry tables fold their
fields into three columns, so every word stays whole at 80 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sim.registry.labels import ARTICLES
from sim.scenario import LIBRARY, Scenario

THEMES = (
    "The reference",
    "Chips and export controls",
    "The race for developing nations",
    "Cooperation or confrontation",
)


def library_view(entries: Sequence[tuple[Path, Scenario]]) -> Group:
    """The library by theme: each file with its runs, its question below it, companions marked."""
    parts = [
        Text.from_markup(
            "[bold]Scenario library[/], by theme. Run one with [bold]uv run airace run scenarios/FILE[/]; "
            "a [italic]companion[/] changes only the central lever of the scenario it is named after.\n"
        )
    ]
    themes = list(THEMES) + sorted({s.theme or "Other" for _, s in entries} - set(THEMES))
    for theme in themes:
        members = [(p, s) for p, s in entries if (s.theme or "Other") == theme]
        if not members:
            continue
        parts.append(Text(theme, style="bold underline"))
        for path, scenario in members:
            relative = path.relative_to(LIBRARY).as_posix()
            runs = len(scenario.points()) * scenario.replications
            kind = "companion, " if relative.startswith("companions/") else ""
            sweep = f"sweep of {len(scenario.points())} points, " if scenario.sweep is not None else ""
            line = Text.assemble((relative, "bold cyan"), f"  ({kind}{sweep}{runs} runs)")
            parts.append(Padding(line, (0, 0, 0, 2)))
            parts.append(Padding(Text(scenario.question), (0, 0, 0, 6)))
        parts.append(Text(""))
    return Group(*parts)


def registry_table(rows: list[dict[str, str]], title: str) -> Table:
    """A registry as a table, one column per field: for terminals of 120 columns or more."""
    table = Table(title=title)
    for column in rows[0]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row.values())
    return table


def registry_blocks(rows: list[dict[str, str]], title: str) -> Group:
    """A registry as blocks, one per row: the name on its own line, the rest indented and wrapped
    at word boundaries, for terminals narrower than 120 columns."""
    parts = [Text(title, style="bold")]
    for row in rows:
        head = Text(row["name"], style="bold cyan")
        lines = []
        if "default" in row:
            head.append(f"  ({row['kind']})", style="dim")
            span = f", from {row['min']} to {row['max']}" if row["min"] else f": {row['max']}" if row["max"] else ""
            lines.append(f"default {row['default']} ({row['unit']}){span}")
        else:
            lines.append(f"unit: {row['unit']}")
        lines.append(row["meaning"])
        if row.get("source"):
            source = row["source"]
            if source in ARTICLES:  # an article by its name, as reports cite it (seeds/README.md)
                source = f"{ARTICLES[source].short} (seeds/{source})"
            lines.append(f"Source: {source}" + (f': "{row["quote"]}"' if row.get("quote") else ""))
        parts.append(head)
        parts += [Padding(Text(line), (0, 0, 0, 4)) for line in lines]
    return Group(*parts)


def print_rows(console: Console, rows: list[dict[str, str]], title: str) -> None:
    wide = console.width >= 120
    console.print(registry_table(rows, title) if wide else registry_blocks(rows, title))


def describe_results(folder: Path, written: Sequence[Path]) -> Text:
    """Where to look after a run: the report first, then the handout, slides and data."""
    names = {p.relative_to(folder).as_posix() for p in written}
    text = Text()
    if "report.html" in names:
        text.append("Open ", style="bold")
        text.append(f"{folder / 'report.html'}", style="bold cyan")
        text.append(" in a browser to read the results.\n", style="bold")
    extras = [
        ("handout.html", "the same with a 'your prediction' box before the results, to print"),
        ("more_charts.html", "every outcome, the stacks and the nations"),
        ("charts/slides", "one slide per headline chart (PNG and SVG)"),
        ("timeseries.csv", "the data, one row per run and quarter"),
        ("summary.csv", "the last quarter's figures"),
    ]
    for name, what in extras:
        if name in names or any(n.startswith(name + "/") for n in names):
            text.append(f"  {name}: {what}\n")
    text.append(f"  ({len(written)} files in all)")
    return text


def explain_view(scenario: Scenario, rows: tuple[list[str], list]) -> Group:
    """``airace explain``: per watched outcome, which change moved it most, then each change alone."""
    from sim.analysis.explain import main_cause
    from sim.registry.labels import OUTCOME_LABELS

    outcomes, cells = rows
    parts = [
        Text.from_markup(
            f"[bold]{scenario.plain_title}[/]: each change alone against the baseline, on the same "
            f"{min(scenario.replications, 20)} seeds. [italic]No clear change[/]: less than half the "
            "baseline's run-to-run spread, or within chance (its 95% interval includes zero).\n"
        )
    ]
    for outcome in outcomes:
        label = OUTCOME_LABELS[outcome]
        mine = [c for c in cells if c.outcome == outcome]
        parts.append(Text(f"{label.title} ({mine[0].when.replace('decade', 'mean over the run')})", style="bold"))
        cause = main_cause(cells, outcome)
        if cause:
            parts.append(Padding(Text(cause, style="italic"), (0, 0, 0, 2)))
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column("change", ratio=3)
        table.add_column("verdict", ratio=2)
        for cell in mine:
            size = label.difference(cell.difference, cell.reference)
            verdict = f"{cell.verdict} by {size}" if cell.verdict in ("higher", "lower") else cell.verdict
            style = "bold" if cell.part.words == "the whole scenario" else None
            table.add_row(Text(cell.part.words, style=style), Text(f"{verdict} (z {cell.z:+.1f})", style=style))
        parts.append(Padding(table, (0, 0, 0, 2)))
        parts.append(Text(""))
    return Group(*parts)
