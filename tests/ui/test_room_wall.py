"""The room wall and the projector while the room is hosted: points arrive live, duplicates
across tables are suggested as they come, the plenary view fills its screen in large type,
and the facilitator lets tables see every table's points."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from room_window import (
    WAIT_MS,
    Joined,
    facilitator_window,
    free_port,
    host_from_the_menu,
    table_file,
    wait_connected,
    wall_texts,
)
from room_window import Table as TableLaptop

from facilitator_app.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, seated_event_path: Path) -> Iterator[MainWindow]:
    with facilitator_window(qtbot, tmp_path, seated_event_path) as main:
        yield main


@pytest.fixture
def table_one(seated_event_path: Path) -> TableLaptop:
    return table_file(seated_event_path, "Table One")


def test_duplicates_across_tables_are_suggested_as_points_arrive(
    qtbot: QtBot, window: MainWindow, seated_event_path: Path
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None
    one = table_file(seated_event_path, "Table One")
    two = table_file(seated_event_path, "Table Two")
    tables = [Joined(one, port, code), Joined(two, port, code)]
    try:
        wait_connected(qtbot, window, "Table One")
        wait_connected(qtbot, window, "Table Two")
        one.add("More buses to the hospital")
        qtbot.waitUntil(lambda: "More buses to the hospital" in wall_texts(window), timeout=WAIT_MS)
        assert wall.suggestions.rowCount() == 0
        two.add("more buses to hospital!")
        qtbot.waitUntil(lambda: wall.suggestions.rowCount() == 1, timeout=WAIT_MS)
        shown = str(wall.suggestions.index(0, 0).data())
        assert "Table One" in shown and "Table Two" in shown
        assert wall.duplicates_label.text().startswith("1 likely duplicate")
    finally:
        for table in tables:
            table.leave()
        window.room.stop_hosting()


def test_the_projector_fills_its_screen_in_large_type_and_follows_the_room(
    qtbot: QtBot, window: MainWindow, table_one: TableLaptop
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    joined = Joined(table_one, port, code)
    try:
        wait_connected(qtbot, window, "Table One")
        table_one.add("A clinic in every town")
        qtbot.waitUntil(lambda: "A clinic in every town" in wall_texts(window), timeout=WAIT_MS)
        window.room.projector_action.trigger()  # F8
        projector = window.room.projector
        assert projector is not None
        qtbot.waitExposed(projector)
        assert projector.isWindow() and projector.isFullScreen()
        assert projector.screen() is not None
        assert projector.geometry() == projector.screen().geometry()
        assert projector.question_titles()[0].startswith("1. What are the advantages")
        assert projector.shown_cards(0) == ["A clinic in every town\n— Table One"]
        base = QApplication.font().pointSizeF()
        assert projector.font().pointSizeF() >= 2 * base

        table_one.add("Shorter waits", question=1)  # arrives while it is shown
        qtbot.waitUntil(
            lambda: projector.shown_cards(1) == ["Shorter waits\n— Table One"], timeout=WAIT_MS
        )
        before = projector.font().pointSizeF()
        window.zoom.zoom_in()  # Ctrl+= enlarges the projector's type too
        assert projector.font().pointSizeF() > before

        qtbot.keyClick(projector, Qt.Key.Key_Escape)
        assert window.room.projector is None
    finally:
        window.zoom.reset()
        joined.leave()
        window.room.stop_hosting()


def test_tables_see_every_tables_points_only_once_the_facilitator_lets_them(
    qtbot: QtBot, window: MainWindow, table_one: TableLaptop, seated_event_path: Path
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None
    two = table_file(seated_event_path, "Table Two")
    tables = [Joined(table_one, port, code), Joined(two, port, code)]
    try:
        wait_connected(qtbot, window, "Table One")
        wait_connected(qtbot, window, "Table Two")
        two.add("Parking at the clinic")
        qtbot.waitUntil(lambda: "Parking at the clinic" in wall_texts(window), timeout=WAIT_MS)
        assert table_one.rooms == []  # nothing of other tables before the plenary
        assert not wall.share.isChecked()
        qtbot.mouseClick(wall.share, Qt.MouseButton.LeftButton)
        assert window.room.share_action.isChecked()
        qtbot.waitUntil(lambda: bool(table_one.rooms and table_one.rooms[-1]), timeout=WAIT_MS)
        shared = table_one.rooms[-1]
        assert shared is not None
        assert [(row["table"], row["text"]) for row in shared] == [
            ("Table Two", "Parking at the clinic")
        ]
        window.room.share_action.trigger()  # from the Room menu: off again
        assert not wall.share.isChecked()
        qtbot.waitUntil(lambda: table_one.rooms[-1] is None, timeout=WAIT_MS)
    finally:
        for table in tables:
            table.leave()
        window.room.stop_hosting()


def test_a_replacement_laptop_joins_a_table_once_the_facilitator_lets_it(
    qtbot: QtBot, window: MainWindow, table_one: TableLaptop, seated_event_path: Path
) -> None:
    port = free_port()
    code = host_from_the_menu(qtbot, window, port)
    wall = window.room.wall
    assert wall is not None
    first = Joined(table_one, port, code)
    spare_folder = seated_event_path.parent / "spare laptop"
    spare_folder.mkdir()
    spare = table_file(seated_event_path, "Table One", spare_folder)
    try:
        wait_connected(qtbot, window, "Table One")
        refused = Joined(spare, port, code)
        qtbot.waitUntil(refused.running.done, timeout=WAIT_MS)
        assert "already joined from another laptop" in str(refused.running.exception())
        refused.loop.stop()  # it ended by itself, refused

        assert not wall.release_button.isEnabled()  # no table chosen yet
        wall.tables_view.setFocus()
        wall.tables_view.selectRow(0)
        assert wall.chosen_table() == "Table One" and wall.release_button.isEnabled()
        qtbot.mouseClick(wall.release_button, Qt.MouseButton.LeftButton)
        assert "Table One" in window.statusBar().currentMessage()
        replacement = Joined(spare, port, code)
        try:
            qtbot.waitUntil(lambda: replacement.client.status.connected, timeout=WAIT_MS)
            spare.add("typed on the replacement laptop")
            qtbot.waitUntil(
                lambda: "typed on the replacement laptop" in wall_texts(window), timeout=WAIT_MS
            )
            # the lost laptop, were it to come back, is no longer that table
            qtbot.waitUntil(first.running.done, timeout=WAIT_MS)
            assert "already joined from another laptop" in str(first.running.exception())
        finally:
            replacement.leave()
    finally:
        first.loop.stop()
        window.room.stop_hosting()
