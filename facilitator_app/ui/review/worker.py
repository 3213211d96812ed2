"""Finds duplicate suggestions in a worker thread when an event is large.

Suggesting compares every pair of points of a question; for a few thousand points that takes
seconds, which must not freeze the window. Small events are done at once (no flicker). A search
that a newer request replaced (or the view dropped by raising the generation) stops between
chunks instead of running to the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from facilitator_app.core.duplicates import DuplicateSearch, SearchCancelled
from facilitator_app.core.store import Workshop

#: Above this many points the suggestions are found in the background.
BACKGROUND_ABOVE = 1500


class SuggestionFinder(QObject):
    """Finds duplicate suggestions and reports ``found(generation, suggestions)``.

    Each request gets a generation number; a result for an older request than the latest is
    dropped by the receiver, so a slow search never overwrites a newer one.
    """

    found = Signal(int, object)  # generation, list[DuplicateSuggestion] or Exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.searches = _Searches()

    def request(self, workshop: Workshop, threshold: float, point_count: int) -> int:
        self.generation += 1
        generation = self.generation
        if point_count <= BACKGROUND_ABOVE:
            self.found.emit(generation, self.searches.run(workshop, threshold))
        else:
            QThreadPool.globalInstance().start(_Task(self, workshop, threshold, generation))
        return generation


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
        try:
            with self.lock:
                key = (id(workshop), str(workshop.path), threshold)
                if self.search is None or self.key != key:
                    self.search, self.key = DuplicateSearch(threshold), key
                return self.search.update(workshop, cancelled=cancelled)
        except SearchCancelled:
            return None  # nobody is waiting for it
        except Exception as error:  # reported to the view, which says so; never lost in a thread
            return error


class _Task(QRunnable):
    def __init__(
        self, finder: SuggestionFinder, workshop: Workshop, threshold: float, generation: int
    ) -> None:
        super().__init__()
        self.finder = finder
        self.workshop = workshop
        self.threshold = threshold
        self.generation = generation

    def run(self) -> None:
        result = self.finder.searches.run(self.workshop, self.threshold, self._outdated)
        if result is None:
            return
        with suppress(RuntimeError):  # the view was closed meanwhile
            self.finder.found.emit(self.generation, result)  # queued to the GUI thread

    def _outdated(self) -> bool:
        return self.finder.generation != self.generation
