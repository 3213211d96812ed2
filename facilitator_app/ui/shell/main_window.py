"""The main window: hosts the views by mode and wires them together; little logic of its own.

Modes: Start, Set-up, Capture, Merge, Review, Report, shown one at a time under a tab bar
(Ctrl+1…6). Opening a file takes its lock, asks which table this laptop is, and shows capture
for that table (or the set-up for the facilitator). The status bar says when the last change
was stored; there is no Save. The open file's :class:`Operations` (one per file) is handed to
every view: one undo history, one ``changed`` signal the status and title bars follow too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from facilitator_app import APP_NAME
from facilitator_app.core.errors import WorkshopError
from facilitator_app.ui.live.controller import HostingController
from facilitator_app.ui.live.table_controller import TableSessionController
from facilitator_app.ui.shell.actions import build_actions, build_menus
from facilitator_app.ui.shell.dialogs import UserDialogs
from facilitator_app.ui.shell.document_views import DocumentViews, Mode
from facilitator_app.ui.shell.event_files import EventFiles, dropped_workshop_files, workshop_files
from facilitator_app.ui.shell.hand_in_flow import HandInFlow
from facilitator_app.ui.shell.settings import Preferences, WindowState
from facilitator_app.ui.shell.start_page import StartPage
from facilitator_app.ui.shell.table_picker import FACILITATOR
from facilitator_app.ui.shell.view_slot import ViewSlot
from facilitator_app.ui.shell.zoom import ZoomController
from facilitator_app.ui.widgets.timer_dock import TIMER_DOCK_WIDTH, TimerDock

if TYPE_CHECKING:
    from facilitator_app.core.changes import Changes
    from facilitator_app.core.records import TableInfo
    from facilitator_app.ui.capture import CaptureView
    from facilitator_app.ui.merge.view import MergeView
    from facilitator_app.ui.operations import Operations
    from facilitator_app.ui.report.view import ReportView
    from facilitator_app.ui.review.view import ReviewView
    from facilitator_app.ui.setup import SetupView
    from facilitator_app.ui.shell.document import OpenDocument


class MainWindow(QMainWindow):
    document_opened = Signal(Path)
    stored_at = Signal(str)

    def __init__(
        self,
        preferences: Preferences,
        window_state: WindowState,
        *,
        data_dir: Path,
        dialogs: UserDialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.preferences = preferences
        self.window_state = window_state
        self.data_dir = data_dir
        self.dialogs = dialogs or UserDialogs(self)
        self.document: OpenDocument | None = None
        #: The open file's change path: one undo history, one change signal, for every view.
        self.operations: Operations | None = None
        self.capture_view: CaptureView | None = None  # of the chosen table

        self.zoom = ZoomController(preferences, self)
        self.event_files = EventFiles(self.dialogs, preferences, data_dir, self)
        self.hand_in_flow = HandInFlow(self.dialogs, preferences, self)
        self.undo_group = QUndoGroup(self)
        names = [self.tr("Start"), self.tr("Set-up"), self.tr("Capture"), self.tr("Merge"),
                 self.tr("Review"), self.tr("Report")]  # fmt: skip
        self.window_actions = build_actions(self, self.undo_group, names)
        self.timer_dock = TimerDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.timer_dock)
        # Narrow enough that three question columns still fit beside it at 1366 wide.
        self.resizeDocks([self.timer_dock], [TIMER_DOCK_WIDTH], Qt.Orientation.Horizontal)
        #: The scribe's live room: join, leave, its status label, the facilitator's pushes.
        self.live = TableSessionController(self, self.timer_dock, preferences)
        self.live.table_requested.connect(self._show_table)
        build_menus(self, self.window_actions, [self.timer_dock.toggleViewAction()])
        self.room = HostingController(self, self)  # the Room menu: hosting the live room
        self.room.add_table_actions(self.live.actions)  # and, first, joining it

        self.start_page = StartPage(self)
        self.capture_slot = ViewSlot(self.tr("Open an event file and pick a table."), self)
        #: Set-up, merge, review and report: each built when first shown, never at open.
        self.views = DocumentViews(self, self)
        views = self.views
        self.stack = QStackedWidget(self)
        for page in (self.start_page, views.setup_slot, self.capture_slot, views.merge_slot,
                     views.review_slot, views.report_slot):  # fmt: skip
            self.stack.addWidget(page)
        self.mode_bar = QTabBar(self)
        self.mode_bar.setObjectName("modeBar")
        self.mode_bar.setAccessibleName(self.tr("Views"))
        self.mode_bar.setExpanding(False)
        self.mode_bar.setDrawBase(True)
        for number, name in enumerate(names, start=1):
            self.mode_bar.addTab(name)
            self.mode_bar.setTabToolTip(number - 1, f"Ctrl+{number}")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.mode_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.stored_label = QLabel(self.tr("Every change is stored as you make it"), self)
        self.stored_label.setAccessibleName(self.tr("Last stored"))
        self.stored_label.setContentsMargins(8, 0, 8, 0)
        self.file_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.stored_label)

        self._connect_signals()
        self.start_page.set_recent_files(preferences.recent_files)
        self._update_state()
        self._restore_window()
        self.show_mode(Mode.START)

    # --- wiring --------------------------------------------------------------------------

    def _connect_signals(self) -> None:
        a = self.window_actions
        a.new_event.triggered.connect(self.new_event)
        a.open_file.triggered.connect(self.open_with_dialog)
        a.open_sample.triggered.connect(self.open_sample)
        a.change_table.triggered.connect(self.change_table)
        a.hand_in.triggered.connect(self.hand_in)
        self.hand_in_flow.progress.connect(self._hand_in_progress)
        a.close_file.triggered.connect(self.close_document)
        a.quit.triggered.connect(self.close)
        a.unlock_setup.triggered.connect(self.unlock_setup)
        a.zoom_in.triggered.connect(self.zoom.zoom_in)
        a.zoom_out.triggered.connect(self.zoom.zoom_out)
        a.zoom_reset.triggered.connect(self.zoom.reset)
        a.about.triggered.connect(self.show_about)
        a.recent_menu.aboutToShow.connect(lambda: self.event_files.fill_recent_menu(a.recent_menu))
        self.event_files.open_requested.connect(self.open_path)
        for mode, action in zip(Mode, a.modes, strict=True):
            action.triggered.connect(lambda _checked=False, m=mode: self.show_mode(m))
        self.mode_bar.currentChanged.connect(lambda index: self.show_mode(Mode(index)))

        self.start_page.new_event_requested.connect(self.new_event)
        self.start_page.open_requested.connect(self.open_with_dialog)
        self.start_page.sample_requested.connect(self.open_sample)
        self.start_page.recent_chosen.connect(self.open_path)
        self.start_page.forget_requested.connect(self._forget_recent)

    # --- opening and closing files -------------------------------------------------------

    def open_with_dialog(self) -> None:
        path = self.dialogs.open_path(self.preferences.last_folder)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, table: str | None = None) -> bool:
        """Open a workshop file, ask for the table (unless ``table`` names one), show it."""
        path = Path(path)
        if self.document is not None and self.document.path == path.resolve():
            return self.change_table() if table is None else self._choose_table_named(table)
        if not self.close_document():
            return False
        from facilitator_app.ui.shell.document import open_document

        try:
            document = open_document(path, self)
        except WorkshopError as error:
            self.dialogs.warn(self.tr("Cannot open the file"), str(error))
            if not path.exists():
                self.start_page.set_recent_files(self.preferences.recent_files)
            return False
        self.document = document
        self.preferences.remember_file(document.path)
        self.start_page.set_recent_files(self.preferences.recent_files)
        self._build_document_views()
        if document.read_only_reason:
            self.dialogs.inform(self.tr("Opened read-only"), document.read_only_reason)
        chosen = self._choose_table_named(table) if table else self.change_table(first=True)
        if not chosen:
            self.close_document()
            return False
        self.document_opened.emit(document.path)
        return True

    def _build_document_views(self) -> None:
        from facilitator_app.ui.operations import Operations

        assert self.document is not None
        workshop = self.document.workshop
        self.operations = Operations(workshop, self)
        self.operations.changed.connect(self._file_changed)
        self.operations.notice.connect(self._show_notice)
        self.operations.busy.connect(self._busy_changed)
        self.undo_group.addStack(self.operations.undo_stack)
        self.undo_group.setActiveStack(self.operations.undo_stack)
        self.views.file_opened()

    @property
    def merge_view(self) -> MergeView:
        """The merge view, built the first time it is needed (shown, or asked for)."""
        return self.views.merge

    @property
    def review_view(self) -> ReviewView:
        """The review view, built the first time it is needed (shown, or asked for)."""
        return self.views.review

    @property
    def report_view(self) -> ReportView:
        """The report view, built the first time it is needed (shown, or asked for)."""
        return self.views.report

    @property
    def setup_view(self) -> SetupView | None:
        """The open file's set-up, built the first time it is needed (shown, flushed…)."""
        return self.views.setup

    def _file_changed(self, changes: Changes, initiator: object) -> None:
        """Every change to the open file, whichever view made it: say it is stored, and let
        the views that show what changed follow (merge, review and report listen for
        themselves; capture's points do too)."""
        from facilitator_app.core.changes import Kind

        self.mark_stored()
        if changes.touches(Kind.EVENT, Kind.TABLES):
            self._update_state()  # the title bar names the file's table
        layout = (Kind.QUESTIONS, Kind.THEMES, Kind.TABLES, Kind.PARTICIPANTS, Kind.EVENT)
        capture = self.capture_view
        if capture is not None and changes.touches(*layout) and initiator is not capture.points:
            self._rebuild_capture_view()
        setup = self.views.built_setup  # one not built yet reads the file when it is
        if setup is not None and initiator is not setup and changes.touches(*layout):
            setup.reload()

    def _rebuild_capture_view(self) -> None:
        """Questions, themes or the table changed elsewhere: capture shows the event anew."""
        assert self.document is not None
        table_id = self.document.table_id
        showing = self.current_mode() is Mode.CAPTURE
        if table_id is None or not any(t.id == table_id for t in self._tables()):
            return
        self._drop_capture_view()
        self._build_capture_view(table_id)
        if showing:
            self.show_mode(Mode.CAPTURE)

    def _tables(self) -> list[TableInfo]:
        from facilitator_app.core.event import list_tables

        assert self.document is not None
        return list_tables(self.document.workshop)

    def _show_notice(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        if self.capture_view is not None and self.current_mode() is Mode.CAPTURE:
            self.capture_view.show_message(message)

    def _busy_changed(self, reason: str) -> None:
        """While a merge writes, no undo either (each view shows its own busy notice)."""
        if self.operations is not None:  # no undo either until the merge is done
            self.undo_group.setActiveStack(None if reason else self.operations.undo_stack)  # type: ignore[arg-type]
        if reason:
            self.statusBar().showMessage(reason)
        else:
            self.statusBar().clearMessage()

    def change_table(self, first: bool = False) -> bool:
        """Ask which table this laptop is and show it; ``False`` if the question was cancelled.

        On opening, the first table is offered; later, the current table (or the set-up).
        """
        if self.document is None:
            return False
        from facilitator_app.core.event import list_tables

        tables = list_tables(self.document.workshop)
        if first:  # reopening: the table this laptop chose last time, if any
            current = self.preferences.last_table(self.document.path)
        else:
            current = self.document.table_id or FACILITATOR
        choice = self.dialogs.pick_table(self.document.path.name, tables, current)
        if choice is None:
            return False
        self._show_table(None if choice == FACILITATOR else choice)
        return True

    def _choose_table_named(self, name: str) -> bool:
        from facilitator_app.core.event import find_table

        assert self.document is not None
        if name.casefold() in {FACILITATOR, "set-up", "setup"}:
            self._show_table(None)
            return True
        try:
            table = find_table(self.document.workshop, name)
        except WorkshopError as error:
            self.dialogs.warn(self.tr("No such table"), str(error))
            return self.change_table()
        self._show_table(table.id)
        return True

    def _show_table(self, table_id: str | None) -> None:
        """Capture for a table (set-up locked), or the facilitator's set-up (unlocked)."""
        assert self.document is not None
        self.document.table_id = table_id
        self.preferences.remember_table(self.document.path, table_id or FACILITATOR)
        self._drop_capture_view()
        if table_id is not None:
            self._build_capture_view(table_id)
        self._lock_setup_as_needed()
        self._update_state()
        self.live.follow(self.document.path, table_id, self.operations)
        self.show_mode(Mode.CAPTURE if table_id is not None else Mode.SETUP)

    def _build_capture_view(self, table_id: str) -> None:
        from facilitator_app.ui.capture import CaptureView

        assert self.document is not None
        self.capture_view = CaptureView(
            self.document.workshop, table_id, self, operations=self.operations
        )
        self.capture_slot.set_view(self.capture_view)

    def _drop_capture_view(self) -> None:
        """Write any waiting draft, then let the capture view go (its steps stay on the
        file's undo history: undoing them later still works)."""
        if self.capture_view is None:
            return
        self.capture_view.flush_drafts()
        self.capture_view.points.detach()
        self.capture_slot.set_view(None)
        self.capture_view = None

    def _lock_setup_as_needed(self) -> None:
        assert self.document is not None
        if self.document.read_only:
            self.views.lock_setup(
                True, self.tr("This file is open read-only, so the set-up cannot be changed.")
            )
        elif self.document.table_id is not None:
            name = self.table_name() or ""
            self.views.lock_setup(
                True,
                self.tr(
                    "The event set-up is locked while this laptop captures %1, so every table "
                    "keeps the same questions, themes and tables. A facilitator can unlock it."
                ).replace("%1", name),
            )
        else:
            self.views.lock_setup(False)

    def close_document(self) -> bool:
        """Close the open file (everything is already stored); back to the start page."""
        if self.document is None:
            return True
        self.room.file_closing()  # stops hosting the room, promptly
        self.views.flush()
        self._drop_capture_view()
        self.views.file_closing()
        if self.operations is not None:
            self.operations.undo_stack.clear()  # while every view can still hear it
            self.undo_group.removeStack(self.operations.undo_stack)
            self.operations.deleteLater()
            self.operations = None
        self.live.follow(None, None, None)  # leaves the room, without waiting
        self.document.close()
        self.document = None
        self.start_page.set_recent_files(self.preferences.recent_files)
        self._update_state()
        self.show_mode(Mode.START)
        return True

    def new_event(self) -> None:
        path = self.event_files.create_new_event()
        if path is not None:
            self.open_path(path, table=FACILITATOR)

    def sample_path(self) -> Path:
        return self.event_files.sample_path()

    def open_sample(self) -> bool:
        """Build the sample event afresh (unless another copy has it open), then open it."""
        path = self.sample_path()
        if self.document is not None and self.document.path == path.resolve():
            self.close_document()
        return self.event_files.rebuild_sample() and self.open_path(path)

    def open_files(self, paths: list[Path]) -> None:
        """Files handed over by a second launch (or a drop): come forward, open the first."""
        self.bring_forward()
        files = workshop_files(paths)
        if files:
            self.open_path(files[0])

    def bring_forward(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def _forget_recent(self, path: str) -> None:
        self.preferences.forget_file(path)
        self.start_page.set_recent_files(self.preferences.recent_files)

    # --- modes, state, status ------------------------------------------------------------

    def show_mode(self, mode: Mode) -> None:
        if not self.mode_bar.isTabEnabled(mode):
            return
        self.views.bind_when_shown(mode)
        self.stack.setCurrentIndex(mode)
        if self.mode_bar.currentIndex() != mode:
            self.mode_bar.setCurrentIndex(mode)
        for index, action in enumerate(self.window_actions.modes):
            action.setChecked(index == mode)
        if mode == Mode.START:
            self.start_page.focus_first()
        elif mode == Mode.SETUP and self.setup_view is not None:
            self.setup_view.focus_first()
        elif mode == Mode.CAPTURE and self.capture_view is not None:
            focused = QApplication.focusWidget()
            if focused is None or not self.capture_view.isAncestorOf(focused):
                self.capture_view.setFocus()  # its focus proxy: the box it chose (a draft's)

    def current_mode(self) -> Mode:
        return Mode(self.stack.currentIndex())

    def table_name(self) -> str | None:
        if self.document is None or self.document.table_id is None:
            return None
        from facilitator_app.core.event import list_tables

        names = {t.id: t.name for t in list_tables(self.document.workshop)}
        return names.get(self.document.table_id)

    def _update_state(self) -> None:
        document = self.document
        has_file = document is not None
        has_table = has_file and document is not None and document.table_id is not None
        for mode in Mode:
            enabled = mode == Mode.START or (has_file and (mode != Mode.CAPTURE or has_table))
            self.mode_bar.setTabEnabled(mode, enabled)
            self.window_actions.modes[mode].setEnabled(enabled)
        self.window_actions.change_table.setEnabled(has_file)
        self.window_actions.hand_in.setEnabled(has_file and not self.hand_in_flow.busy)
        self.window_actions.close_file.setEnabled(has_file)
        unlockable = (
            has_table and document is not None and not document.read_only
            and self.views.setup_lock[0]
        )  # fmt: skip
        self.window_actions.unlock_setup.setEnabled(bool(unlockable))
        self.setWindowTitle(self._title())
        nothing_stored = self.tr("Nothing can be changed in this file")
        if document is not None and document.read_only:
            self.file_label.setText(self.tr("Read-only"))
            self.stored_label.setText(nothing_stored)  # no claim that changes are stored
        else:
            self.file_label.setText("")
            if self.stored_label.text() == nothing_stored:
                self.stored_label.setText(self.tr("Every change is stored as you make it"))

    def _title(self) -> str:
        if self.document is None:
            return APP_NAME
        where = self.table_name() or self.tr("Facilitator: event set-up")
        read_only = self.tr(" (read-only)") if self.document.read_only else ""
        return f"{self.document.path.name}{read_only} — {where} — {APP_NAME}"

    def mark_stored(self) -> None:
        """Say when the last change reached the disk (every change is stored as it is made)."""
        time = QLocale().toString(QDateTime.currentDateTime().time(), "HH:mm:ss")
        text = self.tr("All changes stored at %1").replace("%1", time)
        self.stored_label.setText(text)
        self.stored_at.emit(text)

    def show_refusal(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.dialogs.warn(self.tr("Not changed"), message)

    def review_conflicts(self) -> None:
        """After a merge, take the facilitator straight to the conflicts to settle."""
        self.show_mode(Mode.REVIEW)
        self.review_view.show_conflicts()

    def unlock_setup(self) -> None:
        if self.document is None or self.document.read_only:
            return
        confirmed = self.dialogs.confirm(
            self.tr("Unlock the event set-up?"),
            self.tr(
                "Changing questions, themes or tables on one laptop during the event makes this "
                "table file differ from the others. Unlock only if you are the facilitator and "
                "mean to change the event."
            ),
            self.tr("Unlock set-up"),
        )
        if confirmed:
            self.views.lock_setup(False)
            self._update_state()
            self.show_mode(Mode.SETUP)

    # --- hand in -------------------------------------------------------------------------

    def hand_in(self) -> None:
        """Ask where, then write the checked copy off the GUI thread (see ``hand_in``)."""
        if self.document is None or self.hand_in_flow.busy:
            return
        self.views.flush()
        self.hand_in_flow.start(self.document.workshop, self.document.table_id, self.table_name())

    def _hand_in_progress(self, message: str) -> None:
        self._update_state()
        if message:
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()

    # --- drops, about, window state ------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # In Merge, dropped files are table files to merge: the merge view takes them.
        if self.current_mode() is not Mode.MERGE and dropped_workshop_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_workshop_files(event)
        if paths and self.current_mode() is not Mode.MERGE:
            event.acceptProposedAction()
            self.open_path(paths[0])

    def show_about(self) -> None:
        from facilitator_app.ui.shell.about import show_about

        show_about(self)

    def _restore_window(self) -> None:
        geometry = self.window_state.main_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self._first_size()
        state = self.window_state.main_state
        if not state.isEmpty():
            self.restoreState(state)

    def _first_size(self) -> None:
        """First start: a generous window, or the whole screen on a small laptop screen."""
        screen = self.screen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.width() < 1500 or available.height() < 900:
            if available is not None:
                self.resize(available.size())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.resize(int(available.width() * 0.85), int(available.height() * 0.85))
            self.move(available.center() - self.rect().center())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.hand_in_flow.busy:
            # A copy is being written (maybe to a slow stick): let it finish, never cut it short.
            self.statusBar().showMessage(self.tr("Finishing the hand-in copy…"))
            self.hand_in_flow.wait(60)
        self.window_state.main_geometry = self.saveGeometry()
        self.window_state.main_state = self.saveState()
        self.close_document()
        super().closeEvent(event)
