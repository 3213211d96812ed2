"""A label whose font is a fixed multiple of the application font, so headings follow zoom.

Setting a point size on a widget's font pins it: when the main window zooms by changing the
application font, such a label would stay small. This one re-derives its font on every change.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QWidget


def scaled_font(factor: float, *, bold: bool = False, base: QFont | None = None) -> QFont:
    """The application font (or ``base``) scaled by ``factor``."""
    font = QFont(base if base is not None else QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(6, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


class ScaledLabel(QLabel):
    """A QLabel drawn ``factor`` times the application font size (bold if asked)."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, factor: float, bold: bool = True
    ) -> None:
        super().__init__(text, parent)
        self._factor = factor
        self._bold = bold
        self.setFont(scaled_font(factor, bold=bold))
        # Only top-level windows hear of a new application font; a pinned font never changes.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.fontChanged.connect(self._follow_application_font)

    def _follow_application_font(self, font: QFont) -> None:
        self.setFont(scaled_font(self._factor, bold=self._bold, base=font))
