"""The small parts of the game's pages that follow every row of the log: the round's title, who
has locked in, a team's budget, steps and moves, the facilitator's view of the open round.

:func:`draw_parts` draws them once per game version and role (every page of that role shares the
drawing); a page sends a part to its browser only when it looks different from what it shows
(``GamePage``).
"""

from __future__ import annotations

from htmltools import Tag, tags

from sim.registry.labels import lever_label
from sim.web.game import debrief as db
from sim.web.game import referee as rf
from sim.web.game.pieces import ROUND_STEPS, lever_budget, locked_list, round_title, timer
from sim.web.game.shared import shared
from sim.web.game.store import FACILITATOR, GameState
from sim.web.game.teams import ASKS_BY_ID, TEAMS


def draw_parts(s: GameState, role: str) -> dict[str, str]:
    """The HTML of each small part a page of ``role`` shows of game ``s`` (by part name)."""
    return {
        "header": shared(("header", s.id, s.seq), lambda: str(header_part(s))),
        "status": shared(("status", s.id, s.seq), lambda: str(locked_list(s))),
        **(team_parts(s, role) if role in TEAMS else {}),
        **({"hidden_moves": str(hidden_moves_part(s))} if role == FACILITATOR else {}),
    }


def team_parts(s: GameState, team: str) -> dict[str, str]:
    key = (s.id, s.seq, team)
    return {
        "budget": shared(("budget", *key), lambda: str(budget_part(s, team))),
        "steps": shared(("steps", *key), lambda: str(steps_part(s, team))),
        "my_moves": shared(("my_moves", *key), lambda: str(my_moves_part(s, team))),
    }


def header_part(s: GameState) -> Tag:
    return tags.div(tags.h3(round_title(s)), timer(s), class_="round-head")


def budget_part(s: GameState, team: str) -> Tag:
    money = rf.budget(s, team)
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
            title=f"{lever_budget(team)} in the model",
        ),
        tags.div(tags.div(class_="budget-used", style=f"width:{share * 100:.0f}%"), class_="budget-bar"),
        tags.ul(*parts, class_="budget-levers small-note"),
        class_="budget",
    )


def steps_part(s: GameState, team: str) -> Tag:
    locked = team in s.at(s.round).locked
    now = {5} if s.finished else {4} if locked else {1, 2, 3}
    items = [
        tags.li(words, class_="now" if number in now else "done" if number < min(now) else None)
        for number, words in enumerate(ROUND_STEPS, start=1)
    ]
    return tags.ol(*items, class_="round-steps")


def my_moves_part(s: GameState, team: str) -> Tag:
    moves = s.at(s.round).moves.get(team, {})
    held = rf.in_force(s, s.round)
    changed = {k: v for k, v in moves.items() if v != held.get(k)}
    asks = s.at(s.round).asks.get(team, [])
    items = [tags.li(db.move_words(k, v), title=f"{k} in the model") for k, v in changed.items()]
    items += [tags.li("Ask: " + ASKS_BY_ID[a].words) for a in asks]
    if not items:
        items = [tags.li("No change yet: your levers stay where they are.")]
    return tags.div(tags.h6("Your moves this round (only your team sees them)"), tags.ul(*items), class_="my-moves")


def hidden_moves_part(s: GameState) -> Tag | str:
    if s.finished:
        return ""
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
