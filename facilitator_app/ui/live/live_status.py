"""The status bar's word on the live room: "Live: in the room" or "Offline: 12 changes to send".

The scribe glances at it to know the facilitator has the table's points; it never asks for
anything, so typing goes on whatever it says. Hidden while the table is not in a room.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from facilitator_app.ui.widgets.status_colours import success_colour, warning_colour

if TYPE_CHECKING:  # the network code loads on the first join, not at start-up
    from facilitator_app.live.table import TableStatus


class LiveStatusLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveStatus")
        self.setAccessibleName(self.tr("Live room"))
        self.setContentsMargins(8, 0, 8, 0)
        self.hide()

    def joining(self, address: str, table: str) -> None:
        """A session began: say so until the host first answers."""
        self.setToolTip(
            self.tr("%1 in the facilitator's room at %2")
            .replace("%1", table)
            .replace("%2", address)
        )
        self._say(self.tr("Joining the room…"))
        self.show()

    def show_status(self, status: TableStatus) -> None:
        count = status.changes_to_send
        if status.connected and status.refused:
            self._say(self.tr("Live: the room refused this file"), warning_colour())
            self.setAccessibleDescription(status.refused)
            return
        if status.connected and not count:
            text = self.tr("Live: in the room")
        elif status.connected:
            text = (
                self.tr("Live: sending 1 change")
                if count == 1
                else self.tr("Live: sending %1 changes").replace("%1", str(count))
            )
        elif count == 1:
            text = self.tr("Offline: 1 change to send")
        else:
            text = self.tr("Offline: %1 changes to send").replace("%1", str(count))
        self._say(text, success_colour() if status.connected else warning_colour())

    def left(self) -> None:
        self.clear()
        self.setToolTip("")
        self.hide()

    def _say(self, text: str, colour: QColor | None = None) -> None:
        """The words, in green while live and amber while offline (the words say it too)."""
        self.setText(text)
        self.setAccessibleDescription(text)
        palette = self.palette()
        role = QPalette.ColorRole.WindowText
        palette.setColor(role, colour or QApplication.palette(self).color(role))
        self.setPalette(palette)
