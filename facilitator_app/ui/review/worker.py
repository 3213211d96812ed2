"""Finds duplicate suggestions without ever keeping the window waiting.

Suggesting compares the points of a question with each other; for a few thousand points that
takes seconds. A large event is searched in a process of its own
(:class:`~facilitator_app.core.duplicate_process.SearchProcess`): in a thread the search's
Python held the interpreter's lock, and every keystroke in the review's filter waited for it.
The process keeps its search between requests, so a re-search compares only the points that
are new or changed. Small events are done at once, here (no flicker, no process to start).
Both report the same way: ``found(generation, suggestions or exception)``.

Raising :attr:`SuggestionFinder.generation` (a newer request does, and so does a view that no
longer wants the result) stops the search in hand at its next chunk; :meth:`SuggestionFinder.stop`
ends the process (the file was closed).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from facilitator_app.core.duplicate_process import SearchProcess, SearchType, from_plain
from facilitator_app.core.duplicates import DuplicateSearch
from facilitator_app.core.errors import SearchCancelled
from facilitator_app.core.store import Workshop
from facilitator_app.ui.background import BackgroundJob

#: Above this many points the suggestions are found in the search process (1,000 points
#: took half a second here: a window that long without an answer feels stuck).
BACKGROUND_ABOVE = 400


class SuggestionFinder(QObject):
    """Finds duplicate suggestions and reports ``found(generation, suggestions)``.

    Each request gets a generation number; a result for an older request than the latest is
    dropped by the receiver, so a slow search never overwrites a newer one. A failed search
    reports the exception, which the view puts in words.
    """

    found = Signal(int, object)  # generation, list[DuplicateSuggestion] or Exception
    #: From the search process's listening thread: (generation, kind, payload).
    _arrived = Signal(int, str, object)
    #: What the search process makes its searches with (importable by name: tests swap it).
    search_type: SearchType = DuplicateSearch

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self.searches = _Searches()
        self.process: SearchProcess | None = None
        self._arrived.connect(self._from_process)

    @property
    def generation(self) -> int:
        return self._generation

    @generation.setter
    def generation(self, value: int) -> None:
        """A new generation: whatever search still runs is not wanted, and stops."""
        self._generation = value
        if self.process is not None:
            self.process.cancel()

    def request(self, workshop: Workshop, threshold: float, point_count: int) -> int:
        self.generation += 1
        generation = self.generation
        if point_count > BACKGROUND_ABOVE:
            if self.process is None:
                self.process = SearchProcess(self._heard, self.search_type)
            self.process.request(workshop, threshold, generation)
            return generation

        def work(_report: Callable[[object], None]) -> object:
            return self.searches.run(workshop, threshold)

        job = BackgroundJob(work)
        job.done.connect(lambda result: self._found_here(generation, result))
        job.failed.connect(lambda message: self.found.emit(generation, RuntimeError(message)))
        job.run_here()
        return generation

    def _found_here(self, generation: int, result: object) -> None:
        if result is not None:  # None: the search was cancelled
            self.found.emit(generation, result)

    def searching(self) -> bool:
        """Whether the search process is at work or waiting for work (it keeps what it knows)."""
        return self.process is not None and self.process.running()

    def stop(self) -> None:
        """End the search process (the file was closed): nothing it does is wanted any more."""
        self.generation += 1
        if self.process is not None:
            self.process.close()
            self.process = None

    def _heard(self, generation: int, kind: str, payload: Any) -> None:
        """On the process's listening thread: hand the answer to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the view that asked is gone
            self._arrived.emit(generation, kind, payload)

    def _from_process(self, generation: int, kind: str, payload: Any) -> None:
        if generation != self._generation:
            return  # an answer to an older request: a newer one is on its way
        if kind == "found":
            self.found.emit(generation, from_plain(payload))
        else:
            self.found.emit(generation, RuntimeError(str(payload)))


class _Searches:
    """The in-process search kept between requests, so a re-search compares only points that
    are new (one :class:`DuplicateSearch` per file and threshold)."""

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
            try:
                return self.search.update(workshop, cancelled=cancelled)
            except SearchCancelled:
                return None
