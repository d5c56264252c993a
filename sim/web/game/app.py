"""The classroom game's pages, in the dashboard's Shiny app: team, facilitator, projector, debrief.

One page serves every role: the code in the address (``/game/?code=K7QM-4XPA``) says whose page it
is, so a reloaded page or a reconnecting browser comes back to the same team with its moves (they
live in SQLite, ``sim.web.game.store``), and a code never shows more than its role may see: a team sees
its own moves of the open round and everyone's moves of played rounds; the projector sees who has
locked in and, once a round is played, what each team did; the facilitator sees everything. Every
page polls the game's log (one cheap ``MAX(seq)`` query) and redraws when something happened, so
several servers, or a restarted one, stay in step.

The game is mounted next to the dashboard (``create_app``): ``/`` is the dashboard, ``/game/`` the game.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from pathlib import Path

import pandas as pd
from htmltools import HTML, Tag, TagList, tags
from shiny import App, reactive, render, req, ui
from shiny.types import SilentException

from sim.registry.calendar import quarter_label
from sim.registry.labels import OUTCOME_LABELS, lever_label
from sim.registry.params import PARAMS
from sim.report.charts.style import DISCLAIMER
from sim.web.dashboard.explore import lever_control as dashboard_lever_control
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
$(document).on('shiny:connected', function () {
  Shiny.addCustomMessageHandler('airace-url', function (message) {
    if (window.location.search !== message.search) { window.history.replaceState(null, '', message.search); }
  });
});
setInterval(function () {
  document.querySelectorAll('[data-deadline]').forEach(function (el) {
    const left = Math.max(0, Math.round(parseFloat(el.dataset.deadline) - Date.now() / 1000));
    el.textContent = left > 0 ? `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left` : "time's up";
    el.classList.toggle('late', left === 0);
  });
}, 500);
"""


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
                tags.div(label.title, class_="chart-title"),
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


# ---- the log's last row, read at most once a poll interval per game for all its pages -----------
_versions: dict[tuple[str, str], tuple[float, int]] = {}


def latest_version(store: Store, game: str) -> int:
    key = (str(store.path), game)
    now = time.monotonic()
    with _results_lock:
        seen = _versions.get(key)
    if seen is not None and now - seen[0] < POLL_SECONDS / 2:
        return seen[1]
    version = store.version(game)
    with _results_lock:
        _versions[key] = (now, version)
    return version


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


_charts: OrderedDict[tuple, str] = OrderedDict()


def charts_of(key: tuple, outcomes: tuple[str, ...], game, ref, steps: int) -> str:
    """The chart cards of ``outcomes`` for one history, drawn once for every page that shows them."""
    with _results_lock:
        if (key, outcomes) in _charts:
            return _charts[(key, outcomes)]
    html = str(chart_cards(list(outcomes), game, ref, steps))
    with _results_lock:
        _charts[(key, outcomes)] = html
        while len(_charts) > 256:
            _charts.popitem(last=False)
    return html


# ---- the app ---------------------------------------------------------------------------------
def create_game_app(store: Store) -> App:
    """The game's Shiny app on ``store``."""

    def server(input, output, session) -> None:
        typed = reactive.value("", name="typed")  # named: Shiny infers a name from the stack, slowly

        @reactive.calc
        def code() -> str:
            from urllib.parse import parse_qs

            found = parse_qs(session.clientdata.url_search().lstrip("?")).get("code", [""])[-1]
            return normal_code(typed() or found)

        @reactive.calc
        def who() -> tuple[str, str] | None:
            return store.who(code()) if code() else None

        @reactive.calc
        def view() -> str:
            from urllib.parse import parse_qs

            return parse_qs(session.clientdata.url_search().lstrip("?")).get("view", [""])[-1]

        # Polling the log: one MAX(seq) query a poll. (Hand-made rather than reactive.poll, whose
        # unnamed values make Shiny walk the call stack to name them: a quarter second per page.)
        version: reactive.Value = reactive.value(0, name="version")

        @reactive.effect
        def _poll() -> None:
            reactive.invalidate_later(POLL_SECONDS)
            found = who()
            latest = latest_version(store, found[0]) if found else 0
            with reactive.isolate():
                if latest != version.get():
                    version.set(latest)

        @reactive.calc
        def state() -> GameState | None:
            version()
            found = who()
            return store.state(found[0]) if found else None

        # Two keys decide what is redrawn: the page's frame (role, round, lock) and the game's history
        # (the played rounds' moves). Moves within a round change neither, so the sliders a team is
        # dragging are never redrawn under it, and the model's results are computed once per history.
        page_key: reactive.Value = reactive.value(None, name="page_key")
        history: reactive.Value = reactive.value(None, name="history")

        @reactive.effect
        def _keys() -> None:
            found, s = who(), state()
            if found is None or s is None:
                key, past = ("join", bool(code())), None
            else:
                role = found[1]
                key = (role, s.id, s.round, role in s.at(s.round).locked, s.finished, view())
                past = history_key(s)
            with reactive.isolate():
                if key != page_key.get():
                    page_key.set(key)
                if past != history.get():
                    history.set(past)

        @reactive.calc
        def played() -> tuple[pd.DataFrame, pd.DataFrame, list]:
            key = history()
            req(key is not None)
            with reactive.isolate():
                s = state()
            return results_of(key, s)

        @reactive.effect
        @reactive.event(input.join)
        async def _join() -> None:
            entered = normal_code(input.join_code() or "")
            if store.who(entered) is None:
                ui.notification_show(
                    "That code is not one this game gave out: check it with your facilitator.", type="error"
                )
                return
            typed.set(entered)
            await session.send_custom_message("airace-url", {"search": f"?code={entered}"})

        def flash(error: Exception) -> None:
            ui.notification_show(str(error), type="error", duration=6)

        @render.ui
        def page():
            key = page_key()
            req(key is not None)
            if key[0] == "join":
                return join_page(bad=key[1])
            role = key[0]
            with reactive.isolate():
                s = state()
            if role == FACILITATOR:
                return facilitator_page(s)
            if role == PROJECTOR:
                return debrief_page(s) if view() == "debrief" else projector_page(s)
            return team_page(role, s)

        # ---- a team's moves: every change is one row in the log --------------------------------
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
                try:  # read even before the slider is drawn, so that its first move re-runs this
                    shown = input[lever_input_id(s.round, lever)]()
                except SilentException:
                    continue
                if shown is None:
                    continue
                param = PARAMS[lever]
                if param.choices or isinstance(param.default, bool):
                    value = shown
                else:
                    value = slider_for(lever).raw(shown, current[lever])
                if value != current[lever]:
                    try:
                        store.move(code(), lever, value)
                    except (GameError, ValueError, PermissionError) as error:
                        flash(error)

        @reactive.effect
        @reactive.event(input.asks, ignore_none=False)
        def _asks() -> None:
            s = state()
            chosen = list(input.asks() or [])
            if s is None or chosen == s.at(s.round).asks.get(who()[1], []):
                return
            try:
                store.ask(code(), chosen)
            except (GameError, PermissionError) as error:
                flash(error)

        @reactive.effect
        @reactive.event(input.lock)
        def _lock() -> None:
            try:
                store.lock(code())
            except (GameError, PermissionError) as error:
                flash(error)

        @reactive.effect
        @reactive.event(input.unlock)
        def _unlock() -> None:
            store.unlock(code())

        # ---- the facilitator's buttons ---------------------------------------------------------
        @reactive.effect
        @reactive.event(input.advance)
        def _advance() -> None:
            try:
                store.advance(code())
            except (GameError, PermissionError) as error:
                flash(error)

        @reactive.effect
        @reactive.event(input.undo)
        def _undo() -> None:
            try:
                store.undo(code())
            except (GameError, PermissionError) as error:
                flash(error)

        @reactive.effect
        @reactive.event(input.inject)
        def _inject() -> None:
            s = state()
            events = library_events(s.teams)
            chosen = input.event()
            if chosen not in events:
                return
            event = events[chosen]
            try:
                store.inject(code(), event.title, dict(event.levers), event.crisis)
                ui.notification_show(f"{event.title}: it happens at the start of round {s.round}.", duration=4)
            except (GameError, PermissionError, ValueError) as error:
                flash(error)

        @reactive.effect
        @reactive.event(input.timer_start)
        def _timer() -> None:
            store.timer(code(), input.minutes())

        @reactive.effect
        @reactive.event(input.timer_stop)
        def _timer_stop() -> None:
            store.timer(code(), None)

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
        def my_moves():
            s, found = state(), who()
            req(s is not None and found is not None and found[1] in TEAMS)
            team = found[1]
            moves = s.at(s.round).moves.get(team, {})
            held = rf.in_force(s, s.round)
            changed = {k: v for k, v in moves.items() if v != held.get(k)}
            asks = s.at(s.round).asks.get(team, [])
            items = [tags.li(db.move_words(k, v)) for k, v in changed.items()]
            items += [tags.li("Ask: " + ASKS_BY_ID[a].words) for a in asks]
            if not items:
                items = [tags.li("No change yet: your levers stay where they are.")]
            return tags.div(
                tags.h6("Your moves this round (only your team sees them)"), tags.ul(*items), class_="my-moves"
            )

        @render.ui
        def world():
            game, ref, _ = played()
            with reactive.isolate():
                s, found = state(), who()
            if found and found[1] in TEAMS:
                outcomes = [g.outcome for g in TEAMS[found[1]].goals]
            else:
                outcomes = db.goal_outcomes(s)
            return HTML(charts_of(history(), tuple(outcomes), game, ref, ROUND_QUARTERS * s.played))

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
            req(history() is not None)
            with reactive.isolate():
                s = state()
            return revealed(s)

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
            game, ref, found = played()
            with reactive.isolate():
                s = state()
            if not s.played:
                return tags.p("The debrief fills in as rounds are played.")
            steps = ROUND_QUARTERS * s.played
            sentences = [
                tags.li(tags.span(c.verdict, class_=f"verdict verdict-{c.verdict.split()[0]}"), " ", c.detail(steps))
                for c in db.changes(s, game, ref)
            ]
            near = db.closest_words(s, game, ref)
            table = db.timeline(s, game, ref)
            return TagList(
                tags.h5("Scores"),
                score_table(s, found),
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
                HTML(db.moves_table(table, s).to_html(index=False, border=0, classes="timeline")),
                tags.h5("The teams' goals at each round's end (the world with no team moving, in brackets)"),
                HTML(db.outcomes_table(s, game, ref).to_html(index=False, border=0, classes="timeline")),
            )

        @render.download_button(filename=lambda: f"game_{state().id}.yaml")
        def export_yaml():
            yield rf.exported_yaml(state())

        @render.download_button(filename=lambda: f"game_{state().id}_timeline.csv")
        def export_csv():
            s = state()
            game, ref, _ = played()
            yield db.timeline(s, game, ref).to_csv(index=False)

        @render.download_button(filename=lambda: f"game_{state().id}_runs.csv")
        def export_runs():
            game, _, _ = played()
            yield game.to_csv(index=False)

        @render.download_button(filename=lambda: f"game_{state().id}.png")
        def export_png():
            s = state()
            game, ref, _ = played()
            yield db.png(s, game, ref)

        @render.download_button(filename=lambda: f"game_{state().id}_debrief.html")
        def export_report():
            s = state()
            game, ref, _ = played()
            yield db.report(s, game, ref)

        # ---- the pages ----------------------------------------------------------------------------
        def join_page(bad: bool) -> Tag:
            return tags.div(
                tags.h3("Join the classroom game"),
                tags.p("Type the code your facilitator gave your team."),
                tags.p("That code is not one this game gave out.", class_="refused") if bad else None,
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
                    ui.input_action_button("unlock", "Change my moves", class_="btn-outline-secondary"),
                )
            else:
                current = {**rf.in_force(s, s.round), **s.at(s.round).moves.get(team, {})}
                inputs = [lever_control(s.round, lever, current[lever]) for lever in t.levers]
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
                    ui.input_action_button("lock", "Lock in our moves", class_="btn-primary lock-button"),
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
                        tags.div(tags.h5("Your moves"), controls, class_="card-like moves-panel"),
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
            codes = store.codes(s.id)
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
                ui.input_action_button(
                    "advance",
                    f"Play round {s.round}: the model runs {ROUND_QUARTERS} quarters"
                    if not s.finished
                    else "Game over",
                    class_="btn-primary",
                    disabled=s.finished,
                ),
                ui.input_action_button(
                    "undo", "Undo the last round", class_="btn-outline-danger", disabled=s.played == 0
                ),
                class_="facilitator-buttons",
            )
            inject = tags.div(
                ui.input_select(
                    "event",
                    "Inject an event this round (from the scenario library)",
                    {k: e.title for k, e in events.items()},
                ),
                ui.input_action_button("inject", "Inject", class_="btn-outline-warning", disabled=s.finished),
                class_="inject",
            )
            clock = tags.div(
                ui.input_numeric("minutes", "Timer (minutes)", value=8, min=1, max=60, step=1),
                ui.input_action_button("timer_start", "Start timer"),
                ui.input_action_button("timer_stop", "Stop timer"),
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

    return Starlette(
        routes=[
            Route("/game", lambda request: RedirectResponse(f"/game/?{request.url.query}")),
            Mount("/game", app=create_game_app(store)),
            Mount("/", app=dashboard_app(scenario, replications)),
        ]
    )


def serve(store_path: Path, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(Store(store_path)), host=host, port=port, log_level="warning")


__all__ = ["create_app", "create_game_app", "serve"]
