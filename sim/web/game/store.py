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
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sim.registry.params import Value
from sim.web.game.codes import (
    ALLOWED,
    ALPHABET,
    FACILITATOR,
    FACILITATOR_CODE_LENGTH,
    PROJECTOR,
    TEAM_CODE_LENGTH,
    code_hash,
    new_code,
    normal_code,
    seal,
    unseal,
)
from sim.web.game.dbfile import GameError, StorageError, connect, open_file
from sim.web.game.state import GameState, Round, fold
from sim.web.game.teams import ASKS_BY_ID, ASKS_PER_ROUND, TEAMS, check_move, check_teams


class Store:
    """The games in one SQLite file. Connections are opened per call, so a Store is safe to share
    between threads, and several servers may use one file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._folded: dict[str, GameState] = {}  # game -> its state as last read: later reads fold only new rows
        self._folded_lock = threading.Lock()
        self.salt = open_file(self.path)

    def _connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connect(self.path)

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
        facilitator = codes[FACILITATOR]
        rows = [
            (code_hash(self.salt, c), game, r, None if r == FACILITATOR else seal(facilitator, game, r, c))
            for r, c in codes.items()
        ]
        with self._write() as db:
            db.execute("INSERT INTO games VALUES (?, ?, ?)", (game, time.time(), json.dumps(config)))
            db.executemany("INSERT INTO codes VALUES (?, ?, ?, ?)", rows)
        return {"game": game, **codes}

    def games(self) -> list[str]:
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT id FROM games ORDER BY created")]

    def codes(self, facilitator: str) -> dict[str, str]:
        """Every code of the facilitator's game by role (the file keeps them sealed under the
        facilitator's code, so only that code lists them)."""
        facilitator = normal_code(facilitator)
        with self._connect() as db:
            game, _ = self._role(db, facilitator, {FACILITATOR})
            rows = db.execute("SELECT role, sealed FROM codes WHERE game = ?", (game,)).fetchall()
        found = {role: unseal(facilitator, game, role, sealed) for role, sealed in rows if sealed}
        return {FACILITATOR: facilitator, **found}

    def _find(self, db: sqlite3.Connection, code: str) -> tuple[str, str] | None:
        code = normal_code(code)
        if not code:
            return None
        row = db.execute("SELECT game, role FROM codes WHERE hash = ?", (code_hash(self.salt, code),)).fetchone()
        return (row[0], row[1]) if row else None

    def who(self, code: str) -> tuple[str, str] | None:
        """(game, role) of a code, or None for a code no game gave out."""
        with self._connect() as db:
            return self._find(db, code)

    def expired(self, game: str, role: str) -> bool:
        """A team's code stops opening its game when the game ends (the last round played; an undo
        opens it again): the class has gone, and a code seen on a screen or a photo is worth nothing.
        The facilitator's and the projector's codes stay, for the debrief."""
        return role in TEAMS and self.state(game).finished

    def rotate(self, facilitator: str) -> dict[str, str]:
        """New codes for the facilitator's game's teams and projector (the old ones stop working at
        once, and pages opened with them return to the join box); the facilitator's code stays.
        The new codes by role, as ``codes`` gives them."""
        facilitator = normal_code(facilitator)
        with self._write() as db:
            game, _ = self._role(db, facilitator, {FACILITATOR})
            self._replace_codes(db, game, facilitator, keep_facilitator=True)
        return self.codes(facilitator)

    def rotate_all(self, game: str) -> dict[str, str]:
        """New codes for every role of ``game``, the facilitator's too (for whoever holds the file:
        ``airace game rotate-codes``). The new codes by role, and ``game``."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM games WHERE id = ?", (game,)).fetchone() is None:
                known = ", ".join(r[0] for r in db.execute("SELECT id FROM games ORDER BY created")) or "none"
                raise GameError(f"no game {game!r} in {self.path} (its games: {known})")
            facilitator = new_code(FACILITATOR_CODE_LENGTH)
            self._replace_codes(db, game, facilitator, keep_facilitator=False)
        return {"game": game, **self.codes(facilitator)}

    def _replace_codes(self, db, game: str, facilitator: str, keep_facilitator: bool) -> None:
        roles = [r[0] for r in db.execute("SELECT role FROM codes WHERE game = ?", (game,))]
        if keep_facilitator:
            db.execute("DELETE FROM codes WHERE game = ? AND role != ?", (game, FACILITATOR))
        else:
            db.execute("DELETE FROM codes WHERE game = ?", (game,))
        rows = []
        for role in roles:
            if role == FACILITATOR:
                if not keep_facilitator:
                    rows.append((code_hash(self.salt, facilitator), game, role, None))
                continue
            code = new_code(FACILITATOR_CODE_LENGTH if role == PROJECTOR else TEAM_CODE_LENGTH)
            rows.append((code_hash(self.salt, code), game, role, seal(facilitator, game, role, code)))
        db.executemany("INSERT INTO codes VALUES (?, ?, ?, ?)", rows)
        state = self._state(db, game)
        self._append(db, game, state.round, FACILITATOR, "codes")

    def version(self, game: str) -> int:
        """The game's last log row: what a server watches to learn that something happened."""
        return self.versions([game])[game]

    def versions(self, games: list[str]) -> dict[str, int]:
        """Each game's last log row, in one query (the log's index answers it without a scan)."""
        found = dict.fromkeys(games, 0)
        with self._connect() as db:
            for game in games:
                row = db.execute("SELECT MAX(seq) FROM log WHERE game = ?", (game,)).fetchone()
                found[game] = row[0] or 0
        return found

    def state(self, game: str, seen: int | None = None) -> GameState:
        """The game as its log says it is now; ``seen``: a version (``versions``) the caller knows
        of, so a state already folded that far is returned without reading the file."""
        if seen is not None:
            with self._folded_lock:
                known = self._folded.get(game)
            if known is not None and known.seq >= seen:
                return known
        with self._connect() as db:
            return self._state(db, game)

    def _state(self, db: sqlite3.Connection, game: str) -> GameState:
        """The game's state: the rows after the last state read from this Store are folded onto it
        (the log is append-only, and its rows are numbered in the order they were committed), so a
        change costs its own rows, never a re-read of the whole log."""
        with self._folded_lock:
            known = self._folded.get(game)
        if known is None:
            row = db.execute("SELECT config FROM games WHERE id = ?", (game,)).fetchone()
            if row is None:
                raise GameError(f"no game {game!r} in {self.path}")
            config, after = json.loads(row[0]), 0
        else:
            config, after = known.config, known.seq
        rows = db.execute(
            "SELECT seq, round, role, kind, name, value FROM log WHERE game = ? AND seq > ? ORDER BY seq", (game, after)
        ).fetchall()
        if known is not None and not rows:
            return known
        state = fold(game, config, rows, known)
        with self._folded_lock:
            if game not in self._folded or self._folded[game].seq < state.seq or known is None:
                self._folded[game] = state
        return state

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
        row = self._find(db, code)
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

    def _open_for(self, db, code: str, number: int | None = None) -> tuple[GameState, str]:
        game, team = self._role(db, code, set(TEAMS))
        state = self._state(db, game)
        current(state, number)
        if state.finished:
            raise GameError("the game is over: every round has been played")
        if team in state.at(state.round).locked:
            raise GameError(f"{TEAMS[team].name} has locked in this round's moves")
        return state, team

    def move(self, code: str, lever: str, value: object, number: int | None = None) -> Value:
        """Record a team's move on one of its levers in the open round (``number``, when given, is
        the round the move was made for: refused if that round is no longer open); the checked value."""
        with self._write() as db:
            state, team = self._open_for(db, code, number)
            checked = check_move(team, lever, value)
            if lever.endswith("_usd") and "scenario" in state.config:
                from sim.web.game.referee import over_budget

                refused = over_budget(state, team, lever, checked)
                if refused:
                    raise GameError(refused)
            self._append(db, state.id, state.round, team, "move", lever, checked)
        return checked

    def ask(self, code: str, asks: list[str], number: int | None = None) -> list[str]:
        """Record the South's asks for the open round (at most ``ASKS_PER_ROUND``)."""
        with self._write() as db:
            state, team = self._open_for(db, code, number)
            if not TEAMS[team].asks:
                raise PermissionError(f"{TEAMS[team].name} moves levers; only the developing world asks")
            unknown = [a for a in asks if a not in ASKS_BY_ID]
            if unknown or len(set(asks)) != len(asks) or len(asks) > ASKS_PER_ROUND:
                raise GameError(f"choose up to {ASKS_PER_ROUND} different asks from the list")
            self._append(db, state.id, state.round, team, "ask", None, list(asks))
        return list(asks)

    def lock(self, code: str, number: int | None = None) -> None:
        """A team locks in its moves for the open round."""
        with self._write() as db:
            state, team = self._open_for(db, code, number)
            self._append(db, state.id, state.round, team, "lock")

    def unlock(self, code: str, number: int | None = None) -> None:
        """A team takes its lock back while the round is still open."""
        with self._write() as db:
            game, team = self._role(db, code, set(TEAMS))
            state = self._state(db, game)
            current(state, number)
            if team in state.at(state.round).locked and not state.finished:
                self._append(db, game, state.round, team, "unlock")

    # ---- the facilitator ------------------------------------------------------------------
    def advance(self, code: str, number: int | None = None) -> int:
        """Close the open round (whoever has not locked in keeps the levers in force); the number
        of the round played. ``number``, when given, is the round the facilitator asked to play: a
        second click, or a second tab, asking for a round already played is refused, not played again."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            current(state, number)
            if state.finished:
                raise GameError("every round has been played")
            self._append(db, game, state.round, FACILITATOR, "advance")
            return state.round

    def undo(self, code: str, number: int | None = None) -> int:
        """Take back the last played round: it reopens with the teams' moves as they were.
        ``number``, when given, is the open round the facilitator saw (the undo takes back the one
        before it): refused once the game has moved on, so a double click undoes one round."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            current(state, number)
            if state.played == 0:
                raise GameError("no round has been played yet")
            self._append(db, game, state.played, FACILITATOR, "undo")
            return state.played

    def inject(self, code: str, name: str, levers: dict[str, Value], crisis: bool, number: int | None = None) -> None:
        """An event for the open round, from the scenario library's vocabulary: levers of an actor
        no team plays, and/or a Taiwan / TSMC crisis."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            current(state, number)
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

    def timer(self, code: str, minutes: float | None, number: int | None = None) -> float | None:
        """Start a countdown of ``minutes`` for the open round (None stops it); the deadline."""
        with self._write() as db:
            game, _ = self._role(db, code, {FACILITATOR})
            state = self._state(db, game)
            current(state, number)
            deadline = None if not minutes else time.time() + 60.0 * float(minutes)
            self._append(db, game, state.round, FACILITATOR, "timer", None, deadline)
            return deadline


def current(state: GameState, number: int | None) -> None:
    """Refuse an action made for round ``number`` when that round is no longer the open one (a
    double click, a second tab, a page that had not yet heard of the last round); None: no check."""
    if number is None or number == state.round:
        return
    raise GameError(
        f"the game moved on since this page showed round {number} (it is at round {state.round}): nothing was done"
    )


def check_move_any(lever: str, value: object) -> Value:
    """A lever's value as an event may set it (the registry's check for a change during a run)."""
    from sim.registry.params import check_mid_run

    return check_mid_run(lever, value)


__all__ = [  # the codes and the state, as the game's other modules and the tests import them from here
    "ALLOWED",
    "ALPHABET",
    "FACILITATOR",
    "FACILITATOR_CODE_LENGTH",
    "PROJECTOR",
    "TEAM_CODE_LENGTH",
    "GameError",
    "GameState",
    "Round",
    "StorageError",
    "Store",
    "fold",
    "new_code",
    "normal_code",
]
