"""Model work off the server's event loop: every page of a server shares one event loop, so a model
run on it (a round of the game, a dashboard's lever move) would stop every other page for as long as
it runs. Such work goes to a worker process instead, and the page awaits it.

Each kind of work has its pool of one process (``game``: the referee's rounds, which keeps each
game's models stepped round by round in that process; ``debrief``: the game's debrief and exports,
whose library runs must not hold up a round; ``dashboard``: the explorer's runs), started
with ``spawn`` (a fork of a server with threads can deadlock) and warmed at start-up, so the first
round does not wait for the model's imports. Concurrent requests for the same work (forty pages
asking for the round just played) share one computation, and its answer is kept for the next
pages. ``AIRACE_OFFLOAD=thread`` uses a thread instead of a process (the event loop then shares the
interpreter with the model, so pages slow down but never stop).
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sim.runner.workers import start_worker

KEPT = 64  # answers kept per pool

_pools: dict[str, Executor] = {}
_kept: dict[str, OrderedDict] = {}
_pending: dict[tuple, asyncio.Future] = {}
_lock = threading.Lock()


def _ready() -> bool:
    """A worker's first task: import the model, so the first real one does not wait for it."""
    # the game's and the dashboard's work, and the model; by name, since the game's pages import this module
    importlib.import_module("sim.web.game.app")

    return True


def pool(name: str) -> Executor:
    """The pool of ``name`` (started, and warmed, on first use)."""
    with _lock:
        found = _pools.get(name)
        if found is None:
            if os.environ.get("AIRACE_OFFLOAD", "process") == "thread":
                found = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"airace-{name}")
            else:
                # A worker exits when this server does, however it ends (kill -9 included): else each
                # killed server leaves its workers behind, 200 MB each, for ever.
                found = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=start_worker,
                    initargs=(os.getpid(), None),
                )
            found.submit(_ready)
            _pools[name] = found
        return found


def kept(name: str, key: Hashable):
    """The kept answer of ``key`` in pool ``name``, or None."""
    with _lock:
        answers = _kept.get(name)
        if answers is not None and key in answers:
            answers.move_to_end(key)
            return answers[key]
    return None


def _keep(name: str, key: Hashable, value) -> None:
    with _lock:
        answers = _kept.setdefault(name, OrderedDict())
        answers[key] = value
        while len(answers) > KEPT:
            answers.popitem(last=False)


async def run(name: str, key: Hashable, function: Callable, *args):
    """``function(*args)`` in pool ``name``, awaited without holding the event loop; ``key`` names
    the answer (equal keys, equal answers): a kept answer is returned at once, and a request for
    work already under way waits for that work. ``function`` must be a module-level function (a
    process pool sends it by name)."""
    found = kept(name, key)
    if found is not None:
        return found
    loop = asyncio.get_running_loop()
    tag = (name, key, id(loop))
    future = _pending.get(tag)
    if future is None:
        future = asyncio.ensure_future(_compute(name, key, function, args))
        _pending[tag] = future
        future.add_done_callback(lambda _: _pending.pop(tag, None))
    return await asyncio.shield(future)


async def _compute(name: str, key: Hashable, function: Callable, args: tuple):
    loop = asyncio.get_running_loop()
    try:
        value = await loop.run_in_executor(pool(name), function, *args)
    except BrokenProcessPool:  # the worker died (killed, out of memory): a new one, and one more try
        with _lock:
            _pools.pop(name, None)
        value = await loop.run_in_executor(pool(name), function, *args)
    _keep(name, key, value)
    return value


_background: set[asyncio.Task] = set()


def later(name: str, key: Hashable, function: Callable, *args, then: Callable[[Exception | None], None]) -> None:
    """Start ``function(*args)`` in pool ``name`` as :func:`run` does, without waiting for it: a
    Shiny calc that awaited the answer would hold every page of the server for as long as the model
    runs (Shiny's flush awaits each output in turn). ``then(error)`` is called under Shiny's reactive
    lock, followed by a flush, once the answer is kept (``error`` None) or has failed."""
    from shiny import reactive

    async def work() -> None:
        error = None
        try:
            await run(name, key, function, *args)
        except Exception as failed:  # given to the page that asked, which shows it
            error = failed
        async with reactive.lock():
            then(error)
            await reactive.flush()

    task = asyncio.get_running_loop().create_task(work())
    _background.add(task)
    task.add_done_callback(_background.discard)


def shutdown() -> None:
    """Stop every pool (their workers finish the task at hand)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for found in pools:
        found.shutdown(wait=False, cancel_futures=True)
