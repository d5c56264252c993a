"""The model runs off the server's event loop: while a round plays, other pages are answered.

A real ``airace game serve`` process; the facilitator's page (a Shiny websocket, as a browser holds
one) plays a round, and meanwhile the test asks the server for a page over and over. What is
checked is the order of events, not their timing: between the facilitator's page hearing that the
round is being played and its hearing the round's scores, the server answered other requests. With
the model on the event loop, nothing is answered in between (the page's new round and its scores
arrive together, after the model, and every request waits for them).
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.request

import pytest

from sim.scenario import load_scenario
from sim.scenario.library import LIBRARY
from sim.web.dashboard import offload
from sim.web.game import referee as rf
from sim.web.game.store import Store
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from game_load import run_async

from tests.gameserver import GameServer

pytestmark = pytest.mark.slow


async def _round_with_probes(server: GameServer, codes: dict) -> tuple[list[str], int]:
    import websockets

    events: list[str] = []
    messages: list[str] = []
    ws = await websockets.connect(f"ws://127.0.0.1:{server.port}/game/websocket/", max_size=None)
    data = {
        ".clientdata_url_search": f"?code={codes['facilitator']}",
        ".clientdata_url_pathname": "/game/",
        **{f".clientdata_output_{name}_hidden": False for name in ("page", "header", "scores", "world", "status")},
    }
    await ws.send(json.dumps({"method": "init", "data": data}))

    async def read() -> None:
        async for message in ws:
            text = message if isinstance(message, str) else message.decode()
            messages.append(text)
            if "Round 2 of" in text:
                events.append("round 2 shown")
            if "<th>R1</th>" in text:
                events.append("round 1 scored")

    reader = asyncio.create_task(read())

    async def until(needle: str) -> None:
        for _ in range(1200):
            if any(needle in m for m in messages):
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"the facilitator's page never showed {needle!r}")

    await until("chart-card")  # round 1's page is drawn, with the reference's charts
    await ws.send(json.dumps({"method": "update", "data": {"act": {"kind": "advance", "round": 1, "at": 1}}}))
    answered = 0
    while "round 1 scored" not in events:
        with await asyncio.to_thread(urllib.request.urlopen, server.url, timeout=120) as response:
            assert response.status == 200
        events.append("another page answered")
        answered += 1
        assert answered < 10_000, "the round never finished"
    reader.cancel()
    await ws.close()
    return events, answered


def test_other_pages_are_answered_while_a_round_plays(tmp_path):
    db = tmp_path / "class.sqlite"
    # enough runs that a round takes the model a while: the pages must not wait for it
    codes = rf.new_game(Store(db), load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn"], 3, 30)
    with GameServer(db) as server:
        events, _ = run_async(_round_with_probes(server, codes))
    shown, scored = events.index("round 2 shown"), events.index("round 1 scored")
    assert shown < scored, events[:20]
    between = events[shown:scored].count("another page answered")
    assert between >= 3, f"while the round played, {between} other requests were answered: {events}"


def test_equal_requests_share_one_computation_and_its_answer_is_kept():
    calls: list[int] = []

    def slow(x: int) -> int:
        calls.append(x)
        return x * 2

    async def main() -> list[int]:
        import os

        os.environ["AIRACE_OFFLOAD"] = "thread"
        try:
            first = await asyncio.gather(*(offload.run("test-share", ("double", 21), slow, 21) for _ in range(5)))
            again = await offload.run("test-share", ("double", 21), slow, 21)
            other = await offload.run("test-share", ("double", 2), slow, 2)
        finally:
            os.environ.pop("AIRACE_OFFLOAD", None)
        return [*first, again, other]

    assert run_async(main()) == [42] * 6 + [4]
    assert calls == [21, 2]


def test_a_killed_server_leaves_no_worker_behind(tmp_path):
    """kill -9 of a server (what a test, a crash or the OOM killer does) ends its model workers too:
    each would otherwise hold about 200 MB for ever."""
    import os
    import signal
    import subprocess
    import time

    script = (
        "import os, time\n"
        "from sim.web.dashboard import offload\n"
        "print(offload.pool('orphan-test').submit(os.getpid).result(), flush=True)\n"
        "time.sleep(600)\n"
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        worker = int(server.stdout.readline())
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 60  # guards against a hang; the worker goes within a second
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError(f"worker {worker} outlived its killed server")
