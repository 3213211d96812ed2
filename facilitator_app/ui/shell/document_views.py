"""The open file's set-up, merge, review and report views: each built, and given the file, the
first time it is shown or asked for, never at open.

A scribe reopening a big event types at once instead of waiting for views (and the libraries
behind them: duplicates, merge, report) they may never open. The main window shows them in its
slots and asks this object for them; it keeps no copy of them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from facilitator_app.ui.shell.view_slot import ViewSlot

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from facilitator_app.ui.merge.view import MergeView
    from facilitator_app.ui.operations import Operations
    from facilitator_app.ui.report.view import ReportView
    from facilitator_app.ui.review.view import ReviewView
    from facilitator_app.ui.setup import SetupView
    from facilitator_app.ui.shell.dialogs import UserDialogs
    from facilitator_app.ui.shell.document import OpenDocument


class Mode(IntEnum):
    """The window's views, in the order of its tab bar (Ctrl+1…6)."""

    START = 0
    SETUP = 1
    CAPTURE = 2
    MERGE = 3
    REVIEW = 4
    REPORT = 5


class ViewsWindow(Protocol):
    """What the views need of the main window they sit in."""

    document: OpenDocument | None
    operations: Operations | None
    dialogs: UserDialogs

    def show_refusal(self, message: str) -> None: ...
    def unlock_setup(self) -> None: ...
    def review_conflicts(self) -> None: ...


class DocumentViews(QObject):
    """Set-up, merge, review and report of the open file, each built when first needed."""

    def __init__(self, window: ViewsWindow, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = window
        self.parent_widget = parent
        tr = self.tr
        self.setup_slot = ViewSlot(tr("Open an event file to set it up."), parent)
        self.merge_slot = ViewSlot(tr("Open an event file to merge table files into it."))
        self.review_slot = ViewSlot(tr("Open an event file to review its points."))
        self.report_slot = ViewSlot(tr("Open an event file to write its report."))
        self._setup: SetupView | None = None
        self._merge: MergeView | None = None
        self._review: ReviewView | None = None
        self._report: ReportView | None = None
        #: Whether the set-up is locked (capture, a read-only file), and why.
        self.setup_lock: tuple[bool, str] = (False, "")
        #: The views not yet given the open file: each is, the first time it is shown.
        self._unbound: set[Mode] = set()

    def file_opened(self) -> None:
        """A file is open: every view reads it when it is first shown."""
        self._unbound = {Mode.MERGE, Mode.REVIEW, Mode.REPORT}

    @property
    def merge(self) -> MergeView:
        if self._merge is None:
            from facilitator_app.ui.merge.view import MergeView

            self._merge = MergeView(self.parent_widget)
            self.merge_slot.set_view(self._merge)
            self._merge.review_requested.connect(self.window.review_conflicts)
        return self._merge

    @property
    def review(self) -> ReviewView:
        if self._review is None:
            from facilitator_app.ui.review.view import ReviewView

            self._review = ReviewView(self.parent_widget)
            self.review_slot.set_view(self._review)
        return self._review

    @property
    def report(self) -> ReportView:
        if self._report is None:
            from facilitator_app.ui.report.view import ReportView

            self._report = ReportView(self.parent_widget)
            self.report_slot.set_view(self._report)
        return self._report

    @property
    def setup(self) -> SetupView | None:
        """The open file's set-up (None with no file), built when first needed."""
        document = self.window.document
        if self._setup is None and document is not None:
            from facilitator_app.ui.setup import SetupView

            view = SetupView(
                document.workshop, self.window.dialogs, self.parent_widget, self.window.operations
            )
            view.failed.connect(self.window.show_refusal)
            view.unlock_requested.connect(self.window.unlock_setup)
            view.set_locked(*self.setup_lock)
            self.setup_slot.set_view(view)
            self._setup = view
        return self._setup

    @property
    def built_setup(self) -> SetupView | None:
        """The set-up view if it was built (one not built yet reads the file when it is)."""
        return self._setup

    def bind_when_shown(self, mode: Mode) -> None:
        """Build a view and give it the open file the first time it is shown (it reads its
        rows then)."""
        if mode == Mode.SETUP:
            self.setup  # noqa: B018 (built now, if it was not)
        document = self.window.document
        if mode in self._unbound and document is not None:
            self._unbound.discard(mode)
            built: dict[Mode, Callable[[], MergeView | ReviewView | ReportView]] = {
                Mode.MERGE: lambda: self.merge,
                Mode.REVIEW: lambda: self.review,
                Mode.REPORT: lambda: self.report,
            }
            built[mode]().set_workshop(document.workshop, self.window.operations)

    def lock_setup(self, locked: bool, reason: str = "") -> None:
        self.setup_lock = (locked, reason)
        if self._setup is not None:
            self._setup.set_locked(locked, reason)

    def flush(self) -> None:
        """Write what the set-up has waiting (a field being typed in)."""
        if self._setup is not None:
            self._setup.flush()

    def file_closing(self) -> None:
        """Let the views go of the file; each stops what it runs in the background too."""
        self.flush()
        bound = {Mode.MERGE: self._merge, Mode.REVIEW: self._review, Mode.REPORT: self._report}
        for mode, view in bound.items():
            if view is not None and mode not in self._unbound:
                view.set_workshop(None)
        self._unbound = set()
        self.setup_slot.set_view(None)
        self._setup = None
        self.setup_lock = (False, "")
