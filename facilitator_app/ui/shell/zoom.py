"""Zoom (Ctrl+= / Ctrl+- / Ctrl+0): scales the application font, remembered per user.

Scaling the font, not the widgets, keeps layouts native and readable from across a table; views
that size things themselves can follow ``zoom_changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from facilitator_app.ui.shell.settings import MAX_ZOOM, MIN_ZOOM, Preferences

STEP = 0.1


class ZoomController(QObject):
    zoom_changed = Signal(float)

    def __init__(self, preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self._base = QFont(QApplication.font())
        self.factor = preferences.zoom
        self._apply()

    def zoom_in(self) -> None:
        self.set_factor(self.factor + STEP)

    def zoom_out(self) -> None:
        self.set_factor(self.factor - STEP)

    def reset(self) -> None:
        self.set_factor(1.0)

    def set_factor(self, factor: float) -> None:
        factor = round(max(MIN_ZOOM, min(MAX_ZOOM, factor)), 2)
        if factor == self.factor:
            return
        self.factor = factor
        self.preferences.zoom = factor
        self._apply()
        self.zoom_changed.emit(factor)

    def _apply(self) -> None:
        font = QFont(self._base)
        size = self._base.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * self.factor)
        else:
            font.setPixelSize(max(6, round(self._base.pixelSize() * self.factor)))
        QApplication.setFont(font)
