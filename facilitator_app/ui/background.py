"""The one way the app runs long work off the GUI thread: merge, export, hand-in, duplicates.

``BackgroundJob(work)`` runs ``work(report)`` on Qt's global thread pool. ``report(x)`` sends a
partial result (a merged file's fate) as :attr:`BackgroundJob.progress`; when the work returns,
:attr:`BackgroundJob.done` carries its result; if it raises, :attr:`BackgroundJob.failed`
carries one plain sentence (:func:`failure_message`), never a traceback lost in a thread.
Exactly one of ``done`` and ``failed`` is emitted, on the GUI thread (queued connections).
A scribe's keystroke never comes here: it must be on disk when Enter returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from facilitator_app.core.errors import WorkshopError

#: The work: called with ``report`` (for partial results); returns the result.
Work = Callable[[Callable[[object], None]], object]


def failure_message(error: BaseException) -> str:
    """The sentence a person reads when background work fails."""
    if isinstance(error, WorkshopError):
        return str(error)
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return (
            QCoreApplication.translate("BackgroundJob", "The file could not be written%1: %2.")
            .replace("%1", str(where))
            .replace("%2", error.strerror or str(error))
        )
    return QCoreApplication.translate("BackgroundJob", "It stopped unexpectedly: %1").replace(
        "%1", str(error) or type(error).__name__
    )


class BackgroundJob(QObject):
    """One piece of long work on the thread pool, reported back through signals."""

    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        work: Work,
        *,
        describe: Callable[[BaseException], str] = failure_message,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._describe = describe
        self._finished = threading.Event()
        self._started = False

    def start(self) -> None:
        self._started = True
        QThreadPool.globalInstance().start(_Runnable(self))

    def run_here(self) -> None:
        """Run the work now, on this thread (small enough not to be felt), reporting it the
        same way."""
        self._started = True
        self._run()

    def running(self) -> bool:
        return self._started and not self._finished.is_set()

    def wait(self, timeout_seconds: float | None = None) -> bool:
        """Block until the work is over (the app is quitting: never cut a write short)."""
        return not self._started or self._finished.wait(timeout_seconds)

    def _run(self) -> None:
        try:
            result = self._work(self._report)
        except Exception as error:  # reported, never lost in a thread
            self._finished.set()
            self._emit(self.failed, self._describe(error))
        else:
            self._finished.set()  # before the news arrives, so its receiver sees it over
            self._emit(self.done, result)

    def _report(self, partial: object) -> None:
        self._emit(self.progress, partial)

    @staticmethod
    def _emit(signal: object, value: object) -> None:
        with suppress(RuntimeError):  # the view that asked was closed meanwhile
            signal.emit(value)  # type: ignore[attr-defined]


class _Runnable(QRunnable):
    def __init__(self, job: BackgroundJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job._run()
