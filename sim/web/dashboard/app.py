"""The Shiny app: one page per mode, a banner that never scrolls away, and the runner underneath.

``PAGES`` lists the modes; each is a Shiny module (a UI function and a server function), so the
classroom game is one more entry here, with its own module, sharing the banner, the styles and
``sim.web.dashboard.state.runs_of``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from htmltools import HTML, tags
from shiny import App, ui

from sim.report.charts.style import DISCLAIMER
from sim.scenario import load_scenario
from sim.web.dashboard.explore import explore_server, explore_ui
from sim.web.dashboard.state import BASELINE, Entry, picker_entries

STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")
EXPLORE_SCRIPT = (Path(__file__).parent / "explore.js").read_text(encoding="utf-8")
# Keeps the address bar equal to the setup shown, so that copying it shares the setup.
URL_SCRIPT = """
$(document).on('shiny:connected', function () {
  Shiny.addCustomMessageHandler('airace-url', function (message) {
    if (window.location.search !== message.search) {
      window.history.replaceState(null, '', message.search);
    }
  });
});
"""


@dataclass(frozen=True)
class Page:
    """One mode of the app: its tab title, id, and module UI and server."""

    title: str
    id: str
    ui: Callable
    server: Callable


def pages(entries: Mapping[str, Entry], default: str) -> list[tuple[Page, tuple, dict]]:
    """The app's pages with the arguments their modules take."""
    explore = Page("Explore", "explore", explore_ui, explore_server)
    return [(explore, (entries, default), {"entries": entries, "default": default})]


def create_app(scenario: Path | None = None, replications: int | None = None) -> App:
    """The dashboard, opening on ``scenario`` (a scenario file; default the baseline), each
    scenario run ``replications`` times (default its own number, at most 50)."""
    from sim.web.dashboard.shiny_costs import lighten

    lighten()  # what Shiny spends per page, taken off (shiny_costs)
    entries = picker_entries(scenario, replications)
    default = load_scenario(scenario).name if scenario is not None else BASELINE
    modes = pages(entries, default)
    banner = tags.div(
        tags.strong(DISCLAIMER),
        " Every line is the middle of many runs of a simplified model; the shaded band holds 90% of them.",
        class_="banner",
        role="note",
    )
    app_ui = ui.page_navbar(
        *[ui.nav_panel(page.title, page.ui(page.id, *args), value=page.id) for page, args, _ in modes],
        title="AI race simulator",
        id="mode",
        header=tags.div(
            tags.style(HTML(STYLE)), tags.script(HTML(URL_SCRIPT)), tags.script(HTML(EXPLORE_SCRIPT)), banner
        ),
        window_title="AI race simulator: dashboard",
        fillable=False,
        lang="en",
    )

    def server(input, output, session) -> None:
        for page, _, kwargs in modes:
            page.server(page.id, **kwargs)

    return App(app_ui, server)
