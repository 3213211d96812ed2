""" "New event…": a title, how many tables, and where the event file goes.

Everything else (date, venue, questions, themes, seating plan) is filled in afterwards in the
event set-up view; the standard questions and themes are there to start from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app import FILE_EXTENSION


class SavePathAsker(Protocol):
    """Where the new file goes (``UserDialogs.save_path`` answers; tests script it)."""

    def save_path(self, title: str, suggested: Path) -> Path | None: ...


DEFAULT_TABLES = 4


@dataclass(frozen=True)
class NewEventAnswers:
    path: Path
    title: str
    tables: int


def file_name_for(title: str) -> str:
    """A safe file name from an event title ("Care: 2026" → "Care 2026.workshop")."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", title)
    cleaned = " ".join(cleaned.split()).strip(" .") or "New event"
    return cleaned[:80] + FILE_EXTENSION


class NewEventDialog(QDialog):
    def __init__(self, folder: str, dialogs: SavePathAsker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New event"))
        self.setObjectName("newEventDialog")
        self.setMinimumWidth(520)
        self._dialogs = dialogs
        self._folder = Path(folder) if folder else Path.home()
        self._path_edited = False

        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Event title"))
        self.title.setPlaceholderText(self.tr("e.g. Care closer to home: options workshop"))
        self.tables = QSpinBox(self)
        self.tables.setRange(0, 60)
        self.tables.setValue(DEFAULT_TABLES)
        self.tables.setAccessibleName(self.tr("Number of tables"))
        # a number of tables needs a number's width, not the whole dialog's
        self.tables.setSizePolicy(
            QSizePolicy.Policy.Fixed, self.tables.sizePolicy().verticalPolicy()
        )
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Event file"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.setAccessibleName(self.tr("Choose where to save the event file"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Tables:"), self.tables)
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        # The whole path, wrapped: a box too narrow for it would hide where the file goes.
        self.full_path = QLabel(self)
        self.full_path.setWordWrap(True)
        self.full_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full_path.setAccessibleName(self.tr("Where the event file will be saved"))
        form.addRow("", self.full_path)
        note = QLabel(
            self.tr(
                "The standard questions and themes are filled in; change them, add the date, "
                "venue and seating plan in the event set-up."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.title.textChanged.connect(self._suggest_path)
        self.path.textEdited.connect(self._mark_path_edited)
        self.title.textChanged.connect(self._update_ok)
        self.path.textChanged.connect(self._update_ok)
        self.path.textChanged.connect(self._show_full_path)
        self._suggest_path("")
        self._update_ok()

    def _suggest_path(self, title: str) -> None:
        if not self._path_edited:
            self.path.setText(str(self._folder / file_name_for(title)))

    def _show_full_path(self) -> None:
        text = self.path.text().strip()
        self.full_path.setText(
            self.tr("Saved as: %1").replace("%1", str(self.answers().path)) if text else ""
        )

    def _mark_path_edited(self) -> None:
        self._path_edited = True

    def _update_ok(self) -> None:
        ready = bool(self.title.text().strip() and self.path.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def _browse(self) -> None:
        chosen = self._dialogs.save_path(self.tr("Save the new event as"), Path(self.path.text()))
        if chosen is not None:
            self._path_edited = True
            self.path.setText(str(chosen))

    def answers(self) -> NewEventAnswers:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix != FILE_EXTENSION:
            path = path.with_name(path.name + FILE_EXTENSION)
        return NewEventAnswers(
            path=path, title=self.title.text().strip(), tables=self.tables.value()
        )
