"""The discussion timer counts down on a monotonic clock, pauses, resets and signals at zero."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.widgets.timer import DIGIT_SCALE, DiscussionTimer
from facilitator_app.ui.widgets.timer_digits import TimerDigits
from facilitator_app.ui.widgets.timer_dock import TIMER_DOCK_WIDTH, TimerDock


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
    timer.resize(480, 360)  # a floated timer's room: the zoomed buttons leave the digits enough
    qtbot.waitUntil(lambda: timer.display.width() > 400)
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


def beside_capture(
    qtbot: QtBot, workshop: Workshop, table_id: str, zoom: float = 1.0
) -> tuple[QMainWindow, CaptureView, TimerDock]:
    """Capture with the timer docked beside it, as the app window lays them out, at 1366x768."""
    if zoom != 1.0:
        zoomed = QFont(QApplication.font())
        zoomed.setPointSizeF(zoomed.pointSizeF() * zoom)
        QApplication.setFont(zoomed)
    window = QMainWindow()
    qtbot.addWidget(window)
    capture = CaptureView(workshop, table_id)
    window.setCentralWidget(capture)
    dock = TimerDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resizeDocks([dock], [TIMER_DOCK_WIDTH], Qt.Orientation.Horizontal)
    window.resize(1366, 768)
    dock.show()
    window.show()
    qtbot.waitExposed(window)
    return window, capture, dock


def digits_whole(digits: TimerDigits) -> bool:
    """Every row of digits fits, ink and all, in the part of the label it is drawn in."""
    metrics = QFontMetricsF(digits.font())
    return all(
        metrics.horizontalAdvance(row) <= rect.width()
        and metrics.boundingRect(row).width() <= rect.width()
        and metrics.height() <= rect.height()
        for row, rect in zip(digits.shown_rows(), digits.row_rects(), strict=True)
    )


def no_ink_on_the_edges(digits: TimerDigits) -> bool:
    """The drawn label has only background on its outermost pixels: no digit is cut off."""
    image = digits.grab().toImage()
    background = image.pixelColor(0, 0)
    width, height = image.width(), image.height()
    edge = [(x, 0) for x in range(width)] + [(x, height - 1) for x in range(width)]
    edge += [(0, y) for y in range(height)] + [(width - 1, y) for y in range(height)]
    return all(image.pixelColor(x, y) == background for x, y in edge)


@pytest.mark.parametrize("zoom", [1.0, 1.5], ids=["zoom 100%", "zoom 150%"])
def test_digits_in_the_dock_beside_capture_are_twice_the_size_one_line_allows(
    qtbot: QtBot, seated_workshop: Workshop, table_two: str, zoom: float
) -> None:
    """At 1366x768 the dock is narrow: minutes over seconds gives digits about twice the size
    "10:00" on one line could have there, none cut off, and capture's columns still fit."""
    original = QFont(QApplication.font())
    try:
        _window, capture, dock = beside_capture(qtbot, seated_workshop, table_two, zoom)
        digits = dock.timer.display
        assert digits.text() == "10:00"
        one_line = QFontMetricsF(digits.font()).horizontalAdvance("10:00")
        # one line of digits this size would need about twice the width the dock has
        assert one_line >= 1.8 * digits.contentsRect().width()
        assert digits.font().pointSizeF() >= 2 * DIGIT_SCALE * QApplication.font().pointSizeF()
        assert digits.shown_rows() == ["10", "00"]
        assert digits_whole(digits)
        assert no_ink_on_the_edges(digits)
        if zoom == 1.0:  # the three questions' columns stay whole beside the dock
            area = capture.columns_area.viewport()

            def all_columns_whole() -> bool:
                return all(
                    area.rect().contains(
                        QRect(column.mapTo(area, column.rect().topLeft()), column.size())
                    )
                    for column in capture.columns
                )

            qtbot.waitUntil(all_columns_whole)
    finally:
        QApplication.setFont(original)


def test_floated_wide_the_time_reads_on_one_line_larger_still(
    qtbot: QtBot, seated_workshop: Workshop, table_two: str
) -> None:
    _window, _capture, dock = beside_capture(qtbot, seated_workshop, table_two)
    digits = dock.timer.display
    docked_size = digits.font().pointSizeF()
    dock.setFloating(True)
    dock.resize(1200, 500)  # dragged out onto the projector's screen and enlarged
    qtbot.waitUntil(lambda: digits.shown_rows() == ["10:00"])
    assert digits.font().pointSizeF() > docked_size
    assert digits_whole(digits)
    assert no_ink_on_the_edges(digits)
    dock.timer.set_minutes(120)  # three digits of minutes still fit
    qtbot.waitUntil(lambda: digits.text() == "120:00")
    assert digits_whole(digits)
    assert no_ink_on_the_edges(digits)
