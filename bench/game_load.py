"""Load test: a class of 40 team sessions plays 3 rounds on one game server, over loopback.

Run with ``uv run python bench/game_load.py [--sessions 40] [--rounds 3] [--replications 5]``
(``tests/web/game/test_game_load.py`` runs it in CI). It starts ``airace game serve`` on a fresh SQLite file,
creates one game per four sessions (US, China, the developing world and the labs), and connects
each session as a browser does: a Shiny websocket that says its team code. Each round every session
moves one of its levers (the South asks) and locks in, all at once; then each game's facilitator
plays the round. Timed per round:

- *lock-in*: from a session sending its move to the server showing it locked in (the slowest session);
- *round*: from the facilitator playing the round to every session showing the next round, which
  includes the model's four quarters on every replication and the redrawn charts (the slowest session).

At the end the log must hold exactly one move (or ask) and one lock per session per round:
nothing lost, nothing twice. Prints a table and returns the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from gameserver import GameServer

TEAMS = ("us", "cn", "south", "labs")
OUTPUTS = ("page", "header", "status", "my_moves", "world", "scores", "moves_revealed")
LEVER = {"us": "us.enforcement", "cn": "cn.open_model_subsidy", "labs": "firms.safety_coalition"}
ASKS = ("us_financing", "cn_silk_road", "us_joint_safety")


def value_of(game: int, number: int) -> float:
    """A new value every round (0.05 apart), different per game: each round's move is a real change."""
    return round(0.05 + 0.1 * number + 0.01 * (game % 5), 2)


class Session:
    """One team's browser, as the Shiny protocol sees it."""

    def __init__(self, port: int, code: str, team: str, game: int):
        self.port, self.code, self.team, self.game = port, code, team, game
        self.seen: list[str] = []  # every message, in order
        self.arrived = asyncio.Event()

    async def connect(self) -> None:
        self.ws = await websockets.connect(f"ws://127.0.0.1:{self.port}/game/websocket/", max_size=None)
        data = {
            ".clientdata_url_search": f"?code={self.code}",
            ".clientdata_url_protocol": "http:",
            ".clientdata_url_hostname": "127.0.0.1",
            ".clientdata_url_port": str(self.port),
            ".clientdata_url_pathname": "/game/",
            ".clientdata_pixelratio": 1,
            ".clientdata_allowDataUriScheme": True,
            # a browser says which outputs it shows; Shiny computes only those
            **{f".clientdata_output_{name}_hidden": False for name in OUTPUTS},
        }
        await self.ws.send(json.dumps({"method": "init", "data": data}))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            self.seen.append(message if isinstance(message, str) else message.decode())
            self.arrived.set()

    async def wait_for(self, needle: str, since: int = 0, timeout: float = 120) -> int:
        """Wait until a message from the ``since``-th on holds ``needle``; its index."""
        deadline = time.monotonic() + timeout
        checked = since
        while True:
            for index in range(checked, len(self.seen)):
                if needle in self.seen[index]:
                    return index
            checked = len(self.seen)
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), max(deadline - time.monotonic(), 0.01))

    async def play(self, number: int) -> float:
        """Move and lock in; the seconds until the server shows this team locked in."""
        started, mark = time.perf_counter(), len(self.seen)
        if self.team == "south":
            update = {"asks": [ASKS[(number + self.game) % len(ASKS)]]}
        else:
            lever = LEVER[self.team]
            update = {f"r{number}__{lever.replace('.', '__')}": value_of(self.game, number)}
        await self.ws.send(json.dumps({"method": "update", "data": update}))
        press = {"kind": "lock", "round": number, "at": time.time()}
        await self.ws.send(json.dumps({"method": "update", "data": {"act": press}}))
        await self.wait_for("Locked in.", since=mark)
        return time.perf_counter() - started

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def _run(db: Path, sessions: int, rounds: int, replications: int) -> dict:
    from sim.scenario import load_scenario
    from sim.scenario.library import LIBRARY
    from sim.web.game.referee import new_game
    from sim.web.game.store import Store

    store = Store(db)
    start = load_scenario(LIBRARY / "baseline.yaml")
    games = [new_game(store, start, list(TEAMS), max(rounds, 1), replications) for _ in range(sessions // len(TEAMS))]
    figures = {"sessions": 0, "rounds": [], "replications": replications}
    with GameServer(db) as server:
        clients = [Session(server.port, codes[t], t, g) for g, codes in enumerate(games) for t in TEAMS]
        figures["sessions"] = len(clients)
        await asyncio.gather(*(c.connect() for c in clients))
        await asyncio.gather(*(c.wait_for("Round 1 of") for c in clients))
        for number in range(1, rounds + 1):
            locks = await asyncio.gather(*(c.play(number) for c in clients))
            started, marks = time.perf_counter(), [len(c.seen) for c in clients]
            for codes in games:
                store.advance(codes["facilitator"])
            following = f"Round {number + 1} of" if number < rounds else "Game over"
            await asyncio.gather(*(c.wait_for(following, since=m) for c, m in zip(clients, marks, strict=True)))
            figures["rounds"].append(
                {"round": number, "slowest_lock_s": max(locks), "round_s": time.perf_counter() - started}
            )
        await asyncio.gather(*(c.close() for c in clients))
    figures["check"] = check(db, [g["game"] for g in games], rounds)
    return figures


def check(db: Path, games: list[str], rounds: int) -> dict:
    """Rows per (game, round, team, kind): each must be exactly one."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT game, round, role, kind, COUNT(*) FROM log WHERE kind IN ('move', 'ask', 'lock') "
            "GROUP BY game, round, role, kind"
        ).fetchall()
    counts = {(g, r, role, kind): n for g, r, role, kind, n in rows}
    expected = {
        (g, r, t, kind)
        for g in games
        for r in range(1, rounds + 1)
        for t in TEAMS
        for kind in (("ask" if t == "south" else "move"), "lock")
    }
    return {
        "expected": len(expected),
        "missing": sorted(k for k in expected if k not in counts),
        "duplicates": sorted(k for k, n in counts.items() if n > 1),
        "unexpected": sorted(k for k in counts if k not in expected),
    }


def run_async(coroutine):
    """Run ``coroutine`` to its end in a thread of its own: the caller may already have an event loop
    (Playwright's, in a test session that drove a browser), and asyncio.run refuses to nest."""
    found: dict = {}

    def target() -> None:
        try:
            found["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed to the caller's thread
            found["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in found:
        raise found["error"]
    return found["value"]


def run(sessions: int = 40, rounds: int = 3, replications: int = 5, db: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        return run_async(_run(db or Path(folder) / "load.sqlite", sessions, rounds, replications))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--replications", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    figures = run(args.sessions, args.rounds, args.replications)
    print(f"{figures['sessions']} team sessions, {args.rounds} rounds, {args.replications} runs a round")
    print("round  slowest lock-in (s)  move to next round for all (s)")
    for row in figures["rounds"]:
        print(f"{row['round']:>5}  {row['slowest_lock_s']:>19.2f}  {row['round_s']:>30.2f}")
    check_ = figures["check"]
    for kind in ("missing", "duplicates", "unexpected"):
        for row in check_[kind]:
            print(f"{kind}: {row}")
    print(
        f"log: {check_['expected']} rows expected, {len(check_['missing'])} missing, "
        f"{len(check_['duplicates'])} duplicated, {len(check_['unexpected'])} unexpected; "
        f"total {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
