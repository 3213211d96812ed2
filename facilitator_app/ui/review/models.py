"""Qt item models of the review: the merged points as a table, and the filters over it."""

from __future__ import annotations

import bisect
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
from PySide6.QtGui import QFont

from facilitator_app.core.enums import Strength
from facilitator_app.core.review import ReviewPoint
from facilitator_app.ui.widgets.status_colours import error_colour

Index = QModelIndex | QPersistentModelIndex

#: Role giving a row's :class:`ReviewPoint`.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role giving a row's point id.
POINT_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ReviewTableModel(QAbstractTableModel):
    """Read-only rows of :class:`ReviewPoint`, in the review's order; a change to a few
    points updates only their rows (:meth:`update_rows`), a reload resets them all."""

    TEXT, QUESTION, THEME, TABLES, STRENGTH, SOURCE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewPoint] = []
        self._haystacks: list[str] = []

    def set_rows(self, rows: Sequence[ReviewPoint]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = [_haystack(row) for row in self._rows]
        self.endResetModel()

    def update_rows(self, rows: Mapping[str, ReviewPoint | None]) -> None:
        """Change only these points' rows (None: no longer shown): a changed row in place, a
        new one where it belongs, a gone one out. Filters and selection elsewhere stay, and
        nothing else is read or redrawn."""
        index = {row.point.id: number for number, row in enumerate(self._rows)}
        moved: list[ReviewPoint] = []
        gone: list[int] = []
        for point_id, new in rows.items():
            number = index.get(point_id)
            if number is None:
                if new is not None:
                    moved.append(new)
            elif new is None:
                gone.append(number)
            elif new.order != self._rows[number].order:
                gone.append(number)
                moved.append(new)
            else:
                self._rows[number] = new
                self._haystacks[number] = _haystack(new)
                self.dataChanged.emit(self.index(number, 0), self.index(number, 5))
        for number in sorted(gone, reverse=True):
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            del self._haystacks[number]
            self.endRemoveRows()
        for new in sorted(moved, key=lambda row: row.order):
            number = bisect.bisect_right(self._rows, new.order, key=lambda row: row.order)
            self.beginInsertRows(QModelIndex(), number, number)
            self._rows.insert(number, new)
            self._haystacks.insert(number, _haystack(new))
            self.endInsertRows()

    def from_several_tables(self) -> bool:
        """Whether the rows come from two or more tables (duplicates are suggested across
        tables: a table file alone has none to offer)."""
        tables = set()
        for row in self._rows:
            if row.consolidated:
                return True  # it stands for points from two or more tables
            tables.add(row.point.table_id)
            if len(tables) > 1:
                return True
        return False

    def row_at(self, row: int) -> ReviewPoint:
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """What the search looks in for a row, case-folded once when the rows are set (not at
        every keystroke): its text, theme, tables and source file."""
        return self._haystacks[row]

    def haystacks(self) -> list[str]:
        return self._haystacks

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            self.tr("Point"),
            self.tr("Question"),
            self.tr("Theme"),
            self.tr("Tables"),
            self.tr("Strength"),
            self.tr("Source file"),
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == POINT_ID_ROLE:
            return row.point.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TEXT:
                return self._tooltip(row)
            if column == self.TABLES:
                return ", ".join(row.table_names)
            if column == self.QUESTION:
                return row.question_text
            if column == self.SOURCE and not row.consolidated:
                return row.point.source_file or None
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.TEXT
            and (row.consolidated or row.point.deleted)
        ):
            font = QFont()
            font.setBold(row.consolidated)
            font.setStrikeOut(row.point.deleted)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.open_conflicts and column == self.TEXT:
            return error_colour()
        return None

    def _display(self, row: ReviewPoint, column: int) -> str:
        point = row.point
        if column == self.TEXT:
            text = " ".join(point.text.split())
            if row.open_conflicts:
                text = self.tr("[conflict] ") + text
            return text
        if column == self.QUESTION:
            return self.tr("Q%1").replace("%1", str(row.question_number))
        if column == self.THEME:
            return row.theme_name
        if column == self.TABLES:
            if row.consolidated:
                count = len(row.table_names)
                if count == 1:
                    return self.tr("raised at 1 table")
                return self.tr("raised at %1 tables").replace("%1", str(count))
            return ", ".join(row.table_names)
        if column == self.STRENGTH:
            return self._strength_name(point.strength)
        if column == self.SOURCE:
            return self.tr("(consolidated)") if row.consolidated else point.source_file
        return ""

    def _strength_name(self, strength: Strength | None) -> str:
        if strength is Strength.CONSENSUS:
            return self.tr("Consensus")
        if strength is Strength.SEVERAL:
            return self.tr("Several")
        if strength is Strength.ONE:
            return self.tr("One person")
        return ""

    def _tooltip(self, row: ReviewPoint) -> str:
        lines = [row.point.text]
        if row.consolidated:
            lines.append(
                self.tr("Consolidated from %1 points; raised at: %2")
                .replace("%1", str(row.member_count))
                .replace("%2", ", ".join(row.table_names))
            )
        if row.open_conflicts and row.consolidated:
            lines.append(
                self.tr(
                    "One of its points was changed both here and at its table: settle it under "
                    "Conflicts."
                )
            )
        elif row.open_conflicts:
            lines.append(self.tr("Changed both here and at the table: settle it under Conflicts."))
        return "\n".join(lines)


def _haystack(row: ReviewPoint) -> str:
    point = row.point
    return " ".join((point.text, row.theme_name, *row.table_names, point.source_file)).casefold()


class ReviewFilterModel(QSortFilterProxyModel):
    """Filters the review by question, theme, table, "conflicts only" and a search text.

    A change of the filters decides every row in one pass over the loaded rows (the search
    looks in texts case-folded once), so Qt's per-row question is a list look-up: a keystroke
    in the search over 10,000 points costs little more than scanning their texts in Python.
    """

    #: Theme filter value meaning "points without a theme".
    NO_THEME = "\x00no-theme"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.question_id: str | None = None
        self.theme_id: str | None = None
        self.table_name: str | None = None
        self.conflicts_only = False
        self.search = ""
        self._words: list[str] = []
        #: Each source row's verdict, while a change of the filters is applied; None otherwise.
        self._accepted: list[bool] | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filters(
        self,
        *,
        question_id: str | None = None,
        theme_id: str | None = None,
        table_name: str | None = None,
        conflicts_only: bool = False,
        search: str = "",
    ) -> None:
        # Qt 6.9 replaced invalidateFilter() with a begin/end pair around the change.
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:
            begin()
        self.question_id = question_id
        self.theme_id = theme_id
        self.table_name = table_name
        self.conflicts_only = conflicts_only
        self.search = search.strip().casefold()
        self._words = self.search.split()
        self._accepted = self._decide_all()
        try:
            if begin is not None:
                self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            else:
                self.invalidateRowsFilter()
        finally:
            self._accepted = None

    def _decide_all(self) -> list[bool] | None:
        model = self.sourceModel()
        if not isinstance(model, ReviewTableModel):
            return None
        words = self._words
        if not any((self.question_id, self.theme_id, self.table_name, self.conflicts_only)):
            return [all(w in hay for w in words) for hay in model.haystacks()]
        return [self._accepts(model, row) for row in range(model.rowCount())]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        accepted = self._accepted
        if accepted is not None and source_row < len(accepted):
            return accepted[source_row]
        model = self.sourceModel()
        assert isinstance(model, ReviewTableModel)
        return self._accepts(model, source_row)

    def _accepts(self, model: ReviewTableModel, source_row: int) -> bool:
        row = model.row_at(source_row)
        point = row.point
        if self.question_id is not None and point.question_id != self.question_id:
            return False
        if self.theme_id == self.NO_THEME:
            if point.theme_id is not None:
                return False
        elif self.theme_id is not None and point.theme_id != self.theme_id:
            return False
        if self.table_name is not None and self.table_name not in row.table_names:
            return False
        if self.conflicts_only and not row.open_conflicts:
            return False
        if self._words:
            haystack = model.haystack(source_row)
            if not all(word in haystack for word in self._words):
                return False
        return True

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReviewTableModel)
        a, b = model.row_at(left.row()), model.row_at(right.row())
        column = left.column()
        if column == ReviewTableModel.QUESTION:
            return (a.question_number, a.point.position) < (b.question_number, b.point.position)
        if column == ReviewTableModel.TABLES and (a.consolidated or b.consolidated):
            return (-len(a.table_names), a.table_names) < (-len(b.table_names), b.table_names)
        return super().lessThan(left, right)
