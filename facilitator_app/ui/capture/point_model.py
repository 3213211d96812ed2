"""The list model of one question's points at one table.

Why one model per question rather than one model with a filter proxy per question: each column
is its own ordered list (positions are per question), so a row number maps straight to the
core's ``move_point`` index, drag-and-drop stays inside one flat list, and adding a point to
question 2 touches no other column's view. The search filter lives in the model too (a list of
visible rows beside the full list): one pass over pre-folded texts, which keeps filtering 5,000
points far below a frame, where a ``QSortFilterProxyModel`` would call back into Python per row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from facilitator_app.core.enums import QuestionKind, Strength
from facilitator_app.core.records import PointInfo, QuestionInfo

if TYPE_CHECKING:
    from collections.abc import Callable

POINT_IDS_MIME = "application/x-workshop-point-ids"

AnyIndex = QModelIndex | QPersistentModelIndex


class PointOwner(Protocol):
    """What a question's list asks of its table's points (``TablePoints`` answers): named here,
    so this module need not import the controller that imports it."""

    def theme_name(self, theme_id: str | None) -> str: ...

    def number_of(self, point_id: str) -> str: ...

    def issues_addressed_by(self, mitigation_id: str) -> list[PointInfo]: ...

    def mitigations_of(self, issue_id: str) -> list[PointInfo]: ...

    def edit_text(self, point_id: str, text: str) -> PointInfo: ...


class PointRole(IntEnum):
    """Extra data roles the delegate, the views and the tests read."""

    ID = Qt.ItemDataRole.UserRole + 1
    THEME_NAME = Qt.ItemDataRole.UserRole + 2
    STRENGTH = Qt.ItemDataRole.UserRole + 3  # Strength value (a str once through Qt) or None
    LINK_SUMMARY = Qt.ItemDataRole.UserRole + 4  # "addresses 2" / "addressed by 1" / ""
    NUMBER = Qt.ItemDataRole.UserRole + 5  # place in the question's full list, from 1
    POINT = Qt.ItemDataRole.UserRole + 6  # the PointInfo record
    #: (text, theme name, strength label, link summary): all the delegate draws, in one call
    LAYOUT = Qt.ItemDataRole.UserRole + 7


#: What a row's new number changes (its text and height stay as they were).
NUMBER_ROLES = [
    int(PointRole.NUMBER),
    int(Qt.ItemDataRole.ToolTipRole),
    int(Qt.ItemDataRole.AccessibleTextRole),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("QuestionPointsModel", text)


def strength_label(strength: Strength | None) -> str:
    labels = {
        Strength.CONSENSUS: _tr("Consensus"),
        Strength.SEVERAL: _tr("Several people"),
        Strength.ONE: _tr("One person"),
    }
    return labels.get(strength, "") if strength else ""


def renumbered(points: list[PointInfo]) -> list[PointInfo]:
    """Positions 0, 1, 2… in list order, as the core's move renumbers live points densely."""
    return [p if p.position == i else p._replace(position=i) for i, p in enumerate(points)]


def _excerpt(text: str, length: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


class QuestionPointsModel(QAbstractListModel):
    """Live points of one question at one table, in order, optionally filtered by a search."""

    def __init__(
        self,
        owner: PointOwner,
        question: QuestionInfo,
        points: list[PointInfo],
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(owner if isinstance(owner, QObject) else None)
        self.owner = owner
        self.question = question
        self.read_only = read_only
        self._all: list[PointInfo] = list(points)
        self._index: dict[str, int] = {}
        self._folded: dict[str, str] = {}
        self._layouts: dict[str, tuple[str, str, str, str]] = {}
        self._needle = ""
        self._rows: list[PointInfo] = self._all
        #: Called with (point id, new text) when an in-place edit is committed; the view turns
        #: it into an undoable command. Without it the edit goes straight to the core.
        self.edit_handler: Callable[[str, str], None] | None = None
        self._reindex()

    # --- reading -------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        point = self._rows[index.row()]
        if role == PointRole.LAYOUT:
            return self._layout(point)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return point.text
        if role == PointRole.ID:
            return point.id
        if role == PointRole.THEME_NAME:
            return self.owner.theme_name(point.theme_id)
        if role == PointRole.STRENGTH:
            return point.strength
        if role == PointRole.LINK_SUMMARY:
            return self.link_summary(point)
        if role == PointRole.NUMBER:
            return self._index[point.id] + 1
        if role == PointRole.POINT:
            return point
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._details(point)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._details(point).replace("\n", ". ")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """No header: the list shows none, and a screen reader should read no row or column
        numbers beside each point (its own number is in its text)."""
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if not self.read_only else Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """An in-place edit: handed to ``edit_handler`` (undoable), never written here."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        point = self._rows[index.row()]
        text = str(value)
        if text.strip() == point.text:
            return False
        if self.edit_handler is not None:
            self.edit_handler(point.id, text)
        else:
            self.owner.edit_text(point.id, text)
        return True

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [POINT_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        ids = [
            self._rows[i.row()].id for i in sorted(indexes, key=lambda i: i.row()) if i.isValid()
        ]
        data.setData(POINT_IDS_MIME, "\n".join(ids).encode())
        return data

    # --- what the views and the controller ask -------------------------------------------------

    def all_points(self) -> list[PointInfo]:
        """Every live point of the question, filter or not."""
        return list(self._all)

    def visible_points(self) -> list[PointInfo]:
        return list(self._rows)

    def total_count(self) -> int:
        return len(self._all)

    def is_filtered(self) -> bool:
        return bool(self._needle)

    def full_index(self, point_id: str) -> int:
        return self._index[point_id]

    def row_of(self, point_id: str) -> int:
        """The visible row of a point, or -1 when the filter hides it."""
        if self._rows is self._all:
            return self._index.get(point_id, -1)
        for row, point in enumerate(self._rows):
            if point.id == point_id:
                return row
        return -1

    def index_of(self, point_id: str) -> QModelIndex:
        row = self.row_of(point_id)
        return self.index(row, 0) if row >= 0 else QModelIndex()

    def point_at(self, row: int) -> PointInfo:
        return self._rows[row]

    def layout_at(self, row: int) -> tuple[str, str, str, str]:
        """What a visible row shows (the delegate measures every row after a filter or a resize,
        so it asks here directly rather than through ``data``)."""
        return self._layout(self._rows[row])

    def _layout(self, point: PointInfo) -> tuple[str, str, str, str]:
        """What a row shows, kept until the point or its links change: every row is measured
        again after a filter, a resize or a zoom, so this must not be recomputed each time."""
        layout = self._layouts.get(point.id)
        if layout is None:
            layout = (
                point.text,
                self.owner.theme_name(point.theme_id),
                strength_label(point.strength),
                self.link_summary(point),
            )
            self._layouts[point.id] = layout
        return layout

    def link_summary(self, point: PointInfo) -> str:
        if self.question.kind is QuestionKind.MITIGATION:
            count = len(self.owner.issues_addressed_by(point.id))
            if not count:
                return ""
            text = _tr("addresses 1 issue") if count == 1 else _tr("addresses %n issues")
            return text.replace("%n", str(count))
        if self.question.kind is QuestionKind.ISSUE:
            count = len(self.owner.mitigations_of(point.id))
            return _tr("addressed by %n").replace("%n", str(count)) if count else ""
        return ""

    def _details(self, point: PointInfo) -> str:
        """The tooltip: the point, its theme and strength, and what it is linked to."""
        lines = [f"{self.question.number}.{self._index[point.id] + 1}  {point.text}"]
        theme = self.owner.theme_name(point.theme_id)
        lines.append(_tr("Theme: %1").replace("%1", theme) if theme else _tr("No theme"))
        if point.strength:
            lines.append(_tr("Held by: %1").replace("%1", strength_label(point.strength)))
        if self.question.kind is QuestionKind.MITIGATION:
            for issue in self.owner.issues_addressed_by(point.id):
                lines.append(
                    _tr("Addresses %1 “%2”")
                    .replace("%1", self.owner.number_of(issue.id))
                    .replace("%2", _excerpt(issue.text))
                )
        elif self.question.kind is QuestionKind.ISSUE:
            for mitigation in self.owner.mitigations_of(point.id):
                lines.append(
                    _tr("Addressed by %1 “%2”")
                    .replace("%1", self.owner.number_of(mitigation.id))
                    .replace("%2", _excerpt(mitigation.text))
                )
        return "\n".join(lines)

    # --- changes, called by the controller after the core committed them ----------------------

    def place_for(self, position: int) -> int:
        """Where a point at ``position`` goes in the full list. A new point goes last, so the
        end is checked first: adding to a long list costs no pass over it."""
        if not self._all or self._all[-1].position <= position:
            return len(self._all)
        return bisect_right(self._all, position, key=lambda p: p.position)

    def insert_point(self, full_index: int, point: PointInfo) -> None:
        """Show a point the core added. Appending (what a scribe's Enter does) touches only the
        new row; an insert in the middle renumbers the rows after it."""
        self._folded.pop(point.id, None)
        if self._rows is self._all:
            self.beginInsertRows(QModelIndex(), full_index, full_index)
            self._all.insert(full_index, point)
            self._reindex(full_index)
            self.endInsertRows()
            self._renumber_from(full_index + 1)
            return
        self._all.insert(full_index, point)
        self._reindex(full_index)
        if full_index == len(self._all) - 1:
            row = len(self._rows)
        else:
            row = bisect_left(self._rows, full_index, key=lambda p: self._index[p.id])
        if self._matches(point):
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, point)
            self.endInsertRows()
            row += 1
        self._renumber_from(row, visible=True)

    def remove_point(self, point_id: str) -> None:
        full = self._index[point_id]
        row = self.row_of(point_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            if self._rows is not self._all:
                del self._rows[row]
            del self._all[full]
            self._unindex(point_id, full)
            self.endRemoveRows()
        else:
            del self._all[full]
            self._unindex(point_id, full)
        self._folded.pop(point_id, None)
        self._layouts.pop(point_id, None)
        self._renumber_from(0 if self.is_filtered() else full)

    def replace_point(self, point: PointInfo) -> None:
        full = self._index[point.id]
        self._all[full] = point
        self._folded.pop(point.id, None)
        if self._rows is not self._all:
            row = self.row_of(point.id)
            if row >= 0:
                self._rows[row] = point
        self.refresh_point(point.id)

    def reset_points(self, points: list[PointInfo]) -> None:
        """Show ``points`` instead (the file changed outside capture), keeping the filter."""
        self.beginResetModel()
        self._all = list(points)
        self._folded.clear()
        self._layouts.clear()
        self._reindex()
        self._rows = [p for p in self._all if self._matches(p)] if self._needle else self._all
        self.endResetModel()

    def refresh_point(self, point_id: str) -> None:
        self._layouts.pop(point_id, None)
        index = self.index_of(point_id)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def move_point(self, point_id: str, new_index: int) -> None:
        """Mirror the core's move: the point goes to ``new_index``; live points renumbered."""
        old = self._index[point_id]
        new_index = max(0, min(new_index, len(self._all) - 1))
        if old == new_index:
            self._all[:] = renumbered(self._all)
            return
        if self._rows is self._all:
            # beginMoveRows wants the destination row as it is before the move.
            destination = new_index + 1 if new_index > old else new_index
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), destination)
            point = self._all.pop(old)
            self._all.insert(new_index, point)
            self._all[:] = renumbered(self._all)
            self._reindex()
            self.endMoveRows()
            low, high = sorted((old, new_index))
            self.dataChanged.emit(self.index(low, 0), self.index(high, 0))
            return
        self.beginResetModel()
        point = self._all.pop(old)
        self._all.insert(new_index, point)
        self._all[:] = renumbered(self._all)
        self._reindex()
        self._rows = [p for p in self._all if self._matches(p)]
        self.endResetModel()

    def renumber(self) -> list[PointInfo]:
        """Mirror the core closing the gap a point left behind (it moved to another question):
        positions 0, 1, 2… again. Returns every point, for the controller's cache."""
        self._all[:] = renumbered(self._all)
        if self._rows is not self._all:
            self._rows[:] = [self._all[self._index[p.id]] for p in self._rows]
        return list(self._all)

    def set_filter(self, needle: str) -> None:
        """Show only points whose text or theme contains ``needle`` (already case-folded)."""
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        if needle:
            folded = self._folded_text
            self._rows = [p for p in self._all if needle in folded(p)]
        else:
            self._rows = self._all
        self.endResetModel()

    def _matches(self, point: PointInfo) -> bool:
        return not self._needle or self._needle in self._folded_text(point)

    def _folded_text(self, point: PointInfo) -> str:
        """The point's text and theme as a search compares them, worked out at the first search
        that needs it (not at open, for thousands of points nobody may search)."""
        folded = self._folded.get(point.id)
        if folded is None:
            theme = self.owner.theme_name(point.theme_id)
            folded = self._folded[point.id] = f"{point.text}\n{theme}".casefold()
        return folded

    def _reindex(self, start: int = 0) -> None:
        """Keep each point's place in the full list, from ``start`` on (the places before an
        insert or removal do not move, so an append indexes one point)."""
        if start == 0:
            self._index = {point.id: i for i, point in enumerate(self._all)}
            return
        index = self._index
        for i in range(start, len(self._all)):
            index[self._all[i].id] = i

    def _unindex(self, point_id: str, full_index: int) -> None:
        del self._index[point_id]
        self._reindex(full_index)

    def _renumber_from(self, full_index: int, *, visible: bool = False) -> None:
        """Rows after an insert or removal show a new number: repaint them. ``visible`` says
        ``full_index`` is already a visible row (the filtered list)."""
        rows = len(self._rows)
        first = full_index if self._rows is self._all or visible else 0
        if first < rows:
            # Only what a number changes: the list keeps the rows' measured heights.
            self.dataChanged.emit(self.index(first, 0), self.index(rows - 1, 0), NUMBER_ROLES)
