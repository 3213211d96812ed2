"""The question columns: side by side when they fit; in one row that scrolls sideways when
there are more questions than fit (every column whole, full height); stacked in a scrolling
area only when not even two fit. The column with the keyboard is always brought into view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QScrollArea, QWidget

from facilitator_app.ui.capture.column import QuestionColumn, wrapped_height

#: Columns narrower than this are stacked instead of squeezed side by side.
MIN_COLUMN_WIDTH = 320
#: Height of a column when the columns are stacked and the area scrolls.
STACKED_COLUMN_HEIGHT = 460
#: Columns at least this wide (a large screen) show their points in larger type.
WIDE_COLUMN_WIDTH = 560
#: How much larger, against the application font.
WIDE_TEXT_SCALE = 1.15


class ColumnsArea(QScrollArea):
    """Lays the question columns out side by side, a row scrolling sideways, or stacked."""

    def __init__(self, columns: list[QuestionColumn], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from column to column
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        self.grid = QGridLayout(inner)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.setWidget(inner)
        #: Columns per row: all of them side by side (also when the row scrolls), or 1.
        self.per_row = 0
        #: How many columns are in view at once (fewer than per_row when the row scrolls).
        self.in_view = 0
        self.reflow()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        # Question texts are lined up again whenever a column has its new width (the area's
        # own resize comes before the columns are laid out at theirs).
        self._align_timer = QTimer(self, singleShot=True, interval=0)
        self._align_timer.timeout.connect(self.align_question_texts)
        for column in columns:
            column.installEventFilter(self)

    @property
    def scrolls_sideways(self) -> bool:
        return 1 < self.in_view < len(self.columns)

    def reflow(self) -> None:
        spacing = self.grid.horizontalSpacing()
        narrowest = max([MIN_COLUMN_WIDTH, *(c.minimumSizeHint().width() for c in self.columns)])
        count = len(self.columns)
        width = self.viewport().width()
        fit = max(1, min(count, (width + spacing) // (narrowest + spacing)))
        if fit < count and fit == 1:
            # Stacked: leave room for the vertical scroll bar.
            width -= self.verticalScrollBar().sizeHint().width()
            per_row = 1
        else:
            per_row = count
        self.in_view = fit
        sideways = 1 < fit < count
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if sideways
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            if sideways
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        # A row that scrolls sideways shows whole columns: ``fit`` of them fill the view.
        column_width = (width - spacing * (fit - 1)) // fit if sideways else 0
        for column in self.columns:
            column.setMinimumWidth(column_width)
            column.setMaximumWidth(column_width or 16777215)
        if per_row != self.per_row:
            self.per_row = per_row
            for column in self.columns:
                self.grid.removeWidget(column)
            for number, column in enumerate(self.columns):
                self.grid.addWidget(column, number // per_row, number % per_row)
            stacked = per_row < count
            for column in self.columns:
                column.setMinimumHeight(STACKED_COLUMN_HEIGHT if stacked else 0)
            for col in range(self.grid.columnCount()):
                self.grid.setColumnStretch(col, 1 if col < per_row else 0)

    def _scale_text(self) -> None:
        """Larger type where the columns are wide: the room a large screen gives is used."""
        if not self.columns:
            return
        spacing = self.grid.horizontalSpacing()
        shown = max(1, self.in_view)
        width = (self.viewport().width() - spacing * (shown - 1)) // shown
        factor = WIDE_TEXT_SCALE if width >= WIDE_COLUMN_WIDTH else 1.0
        for column in self.columns:
            column.set_text_scale(factor)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reflow()
        self._scale_text()
        # After the columns have their new widths (laid out once this event is done).
        QTimer.singleShot(0, self, self.align_question_texts)
        QTimer.singleShot(0, self, self._keep_focused_column_in_view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched in self.columns:
            self._align_timer.start()
        return super().eventFilter(watched, event)

    def bring_into_view(self, column: QuestionColumn) -> None:
        """Scroll so the whole column shows (header, count, list and entry box); when it is
        taller than the view (stacked in a short window), its header, then the part with the
        keyboard."""
        self.widget().layout().activate()  # type: ignore[union-attr]
        self.ensureWidgetVisible(column, 0, 0)
        if column.height() > self.viewport().height():
            self.ensureWidgetVisible(column.heading, 0, 0)
            part = column.focused_part()
            if part is not None:
                self.ensureWidgetVisible(part, 0, 0)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Wherever the keyboard goes (Alt+Right, Tab, a click), its column comes into view."""
        if new is None or not self.isAncestorOf(new):
            return
        column = next((c for c in self.columns if c is new or c.isAncestorOf(new)), None)
        if column is not None:
            self.bring_into_view(column)

    def _keep_focused_column_in_view(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None:
            self._focus_moved(None, focus)

    def align_question_texts(self) -> None:
        """Columns side by side start their lists at one height, however long each question.

        Each question's text is given the height of the tallest in its row (as wrapped at the
        columns' present width), so the eye can run across the lists.
        """
        if self.per_row < 1:
            return
        for start in range(0, len(self.columns), self.per_row):
            labels = [column.question_text for column in self.columns[start : start + self.per_row]]
            tallest = max(wrapped_height(label) for label in labels)
            if tallest <= 0:
                continue
            for label in labels:
                # Fixed, not minimum: a label held lower than its row would be centred in the
                # room left over, and the question texts would not line up at the top.
                label.setFixedHeight(tallest)
