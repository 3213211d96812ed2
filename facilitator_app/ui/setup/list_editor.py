"""A table view with Add / Remove / Move up / Move down, all reachable from the keyboard.

Insert adds, Delete removes, Alt+Up / Alt+Down move the current row, F2 or typing edits. The
editor only asks; the set-up view decides what adding or removing means (a theme with points
asks where they go first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.ui.setup.locked_look import show_locked
from facilitator_app.ui.setup.models import SetupModel


class ComboDelegate(QStyledItemDelegate):
    """Edit a column by choosing from fixed values (question kind, participant role)."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)  # (stored value, label)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Any) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal))
        )
        for value, label in self.choices:
            combo.addItem(label, value)
        combo.activated.connect(lambda _row, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class OrderedListEditor(QWidget):
    add_requested = Signal()
    remove_requested = Signal(int)  # row

    def __init__(
        self,
        title: str,
        model: SetupModel[Any],
        *,
        add_text: str,
        remove_text: str,
        movable: bool = True,
        wrap: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.movable = movable
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(title, self)
        bold = self.label.font()
        bold.setBold(True)
        self.label.setFont(bold)
        layout.addWidget(self.label)

        self.view = QTableView(self)
        self.view.setModel(model)
        self.view.setAccessibleName(title.replace("&", ""))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(wrap)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.view.verticalHeader()
        row_height = int(self.fontMetrics().height() * 1.8)
        rows.setDefaultSectionSize(row_height)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        if wrap:
            # a one-line question is as tall as any other row; a long one grows
            rows.setMinimumSectionSize(row_height)
            # Wrapped rows follow the column width; recomputed after layout, not before.
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self._fit_rows = QTimer(self)
            self._fit_rows.setSingleShot(True)
            self._fit_rows.setInterval(0)
            self._fit_rows.timeout.connect(self.view.resizeRowsToContents)
            header.sectionResized.connect(lambda *_: self._fit_rows.start())
            model.modelReset.connect(self._fit_rows.start)
            model.dataChanged.connect(lambda *_: self._fit_rows.start())
        self.label.setBuddy(self.view)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.buttons = buttons
        self.add_button = self._button(add_text, buttons)
        self.remove_button = self._button(remove_text, buttons)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove_current)
        self.up_button = self._button(self.tr("Move up"), buttons)
        self.down_button = self._button(self.tr("Move down"), buttons)
        self.add_button.setToolTip(self.tr("Insert key, in the list"))
        self.remove_button.setToolTip(self.tr("Delete key, in the list"))
        self.up_button.setToolTip(self.tr("Alt+Up"))
        self.down_button.setToolTip(self.tr("Alt+Down"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.up_button.setVisible(movable)
        self.down_button.setVisible(movable)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.add_requested.emit)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Delete), self._remove_current)
        self._shortcut(QKeySequence("Alt+Up"), lambda: self.move_current(-1))
        self._shortcut(QKeySequence("Alt+Down"), lambda: self.move_current(+1))
        model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, text: str, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").replace("…", ""))
        row.addWidget(button)
        return button

    def _shortcut(self, keys: QKeySequence, slot: Any) -> None:
        shortcut = QShortcut(keys, self.view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _remove_current(self) -> None:
        row = self.current_row()
        if row >= 0 and not self.model.locked:
            self.remove_requested.emit(row)

    def move_current(self, delta: int) -> None:
        row = self.current_row()
        if not self.movable or row < 0:
            return
        column = self.view.currentIndex().column()
        if self.model.move(row, row + delta):
            self.view.setCurrentIndex(self.model.index(row + delta, column))

    def set_locked(self, locked: bool) -> None:
        self.model.set_locked(locked)
        show_locked(self.view, locked)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        unlocked = not self.model.locked
        row = self.current_row()
        self.add_button.setEnabled(unlocked)
        self.remove_button.setEnabled(unlocked and row >= 0)
        self.up_button.setEnabled(unlocked and row > 0)
        self.down_button.setEnabled(unlocked and 0 <= row < self.model.rowCount() - 1)
