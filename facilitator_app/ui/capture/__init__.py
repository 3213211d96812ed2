"""The scribe's capture view (being built; see the desktop app issue)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from facilitator_app.core.store import Workshop


class CaptureView(QWidget):
    """Capture for one table. ``stored`` is emitted after every change is committed to disk."""

    stored = Signal()

    def __init__(self, workshop: Workshop, table_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.table_id = table_id
        self.undo_stack = QUndoStack(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Capture is being built.")))
