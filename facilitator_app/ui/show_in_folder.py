""" "Show in folder": the file manager at the folder holding a file the app just wrote, so a
facilitator finds it to copy onto USB sticks or attach to an e-mail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def show_in_folder(path: Path) -> bool:
    """Open the system's file manager at ``path``'s folder; ``False`` if that failed."""
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
