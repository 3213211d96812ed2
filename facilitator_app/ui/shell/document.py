"""The workshop file the window has open: the open file, its lock, and why it may be read-only.

Opening takes the file's lock first (see :mod:`facilitator_app.ui.shell.file_lock`). If another copy
of the app holds it, the file is opened read-only and :attr:`OpenDocument.read_only_reason`
says so; the same happens when the file itself cannot be written (a write-protected stick).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from facilitator_app.core.store import Workshop, open_workshop
from facilitator_app.ui.shell.file_lock import WorkshopLock


def _tr(text: str) -> str:
    return QCoreApplication.translate("OpenDocument", text)


@dataclass
class OpenDocument:
    path: Path
    workshop: Workshop
    lock: WorkshopLock | None
    read_only_reason: str = ""
    table_id: str | None = None

    @property
    def read_only(self) -> bool:
        return self.workshop.read_only

    def close(self) -> None:
        self.workshop.close()
        if self.lock is not None:
            self.lock.release()
            self.lock.deleteLater()
            self.lock = None


def open_document(path: Path, parent: QObject | None = None) -> OpenDocument:
    """Open ``path`` read-write if this copy of the app may write it, read-only otherwise.

    Raises the core's :class:`~facilitator_app.core.errors.WorkshopFileError` subclasses for
    files that are missing, damaged, not workshop files or from a newer version.
    """
    path = Path(path).resolve()
    lock = WorkshopLock(path, parent)
    if not lock.acquire():
        holder = f" ({lock.holder})" if lock.holder else ""
        reason = _tr(
            "%1 is open in another copy of Workshop Facilitator%2. It was opened read-only here "
            "so that nothing typed there is overwritten; close it there to make changes here."
        )
        lock.deleteLater()
        workshop = open_workshop(path, read_only=True)
        return OpenDocument(
            path, workshop, None, reason.replace("%1", path.name).replace("%2", holder)
        )
    try:
        if path.exists() and not os.access(path, os.W_OK):
            workshop = open_workshop(path, read_only=True)
            reason = _tr(
                "%1 cannot be written (it may be on a write-protected drive); "
                "it was opened read-only."
            ).replace("%1", path.name)
            return OpenDocument(path, workshop, lock, reason)
        return OpenDocument(path, open_workshop(path), lock)
    except BaseException:
        lock.release()
        lock.deleteLater()
        raise
