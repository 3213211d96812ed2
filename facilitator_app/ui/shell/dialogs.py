"""The questions the app asks people, behind one small service so the logic is testable.

Windows call intent-level methods (``pick_table``, ``confirm``, ``choose_theme_destination``)
instead of building message boxes inline. Tests hand the window a subclass that answers from a
script; the real dialogs are tested on their own with real widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from facilitator_app import FILE_EXTENSION

if TYPE_CHECKING:  # the core (SQLAlchemy) loads when a file is opened, not at start-up
    from facilitator_app.core.records import TableInfo, ThemeInfo
    from facilitator_app.ui.setup.theme_removal import ThemeDestination
    from facilitator_app.ui.shell.new_event_dialog import NewEventAnswers


def _file_filter(widget: QWidget) -> str:
    return widget.tr("Workshop files (*%1)").replace("%1", FILE_EXTENSION)


class UserDialogs:
    """Real modal dialogs, parented to ``parent``."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def tr(self, text: str) -> str:
        return self.parent.tr(text)

    def pick_table(
        self, file_name: str, tables: Sequence[TableInfo], current_table_id: str | None = None
    ) -> str | None:
        """A table id, ``table_picker.FACILITATOR``, or ``None`` when cancelled."""
        from facilitator_app.ui.shell.table_picker import TablePicker

        dialog = TablePicker(
            file_name, tables, current_table_id=current_table_id, parent=self.parent
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def open_path(self, folder: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, self.tr("Open workshop file"), folder, _file_filter(self.parent)
        )
        return Path(name) if name else None

    def save_path(self, title: str, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, title, str(suggested), _file_filter(self.parent)
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix == FILE_EXTENSION else path.with_name(path.name + FILE_EXTENSION)

    def new_event(self, folder: str) -> NewEventAnswers | None:
        from facilitator_app.ui.shell.new_event_dialog import NewEventDialog

        dialog = NewEventDialog(folder, self, parent=self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answers()

    def choose_theme_destination(
        self, theme: ThemeInfo, point_count: int, others: Sequence[ThemeInfo]
    ) -> ThemeDestination | None:
        from facilitator_app.ui.setup.theme_removal import ThemeRemovalDialog

        dialog = ThemeRemovalDialog(theme, point_count, others, parent=self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.destination()

    def confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def inform_about_file(self, title: str, text: str, path: Path) -> None:
        """Say what was written where, with *Show in folder* beside OK."""
        from facilitator_app.ui.show_in_folder import show_in_folder

        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.parent)
        box.addButton(QMessageBox.StandardButton.Ok)
        folder = box.addButton(self.tr("Show in &folder"), QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is folder:
            show_in_folder(path)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)
