"""Qt item models of the review: the merged points as a table, and the filters over it."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
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


#: The roles the review's cells answer (a delegate asks each cell for about ten).
_ROLES = frozenset(
    int(role)
    for role in (
        ROW_ROLE,
        POINT_ID_ROLE,
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
    )
)


class ReviewTableModel(QAbstractTableModel):
    """Read-only rows of :class:`ReviewPoint`, in the review's order; a change to a few
    points updates only their rows (:meth:`update_rows`), a reload resets them all."""

    TEXT, QUESTION, THEME, TABLES, STRENGTH, SOURCE = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewPoint] = []
        #: Each row's search text, case-folded when first searched (None until then).
        self._haystacks: list[str | None] = []

    def set_rows(self, rows: Sequence[ReviewPoint]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = [None] * len(self._rows)
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
                self._haystacks[number] = None
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
            self._haystacks.insert(number, None)
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
        """What the search looks in for a row, case-folded at the first search (not at every
        keystroke, nor for every row when the rows are set): its text, theme, tables and
        source file."""
        found = self._haystacks[row]
        if found is None:
            found = self._haystacks[row] = _haystack(self._rows[row])
        return found

    def haystacks(self) -> list[str]:
        """Every row's :meth:`haystack`, in row order."""
        haystacks = self._haystacks
        for number, found in enumerate(haystacks):
            if found is None:
                haystacks[number] = _haystack(self._rows[number])
        return haystacks  # type: ignore[return-value]  # every entry is set now

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
        return self.cell(index.row(), index.column(), role) if index.isValid() else None

    def cell(self, number: int, column: int, role: int) -> Any:
        """What row ``number`` shows in ``column`` for ``role``; the roles a painted cell asks
        for and this model does not answer cost one set look-up."""
        if role not in _ROLES or not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
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


class ReviewFilterModel(QAbstractProxyModel):
    """The review's rows that pass the filters (question, theme, table, "conflicts only", a
    search text), in file order or sorted by a column.

    A change of the filters decides every row in one pass over the rows loaded once (the
    search looks in texts case-folded once) and lays the view out again in one go, keeping
    the selection: Qt is never asked row by row (a QSortFilterProxyModel calls back into
    Python for each of 10,000 rows and tells the view of every gap it opens or closes). A
    change to a few rows of the source (:meth:`ReviewTableModel.update_rows`) shows, hides
    or updates only those rows.
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
        self._source: ReviewTableModel | None = None
        #: The source rows shown, in the order shown.
        self._shown: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # --- the filters -----------------------------------------------------------------------

    def set_filters(
        self,
        *,
        question_id: str | None = None,
        theme_id: str | None = None,
        table_name: str | None = None,
        conflicts_only: bool = False,
        search: str = "",
    ) -> None:
        self.question_id = question_id
        self.theme_id = theme_id
        self.table_name = table_name
        self.conflicts_only = conflicts_only
        self.search = search.strip().casefold()
        self._words = self.search.split()
        self._relayout(self._ordered(self._decide_all()))

    def _decide_all(self) -> list[int]:
        """The source rows that pass, in source order: one pass, no call per row if only a
        search is set."""
        model = self._source
        if model is None:
            return []
        if any((self.question_id, self.theme_id, self.table_name, self.conflicts_only)):
            return [row for row in range(model.rowCount()) if self._accepts(model, row)]
        shown: Sequence[int] = range(model.rowCount())
        if self._words:  # the rows' search texts are made at the first search, not before
            haystacks = model.haystacks()
            for word in self._words:  # each word narrows the rows the next one looks at
                shown = [row for row in shown if word in haystacks[row]]
        return list(shown)

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

    # --- order -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (-1: the file's order), as the table's header asks."""
        self._sort_column, self._sort_order = column, order
        self._relayout(self._ordered(sorted(self._shown)))

    def _ordered(self, rows: list[int]) -> list[int]:
        """Source rows (in source order) in the order shown."""
        model, column = self._source, self._sort_column
        if model is None or column < 0:
            return rows
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda row: self._sort_key(model, row, column), reverse=descending)

    def _sort_key(self, model: ReviewTableModel, source_row: int, column: int) -> tuple[Any, ...]:
        row = model.row_at(source_row)
        if column == ReviewTableModel.QUESTION:
            return (row.question_number, row.point.position)
        text = str(model.data(model.index(source_row, column)) or "").casefold()
        if column == ReviewTableModel.TABLES:  # points raised at most tables first
            return (-len(row.table_names), row.table_names if row.consolidated else (text,))
        return (text,)

    def _relayout(self, shown: list[int]) -> None:
        """Show these source rows, in this order, keeping the selection on the rows still shown."""
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        sources = [(self._shown[i.row()], i.column()) for i in kept]
        self._shown = shown
        if kept:
            position = {source: number for number, source in enumerate(shown)}
            self.changePersistentIndexList(
                kept,
                [
                    self.index(position[source], column) if source in position else QModelIndex()
                    for source, column in sources
                ],
            )
        self.layoutChanged.emit()

    # --- the source ------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        old = self._source
        if old is not None:
            for signal, slot in self._follow(old):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._source = model if isinstance(model, ReviewTableModel) else None
        if self._source is not None:
            for signal, slot in self._follow(self._source):
                signal.connect(slot)
        self._shown = self._ordered(self._decide_all())
        self.endResetModel()

    def _follow(self, model: ReviewTableModel) -> list[tuple[Any, Any]]:
        return [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
            (model.rowsInserted, self._source_rows_inserted),
            (model.rowsAboutToBeRemoved, self._source_rows_about_to_be_removed),
            (model.rowsRemoved, self._source_rows_removed),
            (model.dataChanged, self._source_data_changed),
        ]

    def _source_reset(self) -> None:
        self._shown = self._ordered(self._decide_all())
        self.endResetModel()

    def _source_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._shown = [row + count if row >= first else row for row in self._shown]
        model = self._source
        assert model is not None
        for source_row in range(first, last + 1):
            if self._accepts(model, source_row):
                self._show(source_row)

    def _source_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        for number in sorted(
            (n for n, row in enumerate(self._shown) if first <= row <= last), reverse=True
        ):
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._shown[number]
            self.endRemoveRows()

    def _source_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._shown = [row - count if row > last else row for row in self._shown]

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: Any) -> None:
        model = self._source
        assert model is not None
        for source_row in range(top.row(), bottom.row() + 1):
            accepted = self._accepts(model, source_row)
            number = self._number_of(source_row)
            if number is None and accepted:
                self._show(source_row)
            elif number is not None and (not accepted or self._sort_column >= 0):
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._shown[number]
                self.endRemoveRows()
                if accepted:  # sorted: where it goes now
                    self._show(source_row)
            elif number is not None:
                self.dataChanged.emit(
                    self.index(number, 0), self.index(number, self.columnCount() - 1)
                )

    def _number_of(self, source_row: int) -> int | None:
        if self._sort_column < 0:
            number = bisect.bisect_left(self._shown, source_row)
            found = number < len(self._shown) and self._shown[number] == source_row
            return number if found else None
        return self._shown.index(source_row) if source_row in self._shown else None

    def _show(self, source_row: int) -> None:
        """Show one more source row where the order puts it."""
        model = self._source
        assert model is not None
        if self._sort_column < 0:
            number = bisect.bisect_left(self._shown, source_row)
        else:
            column = self._sort_column
            key = self._sort_key(model, source_row, column)
            keys = [self._sort_key(model, row, column) for row in self._shown]
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                number = len(keys) - bisect.bisect_left(keys[::-1], key)
            else:
                number = bisect.bisect_right(keys, key)
        self.beginInsertRows(QModelIndex(), number, number)
        self._shown.insert(number, source_row)
        self.endInsertRows()

    # --- the model's questions -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._source is None else self._source.columnCount()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (
            0 <= row < len(self._shown) and 0 <= column < self.columnCount()
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, _index: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._shown)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if self._source is None or not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        number = self._number_of(source_index.row())
        return QModelIndex() if number is None else self.index(number, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source, number = self._source, index.row()
        if source is None or not 0 <= number < len(self._shown) or not index.isValid():
            return None
        return source.cell(self._shown[number], index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._source.headerData(section, orientation, role)
