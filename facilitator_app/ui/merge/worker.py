"""Runs a merge off the GUI thread and reports each file's result through Qt signals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.merge import SourceResult, merge_files


class MergeWorker(QObject):
    """Calls :func:`merge_files` in its own thread; the core opens its own connections.

    Signals cross back to the GUI thread as queued connections.
    """

    result = Signal(object)  # SourceResult, as soon as each file's fate is known
    finished = Signal(object)  # MergeSummary
    failed = Signal(str)  # the event file itself could not be used

    def __init__(self, target: Path, sources: Sequence[Path]) -> None:
        super().__init__()
        self.target = target
        self.sources = list(sources)

    @Slot()
    def run(self) -> None:
        try:
            summary = merge_files(self.target, self.sources, progress=self._progress)
        except WorkshopError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug, but never leave the view waiting forever
            self.failed.emit(f"The merge stopped unexpectedly: {error}")
        else:
            self.finished.emit(summary)

    def _progress(self, result: SourceResult) -> None:
        self.result.emit(result)


class MergeRun(QObject):
    """One merge in a worker thread; forwards the worker's signals and cleans up after itself."""

    result = Signal(object)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, target: Path, sources: Sequence[Path], parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("merge")
        self.worker = MergeWorker(target, sources)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.result.connect(self.result)
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)

    def start(self) -> None:
        self._thread.start()

    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self) -> None:
        """Block until the merge is over (each file is all or nothing: never cut one short)."""
        self._thread.wait()

    def _stop_thread(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.worker.deleteLater()

    def _done(self, summary: object) -> None:
        self._stop_thread()
        self.finished.emit(summary)

    def _failed(self, message: str) -> None:
        self._stop_thread()
        self.failed.emit(message)
