"""A game as its log says it is: the fold of its rows, in order (``sim.web.game.store`` appends
them)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field

from sim.registry.params import Value


@dataclass
class Round:
    """One round (a simulated year): each team's moves, who locked in, asks and injected events."""

    moves: dict[str, dict[str, Value]] = field(default_factory=dict)  # team -> lever -> value
    locked: set[str] = field(default_factory=set)
    asks: dict[str, list[str]] = field(default_factory=dict)  # team -> ask ids
    events: list[dict] = field(default_factory=list)  # {"name", "set", "crisis"} from the facilitator


@dataclass
class GameState:
    """A game as its log says it is now."""

    id: str
    config: dict
    round: int = 1  # the open round; rounds before it are played and revealed
    rounds: dict[int, Round] = field(default_factory=dict)
    deadline: float | None = None  # the facilitator's timer, seconds since the epoch
    seq: int = 0  # the last log row folded in
    codes: int = 0  # how many times the game's codes were replaced (pages opened with an old one leave)

    @property
    def teams(self) -> list[str]:
        return list(self.config["teams"])

    @property
    def total_rounds(self) -> int:
        return int(self.config["rounds"])

    @property
    def played(self) -> int:
        return self.round - 1

    @property
    def finished(self) -> bool:
        return self.played >= self.total_rounds

    def at(self, number: int) -> Round:
        return self.rounds.setdefault(number, Round())

    def played_rounds(self) -> list[Round]:
        return [self.at(r) for r in range(1, self.round)]


def fold(game: str, config: dict, rows: list[tuple], start: GameState | None = None) -> GameState:
    """The state after ``rows`` (seq, round, role, kind, name, value), in order, from ``start``
    (a state of the rows before them; it is not changed) or from the game's beginning."""
    state = copy.deepcopy(start) if start is not None else GameState(game, config)
    for seq, number, role, kind, name, value in rows:
        state.seq = seq
        data = json.loads(value) if value is not None else None
        current = state.at(number)
        match kind:
            case "move":
                current.moves.setdefault(role, {})[name] = data
            case "lock":
                current.locked.add(role)
            case "unlock":
                current.locked.discard(role)
            case "ask":
                current.asks[role] = list(data)
            case "event":
                current.events.append(data)
            case "advance":
                state.round = number + 1
                state.deadline = None
            case "undo":
                state.round = number  # the round reopens with its moves; its teams lock in again
                current.locked.clear()
                state.rounds[number + 1] = Round()  # what was done in the round after it is dropped
                state.deadline = None
            case "timer":
                state.deadline = data
            case "codes":
                state.codes += 1
    return state
