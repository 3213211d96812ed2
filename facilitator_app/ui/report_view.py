"""The ReportView (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from facilitator_app.core.store import Workshop


class ReportView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: Workshop | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Being built.")))

    def set_workshop(self, workshop: Workshop | None) -> None:
        """Show the given open event file (or nothing)."""
        self.workshop = workshop
