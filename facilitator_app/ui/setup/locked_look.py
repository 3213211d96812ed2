"""How a locked set-up field looks: read-only, not editable-looking.

A read-only Qt field is drawn exactly like an editable one, so while a table captured, the
set-up looked open to typing that then did nothing. A locked field gets the window's colour
behind its text, as a disabled field has, but keeps its text at full contrast, selectable and
reachable with Tab (disabling it would take it out of the keyboard's reach and grey the text).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SetupLock", text)


def show_locked(widget: QWidget, locked: bool) -> None:
    """Draw ``widget`` as read-only (``locked``) or as the application draws it."""
    if locked:
        palette = QPalette(widget.palette())
        for group in _GROUPS:
            behind = palette.color(group, QPalette.ColorRole.Window)
            palette.setColor(group, QPalette.ColorRole.Base, behind)
            palette.setColor(group, QPalette.ColorRole.AlternateBase, behind.darker(104))
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())  # nothing of its own: the application's colours again
    widget.setAccessibleDescription(
        _tr("Locked: unlock the event set-up to change this.") if locked else ""
    )
