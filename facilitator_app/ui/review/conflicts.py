"""The review's conflicts panel: a point changed both here and at a table, side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.merge import ConflictInfo
from facilitator_app.core.records import QuestionInfo
from facilitator_app.core.wording import counted


class ConflictsPanel(QWidget):
    """Lists open conflicts; for the chosen one shows ours and theirs, and a wording to keep.

    Emits intent signals (conflict id, and the text to keep); the review view calls the core.
    """

    keep_ours_requested = Signal(str)
    keep_theirs_requested = Signal(str)
    resolve_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conflicts: list[ConflictInfo] = []
        self._questions: dict[str, QuestionInfo] = {}

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Conflicts to settle"))
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_current)

        self.ours = QPlainTextEdit(self)
        self.ours.setReadOnly(True)
        self.ours.setAccessibleName(self.tr("The event file's version"))
        self.theirs = QPlainTextEdit(self)
        self.theirs.setReadOnly(True)
        self.theirs.setAccessibleName(self.tr("The table file's version"))
        self.keep_ours_button = QPushButton(self.tr("&Keep this wording"), self)
        self.keep_ours_button.setAccessibleName(self.tr("Keep the event file's version"))
        self.keep_ours_button.clicked.connect(self._keep_ours)
        self.keep_theirs_button = QPushButton(self.tr("&Take this wording"), self)
        self.keep_theirs_button.setAccessibleName(self.tr("Take the table file's version"))
        self.keep_theirs_button.clicked.connect(self._keep_theirs)
        # "ours" and "theirs" are a programmer's words: say which file each wording is in
        self.ours_label = QLabel(self.tr("In this event file:"), self)
        self.theirs_label = QLabel(self.tr("In the table file:"), self)
        sides = QGridLayout()
        sides.addWidget(self.ours_label, 0, 0)
        sides.addWidget(self.theirs_label, 0, 1)
        sides.addWidget(self.ours, 1, 0)
        sides.addWidget(self.theirs, 1, 1)
        sides.addWidget(self.keep_ours_button, 2, 0)
        sides.addWidget(self.keep_theirs_button, 2, 1)

        self.edited = QPlainTextEdit(self)
        self.edited.setAccessibleName(self.tr("Wording to keep"))
        self.edited.setTabChangesFocus(True)
        self.edited.setMaximumHeight(72)
        edited_label = QLabel(self.tr("Or e&dit a wording to keep:"), self)
        edited_label.setBuddy(self.edited)
        self.resolve_button = QPushButton(self.tr("Save this &wording"), self)
        self.resolve_button.setAccessibleName(self.tr("Settle the conflict with this wording"))
        self.resolve_button.clicked.connect(self._resolve)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.resolve_button)

        # The two wordings and the editor, only while there is a conflict to settle: empty
        # editors filled half the panel and looked like somewhere to type.
        self.settle_box = QWidget(self)
        settle = QVBoxLayout(self.settle_box)
        settle.setContentsMargins(0, 0, 0, 0)
        settle.addLayout(sides, 1)
        settle.addWidget(edited_label)
        settle.addWidget(self.edited)
        settle.addLayout(save_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.settle_box, 2)
        self._show_current(-1)

    def set_conflicts(
        self, conflicts: Sequence[ConflictInfo], questions: Sequence[QuestionInfo]
    ) -> None:
        self._conflicts = list(conflicts)
        self._questions = {q.id: q for q in questions}
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self._conflicts:
            QListWidgetItem(self._describe(conflict), self.list)
        self.list.blockSignals(False)
        if self._conflicts:
            self.summary.setText(
                counted(
                    len(self._conflicts),
                    self.tr(
                        "%1 point was changed both here and at a table since the last merge. "
                        "Choose the version to keep, or edit one."
                    ),
                    self.tr(
                        "%1 points were changed both here and at a table since the last merge. "
                        "Choose the version to keep, or edit one."
                    ),
                )
            )
        else:
            self.summary.setText(self.tr("No conflicts to settle."))
        self.list.setCurrentRow(0 if self._conflicts else -1)
        self._show_current(self.list.currentRow())
        self.list.setVisible(bool(self._conflicts))
        self.settle_box.setVisible(bool(self._conflicts))

    def select_point(self, point_id: str) -> bool:
        """Choose the first conflict about this point; ``False`` if there is none."""
        for row, conflict in enumerate(self._conflicts):
            if conflict.point_id == point_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _describe(self, conflict: ConflictInfo) -> str:
        question = self._questions.get(conflict.question_id)
        where = conflict.table_name or self.tr("Event")
        number = f"Q{question.number}" if question else ""
        return f"{where} · {number} · {conflict.source_name}\n{conflict.their_text}"

    def count(self) -> int:
        return len(self._conflicts)

    def current(self) -> ConflictInfo | None:
        row = self.list.currentRow()
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def _side_text(self, text: str, deleted: bool, where: str) -> str:
        if deleted:
            return self.tr("(deleted %1)").replace("%1", where) + "\n\n" + text
        return text

    def _show_current(self, row: int) -> None:
        conflict = self._conflicts[row] if 0 <= row < len(self._conflicts) else None
        for widget in (
            self.ours,
            self.theirs,
            self.keep_ours_button,
            self.keep_theirs_button,
            self.edited,
            self.resolve_button,
        ):
            widget.setEnabled(conflict is not None)
        if conflict is None:
            for editor in (self.ours, self.theirs, self.edited):
                editor.setPlainText("")
            return
        self.ours.setPlainText(
            self._side_text(conflict.our_text, conflict.our_deleted, self.tr("in this event file"))
        )
        self.theirs.setPlainText(
            self._side_text(conflict.their_text, conflict.their_deleted, self.tr("at the table"))
        )
        self.theirs_label.setText(self.tr("In %1:").replace("%1", conflict.source_name))
        self.edited.setPlainText(conflict.their_text)

    def _keep_ours(self) -> None:
        if (conflict := self.current()) is not None:
            self.keep_ours_requested.emit(conflict.id)

    def _keep_theirs(self) -> None:
        if (conflict := self.current()) is not None:
            self.keep_theirs_requested.emit(conflict.id)

    def _resolve(self) -> None:
        if (conflict := self.current()) is not None:
            self.resolve_requested.emit(conflict.id, self.edited.toPlainText())
