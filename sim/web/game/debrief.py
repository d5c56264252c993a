"""The debrief: what the teams did, what the model made of it, and how it compares.

Everything here reads a game's state and its runs, never the UI: a timeline (one row per round: each
team's moves, the events injected, and the teams' goal outcomes at the round's end against the
reference), the "what changed" sentences over the played years (``sim.analysis.whatchanged``), the library
scenario the game ran closest to, and the exports a teacher keeps: CSV, PNG and a self-contained
HTML report.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

import pandas as pd

from sim.analysis.aggregate import bands_of
from sim.analysis.whatchanged import CANDIDATES, Change, headline, what_changed
from sim.registry.calendar import quarter_label
from sim.registry.labels import OUTCOME_LABELS, lever_label
from sim.report.charts.style import DISCLAIMER
from sim.web.dashboard.svg import band_chart
from sim.web.game import referee as rf
from sim.web.game.store import GameState
from sim.web.game.teams import ASKS_BY_ID, ROUND_QUARTERS, TEAMS


def goal_outcomes(state: GameState) -> list[str]:
    """The outcomes some team of this game is scored on, in the teams' order."""
    seen: list[str] = []
    for team in state.teams:
        for goal in TEAMS[team].goals:
            if goal.outcome not in seen:
                seen.append(goal.outcome)
    return seen


def move_words(lever: str, value) -> str:
    label = lever_label(lever)
    return f"{label.title} to {label.value(value).split(' (')[0]}"


def round_words(state: GameState, number: int) -> dict[str, str]:
    """Round ``number``'s moves in words, by team (and ``events`` for the facilitator's)."""
    moves = rf.round_moves(state, number)
    words = {}
    for team in state.teams:
        parts = [move_words(k, v) for k, v in moves.by_team.get(team, {}).items()]
        asks = state.at(number).asks.get(team, [])
        parts += [f"asked: {ASKS_BY_ID[a].words}" for a in asks]
        words[team] = "; ".join(parts) if parts else "no change"
    events = [*moves.event_names]
    words["events"] = "; ".join(events) if events else ""
    return words


def played(frame: pd.DataFrame, steps: int) -> pd.DataFrame:
    return frame[frame["step"] <= steps].reset_index(drop=True)


def timeline(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """One row per played round: the moves in words, then each goal outcome's median at the round's
    end in the game and in the reference, and the model's verdict on the difference."""
    found = rf.scores(state, game, ref)
    rows = []
    for number in range(1, state.round):
        step = ROUND_QUARTERS * number
        row: dict[str, object] = {"round": number, "year": quarter_label(step)[:4]}
        words = round_words(state, number)
        for team in state.teams:
            row[f"{TEAMS[team].name}: moves"] = words[team]
        row["events"] = words["events"]
        for outcome in goal_outcomes(state):
            label = OUTCOME_LABELS[outcome]
            mine = float(game.loc[game["step"] == step, outcome].median())
            theirs = float(ref.loc[ref["step"] == step, outcome].median())
            row[f"{label.title} (game)"] = label.value(mine)
            row[f"{label.title} (reference)"] = label.value(theirs)
        for team in state.teams:
            row[f"{TEAMS[team].name}: points"] = sum(s.points for s in found if s.team == team and s.round == number)
        rows.append(row)
    return pd.DataFrame(rows)


def moves_table(table: pd.DataFrame, state: GameState) -> pd.DataFrame:
    """The timeline's moves and points, one row a round (what a screen has room for)."""
    keep = ["round", "year"] + [c for c in table.columns if c.endswith((": moves", ": points")) or c == "events"]
    return table[keep]


def outcomes_table(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """Each goal outcome at each round's end: the game's middle run, and the reference's in brackets."""
    rows = []
    for outcome in goal_outcomes(state):
        label = OUTCOME_LABELS[outcome]
        row = {"outcome": label.title}
        for number in range(1, state.round):
            step = ROUND_QUARTERS * number
            mine = float(game.loc[game["step"] == step, outcome].median())
            theirs = float(ref.loc[ref["step"] == step, outcome].median())
            row[quarter_label(step)[:4]] = f"{label.value(mine)} ({label.value(theirs)})"
        rows.append(row)
    return pd.DataFrame(rows)


def changes(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> list[Change]:
    """The outcomes that moved most over the played years, against the reference on the same seeds."""
    if not state.played:
        return []
    steps = ROUND_QUARTERS * state.played
    found = what_changed(game, played(ref, steps), CANDIDATES)
    return headline(found, goal_outcomes(state), count=5)


def chart(column: str, game: pd.DataFrame, ref: pd.DataFrame, steps: int) -> str:
    """An outcome's SVG chart: the game's played quarters against the reference's (the reference
    alone, over the whole game, before any round is played)."""
    if steps == 0:
        return band_chart(column, bands_of(ref, [column]), None)
    return band_chart(column, bands_of(played(game, steps), [column]), bands_of(played(ref, steps), [column]))


def png(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> bytes:
    """The goal outcomes' chart as PNG (the report's chart style, ``sim.report.charts.timeseries``)."""
    from sim.report.charts.timeseries import headline_chart

    steps = ROUND_QUARTERS * max(state.played, 1)
    outcomes = goal_outcomes(state)[:6]
    mine = bands_of(played(game if state.played else ref, steps), outcomes)
    theirs = bands_of(played(ref, steps), outcomes) if state.played else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game"
        written = headline_chart(
            mine,
            theirs,
            f"Classroom game {state.id}: {state.played} rounds played",
            "What the teams' moves did, against the world where no team moved",
            outcomes,
            rf.start_of(state).replications,
            path,
        )
        return next(p for p in written if p.suffix == ".png").read_bytes()


def closest_words(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> list[tuple[str, str, float]]:
    """(name, title, distance) of the three library scenarios the game ran closest to."""
    from sim.web.dashboard.state import picker_entries

    if not state.played:
        return []
    entries = picker_entries()
    steps = ROUND_QUARTERS * state.played
    ranked = rf.closest(state, game, played(ref, steps), goal_outcomes(state))
    return [(name, entries[name].scenario.plain_title, distance) for name, distance in ranked[:3]]


def report(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> str:
    """A self-contained HTML debrief a teacher can hand out."""
    steps = ROUND_QUARTERS * state.played
    table = timeline(state, game, ref)
    totals = rf.totals(rf.scores(state, game, ref), state.teams)
    near = closest_words(state, game, ref)
    sentences = [c.sentence(max(steps, 1)) for c in changes(state, game, ref)]
    charts = "".join(
        f"<figure><figcaption>{escape(OUTCOME_LABELS[c].title)} <small>{escape(OUTCOME_LABELS[c].unit)}</small>"
        f"</figcaption>{chart(c, game, ref, steps)}</figure>"
        for c in goal_outcomes(state)
    )
    score_rows = "".join(f"<tr><td>{escape(TEAMS[t].name)}</td><td>{totals[t]}</td></tr>" for t in state.teams)
    near_items = "".join(f"<li>{escape(title)} <small>({distance:.1f})</small></li>" for _, title, distance in near)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Classroom game {state.id}: debrief</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:1rem auto;padding:0 1rem;color:#222}}
.note{{background:#fff4d6;padding:.4rem .8rem;border:1px solid #e0c46c}}
table{{border-collapse:collapse;font-size:.85rem}}td,th{{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top}}
.charts{{display:grid;grid-template-columns:repeat(3,1fr);gap:.8rem}}figure{{margin:0}}svg{{width:100%;height:auto}}
svg .grid{{stroke:#e6e6e6}}svg .tick{{font-size:12px;fill:#555}}svg .zero{{stroke:#333}}svg .note{{font-size:11px}}
</style></head><body>
<h1>Classroom game {state.id}: debrief</h1>
<p class="note"><strong>What-if, not forecast.</strong> {escape(DISCLAIMER)}</p>
<p>{state.played} of {state.total_rounds} rounds played from the {escape(state.config["start"])} scenario,
{rf.start_of(state).replications} runs each. Grey dashed: the same world with no team moving, on the same chance events.
Replay it with <code>airace run game_{state.id}.yaml</code>.</p>
<h2>Scores</h2><table><tr><th>team</th><th>points</th></tr>{score_rows}</table>
<h2>What changed</h2><ul>{"".join(f"<li>{escape(s)}</li>" for s in sentences)}</ul>
<h2>Closest library scenarios</h2><p>Library scenarios run on the same seeds, by how far their middle
lines are from the game's over the played years (in the reference's run-to-run spreads):</p><ol>{near_items}</ol>
<h2>The world, year by year</h2><div class="charts">{charts}</div>
<h2>Timeline</h2>{moves_table(table, state).to_html(index=False, escape=True, border=0)}
<h2>The teams' goals at each round's end (no team moving, in brackets)</h2>
{outcomes_table(state, game, ref).to_html(index=False, escape=True, border=0)}
</body></html>"""
