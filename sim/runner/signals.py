"""Termination signals as exceptions, so a run stopped by ``kill`` cleans up as Ctrl-C does.

By default SIGTERM and SIGHUP end Python at once: no ``finally`` runs, so the terminal's cursor
stays hidden, a staging folder stays on disk and the workers are left alone. Inside
``signals_as_interrupts()`` they raise ``Interrupted`` (a ``KeyboardInterrupt``) instead.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """A termination signal arrived."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_status(interruption: KeyboardInterrupt) -> int:
    """The shell's status for a process ended by the signal: 128 + its number (130 for Ctrl-C)."""
    return 128 + getattr(interruption, "signum", signal.SIGINT)


def _raise(signum, frame) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    previous = {signum: signal.signal(signum, _raise) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
