"""The question columns, side by side when they fit and stacked in a scrolling area when not."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QScrollArea, QWidget

from facilitator_app.ui.capture.column import QuestionColumn

#: Columns narrower than this are stacked instead of squeezed side by side.
MIN_COLUMN_WIDTH = 320
#: Height of a column when the columns are stacked and the area scrolls.
STACKED_COLUMN_HEIGHT = 460


class ColumnsArea(QScrollArea):
    """Lays the question columns out side by side when they fit, in rows that scroll if not."""

    def __init__(self, columns: list[QuestionColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.setWidget(inner)
        self.per_row = 0
        self.reflow()

    def reflow(self) -> None:
        spacing = self.grid.horizontalSpacing()
        narrowest = max([MIN_COLUMN_WIDTH, *(c.minimumSizeHint().width() for c in self.columns)])
        width = self.viewport().width() - self.verticalScrollBar().sizeHint().width()
        per_row = max(1, min(len(self.columns), (width + spacing) // (narrowest + spacing)))
        if per_row == self.per_row:
            return
        self.per_row = per_row
        for column in self.columns:
            self.grid.removeWidget(column)
        for number, column in enumerate(self.columns):
            self.grid.addWidget(column, number // per_row, number % per_row)
        stacked = per_row < len(self.columns)
        for column in self.columns:
            column.setMinimumHeight(STACKED_COLUMN_HEIGHT if stacked else 0)
        for col in range(self.grid.columnCount()):
            self.grid.setColumnStretch(col, 1 if col < per_row else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reflow()
        # After the columns have their new widths (laid out once this event is done).
        QTimer.singleShot(0, self, self.align_question_texts)

    def align_question_texts(self) -> None:
        """Columns side by side start their lists at one height, however long each question.

        Each question's text is given the height of the tallest in its row (as wrapped at the
        columns' present width), so the eye can run across the three lists.
        """
        if self.per_row < 1:
            return
        for start in range(0, len(self.columns), self.per_row):
            labels = [column.question_text for column in self.columns[start : start + self.per_row]]
            tallest = max(label.heightForWidth(max(1, label.width())) for label in labels)
            for label in labels:
                label.setMinimumHeight(tallest)
