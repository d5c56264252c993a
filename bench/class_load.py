"""Load benchmark: a whole class on one game server, six rounds, on this computer.

Run with ``uv run python bench/class_load.py`` (a few minutes; ``--help`` for the sizes). It starts
``airace game serve`` on a fresh SQLite file and connects, as browsers do (a Shiny websocket each):

- 1 facilitator, with one page per game: 8 teams play as two games of four (US, China, the
  developing world, the labs; a game has at most four teams);
- 2 tabs per team (16 pages): each round one tab moves a lever (the South asks), the other sees it
  and locks in;
- 30 dashboard viewers on ``/``, each moving a lever once a round (to one of four settings, so a
  class's common settings come from the cache as they would);
- 150 idle pages: projector pages of the two games that only watch.

Each round the facilitator plays both games once every team has locked in. Measured:

- *page update*: from a page's action (a move, a lock-in, Play) to each page that must show it
  showing it: the team's other tab, every page of the game (the lock list), every page of the game
  (the next round); median and 95th percentile;
- *round results*: from Play to each page of the game showing the round's scores (the model's four
  quarters on every run, the charts): median and 95th percentile;
- *dashboard update*: from a viewer's lever move to its charts redrawn;
- *frozen*: a request for ``/game/`` is sent every 0.25 s all along; any answer slower than 1 s
  while a round plays counts as a freeze;
- *idle CPU*: the server's CPU (its process and its workers) over 20 s with every page open and
  nobody acting, in % of one core; and the rows the log gained meanwhile (must be 0: two tabs of
  every team among them; ``bench/quiet_tabs.py`` checks two real browser tabs for a full minute);
- *lost or doubled*: the log must hold exactly one move (or ask) and one lock-in per team per round.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from game_load import ASKS, LEVER, TEAMS, check, run_async, value_of
from gameserver import GameServer

GAME_OUTPUTS = ("page", "header", "status", "my_moves", "world", "scores", "moves_revealed", "budget", "steps")
DASHBOARD_OUTPUTS = ("explore-levers", "explore-status", "explore-charts", "explore-changes")
SETTINGS = (0.1, 0.35, 0.65, 0.9)  # the dashboard viewers' lever positions
TIMEOUT = 600.0


def esc(text: str) -> str:
    """``text`` as it appears inside a JSON string (an output's HTML in a Shiny message)."""
    return json.dumps(text)[1:-1]


class Page:
    """One browser page as the Shiny protocol sees it; every message kept with its arrival time."""

    def __init__(self, port: int, path: str, search: str, outputs: tuple[str, ...], extra: dict | None = None):
        self.port, self.path, self.search, self.outputs, self.extra = port, path, search, outputs, extra or {}
        self.seen: list[tuple[float, str]] = []
        self.arrived = asyncio.Event()

    async def connect(self) -> None:
        url = f"ws://127.0.0.1:{self.port}{self.path}websocket/"
        self.ws = await websockets.connect(url, max_size=None, open_timeout=TIMEOUT, ping_timeout=None)
        data = {
            ".clientdata_url_search": self.search,
            ".clientdata_url_protocol": "http:",
            ".clientdata_url_hostname": "127.0.0.1",
            ".clientdata_url_port": str(self.port),
            ".clientdata_url_pathname": self.path,
            ".clientdata_pixelratio": 1,
            ".clientdata_allowDataUriScheme": True,
            **{f".clientdata_output_{name}_hidden": False for name in self.outputs},
            **self.extra,
        }
        await self.ws.send(json.dumps({"method": "init", "data": data}))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                self.seen.append((time.perf_counter(), message if isinstance(message, str) else message.decode()))
                self.arrived.set()
        except websockets.ConnectionClosed:
            pass

    def mark(self) -> int:
        return len(self.seen)

    async def wait_for(self, needle: str, since: int = 0) -> float:
        """The arrival time of the first message from the ``since``-th on that holds ``needle``."""
        return await self.wait_until(lambda message: needle in message, needle, since)

    async def wait_output(self, name: str, since: int = 0) -> float:
        """The arrival time of the first new value of output ``name`` from the ``since``-th message on."""

        def test(message: str) -> bool:
            return f'"{name}"' in message and name in json.loads(message).get("values", {})

        return await self.wait_until(test, name, since)

    async def wait_until(self, test, needle: str, since: int = 0) -> float:
        deadline = time.monotonic() + TIMEOUT
        checked = since
        while True:
            for index in range(checked, len(self.seen)):
                if test(self.seen[index][1]):
                    return self.seen[index][0]
            checked = len(self.seen)
            self.arrived.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.search or self.path}: never showed {needle[:60]!r}")
            await asyncio.wait_for(self.arrived.wait(), left)

    async def send(self, data: dict) -> float:
        started = time.perf_counter()
        await self.ws.send(json.dumps({"method": "update", "data": data}))
        return started

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and every process under it (the model's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    family, grown = {pid}, True
    while grown:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grown = bool(more)
    return sum(times.get(p, 0.0) for p in family)


def log_rows(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM log").fetchone()[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))] if ordered else float("nan")


async def _class(db: Path, args) -> dict:
    from sim.scenario import load_scenario
    from sim.scenario.library import LIBRARY
    from sim.web.game.referee import new_game
    from sim.web.game.store import Store

    store = Store(db)
    start = load_scenario(LIBRARY / "baseline.yaml")
    games = [new_game(store, start, list(TEAMS), args.rounds, args.replications) for _ in range(args.teams // 4)]
    figures: dict = {"updates": [], "results": [], "dashboard": [], "probes": [], "rounds": []}
    with GameServer(db) as server:
        port = server.port
        boss = [Page(port, "/game/", f"?code={codes['facilitator']}", (*GAME_OUTPUTS, "debrief")) for codes in games]
        tabs = {
            (g, team): [Page(port, "/game/", f"?code={codes[team]}", GAME_OUTPUTS) for _ in range(2)]
            for g, codes in enumerate(games)
            for team in TEAMS
        }
        idle = [
            Page(port, "/game/", f"?code={games[i % len(games)]['projector']}", GAME_OUTPUTS) for i in range(args.idle)
        ]
        viewers = [
            Page(
                port,
                "/",
                "",
                DASHBOARD_OUTPUTS,
                {"explore-scenario": "baseline", "explore-outcomes": [], "mode": "explore"},
            )
            for _ in range(args.viewers)
        ]
        of_game = {
            g: [boss[g], *[p for (gg, _), pair in tabs.items() if gg == g for p in pair], *idle[g :: len(games)]]
            for g in range(len(games))
        }
        everyone = [*boss, *[p for pair in tabs.values() for p in pair], *idle, *viewers]
        for i in range(0, len(everyone), 25):  # as a class arrives: a few at a time
            await asyncio.gather(*(p.connect() for p in everyone[i : i + 25]))
        game_pages = [p for p in everyone if p.path == "/game/"]
        await asyncio.gather(*(p.wait_for(esc('class="chart-card"')) for p in game_pages))
        await asyncio.gather(*(v.wait_output("explore-charts") for v in viewers))
        figures["pages"] = len(everyone)

        await asyncio.sleep(5)  # what the arrival started has finished
        before, clock, written = cpu_seconds(server.process.pid), time.perf_counter(), log_rows(db)
        await asyncio.sleep(args.idle_seconds)
        figures["idle_cpu_percent"] = 100 * (cpu_seconds(server.process.pid) - before) / (time.perf_counter() - clock)
        figures["idle_rows"] = log_rows(db) - written  # the two tabs of every team among the idle pages

        playing: list[tuple[float, float]] = []  # (Play, last results) per round
        done = asyncio.Event()

        async def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.to_thread(lambda: urllib.request.urlopen(server.url, timeout=TIMEOUT).read())
                figures["probes"].append((started, time.perf_counter() - started))
                await asyncio.sleep(0.25)

        prober = asyncio.create_task(probe())
        for number in range(1, args.rounds + 1):
            marks = {id(p): p.mark() for p in everyone}

            async def team_round(g: int, team: str, number: int) -> None:
                mover, locker = tabs[(g, team)]
                since = locker.mark()
                if team == "south":
                    sent = await mover.send({"asks": [ASKS[(number + g) % len(ASKS)]]})
                else:
                    lever = LEVER[team]
                    sent = await mover.send({f"r{number}__{lever.replace('.', '__')}": value_of(g, number)})
                figures["updates"].append(await locker.wait_output("my_moves", since) - sent)
                since = {id(p): p.mark() for p in of_game[g]}
                sent = await locker.send({"act": {"kind": "lock", "round": number, "at": time.time()}})
                needle = esc(f'class="locked" data-team="{team}"')
                seen = await asyncio.gather(*(p.wait_for(needle, since[id(p)]) for p in of_game[g]))
                figures["updates"].extend(t - sent for t in seen)

            async def viewer_round(i: int, viewer: Page, number: int) -> None:
                since = viewer.mark()
                sent = await viewer.send({"explore-g1__us__enforcement": SETTINGS[(i + number) % len(SETTINGS)]})
                figures["dashboard"].append(await viewer.wait_output("explore-charts", since) - sent)

            await asyncio.gather(
                *(team_round(g, team, number) for g in range(len(games)) for team in TEAMS),
                *(viewer_round(i, v, number) for i, v in enumerate(viewers)),
            )
            marks = {id(p): p.mark() for p in game_pages}
            started = time.perf_counter()
            for g in range(len(games)):
                await boss[g].send({"act": {"kind": "advance", "round": number, "at": time.time()}})
            following = f"Round {number + 1} of" if number < args.rounds else "Game over"
            shown = await asyncio.gather(*(p.wait_for(following, marks[id(p)]) for p in game_pages))
            figures["updates"].extend(t - started for t in shown)
            scored = await asyncio.gather(*(p.wait_for(esc(f"<th>R{number}</th>"), marks[id(p)]) for p in game_pages))
            figures["results"].extend(t - started for t in scored)
            playing.append((started, max(scored)))
            figures["rounds"].append(
                {"round": number, "all_shown_s": max(shown) - started, "all_scored_s": max(scored) - started}
            )
        done.set()
        await prober
        await asyncio.gather(*(p.close() for p in everyone))
    figures["playing"] = playing
    figures["check"] = check(db, [g["game"] for g in games], args.rounds)
    return figures


def summary(figures: dict) -> dict[str, float]:
    during = [lat for start, lat in figures["probes"] if any(a <= start <= b for a, b in figures["playing"])]
    check_ = figures["check"]
    return {
        "page update median (s)": statistics.median(figures["updates"]),
        "page update p95 (s)": percentile(figures["updates"], 0.95),
        "round results median (s)": statistics.median(figures["results"]),
        "round results p95 (s)": percentile(figures["results"], 0.95),
        "dashboard update median (s)": statistics.median(figures["dashboard"]),
        "dashboard update p95 (s)": percentile(figures["dashboard"], 0.95),
        "requests while rounds played": len(during),
        "slowest request while a round played (s)": max(during, default=float("nan")),
        "frozen (requests over 1 s while a round played)": sum(1 for lat in during if lat > 1.0),
        "idle server CPU (% of a core)": figures["idle_cpu_percent"],
        "log rows written while every page sat idle": figures["idle_rows"],
        "moves and lock-ins expected": check_["expected"],
        "lost": len(check_["missing"]),
        "doubled": len(check_["duplicates"]) + len(check_["unexpected"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=8, help="teams, four to a game (default 8: two games)")
    parser.add_argument("--viewers", type=int, default=30, help="dashboard viewers (default 30)")
    parser.add_argument("--idle", type=int, default=150, help="idle pages (default 150)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--replications", type=int, default=20, help="runs a round (default 20, the baseline's)")
    parser.add_argument("--idle-seconds", type=float, default=20.0, help="the idle CPU window (default 20 s)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        figures = run_async(_class(Path(folder) / "class.sqlite", args))
    print(
        f"{figures['pages']} pages: 1 facilitator ({args.teams // 4} pages), {args.teams} teams x 2 tabs, "
        f"{args.viewers} dashboard viewers, {args.idle} idle pages; {args.rounds} rounds of {args.replications} runs; "
        f"{os.cpu_count()} cores"
    )
    for row in figures["rounds"]:
        print(
            f"round {row['round']}: every page shows the next round in {row['all_shown_s']:.2f} s, "
            f"the scores in {row['all_scored_s']:.2f} s"
        )
    for name, value in summary(figures).items():
        print(f"{name:<50} {value:10.2f}")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
