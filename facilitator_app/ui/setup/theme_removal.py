"""Removing a theme that has points: ask where they go, never let them silently vanish."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.records import ThemeInfo


@dataclass(frozen=True)
class ThemeDestination:
    """Where a removed theme's points go: another theme's id, or no theme (``None``)."""

    theme_id: str | None


class ThemeRemovalDialog(QDialog):
    def __init__(
        self,
        theme: ThemeInfo,
        point_count: int,
        others: Sequence[ThemeInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Remove theme"))
        self.setObjectName("themeRemovalDialog")
        if point_count == 1:
            text = self.tr("The theme “%1” has 1 point. Choose where it goes before it is removed.")
        else:
            text = self.tr(
                "The theme “%1” has %2 points. Choose where they go before it is removed."
            )
        message = QLabel(text.replace("%1", theme.name).replace("%2", str(point_count)), self)
        message.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setAccessibleName(self.tr("Move the points to"))
        for other in others:
            self.target.addItem(self.tr("Theme: %1").replace("%1", other.name), other.id)
        self.target.addItem(self.tr("Leave them without a theme"), None)
        form = QFormLayout()
        form.addRow(self.tr("&Move them to:"), self.target)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Remove theme"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.target.setFocus()
        self.setMinimumWidth(460)  # the question reads on one or two lines, not squeezed

    def destination(self) -> ThemeDestination:
        data = self.target.currentData()
        return ThemeDestination(str(data) if data else None)
