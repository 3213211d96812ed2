"""Hosting the live room from the facilitator's window, with a real table on 127.0.0.1.

Each test drives the real Room menu, dialog and window against a real RoomHost, and a real
TableClient (on a loop of its own, as a table's laptop would run it) writing to its own table
file. Everything listens on the loopback address only, on a port found free, and every wait is
bounded (a signal, or a state reached).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from room_window import (
    LOOPBACK,
    WAIT_MS,
    Joined,
    Table,
    event_point_texts,
    facilitator_window,
    free_port,
    host_from_the_menu,
    port_is_free,
    table_file,
    wait_connected,
    wall_texts,
)

from facilitator_app.live.table import JoinRefusedError
from facilitator_app.ui.shell.main_window import MainWindow, Mode
from facilitator_app.ui.shell.table_picker import FACILITATOR


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, seated_event_path: Path) -> Iterator[MainWindow]:
    with facilitator_window(qtbot, tmp_path, seated_event_path) as main:
        yield main


@pytest.fixture
def table_one(seated_event_path: Path) -> Table:
    return table_file(seated_event_path, "Table One")


def test_a_point_typed_at_a_table_reaches_the_wall_the_file_and_the_review(
    qtbot: QtBot, window: MainWindow, table_one: Table, seated_event_path: Path
) -> None:
    window.show_mode(Mode.REVIEW)
    review = window.review_view
    assert review is not None and review.model.rowCount() == 0
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None and window.room.wall_dock is not None
    assert window.room.wall_dock.isVisible()
    assert code in wall.where.text()
    joined = Joined(table_one, port, code)
    try:
        qtbot.waitUntil(
            lambda: (state := wall.tables.state_of("Table One")) is not None and state.connected,
            timeout=WAIT_MS,
        )
        table_one.add("More care at home means fewer trips to hospital")
        qtbot.waitUntil(
            lambda: "More care at home means fewer trips to hospital" in wall_texts(window),
            timeout=WAIT_MS,
        )
        state = wall.tables.state_of("Table One")
        assert state is not None and state.points == 1
        row = next(r for r in range(wall.tables.rowCount()) if wall.tables.index(r, 0).data()
                   == "Table One")  # fmt: skip
        assert wall.tables.index(row, wall.tables.STATE).data() == "Connected"
        assert wall.tables.index(row, wall.tables.LAST_CHANGE).data() == "just now"
        assert "More care at home means fewer trips to hospital" in event_point_texts(
            seated_event_path
        )
        # the review heard of it on the one change signal, without being asked
        qtbot.waitUntil(lambda: review.model.rowCount() == 1, timeout=WAIT_MS)
        assert review.model.row_at(0).point.text.startswith("More care at home")
    finally:
        joined.leave()
    qtbot.waitUntil(lambda: not wall.tables.state_of("Table One").connected, timeout=WAIT_MS)  # type: ignore[union-attr]
    window.room.stop_hosting()


def test_the_hosts_timer_and_a_new_question_reach_the_table(
    qtbot: QtBot, window: MainWindow, table_one: Table
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None
    joined = Joined(table_one, port, code)
    try:
        qtbot.waitUntil(
            lambda: (state := wall.tables.state_of("Table One")) is not None and state.connected,
            timeout=WAIT_MS,
        )
        timer = window.timer_dock.timer
        window.timer_dock.show()
        timer.minutes.setValue(15)
        qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
        assert table_one.running_timer.wait(WAIT_MS / 1000)
        running = next(t for t in table_one.timers if t.state == "running")
        assert running.minutes == 15
        qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)  # now "Pause"
        qtbot.waitUntil(lambda: table_one.timers[-1].state == "paused", timeout=WAIT_MS)
        qtbot.mouseClick(timer.reset_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: table_one.timers[-1].state == "reset", timeout=WAIT_MS)
        assert table_one.timers[-1].remaining == 15 * 60

        window.show_mode(Mode.SETUP)
        setup = window.setup_view
        assert setup is not None
        before = len(table_one.questions())
        qtbot.mouseClick(setup.questions.add_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(table_one.questions()) == before + 1, timeout=WAIT_MS)
        assert table_one.questions()[-1] == "New question"
        # and the wall shows the new question too
        assert wall.points.rowCount() == before + 1
    finally:
        joined.leave()
        window.room.stop_hosting()


def test_stopping_frees_the_port_and_hosting_again_keeps_the_code(
    qtbot: QtBot, window: MainWindow
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    assert not port_is_free(port)
    assert window.room.stop_action.isEnabled()
    window.room.stop_action.trigger()
    assert port_is_free(port)
    assert window.room.dialog is not None and window.room.dialog.pages.currentIndex() == 0
    wall = window.room.wall
    assert wall is not None and "not hosted" in wall.where.text()
    # tables that joined before can come back with the same code
    assert host_from_the_menu(qtbot, window, port) == code
    window.room.stop_hosting()
    assert port_is_free(port)


def test_closing_the_window_while_hosting_stops_the_room_promptly(
    qtbot: QtBot, window: MainWindow, table_one: Table
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    joined = Joined(table_one, port, code)
    try:
        wall = window.room.wall
        assert wall is not None
        qtbot.waitUntil(
            lambda: (state := wall.tables.state_of("Table One")) is not None and state.connected,
            timeout=WAIT_MS,
        )
        began = time.monotonic()
        window.close()
        took = time.monotonic() - began
        assert window.room.hosting is None
        assert port_is_free(port)
        assert took < 10  # generous: it waits at most a couple of seconds for the room
    finally:
        joined.leave()


def test_the_room_cannot_be_hosted_while_this_laptop_captures_a_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.room.host_action.isEnabled()
    window.dialogs.table = "Table Two"  # type: ignore[attr-defined]
    assert window.change_table()
    assert not window.room.host_action.isEnabled()
    assert "capturing a table" in window.room.host_action.statusTip()
    window.room.show_host_dialog()  # however it is asked for
    assert window.room.dialog is None
    assert "capturing a table" in window.statusBar().currentMessage()
    window.dialogs.table = FACILITATOR  # type: ignore[attr-defined]
    assert window.change_table()
    assert window.room.host_action.isEnabled()


def test_a_port_in_use_is_said_in_the_dialog_and_nothing_is_hosted(
    qtbot: QtBot, window: MainWindow
) -> None:
    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        window.room.host_action.trigger()
        dialog = window.room.dialog
        assert dialog is not None
        dialog.address.setCurrentIndex(dialog.address.findData(LOOPBACK))
        dialog.port.setValue(port)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT_MS)
    assert f"{LOOPBACK}:{port}" in dialog.problem.text()
    assert dialog.pages.currentIndex() == 0 and dialog.start_button.isEnabled()
    assert window.room.hosting is None
    QApplication.processEvents()


def test_the_facilitators_own_changes_and_the_hosts_merges_share_the_file(
    qtbot: QtBot, window: MainWindow, table_one: Table, seated_event_path: Path
) -> None:
    """While a table types, the facilitator adds themes in the set-up: every change of both
    lands, neither is refused because the other holds the file."""
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    joined = Joined(table_one, port, code)
    window.show_mode(Mode.SETUP)
    setup = window.setup_view
    assert setup is not None
    notices: list[str] = []
    assert window.operations is not None
    window.operations.notice.connect(notices.append)
    themes_before = setup.themes.view.model().rowCount()
    try:
        wait_connected(qtbot, window, "Table One")
        for number in range(8):
            table_one.add(f"typed at the table {number}")
            if number % 2:
                qtbot.mouseClick(setup.themes.add_button, Qt.MouseButton.LeftButton)
        texts = [f"typed at the table {number}" for number in range(8)]
        qtbot.waitUntil(
            lambda: sorted(texts) == sorted(event_point_texts(seated_event_path)),
            timeout=WAIT_MS,
        )
        assert setup.themes.view.model().rowCount() == themes_before + 4
        assert window.room.hosting is not None
        assert not window.room.hosting.host.refusals
        assert notices == []
        qtbot.waitUntil(lambda: sorted(wall_texts(window)) == sorted(texts), timeout=WAIT_MS)
    finally:
        joined.leave()
        window.room.stop_hosting()


def test_hosting_by_keyboard_alone_and_the_choice_is_remembered(
    qtbot: QtBot, window: MainWindow
) -> None:
    port = free_port()
    window.room.host_action.trigger()
    dialog = window.room.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.address.hasFocus())
    qtbot.keyClick(dialog.address, Qt.Key.Key_End)  # this laptop only: listed last
    assert dialog.chosen_address() == LOOPBACK
    qtbot.keyClick(dialog.address, Qt.Key.Key_Tab)
    assert dialog.port.hasFocus()
    qtbot.keyClick(dialog.port, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.port, str(port))
    qtbot.keyClick(dialog.port, Qt.Key.Key_Return)  # the default button: Start hosting
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    assert window.room.hosting is not None
    assert (window.preferences.room_host_address, window.preferences.room_host_port) == (
        LOOPBACK,
        port,
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the dialog goes; hosting goes on
    assert not dialog.isVisible() and window.room.hosting is not None
    window.room.stop_hosting()


@pytest.mark.slow
def test_four_tables_join_as_processes_and_the_event_holds_every_point_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The issue's "done when", from the window: a facilitator hosts, four `join` processes
    keep their table files in sync while scribes type, and at the end the wall and the event
    hold every point exactly once; the table files handed in on USB add nothing."""
    import signal
    import subprocess
    import sys

    from facilitator_app.core import event as event_cases
    from facilitator_app.core import merge

    path = tmp_path / "Care closer to home.workshop"
    spec = event_cases.EventSpec.with_numbered_tables("Care closer to home", 4)
    event_cases.create_event_file(path, spec).close()
    names = ["Table One", "Table Two", "Table Three", "Table Four"]
    tables = [table_file(path, name) for name in names]
    expected = [f"{table.name}: point {n}" for n in range(5) for table in tables]
    with facilitator_window(qtbot, tmp_path, path) as window, ExitStack() as logs:
        port = free_port()
        code = host_from_the_menu(qtbot, window, port)
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for table in tables:
                log = logs.enter_context((tmp_path / f"{table.name}.log").open("w"))
                command = [sys.executable, "-m", "facilitator_app", "join", str(table.path),
                           "--host", f"{LOOPBACK}:{port}", "--code", code, "--table",
                           table.name]  # fmt: skip
                processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
            for name in names:
                wait_connected(qtbot, window, name)
            for round_number in range(5):  # the scribes type, a point each in turn
                for table in tables:
                    table.add(f"{table.name}: point {round_number}", question=round_number % 3)
            qtbot.waitUntil(lambda: sorted(wall_texts(window)) == sorted(expected), timeout=60_000)
            assert sorted(event_point_texts(path)) == sorted(expected)  # each exactly once
        finally:
            window.room.stop_hosting()
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                assert process.wait(30) == 0
        summary = merge.merge_files(path, [table.path for table in tables])
        assert not summary.changed_target
        assert sorted(event_point_texts(path)) == sorted(expected)


def test_choosing_to_capture_a_table_while_hosting_stops_the_room(
    qtbot: QtBot, window: MainWindow
) -> None:
    port = free_port()
    host_from_the_menu(qtbot, window, port)
    window.dialogs.table = "Table Two"  # type: ignore[attr-defined]
    assert window.change_table()  # Ctrl+T, Table Two: this laptop now types for a table
    assert window.room.hosting is None
    assert port_is_free(port)
    assert "Stopped hosting the room" in window.statusBar().currentMessage()
    assert "capturing a table" in window.statusBar().currentMessage()


def test_tables_get_the_time_left_on_a_timer_set_going_before_the_room_opened(
    qtbot: QtBot, window: MainWindow, table_one: Table
) -> None:
    """The facilitator's own timer is the one the room follows: 3 of 15 minutes left when
    hosting starts is what a table that joins is shown, paused or running."""
    timer = window.timer_dock.timer
    timer.follow("paused", 15, 180.0)
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    joined = Joined(table_one, port, code)
    try:
        qtbot.waitUntil(lambda: bool(table_one.timers), timeout=WAIT_MS)
        paused = table_one.timers[-1]
        assert (paused.state, paused.minutes) == ("paused", 15)
        assert 179 <= paused.remaining <= 180
        qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)  # carry on
        assert table_one.running_timer.wait(WAIT_MS / 1000)
        running = next(t for t in table_one.timers if t.state == "running")
        assert running.remaining <= 180  # the round goes on; it does not start again
    finally:
        joined.leave()
        window.room.stop_hosting()


def test_a_laptop_refused_is_said_on_the_wall(
    qtbot: QtBot, window: MainWindow, table_one: Table
) -> None:
    """A scribe who mistyped the code (or a stranger): the facilitator sees it on the wall,
    with when and from which address, and can go and help."""
    port = free_port()
    host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None and not wall.refusals_label.isVisible()
    joined = Joined(table_one, port, "WRNG-C0DE")
    try:
        qtbot.waitUntil(wall.refusals_label.isVisible, timeout=WAIT_MS)
        said = wall.refusals_label.text()
        assert said.startswith(f"Refused {LOOPBACK} at ") and said.endswith(": wrong join code")
        assert wall.refusals_label.accessibleName() == "Refused connections"
        assert "wrong join code" in wall.refusals_label.toolTip()
    finally:
        with pytest.raises(JoinRefusedError):  # the table was told, and stopped
            joined.leave()
        window.room.stop_hosting()
