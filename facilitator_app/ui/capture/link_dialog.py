"""Pick the issues a mitigation addresses (or the mitigations that address an issue).

Keyboard first: type to filter, Down into the list, Space ticks, Enter keeps the ticks, Esc
cancels. The dialog only collects ticks; the capture view turns them into one undoable command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.enums import QuestionKind

if TYPE_CHECKING:
    from facilitator_app.ui.capture.controller import TablePoints

AnyIndex = QModelIndex | QPersistentModelIndex


class CandidateModel(QAbstractListModel):
    """Points that can be linked, each with a tick box."""

    def __init__(
        self, candidates: list[tuple[str, str]], checked: set[str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._candidates = list(candidates)  # (point id, label)
        self._checked = set(checked)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._candidates)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._candidates):
            return None
        point_id, label = self._candidates[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return (
                Qt.CheckState.Checked if point_id in self._checked else Qt.CheckState.Unchecked
            ).value
        if role == Qt.ItemDataRole.UserRole:
            return point_id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        point_id = self._candidates[index.row()][0]
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self._checked.add(point_id)
        else:
            self._checked.discard(point_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_ids(self) -> set[str]:
        return set(self._checked)

    def toggle(self, point_id: str) -> None:
        for row, (candidate, _label) in enumerate(self._candidates):
            if candidate == point_id:
                index = self.index(row, 0)
                checked = point_id in self._checked
                new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
                self.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)


class _FilterEdit(QLineEdit):
    """The filter box: Down goes into the list, so the mouse is never needed."""

    def __init__(self, list_view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_view = list_view

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self._list_view.setFocus()
            if not self._list_view.currentIndex().isValid() and self._list_view.model().rowCount():
                self._list_view.setCurrentIndex(self._list_view.model().index(0, 0))
            return
        super().keyPressEvent(event)


class _CandidateList(QListView):
    """The points to tick: Up on the first row, or letters typed, go back to the filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit: QLineEdit | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        box = self.filter_edit
        if box is not None:
            at_top = self.currentIndex().row() <= 0
            if event.key() == Qt.Key.Key_Up and not event.modifiers() and at_top:
                box.setFocus()
                return
            text = event.text()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
            if plain and text and text.isprintable() and not text.isspace():  # Space ticks
                box.setFocus()
                box.end(False)
                box.insert(text)
                return
        super().keyPressEvent(event)


class LinkDialog(QDialog):
    """Tick the points this one is linked to."""

    def __init__(
        self,
        title: str,
        prompt: str,
        candidates: list[tuple[str, str]],
        checked: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.model = CandidateModel(candidates, checked, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.list_view = _CandidateList(self)
        self.list_view.setModel(self.proxy)
        self.list_view.setAccessibleName(self.tr("Points to link; Space ticks or unticks"))
        self.list_view.setWordWrap(True)
        self.filter_edit = _FilterEdit(self.list_view, self)
        self.list_view.filter_edit = self.filter_edit
        self.filter_edit.setPlaceholderText(self.tr("Filter (Down arrow: into the list)"))
        self.filter_edit.setAccessibleName(self.tr("Filter the points to link"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        label.setBuddy(self.filter_edit)

        if not candidates:
            self.list_view.setEnabled(False)
            label.setText(prompt + "\n" + self.tr("There is nothing to link to yet."))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.filter_edit.setFocus()

    def checked_ids(self) -> set[str]:
        return self.model.checked_ids()

    @classmethod
    def for_point(cls, points: TablePoints, point_id: str, parent: QWidget | None) -> LinkDialog:
        """The dialog for a mitigation (listing the table's issues) or an issue (listing its
        mitigations), with the present links ticked."""
        is_mitigation = points.kind_of(point_id) is QuestionKind.MITIGATION
        other_kind = QuestionKind.ISSUE if is_mitigation else QuestionKind.MITIGATION
        candidates = [
            (p.id, f"{points.number_of(p.id)}  {' '.join(p.text.split())}")
            for p in points.points_of_kind(other_kind)
        ]
        linked = (
            points.issues_addressed_by(point_id)
            if is_mitigation
            else points.mitigations_of(point_id)
        )
        text = " ".join(points.point(point_id).text.split())[:120]
        tr = QCoreApplication.translate
        if is_mitigation:
            title = tr("LinkDialog", "Issues this mitigation addresses")
            prompt = tr("LinkDialog", "Tick the issues that “%1” addresses:").replace("%1", text)
        else:
            title = tr("LinkDialog", "Mitigations that address this issue")
            prompt = tr("LinkDialog", "Tick the mitigations that address “%1”:").replace("%1", text)
        return cls(title, prompt, candidates, {p.id for p in linked}, parent)
