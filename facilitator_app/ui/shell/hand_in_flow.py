"""The "Hand in table file…" conversation: where to, then a checked copy, then what it holds.

Kept out of the main window: it asks for a destination (remembering the folder, e.g. the USB
stick), runs the copy off the GUI thread (``hand_in.hand_in_in_background``), and tells the
person what was written. ``progress`` carries a status line ("" when done).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from facilitator_app.core.file_names import hand_in_file_name
from facilitator_app.core.wording import counted

if TYPE_CHECKING:
    from facilitator_app.core.store import Workshop
    from facilitator_app.ui.background import BackgroundJob
    from facilitator_app.ui.shell.dialogs import UserDialogs
    from facilitator_app.ui.shell.hand_in import HandInResult
    from facilitator_app.ui.shell.settings import Preferences


class HandInFlow(QObject):
    progress = Signal(str)
    finished = Signal(object)  # HandInResult, or None when it failed

    def __init__(
        self, dialogs: UserDialogs, preferences: Preferences, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.preferences = preferences
        self._job: BackgroundJob | None = None

    @property
    def busy(self) -> bool:
        return self._job is not None

    def wait(self, timeout_seconds: float) -> None:
        """The app is closing: let a copy being written finish (never cut it short)."""
        if self._job is not None:
            self._job.wait(timeout_seconds)

    def suggested_path(self, workshop: Workshop, table_name: str | None) -> Path:
        """``event - Table Two.workshop`` in the folder last handed in to."""
        prefs = self.preferences
        folder = Path(prefs.hand_in_folder or prefs.last_folder or Path.home())
        return folder / hand_in_file_name(workshop.path.stem, table_name)

    def start(self, workshop: Workshop, table_id: str | None, table_name: str | None) -> bool:
        from facilitator_app.ui.shell.hand_in import hand_in_in_background

        if self._job is not None:
            return False
        destination = self.dialogs.save_path(
            self.tr("Hand in table file"), self.suggested_path(workshop, table_name)
        )
        if destination is None:
            return False
        self.preferences.hand_in_folder = str(destination.parent)
        job = hand_in_in_background(workshop, destination, table_id, self)
        job.done.connect(self._done)
        job.failed.connect(self._failed)
        self._job = job
        self.progress.emit(self.tr("Writing %1…").replace("%1", str(destination)))
        job.start()
        return True

    def _done(self, result: HandInResult) -> None:
        if self._job is not None:
            self._job.deleteLater()
        self._job = None
        self.progress.emit("")
        if result.table_name:
            how_many = counted(result.table_points, self.tr("%1 point"), self.tr("%1 points"))
            what = self.tr("%1 with %2 from %3").replace("%1", result.event_title)
            what = what.replace("%2", how_many).replace("%3", result.table_name)
        else:
            how_many = counted(result.total_points, self.tr("%1 point"), self.tr("%1 points"))
            what = self.tr("%1 with %2").replace("%1", result.event_title).replace("%2", how_many)
        self.dialogs.inform_about_file(
            self.tr("Table file handed in"),
            self.tr("Written and checked: %1\n\nIt holds %2. It is complete on its own.")
            .replace("%1", str(result.path))
            .replace("%2", what),
            Path(result.path),
        )
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        if self._job is not None:
            self._job.deleteLater()
        self._job = None
        self.progress.emit("")
        self.dialogs.warn(self.tr("The table file was not handed in"), message)
        self.finished.emit(None)
