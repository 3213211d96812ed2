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

    def search(
        workshop: Workshop, *, threshold: float, cancelled: Callable[[], bool] | None = None
    ) -> list[object]:
        if threshold == 71:  # the first, long search: runs until told to stop
            first_started.set()
            pause = threading.Event()  # never set: a short wait between "chunks"
            while cancelled is not None and not cancelled():  # asked between chunks, as for real
                pause.wait(0.005)
            first_stopped.set()
            raise SearchCancelled
        return []

    monkeypatch.setattr(review_worker, "suggest_duplicates", search)
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
