"""The start page: its layout on a laptop screen and its recent-files list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator_app.ui.shell.dialogs import UserDialogs
from facilitator_app.ui.shell.new_event_dialog import NewEventDialog
from facilitator_app.ui.shell.start_page import StartPage


def test_a_first_run_shows_no_tall_empty_box(qtbot: QtBot) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    page.set_recent_files([])
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.recent.height() < page.height() // 2


def test_eight_recent_files_fit_without_scrolling(qtbot: QtBot, tmp_path: Path) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    files = []
    for number in range(8):
        path = tmp_path / f"Event {number}.workshop"
        path.write_bytes(b"")
        files.append(str(path))
    page.set_recent_files(files)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.recent.verticalScrollBar().maximum() == 0
    assert page.recent_paths() == files


def test_new_event_dialog_keeps_the_tables_box_number_sized(qtbot: QtBot, tmp_path: Path) -> None:
    page = StartPage()
    qtbot.addWidget(page)
    dialog = NewEventDialog(str(tmp_path), UserDialogs(page), page)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.tables.width() < dialog.title.width() // 3
    qtbot.keyClicks(dialog.title, "Care closer to home")
    dialog.tables.setFocus()
    dialog.tables.selectAll()
    qtbot.keyClicks(dialog.tables, "12")
    assert dialog.answers().tables == 12


def test_the_table_picker_finds_a_table_by_its_number_or_name(qtbot: QtBot) -> None:
    """Every name starts "Table", so matching only the start of a name could never reach
    Table Two by typing: a number or the start of any word does."""
    from facilitator_app.core.records import TableInfo
    from facilitator_app.ui.shell.table_picker import FACILITATOR, TablePicker

    names = ["Table One", "Table Two", "Table Three", "Table Four"]
    tables = [TableInfo(f"id-{n}", n, name) for n, name in enumerate(names)]
    picker = TablePicker("event.workshop", tables)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(150)  # typed letters run together within this
    qtbot.keyClicks(picker.list, "two")
    assert picker.choice() == "id-1"
    qtbot.wait(200)
    qtbot.keyClicks(picker.list, "3")
    assert picker.choice() == "id-2"
    qtbot.wait(200)
    qtbot.keyClicks(picker.list, "fo")
    assert picker.choice() == "id-3"
    qtbot.wait(200)
    qtbot.keyClicks(picker.list, "faci")
    assert picker.choice() == FACILITATOR
    QApplication.setKeyboardInputInterval(interval)
