"""The classroom game's pages, in the dashboard's Shiny app: team, facilitator, projector, debrief.

One page serves every role: the code in the address (``/game/?code=K7QM-4XPA``) says whose page it
is, so a reloaded page or a reconnecting browser comes back to the same team with its moves (they
live in SQLite, ``sim.web.game.store``), and a code never shows more than its role may see: a team sees
its own moves of the open round and everyone's moves of played rounds; the projector sees who has
locked in and, once a round is played, what each team did; the facilitator sees everything. One
watcher per server reads the last row of each game's log (one cheap ``MAX(seq)`` query for all its
pages) and tells a game's pages when it has grown; they then fold only the new rows. So several
servers, or a restarted one, stay in step, and an idle page costs nothing.

The game is mounted next to the dashboard (``create_app``): ``/`` is the dashboard, ``/game/`` the game.
"""

from __future__ import annotations

from pathlib import Path

from htmltools import HTML, Tag, tags
from shiny import App, reactive, render, req, ui

from sim.report.charts.style import DISCLAIMER
from sim.web.dashboard import offload
from sim.web.dashboard.guard import WS_MAX_BYTES, Guard
from sim.web.dashboard.shiny_costs import lighten
from sim.web.game.moves import register_moves
from sim.web.game.pages import page as draw_page
from sim.web.game.parts import register_exports, register_parts
from sim.web.game.pieces import minutes, parse_act
from sim.web.game.session import GamePage
from sim.web.game.shared import ATTEMPTS, LOCKED_OUT, POLL_SECONDS, Attempts, Watcher
from sim.web.game.store import Store, normal_code

STYLE = (Path(__file__).resolve().parent.parent / "dashboard" / "style.css").read_text(encoding="utf-8")
GAME_STYLE = (Path(__file__).resolve().parent / "game.css").read_text(encoding="utf-8")
SCRIPT = """
// A code that opened a page leaves the address bar and the history; this tab alone keeps it, so a
// reload or a reconnect comes back to the same page (another tab, or a shared computer's next
// browser, does not).
$(document).on('shiny:connected', function () {
  Shiny.addCustomMessageHandler('airace-joined', function (message) {
    sessionStorage.setItem('airace-code', message.code);
    const params = new URLSearchParams(window.location.search);
    if (params.has('code')) {
      params.delete('code');
      const rest = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (rest ? '?' + rest : ''));
    }
  });
  Shiny.addCustomMessageHandler('airace-left', function (message) { sessionStorage.removeItem('airace-code'); });
  const kept = sessionStorage.getItem('airace-code');
  if (kept && !new URLSearchParams(window.location.search).has('code')) {
    Shiny.setInputValue('kept_code', kept);
  }
});
// A button that changes the game says which round it was pressed in, and is disabled at once (with
// every other such button of the page) until the server has answered: a double click sends one press.
$(document).on('click', 'button[data-act]', function (event) {
  const el = event.currentTarget;
  if (el.disabled || !window.Shiny || !Shiny.setInputValue) { return; }
  document.querySelectorAll('button[data-act]').forEach(function (b) { b.disabled = true; });
  if (el.dataset.busy) { el.dataset.label = el.textContent; el.textContent = el.dataset.busy; }
  el.classList.add('working');
  Shiny.setInputValue('act', {kind: el.dataset.act, round: Number(el.dataset.round), at: Date.now() + Math.random()},
                      {priority: 'event'});
});
$(document).on('shiny:connected', function () {
  Shiny.addCustomMessageHandler('airace-ready', function (message) {
    document.querySelectorAll('button[data-act]').forEach(function (b) {
      b.disabled = b.dataset.off === '1';
      if (b.dataset.label) { b.textContent = b.dataset.label; delete b.dataset.label; }
      b.classList.remove('working');
    });
  });
});
// Enter in the join box joins, as the Join button does.
$(document).on('keydown', '#join_code', function (event) {
  if (event.key !== 'Enter') { return; }
  event.preventDefault();
  Shiny.setInputValue('join_code', this.value.slice(0, 40), {priority: 'event'});
  document.getElementById('join').click();
});
setInterval(function () {
  document.querySelectorAll('[data-deadline]').forEach(function (el) {
    const left = Math.max(0, Math.round(parseFloat(el.dataset.deadline) - Date.now() / 1000));
    el.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left` : "time's up";
    el.classList.toggle('late', left === 0);
  });
}, 500);
"""


def game_ui() -> Tag:
    return ui.page_fluid(
        tags.head(tags.style(HTML(STYLE + GAME_STYLE)), tags.script(HTML(SCRIPT))),
        tags.div(tags.strong("What-if, not forecast. "), DISCLAIMER, class_="banner", role="note"),
        ui.output_ui("page"),
        title="AI race simulator: the classroom game",
        lang="en",
    )


def create_game_app(store: Store) -> App:
    """The game's Shiny app on ``store``: one ``GamePage`` per session, its outputs (``parts``),
    its effects (``moves``) and its frame (``pages``)."""
    watcher = Watcher(store)
    lighten()

    def server(input, output, session) -> None:
        p = GamePage(input, session, store, watcher)
        register_entry(p)
        register_parts(p)
        register_moves(p)
        register_exports(p)

    return App(game_ui(), server)


def register_entry(p: GamePage) -> None:
    """The join box, the code leaving the address bar, and the page's frame."""

    @reactive.effect
    @reactive.event(p.input.join)
    async def _join() -> None:
        if ATTEMPTS.locked(p.client):
            ui.notification_show(LOCKED_OUT, type="error", duration=8)
            return
        typed_text = p.input.join_code()
        entered = normal_code(typed_text if isinstance(typed_text, str) else "")
        if not entered or p.store.who(entered) is None:
            ATTEMPTS.fail(p.client)
            ui.notification_show(
                "That code is not one this game gave out: check it with your facilitator.", type="error"
            )
            return
        p.typed.set(entered)

    @reactive.effect
    async def _address() -> None:
        """Once a code opens a page, it leaves the address bar (and the browser's history) and is
        kept by this tab alone; a code that no longer opens anything is forgotten."""
        found, why = p.entry()
        if found is not None:
            await p.session.send_custom_message("airace-joined", {"code": p.code()})
        elif why in ("bad", "expired", "replaced"):
            await p.session.send_custom_message("airace-left", {})

    @render.ui
    def page():
        key = p.page_key()
        req(key is not None)
        with reactive.isolate():
            return draw_page(p, key)


def create_app(store: Store, scenario: Path | None = None, replications: int | None = None):
    """The dashboard at ``/`` and the game at ``/game/``, in one ASGI app."""
    from starlette.applications import Starlette
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route

    from sim.web.dashboard.app import create_app as dashboard_app

    return Guard(
        Starlette(
            routes=[
                Route("/game", lambda request: RedirectResponse(f"/game/?{request.url.query}")),
                Mount("/game", app=create_game_app(store)),
                Mount("/", app=dashboard_app(scenario, replications)),
            ]
        )
    )


def serve(store_path: Path, host: str, port: int) -> None:
    import uvicorn

    app = create_app(Store(store_path))
    offload.pool("game"), offload.pool("dashboard")  # their workers import the model while the server starts
    uvicorn.run(app, host=host, port=port, log_level="warning", ws_max_size=WS_MAX_BYTES, ws_per_message_deflate=False)


__all__ = ["POLL_SECONDS", "Attempts", "create_app", "create_game_app", "minutes", "parse_act", "serve"]
