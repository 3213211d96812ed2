"""Title, date, venue and context of the event, each stored the moment it is finished.

Line fields are stored when editing finishes (Enter, Tab, leaving the field); the context text
is stored shortly after typing pauses and when the field is left, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from facilitator_app.core import event as setup
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.store import Workshop
from facilitator_app.ui.operations import UndoStep
from facilitator_app.ui.setup.date_field import DateField
from facilitator_app.ui.setup.locked_look import show_locked

CONTEXT_PAUSE_MS = 600


class EventForm(QWidget):
    failed = Signal(str)

    def __init__(self, workshop: Workshop, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        #: Runs a change: through the file's Operations once the set-up view has them.
        self.run_change: Callable[[Callable[[], object]], object] = lambda change: change()
        #: Puts an edit on the file's undo history (set by the set-up view).
        self.push_step: Callable[[UndoStep], None] | None = None
        self._loading = False
        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Event title"))
        self.date = DateField(self)
        self.date.setAccessibleName(self.tr("Event date"))
        # a date needs a date's width, not the whole form's
        self.date.setSizePolicy(QSizePolicy.Policy.Fixed, self.date.sizePolicy().verticalPolicy())
        self.venue = QLineEdit(self)
        self.venue.setAccessibleName(self.tr("Venue"))
        self.context = QPlainTextEdit(self)
        self.context.setAccessibleName(self.tr("Context: the proposal being discussed"))
        self.context.setTabChangesFocus(True)
        self.context.setPlaceholderText(
            self.tr("A paragraph or two about the proposal the tables will discuss.")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Date:"), self.date)
        form.addRow(self.tr("Ve&nue:"), self.venue)
        form.addRow(self.tr("&Context:"), self.context)

        self._context_timer = QTimer(self)
        self._context_timer.setSingleShot(True)
        self._context_timer.setInterval(CONTEXT_PAUSE_MS)
        self._context_timer.timeout.connect(self._store_context)
        self.title.editingFinished.connect(self._store_title)
        self.venue.editingFinished.connect(self._store_venue)
        self.date.date_entered.connect(self._store_date)
        self.date.refused.connect(self.failed)
        self.context.textChanged.connect(self._context_typed)
        self.context.installEventFilter(self)
        self.reload()

    def reload(self) -> None:
        info = setup.get_event(self.workshop)
        self._loading = True
        try:
            self.title.setText(info.title)
            self.venue.setText(info.venue)
            self.date.set_date(dt.date.fromisoformat(info.date) if info.date else None)
            if self.context.toPlainText() != info.context:
                self.context.setPlainText(info.context)
        finally:
            self._loading = False

    def set_locked(self, locked: bool) -> None:
        """Read-only, and drawn so (a read-only field otherwise looks editable)."""
        for field in (self.title, self.venue, self.context, self.date):
            field.setReadOnly(locked)
            show_locked(field, locked)

    def flush(self) -> None:
        """Store whatever is still waiting (the context typed a moment ago)."""
        if self._context_timer.isActive():
            self._context_timer.stop()
            self._store_context()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.context and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _context_typed(self) -> None:
        if not self._loading and not self.context.isReadOnly():
            self._context_timer.start()

    def _store(self, **values: str) -> None:
        if self._loading or self.workshop.read_only or self.title.isReadOnly():
            return
        current = setup.get_event(self.workshop)
        if all(getattr(current, key) == value for key, value in values.items()):
            return
        old = {key: getattr(current, key) for key in values}
        try:
            self.run_change(lambda: setup.update_event(self.workshop, **values))
        except WorkshopError as error:
            self.reload()
            self.failed.emit(str(error))
            return
        if self.push_step is not None:
            new = {key: getattr(setup.get_event(self.workshop), key) for key in values}
            self.push_step(EventEditStep(self, old, new))

    def _store_title(self) -> None:
        self._store(title=self.title.text())

    def _store_venue(self) -> None:
        self._store(venue=self.venue.text().strip())

    def _store_date(self, iso_date: str) -> None:
        self._store(date=iso_date)

    def _store_context(self) -> None:
        self._store(context=self.context.toPlainText())


class EventEditStep(UndoStep):
    """The event's title, date, venue or context edited: undo puts the old value back unless
    it was changed again since."""

    def __init__(self, form: EventForm, old: dict[str, str], new: dict[str, str]) -> None:
        what = ", ".join(new)  # title, date, venue or context
        super().__init__(
            QCoreApplication.translate("EventForm", "Edit the event's %1").replace("%1", what),
            initiator=form,
        )
        self.form, self.old, self.new = form, old, new

    def forward(self) -> str:
        return self._set(self.new, expected=self.old)

    def backward(self) -> str:
        return self._set(self.old, expected=self.new)

    def _set(self, values: dict[str, str], *, expected: dict[str, str]) -> str:
        current = setup.get_event(self.form.workshop)
        if any(getattr(current, key) != value for key, value in expected.items()):
            return changed_since_event()
        setup.update_event(self.form.workshop, **values)
        self.form.reload()
        return ""


def changed_since_event() -> str:
    return QCoreApplication.translate(
        "EventForm", "The event's details were changed since, so they were left as they are."
    )
