"""The one way a view goes read-only while long work (a merge) writes the open file.

Every view that changes the file puts a :class:`BusyNotice` at its top and calls
:meth:`BusyNotice.follow` with the file's operations and its own ``set_busy(bool)``: while
:attr:`Operations.busy <facilitator_app.ui.operations.Operations.busy>` carries a reason, the
notice shows it and the view takes no changes; when the work ends both go back to normal. So no
view waits on a busy file and then fails: it says why at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from facilitator_app.ui.operations import Operations


class BusyNotice(QLabel):
    """A notice, hidden until long work writes the file, saying why the view is read-only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyNotice")
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Read-only while the file is being written"))
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setMargin(8)
        self.hide()
        self._operations: Operations | None = None
        self._set_busy: Callable[[bool], None] = lambda busy: None

    def follow(self, operations: Operations, set_busy: Callable[[bool], None]) -> None:
        """Follow ``operations``' busy state (at once, then on every change), calling
        ``set_busy`` so the view takes no changes meanwhile."""
        if self._operations is not None:
            self._operations.busy.disconnect(self.show_reason)
        self._operations = operations
        self._set_busy = set_busy
        operations.busy.connect(self.show_reason)  # dropped by Qt when this notice goes
        self.show_reason(operations.busy_reason)

    @property
    def busy(self) -> bool:
        return self._operations is not None and bool(self._operations.busy_reason)

    def show_reason(self, reason: str) -> None:
        self.setText(reason)
        self.setVisible(bool(reason))
        self._set_busy(bool(reason))
