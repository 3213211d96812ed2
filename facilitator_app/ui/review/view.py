"""The facilitator's review of the merged points: filter, re-theme, consolidate, settle conflicts.

Left: every point as the report will show it (a member of a consolidated point only through
it), filtered by question, theme, table, "conflicts only" and a search (the bar above it, in
:mod:`review_filters`). Right: the suggested duplicates and the merge conflicts. Every change
goes through a core use case; the view then re-reads only the points it touched (a merge or a
settled conflict: the whole review, once). Each change, settling a
conflict too, is a command on ``undo_stack`` (Ctrl+Z / Ctrl+Shift+Z; see
:mod:`review_commands`). In the main window the window's Edit > Undo/Redo (a QUndoGroup)
drive the stack and the view's own shortcuts step aside.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.core import consolidate, duplicates, merge, points
from facilitator_app.core.changes import Changes, Kind
from facilitator_app.core.consolidate import ConsolidationInfo
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.event import list_questions, list_tables, list_themes
from facilitator_app.core.merge import ConflictSettlement
from facilitator_app.core.records import PointInfo, QuestionInfo, ThemeInfo
from facilitator_app.core.review import ReviewPoint, read_review, read_review_patch
from facilitator_app.core.store import Workshop
from facilitator_app.core.wording import counted
from facilitator_app.ui.operations import Operations
from facilitator_app.ui.review.commands import (
    ConsolidateCommand,
    DismissCommand,
    FoldIntoCommand,
    RethemeCommand,
    ReviewCommand,
    SettleCommand,
    TakeApartCommand,
    step_aside_for_window_undo,
    undo_actions,
)
from facilitator_app.ui.review.conflicts import ConflictsPanel
from facilitator_app.ui.review.dialogs import ConsolidationChoice, ask_consolidation
from facilitator_app.ui.review.duplicates import DuplicatesPanel
from facilitator_app.ui.review.filters import ReviewFilterBar, keeping_choice
from facilitator_app.ui.review.models import ROW_ROLE, ReviewTableModel
from facilitator_app.ui.review.points_table import (
    PointDetails,
    SelectionActions,
    points_table,
    select_point_rows,
    side_by_side,
)
from facilitator_app.ui.review.worker import SuggestionFinder
from facilitator_app.ui.widgets.busy_notice import BusyNotice
from facilitator_app.ui.widgets.enter_clicks import EnterClicks
from facilitator_app.ui.widgets.status_colours import error_colour

#: Asks how to word a hand-picked consolidation; replaced in tests.
AskConsolidation = Callable[
    [QWidget, Sequence[ReviewPoint], Sequence[ThemeInfo]], ConsolidationChoice | None
]


#: Changes the review does not show: a draft being typed, the report's sections, links.
UNSEEN_KINDS = frozenset({Kind.DRAFTS, Kind.SECTIONS, Kind.LINKS})
#: Changes that touch only some points' rows (the rest of the review stays as it is).
ROW_KINDS = UNSEEN_KINDS | {Kind.POINTS, Kind.CONSOLIDATIONS, Kind.DUPLICATES}

#: How long a message about the last change stays on the message line.
MESSAGE_MS = 12_000
#: The "Theme for selected" entry that asks for a choice instead of making one.
CHOOSE_THEME = "choose"


class ReviewView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: Workshop | None = None
        self.ask_consolidation: AskConsolidation = ask_consolidation
        self._questions: list[QuestionInfo] = []
        self._themes: list[ThemeInfo] = []
        self._consolidations: dict[str, ConsolidationInfo] = {}
        self._stale = False  # the file changed while hidden: refresh when shown
        self._search_waiting = False  # suggestions to look for when next shown
        #: The open file's change path (its undo history is shared with every view).
        self.operations: Operations | None = None
        self._spare_stack = QUndoStack(self)  # no file open: an empty history

        self.model = ReviewTableModel(self)
        self.filter_bar = ReviewFilterBar(self.model, self)
        self.filter_bar.applied.connect(self._update_count)
        # the bar's parts, under the names the rest of the view (and its tests) use
        self.proxy = self.filter_bar.proxy
        self.question_filter = self.filter_bar.question_filter
        self.theme_filter = self.filter_bar.theme_filter
        self.table_filter = self.filter_bar.table_filter
        self.conflicts_only = self.filter_bar.conflicts_only
        self.search = self.filter_bar.search
        self.table = points_table(self, self.proxy)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._row_activated)
        self.details = PointDetails(self)
        self.actions_row = SelectionActions(self)
        # the row's parts, under the names the rest of the view (and its tests) use
        self.count_label = self.actions_row.count_label
        self.theme_choice = self.actions_row.theme_choice
        self.apply_theme_button = self.actions_row.apply_theme_button
        self.consolidate_button = self.actions_row.consolidate_button
        self.undo_button = self.actions_row.undo_button
        self.apply_theme_button.clicked.connect(self.retheme_selected)
        self.theme_choice.currentIndexChanged.connect(lambda _index: self._update_enabled())
        self.consolidate_button.clicked.connect(self.consolidate_selected)
        self.undo_button.clicked.connect(self.undo_selected_consolidation)
        self.duplicates = DuplicatesPanel(self)
        self.conflicts = ConflictsPanel(self)
        self.side = QTabWidget(self)
        self.side.setAccessibleName(self.tr("Duplicates and conflicts"))
        self.side.addTab(self.duplicates, self.tr("Duplicates"))
        self.side.addTab(self.conflicts, self.tr("Conflicts"))

        self.message = QLabel(self)
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Review messages"))
        # A message is about the last change: it goes after a while, or as soon as the
        # facilitator looks at other points, instead of standing there stale.
        self.message_timer = QTimer(self, singleShot=True, interval=MESSAGE_MS)
        self.message_timer.timeout.connect(lambda: self._say(""))
        for combo in (self.question_filter, self.theme_filter, self.table_filter):
            combo.activated.connect(lambda _index: self._say(""))
        self.conflicts_only.clicked.connect(self._conflicts_only_clicked)
        #: "Conflicts only" was unticked because the last conflict was settled (not by hand).
        self._conflicts_only_paused = False
        self.search.textEdited.connect(lambda _text: self._say(""))
        self.filter_bar.to_results.activated.connect(self._search_to_results)

        self.splitter = side_by_side(self, (self.table, self.details, self.actions_row), self.side)

        self.busy_notice = BusyNotice(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.busy_notice)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

        self.duplicates.accept_requested.connect(self._accept_suggestion)
        self.duplicates.reject_requested.connect(self._reject_suggestion)
        self.duplicates.threshold_changed.connect(self._refresh_suggestions)
        self.finder = SuggestionFinder(self)
        self.finder.found.connect(self._suggestions_found)
        self.conflicts.keep_ours_requested.connect(self._keep_ours)
        self.conflicts.keep_theirs_requested.connect(self._keep_theirs)
        self.conflicts.resolve_requested.connect(self._resolve_conflict)
        # Ctrl+Z / Ctrl+Shift+Z of their own, stepping aside in a window with an Edit menu
        self.undo_action, self.redo_action = undo_actions(self, self.undo_stack)
        self._set_tab_order()
        self._update_enabled()
        self._enter_clicks = EnterClicks(self)  # Enter on a focused button presses it
        self._enter_clicks.watch(self.findChildren(QPushButton))

    # --- building --------------------------------------------------------------------------

    def _set_tab_order(self) -> None:
        """Tab follows the screen: the points and their actions, then the side's tabs, then
        the current tab's contents (the tab bar otherwise came last, after its own page)."""
        QWidget.setTabOrder(self.undo_button, self.side.tabBar())
        QWidget.setTabOrder(self.side.tabBar(), self.duplicates.threshold)

    # --- loading ---------------------------------------------------------------------------

    @property
    def undo_stack(self) -> QUndoStack:
        return self.operations.undo_stack if self.operations is not None else self._spare_stack

    def set_workshop(self, workshop: Workshop | None, operations: Operations | None = None) -> None:
        """Show the given open event file (or nothing), changed through ``operations`` (its
        own, when the view stands alone)."""
        if workshop is not self.workshop or (operations and operations is not self.operations):
            if self.operations is not None:
                self.operations.changed.disconnect(self._changed)
            if workshop is not None:
                operations = operations or Operations(workshop, self)
                operations.changed.connect(self._changed)
            self.operations = operations
            self._bind_undo_keys()
            if operations is not None:
                self.busy_notice.follow(operations, lambda _busy: self._update_enabled())
        self.workshop = workshop
        self._stale = False
        if workshop is None:
            self.finder.stop()  # a search still running is not wanted any more
            self.model.set_rows([])  # before the filters change: nothing left to filter
        self._fill_filter_choices()
        self.refresh()

    def _bind_undo_keys(self) -> None:
        """The view's own Ctrl+Z / Ctrl+Shift+Z act on the history of the file it shows."""
        for action in (self.undo_action, self.redo_action):
            self.removeAction(action)
            action.deleteLater()
        self.undo_action, self.redo_action = undo_actions(self, self.undo_stack)
        if self.window() is not self:
            step_aside_for_window_undo(self, (self.undo_action, self.redo_action))

    def _changed(self, changes: Changes, _initiator: object) -> None:
        """The file changed (here, in another view, by a merge or an undo): show it, now or
        when next shown. A change to some points re-reads only their rows; anything else
        (a merge, a conflict settled, a question renamed) reloads the review once."""
        if changes.kinds <= UNSEEN_KINDS:
            return
        if not self.isVisible():
            self._stale = True
        elif changes.kinds <= ROW_KINDS and (
            changes.point_ids or not changes.touches(Kind.POINTS, Kind.CONSOLIDATIONS)
        ):
            self._update_rows(changes.point_ids)
        else:
            self._fill_filter_choices()
            self.refresh()

    def _update_rows(self, point_ids: Collection[str]) -> None:
        """Re-read only these points' rows (and those a consolidation of them hides or shows
        again), then look for duplicates among the changed points."""
        assert self.workshop is not None
        former = [
            member.id
            for point_id in point_ids
            if (info := self._consolidations.get(point_id)) is not None
            for member in info.members
        ]
        patch = read_review_patch(self.workshop, point_ids, former)
        self.model.update_rows(patch.rows)
        for point_id, info in patch.consolidations.items():
            if info is None:
                self._consolidations.pop(point_id, None)
            else:
                self._consolidations[point_id] = info
        self._refresh_suggestions()
        self._update_tab_titles()
        self._update_count()
        self._selection_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.window() is not self:
            step_aside_for_window_undo(self, (self.undo_action, self.redo_action))
        if self.workshop is not None and self._stale:
            self._stale = False
            self._fill_filter_choices()
            self.refresh()
        elif self.workshop is not None and self._search_waiting:
            self._refresh_suggestions()

    def refresh(self) -> None:
        """Reload everything from the file, keeping the filters."""
        workshop = self.workshop
        if workshop is None:
            self.model.set_rows([])
            self.finder.generation += 1  # drop any search still running
            self.duplicates.set_suggestions([], [])
            self.conflicts.set_conflicts([], [])
            self._consolidations = {}
        else:
            review = read_review(workshop)  # the points read once for the whole view
            self.model.set_rows(review.rows)
            self._consolidations = review.consolidations
            self._refresh_suggestions()
            self.conflicts.set_conflicts(review.conflicts, self._questions)
            if self.conflicts_only.isChecked() and not self.conflicts.count():
                # the last conflict was settled: "0 of 15 points" would hide every point
                self.conflicts_only.setChecked(False)
                self._conflicts_only_paused = True
            elif self._conflicts_only_paused and self.conflicts.count():
                self.conflicts_only.setChecked(True)  # an undo reopened one: back as it was
                self._conflicts_only_paused = False
        self._update_tab_titles()
        self._update_count()
        self._selection_changed()

    def _refresh_suggestions(self) -> None:
        """Look for duplicates, only where one is possible (points from two or more tables)
        and only while the suggestions can be seen; the search then compares only new points."""
        if self.workshop is None:
            return
        self.finder.generation += 1  # whatever still runs is not wanted any more
        if not self.model.from_several_tables():  # a table file alone has none to offer
            self._search_waiting = False
            self.duplicates.set_suggestions([], self._questions)
        elif not self.isVisible():
            self._search_waiting = True  # searched when the view is next shown
        else:
            self._search_waiting = False
            self.duplicates.set_searching()
            self.finder.request(
                self.workshop, self.duplicates.threshold.value(), self.model.rowCount()
            )
        self._update_tab_titles()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A view closed on its own (not the window's page) ends its search process."""
        self.finder.stop()
        self._search_waiting = self.duplicates.searching
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Out of sight, the search stops (it would only slow the view in front); the
        questions it finished are kept, and it goes on from there when shown again."""
        super().hideEvent(event)
        if self.duplicates.searching:
            self.finder.generation += 1
            self._search_waiting = True

    def _suggestions_found(self, generation: int, result: object) -> None:
        if generation != self.finder.generation or self.workshop is None:
            return  # an older search, or the file was closed meanwhile
        if isinstance(result, Exception):
            self.duplicates.set_suggestions([], self._questions)
            self._say(self.tr("Duplicates could not be looked for: %1").replace("%1", str(result)),
                      error=True)  # fmt: skip
        else:
            self.duplicates.set_suggestions(result, self._questions)  # type: ignore[arg-type]
        self._update_tab_titles()

    def _fill_filter_choices(self) -> None:
        workshop = self.workshop
        self._questions = list_questions(workshop) if workshop else []
        self._themes = list_themes(workshop) if workshop else []
        tables = list_tables(workshop) if workshop else []
        self.filter_bar.set_choices(self._questions, self._themes, tables)
        with keeping_choice(self.theme_choice):
            # Asks first: a first theme chosen by default was applied unasked.
            self.theme_choice.addItem(self.tr("Choose a theme…"), CHOOSE_THEME)
            for theme in self._themes:
                self.theme_choice.addItem(theme.name, theme.id)
            self.theme_choice.addItem(self.tr("No theme"), "")
        self.duplicates.set_themes(self._themes)
        self.duplicates.set_table_order([table.name for table in tables])
        self.filter_bar.apply()
        self._update_enabled()

    # --- counts and selection -------------------------------------------------------------

    def _update_count(self) -> None:
        self.count_label.setText(self.filter_bar.count_text(self.workshop is not None))

    def _update_tab_titles(self) -> None:
        found = "…" if self.duplicates.searching else str(self.duplicates.count())
        self.side.setTabText(0, self.tr("Duplicates (%1)").replace("%1", found))
        self.side.setTabText(
            1, self.tr("Conflicts (%1)").replace("%1", str(self.conflicts.count()))
        )

    def selected_rows(self) -> list[ReviewPoint]:
        """The selected points, in the order shown."""
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(ROW_ROLE) for index in indexes]

    def select_points(self, point_ids: Sequence[str]) -> None:
        """Select the rows of these points (those shown), e.g. after a change."""
        select_point_rows(self.table, point_ids)

    def _selection_changed(self, *_args: object) -> None:
        rows = self.selected_rows()
        self._update_enabled(rows)
        workshop = self.workshop
        self.details.show_rows(
            rows,
            self._consolidations,
            lambda: {t.id: t.name for t in list_tables(workshop)} if workshop else {},
        )

    def _update_enabled(self, rows: Sequence[ReviewPoint] | None = None) -> None:
        rows = self.selected_rows() if rows is None else rows
        writable = (
            self.workshop is not None and not self.workshop.read_only and not self.busy_notice.busy
        )
        live = [row for row in rows if not row.point.deleted]
        chosen = self.theme_choice.currentData() != CHOOSE_THEME
        self.apply_theme_button.setEnabled(writable and bool(live) and chosen)
        self.theme_choice.setEnabled(writable)
        self.consolidate_button.setEnabled(writable and len(live) >= 2)
        self.undo_button.setEnabled(writable and any(row.consolidated for row in live))
        for panel in (self.duplicates, self.conflicts):
            panel.setEnabled(writable)

    def _row_activated(self, index: QModelIndex) -> None:
        row: ReviewPoint = index.data(ROW_ROLE)
        # a consolidated point's conflicts are its members'
        if any(self.conflicts.select_point(point_id) for point_id in row.conflict_point_ids):
            self.side.setCurrentWidget(self.conflicts)
            self.conflicts.list.setFocus()

    def show_conflicts(self) -> None:
        """Show only the points with conflicts, and the conflicts panel (after a merge)."""
        self.conflicts_only.setChecked(True)
        self.side.setCurrentWidget(self.conflicts)
        self.conflicts.list.setFocus()

    # --- changes ---------------------------------------------------------------------------

    def _run(self, change: Callable[[Workshop], object], done: str) -> bool:
        """Run a core change; say what happened, or why nothing did, then reload."""
        if self.workshop is None:
            return False
        workshop, operations = self.workshop, self.operations
        try:
            if operations is None:
                change(workshop)
                self.refresh()
            else:  # what it changed comes back through _changed
                operations.run(lambda: change(workshop), initiator=self)
        except WorkshopError as error:
            self._say(str(error), error=True)
            return False
        self._say(done)
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {error_colour().name()};" if error else "")
        self.message.setText(text)
        if text:
            self.message_timer.start()
        else:
            self.message_timer.stop()

    def _conflicts_only_clicked(self, _checked: bool) -> None:
        self._conflicts_only_paused = False  # the facilitator's own choice from now on
        self._say("")

    def _search_to_results(self) -> None:
        """Down from the search box: into the points found, the first one selected."""
        self.table.setFocus()
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _push(self, command: ReviewCommand) -> None:
        """Put a change already made on the undo stack (its first redo does nothing)."""
        command.on_error = lambda text: self._say(text, error=True)
        command.on_changed = self._after_undo_or_redo
        command.initiator = self
        if self.operations is not None:
            self.operations.push(command)
        else:
            self.undo_stack.push(command)

    def _after_undo_or_redo(
        self, command: QUndoCommand, point_ids: list[str], undone: bool
    ) -> None:
        """Say what was undone or redone, and select the points concerned (the rows were
        updated when the change was announced)."""
        if point_ids:
            self.select_points(point_ids)
        # a conflict reopened by an undo is the one shown beside them
        any(self.conflicts.select_point(point_id) for point_id in point_ids)
        done = self.tr("Undone: %1") if undone else self.tr("Redone: %1")
        self._say(done.replace("%1", command.text()))

    def retheme_selected(self) -> None:
        rows = [row for row in self.selected_rows() if not row.point.deleted]
        if not rows or self.theme_choice.currentData() == CHOOSE_THEME:
            return
        theme_id = self.theme_choice.currentData() or None
        ids = [row.point.id for row in rows]
        old_themes = {row.point.id: row.point.theme_id for row in rows}
        name = self.theme_choice.currentText()
        if self._run(
            lambda w: points.set_points_theme(w, ids, theme_id),
            counted(
                len(ids), self.tr("%1 point set to %2."), self.tr("%1 points set to %2.")
            ).replace("%2", name),
        ):
            self.select_points(ids)
            if any(old != theme_id for old in old_themes.values()):
                assert self.workshop is not None
                self._push(RethemeCommand(self.workshop, old_themes, theme_id, name))

    def consolidate_selected(self) -> None:
        rows = [row for row in self.selected_rows() if not row.point.deleted]
        if len(rows) < 2:
            self._say(self.tr("Select at least two points to consolidate."), error=True)
            return
        if len({row.point.question_id for row in rows}) > 1:
            # say so before the wording is asked for, not after the facilitator has typed it
            self._say(
                self.tr(
                    "Only points under the same question can be consolidated: filter by "
                    "question, then select the points again."
                ),
                error=True,
            )
            return
        choice = self.ask_consolidation(self, rows, self._themes)
        if choice is None:
            return
        ids = [row.point.id for row in rows]
        self._consolidate(ids, choice.text, choice.theme)

    def _consolidate(self, ids: Sequence[str], text: str, theme: object) -> None:
        ids = list(dict.fromkeys(ids))
        result: list[PointInfo] = []
        joined: list[str] = []  # consolidated points among the chosen ones
        before: list[tuple[PointInfo, list[str]]] = []

        def change(workshop: Workshop) -> None:
            joined.extend(i for i in ids if points.get_point(workshop, i).table_id is None)
            if joined:  # the first consolidated point chosen keeps its identity
                before.append(
                    (
                        points.get_point(workshop, joined[0]),
                        consolidate.member_ids(workshop, joined[0]),
                    )
                )
            kwargs = {} if theme is consolidate.MOST_COMMON_THEME else {"theme_id": theme}
            result.append(consolidate.consolidate(workshop, ids, text, **kwargs))  # type: ignore[arg-type]

        if not self._run(
            change, self.tr("Consolidated %1 points into one.").replace("%1", str(len(ids)))
        ):
            return
        workshop, point = self.workshop, result[0]
        assert workshop is not None
        self.select_points([point.id])
        if not before:
            self._push(ConsolidateCommand(workshop, point.id, ids))
            return
        target, old_members = before[0]
        added = [m for m in consolidate.member_ids(workshop, point.id) if m not in old_members]
        self._push(
            FoldIntoCommand(
                workshop,
                ids,
                point.id,
                added,
                joined[1:],
                before=(target.text, target.theme_id),
                after=(point.text, point.theme_id),
            )
        )

    def _accept_suggestion(self, ids: list[str], text: str, theme: object) -> None:
        self._consolidate(ids, text, theme)

    def _reject_suggestion(self, ids: list[str]) -> None:
        known: list[set[tuple[str, str]]] = []

        def change(workshop: Workshop) -> None:
            known.append(duplicates.dismissed_pairs(workshop, ids))
            duplicates.dismiss_suggestion(workshop, ids)

        if self._run(change, self.tr("Noted: these points will not be suggested together again.")):
            assert self.workshop is not None
            stored = duplicates.dismissed_pairs(self.workshop, ids) - known[0]
            self._push(DismissCommand(self.workshop, ids, stored))

    def undo_selected_consolidation(self) -> None:
        rows = [row for row in self.selected_rows() if row.consolidated and not row.point.deleted]
        if not rows:
            return
        members: list[str] = []

        def change(workshop: Workshop) -> None:
            for row in rows:
                members.extend(p.id for p in consolidate.undo_consolidation(workshop, row.point.id))

        if self._run(
            change, self.tr("Consolidation undone: its points are shown on their own again.")
        ):
            self.select_points(members)
            assert self.workshop is not None
            self._push(TakeApartCommand(self.workshop, [row.point.id for row in rows], members))

    def _settle(
        self, settle: Callable[[Workshop], ConflictSettlement], done: str, step: str
    ) -> None:
        """Settle a conflict through the core and put it on the undo stack as ``step``."""
        settled: list[ConflictSettlement] = []
        if self._run(lambda workshop: settled.append(settle(workshop)), done):
            assert self.workshop is not None
            self._push(SettleCommand(self.workshop, settled[0], step))
            if not self.conflicts.count():
                self._say(done + " " + self.tr("No conflicts left: every point is shown."))

    def _keep_ours(self, conflict_id: str) -> None:
        self._settle(lambda workshop: merge.keep_ours(workshop, conflict_id),
                     self.tr("Conflict settled: this event file's wording kept."),
                     self.tr("Settle conflict: keep this wording"))  # fmt: skip

    def _keep_theirs(self, conflict_id: str) -> None:
        self._settle(lambda workshop: merge.keep_theirs(workshop, conflict_id),
                     self.tr("Conflict settled: the table file's wording taken."),
                     self.tr("Settle conflict: take the table's wording"))  # fmt: skip

    def _resolve_conflict(self, conflict_id: str, text: str) -> None:
        self._settle(lambda workshop: merge.resolve_conflict(workshop, conflict_id, text),
                     self.tr("Conflict settled with the edited wording."),
                     self.tr("Settle conflict: save the edited wording"))  # fmt: skip
