"""Requests no page should make: huge addresses, huge fields, guessed codes, other sites' pages.

The caps are checked where they apply (no timed asserts): an address beyond the limits is refused
before a page is built from it, a "did you mean" is looked for only for the first few unknown names,
a code that cannot be one is not looked up, a websocket from another site is refused, and every
answer carries the security headers. ``test_a_real_server_...`` checks them on ``airace game serve``.
"""

from __future__ import annotations

import asyncio
import re
import sys
import urllib.error
import urllib.request

import pytest

from sim.web.dashboard import state
from sim.web.dashboard.guard import MAX_QUERY_BYTES, MAX_QUERY_FIELDS, Guard, query_problem, same_origin
from sim.web.game.store import Store, normal_code
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))


def misspelt(count: int) -> str:
    return "&".join(f"us.export_controll_{i}=0.5" for i in range(count))


def test_an_address_beyond_the_limits_is_refused_in_one_line_naming_the_limit():
    assert query_problem(misspelt(10)) is None
    assert "at most 300" in query_problem(misspelt(10_000)) or "bytes" in query_problem(misspelt(10_000))
    assert f"at most {MAX_QUERY_FIELDS}" in query_problem("&".join(["a=1"] * (MAX_QUERY_FIELDS + 1)))
    assert f"at most {MAX_QUERY_BYTES:,}" in query_problem("a=" + "x" * (20 * 1024 * 1024))


def test_the_dashboard_looks_for_a_did_you_mean_for_a_few_names_only(monkeypatch):
    import sim.registry.params

    calls = []
    real = sim.registry.params.suggest
    monkeypatch.setattr(sim.registry.params, "suggest", lambda name, *a, **k: calls.append(name) or real(name, *a, **k))
    entries = state.picker_entries(None, 2)
    setup, problems = state.setup_from_query("?" + misspelt(250) + "&us.enforcement=0.9", entries)
    assert len(calls) == state.MAX_SUGGESTIONS  # not one search per misspelt name
    plain, _ = state.setup_from_query("", entries)
    assert setup.values == {**plain.values, "us.enforcement": 0.9}  # the good setting is still read
    assert any("245 more names that are not parameters were skipped" in p for p in problems)
    calls.clear()
    setup, problems = state.setup_from_query("?" + misspelt(10_000), entries)
    assert calls == [] and setup.values == plain.values and len(problems) == 1 and "too" in problems[0]


def test_a_code_that_cannot_be_one_is_not_looked_up(tmp_path):
    store = Store(tmp_path / "g.sqlite")
    assert normal_code("k7qm 4xpa") == "K7QM-4XPA"
    for bad in ("K" * (20 * 1024 * 1024), "K7QM-4XP0", "K7QM-4XPÄ", "K7QM;DROP", None):
        assert normal_code(bad) == ""
        assert store.who(bad or "") is None


class Recorder:
    def __init__(self):
        self.sent: list[dict] = []
        self.reached = False

    async def app(self, scope, receive, send) -> None:
        self.reached = True
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"ok"})

    async def send(self, message) -> None:
        self.sent.append(message)


def call(scope: dict) -> Recorder:
    recorder = Recorder()

    async def receive():
        return {"type": "websocket.connect"}

    from game_load import run_async  # in a thread of its own: a browser test may have left a loop running

    run_async(Guard(recorder.app)(scope, receive, recorder.send))
    return recorder


def http(query: str = "") -> dict:
    return {"type": "http", "path": "/", "query_string": query.encode(), "headers": [(b"host", b"class:8000")]}


def websocket(origin: str | None) -> dict:
    headers = [(b"host", b"class:8000")] + ([(b"origin", origin.encode())] if origin else [])
    return {"type": "websocket", "path": "/game/websocket/", "query_string": b"", "headers": headers}


def test_every_answer_carries_the_security_headers_and_a_long_address_is_refused_before_the_app():
    done = call(http("scenario=baseline"))
    headers = dict(done.sent[0]["headers"])
    assert done.sent[0]["status"] == 200
    assert b"frame-ancestors 'none'" in headers[b"content-security-policy"]
    assert headers[b"x-frame-options"] == b"DENY" and headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"referrer-policy"] == b"no-referrer"
    refused = call(http(misspelt(10_000)))
    assert not refused.reached and refused.sent[0]["status"] == 414
    assert b"too" in refused.sent[1]["body"] and b"Traceback" not in refused.sent[1]["body"]


def test_a_websocket_from_another_sites_page_is_refused():
    assert same_origin("http://class:8000", "class:8000") and not same_origin("https://evil.example", "class:8000")
    refused = call(websocket("https://evil.example"))
    assert not refused.reached and refused.sent[0]["type"] == "websocket.close"
    assert call(websocket("http://class:8000")).reached
    assert call(websocket(None)).reached  # not a browser: no page of another site behind it


@pytest.mark.slow
def test_a_real_server_refuses_a_huge_address_a_huge_message_and_another_sites_websocket(tmp_path):
    import websockets
    from game_load import run_async
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    from tests.gameserver import GameServer

    db = tmp_path / "g.sqlite"
    Store(db)
    with GameServer(db) as server:
        with urllib.request.urlopen(server.url) as page:
            assert page.headers["X-Frame-Options"] == "DENY"
            assert "frame-ancestors" in page.headers["Content-Security-Policy"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + "?" + misspelt(10_000))
        assert refused.value.code == 400  # the server's own limit on a request's head (16 kB)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url + "?" + misspelt(400))  # within it, over ours
        assert refused.value.code == 414 and "too many settings" in refused.value.read().decode()

        async def sockets() -> tuple:
            url = f"ws://127.0.0.1:{server.port}/game/websocket/"
            with pytest.raises(InvalidStatus):
                await websockets.connect(url, origin="https://evil.example")
            async with websockets.connect(url, max_size=None) as ws:
                with pytest.raises(ConnectionClosed) as closed:  # while sending (the server reads as it comes)
                    await ws.send('{"method": "init", "data": {"big": "' + "x" * (20 * 1024 * 1024) + '"}}')
                    for _ in range(10):  # or after: what the server sent before it read the message, then the close
                        await ws.recv()
            return closed.value.rcvd.code if closed.value.rcvd else None

        assert run_async(sockets()) == 1009  # message too big


# ---- access: codes, attempts, exports, the file -------------------------------------------------
def new_game(store: Store) -> dict:
    from sim.scenario import load_scenario
    from sim.scenario.library import LIBRARY
    from sim.web.game import referee as rf

    return rf.new_game(store, load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn"], 2, 2)


def test_the_file_is_its_owners_only_and_holds_a_hash_of_each_code_never_the_code(tmp_path):
    store = Store(tmp_path / "g.sqlite")
    codes = new_game(store)
    assert (store.path.stat().st_mode & 0o777) == 0o600
    kept = b"".join(path.read_bytes() for path in tmp_path.iterdir())  # the file, its WAL and index
    for role in ("facilitator", "projector", "us", "cn"):
        assert codes[role].encode() not in kept and codes[role].replace("-", "").encode() not in kept
        assert store.who(codes[role]) == (codes["game"], role)
    assert store.codes(codes["facilitator"]) == {k: v for k, v in codes.items() if k != "game"}
    with pytest.raises(PermissionError):
        store.codes(codes["us"])  # only the facilitator's code opens the list


def test_a_file_from_before_codes_were_hashed_is_converted_when_opened(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE games (id TEXT PRIMARY KEY, created REAL NOT NULL, config TEXT NOT NULL);"
            "CREATE TABLE codes (code TEXT PRIMARY KEY, game TEXT NOT NULL, role TEXT NOT NULL);"
            'INSERT INTO games VALUES (\'g1\', 0, \'{"teams": ["us", "cn"], "rounds": 2}\');'
            "INSERT INTO codes VALUES ('AAAA-BBBB-CCCC-DDDD', 'g1', 'facilitator'), ('K7QM-4XPA', 'g1', 'us');"
        )
    path.chmod(0o644)
    store = Store(path)
    assert store.who("k7qm4xpa") == ("g1", "us")
    assert store.codes("AAAA-BBBB-CCCC-DDDD")["us"] == "K7QM-4XPA"
    assert b"K7QM-4XPA" not in path.read_bytes() and (path.stat().st_mode & 0o777) == 0o600


def test_the_eleventh_wrong_code_in_a_minute_from_one_client_is_refused_then_allowed_again():
    from sim.web.game.app import Attempts

    now = [0.0]
    attempts = Attempts(clock=lambda: now[0])
    for _ in range(10):
        assert not attempts.locked("10.0.0.7")
        attempts.fail("10.0.0.7")
        now[0] += 1
    assert attempts.locked("10.0.0.7")  # the 11th attempt, even with a right code
    assert not attempts.locked("10.0.0.8")  # another computer of the class is not held up
    now[0] += 60
    assert not attempts.locked("10.0.0.7")


def test_an_empty_or_corrupt_database_file_is_said_in_one_line_by_the_commands(tmp_path, airace):

    from sim.web.game.store import StorageError

    empty, corrupt = tmp_path / "empty.sqlite", tmp_path / "corrupt.sqlite"
    empty.write_bytes(b"")
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    for path, words in ((empty, "is empty (0 bytes)"), (corrupt, "is not a readable game database")):
        with pytest.raises(StorageError, match=re.escape(words)):
            Store(path)
        for command in (["game", "serve", "--db", str(path)], ["game", "new", "--db", str(path)]):
            result = airace.invoke(*command)
            assert result.exit_code == 2, result.output
            assert words in result.output and "Traceback" not in result.output
            assert len([line for line in result.output.splitlines() if line.strip()]) <= 3  # one line, wrapped
    assert empty.read_bytes() == b""  # nothing written over what is there


@pytest.mark.slow
def test_a_team_session_cannot_download_the_exports_and_a_guesser_is_locked_out(tmp_path):
    from game_load import Session, run_async

    from tests.gameserver import GameServer

    store = Store(tmp_path / "g.sqlite")
    codes = new_game(store)

    def download(port: int, session: Session, name: str) -> str:
        sid = next(m for m in session.seen if '"sessionId"' in m).split('"sessionId": "')[1].split('"')[0]
        url = f"http://127.0.0.1:{port}/game/session/{sid}/download/{name}?w="
        with urllib.request.urlopen(url) as answer:
            return answer.read().decode()

    async def play(port: int) -> None:
        team = Session(port, codes["us"], "us", 0)
        boss = Session(port, codes["facilitator"], "facilitator", 0)
        for page in (team, boss):
            await page.connect()
            await page.wait_for("Round 1 of")
        refused = await asyncio.to_thread(download, port, team, "export_yaml")
        assert refused == "Only the facilitator's page downloads the game's exports.\n"
        allowed = await asyncio.to_thread(download, port, boss, "export_yaml")
        assert "Classroom game" in allowed and "events" in allowed
        for page in (team, boss):
            await page.close()
        for attempt in range(10):  # ten guesses from this computer
            guess = Session(port, f"ZZZZ-ZZZ{'23456789AB'[attempt]}", "us", 0)
            await guess.connect()
            await guess.wait_for("not one this game gave out" if attempt < 9 else "Too many wrong codes")
            await guess.close()
        late = Session(port, codes["cn"], "cn", 0)  # the right code, too late
        await late.connect()
        await late.wait_for("Too many wrong codes")
        await late.close()

    with GameServer(store.path) as server:
        run_async(play(server.port))
