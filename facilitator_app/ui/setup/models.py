"""Qt models over the event set-up: questions, themes, tables and one table's participants.

Each model reads through the core's ``list_*`` use cases and writes every edit straight through
the matching core call, so an edit is on disk when ``setData`` returns. A refused edit (an empty
name, a clash) is reported through ``failed`` with the core's own sentence and the row reverts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from facilitator_app.core import event as setup
from facilitator_app.core.enums import QuestionKind, Role
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.points import count_points
from facilitator_app.core.records import ParticipantInfo, QuestionInfo, TableInfo, ThemeInfo
from facilitator_app.core.setup_removals import Removal, SetupKind, remove, restore
from facilitator_app.core.store import Workshop
from facilitator_app.ui.operations import UndoStep, changed_since

Row = TypeVar("Row", QuestionInfo, ThemeInfo, TableInfo, ParticipantInfo)
AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("SetupModel", text)


_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

KIND_LABELS: dict[QuestionKind, str] = {
    QuestionKind.ADVANTAGE: "Advantage",
    QuestionKind.ISSUE: "Issue",
    QuestionKind.MITIGATION: "Mitigation",
    QuestionKind.OTHER: "Other",
}
ROLE_LABELS: dict[Role, str] = {
    Role.FACILITATOR: "Facilitator",
    Role.SCRIBE: "Scribe",
    Role.PARTICIPANT: "Participant",
}


class SetupModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind of set-up record; editable unless locked."""

    stored = Signal()
    failed = Signal(str)

    headers: Sequence[str] = ()
    editable_columns: frozenset[int] = frozenset({0})

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        #: Runs a change: through the file's Operations once the set-up view has them.
        self.run_change: Callable[[Callable[[], object]], object] = lambda change: change()
        #: Puts an edit or move on the file's undo history (set by the set-up view).
        self.push_step: Callable[[UndoStep], None] | None = None
        self.locked = False
        self._rows: list[Row] = []
        self.reload()

    # --- reading -------------------------------------------------------------------------

    def load(self) -> list[Row]:
        raise NotImplementedError

    def reload(self) -> None:
        """Re-read the rows. Same rows in the same order: a data change, so an open editor and
        the current row survive; otherwise a reset."""
        rows = self.load()
        if self._rows and [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = rows
            last = self.index(len(rows) - 1, len(self.headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == _DISPLAY and horizontal and 0 <= section < len(self.headers):
            return self.tr(self.headers[section])
        if role == _DISPLAY and orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (_DISPLAY, _EDIT):
            return self.value(self._rows[index.row()], index.column(), role)
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.column() not in self.editable_columns
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def value(self, row: Row, column: int, role: int) -> Any:
        raise NotImplementedError

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.locked and index.column() in self.editable_columns:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # --- writing -------------------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.headers) - 1)
            )

    def setData(self, index: AnyIndex, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid() or self.locked:
            return False
        row = self._rows[index.row()]
        old = self.value(row, index.column(), _EDIT)
        if old == value:
            return False
        done = self.commit(lambda: self.write(row, index.column(), value))
        if done and self.push_step is not None:
            self.push_step(CellEditStep(self, row.id, index.column(), old, value))
        return done

    def write(self, row: Row, column: int, value: Any) -> None:
        raise NotImplementedError

    def commit(self, change: Callable[[], object]) -> bool:
        """Run one core change; reload and say so, or report the core's refusal."""
        try:
            self.run_change(change)
        except WorkshopError as error:
            self.reload()
            self.failed.emit(str(error))
            return False
        self.reload()
        self.stored.emit()
        return True

    def move(self, row: int, new_row: int) -> bool:
        if self.locked or not 0 <= row < len(self._rows) or not 0 <= new_row < len(self._rows):
            return False
        row_id = self._rows[row].id
        done = self.commit(lambda: self.move_row(row_id, new_row))
        if done and self.push_step is not None:
            self.push_step(MoveRowStep(self, row_id, row, new_row))
        return done

    def move_row(self, row_id: str, new_row: int) -> None:
        raise NotImplementedError

    def add(self, kind: SetupKind, add: Callable[[], str], text: str) -> bool:
        """Add a row (``add`` returns its id) as an undo step named ``text``: undo removes it
        again (refused, and said, once it is in use, e.g. a question with points)."""
        added: list[str] = []
        done = self.commit(lambda: added.append(add()))
        if done and self.push_step is not None:
            self.push_step(AddRowStep(self, text, kind, added[0]))
        return done

    def remove(self, kind: SetupKind, row_id: str, text: str, **where: Any) -> bool:
        """Remove a row as one undo step named ``text``: undo puts the very row back (same
        identity and place, a table's people, a theme's points), unless changed since."""
        removed: list[Removal | None] = []
        workshop = self.workshop
        done = self.commit(lambda: removed.append(remove(workshop, kind, row_id, **where)))
        removal = removed[0] if removed else None
        if done and removal is not None and self.push_step is not None:
            self.push_step(RemoveRowStep(self, text, removal, where))
        return done

    def find(self, row_id: str) -> int:
        """The row ``row_id`` is at now (after a fresh read), or -1 if it is gone."""
        self.reload()
        return next((number for number, row in enumerate(self._rows) if row.id == row_id), -1)


def row_changed_since(label: str = "") -> str:
    """The message for a set-up row an undo or redo left alone because it changed since."""
    if label:
        return _tr(
            "“%1” was changed since (elsewhere or by a merge): it was left as it is."
        ).replace("%1", label)
    return _tr("That row was changed since (elsewhere or by a merge): it was left as it is.")


class CellEditStep(UndoStep):
    """An edit in a set-up list (a question's wording or kind, a theme's or table's name, a
    person's details): undo puts the old value back unless it was changed again since."""

    def __init__(
        self, model: SetupModel[Any], row_id: str, column: int, old: Any, new: Any
    ) -> None:
        what = model.headers[column].lower() if column < len(model.headers) else ""
        super().__init__(_tr("Edit %1").replace("%1", what), initiator=model)
        self.model, self.row_id, self.column = model, row_id, column
        self.old, self.new = old, new

    def forward(self) -> str:
        return self._set(self.new, expected=self.old)

    def backward(self) -> str:
        return self._set(self.old, expected=self.new)

    def _set(self, value: Any, *, expected: Any) -> str:
        number = self.model.find(self.row_id)
        if number < 0:
            return row_changed_since()
        row = self.model.row_at(number)
        if self.model.value(row, self.column, _EDIT) != expected:
            return row_changed_since(str(self.model.value(row, 0, _DISPLAY) or ""))
        self.model.write(row, self.column, value)
        self.model.reload()
        return ""


class AddRowStep(UndoStep):
    """A question, theme, table or person added: undo removes it, redo brings back that very
    row (same identity, so a table file handed out meanwhile still matches it)."""

    def __init__(self, model: SetupModel[Any], text: str, kind: SetupKind, row_id: str) -> None:
        super().__init__(text, initiator=model)
        self.model, self.kind, self.row_id = model, kind, row_id
        self.removal: Removal | None = None

    def forward(self) -> str:
        if self.removal is None:
            return row_changed_since()
        restored = restore(self.model.workshop, self.removal)
        self.model.reload()
        if restored.already_there:
            return _tr(
                "“%1” is back already (a merge brought it back): it was left as it is."
            ).replace("%1", self.removal.label)
        return ""

    def backward(self) -> str:
        self.removal = remove(self.model.workshop, self.kind, self.row_id)
        self.model.reload()
        return ""


class RemoveRowStep(UndoStep):
    """A question, theme, table or person removed: undo restores that very row, redo removes
    it again; a row a merge brought back, or changed since, is left alone and said so."""

    def __init__(
        self, model: SetupModel[Any], text: str, removal: Removal, where: dict[str, Any]
    ) -> None:
        super().__init__(text, initiator=model)
        self.model, self.removal, self.where = model, removal, where

    def forward(self) -> str:
        again = remove(
            self.model.workshop,
            self.removal.kind,
            self.removal.row_id,
            expected=self.removal.row,
            **self.where,
        )
        self.model.reload()
        if again is None:
            return _tr("“%1” was changed since: it was left as it is.").replace(
                "%1", self.removal.label
            )
        self.removal = again
        return ""

    def backward(self) -> str:
        restored = restore(self.model.workshop, self.removal)
        self.model.reload()
        if restored.already_there:
            return _tr(
                "“%1” is back already (a merge brought it back): it was left as it is."
            ).replace("%1", self.removal.label)
        if restored.points_left_alone:
            return changed_since(restored.points_left_alone)
        return ""


class MoveRowStep(UndoStep):
    """A question, theme or table moved up or down: undo moves it back to its old place."""

    def __init__(self, model: SetupModel[Any], row_id: str, old_row: int, new_row: int) -> None:
        super().__init__(_tr("Move a row of the set-up"), initiator=model)
        self.model, self.row_id = model, row_id
        self.old_row, self.new_row = old_row, new_row

    def forward(self) -> str:
        return self._move(self.new_row, expected=self.old_row)

    def backward(self) -> str:
        return self._move(self.old_row, expected=self.new_row)

    def _move(self, to: int, *, expected: int) -> str:
        if self.model.find(self.row_id) != expected:
            return row_changed_since()
        self.model.move_row(self.row_id, to)
        self.model.reload()
        return ""


class QuestionsModel(SetupModel[QuestionInfo]):
    headers = ("Question", "Kind")
    editable_columns = frozenset({0, 1})

    def load(self) -> list[QuestionInfo]:
        return setup.list_questions(self.workshop)

    def value(self, row: QuestionInfo, column: int, role: int) -> Any:
        if column == 0:
            return row.text
        if role == _EDIT:
            return row.kind.value
        return self.tr(KIND_LABELS[row.kind])

    def write(self, row: QuestionInfo, column: int, value: Any) -> None:
        if column == 0:
            setup.update_question(self.workshop, row.id, text=str(value))
        else:
            setup.update_question(self.workshop, row.id, kind=QuestionKind(str(value)))

    def move_row(self, row_id: str, new_row: int) -> None:
        setup.move_question(self.workshop, row_id, new_row)


class ThemesModel(SetupModel[ThemeInfo]):
    headers = ("Theme", "Points")

    def load(self) -> list[ThemeInfo]:
        self._counts = count_points(self.workshop).by_theme
        return setup.list_themes(self.workshop)

    def value(self, row: ThemeInfo, column: int, role: int) -> Any:
        return row.name if column == 0 else self._counts.get(row.id, 0)

    def point_count(self, row: int) -> int:
        return int(self._counts.get(self._rows[row].id, 0))

    def write(self, row: ThemeInfo, column: int, value: Any) -> None:
        setup.rename_theme(self.workshop, row.id, str(value))

    def move_row(self, row_id: str, new_row: int) -> None:
        setup.move_theme(self.workshop, row_id, new_row)


class TablesModel(SetupModel[TableInfo]):
    headers = ("Table", "People", "Points")

    def load(self) -> list[TableInfo]:
        self._points = count_points(self.workshop).by_table
        self._people: dict[str, int] = {}
        for person in setup.list_participants(self.workshop):
            self._people[person.table_id] = self._people.get(person.table_id, 0) + 1
        return setup.list_tables(self.workshop)

    def people_at(self, row: TableInfo) -> int:
        """How many people are seated at the table (for a warning before it goes)."""
        return self._people.get(row.id, 0)

    def value(self, row: TableInfo, column: int, role: int) -> Any:
        if column == 0:
            return row.name
        if column == 1:
            return self.people_at(row)
        return self._points.get(row.id, 0)

    def write(self, row: TableInfo, column: int, value: Any) -> None:
        setup.rename_table(self.workshop, row.id, str(value))

    def move_row(self, row_id: str, new_row: int) -> None:
        setup.move_table(self.workshop, row_id, new_row)


class ParticipantsModel(SetupModel[ParticipantInfo]):
    """One table's seating plan; ``set_table`` switches tables."""

    headers = ("Name", "Organisation", "Role")
    editable_columns = frozenset({0, 1, 2})

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        self.table_id: str | None = None
        super().__init__(workshop, parent)

    def set_table(self, table_id: str | None) -> None:
        self.table_id = table_id
        self.reload()

    def load(self) -> list[ParticipantInfo]:
        if self.table_id is None:
            return []
        return setup.list_participants(self.workshop, self.table_id)

    def value(self, row: ParticipantInfo, column: int, role: int) -> Any:
        if column == 0:
            return row.name
        if column == 1:
            return row.organisation
        return row.role.value if role == _EDIT else self.tr(ROLE_LABELS[row.role])

    def write(self, row: ParticipantInfo, column: int, value: Any) -> None:
        text = str(value)
        if column == 0:
            setup.update_participant(self.workshop, row.id, name=text)
        elif column == 1:
            setup.update_participant(self.workshop, row.id, organisation=text)
        else:
            setup.update_participant(
                self.workshop, row.id, role=setup.parse_role(text, where="role")
            )

    def move(self, row: int, new_row: int) -> bool:
        return False  # participants keep the order they were entered or pasted in
