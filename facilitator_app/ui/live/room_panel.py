"""Every table's points, read-only, while the facilitator shares the room for the plenary.

The host sends them only once the facilitator allows it (``host --share-points``, or the host's
window); until then a table sees no other table's points. The panel follows each new list the
host sends and says so plainly when the facilitator stops sharing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class SharedPointsModel(QAbstractTableModel):
    """Table, question, theme and text of every live point the host shared."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []
        self._headers = [self.tr("Table"), self.tr("Question"), self.tr("Theme"), self.tr("Point")]

    def set_points(
        self,
        points: Sequence[Mapping[str, Any]],
        questions: Mapping[str, str],
        themes: Mapping[str, str],
    ) -> None:
        """``questions`` and ``themes``: names by id, from the table file (the event's ids)."""
        self.beginResetModel()
        self._rows = [
            (
                str(point.get("table", "")),
                questions.get(str(point.get("question_id")), ""),
                themes.get(str(point.get("theme_id")), ""),
                str(point.get("text", "")),
            )
            for point in points
        ]
        self.endResetModel()

    def tables(self) -> int:
        return len({row[0] for row in self._rows})

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self._rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class RoomPanel(QDialog):
    """A window beside the capture view (not modal): the scribe goes on typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomPanel")
        self.setWindowTitle(self.tr("The room's points"))
        self.setAccessibleName(self.tr("The room's points"))
        self.model = SharedPointsModel(self)
        self.filtered = QSortFilterProxyModel(self)
        self.filtered.setSourceModel(self.model)
        self.filtered.setFilterKeyColumn(-1)
        self.filtered.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("About these points"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by table, question, theme or words"))
        self.filter.setAccessibleName(self.tr("Filter the room's points"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.filtered.setFilterFixedString)
        self.view = QTableView(self)
        self.view.setModel(self.filtered)
        self.view.setAccessibleName(self.tr("Every table's points"))
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as the host sent them
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        # the point's words get the room; a long question is cut short (its tooltip has it all)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, self.fontMetrics().averageCharWidth() * 28)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        characters = self.fontMetrics().averageCharWidth()
        self.resize(characters * 110, self.fontMetrics().lineSpacing() * 30)

    def show_points(
        self,
        points: Sequence[Mapping[str, Any]],
        questions: Mapping[str, str],
        themes: Mapping[str, str],
    ) -> None:
        self.model.set_points(points, questions, themes)
        if points:
            self.note.setText(
                self.tr(
                    "Shared by the facilitator for the plenary: %1 points from %2 tables, "
                    "as they stand now. Read-only; your table's own points are typed in capture."
                )
                .replace("%1", str(len(points)))
                .replace("%2", str(self.model.tables()))
            )
        else:
            self.note.setText(
                self.tr("The facilitator is not sharing the room's points (or there are none).")
            )
