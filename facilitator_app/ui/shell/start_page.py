"""The start page: make an event, open a file, pick a recent one, or explore the sample event."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator_app import APP_NAME

_PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    """Intent signals only; the main window decides what opening means."""

    new_event_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_chosen = Signal(Path)
    forget_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 4)
        outer.addStretch(1)

        heading = QLabel(APP_NAME, self)
        heading.setObjectName("startHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        heading.setFont(font)
        tagline = QLabel(
            self.tr(
                "Set up a stakeholder event, type each table's points as people talk, "
                "merge the tables and write the report. Everything is stored as you type."
            ),
            self,
        )
        tagline.setWordWrap(True)
        column.addSpacing(24)
        column.addWidget(heading)
        column.addWidget(tagline)
        column.addSpacing(16)

        buttons = QHBoxLayout()
        self.new_button = self._big_button(self.tr("&New event…"), self.tr("Create a new event"))
        self.open_button = self._big_button(
            self.tr("&Open workshop file…"), self.tr("Open a workshop file")
        )
        self.sample_button = self._big_button(
            self.tr("Open the &sample event"), self.tr("Open the sample event to explore the app")
        )
        self.new_button.clicked.connect(self.new_event_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        for button in (self.new_button, self.open_button, self.sample_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        column.addSpacing(16)

        recent_label = QLabel(self.tr("&Recent files"), self)
        bold = recent_label.font()
        bold.setBold(True)
        recent_label.setFont(bold)
        self.recent = QListWidget(self)
        self.recent.setObjectName("recentFiles")
        self.recent.setAccessibleName(self.tr("Recent files"))
        self.recent.setFrameShape(QFrame.Shape.StyledPanel)
        self.recent.setWordWrap(True)
        # each file is two lines (name, folder): a little air tells one file from the next
        self.recent.setStyleSheet("#recentFiles::item { padding: 3px 2px; }")
        self.recent.itemActivated.connect(self._open_item)
        recent_label.setBuddy(self.recent)
        forget = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.recent)
        forget.setContext(Qt.ShortcutContext.WidgetShortcut)
        forget.activated.connect(self._forget_current)
        # Room for eight recent files; below that the page stays open rather than showing a
        # tall empty box on a first run.
        two_lines = 2 * self.fontMetrics().lineSpacing() + 8
        self.recent.setMaximumHeight(8 * two_lines + 2 * self.recent.frameWidth())
        column.addWidget(recent_label)
        column.addWidget(self.recent, 100)  # grows first, up to its maximum height
        hint = QLabel(
            self.tr(
                "Enter opens the selected file; Delete removes it from this list (not from disk). "
                "You can also drop a workshop file onto this window."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        column.addWidget(hint)
        column.addStretch(1)
        column.addSpacing(16)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between the system's light and dark palettes (missing-file colour)."""
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "recent"):
            self.set_recent_files(self.recent_paths())
        super().changeEvent(event)

    def _big_button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.setMinimumHeight(int(button.sizeHint().height() * 1.8))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return button

    def set_recent_files(self, paths: Sequence[str]) -> None:
        """Show the recent files, newest first; ones no longer on disk are marked, not hidden."""
        self.recent.clear()
        for text in paths:
            path = Path(text)
            missing = not path.exists()
            label = f"{path.name}\n{path.parent}"
            if missing:
                label = (
                    self.tr("%1 (missing)\n%2")
                    .replace("%1", path.name)
                    .replace("%2", str(path.parent))
                )
            item = QListWidgetItem(label, self.recent)
            item.setData(_PATH_ROLE, text)
            item.setToolTip(text)
            if missing:
                item.setForeground(self.palette().placeholderText())
                item.setData(Qt.ItemDataRole.AccessibleTextRole, label.replace("\n", ", "))
        if not paths:
            empty = QListWidgetItem(self.tr("No recent files yet."), self.recent)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.recent.setCurrentRow(0)

    def recent_paths(self) -> list[str]:
        return [
            str(self.recent.item(row).data(_PATH_ROLE))
            for row in range(self.recent.count())
            if self.recent.item(row).data(_PATH_ROLE)
        ]

    def _open_item(self, item: QListWidgetItem) -> None:
        text = item.data(_PATH_ROLE)
        if text:
            self.recent_chosen.emit(Path(text))

    def _forget_current(self) -> None:
        item = self.recent.currentItem()
        if item is not None and item.data(_PATH_ROLE):
            self.forget_requested.emit(str(item.data(_PATH_ROLE)))

    def focus_first(self) -> None:
        if self.recent.count() and self.recent_paths():
            self.recent.setFocus()
        else:
            self.new_button.setFocus()
