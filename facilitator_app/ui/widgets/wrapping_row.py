"""A row of control groups that stacks them when the window is too narrow for one line.

Squeezed onto one line, a narrow window cut a box's text short ("Choose a" for "Choose a theme…")
or pushed the window wider than the screen half it was snapped to. Each group keeps its controls
whole; the groups stand side by side where they fit and one under another where they do not.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QSizePolicy, QWidget


class WrappingRow(QWidget):
    """Groups (layouts) side by side, or stacked when the row is narrower than all of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._groups: list[QLayout] = []
        # as tall as its lines: one, or one per group when stacked
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def add_group(self, group: QLayout, stretch: int = 0) -> None:
        self._row.addLayout(group, stretch)
        self._groups.append(group)
        self.updateGeometry()

    def is_stacked(self) -> bool:
        return self._row.direction() == QBoxLayout.Direction.TopToBottom

    def _one_line_width(self) -> int:
        spacing = max(0, self._row.spacing()) * (len(self._groups) - 1)
        return sum(group.minimumSize().width() for group in self._groups) + spacing

    def _height(self, stacked: bool) -> int:
        heights = [group.sizeHint().height() for group in self._groups] or [0]
        if not stacked:
            return max(heights)
        return sum(heights) + max(0, self._row.spacing()) * (len(heights) - 1)

    def minimumSizeHint(self) -> QSize:
        widest = max((group.minimumSize().width() for group in self._groups), default=0)
        return QSize(widest, self._height(self.is_stacked()))

    def sizeHint(self) -> QSize:
        return QSize(self._one_line_width(), self._height(self.is_stacked()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        stacked = event.size().width() < self._one_line_width()
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self._row.direction() != direction:
            self._row.setDirection(direction)
            self.updateGeometry()  # the parent asks heightForWidth again
        super().resizeEvent(event)
