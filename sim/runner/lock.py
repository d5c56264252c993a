"""One writer per results folder: an advisory lock on ``<folder>/.airace.lock``.

Two runs into the same folder would each skip the other's finished runs only by luck, and write the
results twice. The lock is ``flock`` on a file in the folder (it lasts as long as the process: a
killed run leaves no stale lock), and holds the owner's pid for the message the second run prints.
It works on local file systems and NFSv4; where ``fcntl`` is missing (Windows) runs are not locked.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sim.runner.errors import RunRefused

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

LOCK_NAME = ".airace.lock"


class FolderInUse(RunRefused):
    """Another airace run holds the folder's lock."""


class FolderLock:
    """Hold ``folder``'s lock between ``acquire`` and ``release`` (or as a context manager)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / LOCK_NAME
        self.fd: int | None = None

    def acquire(self) -> FolderLock:
        if fcntl is None:  # pragma: no cover - not POSIX
            return self
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                owner = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise FolderInUse(
                    f"results folder {self.folder} is in use by another airace run (pid {owner}); "
                    "wait for it to finish, or choose another --out"
                ) from None
            # The owner removes the file as it releases the lock: what we locked must still be it.
            with contextlib.suppress(FileNotFoundError):
                if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                    break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
