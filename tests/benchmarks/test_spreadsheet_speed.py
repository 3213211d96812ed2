"""How fast points go to and from spreadsheets, against baselines timed in the same run.

- Export of 10,000 points to .xlsx and .csv. Baseline: ``csv.writer`` writing the same rows from
  memory (the least a file of these rows can cost). The ratio guards against the writer turning
  quadratic (an earlier version re-measured the sheet for every row: minutes for 10,000 points).
- Import of the same 10,000 rows (5,000 issues, 5,000 mitigations linked to them) from .csv
  into a table, in one transaction. Baseline: ``csv.reader`` reading the file.

Run with ``pytest -m benchmark -s tests/benchmarks/test_spreadsheet_speed.py``.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from facilitator_app.core import event, spreadsheets
from facilitator_app.core.event import EventSpec, create_event_file

pytestmark = pytest.mark.benchmark

ROWS = 5_000  # pairs: an issue and a mitigation addressing it


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _sheet(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "theme", "text", "ref", "addresses"])
        for n in range(ROWS):
            writer.writerow(
                ["2", "Access", f"Issue number {n} about parking and buses", f"I{n}", ""]
            )
            writer.writerow(["3", "", f"Mitigation {n}: a shuttle bus in the evening", "", f"I{n}"])
    return path


def test_import_and_export_of_ten_thousand_points(tmp_path: Path) -> None:
    source = _sheet(tmp_path / "points.csv")
    workshop = create_event_file(
        tmp_path / "event.workshop", EventSpec.with_numbered_tables("Speed", 1)
    )
    try:
        table = event.list_tables(workshop)[0]

        def read_plain() -> None:
            with source.open(encoding="utf-8", newline="") as handle:
                list(csv.reader(handle))

        baseline_read = _timed(read_plain)
        imported = _timed(
            lambda: spreadsheets.import_points(workshop, table.id, spreadsheets.read_sheet(source))
        )
        rows = spreadsheets.point_rows(workshop)
        assert len(rows) == 2 * ROWS

        def write_plain() -> None:
            with (tmp_path / "plain.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                for row in rows:
                    writer.writerow(row.values())

        baseline_write = _timed(write_plain)
        to_csv = _timed(lambda: spreadsheets.export_points(workshop, tmp_path / "out.csv"))
        to_xlsx = _timed(lambda: spreadsheets.export_points(workshop, tmp_path / "out.xlsx"))
    finally:
        workshop.close()

    print(
        f"\n10,000 points: import {imported:.2f} s ({imported / baseline_read:.0f}x csv.reader); "
        f"export csv {to_csv:.2f} s ({to_csv / baseline_write:.0f}x csv.writer), "
        f"xlsx {to_xlsx:.2f} s ({to_xlsx / baseline_write:.0f}x csv.writer)"
    )
    # Generous bounds: linear work on a loaded laptop, not the minutes a quadratic writer took.
    assert imported < 60
    assert to_xlsx < 60
