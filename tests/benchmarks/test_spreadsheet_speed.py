"""How fast points go to and from spreadsheets, against floors timed in the same run.

- Import (half issues, half mitigations linked to them) from .csv into a table, in one
  transaction. Floor: ``csv.reader`` plus ``executemany`` of the same rows into the same tables
  over a plain sqlite3 connection, in one transaction (the least the import can cost).
- Export of the same points to .xlsx. Floor: openpyxl's write-only mode writing the same rows'
  values (the least an .xlsx of these rows can cost); .csv is shown against ``csv.writer``.

Target (issue 14): import and export within 2x their floors. Two sizes show the growth. Each
figure is the median of several runs, each run next to its floor (the machine may be busy).
Run with ``pytest -m benchmark -n 0 -s tests/benchmarks/test_spreadsheet_speed.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator_app.core import event, spreadsheets
from facilitator_app.core.event import EventSpec, create_event_file
from facilitator_app.core.store import open_workshop

pytestmark = pytest.mark.benchmark

SIZES = (10_000, 40_000)  # points: half issues, half mitigations addressing them
RUNS = 5  # each figure is the median of this many runs


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _sheet(path: Path, points: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["question", "theme", "text", "ref", "addresses"])
        for n in range(points // 2):
            writer.writerow(
                ["2", "Access", f"Issue number {n} about parking and buses", f"I{n}", ""]
            )
            writer.writerow(["3", "", f"Mitigation {n}: a shuttle bus in the evening", "", f"I{n}"])
    return path


def _plain_import(path: Path, sheet: Path) -> None:
    """csv.reader and executemany into the same tables, one transaction."""
    with open_workshop(path) as workshop:
        table = event.list_tables(workshop)[0].id
        questions = [q.id for q in event.list_questions(workshop)]
        themes = {t.name: t.id for t in event.list_themes(workshop)}
        connection = workshop.raw_connection()
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    points, links, by_ref = [], [], {}
    with sheet.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for position, (question, theme, text, ref, addresses) in enumerate(rows):
            point_id = str(uuid.uuid4())
            points.append((point_id, table, questions[int(question) - 1], themes.get(theme),
                           text, position, now, now, 1, ""))  # fmt: skip
            if ref:
                by_ref[ref] = point_id
            if addresses:
                links.append((point_id, by_ref[addresses], now, now, 1))
    connection.execute("BEGIN")  # the connection is in autocommit mode: one transaction
    with connection:
        connection.executemany(
            "INSERT INTO point (id, table_id, question_id, theme_id, text, position, created_at,"
            " updated_at, revision, source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            points,
        )
        connection.executemany(
            "INSERT INTO point_link (mitigation_id, issue_id, created_at, updated_at, revision)"
            " VALUES (?, ?, ?, ?, ?)",
            links,
        )
        connection.execute("COMMIT")
    connection.close()


def _plain_xlsx(path: Path, rows: list[dict[str, str]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Points")
    sheet.append(list(spreadsheets.EXPORT_COLUMNS))
    for row in rows:
        sheet.append(list(row.values()))
    workbook.save(path)


def _plain_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(row.values())


def _import_once(folder: Path, empty: Path, sheet: Path, run: int) -> tuple[float, float]:
    """The import, then its floor, each into a fresh copy of the empty event file."""
    mine, plain = folder / f"import-{run}.workshop", folder / f"plain-{run}.workshop"
    shutil.copyfile(empty, mine)
    shutil.copyfile(empty, plain)
    with open_workshop(mine) as workshop:
        table = event.list_tables(workshop)[0].id
        imported = _timed(
            lambda: spreadsheets.import_points(workshop, table, spreadsheets.read_sheet(sheet))
        )
    return imported, _timed(lambda: _plain_import(plain, sheet))


def test_import_and_export_against_their_floors(tmp_path: Path) -> None:
    results = []
    for size in SIZES:
        folder = tmp_path / str(size)
        folder.mkdir()
        sheet = _sheet(folder / "points.csv", size)
        empty = folder / "empty.workshop"
        create_event_file(empty, EventSpec.with_numbered_tables("Speed", 1)).close()
        # Each figure and its floor alternate, run after run, so both see the same load.
        imports = [_import_once(folder, empty, sheet, run) for run in range(RUNS)]
        exports: list[tuple[float, ...]] = []
        with open_workshop(folder / "import-0.workshop", read_only=True) as workshop:
            rows = spreadsheets.point_rows(workshop)
            assert len(rows) == size
            for _ in range(RUNS):
                exports.append(
                    (
                        _timed(lambda: spreadsheets.export_points(workshop, folder / "out.xlsx")),  # noqa: B023
                        _timed(lambda: _plain_xlsx(folder / "plain.xlsx", rows)),  # noqa: B023
                        _timed(lambda: spreadsheets.export_points(workshop, folder / "out.csv")),  # noqa: B023
                        _timed(lambda: _plain_csv(folder / "plain.csv", rows)),  # noqa: B023
                    )
                )
        imported, floor_import = (statistics.median(run[i] for run in imports) for i in (0, 1))
        to_xlsx, floor_xlsx, to_csv, floor_csv = (
            statistics.median(run[i] for run in exports) for i in range(4)
        )
        results.append((size, imported, floor_import, to_xlsx, floor_xlsx, to_csv, floor_csv))

    print(f"\nspreadsheets, medians of {RUNS} (targets: import and .xlsx export within 2x floors):")
    for size, imported, floor_import, to_xlsx, floor_xlsx, to_csv, floor_csv in results:
        print(
            f"  {size:>6} points: import {imported:6.2f} s = {imported / floor_import:4.2f}x "
            f"csv+executemany ({floor_import:.2f} s); export .xlsx {to_xlsx:6.2f} s = "
            f"{to_xlsx / floor_xlsx:4.2f}x write-only openpyxl ({floor_xlsx:.2f} s); "
            f".csv {to_csv:5.2f} s = {to_csv / floor_csv:4.1f}x csv.writer"
        )
    (small, small_import, _, small_xlsx, *_), (large, large_import, _, large_xlsx, *_) = results
    growth = math.log(large / small)
    print(
        f"  growth exponent: import {math.log(large_import / small_import) / growth:.2f}, "
        f"export .xlsx {math.log(large_xlsx / small_xlsx) / growth:.2f} (linear is 1)"
    )
    # Generous bounds: linear work on a loaded laptop, not the minutes a quadratic writer took.
    size, imported, floor_import, to_xlsx, floor_xlsx, *_ = results[-1]
    assert imported / floor_import < 20 and to_xlsx / floor_xlsx < 10
