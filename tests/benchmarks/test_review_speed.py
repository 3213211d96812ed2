"""How fast the facilitator's review view is at 1,000 and 10,000 points, against floors timed in
the same run on the same file.

The event has four tables with alike points in every question, so the duplicate search has
work to do (with one table it never starts, and a filter "while it runs" would time nothing).

- Shown: from handing the view the open event file to its table laid out and painted. Floor: a
  bare window shown and painted plus plain sqlite3 reading the same point rows
  (``SELECT * FROM point``). Target at 10,000: 1 s.
- Filter: from a search typed into the box to the table filtered and painted, first while the
  duplicate search runs (as a facilitator meets it: the samples taken while it ran are counted),
  then with it stopped. Floor: a Python case-insensitive substring scan of the same texts.
  Target: 50 ms.

Run with ``pytest -m benchmark -n 0 -s tests/benchmarks/test_review_speed.py``.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from test_capture_speed import _text

from facilitator_app.core import event
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.model import Point
from facilitator_app.core.store import Workshop
from facilitator_app.ui.review.view import ReviewView

pytestmark = pytest.mark.benchmark

NEEDLES = ["clinic", "", "shuttle bus", "", "point 4", "", "xyz-not-there", ""]
TABLES = 4


def _event(tmp_path: Path, count: int) -> Workshop:
    """``count`` points spread over four tables and the questions (set-up, not measured)."""
    workshop = create_event_file(
        tmp_path / "bench.workshop", EventSpec.with_numbered_tables("Benchmark", TABLES)
    )
    tables = [t.id for t in event.list_tables(workshop)]
    questions = [q.id for q in event.list_questions(workshop)]
    themes = [t.id for t in event.list_themes(workshop)] + [None]
    with workshop.write() as session:
        for number in range(count):
            session.add(
                Point(
                    table_id=tables[number % TABLES],
                    question_id=questions[number % len(questions)],
                    theme_id=themes[number % len(themes)],
                    text=_text(number // TABLES),  # each text raised at every table
                    position=number,
                )
            )
    return workshop


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _filter_samples(view: ReviewView, rounds: int) -> tuple[list[float], dict[str, int], int]:
    """Times of typing each needle; the rows shown for each; how many ran beside a search."""
    samples: list[float] = []
    shown: dict[str, int] = {}
    beside_search = 0
    for _round in range(rounds):
        for needle in NEEDLES:
            searching = view.duplicates.searching
            start = time.perf_counter()
            view.search.setText(needle)
            QApplication.processEvents()
            samples.append(time.perf_counter() - start)
            beside_search += searching and view.duplicates.searching
            shown[needle] = view.proxy.rowCount()
    return samples, shown, beside_search


def _bare_window(qtbot: QtBot) -> float:
    """A plain window shown and painted: what any view costs before its own work."""
    start = time.perf_counter()
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return time.perf_counter() - start


@pytest.mark.parametrize("size", [1_000, 10_000])
def test_review_view_shown_and_filtered(size: int, tmp_path: Path, qtbot: QtBot) -> None:
    workshop = _event(tmp_path, size)
    bare = _bare_window(qtbot)
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

        with_search, shown, beside_search = _filter_samples(view, 3)
        view.finder.generation += 1  # results of the running search are dropped from here on
        view.finder.request = lambda *_args, **_kwargs: None  # type: ignore[method-assign]
        without_search, _shown, _beside = _filter_samples(view, 2)
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
    floor = bare + read_floor
    print(
        f"\nreview view, {size:,} points over {TABLES} tables: shown in {shown_in * 1000:.0f} ms"
        f" (target < 1,000 ms); floor bare window {bare * 1000:.0f} ms + sqlite3 read of the"
        f" rows {read_floor * 1000:.1f} ms; ratio {shown_in / floor:.1f}x"
    )
    print(
        f"  filter beside the duplicate search ({beside_search} of {len(with_search)} keystrokes"
        f" while it ran): median {_median_ms(with_search):.1f} ms, max"
        f" {max(with_search) * 1000:.1f} ms; search stopped: median"
        f" {_median_ms(without_search):.1f} ms, max {max(without_search) * 1000:.1f} ms"
        f" (target < 50 ms)"
    )
    print(
        f"  floor Python substring scan: median {scan_floor:.2f} ms; ratio (search running)"
        f" {_median_ms(with_search) / scan_floor:.1f}x, (search stopped)"
        f" {_median_ms(without_search) / scan_floor:.1f}x"
    )
    assert shown_in < 30, "the review view should never take half a minute to show"
