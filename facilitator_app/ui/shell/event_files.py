"""Where the files to open come from: a new event, the sample event, recent files, drops.

Kept out of the main window so that it only wires signals and runs the open/close of a
document: each source here ends in a path (``open_requested``, or a return value) that the
window opens with its lock and table question. Nothing here opens a workshop itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal

from facilitator_app import FILE_EXTENSION
from facilitator_app.core.errors import WorkshopError

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QMenu

    from facilitator_app.ui.shell.dialogs import UserDialogs
    from facilitator_app.ui.shell.settings import Preferences


class EventFiles(QObject):
    """Asks for, makes or lists event files; ``open_requested`` carries a recent file chosen."""

    open_requested = Signal(object)  # Path

    def __init__(
        self,
        dialogs: UserDialogs,
        preferences: Preferences,
        data_dir: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.preferences = preferences
        self.data_dir = data_dir

    def create_new_event(self) -> Path | None:
        """Ask for a title, tables and place, write the event file; its path, or ``None``.

        It goes in Documents/Workshop Facilitator unless the facilitator chooses otherwise:
        never where the last file opened happened to be (the sample's hidden data folder, a
        USB stick), where nobody would look for it to copy onto the tables' sticks.
        """
        answers = self.dialogs.new_event(str(new_event_folder()))
        if answers is None:
            return None
        from facilitator_app.core.event import EventSpec, create_event_file

        try:
            spec = EventSpec.with_numbered_tables(answers.title, answers.tables)
            create_event_file(answers.path, spec).close()
        except WorkshopError as error:
            self.dialogs.warn(self.tr("Cannot create the event"), str(error))
            return None
        except OSError as error:
            self.dialogs.warn(
                self.tr("Cannot create the event"),
                self.tr("%1 could not be written: %2.")
                .replace("%1", str(answers.path))
                .replace("%2", error.strerror or str(error)),
            )
            return None
        self.dialogs.inform_about_file(
            self.tr("Event file created"),
            self.tr(
                "The event file is %1\n\nCopy it from there onto each table's laptop "
                "(or USB stick) once the set-up is done."
            ).replace("%1", str(answers.path)),
            answers.path,
        )
        return answers.path

    def sample_path(self) -> Path:
        from facilitator_app.core.sample import SAMPLE_FILE_NAME

        return self.data_dir / SAMPLE_FILE_NAME

    def rebuild_sample(self) -> bool:
        """Build the sample event afresh unless another copy has it open; ``False`` on failure.

        The caller closes the sample first if it has it open itself (its lock would hold).
        """
        from facilitator_app.core.sample import create_sample_event
        from facilitator_app.ui.shell.file_lock import WorkshopLock

        path = self.sample_path()
        lock = WorkshopLock(path)
        if lock.acquire() or not path.exists():
            lock.release()
            try:
                create_sample_event(path)
            except (WorkshopError, OSError) as error:
                self.dialogs.warn(self.tr("Cannot make the sample event"), str(error))
                return False
        lock.deleteLater()
        return True

    def fill_recent_menu(self, menu: QMenu) -> None:
        """List the recent files (missing ones greyed out); choosing one asks to open it."""
        menu.clear()
        for text in self.preferences.recent_files:
            action = menu.addAction(Path(text).name)
            action.setToolTip(text)
            action.setEnabled(Path(text).exists())
            action.triggered.connect(
                lambda _checked=False, p=text: self.open_requested.emit(Path(p))
            )
        if menu.isEmpty():
            menu.addAction(self.tr("No recent files")).setEnabled(False)


#: The folder under the user's Documents where new event files go by default.
EVENTS_FOLDER_NAME = "Workshop Facilitator"


def new_event_folder() -> Path:
    """Documents/Workshop Facilitator (home if the system names no Documents folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / EVENTS_FOLDER_NAME


def workshop_files(paths: list[Path]) -> list[Path]:
    """Only the workshop files among ``paths`` (handed over by a second launch or a drop)."""
    return [path for path in paths if path.suffix == FILE_EXTENSION]


def dropped_workshop_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return workshop_files([Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()])
