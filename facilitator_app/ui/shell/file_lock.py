"""A lock that tells a second copy of the app that a workshop file is already open for writing.

Where the lock lives: **beside the file** (``.NAME.workshop.lock``), because the case that loses
work is two programs writing one file, and that file may sit on a shared drive that two laptops
open; a per-user lock would only see the same user on the same machine. When the folder cannot
be written (a read-only share, a locked-down USB stick) the lock falls back to a per-user folder
keyed by the file's full path, which still guards against a second copy on this laptop.

Stale locks never block for ever: on the same machine Qt sees that the process named in the lock
has gone (a crash, a pulled plug) and takes the lock over at once. A lock from another machine
cannot be checked that way, so the holder refreshes the lock file's time every minute and a lock
not refreshed for :data:`STALE_AFTER_MS` is treated as abandoned.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

#: A lock whose file was not refreshed for this long is abandoned (another machine crashed).
STALE_AFTER_MS = 3 * 60 * 1000
REFRESH_EVERY_MS = 60 * 1000


def lock_path_for(path: Path) -> Path:
    """The lock file beside ``path``: hidden, named after it."""
    return path.parent / f".{path.name}.lock"


def fallback_lock_path_for(path: Path) -> Path:
    """The per-user lock used when the file's folder cannot be written."""
    from platformdirs import user_cache_path

    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    folder = user_cache_path("facilitator-app", appauthor=False, ensure_exists=True) / "locks"
    folder.mkdir(exist_ok=True)
    return folder / f"{digest}.lock"


class WorkshopLock(QObject):
    """Holds the write lock of one workshop file for as long as the app has it open."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._lock: QLockFile | None = None
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_EVERY_MS)
        self._refresh.timeout.connect(self._touch)
        self.holder = ""

    def acquire(self) -> bool:
        """Take the lock; ``False`` (with :attr:`holder` describing who has it) if it is taken."""
        for place in (lock_path_for, fallback_lock_path_for):
            lock = QLockFile(str(place(self.path)))
            lock.setStaleLockTime(STALE_AFTER_MS)
            if lock.tryLock(0):
                self._lock = lock
                self._refresh.start()
                return True
            if lock.error() == QLockFile.LockError.LockFailedError:
                self.holder = _describe_holder(lock)
                return False
            # PermissionError / UnknownError: the folder cannot hold a lock; try the next place.
        # Nowhere to put a lock at all: go ahead rather than refuse to open the file.
        return True

    @property
    def lock_file(self) -> Path | None:
        return Path(self._lock.fileName()) if self._lock is not None else None

    def _touch(self) -> None:
        if self._lock is not None:
            with suppress(OSError):
                os.utime(self._lock.fileName())

    def release(self) -> None:
        self._refresh.stop()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def _describe_holder(lock: QLockFile) -> str:
    info = lock.getLockInfo()  # (pid, host name, app name) in PySide6
    if not isinstance(info, tuple) or len(info) < 2:
        return ""
    pid, host = info[0], info[1]
    return f"process {pid} on {host}" if host else f"process {pid}"
