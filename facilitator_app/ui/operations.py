"""The one path for a change to the open file: run it, record its undo step, say what changed.

Every view changes the file through the :class:`Operations` of that file (the main window makes
one per open file and hands it to every view):

- :meth:`Operations.run` runs a core use case on the GUI thread (a scribe's keystroke must be
  on disk when Enter returns) and records what it changed (:mod:`facilitator_app.core.changes`);
- :meth:`Operations.push` puts the change's :class:`UndoStep` on the file's one undo history,
  shared by every view, so Ctrl+Z anywhere undoes the newest change wherever it was made;
- :attr:`Operations.changed` then tells every view (and the status and title bars) what
  changed, once; each refreshes what it shows. A view that already shows its own change (the
  ``initiator``) may skip it.

Long work (merge, export, hand-in, duplicate search) runs off the GUI thread with
:func:`facilitator_app.ui.background.run_in_background`; a merge announces its changes the same
way when it is done, and :attr:`Operations.busy` says when the file is being written so other
views can stay read-only meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from facilitator_app.core.changes import Changes, recording
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.store import Workshop

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Operations", text)


class FileBusyError(WorkshopError):
    """Long work (a merge) is writing the file: a change now would wait for it, then fail."""


class Operations(QObject):
    """The open file's change path: one undo history and one change signal for every view."""

    #: (Changes, initiator): something was committed to the file; initiator is the object
    #: that made the change (it may already show it), or None.
    changed = Signal(object, object)
    #: A plain message for the person: an undo left a newer change alone, or failed.
    notice = Signal(str)
    #: A non-empty reason while long work writes the file (views stay read-only), "" after.
    busy = Signal(str)

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.undo_stack = QUndoStack(self)
        self.busy_reason = ""

    @property
    def read_only(self) -> bool:
        return self.workshop.read_only or bool(self.busy_reason)

    def run(self, change: Callable[[], T], *, initiator: object = None) -> T:
        """Run a change now, on this thread; announce what it changed. Errors propagate (a
        refused change is one transaction rolled back: nothing to announce); while long work
        writes the file, every change is refused at once with the reason
        (:class:`FileBusyError`), never after a busy wait that ends in an error."""
        if self.busy_reason:
            raise FileBusyError(self.busy_reason)
        with recording() as recorder:
            result = change()
        self.announce(recorder.changes, initiator)
        return result

    def announce(self, changes: Changes, initiator: object = None) -> None:
        """Tell every view what changed (for work that ran elsewhere, such as a merge)."""
        if changes:
            self.changed.emit(changes, initiator)

    def push(self, step: UndoStep) -> None:
        """Put a change already made on the file's undo history."""
        step.operations = self
        self.undo_stack.push(step)

    def set_busy(self, reason: str) -> None:
        """While long work writes the file, views take no changes (``reason`` says why)."""
        self.busy_reason = reason
        self.busy.emit(reason)


class UndoStep(QUndoCommand):
    """A change already made, on the undo history: its first redo does nothing; later undos and
    redos run through :meth:`Operations.run`, so every view hears of them too.

    ``forward``/``backward`` redo and undo the change; each checks the state it expects and
    leaves a newer change alone, returning a plain message saying so (or ``""``). A step that
    fails (a :class:`WorkshopError`) is dropped from the history with its message.
    """

    def __init__(self, text: str, initiator: object = None) -> None:
        super().__init__(text)
        self.initiator = initiator
        self.operations: Operations | None = None
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._step(self.forward, undone=False)

    def undo(self) -> None:
        self._step(self.backward, undone=True)

    def _step(self, action: Callable[[], object], *, undone: bool) -> None:
        try:
            if self.operations is None:
                result = action()
            else:
                result = self.operations.run(action, initiator=self.initiator)
        except WorkshopError as error:
            self.setObsolete(True)  # the file moved on: drop the step from the history
            self.failed(str(error))
            return
        if isinstance(result, str) and result:
            self.setObsolete(True)
            self.left_alone(result)
        self.done(undone)

    def forward(self) -> object:
        """Redo the change; a message (str) if part of it was left alone."""
        raise NotImplementedError

    def backward(self) -> object:
        """Undo the change; a message (str) if part of it was left alone."""
        raise NotImplementedError

    def done(self, undone: bool) -> None:
        """After an undo (``undone``) or redo: views may select what it touched."""

    def failed(self, message: str) -> None:
        if self.operations is not None:
            self.operations.notice.emit(message)

    def left_alone(self, message: str) -> None:
        if self.operations is not None:
            self.operations.notice.emit(message)


def changed_since(count: int) -> str:
    """The message for points an undo left alone because they changed since."""
    if count == 1:
        return _tr("The point was changed since (elsewhere or by a merge): it was left as it is.")
    return _tr(
        "%1 points were changed since (elsewhere or by a merge): they were left as they are."
    ).replace("%1", str(count))
