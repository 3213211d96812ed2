"""The report view's preview: what the report will contain, rebuilt as the event, the text and
the options change, and shown as an outline (headings, and how many points under each).

Each refresh reads the event once (:func:`facilitator_app.core.report.build.preview` gives
the document and every drafted section's text from that one read). A small event is previewed
at once; a large one on a worker thread, so the lead (or a scribe's Enter heard by a hidden
report) never waits for it. Only the newest request is shown: one asked for while another is
being built waits for it, then runs with the latest text and options.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from facilitator_app.core.report import ReportOptions
from facilitator_app.core.report.build import ReportPreview, preview
from facilitator_app.core.report.document import OutlineNode, ReportDocument, outline
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob

#: Files larger than this (some 2,000 points) are previewed off the GUI thread.
BACKGROUND_ABOVE_BYTES = 1_000_000


def is_large(workshop: Workshop) -> bool:
    """Large enough for the preview to be felt on the GUI thread (judged by the file's size,
    known without reading it)."""
    try:
        return workshop.path.stat().st_size > BACKGROUND_ABOVE_BYTES
    except OSError:
        return False


class ReportPreviewer(QObject):
    """Builds previews on request; ``ready`` carries the newest one, ``failed`` why it failed."""

    ready = Signal(object)  # ReportPreview
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        #: The job building a preview, kept until its news arrives (never deleted while its
        #: pool thread is still returning from it).
        self._job: BackgroundJob | None = None
        self._next: Callable[[], None] | None = None

    @property
    def busy(self) -> bool:
        """A preview is being built, or waits to be."""
        return self._next is not None or (self._job is not None and self._job.running())

    def request(self, workshop: Workshop, options: ReportOptions) -> None:
        """Preview the report of ``workshop`` with ``options``; any older request is dropped."""
        self.generation += 1
        generation = self.generation
        if self._job is not None and self._job.running():
            self._next = lambda: self._start(workshop, options, generation)
        else:
            self._start(workshop, options, generation)

    def cancel(self) -> None:
        """Show nothing of what was asked so far (the file is being closed or replaced)."""
        self.generation += 1
        self._next = None

    def _start(self, workshop: Workshop, options: ReportOptions, generation: int) -> None:
        self._next = None
        job = BackgroundJob(lambda _report: preview(workshop, options))
        job.done.connect(lambda result: self._finished(generation, result, None))
        job.failed.connect(lambda message: self._finished(generation, None, message))
        self._job = job
        if is_large(workshop):
            job.start()
        else:
            job.run_here()

    def _finished(self, generation: int, result: object, failure: str | None) -> None:
        if generation == self.generation:
            if failure is not None:
                self.failed.emit(failure)
            elif isinstance(result, ReportPreview):
                self.ready.emit(result)
        if self._next is not None:
            self._next()


def fill_outline(model: QStandardItemModel, document: ReportDocument) -> None:
    """The outline of ``document``: a row per heading, with its number of points."""
    model.removeRows(0, model.rowCount())
    root = model.invisibleRootItem()
    for node in outline(document):
        _add_node(root, node)


def _add_node(parent: QStandardItem, node: OutlineNode) -> None:
    title = QStandardItem(node.title)
    count = QStandardItem(f"{node.points:,}" if node.points else "")
    count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    parent.appendRow([title, count])
    for child in node.children:
        _add_node(title, child)
