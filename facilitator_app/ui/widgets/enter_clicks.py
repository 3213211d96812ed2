"""Enter presses the focused push button, as Space does.

Outside a dialog Qt leaves Enter to a default button, so a facilitator who tabbed to *Merge*
or *Apply theme* and pressed Enter saw nothing happen.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton


class EnterClicks(QObject):
    """Event filter: Enter or Return on a focused push button clicks it."""

    def watch(self, buttons: Iterable[QPushButton]) -> None:
        for button in buttons:
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPushButton)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if watched.isEnabled():
                watched.animateClick()
            return True
        return super().eventFilter(watched, event)
