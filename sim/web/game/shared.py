"""What the game's pages share on one server: the watcher that tells a game's pages when its log has
grown, the model's results and drawings made once per game history (in the game's worker process),
and the count of wrong join codes per computer."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd
from shiny import reactive, req

from sim.web.dashboard import offload
from sim.web.game import debrief as db
from sim.web.game import referee as rf
from sim.web.game.pieces import chart_cards
from sim.web.game.store import GameState, Store
from sim.web.game.teams import ROUND_QUARTERS

POLL_SECONDS = 0.7
# ---- the log, watched once per server for all its pages ------------------------------------------
TOLD_AT_ONCE = 24  # pages told per reactive flush when a game's log grows (and pages answered per flush)

# A page told does little (``GamePage``: each part is redrawn only when what it shows has changed),
# and a flush sends nothing to the pages it did not change (``shiny_costs``); a few dozen pages a
# flush, with other requests answered in between, so no request waits for a whole class's redraw.


class Watcher:
    """Tells the pages of a game that its log has grown. One task per server reads the last row of
    every game some page shows (one small query a ``POLL_SECONDS``, whatever the number of pages, and
    at once after a write made here); when a game's log has grown, the pages of that game are told,
    all in one reactive flush. A page with nothing new costs nothing: no page polls."""

    def __init__(self, store: Store):
        self.store = store
        self.pages: dict[str, dict[int, Callable[[int], None]]] = {}  # game -> page id -> told the version
        self.versions: dict[str, int] = {}
        self.task: asyncio.Task | None = None
        self.wake: asyncio.Event | None = None
        self.reads = 0  # queries made (what the tests and the bench count)

    def watch(self, game: str, page: int, tell: Callable[[int], None]) -> None:
        self.pages.setdefault(game, {})[page] = tell
        if self.task is None or self.task.done():
            self.wake = asyncio.Event()
            self.task = asyncio.get_running_loop().create_task(self._run())
        self.nudge()

    def forget(self, page: int) -> None:
        for game in list(self.pages):
            self.pages[game].pop(page, None)
            if not self.pages[game]:
                del self.pages[game]
                self.versions.pop(game, None)

    def nudge(self) -> None:
        """Look now (a write was just made on this server): its pages need not wait for the next look."""
        if self.wake is not None:
            self.wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), POLL_SECONDS)
            self.wake.clear()
            games = list(self.pages)
            if not games:
                continue
            try:
                latest = self.store.versions(games)
            except Exception:  # a locked or vanished file: look again next time; pages keep what they show
                continue
            self.reads += 1
            grown = [g for g in games if latest[g] != self.versions.get(g) and g in self.pages]
            if not grown:
                continue
            told = [(game, tell) for game in grown for tell in list(self.pages.get(game, {}).values())]
            for game in grown:
                self.versions[game] = latest[game]
            for start in range(0, len(told), TOLD_AT_ONCE):
                async with reactive.lock():
                    for game, tell in told[start : start + TOLD_AT_ONCE]:
                        tell(latest[game])
                    await reactive.flush()
                await asyncio.sleep(0)


class Deliveries:
    """Answers of the model's work handed to the pages that asked, many pages a reactive flush:
    every page of a game asks for the same computation when a round is played, and a flush per page
    (as one ``ExtendedTask`` per page does) would cost a flush of the whole server per page."""

    def __init__(self, wait: float = 0.05):
        self.wait = wait  # answers arriving within this time go in one flush
        self.waiting: list[tuple[Callable[[object], object], object]] = []
        self.task: asyncio.Task | None = None

    def hand(self, setter: Callable[[object], object], value: object) -> None:
        self.waiting.append((setter, value))
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        await asyncio.sleep(self.wait)
        while self.waiting:
            batch, self.waiting = self.waiting[:TOLD_AT_ONCE], self.waiting[TOLD_AT_ONCE:]
            async with reactive.lock():
                for setter, value in batch:
                    setter(value)
                await reactive.flush()
            await asyncio.sleep(0)  # other requests are answered between batches


DELIVERIES = Deliveries()


class Background:
    """One page's model work, answered through ``DELIVERIES``: what ``reactive.extended_task`` does
    for a page, without its per-page flush and without the three reactive values it names by
    reading the call stack (a tenth of the server's time when a class connects)."""

    def __init__(self, name: str):
        self.asked: reactive.Value = reactive.value(None, name=f"{name}_asked")
        self.answer: reactive.Value = reactive.value(None, name=f"{name}_answer")  # (key, value or error)
        self.tasks: set[asyncio.Task] = set()

    def invoke(self, key: Hashable, pool: str, work_key: Hashable, function: Callable, *args) -> None:
        """Ask for ``function(*args)`` in the worker pool ``pool`` (``offload.run``) for ``key``."""
        self.asked.set(key)
        found = offload.kept(pool, work_key)
        if found is not None:  # answered before (another page of the game asked): no wait
            self.answer.set((key, found))
            return
        task = asyncio.get_running_loop().create_task(self._fetch(key, pool, work_key, function, args))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _fetch(self, key: Hashable, pool: str, work_key: Hashable, function: Callable, args: tuple) -> None:
        try:
            value = await offload.run(pool, work_key, function, *args)
        except Exception as error:  # shown on the page as the output's error
            value = error
        with reactive.isolate():
            current = self.asked.get()
        if current == key:
            DELIVERIES.hand(self.answer.set, (key, value))

    def result(self):
        """The answer for the key last asked; while it is being computed the page's outputs show
        it in progress (as ``ExtendedTask.result`` does)."""
        asked, answer = self.asked(), self.answer()
        if asked is None:
            req(False)
        if answer is None or answer[0] != asked:
            req(False, cancel_output="progress")
        if isinstance(answer[1], Exception):
            raise answer[1]
        return answer[1]


_shared: OrderedDict[tuple, str] = OrderedDict()


def shared(key: tuple, make: Callable[[], str]) -> str:
    """A part of a page that is the same on every page showing it (``key`` says of what), drawn once."""
    with _results_lock:
        if key in _shared:
            return _shared[key]
    found = make()
    with _results_lock:
        _shared[key] = found
        while len(_shared) > 256:
            _shared.popitem(last=False)
    return found


# ---- results, computed once per game history in this process --------------------------------------
_results: OrderedDict[tuple, tuple] = OrderedDict()
_results_lock = threading.Lock()


_history_keys: OrderedDict[tuple[str, int], tuple] = OrderedDict()  # (game, log row) -> its history key


def history_key(s: GameState) -> tuple:
    """What the model's results depend on: the game and its played rounds' moves (worked out once
    per game version, for every page of the game)."""
    version = (s.id, s.seq)
    found = _history_keys.get(version)
    if found is None:
        found = (s.id, s.played, tuple(moves.key() for moves in rf.played_moves(s)))
        _history_keys[version] = found
        while len(_history_keys) > 256:
            _history_keys.popitem(last=False)
    return found


def results_of(key: tuple, s: GameState) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """The game's runs, the reference's and the scores for one history (shared by every page)."""
    with _results_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    game, ref = rf.runs(s), rf.reference(s)
    found = (game, ref, rf.scores(s, game, ref))
    with _results_lock:
        _results[key] = found
        while len(_results) > 64:
            _results.popitem(last=False)
    return found


def page_work(key: tuple, s: GameState, outcomes: tuple[str, ...]) -> dict:
    """Everything model-made a page of one history shows: the runs, the scores and the chart cards
    of ``outcomes``. Run in the game's worker process (``sim.web.dashboard.offload``), never on the
    server's event loop; one answer per distinct request."""
    game, ref, found = results_of(key, s)
    steps = ROUND_QUARTERS * s.played
    charts = str(chart_cards(list(outcomes), game, ref, steps))
    return {"game": game, "ref": ref, "found": found, "charts": charts}


def debrief_work(key: tuple, s: GameState) -> dict:
    """The debrief's parts for one history, in a worker of their own (the closest library scenario
    runs the whole library once per game: the rounds of every page must not queue behind it)."""
    game, ref, found = results_of(key, s)
    work: dict = {"found": found}
    if s.played:
        work["changes"] = db.changes(s, game, ref)
        work["near"] = db.closest_words(s, game, ref)
        table = db.moves_table(db.timeline(s, game, ref), s)
        work["timeline"] = table.to_html(index=False, border=0, classes="timeline")
        work["outcomes"] = db.outcomes_table(s, game, ref).to_html(index=False, border=0, classes="timeline")
    return work


REFUSED_EXPORT = "Only the facilitator's page downloads the game's exports.\n"


def export_work(kind: str, key: tuple, s: GameState) -> str | bytes:
    """An export of one game history (run in the game's worker; each made once: a class downloads
    them often, and the report takes seconds)."""
    if kind == "yaml":
        return rf.exported_yaml(s)
    game, ref, _ = results_of(key, s)
    match kind:
        case "timeline":
            return db.timeline(s, game, ref).to_csv(index=False)
        case "runs":
            return game.to_csv(index=False)
        case "png":
            return db.png(s, game, ref)
        case "report":
            return db.report(s, game, ref)
    raise ValueError(f"export {kind!r}: choose yaml, timeline, runs, png or report")


# ---- join attempts: a guesser is slowed to ten codes a minute per computer -------------------------
LOCKED_OUT = (
    "Too many wrong codes from this computer in the last minute: wait a minute, then type your team's code again."
)


class Attempts:
    """Wrong codes per client address: from the ``limit``-th wrong code within ``window`` seconds,
    every code from that client (right or wrong) is refused until the window has passed."""

    def __init__(self, limit: int = 10, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.failed: dict[str, list[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, client: str) -> list[float]:
        now = self.clock()
        times = [t for t in self.failed.get(client, []) if now - t < self.window]
        if times:
            self.failed[client] = times
        else:
            self.failed.pop(client, None)
        return times

    def locked(self, client: str) -> bool:
        with self.lock:
            return len(self._recent(client)) >= self.limit

    def fail(self, client: str) -> None:
        with self.lock:
            self.failed[client] = [*self._recent(client), self.clock()]
            if len(self.failed) > 10_000:  # a flood of addresses: forget the oldest
                self.failed.pop(next(iter(self.failed)))


ATTEMPTS = Attempts()
