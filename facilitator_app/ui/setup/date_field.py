"""The event date as a line of text: typed as people type dates ("12 May 2026", "12/05/2026"),
read when the field is left or Enter is pressed, and shown back in words.

A QDateEdit's sections made typing a date a trap: the day jumped to the month, the label's
Alt+D landed on the year, and Tab left the field so that the next keys went into the venue.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from facilitator_app.core.dates import format_date, parse_date
from facilitator_app.core.errors import InvalidValueError


class DateField(QLineEdit):
    """``date_entered`` carries the ISO date typed ("" for none); ``refused`` says why a text
    names no date (the text stays, to be corrected; nothing is stored)."""

    date_entered = Signal(str)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._date: dt.date | None = None
        self._refused_text: str | None = None  # said once, not again on the focus leaving
        self.setPlaceholderText(self.tr("No date set: type e.g. 12 May 2026"))
        self.setToolTip(self.tr("Type the date: 12 May 2026, 12/05/2026 or 2026-05-12"))
        self.editingFinished.connect(self._read)

    def date(self) -> dt.date | None:
        return self._date

    def set_date(self, date: dt.date | None) -> None:
        """Show a date (from the file) without announcing it."""
        self._date = date
        self.setText(format_date(date) if date else "")

    def sizeHint(self) -> QSize:
        """As wide as a long date and its hint, not the whole form."""
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance("No date set: type e.g. 12 May 2026  "))
        return hint

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Arriving, the whole date is selected: typing a new one replaces it."""
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.selectAll()

    def _read(self) -> None:
        if self.isReadOnly():
            return
        try:
            date = parse_date(self.text())
        except InvalidValueError as error:
            if self.text() != self._refused_text:
                self._refused_text = self.text()
                self.refused.emit(str(error))
            return
        self._refused_text = None
        self.set_date(date)
        self.date_entered.emit(date.isoformat() if date else "")
