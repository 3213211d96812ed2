"""Finds duplicate suggestions off the GUI thread when an event is large.

Suggesting compares every pair of points of a question; for a few thousand points that takes
seconds, which must not freeze the window. Small events are done at once (no flicker), through
the same helper (:mod:`facilitator_app.ui.background`) and so with the same error reporting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from facilitator_app.core.duplicates import suggest_duplicates
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob

#: Above this many points the suggestions are found in the background.
BACKGROUND_ABOVE = 1500


class SuggestionFinder(QObject):
    """Runs :func:`suggest_duplicates` and reports ``found(generation, suggestions)``.

    Each request gets a generation number; a result for an older request than the latest is
    dropped by the receiver, so a slow search never overwrites a newer one. A failed search
    reports the exception, which the view puts in words.
    """

    found = Signal(int, object)  # generation, list[DuplicateSuggestion] or Exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0

    def request(self, workshop: Workshop, threshold: float, point_count: int) -> int:
        self.generation += 1
        generation = self.generation

        def work(_report: Callable[[object], None]) -> object:
            return suggest_duplicates(workshop, threshold=threshold)

        job = BackgroundJob(work, parent=self)
        job.done.connect(lambda result: self._found(job, generation, result))
        job.failed.connect(lambda message: self._found(job, generation, RuntimeError(message)))
        if point_count <= BACKGROUND_ABOVE:
            job.run_here()
        else:
            job.start()
        return generation

    def _found(self, job: BackgroundJob, generation: int, result: object) -> None:
        job.deleteLater()
        self.found.emit(generation, result)
