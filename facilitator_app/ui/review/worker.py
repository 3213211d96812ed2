"""Finds duplicate suggestions off the GUI thread when an event is large.

Suggesting compares the points of a question with each other; for a few thousand points that
takes seconds, which must not freeze the window. Small events are done at once (no flicker).
Both go through the same helper (:mod:`facilitator_app.ui.background`) and so report errors the
same way. A search that a newer request replaced (or the view dropped by raising the
generation) stops between chunks instead of running to the end, and the search is kept between
requests so that a re-search compares only the points that are new.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from facilitator_app.core.duplicates import DuplicateSearch, SearchCancelled
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob

#: Above this many points the suggestions are found in the background.
BACKGROUND_ABOVE = 1500


class SuggestionFinder(QObject):
    """Finds duplicate suggestions and reports ``found(generation, suggestions)``.

    Each request gets a generation number; a result for an older request than the latest is
    dropped by the receiver, so a slow search never overwrites a newer one. A failed search
    reports the exception, which the view puts in words.
    """

    found = Signal(int, object)  # generation, list[DuplicateSuggestion] or Exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.searches = _Searches()
        self._jobs: set[BackgroundJob] = set()

    def request(self, workshop: Workshop, threshold: float, point_count: int) -> int:
        self.generation += 1
        generation = self.generation

        def outdated() -> bool:
            return self.generation != generation

        def work(_report: Callable[[object], None]) -> object:
            try:
                return self.searches.run(workshop, threshold, outdated)
            except SearchCancelled:
                return None  # nobody is waiting for it

        job = BackgroundJob(work)
        self._jobs.add(job)  # kept until its news arrives; it has no parent to die with
        job.done.connect(lambda result: self._found(job, generation, result))
        job.failed.connect(lambda message: self._found(job, generation, RuntimeError(message)))
        if point_count <= BACKGROUND_ABOVE:
            job.run_here()
        else:
            job.start()
        return generation

    def _found(self, job: BackgroundJob, generation: int, result: object) -> None:
        self._jobs.discard(job)
        if result is not None:
            self.found.emit(generation, result)


class _Searches:
    """The search kept between requests, so a re-search compares only points that are new.

    One :class:`DuplicateSearch` per file and threshold, used by one thread at a time (a
    replaced search gives the lock up at its next chunk).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple[int, str, float] | None = None
        self.search: DuplicateSearch | None = None

    def run(
        self, workshop: Workshop, threshold: float, cancelled: Callable[[], bool] | None = None
    ) -> object:
        with self.lock:
            key = (id(workshop), str(workshop.path), threshold)
            if self.search is None or self.key != key:
                self.search, self.key = DuplicateSearch(threshold), key
            return self.search.update(workshop, cancelled=cancelled)
