"""The check of every row of a big event file, which every open, check and merge runs (#16).

Files come from strangers, so each one is checked before use; on a big event this check was most
of the time a scribe waits before typing. An event of 50,000 points (half at each of two tables)
is checked several times; the median is printed against the same run's floor: one plain
``SELECT * FROM point`` fetched with the standard library's sqlite3 module.

Run with ``python -m pytest -m benchmark -n 0 -s tests/benchmarks/test_file_check_speed.py``.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from contextlib import closing
from pathlib import Path

import pytest
from test_open_and_quit_speed import make_event, plain_select

from facilitator_app.core.file_validation import row_problems

POINTS = 50_000
RUNS = 7


def timed_row_check(path: Path) -> float:
    """Seconds for the row check of the file (its connection already open), which finds nothing."""
    with closing(sqlite3.connect(path)) as connection:
        start = time.perf_counter()
        problems = row_problems(connection)
        elapsed = time.perf_counter() - start
    assert problems == []
    return elapsed


@pytest.mark.benchmark
def test_row_check_of_a_big_event(tmp_path: Path) -> None:
    path = tmp_path / "Big.workshop"
    make_event(path, POINTS)
    floors, checks = [], []
    for _ in range(RUNS):  # interleaved, so a busy spell on the machine slows both alike
        floors.append(plain_select(path))
        checks.append(timed_row_check(path))
    floor, check = statistics.median(floors), statistics.median(checks)
    print(
        f"\nrow check of {POINTS:,} points: {check * 1000:.0f} ms, "
        f"plain select {floor * 1000:.0f} ms, ratio {check / floor:.2f}"
    )
