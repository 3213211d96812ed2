"""Whether the app holds a workshop file open for writing, seen from the command line.

The app marks a file it has open with a lock file beside it (``.NAME.workshop.lock``, written by
Qt's ``QLockFile``: process id, program name, host name on its first three lines). ``import`` and
``merge`` on the command line look at it so they do not write under a scribe's feet. A lock whose
process has gone, or (from another machine) that was not refreshed for a while, is stale.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from facilitator_app.core.errors import FileInUseError

#: Same as the app's: a lock from another machine not refreshed for this long is abandoned.
STALE_AFTER_SECONDS = 3 * 60


def lock_path_for(path: Path) -> Path:
    """The lock file the app keeps beside ``path`` while it has the file open."""
    return path.parent / f".{path.name}.lock"


def app_lock_holder(path: Path) -> str | None:
    """Who has ``path`` open in the app ("process 4242 on laptop-3"), or None if nobody does."""
    lock = lock_path_for(path.resolve())
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return None
    if not lines or not lines[0].strip().isdigit():
        return None
    pid = int(lines[0])
    host = lines[2].strip() if len(lines) > 2 else ""
    if host == socket.gethostname() and os.name == "posix":
        if pid == os.getpid() or not _running(pid):
            return None
        return f"process {pid}"
    # Another machine (or Windows, where probing a process id is not safe): trust a fresh lock.
    if age > STALE_AFTER_SECONDS:
        return None
    return f"process {pid} on {host}" if host else f"process {pid}"


def refuse_if_open_in_the_app(path: Path) -> None:
    """A command that writes does not write under the feet of the app holding the file open."""
    holder = app_lock_holder(path)
    if holder is not None:
        raise FileInUseError(
            path, f"it is open in Workshop Facilitator, {holder}; close it there first"
        )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 probes without sending anything
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
