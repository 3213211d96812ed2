"""The dialog for consolidating points the facilitator picked by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.records import ThemeInfo
from facilitator_app.core.review import ReviewPoint
from facilitator_app.ui.review.duplicates import chosen_theme, fill_theme_combo


@dataclass(frozen=True)
class ConsolidationChoice:
    """What the facilitator chose: the wording and the theme argument for ``consolidate``."""

    text: str
    theme: object


def default_wording(points: Sequence[ReviewPoint]) -> str:
    """An existing consolidated point's wording, else the fullest one (ties: the first)."""
    for row in points:
        if row.consolidated:
            return row.point.text
    return max(points, key=lambda row: len(row.point.text.strip())).point.text


class ConsolidateDialog(QDialog):
    """Shows the chosen points; the facilitator picks or edits the wording and the theme."""

    def __init__(
        self, points: Sequence[ReviewPoint], themes: Sequence[ThemeInfo], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Consolidate points"))
        self.points = QListWidget(self)
        self.points.setAccessibleName(self.tr("Points to consolidate"))
        self.points.setWordWrap(True)
        for row in points:
            where = ", ".join(row.table_names)
            item = QListWidgetItem(f"{where} — {row.point.text}", self.points)
            item.setData(Qt.ItemDataRole.UserRole, row.point.text)
        self.wording = QPlainTextEdit(default_wording(points), self)
        self.points.itemActivated.connect(
            lambda item: self.wording.setPlainText(str(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.wording.setAccessibleName(self.tr("Wording of the consolidated point"))
        self.wording.setTabChangesFocus(True)
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Theme of the consolidated point"))
        fill_theme_combo(self.theme, themes, with_auto=True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Consolidate"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.wording.textChanged.connect(
            lambda: ok.setEnabled(bool(self.wording.toPlainText().strip()))
        )

        intro = QLabel(
            self.tr(
                "These %1 points become one point that remembers the tables that raised them. "
                "Press Enter on a point to use its wording."
            ).replace("%1", str(len(points))),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        wording_label = QLabel(self.tr("&Wording:"), self)
        wording_label.setBuddy(self.wording)
        theme_label = QLabel(self.tr("Th&eme:"), self)
        theme_label.setBuddy(self.theme)
        form.addRow(wording_label, self.wording)
        form.addRow(theme_label, self.theme)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.points)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self.wording.setFocus()

    def choice(self) -> ConsolidationChoice:
        return ConsolidationChoice(self.wording.toPlainText(), chosen_theme(self.theme))


def ask_consolidation(
    parent: QWidget, points: Sequence[ReviewPoint], themes: Sequence[ThemeInfo]
) -> ConsolidationChoice | None:
    """Show the dialog modally; the choice, or ``None`` when cancelled."""
    dialog = ConsolidateDialog(points, themes, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()
    finally:
        dialog.deleteLater()
