"""Qt item models of the room wall: the tables' state, every point by question, duplicates.

The points model is a two-level tree (questions, then their points) that is updated in place
as points arrive: rows are inserted, removed or changed where they differ from the last read
(a sequence diff of the ids), never reset, so a view keeps its scroll position and selection
while a room of tables types, and a projector's list can follow the newest point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from facilitator_app.core.records import QuestionInfo
from facilitator_app.core.review import ReviewPoint

if TYPE_CHECKING:
    from facilitator_app.core.duplicates import DuplicateSuggestion
    from facilitator_app.live.host import TableState

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

#: Role giving a point row's id (or a question row's id).
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoomModels", text)


def how_long_ago(moment: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "3 min ago", or the time of day for anything older than an hour."""
    if moment is None:
        return _tr("nothing yet")
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _tr("just now")
    if seconds < 3600:
        return _tr("%1 min ago").replace("%1", str(int(seconds // 60)))
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).time()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


# --- the tables --------------------------------------------------------------------------------


class TablesModel(QAbstractTableModel):
    """One row per table of the event: connected or not, when its points last changed, how
    many it has, and what became of the last file it sent."""

    TABLE, STATE, LAST_CHANGE, POINTS, LAST_FILE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TableState] = []
        self._clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def set_tables(self, tables: Sequence[TableState]) -> None:
        self.beginResetModel()
        self._rows = list(tables)
        self.endResetModel()

    def update(self, state: TableState) -> None:
        """A table joined, left or sent a file: its row shows it."""
        for row, known in enumerate(self._rows):
            if known.table_id == state.table_id:
                self._rows[row] = state
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.LAST_FILE))
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(state)
        self.endInsertRows()

    def all_offline(self) -> None:
        """Hosting stopped: no table is connected any more."""
        from dataclasses import replace

        for state in list(self._rows):
            if state.connected:
                self.update(replace(state, connected=False))

    def state_of(self, name: str) -> TableState | None:
        return next((state for state in self._rows if state.name == name), None)

    def connected_count(self) -> int:
        return sum(1 for state in self._rows if state.connected)

    def tick(self) -> None:
        """Time passed: "2 min ago" becomes "3 min ago"."""
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(
                self.index(0, self.LAST_CHANGE),
                self.index(last, self.LAST_CHANGE),
                [Qt.ItemDataRole.DisplayRole],
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = (_tr("Table"), _tr("State"), _tr("Last change"), _tr("Points"),
                     _tr("Last file sent"))  # fmt: skip
            return names[section] if 0 <= section < len(names) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        state = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TABLE:
                return state.name
            if column == self.STATE:
                return _tr("Connected") if state.connected else _tr("Not connected")
            if column == self.LAST_CHANGE:
                return how_long_ago(state.last_change, self._clock())
            if column == self.POINTS:
                return state.points
            if column == self.LAST_FILE:
                return state.last_status
        if role == Qt.ItemDataRole.ToolTipRole and state.last_status:
            return _tr("Last file sent: %1").replace("%1", state.last_status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.POINTS:
            return Qt.AlignmentFlag.AlignCenter
        if role == ID_ROLE:
            return state.table_id
        return None


# --- every point, by question ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WallPoint:
    """A point as the wall shows it."""

    id: str
    text: str
    tables: str  # the table's name, or the tables that raised a consolidated point
    theme: str


@dataclass(slots=True)
class _QuestionRow:
    question: QuestionInfo
    points: list[WallPoint] = field(default_factory=list)


def wall_points(
    questions: Sequence[QuestionInfo], rows: Sequence[ReviewPoint]
) -> list[tuple[QuestionInfo, list[WallPoint]]]:
    """The review's rows (one read of the file) arranged by question, as the wall shows them."""
    by_question: dict[str, list[WallPoint]] = {q.id: [] for q in questions}
    for row in rows:
        point = WallPoint(row.point.id, row.point.text, ", ".join(row.table_names), row.theme_name)
        by_question.setdefault(row.point.question_id, []).append(point)
    return [(question, by_question[question.id]) for question in questions]


class RoomPointsModel(QAbstractItemModel):
    """Questions (top level), each with its points: text, table(s), theme; and a "card" column
    (the text with its table under it) for the projector's lists."""

    TEXT, TABLES, THEME, CARD = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_QuestionRow] = []

    # --- updating in place ---------------------------------------------------------------

    def set_points(self, content: Sequence[tuple[QuestionInfo, list[WallPoint]]]) -> None:
        """Show ``content``, changing only the rows that differ from what is shown."""
        new = [_QuestionRow(question, list(points)) for question, points in content]
        _apply_diff(
            self._rows,
            new,
            key=lambda row: row.question.id,
            insert=lambda first, last: self.beginInsertRows(QModelIndex(), first, last),
            inserted=self.endInsertRows,
            remove=lambda first, last: self.beginRemoveRows(QModelIndex(), first, last),
            removed=self.endRemoveRows,
        )
        wanted = {row.question.id: row for row in new}
        for number, row in enumerate(self._rows):
            fresh = wanted[row.question.id]
            parent = self.index(number, 0)
            if fresh is row:
                continue  # just inserted, with its points
            if row.question != fresh.question:
                row.question = fresh.question
                self.dataChanged.emit(parent, self.index(number, self.CARD))
            self._update_points(number, row, fresh.points)

    def _update_points(self, number: int, row: _QuestionRow, points: list[WallPoint]) -> None:
        parent = self.index(number, 0)
        before = len(row.points)
        _apply_diff(
            row.points,
            points,
            key=lambda point: point.id,
            insert=lambda first, last: self.beginInsertRows(parent, first, last),
            inserted=self.endInsertRows,
            remove=lambda first, last: self.beginRemoveRows(parent, first, last),
            removed=self.endRemoveRows,
        )
        for place, point in enumerate(points):
            if row.points[place] != point:
                row.points[place] = point
                self.dataChanged.emit(
                    self.index(place, 0, parent), self.index(place, self.CARD, parent)
                )
        if len(row.points) != before:  # the question's count
            self.dataChanged.emit(parent, self.index(number, self.CARD))

    # --- reading -------------------------------------------------------------------------

    def question_index(self, question_id: str) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.question.id == question_id:
                return self.index(number, 0)
        return QModelIndex()

    def point_count(self) -> int:
        return sum(len(row.points) for row in self._rows)

    def points_of(self, number: int) -> list[WallPoint]:
        return list(self._rows[number].points)

    def questions(self) -> list[QuestionInfo]:
        return [row.question for row in self._rows]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._rows[parent.row()].points)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = (_tr("Point"), _tr("Table"), _tr("Theme"), _tr("Card"))
            return names[section] if 0 <= section < len(names) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._question_data(self._rows[index.row()], index.column(), role)
        row = self._rows[index.internalId() - 1]
        point = row.points[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (point.text, point.tables, point.theme, f"{point.text}\n— {point.tables}")[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.TEXT:
            return point.text
        if role == ID_ROLE:
            return point.id
        return None

    def _question_data(self, row: _QuestionRow, column: int, role: int) -> Any:
        question = row.question
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column in (self.TEXT, self.CARD):
                count = len(row.points)
                points = _tr("%1 points").replace("%1", str(count))
                if count == 1:
                    points = _tr("1 point")
                return f"{question.number}. {question.text} ({points})"
            return None
        if role == ID_ROLE:
            return question.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TEXT:
            return question.text
        return None


def _apply_diff(
    current: list[T],
    wanted: list[T],
    *,
    key: Callable[[T], str],
    insert: Callable[[int, int], None],
    inserted: Callable[[], None],
    remove: Callable[[int, int], None],
    removed: Callable[[], None],
) -> None:
    """Make ``current`` hold the items of ``wanted`` by id with the fewest removals and
    insertions, announcing each to the views; items kept keep their place (and old values)."""
    matcher = SequenceMatcher(None, [key(i) for i in current], [key(i) for i in wanted], False)
    for tag, first, last, new_first, new_last in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if last > first:  # delete, or the old side of a replace
            remove(first, last - 1)
            del current[first:last]
            removed()
        if new_last > new_first:  # insert, or the new side of a replace
            insert(first, first + new_last - new_first - 1)
            current[first:first] = wanted[new_first:new_last]
            inserted()


# --- duplicates across tables ------------------------------------------------------------------


class SuggestionsModel(QAbstractListModel):
    """Likely duplicates across tables, most alike first (read-only here: the review acts)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._suggestions: list[DuplicateSuggestion] = []
        self._numbers: dict[str, int] = {}

    def set_suggestions(
        self, suggestions: Sequence[DuplicateSuggestion], questions: Sequence[QuestionInfo]
    ) -> None:
        self.beginResetModel()
        self._suggestions = list(suggestions)
        self._numbers = {question.id: question.number for question in questions}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._suggestions)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._suggestions):
            return None
        suggestion = self._suggestions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            number = self._numbers.get(suggestion.question_id)
            return (
                _tr("Q%1 · %2% alike · %3\n%4")
                .replace("%1", str(number) if number else "?")
                .replace("%2", str(suggestion.score))
                .replace("%3", ", ".join(suggestion.table_names))
                .replace("%4", suggestion.suggested_text)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(item.point.text for item in suggestion.points)
        if role == ID_ROLE:
            return list(suggestion.point_ids)
        return None
