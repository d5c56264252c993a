"""The game's memory: an embedded SQLite database that every move is appended to as it is made.

Nothing about a game lives only in a server's memory. The ``log`` table is append-only: a team's
move, its lock-in, the South's asks, the facilitator's advance, undo, injected event and timer are
each one row, written in one transaction when they are made, with SQLite's write-ahead log so that
readers never block the writer. A game's state (:class:`GameState`) is the fold of its rows in
order, so a restarted server or a reloaded page reads exactly what was there, and a game can be
replayed or audited row by row.

Every write goes through :class:`Store`, which checks *who* may do it from the code it is given
(a team's code sets only that team's levers, in the open round, before it locks in) and *what*
through the parameter registry (``sim.web.game.teams.check_move``). The check and the append happen in
one ``BEGIN IMMEDIATE`` transaction, so two servers, or two browsers of one team, cannot interleave.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sim.registry.params import Value
from sim.web.game.teams import ASKS_BY_ID, ASKS_PER_ROUND, TEAMS, check_move, check_teams

# Codes a class types from a projector: no 0/O, 1/I/L, so nothing is misread. 8 characters from 31
# letters and digits are 8.5e11 codes; a guesser trying a thousand a second needs years for one team.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TEAM_CODE_LENGTH = 8
FACILITATOR_CODE_LENGTH = 16
FACILITATOR, PROJECTOR = "facilitator", "projector"

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY, created REAL NOT NULL, config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY, game TEXT NOT NULL REFERENCES games(id), role TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    game TEXT NOT NULL REFERENCES games(id),
    round INTEGER NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    value TEXT,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS log_game ON log (game, seq);
"""


def new_code(length: int) -> str:
    """An unguessable code (``secrets``), shown in groups of four: ``K7QM-4XPA``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


def normal_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


class GameError(ValueError):
    """Something a person tried that the game's rules do not allow, said in their words."""


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


def fold(game: str, config: dict, rows: list[tuple]) -> GameState:
    """The state after ``rows`` (seq, round, role, kind, name, value), in order."""
    state = GameState(game, config)
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
    return state


class Store:
    """The games in one SQLite file. Connections are opened per call, so a Store is safe to share
    between threads, and several servers may use one file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a process crash
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ---- games and codes ------------------------------------------------------------------
    def create(self, config: dict) -> dict[str, str]:
        """A new game of ``config`` (teams, rounds, scenario); its codes by role."""
        config = {**config, "teams": check_teams(list(config["teams"]))}
        game = secrets.token_hex(4)
        codes = {FACILITATOR: new_code(FACILITATOR_CODE_LENGTH), PROJECTOR: new_code(FACILITATOR_CODE_LENGTH)}
        codes.update({team: new_code(TEAM_CODE_LENGTH) for team in config["teams"]})
        with self._write() as db:
            db.execute("INSERT INTO games VALUES (?, ?, ?)", (game, time.time(), json.dumps(config)))
            db.executemany("INSERT INTO codes VALUES (?, ?, ?)", [(c, game, r) for r, c in codes.items()])
        return {"game": game, **codes}

    def games(self) -> list[str]:
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT id FROM games ORDER BY created")]

    def codes(self, game: str) -> dict[str, str]:
        with self._connect() as db:
            return {role: code for code, role in db.execute("SELECT code, role FROM codes WHERE game = ?", (game,))}

    def who(self, code: str) -> tuple[str, str] | None:
        """(game, role) of a code, or None for a code no game gave out."""
        with self._connect() as db:
            row = db.execute("SELECT game, role FROM codes WHERE code = ?", (normal_code(code),)).fetchone()
        return (row[0], row[1]) if row else None

    def version(self, game: str) -> int:
        """The game's last log row: what a page polls to learn that something happened."""
        with self._connect() as db:
            row = db.execute("SELECT MAX(seq) FROM log WHERE game = ?", (game,)).fetchone()
        return row[0] or 0

    def state(self, game: str) -> GameState:
        with self._connect() as db:
            return self._state(db, game)

    def _state(self, db: sqlite3.Connection, game: str) -> GameState:
        row = db.execute("SELECT config FROM games WHERE id = ?", (game,)).fetchone()
        if row is None:
            raise GameError(f"no game {game!r} in {self.path}")
        rows = db.execute(
            "SELECT seq, round, role, kind, name, value FROM log WHERE game = ? ORDER BY seq", (game,)
        ).fetchall()
        return fold(game, json.loads(row[0]), rows)

    def rows(self, game: str) -> list[dict]:
        """Every log row of a game, for the debrief's timeline and audits."""
        with self._connect() as db:
            cursor = db.execute(
                "SELECT seq, round, role, kind, name, value, at FROM log WHERE game = ? ORDER BY seq", (game,)
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

    # ---- what a code may do ---------------------------------------------------------------
    def _role(self, db: sqlite3.Connection, code: str, allowed: set[str] | None = None) -> tuple[str, str]:
        row = db.execute("SELECT game, role FROM codes WHERE code = ?", (normal_code(code),)).fetchone()
        if row is None:
            raise GameError("that code is not one this game gave out: check it with your facilitator")
        if allowed is not None and row[1] not in allowed:
            raise PermissionError(f"the {row[1]} code cannot do that")
        return row[0], row[1]

    def _append(self, db, game: str, number: int, role: str, kind: str, name=None, value=None) -> int:
        cursor = db.execute(
            "INSERT INTO log (game, round, role, kind, name, value, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (game, number, role, kind, name, None if value is None else json.dumps(value), time.time()),
        )
        return cursor.lastrowid

    def _open_for(self, db, code: str) -> tuple[GameState, str]:
        game, team = self._role(db, code, set(TEAMS))
        state = self._state(db, game)
        if state.finished:
            raise GameError("the game is over: every round has been played")
        if team in state.at(state.round).locked:
            raise GameError(f"{TEAMS[team].name} has locked in this round's moves")
        return state, team

    def move(self, code: str, lever: str, value: object) -> Value:
        """Record a team's move on one of its levers in the open round; the checked value."""
        with self._write() as db:
            state, team = self._open_for(db, code)
            checked = check_move(team, lever, value)
            self._append(db, state.id, state.round, team, "move", lever, checked)
        return checked

    def ask(self, code: str, asks: list[str]) -> list[str]:
        """Record the South's asks for the open round (at most ``ASKS_PER_ROUND``)."""
        with self._write() as db:
            state, team = self._open_for(db, code)
            if not TEAMS[team].asks:
                raise PermissionError(f"{TEAMS[team].name} moves levers; only the developing world asks")
            unknown = [a for a in asks if a not in ASKS_BY_ID]
            if unknown or len(set(asks)) != len(asks) or len(asks) > ASKS_PER_ROUND:
                raise GameError(f"choose up to {ASKS_PER_ROUND} different asks from the list")
            self._append(db, state.id, state.round, team, "ask", None, list(asks))
        return list(asks)

    def lock(self, code: str) -> None:
        """A team locks in its moves for the open round."""
        with self._write() as db:
            state, team = self._open_for(db, code)
            self._append(db, state.id, state.round, team, "lock")

    def unlock(self, code: str) -> None:
        """A team takes its lock back while the round is still open."""
        with self._write() as db:
            game, team = self._role(db, code, set(TEAMS))
            state = self._state(db, game)
            if team in state.at(state.round).locked and not state.finished:
                self._append(db, game, state.round, team, "unlock")

    # ---- the facilitator ------------------------------------------------------------------
    def advance(self, code: str) -> int:
        """Close the open round (whoever has not locked in keeps the levers in force); the number
        of the round played."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            if state.finished:
                raise GameError("every round has been played")
            self._append(db, game, state.round, FACILITATOR, "advance")
            return state.round

    def undo(self, code: str) -> int:
        """Take back the last played round: it reopens with the teams' moves as they were."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            if state.played == 0:
                raise GameError("no round has been played yet")
            self._append(db, game, state.played, FACILITATOR, "undo")
            return state.played

    def inject(self, code: str, name: str, levers: dict[str, Value], crisis: bool) -> None:
        """An event for the open round, from the scenario library's vocabulary: levers of an actor
        no team plays, and/or a Taiwan / TSMC crisis."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            if state.finished:
                raise GameError("every round has been played")
            played = {"labs": "firms"}
            actors = {played.get(team, team) for team in state.teams}
            taken = sorted(lever for lever in levers if lever.split(".")[0] in actors)
            if taken:
                raise GameError(f"{', '.join(taken)} belongs to a team: teams set their own levers")
            checked = {lever: check_move_any(lever, value) for lever, value in levers.items()}
            if not checked and not crisis:
                raise GameError("an event sets levers or starts a crisis")
            event = {"name": name, "set": checked, "crisis": crisis}
            self._append(db, game, state.round, FACILITATOR, "event", name, event)

    def timer(self, code: str, minutes: float | None) -> float | None:
        """Start a countdown of ``minutes`` for the open round (None stops it); the deadline."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            deadline = None if not minutes else time.time() + 60.0 * float(minutes)
            self._append(db, game, state.round, FACILITATOR, "timer", None, deadline)
            return deadline


def check_move_any(lever: str, value: object) -> Value:
    """A lever's value as an event may set it (the registry's check for a change during a run)."""
    from sim.registry.params import check_mid_run

    return check_mid_run(lever, value)
