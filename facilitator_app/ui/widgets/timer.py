"""A discussion timer for a round at the table: set minutes, start, pause, reset.

Big digits so the table can read it (see ``timer_digits``); at zero it flashes a few times and
beeps once, gently: no box to click away while people are talking. Time is measured with a
monotonic clock (not by counting ticks, which drift when the laptop is busy); tests may hand in
their own clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator_app.ui.widgets.timer_digits import DIGIT_SCALE, TimerDigits

__all__ = ["DIGIT_SCALE", "DiscussionTimer"]

TICK_MS = 200
FLASHES = 6
FLASH_MS = 350
#: Keys that work from anywhere in the window while the timer is shown (F9 shows it).
START_PAUSE_SHORTCUT = "Shift+F9"
RESET_SHORTCUT = "Ctrl+F9"


class DiscussionTimer(QWidget):
    """A self-contained count-down. ``finished`` is emitted when it reaches zero."""

    finished = Signal()
    #: Seconds left, whenever the shown time changes.
    remaining_changed = Signal(int)
    #: Enter (or Esc) in the minutes box: the minutes are set, the keyboard may go back.
    minutes_set = Signal()
    #: "running", "paused" or "reset", whenever it is started, paused or reset (a host
    #: pushes it to every table's timer).
    state_changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        minutes: int = 10,
        clock: Callable[[], float] = time.monotonic,
        flash_ms: int = FLASH_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("discussion-timer")
        self._clock = clock
        self._duration = minutes * 60.0
        self._elapsed_before = 0.0  # seconds run before the current start
        self._started_at: float | None = None
        self._finished = False
        self._flashes_left = 0

        self.display = TimerDigits(self)
        self.display.setAccessibleName(self.tr("Time left"))
        self.display.setAutoFillBackground(True)
        # Only top-level windows hear of a new application font (zoom); the pinned digit
        # size would stay put without this.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._follow_application_font)

        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 180)
        self.minutes.setValue(minutes)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Minutes for the round"))
        self.minutes.setToolTip(self.tr("Length of the round in minutes"))
        self.minutes.valueChanged.connect(self._minutes_changed)
        self.minutes.installEventFilter(self)

        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setAccessibleName(self.tr("Start or pause the timer"))
        self.start_button.setToolTip(self.tr("Start or pause the round"))
        self.start_button.clicked.connect(self.toggle)
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.setAccessibleName(self.tr("Reset the timer"))
        self.reset_button.setToolTip(self.tr("Back to the full time, stopped"))
        self.reset_button.clicked.connect(self.reset)
        # From anywhere in the window while the timer is shown, the typing left where it is.
        for keys, slot, button in (
            (START_PAUSE_SHORTCUT, self.toggle, self.start_button),
            (RESET_SHORTCUT, self.reset, self.reset_button),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            button.setToolTip(f"{button.toolTip()} ({keys})")

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.minutes)
        controls.addWidget(self.start_button)
        controls.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.display, 1)
        layout.addLayout(controls)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._flasher = QTimer(self)
        self._flasher.setInterval(flash_ms)
        self._flasher.timeout.connect(self._flash)
        self._show_time()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Esc in the minutes box: done setting them."""
        if (
            watched is self.minutes
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
        ):
            self.minutes.interpretText()  # "25" typed counts before the keyboard leaves
            self.minutes_set.emit()
            return True
        return super().eventFilter(watched, event)

    # --- what people press ---------------------------------------------------------------------

    def is_running(self) -> bool:
        return self._started_at is not None

    def remaining_seconds(self) -> float:
        running = self._clock() - self._started_at if self._started_at is not None else 0.0
        return max(0.0, self._duration - self._elapsed_before - running)

    def set_minutes(self, minutes: int) -> None:
        self.minutes.setValue(minutes)

    def set_duration_seconds(self, seconds: float) -> None:
        """Any length (tests and short rounds); stops and resets the timer."""
        self._duration = float(seconds)
        self.reset()

    def start(self) -> None:
        if self.is_running():
            return
        if self._finished or self.remaining_seconds() <= 0:
            self.reset()
        self._started_at = self._clock()
        self._ticker.start()
        self._update_buttons()
        self.state_changed.emit("running")

    def pause(self) -> None:
        if self._started_at is None:
            return
        self._elapsed_before += self._clock() - self._started_at
        self._started_at = None
        self._ticker.stop()
        self._show_time()
        self._update_buttons()
        self.state_changed.emit("paused")

    def toggle(self) -> None:
        if self.is_running():
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        self._ticker.stop()
        self._stop_flashing()
        self._started_at = None
        self._elapsed_before = 0.0
        self._finished = False
        self._show_time()
        self._update_buttons()
        self.state_changed.emit("reset")

    def follow(self, state: str, minutes: int, remaining: float) -> None:
        """Show the round the facilitator runs for the whole room (the live room's timer):
        ``state`` is "running", "paused" or "reset", with the seconds ``remaining``."""
        self.minutes.blockSignals(True)  # a new length here must not reset the round
        self.minutes.setValue(minutes)
        self.minutes.blockSignals(False)
        self._duration = max(float(minutes * 60), remaining)
        self._stop_flashing()
        self._finished = False
        self._elapsed_before = self._duration - max(0.0, remaining)
        running = state == "running" and remaining > 0
        self._started_at = self._clock() if running else None
        if running:
            self._ticker.start()
        else:
            self._ticker.stop()
        self._show_time()
        self._update_buttons()

    # --- inside --------------------------------------------------------------------------------

    def _minutes_changed(self, minutes: int) -> None:
        self.set_duration_seconds(minutes * 60)

    def _tick(self) -> None:
        self._show_time()
        if self.remaining_seconds() <= 0 and not self._finished:
            self._finished = True
            self._started_at = None
            self._elapsed_before = self._duration
            self._ticker.stop()
            self._update_buttons()
            self._flashes_left = FLASHES
            self._flasher.start()
            QApplication.beep()
            self.finished.emit()

    def _flash(self) -> None:
        self._flashes_left -= 1
        inverted = self._flashes_left % 2 == 1
        self.display.setBackgroundRole(
            QPalette.ColorRole.Highlight if inverted else QPalette.ColorRole.Window
        )
        self.display.setForegroundRole(
            QPalette.ColorRole.HighlightedText if inverted else QPalette.ColorRole.WindowText
        )
        if self._flashes_left <= 0:
            self._stop_flashing()

    def _stop_flashing(self) -> None:
        self._flasher.stop()
        self._flashes_left = 0
        self.display.setBackgroundRole(QPalette.ColorRole.Window)
        self.display.setForegroundRole(QPalette.ColorRole.WindowText)

    def is_flashing(self) -> bool:
        return self._flasher.isActive()

    def display_text(self) -> str:
        return self.display.text()

    def _show_time(self) -> None:
        left = self.remaining_seconds()
        whole = int(left) + (0 if left == int(left) else 1)  # 0:00 only at the very end
        minutes, seconds = divmod(whole, 60)
        text = f"{minutes}:{seconds:02d}"
        if text != self.display.text():
            self.display.setText(text)
            self.display.setAccessibleDescription(
                self.tr("%1 minutes %2 seconds left")
                .replace("%1", str(minutes))
                .replace("%2", str(seconds))
            )
            self.remaining_changed.emit(whole)

    def _update_buttons(self) -> None:
        self.start_button.setText(self.tr("Pause") if self.is_running() else self.tr("Start"))
        self.minutes.setEnabled(not self.is_running())

    def _follow_application_font(self, _font: QFont) -> None:
        self.display.fit()
