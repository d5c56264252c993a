"""Worker processes that die with the run that started them.

``LocalPool``'s workers are forks of a fork server, not of the run's process, and they hold the
pipes that keep the fork server and multiprocessing's resource tracker alive: if the run's process
is killed (SIGKILL, the OOM killer) nothing tells them, and the lot stays blocked on a pipe,
hundreds of MB, for ever. So each worker starts a thread that waits for the run's process to end
(a Linux pidfd, or a poll elsewhere), then removes the run's multiprocessing temporary folder and
exits; the fork server and the resource tracker then see their pipes close and exit too.

Workers ignore Ctrl-C: the run's process gets it too, and stops them itself, without tracebacks.
"""

from __future__ import annotations

import gc
import os
import select
import shutil
import signal
import threading
import time

POLL_S = 0.5  # where there is no pidfd


def multiprocessing_tempdir() -> str:
    """This process's multiprocessing temporary folder (``pymp-*``, where the fork server's socket
    lives), made now if it does not exist yet, so the workers know what to remove."""
    from multiprocessing import util

    return util.get_temp_dir()


def start_worker(parent_pid: int, tempdir: str | None) -> None:
    """The pool's initializer: ignore Ctrl-C, exit when process ``parent_pid`` does, and freeze what
    the worker has imported out of the garbage collector's sight (``gc.freeze``), so the full
    collection after each batch (``sim.runner.batches.run_batch``) is cheap."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    threading.Thread(target=_exit_with, args=(parent_pid, tempdir), name="airace-parent-watch", daemon=True).start()


def _exit_with(parent_pid: int, tempdir: str | None) -> None:
    _wait_for_exit(parent_pid)
    if tempdir:
        shutil.rmtree(tempdir, ignore_errors=True)
    os._exit(1)


def _wait_for_exit(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is None:
        while _alive(pid):
            time.sleep(POLL_S)
        return
    try:
        select.select([fd], [], [])
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
