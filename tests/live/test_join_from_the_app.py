"""A scribe joins the live room from the app's window: the real join dialog, capture view,
status bar and timer against a real :class:`RoomHost` on 127.0.0.1, running in this process
on its own live-room thread (as the facilitator's laptop would run it).

Rooms "found on the network" come from a scripted browser: the tests send no multicast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from room_helpers import CODE, LOOPBACK, Room, add_as, event_texts, make_room

from facilitator_app.core import event, store
from facilitator_app.core.points import add_point, list_points
from facilitator_app.live.discovery import FoundRoom
from facilitator_app.live.host import RoomHost
from facilitator_app.live.loop_thread import LoopThread
from facilitator_app.live.table import TableClient
from facilitator_app.ui.live.join_dialog import JoinDialog
from facilitator_app.ui.shell import settings
from facilitator_app.ui.shell.dialogs import UserDialogs
from facilitator_app.ui.shell.main_window import MainWindow, Mode

WAIT_MS = 30_000


class TableDialogs(UserDialogs):
    """Answers "which table is this laptop?" with the table under test; nothing else is asked."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.warnings: list[str] = []

    def pick_table(self, file_name: str, tables: Any, current_table_id: Any = None) -> Any:
        return next(t.id for t in tables if t.name == self.table)

    def warn(self, title: str, text: str) -> None:
        self.warnings.append(text)

    def inform(self, title: str, text: str) -> None:
        self.warnings.append(text)


class FacilitatorLaptop:
    """The host, on a live-room thread of its own, started and stopped like the real app."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self.loop = LoopThread("facilitator").start()
        self.port = 0
        self.host: RoomHost | None = None

    def start(self) -> RoomHost:
        self.host = RoomHost(
            self.room.event_path, code=CODE, address=LOOPBACK, port=self.port, advertise=False
        )
        self.loop.submit(self.host.start()).result(30)
        self.port = self.host.port
        return self.host

    def run(self, work: Callable[[RoomHost], Any]) -> None:
        assert self.host is not None
        self.loop.submit(work(self.host)).result(30)

    def stop(self) -> None:
        if self.host is not None:
            host, self.host = self.host, None
            self.loop.submit(host.stop()).result(30)

    def close(self) -> None:
        self.stop()
        self.loop.stop()


@pytest.fixture
def room(tmp_path: Path) -> Room:
    return make_room(tmp_path)


@pytest.fixture
def facilitator(room: Room) -> Iterator[FacilitatorLaptop]:
    laptop = FacilitatorLaptop(room)
    laptop.start()
    yield laptop
    laptop.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, room: Room) -> Iterator[MainWindow]:
    """The app at table one's laptop, its table file open for capture."""
    folder = tmp_path / "settings"
    folder.mkdir()
    settings.use_settings_folder(folder)
    window = MainWindow(
        settings.Preferences(),
        settings.WindowState(),
        data_dir=tmp_path / "data",
        dialogs=TableDialogs(room.tables[0].name),
    )
    window.live.browse = ScriptedRooms().browse
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(room.table_file(0))
    assert window.current_mode() is Mode.CAPTURE
    yield window
    window.close_document()
    window.live.shutdown()
    settings.use_settings_folder(None)


class ScriptedRooms:
    """Stands in for mDNS: the test says which rooms are on the network, and when."""

    def __init__(self) -> None:
        self.report: Callable[[list[FoundRoom]], None] | None = None
        self.running = False

    async def browse(self, report: Callable[[list[FoundRoom]], None], stop: asyncio.Event) -> None:
        self.report, self.running = report, True
        try:
            await stop.wait()
        finally:
            self.running = False


def open_join_dialog(window: MainWindow, qtbot: QtBot) -> JoinDialog:
    window.live.join_action.trigger()
    dialog = window.live.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def join(window: MainWindow, qtbot: QtBot, port: int, code: str = CODE) -> JoinDialog:
    """Type the address and the code into the real dialog and press Enter, as a scribe would."""
    dialog = open_join_dialog(window, qtbot)
    dialog.address.clear()
    qtbot.keyClicks(dialog.address, f"{LOOPBACK}:{port}")
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    return dialog


def wait_in_the_room(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.live.status_label.text() == "Live: in the room", timeout=WAIT_MS)


def type_point(window: MainWindow, qtbot: QtBot, text: str, question: int = 1) -> None:
    assert window.capture_view is not None
    entry = window.capture_view.column(question).entry
    entry.setFocus()
    qtbot.keyClicks(entry, text)
    qtbot.keyClick(entry, Qt.Key.Key_Return)


def stored_texts(path: Path) -> set[str]:
    with store.open_workshop(path, read_only=True) as workshop:
        return {point.text for point in list_points(workshop)}


def host_texts(room: Room) -> set[str]:
    return {text.split("|", 1)[1] for text in event_texts(room.event_path).values()}


def test_a_scribe_joins_types_loses_the_host_and_catches_up(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    label = window.live.status_label
    assert not label.isVisible()
    join(window, qtbot, facilitator.port)
    qtbot.waitUntil(lambda: label.text() == "Live: in the room", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.live.dialog is None, timeout=WAIT_MS)
    assert label.isVisible() and label.accessibleName() == "Live room"
    assert f"{LOOPBACK}:{facilitator.port}" in label.toolTip()
    assert window.live.leave_action.isEnabled() and not window.live.join_action.isEnabled()

    type_point(window, qtbot, "Clinics open in the evening")
    qtbot.waitUntil(lambda: "Clinics open in the evening" in host_texts(room), timeout=WAIT_MS)

    facilitator.stop()
    qtbot.waitUntil(lambda: label.text().startswith("Offline: "), timeout=WAIT_MS)
    type_point(window, qtbot, "Parking is scarce")
    type_point(window, qtbot, "Buses stop at six", question=2)
    qtbot.waitUntil(lambda: label.text() == "Offline: 2 changes to send", timeout=WAIT_MS)
    assert {"Parking is scarce", "Buses stop at six"} <= stored_texts(room.table_file(0))

    facilitator.start()  # the same address and port, as a restarted laptop would
    qtbot.waitUntil(lambda: label.text() == "Live: in the room", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: (
            host_texts(room)
            == {"Clinics open in the evening", "Parking is scarce", "Buses stop at six"}
        ),
        timeout=WAIT_MS,
    )


def test_a_wrong_code_is_refused_in_the_dialog_and_the_scribe_tries_again(
    window: MainWindow, facilitator: FacilitatorLaptop, qtbot: QtBot
) -> None:
    dialog = join(window, qtbot, facilitator.port, code="WRNG-C0DE")
    qtbot.waitUntil(lambda: "join code is wrong" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.join_button.isEnabled()
    assert QApplication.focusWidget() is dialog.code
    assert not window.live.status_label.isVisible()
    qtbot.keyClicks(dialog.code, CODE)  # the wrong code is selected: typing replaces it
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.live.dialog is None, timeout=WAIT_MS)
    wait_in_the_room(window, qtbot)


def test_a_bad_address_is_explained_before_anything_is_sent(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = open_join_dialog(window, qtbot)
    qtbot.keyClicks(dialog.address, "192.168.8.10:99999")
    qtbot.keyClicks(dialog.code, CODE)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.message.text() == (
        "Type the facilitator's address: '99999' is not a port number."
    )
    assert window.live.room_session is None and dialog.isVisible()
    assert QApplication.focusWidget() is dialog.address


def test_the_timer_the_facilitator_starts_runs_on_the_tables_timer(
    window: MainWindow, facilitator: FacilitatorLaptop, qtbot: QtBot
) -> None:
    timer = window.timer_dock.timer
    timer.set_minutes(12)  # the table's own round, before the facilitator starts one
    join(window, qtbot, facilitator.port)
    qtbot.waitUntil(lambda: window.live.last_round is not None, timeout=WAIT_MS)
    assert timer.minutes.value() == 12 and not window.timer_dock.isVisible()
    facilitator.run(lambda host: host.set_timer("running", minutes=25))
    qtbot.waitUntil(timer.is_running, timeout=WAIT_MS)
    assert window.timer_dock.isVisible()
    assert timer.minutes.value() == 25 and 24 * 60 < timer.remaining_seconds() <= 25 * 60
    facilitator.run(lambda host: host.set_timer("paused"))
    qtbot.waitUntil(lambda: not timer.is_running(), timeout=WAIT_MS)
    facilitator.run(lambda host: host.set_timer("reset"))
    qtbot.waitUntil(lambda: timer.display_text() == "25:00", timeout=WAIT_MS)


def test_a_question_the_facilitator_adds_appears_as_a_capture_column(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    window.activateWindow()  # the offscreen platform leaves no window active after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    type_point(window, qtbot, "Typed before the new question")
    qtbot.keyClicks(window.capture_view.column(1).entry, "half a thought")  # type: ignore[union-attr]
    with store.open_workshop(room.event_path) as workshop:
        event.add_question(workshop, "What would make it work for you?")
    facilitator.run(lambda host: host.push_setup())

    def shows_the_new_question() -> bool:
        view = window.capture_view
        return view is not None and any(
            column.question.text == "What would make it work for you?" for column in view.columns
        )

    qtbot.waitUntil(shows_the_new_question, timeout=WAIT_MS)
    assert window.capture_view is not None and len(window.capture_view.columns) == 4
    # what the scribe was half-way through typing is still there, with the keyboard
    assert window.capture_view.column(1).entry.toPlainText() == "half a thought"
    assert QApplication.focusWidget() is window.capture_view.column(1).entry
    type_point(window, qtbot, "Evening slots", question=4)
    qtbot.waitUntil(lambda: "Evening slots" in host_texts(room), timeout=WAIT_MS)


def test_rooms_found_on_the_network_fill_the_list_and_choosing_one_fills_the_address(
    window: MainWindow, qtbot: QtBot
) -> None:
    rooms = ScriptedRooms()
    window.live.browse = rooms.browse
    dialog = open_join_dialog(window, qtbot)
    qtbot.waitUntil(lambda: rooms.report is not None)
    assert dialog.rooms.rowCount() == 0 and "None found yet" in dialog.rooms_note.text()
    assert rooms.report is not None
    found = FoundRoom("Care closer to home", "e1", "192.168.8.10", 47653)
    rooms.report([found, FoundRoom("Budget day", "e2", "192.168.8.11", 47653)])
    qtbot.waitUntil(lambda: dialog.rooms.rowCount() == 2)
    rooms.report([found])  # the other room stopped hosting
    qtbot.waitUntil(lambda: dialog.rooms.rowCount() == 1)
    assert dialog.rooms.index(0).data() == "Care closer to home — 192.168.8.10:47653"
    dialog.room_list.setFocus()
    dialog.room_list.setCurrentIndex(dialog.rooms.index(0))
    qtbot.keyClick(dialog.room_list, Qt.Key.Key_Return)
    assert dialog.address.text() == "192.168.8.10:47653"
    assert QApplication.focusWidget() is dialog.code
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not rooms.running)  # no looking for rooms once the dialog is gone


def test_leaving_the_room_and_closing_the_file_stop_the_session(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    label = window.live.status_label
    qtbot.waitUntil(lambda: label.text() == "Live: in the room", timeout=WAIT_MS)
    session = window.live.room_session
    assert session is not None
    window.live.leave_action.trigger()
    assert not label.isVisible() and window.live.join_action.isEnabled()
    session.wait_ended(10)
    table = room.tables[0].id
    assert facilitator.host is not None
    qtbot.waitUntil(lambda: facilitator.host is not None
                    and not facilitator.host.tables[table].connected, timeout=WAIT_MS)  # fmt: skip
    type_point(window, qtbot, "Typed after leaving")
    assert "Typed after leaving" in stored_texts(room.table_file(0))
    join(window, qtbot, facilitator.port)
    qtbot.waitUntil(lambda: "Typed after leaving" in host_texts(room), timeout=WAIT_MS)
    session = window.live.room_session
    assert session is not None
    window.close_document()
    session.wait_ended(10)
    assert not window.live.join_action.isEnabled()


def test_the_address_that_worked_is_offered_again_for_that_file(
    window: MainWindow, facilitator: FacilitatorLaptop, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    window.live.leave()
    dialog = open_join_dialog(window, qtbot)
    assert dialog.address.text() == f"{LOOPBACK}:{facilitator.port}"
    assert QApplication.focusWidget() is dialog.code  # only the code is left to type
    dialog.reject()


def test_a_table_already_joined_from_another_laptop_is_refused_in_plain_words(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, tmp_path: Path, qtbot: QtBot
) -> None:
    other_laptop = tmp_path / "other laptop" / "Table One.workshop"
    other_laptop.parent.mkdir()
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, other_laptop)

    async def join_from_the_other_laptop() -> None:
        client = TableClient(
            other_laptop, address=LOOPBACK, port=facilitator.port, code=CODE,
            table=room.tables[0].name,
        )  # fmt: skip
        stop = asyncio.Event()
        running = asyncio.create_task(client.run(stop))
        while not client.status.connected:
            await asyncio.sleep(0.05)
        stop.set()
        await running

    facilitator.loop.submit(join_from_the_other_laptop()).result(30)
    dialog = join(window, qtbot, facilitator.port)
    qtbot.waitUntil(lambda: "another laptop" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.message.text() == (
        "The room did not let this table in: Table One has already joined from another "
        "laptop; the facilitator can release it."
    )
    assert window.live.room_session is None and not window.live.status_label.isVisible()
    assert dialog.join_button.isEnabled()


def test_a_table_file_of_another_event_is_refused_in_plain_words(
    window: MainWindow, tmp_path: Path, qtbot: QtBot
) -> None:
    other = FacilitatorLaptop(make_room(tmp_path / "budget day"))
    try:
        other.start()
        dialog = join(window, qtbot, other.port)
        qtbot.waitUntil(lambda: "another event" in dialog.message.text(), timeout=WAIT_MS)
        assert dialog.isVisible() and window.live.room_session is None
    finally:
        other.close()


def test_every_tables_points_are_shown_read_only_once_the_facilitator_shares_them(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    with store.open_workshop(room.event_path) as workshop:  # merged earlier from table two
        add_point(workshop, room.tables[1].id, room.questions[1].id, "Buses stop at six")
    join(window, qtbot, facilitator.port)
    type_point(window, qtbot, "Clinics open in the evening")
    qtbot.waitUntil(lambda: "Clinics open in the evening" in host_texts(room), timeout=WAIT_MS)
    assert not window.live.room_action.isEnabled()  # nothing of other tables before sharing

    facilitator.run(lambda host: host.share_points(True))
    qtbot.waitUntil(window.live.room_action.isEnabled, timeout=WAIT_MS)
    window.live.room_action.trigger()
    panel = window.live.room_panel
    assert panel is not None and panel.isVisible()
    rows = {
        tuple(panel.filtered.index(row, column).data() for column in range(4))
        for row in range(panel.filtered.rowCount())
    }
    assert rows == {
        ("Table One", f"1 · {room.questions[0].text}", "", "Clinics open in the evening"),
        ("Table Two", f"2 · {room.questions[1].text}", "", "Buses stop at six"),
    }
    assert "2 points from 2 tables" in panel.note.text()
    qtbot.keyClicks(panel.filter, "buses")
    assert panel.filtered.rowCount() == 1

    facilitator.run(lambda host: host.share_points(False))
    qtbot.waitUntil(lambda: not window.live.room_action.isEnabled(), timeout=WAIT_MS)
    assert panel.model.rowCount() == 0 and "not sharing" in panel.note.text()


def test_choosing_another_table_or_closing_the_window_leaves_the_room(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    session = window.live.room_session
    assert session is not None
    assert isinstance(window.dialogs, TableDialogs)
    window.dialogs.table = room.tables[1].name
    window.window_actions.change_table.trigger()
    session.wait_ended(10)
    assert window.live.room_session is None and not window.live.status_label.isVisible()
    assert window.live.join_action.isEnabled()  # Table Two may join in its turn

    window.dialogs.table = room.tables[0].name
    window.window_actions.change_table.trigger()
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    session = window.live.room_session
    assert session is not None
    window.close()  # quitting asks the client to stop and waits for nothing
    assert window.live.room_session is None
    session.wait_ended(10)


def test_a_file_the_room_refuses_is_said_in_the_status_bar(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    add_as(room, 0, 1, "Typed for table two on table one's laptop")
    join(window, qtbot, facilitator.port)
    label = window.live.status_label
    qtbot.waitUntil(lambda: label.text() == "Live: the room refused this file", timeout=WAIT_MS)
    assert "a table sends only its own points" in label.accessibleDescription()
    assert "did not take this table's file" in window.statusBar().currentMessage()
    assert host_texts(room) == set()


def test_choosing_another_table_in_the_dialog_captures_and_joins_as_that_table(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    dialog = open_join_dialog(window, qtbot)
    assert dialog.table.currentText() == "Table One"  # the table this laptop captures for
    qtbot.keyClicks(dialog.address, f"{LOOPBACK}:{facilitator.port}")
    qtbot.keyClicks(dialog.code, CODE)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentText() == "Table Two"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    wait_in_the_room(window, qtbot)
    assert "Table Two" in window.windowTitle()
    assert window.document is not None and window.document.table_id == room.tables[1].id
    type_point(window, qtbot, "Typed at table two")
    qtbot.waitUntil(lambda: "Typed at table two" in host_texts(room), timeout=WAIT_MS)
    assert event_texts(room.event_path)
    assert all(text.startswith(room.tables[1].id) for text in event_texts(room.event_path).values())


def reopen(window: MainWindow, path: Path) -> None:
    """The file closed (a quit, a crash, a flat battery) and opened again."""
    window.close_document()
    assert window.open_path(path)
    assert window.current_mode() is Mode.CAPTURE


def test_a_table_file_that_was_in_the_room_joins_again_by_itself_when_opened(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    qtbot.waitUntil(lambda: window.live.dialog is None, timeout=WAIT_MS)
    session = window.live.room_session
    assert session is not None
    reopen(window, room.table_file(0))
    session.wait_ended(10)
    wait_in_the_room(window, qtbot)
    assert window.live.dialog is None  # nothing was asked: not the address, not the code
    assert "Joining the live room again" in window.statusBar().currentMessage()
    type_point(window, qtbot, "Typed after the laptop restarted")
    qtbot.waitUntil(lambda: "Typed after the laptop restarted" in host_texts(room), timeout=WAIT_MS)


def test_a_scribe_who_left_the_room_is_not_joined_again_on_opening(
    window: MainWindow, facilitator: FacilitatorLaptop, room: Room, qtbot: QtBot
) -> None:
    join(window, qtbot, facilitator.port)
    wait_in_the_room(window, qtbot)
    window.live.leave_action.trigger()
    reopen(window, room.table_file(0))
    QApplication.processEvents()  # the turn a join again would start on
    QApplication.processEvents()
    assert window.live.room_session is None and window.live.join_action.isEnabled()
    assert not window.live.status_label.isVisible()


def test_only_a_recent_room_of_the_same_table_is_joined_again() -> None:
    from facilitator_app.ui.live.join_dialog import JoinRequest
    from facilitator_app.ui.live.table_controller import (
        REJOIN_WITHIN_SECONDS,
        remembered_request,
        room_entry,
    )

    request = JoinRequest(LOOPBACK, 47653, CODE, "table-one-id", "Table One")
    entry = room_entry(request, now=1_000_000.0)
    assert remembered_request(entry, "table-one-id", now=1_000_060.0) == request
    later = 1_000_000.0 + REJOIN_WITHIN_SECONDS + 1
    assert remembered_request(entry, "table-one-id", now=later) is None  # days later
    assert remembered_request(entry, "table-two-id", now=1_000_060.0) is None
    assert remembered_request("not what was written", "table-one-id", now=1.0) is None
    assert remembered_request('["too", "few"]', "table-one-id", now=1.0) is None
