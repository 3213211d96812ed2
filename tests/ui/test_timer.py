"""The discussion timer counts down on a monotonic clock, pauses, resets and signals at zero."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator_app.ui.widgets.timer import DIGIT_SCALE, DiscussionTimer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(qtbot: QtBot, minutes: int = 5) -> tuple[DiscussionTimer, FakeClock]:
    clock = FakeClock()
    timer = DiscussionTimer(minutes=minutes, clock=clock, flash_ms=20)
    qtbot.addWidget(timer)
    timer.show()
    return timer, clock


def test_set_start_pause_and_reset(qtbot: QtBot) -> None:
    timer, clock = make(qtbot, minutes=5)
    assert timer.display_text() == "5:00"
    timer.set_minutes(3)
    assert timer.display_text() == "3:00"
    qtbot.mouseClick(timer.start_button, Qt.MouseButton.LeftButton)
    assert timer.is_running() and timer.start_button.text() == "Pause"
    assert not timer.minutes.isEnabled()
    clock.now += 61.2
    qtbot.waitUntil(lambda: timer.display_text() == "1:59", timeout=2000)
    timer.toggle()  # pause
    assert not timer.is_running()
    clock.now += 500  # time passing while paused does not count
    timer.start()
    clock.now += 0.5
    qtbot.waitUntil(lambda: timer.display_text() == "1:59", timeout=2000)
    timer.reset()
    assert timer.display_text() == "3:00" and not timer.is_running()


def test_reaching_zero_flashes_beeps_and_signals_without_a_box(qtbot: QtBot) -> None:
    timer, clock = make(qtbot)
    timer.set_duration_seconds(2)
    timer.start()
    clock.now += 2.5
    with qtbot.waitSignal(timer.finished, timeout=2000):
        pass
    assert timer.display_text() == "0:00"
    assert timer.is_flashing()
    assert not timer.is_running() and timer.start_button.text() == "Start"
    qtbot.waitUntil(lambda: not timer.is_flashing(), timeout=2000)
    timer.start()  # starting again after the end begins a fresh round
    assert timer.remaining_seconds() == 2


def test_big_digits_and_accessible_names(qtbot: QtBot) -> None:
    timer, _clock = make(qtbot)
    assert timer.display.font().pointSizeF() >= timer.font().pointSizeF() * 3
    for widget in (timer.display, timer.minutes, timer.start_button, timer.reset_button):
        assert widget.accessibleName()
    assert "5 minutes 0 seconds" in timer.display.accessibleDescription()


def test_digits_follow_zoom_of_the_application_font(qtbot: QtBot) -> None:
    """Zooming the application font never leaves the digits below DIGIT_SCALE times it.

    Only that floor is asserted, with any font: the digits may already be bigger than the zoomed
    floor when the timer has room (the fitted size depends on the font's metrics).
    """
    timer, _clock = make(qtbot)
    before = timer.display.font().pointSizeF()
    original = QApplication.font()
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    try:
        QApplication.setFont(bigger)
        after = timer.display.font().pointSizeF()
        assert after >= DIGIT_SCALE * bigger.pointSizeF() - 0.01
        assert after >= before  # zooming in never shrinks them
    finally:
        QApplication.setFont(original)
    assert timer.display.font().pointSizeF() == pytest.approx(before)


def test_start_pause_and_reset_by_keys_while_typing_elsewhere(qtbot: QtBot) -> None:
    """Shift+F9 starts or pauses, Ctrl+F9 resets, and the keyboard stays in the entry box."""
    from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

    from facilitator_app.ui.widgets.timer_dock import TimerDock

    window = QMainWindow()
    qtbot.addWidget(window)
    entry = QPlainTextEdit(window)
    window.setCentralWidget(entry)
    dock = TimerDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    entry.setFocus()
    timer = dock.timer
    qtbot.keyClick(entry, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert not timer.is_running()  # hidden: the keys are not the timer's
    dock.show()
    qtbot.keyClick(entry, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert timer.is_running()
    qtbot.keyClick(entry, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert not timer.is_running()
    timer.start()
    qtbot.keyClick(entry, Qt.Key.Key_F9, Qt.KeyboardModifier.ControlModifier)
    assert not timer.is_running() and timer.display_text() == "10:00"
    assert entry.hasFocus()
    assert "Shift+F9" in timer.start_button.toolTip()
