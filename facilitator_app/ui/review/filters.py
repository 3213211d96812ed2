"""The review's filter bar: which of the merged points the table shows.

It exists so the review view does not also carry the filtering: the question, theme and table
choices, "conflicts only" and the search, and the proxy model they drive, live here. The bar
refills its choices from the event file while keeping what was chosen, and tells the view
(``applied``) after each change so it can recount the points shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from facilitator_app.core.records import QuestionInfo, TableInfo, ThemeInfo
from facilitator_app.core.wording import grouped
from facilitator_app.ui.review.models import ReviewFilterModel, ReviewTableModel


def shorten(text: str, limit: int) -> str:
    """The text cut at ``limit`` characters, an ellipsis saying that it was."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@contextmanager
def keeping_choice(combo: QComboBox) -> Iterator[None]:
    """Refill ``combo`` inside the block, silently, keeping the choice when it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    try:
        yield
    finally:
        index = combo.findData(chosen)
        if chosen is not None and index >= 0:
            combo.setCurrentIndex(index)
        combo.blockSignals(False)


class ReviewFilterBar(QWidget):
    """Question, theme and table choices, "conflicts only" and a search over ``proxy``."""

    #: The proxy's filters were set from the controls.
    applied = Signal()

    def __init__(self, model: ReviewTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = ReviewFilterModel(self)
        self.proxy.setSourceModel(model)
        self.question_filter = QComboBox(self)
        self.question_filter.setAccessibleName(self.tr("Show points of question"))
        self.theme_filter = QComboBox(self)
        self.theme_filter.setAccessibleName(self.tr("Show points of theme"))
        self.table_filter = QComboBox(self)
        self.table_filter.setAccessibleName(self.tr("Show points of table"))
        self.conflicts_only = QCheckBox(self.tr("C&onflicts only"), self)
        self.conflicts_only.setAccessibleName(self.tr("Show only points with conflicts"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search points (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search points"))
        self.search.setClearButtonEnabled(True)
        for combo in (self.question_filter, self.theme_filter, self.table_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.apply)
        self.question_filter.setMaximumWidth(320)
        self.conflicts_only.toggled.connect(self.apply)
        self.search.textChanged.connect(self.apply)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            (self.tr("&Question:"), self.question_filter),
            (self.tr("The&me:"), self.theme_filter),
            (self.tr("Ta&ble:"), self.table_filter),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self.conflicts_only)
        layout.addWidget(self.search, 1)
        search_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        search_shortcut.activated.connect(self.search.setFocus)
        #: Down in the search box: into the results (the view connects it to its table).
        self.to_results = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        self.to_results.setContext(Qt.ShortcutContext.WidgetShortcut)

    def set_choices(
        self,
        questions: Sequence[QuestionInfo],
        themes: Sequence[ThemeInfo],
        tables: Sequence[TableInfo],
    ) -> None:
        """Offer the event file's questions, themes and tables; the caller then calls apply()."""
        with keeping_choice(self.question_filter):
            self.question_filter.addItem(self.tr("All questions"), None)
            for question in questions:
                text = f"Q{question.number}: {question.text}"
                self.question_filter.addItem(shorten(text, 48), question.id)
                self.question_filter.setItemData(
                    self.question_filter.count() - 1, question.text, Qt.ItemDataRole.ToolTipRole
                )
        with keeping_choice(self.theme_filter):
            self.theme_filter.addItem(self.tr("All themes"), None)
            for theme in themes:
                self.theme_filter.addItem(theme.name, theme.id)
            self.theme_filter.addItem(self.tr("No theme"), ReviewFilterModel.NO_THEME)
        with keeping_choice(self.table_filter):
            self.table_filter.addItem(self.tr("All tables"), None)
            for table in tables:
                self.table_filter.addItem(table.name, table.name)

    def apply(self) -> None:
        """Filter the points by what the controls say."""
        self.proxy.set_filters(
            question_id=self.question_filter.currentData(),
            theme_id=self.theme_filter.currentData(),
            table_name=self.table_filter.currentData(),
            conflicts_only=self.conflicts_only.isChecked(),
            search=self.search.text(),
        )
        self.applied.emit()

    def count_text(self, file_open: bool) -> str:
        """How many of the points the filters let through, for the line under the table."""
        total, shown = self.proxy.sourceModel().rowCount(), self.proxy.rowCount()
        if not file_open:
            return self.tr("No event file is open.")
        if shown == total:
            return self.tr("%1 points").replace("%1", grouped(total))
        return (
            self.tr("%1 of %2 points shown")
            .replace("%1", grouped(shown))
            .replace("%2", grouped(total))
        )
