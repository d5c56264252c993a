"""No empty messages to idle pages, and no import attempt per reactive step.

Shiny for Python (1.8) sends every session of the process a message on every reactive flush, even
a session with nothing to say (``App._request_flush`` is a no-op: it cannot yet tell which
sessions need one), and a flush follows every message any browser sends. With 200 pages open, one
lever move costs 200 websocket messages, and a played round tens of thousands: on two cores that
was most of the server's time in the class load benchmark (``bench/class_load.py``).

:func:`quiet_flushes` makes a session's flush send its message only when there is something in it
(an output's value, an input update, an error) or when something else was sent to the session
since its last flush (an output's progress, which the flush's message ends in the browser). That
is what Shiny for R does (``flushOutput`` returns early when nothing is pending). Its callbacks
run as before. Applied once per process; a Shiny without these internals is left as it is.

Shiny also asks, on every value set and every output drawn, whether OpenTelemetry tracing is on,
by importing ``opentelemetry.sdk.trace``; without the SDK installed every such ask searches the
import path again and fails (a tenth of the server's time drawing a round for a class).
:func:`quiet_flushes` records the SDK's absence once (``sys.modules``), so the ask fails at once.
"""

from __future__ import annotations

import functools
import sys

PENDING = "_airace_sent_since_flush"


def quiet_flushes() -> bool:
    """Skip empty flush messages in this process (once); False if this Shiny does not allow it."""
    from shiny.session._session import AppSession
    from shiny.session._utils import session_context

    if getattr(AppSession, "_airace_quiet", False):
        return True
    _no_tracing_sdk()
    send = getattr(AppSession, "_send_message", None)
    if send is None or not hasattr(AppSession, "_flush"):
        return False

    @functools.wraps(send)
    async def _send_message(self, message: dict[str, object]) -> None:
        setattr(self, PENDING, True)
        await send(self, message)

    async def _flush(self) -> None:  # Shiny's ``AppSession._flush``, with the early return
        with session_context(self):
            if self.bookmark._restore_context:
                self.bookmark._restore_context.flush_pending()
            await self._flush_callbacks.invoke()
        try:
            queues = self._outbound_message_queues
            if queues.values or queues.input_messages or queues.errors or getattr(self, PENDING, True):
                message = {"values": queues.values, "inputMessages": queues.input_messages, "errors": queues.errors}
                try:
                    await self._send_message(message)
                finally:
                    queues.reset()
                setattr(self, PENDING, False)
        finally:
            with session_context(self):
                await self._flushed_callbacks.invoke()

    AppSession._send_message = _send_message  # type: ignore[method-assign]
    AppSession._flush = _flush  # type: ignore[method-assign]
    AppSession._airace_quiet = True  # type: ignore[attr-defined]
    return True


def _no_tracing_sdk() -> None:
    """Without OpenTelemetry's SDK, say so in ``sys.modules``: an import of it then fails at once."""
    try:
        import opentelemetry.sdk.trace  # noqa: F401
    except ImportError:
        sys.modules["opentelemetry.sdk.trace"] = None  # type: ignore[assignment]
