"""The start page: its layout on a laptop screen and its recent-files list."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from facilitator_app.ui.dialogs import UserDialogs
from facilitator_app.ui.new_event_dialog import NewEventDialog
from facilitator_app.ui.start_page import StartPage


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
