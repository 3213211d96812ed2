"""The discussion timer as a dock: beside the capture view, or floated onto a second screen.

A dock (not a fixed part of the capture view) because the timer is the facilitator's tool as much
as the scribe's: it can be hidden on a small laptop, or dragged out and enlarged so the whole
table can read it. Its visibility and place are kept with the window's remembered state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from facilitator_app.ui.widgets.timer import DiscussionTimer

#: Shows or hides the timer; listed in the View menu.
TOGGLE_SHORTCUT = "F9"
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
        self.hide()
