"""The review's duplicates panel: suggested duplicates, best first, to accept or reject."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.consolidate import MOST_COMMON_THEME
from facilitator_app.core.duplicates import DEFAULT_THRESHOLD, MIN_THRESHOLD, DuplicateSuggestion
from facilitator_app.core.records import QuestionInfo, ThemeInfo
from facilitator_app.core.wording import counted

#: Value of the theme choosers meaning "no theme" (``None`` is "most common").
NO_THEME = ""


def fill_theme_combo(combo: QComboBox, themes: Sequence[ThemeInfo], *, with_auto: bool) -> None:
    """Theme choices for a consolidated point: most common of its points, each theme, none."""
    combo.clear()
    if with_auto:
        combo.addItem(combo.tr("Most common theme of the points"), MOST_COMMON_THEME)
    for theme in themes:
        combo.addItem(theme.name, theme.id)
    combo.addItem(combo.tr("No theme"), NO_THEME)


def chosen_theme(combo: QComboBox) -> object:
    """The theme argument for ``consolidate``: an id, ``None`` or ``MOST_COMMON_THEME``."""
    value = combo.currentData()
    return None if value == NO_THEME else value


class DuplicatesPanel(QWidget):
    """Lists suggestions; shows the chosen one's points and an editable wording.

    Emits intent signals; the review view calls the core and refreshes.
    """

    #: point ids, wording, theme (an id, None, or MOST_COMMON_THEME)
    accept_requested = Signal(list, str, object)
    #: point ids
    reject_requested = Signal(list)
    #: the facilitator asked for stricter or looser matching (0-100)
    threshold_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestions: list[DuplicateSuggestion] = []
        self._questions: dict[str, QuestionInfo] = {}
        self._table_order: dict[str, int] = {}
        self.searching = False
        self._previous: DuplicateSuggestion | None = None  # kept chosen across a search

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.threshold = QSpinBox(self)
        self.threshold.setRange(MIN_THRESHOLD, 100)
        self.threshold.setValue(DEFAULT_THRESHOLD)
        self.threshold.setSuffix("%")
        self.threshold.setAccessibleName(self.tr("Suggest points at least this alike"))
        self.threshold.setToolTip(
            self.tr("Lower it to see looser matches (more suggestions, more of them wrong).")
        )
        self.threshold.valueChanged.connect(self.threshold_changed)
        threshold_label = QLabel(self.tr("&Alike at least:"), self)
        threshold_label.setBuddy(self.threshold)
        header = QHBoxLayout()
        header.addWidget(self.summary, 1)
        header.addWidget(threshold_label)
        header.addWidget(self.threshold)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Suggested duplicates"))
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._show_current)

        self.points = QListWidget(self)
        self.points.setAccessibleName(self.tr("Points of the suggestion"))
        self.points.setToolTip(self.tr("Double-click or press Enter to use a point's wording."))
        self.points.setWordWrap(True)
        self.points.itemActivated.connect(self._use_wording)
        points_label = QLabel(self.tr("&Points: press Enter on one to use its wording"), self)
        points_label.setBuddy(self.points)

        self.wording = QPlainTextEdit(self)
        self.wording.setAccessibleName(self.tr("Wording of the consolidated point"))
        self.wording.setTabChangesFocus(True)
        self.wording.setMaximumHeight(72)
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Theme of the consolidated point"))
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        wording_label = QLabel(self.tr("&Wording:"), self)
        wording_label.setBuddy(self.wording)
        theme_label = QLabel(self.tr("&Theme:"), self)
        theme_label.setBuddy(self.theme)
        form.addRow(wording_label, self.wording)
        form.addRow(theme_label, self.theme)

        self.accept_button = QPushButton(self.tr("&Consolidate"), self)
        self.accept_button.setAccessibleName(self.tr("Consolidate these points"))
        self.accept_button.setToolTip(self.tr("Fold these points into one with this wording."))
        self.accept_button.clicked.connect(self._accept)
        self.reject_button = QPushButton(self.tr("&Not duplicates"), self)
        self.reject_button.setAccessibleName(self.tr("Reject: these are not duplicates"))
        self.reject_button.setToolTip(self.tr("Do not suggest these points together again."))
        self.reject_button.clicked.connect(self._reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        QWidget.setTabOrder(self.reject_button, self.accept_button)  # left to right, as shown

        # The list and the editors, only while there is a suggestion: empty editors filled the
        # panel and looked like somewhere to type (as the conflicts panel does).
        self.suggestion_box = QWidget(self)
        suggestion = QVBoxLayout(self.suggestion_box)
        suggestion.setContentsMargins(0, 0, 0, 0)
        suggestion.addWidget(self.list, 3)
        suggestion.addWidget(points_label)
        suggestion.addWidget(self.points, 1)
        suggestion.addLayout(form)
        suggestion.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.suggestion_box, 1)
        layout.addStretch(0)  # the summary stays at the top when the box is hidden
        self._show_current(-1)

    def set_themes(self, themes: Sequence[ThemeInfo]) -> None:
        fill_theme_combo(self.theme, themes, with_auto=True)

    def set_table_order(self, names: Sequence[str]) -> None:
        """The event's table order, so a suggestion names its tables One, Two, Three."""
        self._table_order = {name: index for index, name in enumerate(names)}

    def set_suggestions(
        self, suggestions: Sequence[DuplicateSuggestion], questions: Sequence[QuestionInfo]
    ) -> None:
        """Show suggestions (best first), keeping the current one chosen when it is still there."""
        previous = self.current() or self._previous
        self._previous = None
        self.searching = False
        self._suggestions = list(suggestions)
        self._questions = {q.id: q for q in questions}
        self.list.blockSignals(True)
        self.list.clear()
        for suggestion in self._suggestions:
            item = QListWidgetItem(self._describe(suggestion), self.list)
            item.setToolTip("\n".join(p.point.text for p in suggestion.points))
        self.list.blockSignals(False)
        if not self._suggestions:
            self.summary.setText(self.tr("No likely duplicates across tables."))
        else:
            self.summary.setText(
                counted(
                    len(self._suggestions),
                    self.tr("%1 likely duplicate across tables."),
                    self.tr("%1 likely duplicates across tables, most alike first."),
                )
            )
        row = 0
        if previous is not None:
            for index, suggestion in enumerate(self._suggestions):
                if set(suggestion.point_ids) & set(previous.point_ids):
                    row = index
                    break
        self.list.setCurrentRow(row if self._suggestions else -1)
        self._show_current(self.list.currentRow())
        self.suggestion_box.setVisible(bool(self._suggestions))

    def set_searching(self) -> None:
        """Say that suggestions are being looked for (a large event takes a few seconds)."""
        self._previous = self.current()
        self.searching = True
        self._suggestions = []
        self.list.clear()
        self.summary.setText(self.tr("Looking for duplicates…"))
        self._show_current(-1)
        self.suggestion_box.setVisible(False)

    def _describe(self, suggestion: DuplicateSuggestion) -> str:
        question = self._questions.get(suggestion.question_id)
        number = f"Q{question.number}" if question else ""
        last = len(self._table_order)
        names = sorted(suggestion.table_names, key=lambda name: self._table_order.get(name, last))
        tables = (
            ", ".join(names)
            if len(names) <= 3
            else self.tr("%1 tables").replace("%1", str(len(names)))
        )
        return (
            self.tr("%1 · %2% alike · %3\n%4")
            .replace("%1", number)
            .replace("%2", str(suggestion.score))
            .replace("%3", tables)
            .replace("%4", suggestion.suggested_text)
        )

    def count(self) -> int:
        return len(self._suggestions)

    def current(self) -> DuplicateSuggestion | None:
        row = self.list.currentRow()
        return self._suggestions[row] if 0 <= row < len(self._suggestions) else None

    def _show_current(self, row: int) -> None:
        suggestion = self._suggestions[row] if 0 <= row < len(self._suggestions) else None
        self.points.clear()
        enabled = suggestion is not None
        for widget in (self.points, self.wording, self.theme, self.accept_button):
            widget.setEnabled(enabled)
        self.reject_button.setEnabled(enabled)
        if suggestion is None:
            self.wording.setPlainText("")
            return
        for item in suggestion.points:
            where = ", ".join(item.table_names)
            if item.consolidated:
                where = self.tr("consolidated: %1").replace("%1", where)
            entry = QListWidgetItem(f"{where} — {item.point.text}", self.points)
            entry.setData(Qt.ItemDataRole.UserRole, item.point.text)
        self.wording.setPlainText(suggestion.suggested_text)
        self.theme.setCurrentIndex(0)

    def _use_wording(self, item: QListWidgetItem) -> None:
        self.wording.setPlainText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.wording.setFocus()

    def _accept(self) -> None:
        suggestion = self.current()
        if suggestion is not None:
            self.accept_requested.emit(
                list(suggestion.point_ids), self.wording.toPlainText(), chosen_theme(self.theme)
            )

    def _reject(self) -> None:
        suggestion = self.current()
        if suggestion is not None:
            self.reject_requested.emit(list(suggestion.point_ids))
