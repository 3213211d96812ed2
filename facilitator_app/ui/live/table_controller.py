"""The scribe's live room in the window: *Join the room…*, *Leave the room*, the status label,
the facilitator's timer and set-up; made once by the main window, which only tells it which file
and table it shows (:meth:`TableSessionController.follow`).

Nothing here is on the typing path: points are stored by the capture view as always, and the
session reads the file on its own thread. Leaving (closing the file, another table, quitting)
only asks the client to stop; it finishes in the background, and a quit does not wait for it:
the file is the truth and a re-send on the next join is harmless.

The network code (websockets, zeroconf, cryptography) is imported the first time the scribe
asks to join, never at start-up.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from facilitator_app.ui.live.live_status import LiveStatusLabel

if TYPE_CHECKING:
    from facilitator_app.live.table import TableStatus, TimerState
    from facilitator_app.ui.live.join_dialog import JoinDialog, JoinRequest
    from facilitator_app.ui.live.room_browser import Browse, RoomBrowser
    from facilitator_app.ui.live.room_panel import RoomPanel
    from facilitator_app.ui.live.table_session import LiveLoop, TableSession
    from facilitator_app.ui.operations import Operations


class RemembersHosts(Protocol):
    """Where each table file last joined, and the room it is still in (the preferences)."""

    def last_host(self, path: Path) -> str: ...
    def remember_host(self, path: Path, host: str) -> None: ...
    def room_of(self, path: Path) -> str: ...
    def remember_room(self, path: Path, room: str) -> None: ...
    def forget_room(self, path: Path) -> None: ...


#: How long after it was last in the room a table file opened again joins by itself: a day's
#: event, with its breaks; a file opened days later to look at it stays offline.
REJOIN_WITHIN_SECONDS = 12 * 60 * 60


def room_entry(request: JoinRequest, now: float) -> str:
    """What is remembered of a room the table is in (see :func:`remembered_request`)."""
    fields = [request.address, request.port, request.code, request.table_id, request.table]
    return json.dumps([*fields, now])


def remembered_request(entry: str, table_id: str, now: float) -> JoinRequest | None:
    """The join to make again for ``table_id``, if the file was in a room lately as that
    table; anything unreadable is no join."""
    from facilitator_app.ui.live.join_dialog import JoinRequest

    try:
        address, port, code, remembered_table, table, when = json.loads(entry)
        request = JoinRequest(str(address), int(port), str(code), str(remembered_table), str(table))
        recent = 0 <= now - float(when) <= REJOIN_WITHIN_SECONDS
    except (ValueError, TypeError):
        return None
    return request if recent and request.table_id == table_id else None


class FollowsRounds(Protocol):
    """The table's discussion timer, which follows the facilitator's round."""

    def follow(self, state: str, minutes: int, remaining: float) -> None: ...


class TableSessionController(QObject):
    #: The scribe chose another table to join as: the window shows that table first.
    table_requested = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        timer: FollowsRounds,
        remembered: RemembersHosts,
        *,
        browse: Browse | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.timer = timer
        self.remembered = remembered
        #: What looks for rooms on the network (mDNS unless a test scripts it).
        self.browse = browse
        self.join_action = QAction(self.tr("&Join the room…"), window)
        self.join_action.setShortcut("Ctrl+Shift+J")
        self.join_action.setStatusTip(
            self.tr("Send this table's points to the facilitator's laptop as you type")
        )
        self.join_action.triggered.connect(self.join)
        self.leave_action = QAction(self.tr("&Leave the room"), window)
        self.leave_action.setStatusTip(
            self.tr("Stop sending; the points stay on this laptop and go on the next join")
        )
        self.leave_action.triggered.connect(self.leave_room)
        self.room_action = QAction(self.tr("Show the room's &points…"), window)
        self.room_action.setStatusTip(
            self.tr("Every table's points, while the facilitator shares them for the plenary")
        )
        self.room_action.triggered.connect(self.show_room)
        #: Every table's points while the facilitator shares them ([] when not).
        self.room_points: list[dict[str, Any]] = []
        self.room_panel: RoomPanel | None = None
        self.status_label = LiveStatusLabel(window)
        window.statusBar().addPermanentWidget(self.status_label)
        self.room_session: TableSession | None = None
        self.dialog: JoinDialog | None = None
        self._browser: RoomBrowser | None = None
        self._loop: LiveLoop | None = None
        self._path: Path | None = None
        self._table_id: str | None = None
        self._operations: Operations | None = None
        #: The last timer the facilitator's laptop sent (None before any).
        self.last_round: TimerState | None = None
        self._following_rounds = False
        self._refusal_said = ""
        self._update_actions()

    @property
    def actions(self) -> list[QAction]:
        return [self.join_action, self.leave_action, self.room_action]

    @property
    def loop(self) -> LiveLoop:
        if self._loop is None:
            from facilitator_app.ui.live.table_session import LiveLoop

            self._loop = LiveLoop()
        return self._loop

    # --- what the window tells it --------------------------------------------------------------

    def follow(
        self, path: Path | None, table_id: str | None, operations: Operations | None
    ) -> None:
        """The file and table the window shows now (None: none); another one leaves the room.

        A table file opened that was in the live room when the app last let it go (closed,
        quit, a crash or a flat battery) joins again by itself, once capture is up.
        """
        previous = self._path
        if (path, table_id, operations) != (self._path, self._table_id, self._operations):
            self.leave()
            if self.dialog is not None and table_id is None:
                self.dialog.reject()
        self._path, self._table_id, self._operations = path, table_id, operations
        self._update_actions()
        if (
            path is not None
            and path != previous
            and self.join_action.isEnabled()
            and self.remembered.room_of(path)
        ):
            QTimer.singleShot(0, self._join_again)

    def _join_again(self) -> None:
        if self._path is None or self._table_id is None or not self.join_action.isEnabled():
            return
        entry = self.remembered.room_of(self._path)
        request = remembered_request(entry, self._table_id, time.time()) if entry else None
        if request is None:
            return
        self._start(request)
        self.window.statusBar().showMessage(
            self.tr("Joining the live room again at %1 as %2…")
            .replace("%1", request.where)
            .replace("%2", request.table),
            10_000,
        )

    # --- joining -------------------------------------------------------------------------------

    def join(self) -> None:
        """Ask where the room is and its code; the dialog stays open until the host answers."""
        if self._path is None or self._table_id is None or self._operations is None:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        from facilitator_app.core.event import list_tables
        from facilitator_app.ui.live.join_dialog import JoinDialog
        from facilitator_app.ui.live.room_browser import RoomBrowser

        tables = list_tables(self._operations.workshop)
        dialog = JoinDialog(
            tables, self._table_id, last_address=self.remembered.last_host(self._path),
            parent=self.window,
        )  # fmt: skip
        dialog.join_requested.connect(self._start)
        dialog.rejected.connect(self._join_cancelled)
        dialog.finished.connect(self._dialog_closed)
        self._browser = RoomBrowser(self.loop, self.browse, self)
        self._browser.rooms_changed.connect(dialog.set_rooms)
        self._browser.start()
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()

    def _start(self, request: JoinRequest) -> None:
        from facilitator_app.ui.live.table_session import TableSession

        self.leave()
        if request.table_id != self._table_id:
            self.table_requested.emit(request.table_id)  # the window follows: a new table
        if self._path is None or self._table_id != request.table_id:
            return
        session = TableSession(
            self.loop, self._path, address=request.address, port=request.port,
            code=request.code, table=request.table, parent=self,
        )  # fmt: skip
        session.joined.connect(lambda: self._joined(session, request))
        session.refused.connect(lambda reason: self._refused(session, reason))
        session.status_changed.connect(lambda status: self._status(session, status))
        session.setup_applied.connect(lambda: self._setup_applied(session))
        session.timer_pushed.connect(lambda timer: self._timer(session, timer))
        session.room_shared.connect(lambda points: self._room_shared(session, points))
        session.ended.connect(session.deleteLater)
        self.room_session = session
        self._following_rounds = False
        self.status_label.joining(request.where, request.table)
        self._update_actions()

    def _joined(self, session: TableSession, request: JoinRequest) -> None:
        if session is not self.room_session:
            return
        if self._path is not None:
            self.remembered.remember_host(self._path, request.where)
            self.remembered.remember_room(self._path, room_entry(request, time.time()))
        if self.dialog is not None:
            self.dialog.joined()

    def _refused(self, session: TableSession, reason: str) -> None:
        if session is not self.room_session:
            return
        self.room_session = None
        if self._path is not None:  # joining again by itself would be refused again
            self.remembered.forget_room(self._path)
        self.status_label.left()
        self._update_actions()
        if self.dialog is not None:
            self.dialog.refused(reason)
        else:
            self.window.statusBar().showMessage(
                self.tr("Left the live room: %1").replace("%1", reason), 30_000
            )

    def _join_cancelled(self) -> None:
        session = self.room_session
        if session is not None and not session.has_joined:
            self.leave()

    def _dialog_closed(self) -> None:
        if self._browser is not None:
            self._browser.stop()
            self._browser.deleteLater()
            self._browser = None
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    # --- in the room ---------------------------------------------------------------------------

    def _status(self, session: TableSession, status: TableStatus) -> None:
        if session is not self.room_session:
            return
        if status.refused and status.refused != self._refusal_said:
            self.window.statusBar().showMessage(
                self.tr("The facilitator's laptop did not take this table's file: %1").replace(
                    "%1", status.refused
                ),
                60_000,
            )
        self._refusal_said = status.refused
        self.status_label.show_status(status)

    def _setup_applied(self, session: TableSession) -> None:
        """The facilitator's new question or theme is in the file: every view shows it."""
        if session is self.room_session and self._operations is not None:
            from facilitator_app.core.changes import Changes, Kind

            self._operations.announce(Changes.of(Kind.QUESTIONS, Kind.THEMES), None)

    def _timer(self, session: TableSession, timer: TimerState) -> None:
        """The facilitator's round on the table's timer; until the facilitator first starts
        one, the table keeps its own (joining sends the host's idle timer too)."""
        if session is not self.room_session:
            return
        self.last_round = timer
        if timer.state != "reset" or self._following_rounds:
            self._following_rounds = True
            self.timer.follow(timer.state, timer.minutes, timer.remaining)

    def _room_shared(self, session: TableSession, points: list[dict[str, Any]]) -> None:
        if session is not self.room_session:
            return
        newly = points and not self.room_points
        self.room_points = points
        self._update_actions()
        if newly and self.room_panel is None:
            self.window.statusBar().showMessage(
                self.tr("The facilitator shared every table's points: Room > Show the room's "
                        "points"), 30_000,
            )  # fmt: skip
        if self.room_panel is not None:
            self._fill_room_panel(self.room_panel)

    def show_room(self) -> None:
        """The room's points in a window of their own, beside the typing."""
        if self.room_panel is None:
            from facilitator_app.ui.live.room_panel import RoomPanel

            self.room_panel = RoomPanel(self.window)
            self.room_panel.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.room_panel.destroyed.connect(self._room_panel_gone)
        self._fill_room_panel(self.room_panel)
        self.room_panel.show()
        self.room_panel.raise_()
        self.room_panel.activateWindow()

    def _fill_room_panel(self, panel: RoomPanel) -> None:
        questions: dict[str, str] = {}
        themes: dict[str, str] = {}
        if self._operations is not None:
            from facilitator_app.core.event import list_questions, list_themes

            workshop = self._operations.workshop
            questions = {q.id: f"{q.number} · {q.text}" for q in list_questions(workshop)}
            themes = {t.id: t.name for t in list_themes(workshop)}
        panel.show_points(self.room_points, questions, themes)

    def _room_panel_gone(self) -> None:
        self.room_panel = None

    # --- leaving -------------------------------------------------------------------------------

    def leave_room(self) -> None:
        """The scribe leaves the room: the file no longer joins by itself when opened."""
        if self._path is not None:
            self.remembered.forget_room(self._path)
        self.leave()

    def leave(self) -> None:
        """Stop sending, without waiting: the client winds down on its own thread (the file
        stays in the room, to join again when next opened: see :meth:`leave_room`)."""
        session, self.room_session = self.room_session, None
        if session is not None:
            session.leave()
        self.room_points = []
        if self.room_panel is not None:
            self.room_panel.close()
        self.status_label.left()
        self._update_actions()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Leave and wait for the live room's thread to finish (tests; a quit never waits)."""
        self.leave()
        if self._browser is not None:
            self._browser.stop()
        if self._loop is not None:
            self._loop.stop(timeout)
            self._loop = None

    def _update_actions(self) -> None:
        capturing = self._table_id is not None and self._operations is not None
        writable = capturing and self._operations is not None and not self._operations.read_only
        self.join_action.setEnabled(bool(writable) and self.room_session is None)
        self.leave_action.setEnabled(self.room_session is not None)
        self.room_action.setEnabled(bool(self.room_points))
