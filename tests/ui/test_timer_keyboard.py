"""The discussion timer's minutes are set from the keyboard alone, from wherever the scribe
is typing, and the keyboard comes back there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot

from facilitator_app.ui.widgets.timer_dock import TimerDock

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_shift_f9_sets_the_minutes_and_enter_goes_back_to_the_typing(
    qtbot: QtBot,
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    typing = QLineEdit(window)
    window.setCentralWidget(typing)
    dock = TimerDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    typing.setFocus()
    assert not dock.isVisible()

    qtbot.keyClick(typing, Qt.Key.Key_F9, CTRL_SHIFT)
    assert dock.isVisible()
    assert QApplication.focusWidget() is dock.timer.minutes
    qtbot.keyClicks(dock.timer.minutes, "25")  # replaces the 10 it showed
    qtbot.keyClick(dock.timer.minutes, Qt.Key.Key_Return)
    assert dock.timer.minutes.value() == 25
    assert dock.timer.display_text() == "25:00"
    assert QApplication.focusWidget() is typing
