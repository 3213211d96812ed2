"""How fast the facilitator's review view is at 1,000 and 10,000 points, against floors timed in
the same run on the same file.

- Shown: from handing the view the open event file to its table laid out and painted. Floor:
  plain sqlite3 reading the same point rows (``SELECT * FROM point``). Target at 10,000: 1 s.
- Filter: from a search typed into the box to the table filtered and painted, first with the
  duplicate search left running in the background (as a facilitator meets it), then with it
  stopped. Floor: a Python case-insensitive substring scan of the same texts. Target: 50 ms.

Run with ``pytest -m benchmark -n 0 -s tests/benchmarks/test_review_speed.py``.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_capture_speed import _event

from facilitator_app.ui.review.view import ReviewView

pytestmark = pytest.mark.benchmark

NEEDLES = ["clinic", "", "shuttle bus", "", "point 4", "", "xyz-not-there", ""]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _filter_samples(view: ReviewView, rounds: int) -> tuple[list[float], dict[str, int]]:
    samples: list[float] = []
    shown: dict[str, int] = {}
    for _round in range(rounds):
        for needle in NEEDLES:
            start = time.perf_counter()
            view.search.setText(needle)
            QApplication.processEvents()
            samples.append(time.perf_counter() - start)
            shown[needle] = view.proxy.rowCount()
    return samples, shown


@pytest.mark.parametrize("size", [1_000, 10_000])
def test_review_view_shown_and_filtered(size: int, tmp_path: Path, qtbot: QtBot) -> None:
    workshop, _table_id = _event(tmp_path, size)
    try:
        view = ReviewView()
        qtbot.addWidget(view)
        view.resize(1366, 768)
        start = time.perf_counter()
        view.set_workshop(workshop)
        view.show()
        qtbot.waitExposed(view)
        QApplication.processEvents()
        shown_in = time.perf_counter() - start
        assert view.model.rowCount() == size

        with_search, shown = _filter_samples(view, 2)
        view.finder.generation += 1  # results of the running search are dropped from here on
        view.finder.request = lambda *_args, **_kwargs: None  # type: ignore[method-assign]
        without_search, _shown = _filter_samples(view, 2)
        texts = [view.model.row_at(r).point.text for r in range(view.model.rowCount())]
    finally:
        workshop.close()
    assert shown[""] == size and shown["xyz-not-there"] == 0
    assert shown["clinic"] == sum("clinic" in t.casefold() for t in texts)

    connection = sqlite3.connect(workshop.path)
    start = time.perf_counter()
    rows = connection.execute("SELECT * FROM point").fetchall()
    read_floor = time.perf_counter() - start
    connection.close()
    assert len(rows) == size
    scan: list[float] = []
    for _round in range(2):
        for needle in NEEDLES:
            begin = time.perf_counter()
            _kept = [t for t in texts if needle.casefold() in t.casefold()]
            scan.append(time.perf_counter() - begin)

    scan_floor = _median_ms(scan)
    print(
        f"\nreview view, {size:,} points: shown in {shown_in * 1000:.0f} ms (target < 1,000 ms);"
        f" floor sqlite3 read of the rows {read_floor * 1000:.1f} ms;"
        f" ratio {shown_in / read_floor:.1f}x"
    )
    print(
        f"  filter, duplicate search running: median {_median_ms(with_search):.1f} ms, max "
        f"{max(with_search) * 1000:.1f} ms; search stopped: median "
        f"{_median_ms(without_search):.1f} ms (target < 50 ms)"
    )
    print(
        f"  floor Python substring scan: median {scan_floor:.2f} ms; ratio (search stopped) "
        f"{_median_ms(without_search) / scan_floor:.1f}x"
    )
    assert shown_in < 30, "the review view should never take half a minute to show"
