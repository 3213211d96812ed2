"""The room wall: every table's state and every table's points by question, arriving live.

Shown in the facilitator's window while the room is hosted (a dock: beside the views, or
dragged out onto a screen of its own). It reads the event file the way the review does
(:func:`facilitator_app.core.review.read_review`, off the GUI thread once the event is large),
refreshed from the open file's one change signal, and asks the review's duplicate search
(:class:`~facilitator_app.ui.review.worker.SuggestionFinder`, which compares only new points)
for likely duplicates across tables as points arrive.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core.duplicates import DEFAULT_THRESHOLD
from facilitator_app.ui.background import BackgroundJob
from facilitator_app.ui.live.room_models import (
    RoomPointsModel,
    SuggestionsModel,
    TablesModel,
    WallPoint,
    wall_points,
)
from facilitator_app.ui.review.worker import BACKGROUND_ABOVE, SuggestionFinder

if TYPE_CHECKING:
    from facilitator_app.core.records import QuestionInfo
    from facilitator_app.core.store import Workshop
    from facilitator_app.ui.live.hosting import RoomInfo

#: How often "2 min ago" is brought up to date, in milliseconds.
TICK_MS = 20_000
#: How many refused connections the wall's tooltip lists (the host's log has them all).
REFUSALS_LISTED = 10


class RoomWall(QWidget):
    """Tables, points by question and duplicate suggestions, for the facilitator's screen."""

    #: A table's name: let the next laptop that joins as it in (the first was lost).
    release_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomWall")
        self.workshop: Workshop | None = None
        self.tables = TablesModel(self)
        self.points = RoomPointsModel(self)
        self.suggestions = SuggestionsModel(self)
        self.finder = SuggestionFinder(self)
        self.finder.found.connect(self._suggestions_found)
        self._reading: BackgroundJob | None = None
        self._read_again = False
        self._generation = 0

        self.where = QLabel(self.tr("The room is not hosted."), self)
        self.where.setObjectName("roomWhere")
        self.where.setAccessibleName(self.tr("Room"))
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setWordWrap(True)
        self.share = QCheckBox(self.tr("Let tables &see every table's points"), self)
        self.share.setAccessibleName(self.tr("Let tables see every table's points"))
        self.share.setToolTip(
            self.tr("For the plenary: every table's laptop shows all tables' points.")
        )
        self.share.setEnabled(False)
        header = QHBoxLayout()
        header.addWidget(self.where, 1)
        header.addWidget(self.share)

        self.tables_view = QTableView(self)
        self.tables_view.setObjectName("roomTables")
        self.tables_view.setAccessibleName(self.tr("Tables in the room"))
        self.tables_view.setModel(self.tables)
        self.tables_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tables_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tables_view.verticalHeader().hide()
        # what became of each table's last file: in the row's tooltip, to keep the wall narrow
        self.tables_view.setColumnHidden(TablesModel.LAST_FILE, True)
        self.tables_view.setWordWrap(False)
        self.release_button = QPushButton(self.tr("Let another &laptop join…"), self)
        self.release_button.setAccessibleName(self.tr("Let another laptop join the chosen table"))
        self.release_button.setToolTip(
            self.tr(
                "A table's laptop was lost or replaced: the next laptop to join as this table "
                "is let in (a table is otherwise held by the laptop that joined first)."
            )
        )
        self.release_button.setEnabled(False)
        self.release_button.clicked.connect(self._release_chosen)
        #: Connections the room refused, newest last: (time, address, reason).
        self.refusals: deque[tuple[str, str, str]] = deque(maxlen=REFUSALS_LISTED)
        self._refused_count = 0
        self.refusals_label = QLabel(self)
        self.refusals_label.setObjectName("roomRefusals")
        self.refusals_label.setAccessibleName(self.tr("Refused connections"))
        self.refusals_label.setWordWrap(True)
        self.refusals_label.hide()
        self.tables_view.selectionModel().selectionChanged.connect(self._table_chosen)
        header_view = self.tables_view.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setStretchLastSection(True)

        self.points_view = QTreeView(self)
        self.points_view.setObjectName("roomPoints")
        self.points_view.setAccessibleName(self.tr("Every table's points by question"))
        self.points_view.setModel(self.points)
        self.points_view.setColumnHidden(RoomPointsModel.CARD, True)
        self.points_view.setUniformRowHeights(True)
        self.points_view.setAlternatingRowColors(True)
        self.points_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.points_view.header().setStretchLastSection(False)
        self.points_view.header().setSectionResizeMode(
            RoomPointsModel.TEXT, QHeaderView.ResizeMode.Stretch
        )
        for column in (RoomPointsModel.TABLES, RoomPointsModel.THEME):
            self.points_view.header().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        self.points.rowsInserted.connect(self._expand_new_questions)

        self.duplicates_label = QLabel(self.tr("No likely duplicates across tables."), self)
        self.duplicates_label.setWordWrap(True)
        self.duplicates_view = QListView(self)
        self.duplicates_view.setObjectName("roomDuplicates")
        self.duplicates_view.setAccessibleName(self.tr("Likely duplicates across tables"))
        self.duplicates_view.setModel(self.suggestions)
        self.duplicates_view.setWordWrap(True)
        self.duplicates_view.setAlternatingRowColors(True)
        self.duplicates_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicates_label.setBuddy(self.duplicates_view)
        duplicates = QWidget(self)
        duplicates_layout = QVBoxLayout(duplicates)
        duplicates_layout.setContentsMargins(0, 0, 0, 0)
        duplicates_layout.addWidget(self.duplicates_label)
        duplicates_layout.addWidget(self.duplicates_view, 1)

        tables = QWidget(self)
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(self.tables_view, 1)
        tables_layout.addWidget(self.release_button, 0, Qt.AlignmentFlag.AlignLeft)
        tables_layout.addWidget(self.refusals_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(tables)
        splitter.addWidget(self.points_view)
        splitter.addWidget(duplicates)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.tables_view)  # Room > Room wall: the keyboard lands there
        QWidget.setTabOrder(self.share, self.tables_view)
        QWidget.setTabOrder(self.tables_view, self.release_button)
        QWidget.setTabOrder(self.release_button, self.points_view)
        QWidget.setTabOrder(self.points_view, self.duplicates_view)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tables.tick)

    # --- what the wall shows -------------------------------------------------------------

    def show_room(self, info: RoomInfo) -> None:
        """The room is open: its code and address, and its tables (none connected yet)."""
        self.tables.set_tables(info.tables)
        advertised = (
            self.tr("Tables can find it on the network.")
            if info.advertised
            else self.tr("Not advertised: tables type the address.")
        )
        self.where.setText(
            self.tr("Join code %1 · address %2 · %3")
            .replace("%1", info.code)
            .replace("%2", info.where)
            .replace("%3", advertised)
        )
        self.share.setEnabled(True)
        self._table_chosen()
        self._ticker.start()

    def chosen_table(self) -> str:
        rows = self.tables_view.selectionModel().selectedRows(TablesModel.TABLE)
        return str(rows[0].data()) if rows else ""

    def _table_chosen(self, *_args: object) -> None:
        self.release_button.setEnabled(self.share.isEnabled() and bool(self.chosen_table()))

    def _release_chosen(self) -> None:
        name = self.chosen_table()
        if name:
            self.release_requested.emit(name)

    def note_refusal(self, address: str, reason: str) -> None:
        """A laptop was refused (a mistyped code, a table another laptop holds, a stranger):
        said under the tables, so the facilitator can go and help, or knows to be wary."""
        self._refused_count += 1
        when = time.strftime("%H:%M")
        self.refusals.append((when, address, reason))
        text = (
            self.tr("Refused %2 at %1: %3")
            if self._refused_count == 1
            else self.tr(
                "Refused %n connections; the latest, %2 at %1: %3", "", self._refused_count
            )
        )
        self.refusals_label.setText(
            text.replace("%1", when).replace("%2", address).replace("%3", reason)
        )
        self.refusals_label.setToolTip(
            "\n".join(f"{at}  {who}: {why}" for at, who, why in reversed(self.refusals))
        )
        self.refusals_label.show()

    def room_closed(self) -> None:
        """Hosting stopped: the tables are shown offline; the points stay as they were."""
        self.tables.all_offline()
        self.where.setText(self.tr("The room is not hosted."))
        self.share.setEnabled(False)
        self.release_button.setEnabled(False)
        self._ticker.stop()

    def set_workshop(self, workshop: Workshop | None) -> None:
        """The event file the wall reads (None: the file was closed)."""
        self.workshop = workshop
        self._generation += 1
        self.finder.generation += 1
        if workshop is None:
            self.points.set_points([])
            self.suggestions.set_suggestions([], [])
            self.tables.set_tables([])
        else:
            self.refresh()

    def refresh(self) -> None:
        """Read the points again (the file changed): off the GUI thread for a large event."""
        if self.workshop is None:
            return
        if self._reading is not None:
            self._read_again = True  # once the read under way is in
            return
        workshop = self.workshop
        generation = self._generation

        def work(_report: Callable[[object], None]) -> object:
            from facilitator_app.core.event import list_questions
            from facilitator_app.core.review import read_review

            return wall_points(list_questions(workshop), read_review(workshop).rows)

        job = BackgroundJob(work, parent=self)
        self._reading = job
        job.done.connect(lambda content: self._read(job, generation, content))
        job.failed.connect(lambda message: self._read(job, generation, None, message))
        if self.points.point_count() <= BACKGROUND_ABOVE:
            job.run_here()
        else:
            job.start()

    def _read(
        self, job: BackgroundJob, generation: int, content: object, failure: str = ""
    ) -> None:
        self._reading = None
        job.deleteLater()
        if generation != self._generation:
            return  # another file meanwhile
        if failure:
            self.duplicates_label.setText(failure)
        elif isinstance(content, list):
            self.points.set_points(content)
            self._look_for_duplicates(content)
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _look_for_duplicates(self, content: list[tuple[QuestionInfo, list[WallPoint]]]) -> None:
        tables = {point.tables for _question, points in content for point in points}
        if self.workshop is None or len(tables) < 2:
            self.finder.generation += 1
            self.suggestions.set_suggestions([], [])
            self._say_duplicates()
            return
        self.finder.request(self.workshop, DEFAULT_THRESHOLD, self.points.point_count())

    def _suggestions_found(self, generation: int, result: object) -> None:
        if generation != self.finder.generation or self.workshop is None:
            return
        if isinstance(result, Exception):
            self.duplicates_label.setText(
                self.tr("Duplicates could not be looked for: %1").replace("%1", str(result))
            )
            return
        self.suggestions.set_suggestions(result, self.points.questions())  # type: ignore[arg-type]
        self._say_duplicates()

    def _say_duplicates(self) -> None:
        count = self.suggestions.rowCount()
        if count == 0:
            text = self.tr("No likely duplicates across tables.")
        elif count == 1:
            text = self.tr("1 likely duplicate across tables (settle it in Review).")
        else:
            text = self.tr("%1 likely duplicates across tables (settle them in Review).").replace(
                "%1", str(count)
            )
        self.duplicates_label.setText(text)

    def _expand_new_questions(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.points_view.expand(self.points.index(row, 0))
        else:
            self.points_view.expand(parent)
