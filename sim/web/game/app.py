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

import asyncio
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from htmltools import HTML, Tag, TagList, tags
from shiny import App, reactive, render, req, ui
from shiny.types import SilentException

from sim.registry.calendar import quarter_label
from sim.registry.labels import OUTCOME_LABELS, lever_label
from sim.registry.params import PARAMS, Value
from sim.report.charts.style import DISCLAIMER
from sim.web.dashboard import offload
from sim.web.dashboard.explore import lever_control as dashboard_lever_control
from sim.web.dashboard.guard import WS_MAX_BYTES, Guard, query_problem
from sim.web.dashboard.state import slider_for
from sim.web.game import debrief as db
from sim.web.game import referee as rf
from sim.web.game.store import FACILITATOR, PROJECTOR, GameError, GameState, Store, normal_code
from sim.web.game.teams import ASKS, ASKS_BY_ID, ASKS_PER_ROUND, ROUND_QUARTERS, TEAMS
from sim.web.game.vocabulary import library_events

STYLE = (Path(__file__).resolve().parent.parent / "dashboard" / "style.css").read_text(encoding="utf-8")
GAME_STYLE = (Path(__file__).resolve().parent / "game.css").read_text(encoding="utf-8")
POLL_SECONDS = 0.7
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


ROUND_STEPS = (
    "Read the briefing and look at the world so far (the charts on the right).",
    "Agree your moves as a team and set them: each change is saved at once, and only your team sees it.",
    "Lock in your moves. You can unlock and change them until the facilitator plays the round.",
    f"The facilitator plays the round: the model runs {ROUND_QUARTERS} quarters (a year) with every team's moves.",
    "Every team's moves are revealed and scored against the same world with no team moving. Next round!",
)


def lever_budget(team: str) -> str:
    from sim.web.game.teams import budget_lever

    return budget_lever(team) or ""


ACTIONS = ("advance", "undo", "lock", "unlock", "inject", "timer_start", "timer_stop", "rotate")


def act_button(kind: str, label: str, number: int, class_: str, busy: str = "", off: bool = False) -> Tag:
    """A button that changes the game: it carries the round it was pressed in (the server acts only
    if that round is still open) and is disabled in the browser from the first click until answered."""
    return tags.button(
        label,
        type="button",
        id=kind,
        class_=f"btn {class_} act-button",
        data_act=kind,
        data_round=str(number),
        data_busy=busy or None,
        data_off="1" if off else None,
        disabled="disabled" if off else None,
    )


def parse_act(act: object) -> tuple[str, int]:
    """(kind, round) of a button press as the page sends it; GameError for anything else (a
    hand-made request), named."""
    if isinstance(act, dict):
        kind, number = act.get("kind"), act.get("round")
        if kind in ACTIONS and isinstance(number, int) and not isinstance(number, bool) and 0 < number < 1000:
            return kind, number
    raise GameError("that button press was not understood: reload the page and press it again")


def query_value(search: str, name: str) -> str:
    """The last ``name=`` of an address's query; "" when absent or when the query is beyond the
    server's limits (a hand-made session's: the server refuses such an address itself)."""
    from urllib.parse import parse_qs

    if not isinstance(search, str) or query_problem(search.lstrip("?")):
        return ""
    return parse_qs(search.lstrip("?")).get(name, [""])[-1]


def minutes(value: object) -> float:
    """The timer's minutes as typed: 1 to 60; GameError otherwise."""
    try:
        found = float(value)
    except (TypeError, ValueError):
        found = float("nan")
    if not 1 <= found <= 60:
        raise GameError(f"Timer (minutes): {str(value)[:20]!r} is not allowed; choose 1 to 60 minutes")
    return found


def lever_input_id(number: int, lever: str) -> str:
    """A lever's input id in round ``number``: a new round draws new inputs, so a value still in
    flight from last round's slider is never taken for a move in this one."""
    return f"r{number}__{lever.replace('.', '__')}"


def game_ui() -> Tag:
    return ui.page_fluid(
        tags.head(tags.style(HTML(STYLE + GAME_STYLE)), tags.script(HTML(SCRIPT))),
        tags.div(tags.strong("What-if, not forecast. "), DISCLAIMER, class_="banner", role="note"),
        ui.output_ui("page"),
        title="AI race simulator: the classroom game",
        lang="en",
    )


# ---- pieces of pages -------------------------------------------------------------------------
def _year(number: int) -> str:
    return quarter_label(ROUND_QUARTERS * (number - 1) + 1)[:4]


def round_title(state: GameState) -> str:
    if state.finished:
        return f"Game over: {state.total_rounds} rounds played (2025-{_year(state.total_rounds)})"
    return f"Round {state.round} of {state.total_rounds}: the year {_year(state.round)}"


def timer(state: GameState) -> Tag | None:
    if state.deadline is None or state.finished:
        return None
    return tags.span("", class_="timer", data_deadline=f"{state.deadline:.0f}")


def locked_list(state: GameState) -> Tag:
    locked = state.at(state.round).locked
    items = [
        tags.li(
            TEAMS[t].name,
            tags.span("locked in" if t in locked else "still deciding", class_="lock-state"),
            class_="locked" if t in locked else "open",
            data_team=t,
        )
        for t in state.teams
    ]
    return tags.ul(*items, class_="lock-list")


def briefing(team: str, state: GameState) -> Tag:
    t = TEAMS[team]
    goals = [
        tags.li(
            f"{goal.why[0].upper() + goal.why[1:]}: ",
            tags.strong(f"{OUTCOME_LABELS[goal.outcome].title} {'higher' if goal.direction > 0 else 'lower'}"),
        )
        for goal in t.goals
    ]
    rule = (
        "Scoring: at the end of each round the model compares each of your goals with the same world in which "
        "no team moved, run on the same chance events. +1 when you are clearly better off (by at least half "
        "the reference's run-to-run spread, what you can see on a chart), -1 when clearly worse, 0 when the "
        "difference could be chance."
    )
    if t.asks:
        levers_part = tags.div(
            tags.p(
                "In the model the developing nations choose their own AI stack (American, Chinese, open "
                "models, both, or none) from what the powers offer: price, quality, financing, infrastructure "
                "and trust. No lever of the model is yours. Each round you make up to "
                f"{ASKS_PER_ROUND} public asks of the powers; they are revealed when the round is played, and "
                "each scores +1 for you when the power moves that lever your way the next round."
            ),
            class_="honest",
        )
    else:
        levers_part = tags.div(
            tags.p("Your levers: " + "; ".join(lever_label(lever).title for lever in t.levers) + "."),
            tags.p("Every actor no team plays acts under the scenario's doctrine.", class_="small-note"),
        )
    quotes = [tags.blockquote(f"“{quote}”", tags.footer(f"seeds/{source}")) for quote, source in t.quotes()]
    return tags.details(
        tags.summary(f"Briefing: you play {t.plays}"),
        tags.h6("Your goals"),
        tags.ul(*goals),
        tags.p(rule, class_="small-note"),
        levers_part,
        tags.h6("What the articles say about your position"),
        *quotes,
        class_="briefing card-like",
        open=state.round == 1,
    )


def lever_control(number: int, lever: str, value) -> Tag:
    return dashboard_lever_control(lever_input_id(number, lever), lever, value)


def revealed(state: GameState, teams: list[str] | None = None) -> Tag:
    """The played rounds' moves, newest first: what everyone may see."""
    if not state.played:
        return tags.p("Moves are revealed here when the facilitator plays the round.", class_="small-note")
    blocks = []
    for number in range(state.played, 0, -1):
        words = db.round_words(state, number)
        items = [
            tags.li(tags.strong(TEAMS[t].name + ": "), words[t], data_team=t, style=f"border-color:{TEAMS[t].colour}")
            for t in (teams or state.teams)
        ]
        if words["events"]:
            items.append(tags.li(tags.strong("Event: "), words["events"], class_="event"))
        blocks.append(tags.div(tags.h6(f"Round {number} ({_year(number)})"), tags.ul(*items), class_="round-moves"))
    return tags.div(*blocks, class_="revealed")


def score_table(state: GameState, found: list) -> Tag:
    header = tags.tr(tags.th("Team"), *[tags.th(f"R{n}") for n in range(1, state.round)], tags.th("Total"))
    rows = []
    for t in state.teams:
        per = [sum(s.points for s in found if s.team == t and s.round == n) for n in range(1, state.round)]
        rows.append(
            tags.tr(
                tags.td(TEAMS[t].name, style=f"border-left:6px solid {TEAMS[t].colour}"),
                *[tags.td(f"{p:+d}") for p in per],
                tags.td(tags.strong(f"{sum(per):+d}")),
                data_team=t,
            )
        )
    return tags.table(header, *rows, class_="scores")


def goal_lines(team: str, found: list, number: int) -> Tag:
    items = []
    for s in found:
        if s.team != team or s.round != number:
            continue
        if isinstance(s, rf.GoalScore):
            items.append(tags.li(f"{OUTCOME_LABELS[s.outcome].title}: {s.words} ({s.points:+d})"))
        else:
            answer = "answered" if s.answered else "not answered"
            items.append(tags.li(f"Ask '{ASKS_BY_ID[s.ask].words}': {answer} ({s.points:+d})"))
    return tags.ul(*items, class_="goal-lines")


def chart_cards(outcomes: list[str], game: pd.DataFrame, ref: pd.DataFrame, steps: int) -> Tag:
    cards = []
    for column in outcomes:
        label = OUTCOME_LABELS[column]
        cards.append(
            tags.div(
                tags.div(label.title, class_="chart-title", title=f"{column} in the model's outcomes"),
                tags.div(label.unit + (f"; {label.note}" if label.note else ""), class_="chart-unit"),
                HTML(db.chart(column, game, ref, steps)),
                class_="chart-card",
                data_outcome=column,
            )
        )
    legend = (
        "Blue: the game so far (middle line and 90% of runs). Grey dashed: the same world if no team had moved, "
        "on the same chance events."
        if steps
        else "Where the world goes if no team moves: the teams' moves will be drawn against it."
    )
    return tags.div(tags.p(legend, class_="small-note"), tags.div(*cards, class_="chart-grid"))


# ---- the log, watched once per server for all its pages ------------------------------------------
TOLD_AT_ONCE = 8  # pages redrawn per reactive flush when a game's log grows


class Watcher:
    """Tells the pages of a game that its log has grown. One task per server reads the last row of
    every game some page shows (one small query a ``POLL_SECONDS``, whatever the number of pages, and
    at once after a write made here); when a game's log has grown, the pages of that game are told,
    all in one reactive flush. A page with nothing new costs nothing: no page polls."""

    def __init__(self, store: Store):
        self.store = store
        self.pages: dict[str, dict[int, Callable[[int], None]]] = {}  # game -> page id -> told the version
        self.versions: dict[str, int] = {}
        self.task: asyncio.Task | None = None
        self.wake: asyncio.Event | None = None
        self.reads = 0  # queries made (what the tests and the bench count)

    def watch(self, game: str, page: int, tell: Callable[[int], None]) -> None:
        self.pages.setdefault(game, {})[page] = tell
        if self.task is None or self.task.done():
            self.wake = asyncio.Event()
            self.task = asyncio.get_running_loop().create_task(self._run())
        self.nudge()

    def forget(self, page: int) -> None:
        for game in list(self.pages):
            self.pages[game].pop(page, None)
            if not self.pages[game]:
                del self.pages[game]
                self.versions.pop(game, None)

    def nudge(self) -> None:
        """Look now (a write was just made on this server): its pages need not wait for the next look."""
        if self.wake is not None:
            self.wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), POLL_SECONDS)
            self.wake.clear()
            games = list(self.pages)
            if not games:
                continue
            try:
                latest = self.store.versions(games)
            except Exception:  # a locked or vanished file: look again next time; pages keep what they show
                continue
            self.reads += 1
            grown = [g for g in games if latest[g] != self.versions.get(g) and g in self.pages]
            if not grown:
                continue
            told = [(game, tell) for game in grown for tell in list(self.pages.get(game, {}).values())]
            for game in grown:
                self.versions[game] = latest[game]
            for start in range(0, len(told), TOLD_AT_ONCE):
                # a few pages a flush: each redraws and is sent its page before the next few start,
                # and other pages' requests are answered in between
                async with reactive.lock():
                    for game, tell in told[start : start + TOLD_AT_ONCE]:
                        tell(latest[game])
                    await reactive.flush()
                await asyncio.sleep(0)


_shared: OrderedDict[tuple, str] = OrderedDict()


def shared(key: tuple, make: Callable[[], str]) -> str:
    """A part of a page that is the same on every page showing it (``key`` says of what), drawn once."""
    with _results_lock:
        if key in _shared:
            return _shared[key]
    found = make()
    with _results_lock:
        _shared[key] = found
        while len(_shared) > 256:
            _shared.popitem(last=False)
    return found


# ---- results, computed once per game history in this process --------------------------------------
_results: OrderedDict[tuple, tuple] = OrderedDict()
_results_lock = threading.Lock()


def history_key(s: GameState) -> tuple:
    """What the model's results depend on: the game and its played rounds' moves."""
    return (s.id, s.played, tuple(moves.key() for moves in rf.played_moves(s)))


def results_of(key: tuple, s: GameState) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The game's runs, the reference's and the scores for one history (shared by every page)."""
    with _results_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    game, ref = rf.runs(s), rf.reference(s)
    found = (game, ref, rf.scores(s, game, ref))
    with _results_lock:
        _results[key] = found
        while len(_results) > 64:
            _results.popitem(last=False)
    return found


def page_work(key: tuple, s: GameState, outcomes: tuple[str, ...]) -> dict:
    """Everything model-made a page of one history shows: the runs, the scores and the chart cards
    of ``outcomes``. Run in the game's worker process (``sim.web.dashboard.offload``), never on the
    server's event loop; one answer per distinct request."""
    game, ref, found = results_of(key, s)
    steps = ROUND_QUARTERS * s.played
    charts = str(chart_cards(list(outcomes), game, ref, steps))
    return {"game": game, "ref": ref, "found": found, "charts": charts}


def debrief_work(key: tuple, s: GameState) -> dict:
    """The debrief's parts for one history, in a worker of their own (the closest library scenario
    runs the whole library once per game: the rounds of every page must not queue behind it)."""
    game, ref, found = results_of(key, s)
    work: dict = {"found": found}
    if s.played:
        work["changes"] = db.changes(s, game, ref)
        work["near"] = db.closest_words(s, game, ref)
        table = db.moves_table(db.timeline(s, game, ref), s)
        work["timeline"] = table.to_html(index=False, border=0, classes="timeline")
        work["outcomes"] = db.outcomes_table(s, game, ref).to_html(index=False, border=0, classes="timeline")
    return work


REFUSED_EXPORT = "Only the facilitator's page downloads the game's exports.\n"


def export_work(kind: str, key: tuple, s: GameState) -> str | bytes:
    """An export of one game history (run in the game's worker; each made once: a class downloads
    them often, and the report takes seconds)."""
    if kind == "yaml":
        return rf.exported_yaml(s)
    game, ref, _ = results_of(key, s)
    match kind:
        case "timeline":
            return db.timeline(s, game, ref).to_csv(index=False)
        case "runs":
            return game.to_csv(index=False)
        case "png":
            return db.png(s, game, ref)
        case "report":
            return db.report(s, game, ref)
    raise ValueError(f"export {kind!r}: choose yaml, timeline, runs, png or report")


# ---- join attempts: a guesser is slowed to ten codes a minute per computer -------------------------
LOCKED_OUT = (
    "Too many wrong codes from this computer in the last minute: wait a minute, then type your team's code again."
)


class Attempts:
    """Wrong codes per client address: from the ``limit``-th wrong code within ``window`` seconds,
    every code from that client (right or wrong) is refused until the window has passed."""

    def __init__(self, limit: int = 10, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.failed: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, client: str) -> list[float]:
        now = self.clock()
        times = [t for t in self.failed.get(client, []) if now - t < self.window]
        if times:
            self.failed[client] = times
        else:
            self.failed.pop(client, None)
        return times

    def locked(self, client: str) -> bool:
        with self.lock:
            return len(self._recent(client)) >= self.limit

    def fail(self, client: str) -> None:
        with self.lock:
            self.failed[client] = [*self._recent(client), self.clock()]
            if len(self.failed) > 10_000:  # a flood of addresses: forget the oldest
                self.failed.pop(next(iter(self.failed)))


ATTEMPTS = Attempts()


# ---- the app ---------------------------------------------------------------------------------
def create_game_app(store: Store) -> App:
    """The game's Shiny app on ``store``."""

    watcher = Watcher(store)

    def server(input, output, session) -> None:
        typed = reactive.value("", name="typed")  # named: Shiny infers a name from the stack, slowly

        @reactive.calc
        def code() -> str:
            """This page's code: typed in the join box, in the address it was opened with, or kept by
            this browser tab (``sessionStorage``: after joining, the code leaves the address bar, and
            a reload or a reconnect comes back to the same page)."""
            kept = input["kept_code"]
            stored = kept() if kept.is_set() and isinstance(kept(), str) else ""
            return normal_code(typed() or query_value(session.clientdata.url_search(), "code") or stored)

        client = session.http_conn.client.host if session.http_conn.client else "unknown"

        recheck = reactive.value(0, name="recheck")  # counts the game's code changes this page has seen

        @reactive.calc
        def entry() -> tuple[tuple[str, str] | None, str]:
            """(game, role) of this page's code, or None and why: "" (no code), "bad", "locked",
            "expired" (a team's code once its game is over) or "replaced" (the facilitator gave out
            new codes since this page was opened)."""
            changed = recheck()
            if not code():
                return None, ""
            if ATTEMPTS.locked(client):
                return None, "locked"
            found = store.who(code())
            if found is None:
                if changed:
                    return None, "replaced"
                ATTEMPTS.fail(client)
                return None, "locked" if ATTEMPTS.locked(client) else "bad"
            if store.expired(*found):
                return None, "expired"
            return found, ""

        def who() -> tuple[str, str] | None:
            return entry()[0]

        def facilitating() -> bool:
            found = who()
            return found is not None and found[1] == FACILITATOR

        @reactive.calc
        def view() -> str:
            return query_value(session.clientdata.url_search(), "view")

        # The log's last row as this server's watcher last told it: set only when the log has grown
        # (``Watcher``), so a page with nothing new does no work at all.
        version: reactive.Value = reactive.value(0, name="version")
        page_id = id(session)
        session.on_ended(lambda: watcher.forget(page_id))

        @reactive.effect
        def _watch() -> None:
            found = who()
            watcher.forget(page_id)
            if found is not None:
                watcher.watch(found[0], page_id, version.set)

        @reactive.calc
        def state() -> GameState | None:
            seen = version()
            found = who()
            return store.state(found[0], seen) if found else None

        # Two keys decide what is redrawn: the page's frame (role, round, lock) and the game's history
        # (the played rounds' moves). Moves within a round change neither, so the sliders a team is
        # dragging are never redrawn under it, and the model's results are computed once per history.
        page_key: reactive.Value = reactive.value(None, name="page_key")
        history: reactive.Value = reactive.value(None, name="history")

        codes_seen: list = [None]

        @reactive.effect
        def _keys() -> None:
            found, s = who(), state()
            if found is None or s is None:
                key, past = ("join", entry()[1]), None
            else:
                role = found[1]
                if role == PROJECTOR:  # its frame holds no round: only its parts follow the game
                    key = (role, s.id, view())
                else:
                    key = (role, s.id, s.round, role in s.at(s.round).locked, s.finished, s.codes, view())
                if codes_seen[0] is not None and codes_seen[0] != s.codes:
                    with reactive.isolate():
                        recheck.set(recheck.get() + 1)  # new codes: is this page's still one of them?
                codes_seen[0] = s.codes
                past = history_key(s)
            with reactive.isolate():
                if key != page_key.get():
                    page_key.set(key)
                if past != history.get():
                    history.set(past)

        # The model's work for this page runs in the game's worker process (``page_work``): while a
        # round plays, this page and every other keeps answering, and what the round changes shows
        # as in progress until it is done.
        @reactive.extended_task
        async def work(key: tuple, s: GameState, outcomes: tuple[str, ...]) -> dict:
            return await offload.run("game", (key, outcomes), page_work, key, s, outcomes)

        @reactive.extended_task
        async def debrief_task(key: tuple, s: GameState) -> dict:
            return await offload.run("debrief", key, debrief_work, key, s)

        invoked: list = [None]  # what this page last asked of the worker: asked again only when it changes

        @reactive.effect
        def _work() -> None:
            key, frame = history(), page_key()
            if key is None or frame is None or frame[0] == "join":
                return
            with reactive.isolate():
                s, found = state(), who()
            if found is not None and found[1] in TEAMS:
                outcomes = tuple(g.outcome for g in TEAMS[found[1]].goals)
            else:
                outcomes = tuple(db.goal_outcomes(s))
            with_debrief = frame[0] == FACILITATOR or (frame[0] == PROJECTOR and frame[-1] == "debrief")
            if invoked[0] != (key, outcomes, with_debrief):
                if invoked[0] is None or invoked[0][:2] != (key, outcomes):
                    work.invoke(key, s, outcomes)
                if with_debrief:
                    debrief_task.invoke(key, s)
                invoked[0] = (key, outcomes, with_debrief)

        @reactive.calc
        def done() -> dict:
            req(history() is not None)
            return work.result()

        def played() -> tuple[pd.DataFrame, pd.DataFrame, list]:
            found = done()
            return found["game"], found["ref"], found["found"]

        @reactive.effect
        @reactive.event(input.join)
        async def _join() -> None:
            if ATTEMPTS.locked(client):
                ui.notification_show(LOCKED_OUT, type="error", duration=8)
                return
            typed_text = input.join_code()
            entered = normal_code(typed_text if isinstance(typed_text, str) else "")
            if not entered or store.who(entered) is None:
                ATTEMPTS.fail(client)
                ui.notification_show(
                    "That code is not one this game gave out: check it with your facilitator.", type="error"
                )
                return
            typed.set(entered)

        @reactive.effect
        async def _address() -> None:
            """Once a code opens a page, it leaves the address bar (and the browser's history) and is
            kept by this tab alone; a code that no longer opens anything is forgotten."""
            found, why = entry()
            if found is not None:
                await session.send_custom_message("airace-joined", {"code": code()})
            elif why in ("bad", "expired", "replaced"):
                await session.send_custom_message("airace-left", {})

        def flash(error: Exception) -> None:
            ui.notification_show(str(error), type="error", duration=6)

        @render.ui
        def page():
            key = page_key()
            req(key is not None)
            if key[0] == "join":
                return join_page(key[1])
            role = key[0]
            with reactive.isolate():
                s = state()
            if role == FACILITATOR:
                return facilitator_page(s)
            if role == PROJECTOR:
                return debrief_page(s) if view() == "debrief" else projector_page(s)
            return team_page(role, s)

        # ---- a team's moves: one row in the log per change a person makes on this page ------------
        # ``seen`` holds what each input of this page was drawn with or last said. An input that says
        # what it said before has not been touched here, so nothing is written for it: a page that
        # receives another page's change shows it (the input is updated) and never writes it back.
        seen: dict[str, object] = {}

        def shown_as(lever: str, value: Value) -> object:
            param = PARAMS[lever]
            if param.choices:
                return value
            if isinstance(param.default, bool):
                return bool(value)
            return slider_for(lever).shown(value)

        def as_value(lever: str, shown: object, start: Value) -> Value:
            param = PARAMS[lever]
            if param.choices or isinstance(param.default, bool):
                return shown
            try:
                return slider_for(lever).raw(float(shown), start)
            except (TypeError, ValueError, OverflowError):
                raise GameError(f"{lever}: {str(shown)[:40]!r} is not a number") from None

        @reactive.effect
        def _moves() -> None:
            found, s = who(), state()
            if found is None or s is None or found[1] not in TEAMS or s.finished:
                return
            team = found[1]
            if team in s.at(s.round).locked:
                return
            current = {**rf.in_force(s, s.round), **s.at(s.round).moves.get(team, {})}
            for lever in TEAMS[team].levers:
                key = lever_input_id(s.round, lever)
                try:  # read even before the slider is drawn, so that its first move re-runs this
                    shown = input[key]()
                except SilentException:
                    continue
                if shown is None:
                    continue
                if key not in seen:  # the page's first word on an input not drawn yet: nobody touched it
                    seen[key] = shown
                elif seen[key] != shown:  # a person moved it on this page
                    seen[key] = shown
                    try:
                        value = as_value(lever, shown, current[lever])
                        if value != current[lever]:
                            current[lever] = store.move(code(), lever, value, s.round)
                            watcher.nudge()
                    except (GameError, ValueError, PermissionError) as error:
                        flash(error)
                        follow(lever, key, current[lever], said=False)  # the refused move goes back
                    continue
                try:
                    value = as_value(lever, seen[key], current[lever])
                except GameError:
                    value = None
                if value != current[lever]:  # another page of the team moved it: show it here
                    follow(lever, key, current[lever])

        def follow(lever: str, key: str, value: Value, said: bool = True) -> None:
            param = PARAMS[lever]
            seen[key] = shown_as(lever, value)
            if param.choices:
                ui.update_select(key, selected=value)
            elif isinstance(param.default, bool):
                ui.update_switch(key, value=bool(value))
            else:
                ui.update_slider(key, value=seen[key])
            if said:
                ui.notification_show(
                    f"Another page of your team changed this: {db.move_words(lever, value)}", duration=4
                )

        @reactive.effect
        @reactive.event(input.asks, ignore_none=False)
        def _asks() -> None:
            s, found = state(), who()
            if s is None or found is None:
                return
            chosen = input.asks() or []
            if not isinstance(chosen, list | tuple) or len(chosen) > len(ASKS):
                chosen = ["?"]
            stored = s.at(s.round).asks.get(found[1], [])
            if list(chosen) == stored:
                return
            try:
                store.ask(code(), [str(a)[:40] for a in chosen], s.round)
                watcher.nudge()
            except (GameError, PermissionError) as error:
                flash(error)
                ui.update_checkbox_group("asks", selected=stored)  # what was refused is unticked

        @reactive.effect
        @reactive.event(input.act)
        async def _act() -> None:
            redraws = False  # a done advance, undo, lock or unlock redraws the page with new buttons
            try:
                kind, number = parse_act(input.act())
                match kind:
                    case "advance":
                        store.advance(code(), number)
                    case "undo":
                        store.undo(code(), number)
                    case "lock":
                        store.lock(code(), number)
                    case "unlock":
                        store.unlock(code(), number)
                    case "inject":
                        inject(number)
                    case "timer_start":
                        store.timer(code(), minutes(input.minutes()), number)
                    case "timer_stop":
                        store.timer(code(), None, number)
                    case "rotate":
                        store.rotate(code())
                redraws = kind in ("advance", "undo", "lock", "unlock", "rotate")
                watcher.nudge()
            except (GameError, PermissionError, ValueError) as error:
                flash(error)
            if not redraws:
                await session.send_custom_message("airace-ready", {})

        def inject(number: int) -> None:
            s = state()
            events = library_events(s.teams)
            chosen = input.event()
            if chosen not in events:
                raise GameError("choose an event from the list")
            event = events[chosen]
            store.inject(code(), event.title, dict(event.levers), event.crisis, number)
            ui.notification_show(f"{event.title}: it happens at the start of round {number}.", duration=4)

        # ---- parts that follow the game ---------------------------------------------------------
        @render.ui
        def header():
            s = state()
            req(s is not None)
            return tags.div(tags.h3(round_title(s)), timer(s), class_="round-head")

        @render.ui
        def status():
            s = state()
            req(s is not None)
            return locked_list(s)

        @render.ui
        def budget():
            s, found = state(), who()
            req(s is not None and found is not None and found[1] in TEAMS)
            money = rf.budget(s, found[1])
            if money is None:
                return tags.p("The model gives your team no budget: your levers cost nothing.", class_="small-note")
            share = min(max(money.used / money.total, 0.0), 1.0) if money.total else 1.0
            parts = [
                tags.li(tags.span(lever_label(lever).title, title=lever), ": ", rf.usd(value))
                for lever, value in money.spent.items()
            ]
            return tags.div(
                tags.p(
                    tags.strong("Budget: "),
                    f"{rf.usd(money.total)} a quarter; your spending levers take {rf.usd(money.used)}, ",
                    tags.strong(f"{rf.usd(money.left)} left", class_="budget-left"),
                    ". A move beyond it is refused.",
                    title=f"{lever_budget(found[1])} in the model",
                ),
                tags.div(tags.div(class_="budget-used", style=f"width:{share * 100:.0f}%"), class_="budget-bar"),
                tags.ul(*parts, class_="budget-levers small-note"),
                class_="budget",
            )

        @render.ui
        def steps():
            s, found = state(), who()
            req(s is not None and found is not None and found[1] in TEAMS)
            locked = found[1] in s.at(s.round).locked
            now = {5} if s.finished else {4} if locked else {1, 2, 3}
            items = [
                tags.li(words, class_="now" if number in now else "done" if number < min(now) else None)
                for number, words in enumerate(ROUND_STEPS, start=1)
            ]
            return tags.ol(*items, class_="round-steps")

        @render.ui
        def my_moves():
            s, found = state(), who()
            req(s is not None and found is not None and found[1] in TEAMS)
            team = found[1]
            moves = s.at(s.round).moves.get(team, {})
            held = rf.in_force(s, s.round)
            changed = {k: v for k, v in moves.items() if v != held.get(k)}
            asks = s.at(s.round).asks.get(team, [])
            items = [tags.li(db.move_words(k, v), title=f"{k} in the model") for k, v in changed.items()]
            items += [tags.li("Ask: " + ASKS_BY_ID[a].words) for a in asks]
            if not items:
                items = [tags.li("No change yet: your levers stay where they are.")]
            return tags.div(
                tags.h6("Your moves this round (only your team sees them)"), tags.ul(*items), class_="my-moves"
            )

        @render.ui
        def world():
            return HTML(done()["charts"])

        @render.ui
        def scores():
            _, _, found = played()
            with reactive.isolate():
                s = state()
            if not s.played:
                return tags.p("Scores appear when the first round is played.", class_="small-note")
            parts = [score_table(s, found)]
            me = who()[1]
            if me in TEAMS:
                parts.append(tags.h6(f"Round {s.played}: how your goals fared"))
                parts.append(goal_lines(me, found, s.played))
            return TagList(*parts)

        @render.ui
        def moves_revealed():
            past = history()
            req(past is not None)
            with reactive.isolate():
                s = state()
            return HTML(shared(("revealed", past), lambda: str(revealed(s))))

        @render.ui
        def hidden_moves():
            s = state()
            req(s is not None and who()[1] == FACILITATOR)
            if s.finished:
                return None
            items = []
            for t in s.teams:
                moves = s.at(s.round).moves.get(t, {})
                held = rf.in_force(s, s.round)
                words = [db.move_words(k, v) for k, v in moves.items() if v != held.get(k)]
                words += ["asks: " + ASKS_BY_ID[a].words for a in s.at(s.round).asks.get(t, [])]
                items.append(tags.li(tags.strong(TEAMS[t].name + ": "), "; ".join(words) or "no change yet"))
            events = [e["name"] for e in s.at(s.round).events]
            if events:
                items.append(tags.li(tags.strong("Events you injected: "), "; ".join(events)))
            return tags.div(tags.h6("This round so far (only you see this)"), tags.ul(*items))

        @render.ui
        def debrief():
            req(history() is not None)
            found = debrief_task.result()
            with reactive.isolate():
                s = state()
            if not s.played or "near" not in found:
                return tags.p("The debrief fills in as rounds are played.")
            steps = ROUND_QUARTERS * s.played
            sentences = [
                tags.li(tags.span(c.verdict, class_=f"verdict verdict-{c.verdict.split()[0]}"), " ", c.detail(steps))
                for c in found["changes"]
            ]
            near = found["near"]
            score = found["found"]
            return TagList(
                tags.h5("Scores"),
                score_table(s, score),
                tags.h5("What changed, against the same world with no team moving"),
                tags.ul(*sentences, class_="changes"),
                tags.h5("The library scenario the game ran closest to"),
                tags.p(
                    f"{near[0][1]}: of the library's scenarios run on the same chance events, its middle lines "
                    f"run closest to the game's over the played years (next: {near[1][1]}, {near[2][1]}). "
                    "Ask the class: which of that scenario's policies did the teams choose, and which not?",
                    class_="closest",
                    data_scenario=near[0][0],
                ),
                tags.h5("Timeline"),
                HTML(found["timeline"]),
                tags.h5("The teams' goals at each round's end (the world with no team moving, in brackets)"),
                HTML(found["outcomes"]),
            )

        # Exports: the facilitator's page only (a team's session gets one line saying so), each made
        # once per game history and kept for every later download.
        def export_name(suffix: str):
            return lambda: f"game_{state().id}{suffix}" if facilitating() else "not-allowed.txt"

        async def export(kind: str) -> str | bytes:
            if not facilitating():
                return REFUSED_EXPORT
            s = state()
            key = history_key(s)
            return await offload.run("debrief", ("export", kind, key, s.round), export_work, kind, key, s)

        @render.download_button(filename=export_name(".yaml"))
        async def export_yaml():
            yield await export("yaml")

        @render.download_button(filename=export_name("_timeline.csv"))
        async def export_csv():
            yield await export("timeline")

        @render.download_button(filename=export_name("_runs.csv"))
        async def export_runs():
            yield await export("runs")

        @render.download_button(filename=export_name(".png"))
        async def export_png():
            yield await export("png")

        @render.download_button(filename=export_name("_debrief.html"))
        async def export_report():
            yield await export("report")

        # ---- the pages ----------------------------------------------------------------------------
        def join_page(why: str) -> Tag:
            said = {
                "locked": LOCKED_OUT,
                "bad": "That code is not one this game gave out.",
                "expired": "This game is over, so its team codes no longer open it: the facilitator shows the debrief.",
                "replaced": "Your facilitator gave out new codes: type your team's new code.",
            }.get(why)
            return tags.div(
                tags.h3("Join the classroom game"),
                tags.p("Type the code your facilitator gave your team."),
                tags.p(said, class_="refused") if said else None,
                ui.input_text("join_code", "Team code", placeholder="e.g. K7QM-4XPA"),
                ui.input_action_button("join", "Join", class_="btn-primary"),
                class_="join card-like",
            )

        def team_page(team: str, s: GameState) -> Tag:
            t = TEAMS[team]
            locked = team in s.at(s.round).locked
            if s.finished:
                controls = tags.p("The game is over. Your facilitator will lead the debrief.")
            elif locked:
                controls = tags.div(
                    tags.p("Locked in. The other teams cannot see your moves until the round is played."),
                    act_button("unlock", "Change my moves", s.round, "btn-outline-secondary"),
                )
            else:
                current = {**rf.in_force(s, s.round), **s.at(s.round).moves.get(team, {})}
                inputs = [lever_control(s.round, lever, current[lever]) for lever in t.levers]
                seen.update({lever_input_id(s.round, lever): shown_as(lever, current[lever]) for lever in t.levers})
                if t.asks:
                    inputs.append(
                        ui.input_checkbox_group(
                            "asks",
                            f"Your asks this round (up to {ASKS_PER_ROUND})",
                            {a.id: a.words for a in ASKS},
                            selected=s.at(s.round).asks.get(team, []),
                        )
                    )
                controls = tags.div(
                    *inputs,
                    act_button("lock", "Lock in our moves", s.round, "btn-primary lock-button", busy="Locking in…"),
                )
            return tags.div(
                tags.div(
                    tags.div(tags.h2(t.name, style=f"color:{t.colour}"), ui.output_ui("header"), class_="team-head"),
                    class_="team-bar",
                    data_team=team,
                ),
                ui.layout_columns(
                    tags.div(
                        briefing(team, s),
                        tags.div(tags.h5("This round, step by step"), ui.output_ui("steps"), class_="card-like"),
                        tags.div(
                            tags.h5("Your moves"), ui.output_ui("budget"), controls, class_="card-like moves-panel"
                        ),
                        ui.output_ui("my_moves"),
                    ),
                    tags.div(
                        tags.div(tags.h5("Who has locked in"), ui.output_ui("status"), class_="card-like"),
                        tags.div(tags.h5("Your goals in the world so far"), ui.output_ui("world"), class_="card-like"),
                        tags.div(tags.h5("Scores"), ui.output_ui("scores"), class_="card-like"),
                        tags.div(tags.h5("Moves revealed"), ui.output_ui("moves_revealed"), class_="card-like"),
                    ),
                    col_widths=(4, 8),
                ),
                class_="team-page",
            )

        def facilitator_page(s: GameState) -> Tag:
            codes = store.codes(code())
            base = "./"
            rows = [
                tags.tr(
                    tags.td(TEAMS[t].name),
                    tags.td(tags.code(codes[t], class_="team-code")),
                    tags.td(tags.a("join link", href=f"{base}?code={codes[t]}", target="_blank")),
                    data_team=t,
                )
                for t in s.teams
            ]
            events = library_events(s.teams)
            buttons = tags.div(
                act_button(
                    "advance",
                    f"Play round {s.round}: the model runs {ROUND_QUARTERS} quarters"
                    if not s.finished
                    else "Game over",
                    s.round,
                    "btn-primary",
                    busy=f"Playing round {s.round}…",
                    off=s.finished,
                ),
                act_button(
                    "undo", "Undo the last round", s.round, "btn-outline-danger", busy="Undoing…", off=s.played == 0
                ),
                class_="facilitator-buttons",
            )
            inject = tags.div(
                ui.input_select(
                    "event",
                    "Inject an event this round (from the scenario library)",
                    {k: e.title for k, e in events.items()},
                ),
                act_button("inject", "Inject", s.round, "btn-outline-warning", off=s.finished),
                class_="inject",
            )
            clock = tags.div(
                ui.input_numeric("minutes", "Timer (minutes)", value=8, min=1, max=60, step=1),
                act_button("timer_start", "Start timer", s.round, "btn-default"),
                act_button("timer_stop", "Stop timer", s.round, "btn-default"),
                class_="clock",
            )
            downloads = tags.div(
                ui.download_button("export_yaml", "Scenario file (YAML)"),
                ui.download_button("export_csv", "Timeline (CSV)"),
                ui.download_button("export_runs", "Every run (CSV)"),
                ui.download_button("export_png", "Chart (PNG)"),
                ui.download_button("export_report", "Debrief report (HTML)"),
                class_="downloads",
            )
            return tags.div(
                ui.output_ui("header"),
                ui.layout_columns(
                    tags.div(
                        tags.div(tags.h5("Round controls"), buttons, inject, clock, class_="card-like"),
                        tags.div(
                            tags.h5("Who has locked in"),
                            ui.output_ui("status"),
                            ui.output_ui("hidden_moves"),
                            class_="card-like",
                        ),
                        tags.div(
                            tags.h5("Team codes"),
                            tags.table(*rows, class_="codes"),
                            tags.p(
                                "A team's code stops opening the game when the last round is played. New codes "
                                "replace these at once (a page opened with an old one goes back to the join box):",
                                class_="small-note",
                            ),
                            act_button("rotate", "Give out new codes", s.round, "btn-outline-secondary btn-sm"),
                            tags.p(
                                "Projector: ",
                                tags.a("projector view", href=f"{base}?code={codes[PROJECTOR]}", target="_blank"),
                                " · ",
                                tags.a("debrief", href=f"{base}?code={codes[PROJECTOR]}&view=debrief", target="_blank"),
                            ),
                            class_="card-like",
                        ),
                        tags.div(tags.h5("Export"), downloads, class_="card-like"),
                    ),
                    tags.div(
                        tags.div(tags.h5("Scores"), ui.output_ui("scores"), class_="card-like"),
                        tags.div(tags.h5("The world so far"), ui.output_ui("world"), class_="card-like"),
                        tags.div(tags.h5("Moves revealed"), ui.output_ui("moves_revealed"), class_="card-like"),
                        tags.div(tags.h5("Debrief"), ui.output_ui("debrief"), class_="card-like"),
                    ),
                    col_widths=(4, 8),
                ),
                class_="facilitator-page",
            )

        def projector_page(s: GameState) -> Tag:
            return tags.div(
                ui.output_ui("header"),
                ui.layout_columns(
                    tags.div(
                        tags.div(tags.h5("Who has locked in"), ui.output_ui("status"), class_="card-like"),
                        tags.div(tags.h5("Scores"), ui.output_ui("scores"), class_="card-like"),
                        tags.div(tags.h5("Moves revealed"), ui.output_ui("moves_revealed"), class_="card-like"),
                    ),
                    tags.div(tags.h5("The world so far"), ui.output_ui("world"), class_="card-like"),
                    col_widths=(3, 9),
                ),
                class_="projector-page",
            )

        def debrief_page(s: GameState) -> Tag:
            return tags.div(
                ui.output_ui("header"),
                tags.div(ui.output_ui("debrief"), class_="card-like"),
                tags.div(ui.output_ui("world"), class_="card-like"),
                class_="debrief-page",
            )

    return App(game_ui(), server)


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
    uvicorn.run(app, host=host, port=port, log_level="warning", ws_max_size=WS_MAX_BYTES)


__all__ = ["create_app", "create_game_app", "serve"]
