"""The discussion timer as a dock: beside the capture view, or floated onto a second screen.

A dock (not a fixed part of the capture view) because the timer is the facilitator's tool as much
as the scribe's: it can be hidden on a small laptop, or dragged out and enlarged so the whole
table can read it. Its visibility and place are kept with the window's remembered state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from facilitator_app.ui.widgets.timer import DiscussionTimer

#: Shows or hides the timer; listed in the View menu.
TOGGLE_SHORTCUT = "F9"
#: Into the timer's minutes (showing it), from anywhere in the window; Enter goes back.
MINUTES_SHORTCUT = "Ctrl+Shift+F9"
#: First width of the dock, in pixels; the user can drag it wider or float it.
TIMER_DOCK_WIDTH = 230


class TimerDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Discussion timer"), parent)
        self.setObjectName("discussionTimerDock")  # saveState()/restoreState() need a name
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
            | Qt.DockWidgetArea.TopDockWidgetArea
        )  # fmt: skip
        self.timer = DiscussionTimer(self)
        self.setWidget(self.timer)
        self.setAccessibleName(self.tr("Discussion timer"))
        toggle = self.toggleViewAction()
        toggle.setText(self.tr("Discussion &timer"))
        toggle.setShortcut(QKeySequence(TOGGLE_SHORTCUT))
        toggle.setShortcutVisibleInContextMenu(True)
        # Setting the minutes needs no mouse: a key into the box, Enter back to the typing.
        self.minutes_action = QAction(self.tr("Set the timer's &minutes"), self)
        self.minutes_action.setShortcut(QKeySequence(MINUTES_SHORTCUT))
        self.minutes_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.minutes_action.triggered.connect(self.set_minutes_by_keyboard)
        if parent is not None:
            parent.addAction(self.minutes_action)  # works while the dock is hidden too
        self._came_from: QWidget | None = None
        self.timer.minutes_set.connect(self._back_to_where_it_was)
        self.timer.minutes.setToolTip(
            f"{self.timer.minutes.toolTip()} ({MINUTES_SHORTCUT}; Enter goes back)"
        )
        self.hide()

    def set_minutes_by_keyboard(self) -> None:
        """Show the timer and put the keyboard in its minutes, all selected: type, Enter."""
        focus = QApplication.focusWidget()
        self._came_from = focus if focus is not None and not self.isAncestorOf(focus) else None
        self.show()
        self.raise_()
        self.timer.minutes.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.timer.minutes.selectAll()

    def follow(self, state: str, minutes: int, remaining: float) -> None:
        """The facilitator's round, pushed to this table: shown at once when it starts."""
        self.timer.follow(state, minutes, remaining)
        if state == "running":
            self.show()
            self.raise_()

    def _back_to_where_it_was(self) -> None:
        came_from = self._came_from
        self._came_from = None
        if came_from is not None and came_from.isVisible() and came_from.isEnabled():
            came_from.setFocus(Qt.FocusReason.OtherFocusReason)
