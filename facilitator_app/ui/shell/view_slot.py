"""A page of the main window that holds one view, replaced when another file is opened.

Its own module so the main window only places the slots; until a file is open, a slot says
what to do instead of showing an empty page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ViewSlot(QWidget):
    """A page whose single view is replaced when another file is opened."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(empty_text, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.empty)
        self.view: QWidget | None = None

    def set_view(self, view: QWidget | None) -> None:
        if self.view is not None:
            self._layout.removeWidget(self.view)
            self.view.deleteLater()
        self.view = view
        self.empty.setVisible(view is None)
        if view is not None:
            self._layout.addWidget(view)
