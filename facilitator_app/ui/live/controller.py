"""Hosting the live room from the facilitator's window: the Room menu and everything it drives.

The main window makes one :class:`HostingController` and tells it when the open file closes;
the rest is wired here, so the window itself stays a thing of a few lines:

- *Host the room…* opens :class:`~facilitator_app.ui.live.host_dialog.HostDialog` (on an open,
  writable event file, in the facilitator's set-up, not while this laptop captures a table),
  which starts a :class:`~facilitator_app.ui.live.hosting.HostingSession`;
- what the host merges reaches every view through the open file's one change path: each burst
  of merges is announced once on :meth:`Operations.announce
  <facilitator_app.ui.operations.Operations.announce>` (points, links, merges, conflicts; and
  the set-up kinds when a table brought a question or theme), so review, report, set-up and the
  room wall refresh from the one signal;
- the discussion timer's start, pause and reset, a set-up change (a question or theme added or
  renamed, heard on the same change signal) and the *Let tables see every table's points*
  toggle are pushed to every table.

The host's merges and the app's own writes share the event file through SQLite's locking: each
takes the write lock at once (``BEGIN IMMEDIATE``) and waits its busy timeout for the other, and
a live merge is one table's small file, so neither is refused for the other (and a merge that
did find the file busy is tried again by the host a second later). The views are not made
read-only for each merge, which would flash a notice every second while tables type.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from facilitator_app.ui.live.hosting import QUIT_WAIT_SECONDS, HostingSession, RoomInfo

if TYPE_CHECKING:
    from facilitator_app.core.changes import Changes
    from facilitator_app.core.store import Workshop
    from facilitator_app.live.host import TableState
    from facilitator_app.ui.live.host_dialog import HostDialog
    from facilitator_app.ui.live.projector import ProjectorWindow
    from facilitator_app.ui.live.room_wall import RoomWall
    from facilitator_app.ui.operations import Operations
    from facilitator_app.ui.widgets.timer import DiscussionTimer
    from facilitator_app.ui.widgets.timer_dock import TimerDock

#: Shows the projector window (again: hides it).
PROJECTOR_SHORTCUT = "F8"
#: The room wall dock's name in the window's saved layout.
WALL_DOCK_NAME = "roomWallDock"
#: The share of the window's height the room wall first takes.
WALL_SHARE = 0.5
#: A burst of merges is announced once, this long after its first (milliseconds).
ANNOUNCE_AFTER_MS = 250


def merged_changes(*, setup: bool) -> Changes:
    """What a live merge may have changed: points, links, merges and conflicts; and, when a
    table brought set-up rows (a merge adds them, never renames or removes), the set-up."""
    from facilitator_app.core.changes import Changes, Kind

    changes = Changes.of(Kind.POINTS, Kind.LINKS, Kind.MERGES, Kind.CONFLICTS)
    if setup:
        changes |= Changes.of(Kind.QUESTIONS, Kind.THEMES, Kind.TABLES, Kind.PARTICIPANTS)
    return changes


class _Document(Protocol):
    """What hosting needs to know of the open file."""

    @property
    def path(self) -> Path: ...
    @property
    def read_only(self) -> bool: ...
    @property
    def table_id(self) -> str | None: ...


class _RoomPreferences(Protocol):
    room_host_address: str
    room_host_port: int


class _SavedLayout(Protocol):
    @property
    def main_state(self) -> QByteArray: ...


class HostWindow(Protocol):
    """What the controller needs of the facilitator's window beyond Qt's own (a Protocol, so
    this package does not import the shell that builds it)."""

    @property
    def document(self) -> _Document | None: ...
    @property
    def operations(self) -> Operations | None: ...
    @property
    def preferences(self) -> _RoomPreferences: ...
    @property
    def window_state(self) -> _SavedLayout: ...
    @property
    def timer_dock(self) -> TimerDock: ...


class HostingController(QObject):
    """The facilitator's side of the live room in the window: menu, dialog, wall, projector."""

    def __init__(self, window: QMainWindow, app: HostWindow) -> None:
        """``window`` for menus, docks and the status bar; ``app`` (the same window) for what
        it knows of the open file."""
        super().__init__(window)
        self.window = window
        self.app = app
        self.hosting: HostingSession | None = None
        self.dialog: HostDialog | None = None
        self.wall: RoomWall | None = None
        self.wall_dock: QDockWidget | None = None
        self.projector: ProjectorWindow | None = None
        self._operations: Operations | None = None
        self._merged_at: dict[str, object] = {}
        self._setup_seen: object = None
        self._announce = QTimer(self)
        self._announce.setSingleShot(True)
        self._announce.setInterval(ANNOUNCE_AFTER_MS)
        self._announce.timeout.connect(self._announce_merges)
        self._build_menu(window)
        app.timer_dock.timer.state_changed.connect(self._timer_changed)

    # --- the menu ------------------------------------------------------------------------

    def _build_menu(self, window: QMainWindow) -> None:
        tr = self.tr
        self.host_action = QAction(tr("&Host the room…"), window)
        self._host_tip = tr("Let table laptops on this network send their points here as they type")
        self.host_action.triggered.connect(self.show_host_dialog)
        self.stop_action = QAction(tr("&Stop hosting"), window)
        self.stop_action.triggered.connect(lambda: self.stop_hosting())
        self.share_action = QAction(tr("&Let tables see every table's points"), window)
        self.share_action.setCheckable(True)
        self.share_action.toggled.connect(self._share_toggled)
        self.wall_action = QAction(tr("Room &wall"), window)
        self.wall_action.triggered.connect(lambda: self.show_wall().setFocus())
        self.projector_action = QAction(tr("Show on &projector"), window)
        self.projector_action.setShortcut(QKeySequence(PROJECTOR_SHORTCUT))
        self.projector_action.setShortcutVisibleInContextMenu(True)
        self.projector_action.triggered.connect(self.toggle_projector)
        self.menu = room_menu(window)
        for action in (self.host_action, self.stop_action, self.share_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.wall_action)
        self.menu.addAction(self.projector_action)
        self.menu.aboutToShow.connect(self.update_actions)
        # The title names the file, its table and whether it is read-only: exactly what
        # decides whether the room can be hosted, so the actions follow it.
        window.windowTitleChanged.connect(self._window_changed)
        self.update_actions()

    def add_table_actions(self, actions: list[QAction]) -> None:
        """A scribe's actions (join, leave, the room's points) first in the Room menu."""
        self.menu.insertActions(self.host_action, actions)
        self.menu.insertSeparator(self.host_action)

    def update_actions(self) -> None:
        hosting = self.hosting is not None
        reason = self.why_not_host()
        self.host_action.setEnabled(not reason or hosting)
        self.host_action.setStatusTip(reason or self._host_tip)
        self.stop_action.setEnabled(hosting)
        self.share_action.setEnabled(self.hosting is not None and self.hosting.info is not None)
        self.wall_action.setEnabled(self.wall is not None)
        self.projector_action.setEnabled(self.wall is not None and self.wall.workshop is not None)

    def _window_changed(self) -> None:
        """The file, its table or its read-only state changed: a room hosted on a file that
        this laptop now captures a table of is stopped (the event file is the facilitator's)."""
        reason = self.why_not_host()
        if self.hosting is not None and reason and self.app.document is not None:
            self.stop_hosting()
            self.window.statusBar().showMessage(
                self.tr("Stopped hosting the room: %1").replace("%1", reason), 10_000
            )
        self.update_actions()

    def why_not_host(self) -> str:
        """Why the room cannot be hosted now ("" when it can)."""
        document = self.app.document
        if document is None:
            return self.tr("Open the event file first, then host the room.")
        if document.read_only:
            return self.tr("The event file is open read-only here, so it cannot take points.")
        if document.table_id is not None:
            return self.tr(
                "This laptop is capturing a table: choose the facilitator's set-up (Ctrl+T) to "
                "host the room."
            )
        return ""

    # --- starting ------------------------------------------------------------------------

    def show_host_dialog(self) -> None:
        """The dialog: where to listen, or (while hosting) the code and address."""
        reason = self.why_not_host()
        if reason and self.hosting is None:
            self.window.statusBar().showMessage(reason, 10_000)
            return
        if self.dialog is None:
            from facilitator_app.ui.live.host_dialog import HostDialog, local_ipv4_addresses

            preferences = self.app.preferences
            addresses = local_ipv4_addresses()
            self.dialog = HostDialog(
                addresses,
                address=preferences.room_host_address or addresses[0].address,
                port=preferences.room_host_port,
                parent=self.window,
            )
            self.dialog.start_requested.connect(self.start_hosting)
            self.dialog.stop_requested.connect(self.stop_hosting)
        if self.hosting is not None and self.hosting.info is not None:
            self.dialog.show_hosting(self.hosting.info)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def start_hosting(self, address: str, port: int) -> None:
        document = self.app.document
        if self.hosting is not None or document is None or self.why_not_host():
            return
        preferences = self.app.preferences
        preferences.room_host_address = address
        preferences.room_host_port = port
        self.hosting = HostingSession(
            document.path, address=address, port=port,  # the room's code is kept beside the file
            parent=self,
        )  # fmt: skip
        session = self.hosting
        session.started.connect(self._only_from(session, self._started))
        session.failed.connect(self._only_from(session, self._failed))
        session.table_changed.connect(self._only_from(session, self._table_changed))
        session.refused.connect(self._only_from(session, self._connection_refused))
        self.window.statusBar().showMessage(self.tr("Opening the room…"))
        self.hosting.start()
        self.update_actions()

    def _only_from(self, session: HostingSession, slot: Callable[..., None]) -> Callable[..., None]:
        """News from ``session`` while it is the room (not queued before it stopped)."""

        def forward(*values: object) -> None:
            if session is self.hosting:
                slot(*values)

        return forward

    def _started(self, info: RoomInfo) -> None:
        document, operations = self.app.document, self.app.operations
        if self.hosting is None or document is None or operations is None:
            return
        self._operations = operations
        operations.changed.connect(self._file_changed)
        self._merged_at = {state.table_id: state.last_change for state in info.tables}
        self._setup_seen = _setup_fingerprint(operations.workshop)
        wall = self.show_wall()
        wall.show_room(info)
        wall.set_workshop(operations.workshop)
        timer = self.app.timer_dock.timer  # tables joining now get the host's timer
        self.hosting.set_timer(
            _timer_state(timer), timer.minutes.value(), timer.remaining_seconds()
        )
        if self.dialog is not None:
            self.dialog.show_hosting(info)
        self.window.statusBar().showMessage(
            self.tr("Hosting the room: join code %1 at %2")
            .replace("%1", info.code)
            .replace("%2", info.where)
        )
        self.update_actions()

    def _failed(self, message: str) -> None:
        session, self.hosting = self.hosting, None
        if session is not None:
            session.stop(wait=1.0)
            session.deleteLater()
        self.window.statusBar().showMessage(message, 10_000)
        if self.dialog is not None:
            self.dialog.show_choice(message)
        self.update_actions()

    # --- while hosting -------------------------------------------------------------------

    def _table_changed(self, state: TableState) -> None:
        if self.wall is not None:
            self.wall.tables.update(state)
        if self._merged_at.get(state.table_id) != state.last_change:
            self._merged_at[state.table_id] = state.last_change
            if not self._announce.isActive():
                self._announce.start()  # once for a burst of merges

    def _connection_refused(self, peer: str, reason: str) -> None:
        if self.wall is not None:
            self.wall.note_refusal(peer, reason)

    def _announce_merges(self) -> None:
        """The host merged into the open file: tell every view, once for the burst."""
        operations = self._operations
        if operations is None:
            return
        setup = _setup_fingerprint(operations.workshop)
        changes = merged_changes(setup=setup != self._setup_seen)
        self._setup_seen = setup
        operations.announce(changes, None)

    def _file_changed(self, changes: Changes, _initiator: object) -> None:
        """Any change to the open file (a view's, an undo, a merge): the wall follows, and a
        change to the questions or themes goes to every table."""
        from facilitator_app.core.changes import Kind

        shown = (Kind.POINTS, Kind.QUESTIONS, Kind.THEMES, Kind.TABLES, Kind.CONSOLIDATIONS)
        if self.wall is not None and changes.touches(*shown):  # not a report's paragraph
            self.wall.refresh()
        if self.hosting is not None and changes.touches(Kind.QUESTIONS, Kind.THEMES):
            if self._operations is not None:
                self._setup_seen = _setup_fingerprint(self._operations.workshop)
            self.hosting.push_setup()

    def _timer_changed(self, state: str) -> None:
        if self.hosting is not None and self.hosting.info is not None:
            timer = self.app.timer_dock.timer  # the room follows the facilitator's own timer
            self.hosting.set_timer(state, timer.minutes.value(), timer.remaining_seconds())

    def release_table(self, name: str) -> None:
        """A table's laptop was lost: the next laptop to join as that table is let in."""
        if self.hosting is None:
            return
        self.hosting.release_table(name)
        self.window.statusBar().showMessage(
            self.tr("The next laptop to join as %1 will be let in.").replace("%1", name), 10_000
        )

    def _share_toggled(self, allowed: bool) -> None:
        if self.wall is not None and self.wall.share.isChecked() != allowed:
            self.wall.share.setChecked(allowed)
        if self.hosting is not None:
            self.hosting.share_points(allowed)

    # --- stopping ------------------------------------------------------------------------

    def stop_hosting(self, wait: float | None = None, *, closing: bool = False) -> None:
        """Stop the room (what already arrived is merged first; a few seconds at most).

        The views then hear of the last merges, unless the file is ``closing`` (they would
        read a large event once more only to let it go)."""
        session, self.hosting = self.hosting, None
        if session is None:
            return
        self._announce.stop()
        if self._operations is not None:
            self._operations.changed.disconnect(self._file_changed)
        if wait is None:
            session.stop()
        else:
            session.stop(wait)
        session.deleteLater()
        if self._operations is not None and not closing:  # the last merges, not yet heard of
            self._announce_merges()
        self._operations = None
        self.share_action.setChecked(False)
        if self.wall is not None:
            self.wall.room_closed()
        if self.dialog is not None:
            self.dialog.show_choice()
        self.window.statusBar().showMessage(
            self.tr("Stopped hosting; the event file holds every point merged."), 10_000
        )
        self.update_actions()

    def file_closing(self) -> None:
        """The open file is closing (or the window): stop promptly, forget what was shown."""
        self.stop_hosting(QUIT_WAIT_SECONDS, closing=True)
        if self.projector is not None:
            self.projector.close()
        if self.wall is not None:
            self.wall.set_workshop(None)
        if self.wall_dock is not None:
            self.wall_dock.hide()  # nothing to show until a room is hosted again
        if self.dialog is not None:
            self.dialog.close()
        self.update_actions()

    # --- the wall and the projector ------------------------------------------------------

    def show_wall(self) -> RoomWall:
        """The room wall dock, built the first time it is needed, shown."""
        if self.wall is None or self.wall_dock is None:
            from facilitator_app.ui.live.room_wall import RoomWall

            self.wall = RoomWall()
            self.wall.share.toggled.connect(self.share_action.setChecked)
            self.wall.release_requested.connect(self.release_table)
            self.wall_dock = QDockWidget(self.tr("Room wall"), self.window)
            self.wall_dock.setObjectName(WALL_DOCK_NAME)
            self.wall_dock.setAccessibleName(self.tr("Room wall"))
            self.wall_dock.setWidget(self.wall)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.wall_dock)
            # Placed where the facilitator left it, if the window's saved layout has it (Qt
            # says "restored" either way, so the saved layout is asked by the dock's name).
            first_time = WALL_DOCK_NAME.encode() not in bytes(
                self.app.window_state.main_state.data()
            )
            self.window.restoreDockWidget(self.wall_dock)
        else:
            first_time = False
        self.wall_dock.show()
        self.wall_dock.raise_()
        if first_time:
            self._first_place(self.wall_dock)
        return self.wall

    def _first_place(self, dock: QDockWidget) -> None:
        """Room enough for a few tables and a screenful of points: below the view, or (where
        the view leaves too little of a small laptop's screen) floated over the lower half."""
        window = self.window
        height = int(window.height() * WALL_SHARE)
        central = window.centralWidget()
        room = window.height() - (central.minimumSizeHint().height() if central else 0)
        if room >= height:
            window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
            return
        dock.setFloating(True)
        area = window.geometry()
        dock.setGeometry(area.left(), area.bottom() - height, area.width(), height)
        QTimer.singleShot(0, lambda: _keep_on_screen(dock))

    def toggle_projector(self) -> None:
        """Show every table's points on the projector's screen; again: close it."""
        if self.projector is not None:
            self.projector.close()
            return
        if self.wall is None or self.wall.workshop is None:
            self.window.statusBar().showMessage(
                self.tr("Host the room first: the projector shows the room's points."), 10_000
            )
            return
        from facilitator_app.ui.live.projector import ProjectorWindow, projector_screen

        document = self.app.document
        title = self.tr("%1 — the room").replace("%1", document.path.stem if document else "")
        self.projector = ProjectorWindow(self.wall.points, title, QKeySequence(PROJECTOR_SHORTCUT))
        self.projector.closed.connect(self._projector_closed)
        self.projector.show_on(projector_screen(self.window))

    def _projector_closed(self) -> None:
        projector, self.projector = self.projector, None
        if projector is not None:
            projector.deleteLater()


def room_menu(window: QMainWindow) -> QMenu:
    """The window's Room menu (made once, before Help, and shared with *Join the room*)."""
    existing = window.menuBar().findChild(QMenu, "roomMenu")
    if isinstance(existing, QMenu):
        return existing
    menu = QMenu(window.tr("&Room"), window.menuBar())
    menu.setObjectName("roomMenu")
    actions = window.menuBar().actions()
    help_action = actions[-1] if actions else None
    if help_action is not None:
        window.menuBar().insertMenu(help_action, menu)
    else:
        window.menuBar().addMenu(menu)
    return menu


def _timer_state(timer: DiscussionTimer) -> str:
    """The timer as the host pushes it: running, paused part-way, or reset."""
    if timer.is_running():
        return "running"
    if timer.remaining_seconds() < timer.minutes.value() * 60:
        return "paused"
    return "reset"


def _setup_fingerprint(workshop: Workshop) -> object:
    """What the set-up holds, to tell whether a merge brought a question, theme or person."""
    from facilitator_app.core import event

    return (
        tuple(event.list_questions(workshop)),
        tuple(event.list_themes(workshop)),
        tuple(event.list_tables(workshop)),
        tuple(event.list_participants(workshop)),
    )


def _keep_on_screen(dock: QDockWidget) -> None:
    """Move a floated dock up until its frame (title bar included) ends on the screen."""
    screen = dock.screen()
    if screen is None:
        return
    overflow = dock.frameGeometry().bottom() - screen.availableGeometry().bottom()
    if overflow > 0:
        dock.move(dock.x(), max(screen.availableGeometry().top(), dock.y() - overflow))
