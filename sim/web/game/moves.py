"""What a person does on a game page: a team's lever moves and asks, and the buttons that change
the game (lock in, play, undo, inject, timer, new codes).

A team's moves: one row in the log per change a person makes on this page. ``GamePage.seen``
holds what each lever input of the page was drawn with or last said. An input that says what it
said before has not been touched here, so nothing is written for it: a page that receives another
page's change shows it (the input is updated) and never writes it back.
"""

from __future__ import annotations

from shiny import reactive, ui
from shiny.types import SilentException

from sim.registry.params import PARAMS, Value
from sim.web.dashboard.state import slider_for
from sim.web.game import debrief as db
from sim.web.game import referee as rf
from sim.web.game.pieces import lever_input_id, minutes, parse_act
from sim.web.game.session import GamePage
from sim.web.game.store import GameError, GameState
from sim.web.game.teams import ASKS, TEAMS
from sim.web.game.vocabulary import library_events

REDRAWN = ("advance", "undo", "lock", "unlock", "rotate")  # done, they redraw the page with new buttons


def shown_as(lever: str, value: Value) -> object:
    """A lever's value as its input shows it."""
    param = PARAMS[lever]
    if param.choices:
        return value
    if isinstance(param.default, bool):
        return bool(value)
    return slider_for(lever).shown(value)


def as_value(lever: str, shown: object, start: Value) -> Value:
    """A lever's value from what its input says; GameError for what is not a value."""
    param = PARAMS[lever]
    if param.choices or isinstance(param.default, bool):
        return shown
    try:
        return slider_for(lever).raw(float(shown), start)
    except (TypeError, ValueError, OverflowError):
        raise GameError(f"{lever}: {str(shown)[:40]!r} is not a number") from None


def register_moves(p: GamePage) -> None:
    """The page's effects for a team's levers and asks, and for the game's buttons."""
    reactive.effect(lambda: team_moves(p))

    @reactive.effect
    @reactive.event(p.input.asks, ignore_none=False)
    def _asks() -> None:
        team_asks(p)

    @reactive.effect
    @reactive.event(p.input.act)
    async def _act() -> None:
        await act(p)


def team_moves(p: GamePage) -> None:
    """Write what a person changed on this page; show what another page of the team changed."""
    team, s = p.team(), p.state()
    if team is None or s is None or s.finished or team in s.at(s.round).locked:
        return
    current = {**rf.in_force(s, s.round), **s.at(s.round).moves.get(team, {})}
    for lever in TEAMS[team].levers:
        key = lever_input_id(s.round, lever)
        try:  # read even before the slider is drawn, so that its first move re-runs this
            shown = p.input[key]()
        except SilentException:
            continue
        if shown is None:
            continue
        if key not in p.seen:  # the page's first word on an input not drawn yet: nobody touched it
            p.seen[key] = shown
        elif p.seen[key] != shown:  # a person moved it on this page
            p.seen[key] = shown
            move(p, s, lever, key, shown, current)
            continue
        try:
            value = as_value(lever, p.seen[key], current[lever])
        except GameError:
            value = None
        if value != current[lever]:  # another page of the team moved it: show it here
            follow(p, lever, key, current[lever])


def move(p: GamePage, s: GameState, lever: str, key: str, shown: object, current: dict) -> None:
    try:
        value = as_value(lever, shown, current[lever])
        if value != current[lever]:
            current[lever] = p.store.move(p.code(), lever, value, s.round)
            p.watcher.nudge()
    except (GameError, ValueError, PermissionError) as error:
        p.flash(error)
        follow(p, lever, key, current[lever], said=False)  # the refused move goes back


def follow(p: GamePage, lever: str, key: str, value: Value, said: bool = True) -> None:
    """Show ``value`` in the lever's input (and remember it as what the input says)."""
    param = PARAMS[lever]
    p.seen[key] = shown_as(lever, value)
    if param.choices:
        ui.update_select(key, selected=value)
    elif isinstance(param.default, bool):
        ui.update_switch(key, value=bool(value))
    else:
        ui.update_slider(key, value=p.seen[key])
    if said:
        ui.notification_show(f"Another page of your team changed this: {db.move_words(lever, value)}", duration=4)


def team_asks(p: GamePage) -> None:
    s, found = p.state(), p.who()
    if s is None or found is None:
        return
    chosen = p.input.asks() or []
    if not isinstance(chosen, list | tuple) or len(chosen) > len(ASKS):
        chosen = ["?"]
    stored = s.at(s.round).asks.get(found[1], [])
    if list(chosen) == stored:
        return
    try:
        p.store.ask(p.code(), [str(a)[:40] for a in chosen], s.round)
        p.watcher.nudge()
    except (GameError, PermissionError) as error:
        p.flash(error)
        ui.update_checkbox_group("asks", selected=stored)  # what was refused is unticked


async def act(p: GamePage) -> None:
    """A button press that changes the game, for the round it was pressed in."""
    redraws = False
    store, code = p.store, p.code()
    try:
        kind, number = parse_act(p.input.act())
        match kind:
            case "advance":
                store.advance(code, number)
            case "undo":
                store.undo(code, number)
            case "lock":
                store.lock(code, number)
            case "unlock":
                store.unlock(code, number)
            case "inject":
                inject(p, number)
            case "timer_start":
                store.timer(code, minutes(p.input.minutes()), number)
            case "timer_stop":
                store.timer(code, None, number)
            case "rotate":
                store.rotate(code)
        redraws = kind in REDRAWN
        p.watcher.nudge()
    except (GameError, PermissionError, ValueError) as error:
        p.flash(error)
    if not redraws:
        await p.session.send_custom_message("airace-ready", {})


def inject(p: GamePage, number: int) -> None:
    s = p.state()
    events = library_events(s.teams)
    chosen = p.input.event()
    if chosen not in events:
        raise GameError("choose an event from the list")
    event = events[chosen]
    p.store.inject(p.code(), event.title, dict(event.levers), event.crisis, number)
    ui.notification_show(f"{event.title}: it happens at the start of round {number}.", duration=4)
