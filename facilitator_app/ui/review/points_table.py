"""The left side of the review: the table of points, the selected point's details and the
actions on the selection. Built here so the review view only wires them to the file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.consolidate import ConsolidationInfo
from facilitator_app.core.review import ReviewPoint
from facilitator_app.ui.review.filters import shorten
from facilitator_app.ui.review.models import POINT_ID_ROLE, ReviewTableModel
from facilitator_app.ui.widgets.wrapping_row import WrappingRow


def points_table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    """The merged points, one row each, sortable, selected by whole rows."""
    table = QTableView(parent)
    table.setObjectName("reviewTable")
    table.setAccessibleName(table.tr("Merged points"))
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until asked
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(parent.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(ReviewTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
    for column in (
        ReviewTableModel.QUESTION,
        ReviewTableModel.THEME,
        ReviewTableModel.TABLES,
        ReviewTableModel.STRENGTH,
        ReviewTableModel.SOURCE,
    ):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(ReviewTableModel.QUESTION, 72)
    header.resizeSection(ReviewTableModel.THEME, 150)
    header.resizeSection(ReviewTableModel.TABLES, 120)
    header.resizeSection(ReviewTableModel.STRENGTH, 90)
    # the file names in full (a cut-off "Table Th…workshop" tells nothing)
    header.setSectionResizeMode(ReviewTableModel.SOURCE, QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(0)  # fitted to the rows in sight, not 1,000 per filter
    return table


def side_by_side(parent: QWidget, left: Sequence[QWidget], right: QWidget) -> QSplitter:
    """The points (with the selection's details and actions under them) on the left, the side
    panels on the right, neither of them ever squeezed away."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for number, widget in enumerate(left):
        layout.addWidget(widget, 1 if number == 0 else 0)
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.addWidget(column)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([900, 440])
    return splitter


def select_point_rows(table: QTableView, point_ids: Sequence[str]) -> None:
    """Select the rows of these points (those shown), and no others."""
    wanted = set(point_ids)
    selection = table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(POINT_ID_ROLE) in wanted:
            selection.select(index, flags)


class PointDetails(QLabel):
    """The whole of the one selected point: its wording (the Point column is narrow on a
    laptop) and where it is from, or the points a consolidated point stands for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("About the selected point"))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_rows(
        self,
        rows: Sequence[ReviewPoint],
        consolidations: Mapping[str, ConsolidationInfo],
        table_names: Callable[[], Mapping[str, str]],
    ) -> None:
        """Describe the selection when it is one point; hide otherwise."""
        if len(rows) != 1:
            self.clear()
            self.hide()
            return
        row = rows[0]
        if row.consolidated:
            info = consolidations.get(row.point.id)
            members = info.members if info else ()
            tables = table_names()
            lines = [
                f"• {tables.get(m.table_id or '', '')}: {' '.join(m.text.split())}" for m in members
            ]
            heading = self.tr("Raised at %1 tables, consolidated from:")
            self.setText(heading.replace("%1", str(len(row.table_names))) + "\n" + "\n".join(lines))
        else:
            self.setText(self._describe_point(row))
        self.show()

    def _describe_point(self, row: ReviewPoint) -> str:
        """The whole wording (cut at a few lines for a very long point), then where it is from."""
        text = shorten(" ".join(row.point.text.split()), 600)
        where = [*row.table_names, self.tr("Q%1").replace("%1", str(row.question_number))]
        where += [part for part in (row.theme_name, row.point.source_file) if part]
        return text + "\n" + " · ".join(where)


class SelectionActions(WrappingRow):
    """How many points are shown, and what can be done to the selected ones: set a theme,
    consolidate them, undo a consolidation (on one line where it fits, two when narrow)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_label = QLabel(self)
        self.theme_choice = QComboBox(self)
        self.theme_choice.setAccessibleName(self.tr("Theme for the selected points"))
        # never narrower than "Choose a theme…" (a narrow window cut it to "Choose a")
        self.theme_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.theme_choice.setMinimumContentsLength(len(self.tr("Choose a theme…")))
        self.apply_theme_button = QPushButton(self.tr("Appl&y theme"), self)
        self.apply_theme_button.setAccessibleName(self.tr("Set this theme on the selected points"))
        self.consolidate_button = QPushButton(self.tr("Consolidate &selected…"), self)
        self.consolidate_button.setAccessibleName(self.tr("Consolidate the selected points"))
        self.undo_button = QPushButton(self.tr("&Undo consolidation"), self)
        self.undo_button.setAccessibleName(self.tr("Undo the selected consolidation"))
        self.undo_button.setToolTip(self.tr("Show the source points on their own again."))
        theme_label = QLabel(self.tr("Theme for se&lected:"), self)
        theme_label.setBuddy(self.theme_choice)
        theming = QHBoxLayout()
        theming.addWidget(self.count_label, 1)
        theming.addWidget(theme_label)
        theming.addWidget(self.theme_choice)
        theming.addWidget(self.apply_theme_button)
        consolidating = QHBoxLayout()
        consolidating.addStretch(1)
        consolidating.addWidget(self.consolidate_button)
        consolidating.addWidget(self.undo_button)
        self.add_group(theming, 1)
        self.add_group(consolidating)
