"""A duplicate search running in the background stops as soon as a newer one replaces it."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from facilitator_app.core.duplicates import SearchCancelled
from facilitator_app.core.store import Workshop
from facilitator_app.ui.review import worker as review_worker
from facilitator_app.ui.review.worker import SuggestionFinder


def test_a_replaced_search_stops_and_only_the_latest_reports(
    event_file: Workshop, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_started = threading.Event()
    first_stopped = threading.Event()
    made: list[float] = []

    class Search:  # stands in for DuplicateSearch: the first search runs until told to stop
        def __init__(self, threshold: float) -> None:
            self.threshold = threshold
            made.append(threshold)

        def update(
            self, workshop: Workshop, *, cancelled: Callable[[], bool] | None = None
        ) -> list[object]:
            if self.threshold == 71:
                first_started.set()
                pause = threading.Event()  # never set: a short wait between "chunks"
                while cancelled is not None and not cancelled():  # asked between chunks
                    pause.wait(0.005)
                first_stopped.set()
                raise SearchCancelled
            return []

    monkeypatch.setattr(review_worker, "DuplicateSearch", Search)
    monkeypatch.setattr(review_worker, "BACKGROUND_ABOVE", 0)
    finder = SuggestionFinder()
    results: list[tuple[int, object]] = []
    finder.found.connect(lambda generation, result: results.append((generation, result)))

    finder.request(event_file, 71, point_count=10_000)
    assert first_started.wait(10)
    with qtbot.waitSignal(finder.found, timeout=10_000):
        latest = finder.request(event_file, 72, point_count=10_000)
    assert first_stopped.wait(10)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(0)  # let any queued report of the first search arrive, if one was sent
    assert results == [(latest, [])]

    with qtbot.waitSignal(finder.found, timeout=10_000):  # the same file and threshold again
        finder.request(event_file, 72, point_count=10_000)
    assert made == [71, 72]  # the kept search is asked again: only new points are compared
