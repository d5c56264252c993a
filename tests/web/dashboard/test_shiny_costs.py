"""What ``sim.web.dashboard.shiny_costs`` takes off Shiny: a session's flush sends its message
only when it has something to say, or when something was sent since its last flush (which the
flush's message ends in the browser); and where a function is defined is worked out once."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from shiny._utils import AsyncCallbacks
from shiny.session._session import AppSession, OutBoundMessageQueues

from sim.web.dashboard.shiny_costs import lighten


class Connection:
    def __init__(self):
        self.sent: list[dict] = []

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))


def session() -> SimpleNamespace:
    """What ``AppSession._flush`` and ``_send_message`` use of a session, and nothing else."""
    fake = SimpleNamespace(
        bookmark=SimpleNamespace(_restore_context=None),
        _flush_callbacks=AsyncCallbacks(),
        _flushed_callbacks=AsyncCallbacks(),
        _outbound_message_queues=OutBoundMessageQueues(),
        _conn=Connection(),
        _debug=False,
        ns="",
        flushed=0,
    )
    fake._send_message = lambda message: AppSession._send_message(fake, message)

    async def flushed() -> None:
        fake.flushed += 1

    fake._flushed_callbacks.register(flushed, once=False)
    return fake


def test_a_flush_sends_a_message_only_with_something_in_it_or_after_another_message():
    assert lighten()
    page = session()

    async def flushes() -> None:
        await AppSession._flush(page)  # a new session's first flush is sent
        await AppSession._flush(page)  # nothing to say: nothing sent
        await AppSession._flush(page)
        await page._send_message({"recalculating": {"name": "status", "status": "recalculating"}})
        await AppSession._flush(page)  # ends the output's progress in the browser: sent
        await AppSession._flush(page)
        page._outbound_message_queues.set_value("status", {"html": "locked"})
        await AppSession._flush(page)  # a value: sent

    with ThreadPoolExecutor(1) as apart:  # a thread of its own: a browser test may leave its event loop running here
        apart.submit(asyncio.run, flushes()).result()
    sent = page._conn.sent
    assert [sorted(m) for m in sent] == [
        ["errors", "inputMessages", "values"],
        ["recalculating"],
        ["errors", "inputMessages", "values"],
        ["errors", "inputMessages", "values"],
    ]
    assert sent[-1]["values"] == {"status": {"html": "locked"}}
    assert page.flushed == 6  # the flush's callbacks run every time, sent or not


def test_where_a_function_is_defined_is_worked_out_once_per_function():
    import shiny.reactive._reactives as reactives

    assert lighten()

    def status():
        return None

    first = reactives.extract_source_ref(status)
    assert first["code.function.name"] == "status" and first["code.file.path"].endswith("test_shiny_costs.py")
    first["code.function.name"] = "changed by a caller"
    assert reactives.extract_source_ref(status)["code.function.name"] == "status"  # each caller has its copy
