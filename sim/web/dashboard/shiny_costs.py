"""What Shiny for Python (1.8) spends per page that a class of 200 pages cannot afford, taken off
once per process by :func:`lighten`: empty messages to idle pages, an import attempt per reactive
step, and a read of the source file per output and effect of every new session.

Shiny for Python (1.8) sends every session of the process a message on every reactive flush, even
a session with nothing to say (``App._request_flush`` is a no-op: it cannot yet tell which
sessions need one), and a flush follows every message any browser sends. With 200 pages open, one
lever move costs 200 websocket messages, and a played round tens of thousands: on two cores that
was most of the server's time in the class load benchmark (``bench/class_load.py``).

``lighten`` makes a session's flush send its message only when there is something in it
(an output's value, an input update, an error) or when something else was sent to the session
since its last flush (an output's progress, which the flush's message ends in the browser). That
is what Shiny for R does (``flushOutput`` returns early when nothing is pending). Its callbacks
run as before. Applied once per process; a Shiny without these internals is left as it is.

Shiny also asks, on every value set and every output drawn, whether OpenTelemetry tracing is on,
by importing ``opentelemetry.sdk.trace``; without the SDK installed every such ask searches the
import path again and fails (a tenth of the server's time drawing a round for a class).
``lighten`` records the SDK's absence once (``sys.modules``), so the ask fails at once.

And for each output and effect a session creates, Shiny notes where its function is defined (for
tracing) by reading and tokenising the function's source file: for 25 outputs and effects a page,
a class connecting spent a fifth of the server's time there. ``lighten`` keeps that note per
function's code, so it is worked out once per process. Likewise htmltools finds a package's folder
(for every output drawn with inputs in it) by making and deleting a temporary directory each time:
``lighten`` keeps each package's folder once found.
"""

from __future__ import annotations

import functools
import inspect
import sys

PENDING = "_airace_sent_since_flush"


def lighten() -> bool:
    """Take these costs off in this process (once); False if this Shiny does not allow it."""
    from shiny.session._session import AppSession

    if getattr(AppSession, "_airace_quiet", False):
        return True
    _no_tracing_sdk()
    _source_refs_once()
    _package_dirs_once()
    return _quiet_flushes(AppSession)


def _quiet_flushes(AppSession) -> bool:
    """Skip empty flush messages; False if this Shiny has not the internals it needs."""
    from shiny.session._utils import session_context

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


def _source_refs_once() -> None:
    """Shiny's ``extract_source_ref``, kept per function's code (and name) once worked out."""
    import shiny.otel._attributes as attributes

    original = attributes.extract_source_ref
    known: dict[tuple, object] = {}

    @functools.wraps(original)
    def extract_source_ref(func):
        code = getattr(inspect.unwrap(func), "__code__", None)
        if code is None:
            return original(func)
        key = (code, getattr(func, "__name__", None))
        if key not in known:
            known[key] = original(func)
        return dict(known[key])  # type: ignore[call-overload]

    for name in (
        "shiny.otel._attributes",
        "shiny.reactive._reactives",
        "shiny.reactive._extended_task",
        "shiny.session._session",
    ):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "extract_source_ref", None) is original:
            module.extract_source_ref = extract_source_ref  # type: ignore[attr-defined]


def _package_dirs_once() -> None:
    """htmltools' ``package_dir``, kept per package once found."""
    import htmltools._core as core
    import htmltools._util as util

    original = util.package_dir
    if getattr(core, "package_dir", None) is original:
        core.package_dir = functools.lru_cache(maxsize=None)(original)  # type: ignore[attr-defined]
