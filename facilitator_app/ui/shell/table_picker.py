""" "Which table is this laptop?": asked every time an event file is opened.

A plain list of the event's tables, then "Facilitator: event set-up" at the end. Arrow keys and
Enter pick; typing a table's number ("2") or the start of any word of its name ("two", "thr")
jumps to it, since every name starts "Table"; Escape goes back to the start page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from facilitator_app.core.records import TableInfo

#: What :meth:`TablePicker.choice` returns for "Facilitator: event set-up".
FACILITATOR = "facilitator"


class _TableList(QListWidget):
    """Type-to-find that works when every name starts with "Table": a number picks the table
    in that place, letters match the start of any word of a name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._since = QElapsedTimer()

    def keyboardSearch(self, search: str) -> None:
        if not self._since.isValid() or self._since.elapsed() > (
            QApplication.keyboardInputInterval()
        ):
            self._typed = ""
        self._since.restart()
        self._typed += search
        wanted = self._typed.strip().casefold()
        if not wanted:
            return
        tables = self.count() - 1  # the facilitator's entry is last
        if wanted.isdigit():
            if 1 <= int(wanted) <= tables:
                self.setCurrentRow(int(wanted) - 1)
            return
        for row in range(self.count()):
            name = self.item(row).text().casefold()
            words = name.replace(":", " ").split()
            if name.startswith(wanted) or any(word.startswith(wanted) for word in words[1:]):
                self.setCurrentRow(row)
                return


class TablePicker(QDialog):
    def __init__(
        self,
        file_name: str,
        tables: Sequence[TableInfo],
        *,
        current_table_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Which table is this laptop?"))
        self.setObjectName("tablePicker")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)

        heading = QLabel(
            self.tr(
                "<b>%1</b><br>Pick the table whose points you will type on this laptop."
            ).replace("%1", file_name)
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)

        self.list = _TableList(self)
        self.list.setAccessibleName(self.tr("Tables"))
        self.list.setUniformItemSizes(True)
        font = self.list.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.list.setFont(font)
        for table in tables:
            item = QListWidgetItem(table.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, table.id)
        facilitator = QListWidgetItem(self.tr("Facilitator: event set-up"), self.list)
        facilitator.setData(Qt.ItemDataRole.UserRole, FACILITATOR)
        italic = facilitator.font()
        italic.setItalic(True)
        facilitator.setFont(italic)
        self.list.itemActivated.connect(lambda _item: self.accept())
        label = QLabel(self.tr("&Table:"))
        label.setBuddy(self.list)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        if not tables:
            note = QLabel(self.tr("This event has no tables yet: add them in the event set-up."))
            note.setWordWrap(True)
            layout.addWidget(note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        start_row = 0
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == current_table_id:
                start_row = row
        self.list.setCurrentRow(start_row)
        self.list.setFocus()

    def choice(self) -> str | None:
        """A table id, :data:`FACILITATOR`, or ``None`` if nothing is selected."""
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))
