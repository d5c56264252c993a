"""The model as referee: a game's rounds played on the scenario's replications, scored and exported.

A game starts from a scenario (the library baseline by default) with one quarter a step, four a
round. The referee builds one :class:`sim.model.model.AIRaceModel` of all the replications, with the seeds
``airace run`` gives them, and plays each round by setting the round's moves through the model's one
door for mid-run changes (``AIRaceModel.set_lever``) just before the round's first quarter, then
stepping four quarters. That is what a scenario event at the round's first quarter does (events apply
at the start of their quarter, before the governments decide), so the finished game exports as a
scenario file whose ``events`` are the teams' moves, and ``airace run`` of it gives the game's
numbers exactly (``tests/web/game/test_game.py`` checks it run for run).

The reference every chart and score compares with is the start scenario with no team moving, on
the same seeds: the baseline, unless the facilitator started from another scenario.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from sim.analysis.whatchanged import THRESHOLD, paired_effect
from sim.registry.calendar import quarter_label
from sim.registry.outcomes import OUTCOMES
from sim.registry.params import Value, resolve
from sim.scenario import Scenario
from sim.web.game.teams import ASKS_BY_ID, ROUND_QUARTERS, TEAMS

if TYPE_CHECKING:  # the store calls the referee's budget check, so a runtime import would be a cycle
    from sim.web.game.store import GameState


# ---- the game as a scenario ------------------------------------------------------------------
def game_scenario(start: Scenario, teams: list[str], rounds: int, replications: int | None = None) -> Scenario:
    """The scenario a game is played on: ``start`` over ``rounds`` years, a played government under
    the ``fixed`` doctrine (its team decides for it), the others under the scenario's doctrines."""
    if rounds < 1:
        raise ValueError("a game needs at least one round")
    data = start.model_dump(by_alias=True, exclude_none=True, exclude={"set_by_command"})
    doctrines = dict(data.get("doctrines") or {})
    for bloc in ("us", "cn"):
        if bloc in teams:
            doctrines[bloc] = "fixed"
            data["params"].pop(f"{bloc}.doctrine", None)
    data.update(
        name=f"{start.name}_game",
        steps=ROUND_QUARTERS * rounds,
        doctrines=doctrines,
        replications=replications or start.replications,
    )
    try:
        return Scenario.model_validate(data)
    except ValueError as error:
        raise ValueError(f"{start.name} cannot be played for {rounds} rounds: {error}") from error


def start_of(state: GameState) -> Scenario:
    """The scenario the game is played on (``game_scenario`` of the facilitator's start scenario)."""
    return _scenario(json.dumps(state.config["scenario"], sort_keys=True))


@functools.lru_cache(maxsize=64)
def _scenario(text: str) -> Scenario:
    return Scenario.model_validate(json.loads(text))


@functools.lru_cache(maxsize=64)
def _start_values(text: str) -> dict[str, Value]:
    return resolve(_scenario(text).model_params)


def new_game(store, start: Scenario, teams: list[str], rounds: int, replications: int | None = None) -> dict:
    """A new game in ``store`` from ``start``; its codes by role (and ``game``, its id)."""
    from sim.web.game.teams import check_teams

    teams = check_teams(teams)
    scenario = game_scenario(start, teams, rounds, replications)
    config = {
        "teams": teams,
        "rounds": rounds,
        "start": start.name,
        "scenario": scenario.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"set_by_command"}),
    }
    return store.create(config)


def first_step(number: int) -> int:
    """The first quarter (step) of round ``number``: round 1 starts in 2025Q1, step 1."""
    return ROUND_QUARTERS * (number - 1) + 1


def in_force(state: GameState, before: int) -> dict[str, Value]:
    """Every team lever's value in force at the start of round ``before``: the start scenario's,
    then each played round's moves."""
    start = _start_values(json.dumps(state.config["scenario"], sort_keys=True))
    values = {lever: start[lever] for team in state.teams for lever in TEAMS[team].levers}
    for number in range(1, before):
        for moves in state.at(number).moves.values():
            values.update(moves)
    return values


@dataclass(frozen=True)
class Budget:
    """A government team's money in the open round: its budget and what its spending levers take
    (USD a quarter, as the model reads them), with the team's moves so far."""

    total: float
    spent: dict[str, float]  # spending lever -> USD a quarter

    @property
    def used(self) -> float:
        return sum(self.spent.values())

    @property
    def left(self) -> float:
        return self.total - self.used


def budget(state: GameState, team: str, moves: dict[str, Value] | None = None) -> Budget | None:
    """The team's budget in the open round with its moves (``moves``: with these on top); None for
    a team the model gives no budget."""
    from sim.web.game.teams import budget_lever, spending_levers

    name = budget_lever(team)
    if name is None:
        return None
    start = _start_values(json.dumps(state.config["scenario"], sort_keys=True))
    values = {**in_force(state, state.round), **state.at(state.round).moves.get(team, {}), **(moves or {})}
    return Budget(float(start[name]), {lever: float(values[lever]) for lever in spending_levers(team)})


def usd(value: float) -> str:
    return f"USD {value / 1e9:,.1f} bn"


def over_budget(state: GameState, team: str, lever: str, value: Value) -> str | None:
    """Why a move on a spending lever is refused (it takes the team's spending above its budget),
    in the team's words; None when it fits, or lowers the spending."""
    before, after = budget(state, team), budget(state, team, {lever: value})
    if before is None or after is None or after.used <= after.total or after.used <= before.used:
        return None
    from sim.registry.labels import lever_label

    return (
        f"{lever_label(lever).title} at {usd(float(value))} a quarter would bring your spending to "
        f"{usd(after.used)} a quarter, over your budget of {usd(after.total)} ({usd(max(before.left, 0))} left): "
        "spend less here, or lower another spending lever first"
    )


@dataclass(frozen=True)
class Moves:
    """What one round changes: the levers the teams moved (by team), the events injected, a crisis."""

    number: int
    by_team: dict[str, dict[str, Value]]
    injected: dict[str, Value]
    crisis: bool
    event_names: tuple[str, ...]

    @property
    def levers(self) -> dict[str, Value]:
        merged: dict[str, Value] = {}
        for moves in self.by_team.values():
            merged.update(moves)
        return {**merged, **self.injected}

    def key(self) -> tuple:
        return (tuple(sorted(self.levers.items())), self.crisis)


def round_moves(state: GameState, number: int) -> Moves:
    """Round ``number``'s changes: each team's moves that differ from the value in force before it."""
    held = in_force(state, number)
    current = state.at(number)
    by_team = {}
    for team in state.teams:
        changed = {k: v for k, v in current.moves.get(team, {}).items() if v != held[k]}
        if changed:
            by_team[team] = changed
    injected: dict[str, Value] = {}
    for event in current.events:
        injected.update(event["set"])
    crisis = any(event["crisis"] for event in current.events)
    return Moves(number, by_team, injected, crisis, tuple(event["name"] for event in current.events))


def played_moves(state: GameState) -> list[Moves]:
    return [round_moves(state, number) for number in range(1, state.round)]


def exported(state: GameState) -> Scenario:
    """The game as a scenario whose events are its rounds' moves (validated by the schema)."""
    start = start_of(state)
    data = start.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"set_by_command"})
    own = list(data.get("events") or [])
    events = []
    for moves in played_moves(state):
        if moves.levers or moves.crisis:
            event: dict = {"at": quarter_label(first_step(moves.number))}
            if moves.levers:
                event["set"] = moves.levers
            if moves.crisis:
                event["crisis"] = True
            events.append(event)
    # the rounds' moves go before the scenario's own events of the same quarter: the referee sets
    # them before the quarter starts, and a quarter's events apply in the order listed
    merged = sorted(events + own, key=lambda e: (int(e["at"][:4]), int(e["at"][-1]), e not in events))
    played = ", ".join(TEAMS[t].name for t in state.teams)
    data.update(
        name=f"game_{state.id}",
        title=f"Classroom game {state.id}",
        description=f"A classroom game played by {played} for {state.played} of {state.total_rounds} rounds "
        f"from the {state.config['start']} scenario; its events are the teams' moves, round by round. "
        f"{start.description}",
        events=merged,
    )
    return Scenario.model_validate(data)


def exported_yaml(state: GameState) -> str:
    scenario = exported(state)
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"set_by_command"})
    data = {k: v for k, v in data.items() if v not in ({}, [], None) or k == "params"}
    header = (
        f"# Classroom game {state.id}: {state.played} of {state.total_rounds} rounds played.\n"
        "# Conditional what-if trajectories for teaching and exploration, not forecasts.\n"
        f"# Replay it with: airace run game_{state.id}.yaml\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# ---- playing rounds on the model -----------------------------------------------------------
class Referee:
    """One model of a game's replications in lockstep, stepped round by round as the game is played."""

    def __init__(self, scenario: Scenario):
        from sim.model.draws import replication_seeds

        self.scenario = scenario
        self.seeds = replication_seeds(scenario.seed, scenario.replications)
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        from sim.model.model import AIRaceModel

        s = self.scenario
        # Each replication the seed `airace run` gives it, all stepped together (its numbers those of
        # that seed run alone).
        self.model = AIRaceModel(rng=list(self.seeds), steps=s.steps, events=s.model_events, **s.model_params)
        self.applied: list[tuple] = []

    def play(self, rounds: list[Moves]) -> pd.DataFrame:
        """The game's runs after ``rounds``: rounds already stepped are kept, a changed history
        (an undone round) is replayed from the start."""
        with self.lock:
            keys = [moves.key() for moves in rounds]
            if keys[: len(self.applied)] != self.applied:
                self._reset()
            for moves in rounds[len(self.applied) :]:
                self._step_round(moves)
                self.applied.append(moves.key())
            return self.frame(ROUND_QUARTERS * len(rounds))

    def _step_round(self, moves: Moves) -> None:
        model = self.model
        for name, value in moves.levers.items():
            model.set_lever(name, value)  # the same moves in every replication
        if moves.crisis:
            model.relations.start_crisis()
        for _ in range(ROUND_QUARTERS):
            model.step()

    def frame(self, steps: int) -> pd.DataFrame:
        """The runs' first ``steps`` quarters as ``airace run`` holds them (``sim.runner``'s columns)."""
        from sim.runner.batches import JOB
        from sim.runner.store import columns_frame

        if not self.model.datacollector.rows or steps <= 0:
            return pd.DataFrame(columns=["replication", "seed", *OUTCOMES])
        collected = self.model.datacollector.columns()  # outcome: quarters x replications
        steps = min(steps, len(self.model.datacollector.rows))
        count = len(self.seeds)
        columns = {
            JOB: np.repeat(np.arange(count), steps),
            "replication": np.repeat(np.arange(count), steps),
            "seed": np.repeat(np.array(self.seeds), steps),
        }
        for name, outcome in OUTCOMES.items():
            columns[name] = collected[name][:steps].T.reshape(-1).astype(outcome.dtype)
        return columns_frame([columns])


_referees: dict[str, Referee] = {}
_referees_lock = threading.Lock()


def referee_of(state: GameState) -> Referee:
    """The game's referee in this process (built, and replayed from the log, on first use)."""
    with _referees_lock:
        scenario = start_of(state)
        referee = _referees.get(state.id)
        if referee is None or referee.scenario != scenario:
            referee = _referees[state.id] = Referee(scenario)
        return referee


def runs(state: GameState) -> pd.DataFrame:
    """The game's runs so far (played quarters only)."""
    return referee_of(state).play(played_moves(state))


def reference(state: GameState) -> pd.DataFrame:
    """The reference's runs (the start scenario, no team moving, same seeds) over the game's quarters."""
    from sim.web.dashboard.state import runs_of

    return runs_of(referee_of(state).scenario).frame


# ---- scores ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalScore:
    team: str
    round: int
    outcome: str
    direction: int
    z: float

    @property
    def points(self) -> int:
        better = self.z * self.direction
        return 1 if better >= THRESHOLD else -1 if better <= -THRESHOLD else 0

    @property
    def words(self) -> str:
        return {1: "better", -1: "worse", 0: "no clear change"}[self.points]


@dataclass(frozen=True)
class AskScore:
    team: str
    round: int  # the round it was answered in
    ask: str
    answered: bool

    @property
    def points(self) -> int:
        return 1 if self.answered else 0


def _wide(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame.pivot(index="replication", columns="step", values=column).sort_index().to_numpy(dtype=float)


def scores(state: GameState, game: pd.DataFrame, ref: pd.DataFrame) -> list[GoalScore | AskScore]:
    """Every team's points round by round: one per goal (+1 clearly better than the reference at
    the round's end, -1 clearly worse, 0 within chance) and, for the South, one per ask the power
    answered the round after."""
    found: list[GoalScore | AskScore] = []
    columns = {goal.outcome for team in state.teams for goal in TEAMS[team].goals}
    wide = {c: (_wide(game, c), _wide(ref, c)) for c in columns} if state.played else {}
    for number in range(1, state.round):
        step = ROUND_QUARTERS * number
        for team in state.teams:
            for goal in TEAMS[team].goals:
                mine, theirs = wide[goal.outcome]
                z = paired_effect(mine[:, step - 1], theirs[:, step - 1]).z
                found.append(GoalScore(team, number, goal.outcome, goal.direction, z))
    for number in range(2, state.round):
        held, moves = in_force(state, number), round_moves(state, number)
        for team in state.teams:
            for ask_id in state.at(number - 1).asks.get(team, []):
                ask = ASKS_BY_ID[ask_id]
                new = moves.levers.get(ask.lever, held.get(ask.lever))
                old = held.get(ask.lever, new)
                answered = new is not None and old is not None and (float(new) - float(old)) * ask.direction > 0
                found.append(AskScore(team, number, ask_id, answered))
    return found


def totals(found: list[GoalScore | AskScore], teams: list[str]) -> dict[str, int]:
    return {team: sum(s.points for s in found if s.team == team) for team in teams}


# ---- the closest library scenario --------------------------------------------------------------
def _library_runs(seed: int, replications: int, steps: int) -> dict[str, pd.DataFrame]:
    """The library's own scenarios (no companions, no sweeps) on the game's seeds and quarters;
    a scenario with an event past the game's last quarter is left out. Their runs are kept by the
    one run path's cache (``sim.runner.replicate``)."""
    from sim.web.dashboard.state import picker_entries, runs_of

    found = {}
    for name, entry in picker_entries().items():
        if entry.group == "One lever at a time":
            continue
        try:
            scenario = entry.scenario.with_overrides(seed=seed, replications=replications, steps=steps)
        except ValueError:
            continue
        found[name] = runs_of(scenario).frame
    return found


def closest(state: GameState, game: pd.DataFrame, ref: pd.DataFrame, outcomes: list[str]) -> list[tuple[str, float]]:
    """Library scenarios by how close their medians run to the game's over the played quarters, in
    units of the reference's run-to-run spread (root mean square over outcomes and quarters)."""
    scenario = referee_of(state).scenario
    steps = int(game["step"].max())
    library = _library_runs(scenario.seed, scenario.replications, scenario.steps)
    ranked = []
    for name, frame in library.items():
        total, count = 0.0, 0
        for column in outcomes:
            mine = game.groupby("step")[column].median().to_numpy()[:steps]
            theirs = frame.groupby("step")[column].median().to_numpy()[:steps]
            spread = ref.groupby("step")[column].std().to_numpy()[:steps]
            scale = np.maximum(spread, 1e-9 + 0.02 * np.abs(ref.groupby("step")[column].median().to_numpy()[:steps]))
            total += float(np.sum(((mine - theirs) / scale) ** 2))
            count += steps
        ranked.append((name, (total / count) ** 0.5))
    return sorted(ranked, key=lambda item: item[1])
