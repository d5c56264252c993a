"""What can stop a run before or while it writes, worded for the person who started it.

``RunRefused`` is bad input (exit status 2): the command asked for something that would mix, lose
or overwrite results. ``EnvironmentFault`` is the machine's doing (exit status 1): a full disk, a
read-only folder, an unreachable scheduler. ``os_error`` turns an ``OSError`` met while writing
into one of them, with the file and the remedy.
"""

from __future__ import annotations

import errno
from pathlib import Path


class RunRefused(ValueError):
    """The run was refused before it could mix, lose or overwrite results (exit status 2)."""

    exit_code = 2


class EnvironmentFault(RuntimeError):
    """The machine cannot do what was asked: disk, permissions, network (exit status 1)."""

    exit_code = 1


_REMEDIES = {
    errno.ENOSPC: (1, "the disk is full; free some space, or choose a folder on another disk with --out"),
    errno.EDQUOT: (1, "the disk quota is used up; free some space, or choose another folder with --out"),
    errno.EROFS: (1, "the file system is read-only; choose a folder you can write to with --out"),
    errno.EACCES: (1, "permission denied; choose a folder you can write to with --out"),
    errno.EPERM: (1, "operation not permitted; choose a folder you can write to with --out"),
    errno.ENAMETOOLONG: (2, "a name is too long for the file system; choose a shorter --out"),
    errno.ENOTDIR: (2, "a part of the path is a file, not a folder; choose another --out"),
    errno.EEXIST: (2, "it exists and is not a folder; choose another --out"),
    errno.ELOOP: (2, "the path has a loop of symbolic links; choose another --out"),
    errno.EIO: (1, "the disk reported an input/output error; check the disk, or choose another --out"),
}


def os_error(error: OSError, folder: Path) -> RunRefused | EnvironmentFault:
    """The error, in one line naming the file (or ``folder``) and what to do about it."""
    where = error.filename or folder
    code, remedy = _REMEDIES.get(
        error.errno, (1, f"{error.strerror or error}; check the folder, or choose another --out")
    )
    message = f"cannot write results to {where}: {remedy}"
    return RunRefused(message) if code == 2 else EnvironmentFault(message)
