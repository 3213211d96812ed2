"""The timer's digits, as large as their room allows: readable from across the table.

A dock beside capture is narrow and tall, so there the minutes stand over the seconds (as a
phone's lock-screen clock stacks hours over minutes): about twice the size "10:00" on one line
could have in that width. Where the room is wide (the dock floated onto a second screen, or
docked at the top) the time reads on one line. The label's text stays "10:00" either way, for
screen readers and tests; only the drawing differs.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: Digits at least this many times the application font, however little room (so they follow
#: zoom); the room usually allows far more.
DIGIT_SCALE = 3.2
#: Share of the room's width and of each row's height the digits may fill.
_WIDTH_SHARE = 0.9
_HEIGHT_SHARE = 0.85
_MEASURED_AT = 100.0


class TimerDigits(QLabel):
    """A label showing ``M:SS`` in large fixed-width digits, on one line or stacked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stacked = False
        self._sample = "88:88"
        self.fit()

    # --- what is shown -------------------------------------------------------------------------

    def shown_rows(self) -> list[str]:
        """The rows of digits as drawn: ``["10:00"]`` on one line, ``["10", "00"]`` stacked."""
        if self._stacked and ":" in self.text():
            minutes, seconds = self.text().split(":", 1)
            return [minutes, seconds]
        return [self.text()]

    def row_rects(self) -> list[QRect]:
        """Where each row is drawn: a line's height each, the rows together in the middle (so
        stacked minutes and seconds read as one time, not two numbers far apart)."""
        room = self.contentsRect()
        count = len(self.shown_rows())
        height = min(room.height() // count, math.ceil(QFontMetricsF(self.font()).height()))
        top = room.top() + (room.height() - count * height) // 2
        return [QRect(room.left(), top + i * height, room.width(), height) for i in range(count)]

    def setText(self, text: str) -> None:
        """The text, refitting when it needs more digits (100 minutes and more)."""
        sample = re.sub(r"\d", "8", text)
        sample = sample if len(sample) > len("88:88") else "88:88"
        super().setText(text)
        if sample != self._sample:
            self._sample = sample
            self.fit()

    # --- size ------------------------------------------------------------------------------------

    def fit(self) -> None:
        """Pick the arrangement (one line or stacked) giving the larger digits in the room, and
        the font size for it: never below DIGIT_SCALE times the application font."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setWeight(QFont.Weight.Bold)
        base = QApplication.font().pointSizeF()
        smallest = (base if base > 0 else 10.0) * DIGIT_SCALE
        # measured at one fixed size, so the fitted size does not wobble with the zoom's rounding
        font.setPointSizeF(_MEASURED_AT)
        metrics = QFontMetricsF(font)
        room = self.contentsRect()
        one_line = self._scale(metrics, room, [self._sample])
        minutes, _, seconds = self._sample.partition(":")
        stacked = self._scale(metrics, room, [minutes, seconds])
        self._stacked = stacked > one_line
        font.setPointSizeF(max(smallest, _MEASURED_AT * max(stacked, one_line)))
        self.setFont(font)
        self.update()

    @staticmethod
    def _scale(metrics: QFontMetricsF, room: QRect, rows: list[str]) -> float:
        """How many times the measured font fits ``rows`` into the room (0 with no room)."""
        widest = max(metrics.horizontalAdvance(row) for row in rows)
        if room.width() <= 0 or room.height() <= 0 or widest <= 0 or metrics.height() <= 0:
            return 0.0
        return min(
            room.width() * _WIDTH_SHARE / widest,
            room.height() * _HEIGHT_SHARE / (metrics.height() * len(rows)),
        )

    def sizeHint(self) -> QSize:
        """The time on one line at the smallest digit size: modest, so the digits take the room
        they are given and never push the dock wider."""
        return self._hint([self._sample])

    def minimumSizeHint(self) -> QSize:
        minutes, _, seconds = self._sample.partition(":")
        return self._hint([minutes, seconds])

    def _hint(self, rows: list[str]) -> QSize:
        font = QFont(self.font())
        base = QApplication.font().pointSizeF()
        font.setPointSizeF((base if base > 0 else 10.0) * DIGIT_SCALE)
        metrics = QFontMetricsF(font)
        width = max(metrics.horizontalAdvance(row) for row in rows) / _WIDTH_SHARE
        height = len(rows) * metrics.height() / _HEIGHT_SHARE
        margins = self.contentsMargins()
        return QSize(
            int(width) + 1 + margins.left() + margins.right(),
            int(height) + 1 + margins.top() + margins.bottom(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    # --- drawing ---------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.shown_rows()) == 1:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        for row, rect in zip(self.shown_rows(), self.row_rects(), strict=True):
            painter.drawText(QRectF(rect), Qt.AlignmentFlag.AlignCenter, row)
        painter.end()
