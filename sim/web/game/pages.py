"""The game's pages, one function each: the join box, a team's page, the facilitator's, the
projector's and the debrief. A page is its frame (drawn again when the role, the round or a lock
changes); the parts inside it follow the game on their own (``sim.web.game.parts``)."""

from __future__ import annotations

from htmltools import Tag, tags
from shiny import ui

from sim.web.game import referee as rf
from sim.web.game.moves import shown_as
from sim.web.game.pieces import act_button, briefing, lever_control, lever_input_id
from sim.web.game.session import GamePage
from sim.web.game.shared import LOCKED_OUT
from sim.web.game.store import FACILITATOR, PROJECTOR, GameState
from sim.web.game.teams import ASKS, ASKS_PER_ROUND, ROUND_QUARTERS, TEAMS
from sim.web.game.vocabulary import library_events


def card(title: str, *parts, also: str = "") -> Tag:
    """A titled card of a game page (``also``: more CSS classes)."""
    return tags.div(tags.h5(title), *parts, class_=f"card-like {also}".strip())


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


def team_page(p: GamePage, team: str, s: GameState) -> Tag:
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
        p.seen.update({lever_input_id(s.round, lever): shown_as(lever, current[lever]) for lever in t.levers})
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
                card("This round, step by step", ui.output_ui("steps")),
                card("Your moves", ui.output_ui("budget"), controls, also="moves-panel"),
                ui.output_ui("my_moves"),
            ),
            tags.div(
                card("Who has locked in", ui.output_ui("status")),
                card("Your goals in the world so far", ui.output_ui("world")),
                card("Scores", ui.output_ui("scores")),
                card("Moves revealed", ui.output_ui("moves_revealed")),
            ),
            col_widths=(4, 8),
        ),
        class_="team-page",
    )


def facilitator_page(s: GameState, codes: dict[str, str]) -> Tag:
    """The facilitator's page: round controls, who has locked in, the codes, exports, and the game."""
    return tags.div(
        ui.output_ui("header"),
        ui.layout_columns(
            tags.div(
                card("Round controls", *round_controls(s)),
                card("Who has locked in", ui.output_ui("status"), ui.output_ui("hidden_moves")),
                codes_card(s, codes),
                card("Export", downloads()),
            ),
            tags.div(
                card("Scores", ui.output_ui("scores")),
                card("The world so far", ui.output_ui("world")),
                card("Moves revealed", ui.output_ui("moves_revealed")),
                card("Debrief", ui.output_ui("debrief")),
            ),
            col_widths=(4, 8),
        ),
        class_="facilitator-page",
    )


def round_controls(s: GameState) -> tuple[Tag, Tag, Tag]:
    """Play and undo; an event to inject; the timer."""
    buttons = tags.div(
        act_button(
            "advance",
            f"Play round {s.round}: the model runs {ROUND_QUARTERS} quarters" if not s.finished else "Game over",
            s.round,
            "btn-primary",
            busy=f"Playing round {s.round}…",
            off=s.finished,
        ),
        act_button("undo", "Undo the last round", s.round, "btn-outline-danger", busy="Undoing…", off=s.played == 0),
        class_="facilitator-buttons",
    )
    events = library_events(s.teams)
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
    return buttons, inject, clock


def codes_card(s: GameState, codes: dict[str, str]) -> Tag:
    """Each team's code and join link, new codes, and the projector's links."""
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
    return card(
        "Team codes",
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
    )


def downloads() -> Tag:
    return tags.div(
        ui.download_button("export_yaml", "Scenario file (YAML)"),
        ui.download_button("export_csv", "Timeline (CSV)"),
        ui.download_button("export_runs", "Every run (CSV)"),
        ui.download_button("export_png", "Chart (PNG)"),
        ui.download_button("export_report", "Debrief report (HTML)"),
        class_="downloads",
    )


def projector_page(s: GameState) -> Tag:
    return tags.div(
        ui.output_ui("header"),
        ui.layout_columns(
            tags.div(
                card("Who has locked in", ui.output_ui("status")),
                card("Scores", ui.output_ui("scores")),
                card("Moves revealed", ui.output_ui("moves_revealed")),
            ),
            card("The world so far", ui.output_ui("world")),
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


def page(p: GamePage, key: tuple) -> Tag:
    """The page's frame for its key (``GamePage.page_key``)."""
    if key[0] == "join":
        return join_page(key[1])
    role = key[0]
    s = p.state()
    if role == FACILITATOR:
        return facilitator_page(s, p.store.codes(p.code()))
    if role == PROJECTOR:
        return debrief_page(s) if p.view() == "debrief" else projector_page(s)
    return team_page(p, role, s)
