"""Stand-ins for the duplicate search, for tests of the search process.

The search runs in a process of its own, where a test's monkeypatching does not reach: these
classes are sent to it by name instead (``SuggestionFinder.search_type``). They leave marks as
files in the folder named by ``FACILITATOR_TEST_SEARCH_DIR`` (the process inherits the
environment), so a test can see what the process did: ``started-<threshold>``,
``stopped-<threshold>``, ``made-<threshold>-<pid>``, ``pid`` (the search process's).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from facilitator_app.core.duplicates import DuplicateSearch, DuplicateSuggestion
from facilitator_app.core.errors import SearchCancelled
from facilitator_app.core.store import Workshop

FOLDER = "FACILITATOR_TEST_SEARCH_DIR"


def mark(name: str) -> None:
    folder = Path(os.environ[FOLDER])
    (folder / name).write_text(str(os.getpid()))


def _threshold(value: float) -> str:
    return str(int(value))


class EndlessSearch:
    """At threshold 71 it runs until cancelled (asked between "chunks"); otherwise it finds
    nothing at once. Each one made leaves ``made-<threshold>-<n>``."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        folder = Path(os.environ[FOLDER])
        made = len(list(folder.glob(f"made-{_threshold(threshold)}-*")))
        mark(f"made-{_threshold(threshold)}-{made}")
        mark("pid")

    def update(
        self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
    ) -> list[DuplicateSuggestion]:
        mark(f"updated-{_threshold(self.threshold)}")
        if self.threshold != 71:
            return []
        mark(f"started-{_threshold(self.threshold)}")
        pause = threading.Event()  # never set: a short wait between "chunks"
        while cancelled is not None and not cancelled():
            pause.wait(0.005)
        mark(f"stopped-{_threshold(self.threshold)}")
        raise SearchCancelled


class EndlessAtAnyThreshold(EndlessSearch):
    """Runs until cancelled whatever the threshold (the view asks at its own, 72)."""

    def __init__(self, threshold: float) -> None:
        super().__init__(71)


class StubbornSearch:
    """Never ends, and never listens: only ending its process stops it."""

    def __init__(self, threshold: float) -> None:
        mark("pid")

    def update(
        self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
    ) -> list[DuplicateSuggestion]:
        mark("started-stubborn")
        threading.Event().wait()
        return []


class SlowRealSearch(DuplicateSearch):
    """The real search, held back until ``release`` appears (so a change can overtake it)."""

    def update(
        self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
    ) -> list[DuplicateSuggestion]:
        found = super().update(workshop, cancelled=cancelled)
        mark("searched")
        folder = Path(os.environ[FOLDER])
        pause = threading.Event()
        while not (folder / "release").exists():
            pause.wait(0.005)
        (folder / "release").unlink()
        return found
