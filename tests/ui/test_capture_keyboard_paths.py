"""The short keyboard paths a scribe expects: one Tab from the box to its points, Shift+Tab
staying in capture, letters typed in a list landing in the box, and the link dialog's list
leading back to its filter."""

from __future__ import annotations

from capture_helpers import Opener, Typer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator_app.core.store import Workshop


def test_one_tab_from_the_box_reaches_its_points_and_shift_tab_stays_in_capture(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Buses from the villages")
    first = view.column(1)
    qtbot.keyClick(first.entry, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first.list_view
    qtbot.keyClick(first.list_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is first.entry
    qtbot.keyClick(first.entry, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    focus = QApplication.focusWidget()
    assert focus is view.filter_edit  # not off to the window's tab bar


def test_letters_typed_in_a_list_go_into_the_box_below_it(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking at the new site")
    column = view.column(2)
    column.list_view.setFocus()
    qtbot.keyClicks(column.list_view, "Staff")
    assert QApplication.focusWidget() is column.entry
    qtbot.keyClicks(column.entry, " stretched")
    assert column.entry.toPlainText() == "Staff stretched"


def test_in_the_link_dialog_the_list_leads_back_to_its_filter(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking at the new site")
    type_point(view, 2, "Staff already stretched")
    type_point(view, 3, "Reserve drop-off spaces")
    qtbot.keyClick(view.column(3).entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = view.link_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.filter_edit)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is dialog.list_view
    qtbot.keyClick(dialog.list_view, Qt.Key.Key_Up)  # at the top: back up to the filter
    assert QApplication.focusWidget() is dialog.filter_edit
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.list_view, "staff")  # letters typed in the list filter it
    assert QApplication.focusWidget() is dialog.filter_edit
    assert dialog.filter_edit.text() == "staff"
    assert dialog.proxy.rowCount() == 1
    dialog.reject()
