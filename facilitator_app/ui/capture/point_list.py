"""The list of one question's points: keyboard moves, delete, and drag to re-order.

The view never changes data itself: it asks (signals) and the capture view turns the request
into an undoable command that calls the core. Drag-and-drop is handled here rather than by
Qt's InternalMove (which would remove and re-insert rows in the model behind the core's back).

It is a one-column ``QTableView`` that looks and acts like a list, rather than a ``QListView``:
a list view measures every row again after each insert (a frame's worth at a few thousand
points), while a table keeps each row's height in its vertical header, so adding a point
measures only the new row (:mod:`row_heights`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QWidget,
)

from facilitator_app.ui.capture.delegate import PointDelegate
from facilitator_app.ui.capture.point_model import POINT_IDS_MIME, PointRole, QuestionPointsModel
from facilitator_app.ui.capture.row_heights import RowHeights
from facilitator_app.ui.contrast import readable

#: Roles whose change can change a row's height (no roles at all means any role changed).
SHAPING_ROLES = frozenset(
    int(role) for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, PointRole.LAYOUT)
)


def muted_highlight(palette: QPalette) -> QColor:
    """The selection colour of a list without the keyboard: a tint of the highlight on the
    list's background, so only the focused list shows a bright selected row."""
    base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    highlight = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    share = 0.3
    return QColor(
        round(base.red() * (1 - share) + highlight.red() * share),
        round(base.green() * (1 - share) + highlight.green() * share),
        round(base.blue() * (1 - share) + highlight.blue() * share),
    )


class PointListView(QTableView):
    """Shows a :class:`QuestionPointsModel`; asks for moves and deletes through signals."""

    #: (point id, new index among all the question's points)
    move_requested = Signal(str, int)
    #: point ids, in list order
    delete_requested = Signal(list)
    #: (point ids, index among all this question's points): points dragged in from another
    #: question's list of the same table, to land there.
    arrive_requested = Signal(list, int)
    #: Escape: the column's entry box takes the focus back.
    leave_requested = Signal()
    #: Letters typed in the list: they belong in the entry box (text typed).
    typing_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point_delegate = PointDelegate(self)
        self.setItemDelegate(self.point_delegate)
        self.setWordWrap(True)
        # A list, not a grid: one full-width column, no headers or lines, whole rows selected,
        # and Tab leaves the list as it leaves any other (a table's Tab would go row by row).
        self.setShowGrid(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.row_heights = RowHeights(self)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._mute_inactive_selection()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.point_delegate.forget_sizes()
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.row_heights.follow_font()
        if event.type() == QEvent.Type.PaletteChange:
            self._mute_inactive_selection()

    # --- row heights: measured when a row arrives or changes, not on every insert -------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            # Bound methods of Qt objects, so the model drops them when the list goes.
            model.rowsRemoved.connect(self.row_heights.rows_removed)
            model.rowsRemoved.connect(self._fit_numbers)
            model.layoutChanged.connect(self.row_heights.measure_all)
        self._fit_numbers()
        self.row_heights.measure_all()

    def _fit_numbers(self) -> None:
        """Room for the last point's number (it can be hidden by a filter, so the full count):
        when that room grows or shrinks a digit, the text's width changes in every row."""
        model = self.model()
        count = model.total_count() if isinstance(model, QuestionPointsModel) else 0
        if self.point_delegate.fit_numbers_up_to(count):
            self.row_heights.measure_all()
            self.viewport().update()

    def rowsInserted(
        self, parent: QModelIndex | QPersistentModelIndex, start: int, end: int
    ) -> None:
        super().rowsInserted(parent, start, end)
        if not parent.isValid():
            self._fit_numbers()
            self.row_heights.rows_inserted(start, end)

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        super().dataChanged(topLeft, bottomRight, roles)
        self._fit_numbers()  # a point added or removed behind a filter renumbers the others
        if not roles or SHAPING_ROLES.intersection(roles):
            self.row_heights.rows_changed(topLeft.row(), bottomRight.row())

    def reset(self) -> None:
        super().reset()
        self._fit_numbers()
        self.row_heights.measure_all()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self.row_heights.follow_width()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.row_heights.shown()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.row_heights.hidden()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.isValid():
            self.row_heights.bring_near(index.row())
        super().scrollTo(index, hint)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last point, as in any list (a table's would go to
        the first and last column of the row)."""
        action = QAbstractItemView.CursorAction
        if cursorAction in (action.MoveHome, action.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursorAction, modifiers)

    def _mute_inactive_selection(self) -> None:
        """The delegate paints a list without the focus with the Inactive colours: give those a
        muted selection (ordinary text on a tint), whatever the light or dark palette."""
        palette = self.palette()
        muted = muted_highlight(palette)
        text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        inactive = QPalette.ColorGroup.Inactive
        if (
            palette.color(inactive, QPalette.ColorRole.Highlight) == muted
            and palette.color(inactive, QPalette.ColorRole.HighlightedText) == text
        ):
            return  # already muted: setting it again would signal another palette change
        palette.setColor(inactive, QPalette.ColorRole.Highlight, muted)
        palette.setColor(inactive, QPalette.ColorRole.HighlightedText, text)
        self.setPalette(palette)

    def has_keyboard(self) -> bool:
        """The keyboard is in this list (or in a point being edited in place in it)."""
        focus = QApplication.focusWidget()
        return focus is not None and (focus is self or self.isAncestorOf(focus))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, QuestionPointsModel) and model.rowCount() == 0:
            text = self.empty_text()
            painter = QPainter(self.viewport())
            palette = self.palette()
            painter.setPen(
                readable(
                    palette.color(QPalette.ColorRole.PlaceholderText),
                    palette.color(QPalette.ColorRole.Base),
                )
            )
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                text,
            )
            painter.end()

    def empty_text(self) -> str:
        """What an empty list says in its middle."""
        model = self.points_model()
        if model.is_filtered():
            return self.tr("No point matches the filter.")
        if model.read_only:  # nothing can be typed here: no invitation to
            return self.tr("No points.")
        return self.tr("No points yet: type one below and press Enter.")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()  # its selection turns muted

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving by Tab, the point in hand is shown selected: F2, Delete or Alt+N act on a
        point the scribe can see (Qt makes the first row current without selecting it)."""
        super().focusInEvent(event)
        self.viewport().update()  # its selection turns bright
        current = self.currentIndex()
        if current.isValid() and not self.selectionModel().isSelected(current):
            self.selectionModel().select(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def points_model(self) -> QuestionPointsModel:
        model = self.model()
        assert isinstance(model, QuestionPointsModel)
        return model

    def selected_ids(self) -> list[str]:
        """Selected points in list order; the current point if nothing is selected."""
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        model = self.points_model()
        return [model.point_at(row).id for row in rows]

    def current_id(self) -> str | None:
        index = self.currentIndex()
        return index.data(PointRole.ID) if index.isValid() else None

    def select_point(self, point_id: str) -> None:
        index = self.points_model().index_of(point_id)
        if index.isValid():
            # Exactly this point, whatever keys are held: setCurrentIndex reads the modifiers,
            # so Ctrl still down from Ctrl+Z would add it to the old selection instead.
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.scrollTo(index)

    def select_points(self, point_ids: list[str]) -> None:
        """Exactly these points selected, the first one current (points just moved here)."""
        if not point_ids:
            return
        self.select_point(point_ids[0])
        for point_id in point_ids[1:]:
            index = self.points_model().index_of(point_id)
            if index.isValid():
                self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select)

    # --- keyboard ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if self.state() != QAbstractItemView.State.EditingState:
            if key == Qt.Key.Key_Delete and not modifiers:
                ids = self.selected_ids()
                if ids:
                    self.delete_requested.emit(ids)
                return
            if modifiers == Qt.KeyboardModifier.AltModifier and key in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
            ):
                self.move_current(-1 if key == Qt.Key.Key_Up else 1)
                return
            if key == Qt.Key.Key_Escape and not modifiers:
                self.leave_requested.emit()
                return
            text = event.text()
            if (
                text
                and text.isprintable()
                and not text.isspace()
                and not modifiers & ~Qt.KeyboardModifier.ShiftModifier
            ):
                self.typing_requested.emit(text)
                return
        super().keyPressEvent(event)

    def move_current(self, step: int) -> None:
        """Move the current point one place up or down among the visible points."""
        index = self.currentIndex()
        if not index.isValid():
            return
        model = self.points_model()
        target_row = index.row() + step
        if not 0 <= target_row < model.rowCount():
            return
        target = model.full_index(model.point_at(target_row).id)
        self.move_requested.emit(index.data(PointRole.ID), target)

    # --- drag and drop -------------------------------------------------------------------------

    def startDrag(self, supported: Qt.DropAction) -> None:
        indexes = self.selectedIndexes()
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.points_model().mimeData(indexes))
        drag.exec(Qt.DropAction.MoveAction)  # the drop handler made the change, if any

    def _accepts(self, event: QDropEvent) -> bool:
        """Points from this list (a re-order) or from another question's list of the same
        table (a move to this question); nothing from elsewhere."""
        source = event.source()
        return event.mimeData().hasFormat(POINT_IDS_MIME) and (
            source is self
            or (
                isinstance(source, PointListView)
                and source.points_model().owner is self.points_model().owner
            )
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        ids = bytes(event.mimeData().data(POINT_IDS_MIME).data()).decode().split("\n")
        ids = [point_id for point_id in ids if point_id]
        target = self.drop_target(event.position().toPoint())
        event.setDropAction(Qt.DropAction.CopyAction)  # nothing for the source to remove
        event.accept()
        if not ids:
            return
        if event.source() is self:
            self.drop_point(ids[0], target)
        else:
            self.arrive_requested.emit(ids, self.full_index_before(target))

    def full_index_before(self, before_row: int) -> int:
        """Where among all the question's points (filter or not) a drop before the visible
        row ``before_row`` lands."""
        model = self.points_model()
        if before_row >= model.rowCount():
            return model.total_count()
        return model.full_index(model.point_at(before_row).id)

    def drop_target(self, position: QPoint) -> int:
        """The row a drop at ``position`` lands before (the row count for "at the end")."""
        index = self.indexAt(position)
        if not index.isValid():
            return self.points_model().rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if position.y() > rect.center().y() else 0)

    def drop_point(self, point_id: str, before_row: int) -> None:
        """Ask to move a dragged point so it lands before the visible row ``before_row``."""
        model = self.points_model()
        old_full = model.full_index(point_id)
        rows = model.rowCount()
        if rows == 0:
            return
        if before_row >= rows:
            anchor = model.full_index(model.point_at(rows - 1).id) + 1
        else:
            anchor = model.full_index(model.point_at(before_row).id)
        target = anchor - 1 if anchor > old_full else anchor
        if target != old_full:
            self.move_requested.emit(point_id, target)

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        if current.isValid():
            self.setAccessibleDescription(str(current.data(Qt.ItemDataRole.AccessibleTextRole)))
