"""Pieces of the game's pages: plain functions of a game's state that return HTML (no session, no
reactivity), so every page, and every test, draws them the same way."""

from __future__ import annotations

import pandas as pd
from htmltools import HTML, Tag, tags

from sim.registry.calendar import quarter_label
from sim.registry.labels import OUTCOME_LABELS, lever_label
from sim.web.dashboard.explore import lever_control as dashboard_lever_control
from sim.web.dashboard.guard import query_problem
from sim.web.game import debrief as db
from sim.web.game import referee as rf
from sim.web.game.store import GameError, GameState
from sim.web.game.teams import ASKS_BY_ID, ASKS_PER_ROUND, ROUND_QUARTERS, TEAMS

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
