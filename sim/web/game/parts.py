"""A game page's outputs: the small parts as ``sim.web.game.round_parts`` drew them, the parts
the model makes (the charts, the scores, the revealed moves, the debrief), which follow the game's
history, and the facilitator's exports."""

from __future__ import annotations

from htmltools import HTML, Tag, TagList, tags
from shiny import reactive, render

from sim.web.dashboard import offload
from sim.web.game.pieces import goal_lines, revealed, score_table
from sim.web.game.session import GamePage
from sim.web.game.shared import REFUSED_EXPORT, export_work, history_key, shared
from sim.web.game.store import GameState
from sim.web.game.teams import ROUND_QUARTERS


def _drawn(name: str, value: reactive.Value):
    """An output named ``name`` showing the HTML ``value`` holds."""

    def draw() -> HTML:
        return HTML(value())

    draw.__name__ = name  # the output's id
    return draw


# ---- the outputs of a page ----------------------------------------------------------------------
def register_parts(p: GamePage) -> None:
    """The page's outputs: the small parts as drawn, and the model's parts of the history."""
    for name, value in p.parts.items():
        render.ui(_drawn(name, value))

    @render.ui
    def world():
        return HTML(p.done()["charts"])

    @render.ui
    def scores():
        _, _, found = p.played()
        with reactive.isolate():
            s, answered = p.state(), p.work.asked.get()  # the history (and outcomes) ``found`` is of
        team = p.team()
        return HTML(shared(("scores", answered, team), lambda: str(scores_part(s, found, team))))

    @render.ui
    def moves_revealed():
        past = p.history()
        if past is None:
            return None
        with reactive.isolate():
            s = p.state()
        return HTML(shared(("revealed", past), lambda: str(revealed(s))))

    @render.ui
    def debrief():
        if p.history() is None:
            return None
        found = p.debrief.result()
        with reactive.isolate():
            s = p.state()
        return debrief_part(s, found)


def scores_part(s: GameState, found: list, team: str | None) -> Tag | TagList:
    if not s.played:
        return tags.p("Scores appear when the first round is played.", class_="small-note")
    parts = [score_table(s, found)]
    if team is not None:
        parts.append(tags.h6(f"Round {s.played}: how your goals fared"))
        parts.append(goal_lines(team, found, s.played))
    return TagList(*parts)


def debrief_part(s: GameState, found: dict) -> Tag | TagList:
    if not s.played or "near" not in found:
        return tags.p("The debrief fills in as rounds are played.")
    steps = ROUND_QUARTERS * s.played
    sentences = [
        tags.li(tags.span(c.verdict, class_=f"verdict verdict-{c.verdict.split()[0]}"), " ", c.detail(steps))
        for c in found["changes"]
    ]
    near = found["near"]
    return TagList(
        tags.h5("Scores"),
        score_table(s, found["found"]),
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


# ---- exports: the facilitator's page only, each made once per game history ----------------------
EXPORTS = {
    "export_yaml": ("yaml", ".yaml"),
    "export_csv": ("timeline", "_timeline.csv"),
    "export_runs": ("runs", "_runs.csv"),
    "export_png": ("png", ".png"),
    "export_report": ("report", "_debrief.html"),
}


def register_exports(p: GamePage) -> None:
    """The facilitator's downloads (a team's session gets one line saying so), each made once per
    game history and kept for every later download."""

    async def export(kind: str) -> str | bytes:
        if not p.facilitating():
            return REFUSED_EXPORT
        s = p.state()
        key = history_key(s)
        return await offload.run("debrief", ("export", kind, key, s.round), export_work, kind, key, s)

    for output_id, (kind, suffix) in EXPORTS.items():

        def filename(suffix: str = suffix) -> str:
            return f"game_{p.state().id}{suffix}" if p.facilitating() else "not-allowed.txt"

        async def download(kind: str = kind):
            yield await export(kind)

        download.__name__ = output_id  # the output's id
        render.download_button(filename=filename)(download)
