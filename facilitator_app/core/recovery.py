"""A workshop file whose last change may not have finished: found, and copied as last saved.

A crash, a pulled USB stick or a flat battery during a save leaves a rollback journal (or a
WAL) beside the file. SQLite puts such a file right the next time it is opened for writing; a
file handed in for merge must never be changed, so it is read from a private copy instead.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from facilitator_app.core.errors import DamagedFileError, WorkshopFileError


def unfinished_change(path: Path) -> Path | None:
    """The rollback journal (or WAL) beside a file whose last change may not have finished.

    SQLite rolls such a change back the next time the file is opened for writing; until then
    the main file alone may be cut short or half-written, so nothing judges it before that.
    """
    for suffix in ("-journal", "-wal"):
        side = path.with_name(path.name + suffix)
        try:
            if side.is_file() and side.stat().st_size > 0:
                return side
        except OSError:
            continue
    return None


def recovered_copy(path: Path, folder: Path | None = None) -> Path:
    """A private copy of ``path`` as last saved: its journal rolled back, its WAL folded in.

    The file and anything beside it are only read, so a file handed in is never changed and no
    ``-shm`` or ``-wal`` appears on the user's USB stick. The copy lives in ``folder`` (a new
    temporary folder by default) and uses the rollback journal like every workshop file.
    """
    folder = Path(tempfile.mkdtemp(prefix="workshop-recovered-", dir=folder))
    copy = folder / path.name
    try:
        _copy_with_side_files(path, folder)
        connection = sqlite3.connect(str(copy))
        try:
            connection.execute("PRAGMA trusted_schema = OFF")
            # Reading rolls a hot journal back; leaving WAL mode folds the WAL into the file.
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise DamagedFileError(path, str(error)) from error
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise WorkshopFileError(path, f"{path.name} cannot be read: {error.strerror}.") from error
    return copy


#: How often a copy is taken again when the file changed while it was being copied.
_COPY_ATTEMPTS = 10


def _copy_with_side_files(path: Path, folder: Path) -> None:
    """Copy ``path`` and its journal or WAL into ``folder`` as one consistent set.

    A journal beside the file may belong to a save under way in another program (the app, a
    table syncing) rather than to a crash: it can vanish, or the file change, while we copy. A
    set copied while nothing moved is consistent (SQLite rolls the copied journal back); one
    copied while something moved is taken again.
    """
    sides = [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal")]

    def state() -> tuple[object, ...]:
        return tuple(_stat_or_none(file) for file in (path, *sides))

    for attempt in range(_COPY_ATTEMPTS):
        before = state()
        try:
            shutil.copyfile(path, folder / path.name)
            for side in sides:
                (folder / side.name).unlink(missing_ok=True)
                if side.is_file():
                    shutil.copyfile(side, folder / side.name)
        except FileNotFoundError:
            if not path.is_file() or attempt == _COPY_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
            continue
        if state() == before:
            return
        time.sleep(0.05)
    # Still changing after every attempt: keep the last set; SQLite judges it when it opens.


def _stat_or_none(file: Path) -> tuple[int, int] | None:
    try:
        status = file.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size)
