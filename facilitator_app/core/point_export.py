"""Every live point as one spreadsheet row, for analysis outside the app, and the file it goes to.

Kept apart from reading sheets: this is the one place that decides how points, consolidated
points and links become flat rows, and how rows become a .csv or .xlsx file. An export of
40,000 points is made of plain tuples of strings written as plain values (only the header row
is styled), so it costs little more than writing the same values with csv or openpyxl alone.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from facilitator_app.core.cycle_collector import cycle_collection_paused
from facilitator_app.core.model import (
    ConsolidationMember,
    Point,
    PointLink,
    Question,
    Strength,
    Theme,
    WorkshopTable,
)
from facilitator_app.core.sheet_safety import SpreadsheetError, csv_safe_row
from facilitator_app.core.store import Workshop

#: Columns of an exported sheet, in order. An export can be imported again (into one table):
#: the columns only an export has are ignored on import.
EXPORT_COLUMNS: tuple[str, ...] = (
    "table",
    "question",
    "question text",
    "theme",
    "text",
    "strength",
    "ref",
    "addresses",
    "addresses text",
    "id",
)
SPREADSHEET_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")


_LIVE_POINTS = sa_select(
    col(Point.id), col(Point.table_id), col(Point.question_id), col(Point.theme_id),
    col(Point.text), col(Point.strength), col(Point.position),
).where(col(Point.deleted_at).is_(None))  # fmt: skip
_MEMBERS = sa_select(col(ConsolidationMember.consolidated_id), col(ConsolidationMember.member_id))
_LIVE_LINKS = sa_select(col(PointLink.mitigation_id), col(PointLink.issue_id)).where(
    col(PointLink.deleted_at).is_(None)
)


def point_rows(workshop: Workshop) -> list[dict[str, str]]:
    """Every live point as a row of :data:`EXPORT_COLUMNS`, in reading order (see
    :func:`point_values`)."""
    return [dict(zip(EXPORT_COLUMNS, values, strict=True)) for values in point_values(workshop)]


def point_values(workshop: Workshop) -> list[tuple[str, ...]]:
    """Every live point as the values of :data:`EXPORT_COLUMNS`, in reading order.

    A point folded into a live consolidated point appears only through that point, whose table
    column names the tables it was raised at. Each row gets a ref (``T2-Q3-1``: table 2,
    question 3, first point) that ``addresses`` uses for the issues a mitigation addresses.
    """
    with workshop.session() as session:
        tables = {t.id: t for t in session.exec(select(WorkshopTable)).all()}
        questions = {q.id: q for q in session.exec(select(Question)).all()}
        themes = {t.id: t.name for t in session.exec(select(Theme)).all()}
        # Plain rows, not objects: an export of 100,000 points spent a third of its time making
        # ORM objects it only read.
        connection = session.connection()
        with cycle_collection_paused():  # tens of thousands of plain tuples
            # Each row made a plain named tuple at once: reading a field of SQLAlchemy's row
            # by name cost a microsecond, most of an export's own time.
            live = [_LivePoint._make(row) for row in connection.execute(_LIVE_POINTS).all()]
            members = [(row[0], row[1]) for row in connection.execute(_MEMBERS).all()]
            link_rows = [(row[0], row[1]) for row in connection.execute(_LIVE_LINKS).all()]
            return _values(live, members, link_rows, tables, questions, themes)


class _LivePoint(NamedTuple):
    id: str
    table_id: str | None
    question_id: str
    theme_id: str | None
    text: str
    strength: Strength | None
    position: int


def _values(
    live: Sequence[_LivePoint],
    members: Sequence[tuple[str, str]],
    link_rows: Sequence[tuple[str, str]],
    tables: Mapping[str, WorkshopTable],
    questions: Mapping[str, Question],
    themes: Mapping[str, str],
) -> list[tuple[str, ...]]:
    live_by_id = {point.id: point for point in live}
    folded_into: dict[str, str] = {}
    raised_at: dict[str, set[str]] = {}
    for consolidated_id, member_id in members:
        if consolidated_id in live_by_id and member_id in live_by_id:
            folded_into[member_id] = consolidated_id
            table_id = live_by_id[member_id].table_id
            if table_id is not None:
                raised_at.setdefault(consolidated_id, set()).add(table_id)
    shown = [p for p in live if p.id not in folded_into]

    # Each table's and question's place and cells, worked out once rather than per point.
    unseated = len(tables)  # consolidated points (no table) come after every table
    table_place: dict[str | None, int] = {t_id: t.position for t_id, t in tables.items()}
    table_name: dict[str | None, str] = {t_id: t.name for t_id, t in tables.items()}
    question_place = {q_id: q.position for q_id, q in questions.items()}
    question_cells = {q_id: (str(q.position + 1), q.text) for q_id, q in questions.items()}
    strength_cell: dict[str | None, str] = {s: s.value for s in Strength} | {None: ""}

    def place(point: _LivePoint) -> tuple[int, int, int]:
        return (table_place.get(point.table_id, unseated), question_place[point.question_id],
                point.position)  # fmt: skip

    shown.sort(key=place)
    refs: dict[str, str] = {}
    counters: dict[tuple[int, int], int] = {}
    for point in shown:
        key = (table_place.get(point.table_id, unseated), question_place[point.question_id])
        counters[key] = count = counters.get(key, 0) + 1
        table_part = f"T{key[0] + 1}" if point.table_id in tables else "E"
        refs[point.id] = f"{table_part}-Q{key[1] + 1}-{count}"

    addressed: dict[str, list[str]] = {}
    for mitigation_id, issue_id in link_rows:
        mitigation = folded_into.get(mitigation_id, mitigation_id)
        issue = folded_into.get(issue_id, issue_id)
        if mitigation in refs and issue in refs and issue not in addressed.get(mitigation, []):
            addressed.setdefault(mitigation, []).append(issue)

    rows: list[tuple[str, ...]] = []
    for point in shown:
        number, question_text = question_cells[point.question_id]
        table = table_name.get(point.table_id)
        if table is None:  # a consolidated point: the tables it was raised at
            raised = sorted(raised_at.get(point.id, ()), key=table_place.__getitem__)
            table = "; ".join(table_name[t] for t in raised)
        issues = addressed.get(point.id)
        if issues:
            issues.sort(key=refs.__getitem__)
            addresses = "; ".join(refs[i] for i in issues)
            addresses_text = "\n".join(live_by_id[i].text for i in issues)
        else:
            addresses = addresses_text = ""
        rows.append(
            (
                table,
                number,
                question_text,
                themes.get(point.theme_id, "") if point.theme_id else "",
                point.text,
                strength_cell[point.strength],
                refs[point.id],
                addresses,
                addresses_text,
                point.id,
            )
        )
    return rows


# --- writing sheets ----------------------------------------------------------------------


def export_points(workshop: Workshop, path: Path | str) -> int:
    """Write every live point to a CSV/XLSX file; returns how many rows were written."""
    values = point_values(workshop)
    write_values(path, EXPORT_COLUMNS, values)
    return len(values)


def write_sheet(
    path: Path | str, columns: Sequence[str], rows: Iterable[Mapping[str, str]]
) -> Path:
    """Write rows given by column name to a CSV or XLSX file (see :func:`write_values`)."""
    return write_values(path, columns, [[row.get(c, "") for c in columns] for row in rows])


def write_values(path: Path | str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Write rows of values to a CSV or XLSX file via a temporary file moved into place, so a
    failure never leaves half a file or spoils the one already there."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(f"{path.name}: choose a name ending in .csv or .xlsx.")
    if path.is_dir():
        raise SpreadsheetError(f"{path.name} is a folder; choose a file name ending in {suffix}.")
    if not path.parent.is_dir():
        raise SpreadsheetError(f"{path.parent} does not exist; choose a folder that does.")
    try:
        descriptor, temporary_name = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=f"{suffix}.part", dir=path.parent
        )
    except OSError as error:
        raise SpreadsheetError(f"{path.name} cannot be written: {error.strerror}.") from error
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        if suffix == ".csv":
            _write_csv(temporary, columns, rows)
        else:
            _write_xlsx(temporary, columns, rows)
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        raise SpreadsheetError(f"{path.name} cannot be written: {error.strerror}.") from error
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    return path


def _write_csv(path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    # A byte-order mark so Excel reads the file as UTF-8 (accents, dashes, quotes).
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(csv_safe_row(row) for row in rows)
        handle.flush()
        os.fsync(handle.fileno())


def _write_xlsx(path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Streamed (openpyxl's write-only mode): rows go to the file as they come, never a grid.

    Cells are plain values, which openpyxl writes without making an object per cell; a styled
    or typed cell per value (word wrap on every cell) made the export three times the cost of
    writing the values. So only the header row (bold) and the long texts (wrapped, so a point
    reads whole in its wide column) are styled cells.
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Points")
    # Widths and the frozen header must be set before the first row is written.
    wrapped = [index for index, column in enumerate(columns) if column in _LONG_TEXT_COLUMNS]
    for index, column in enumerate(columns, start=1):
        width = 60 if column in _LONG_TEXT_COLUMNS else 16
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        # One look at the whole row finds the rare cell that needs care: a value openpyxl
        # would take for a formula ("=..."), or a control character XLSX cannot hold.
        joined = "\n" + "\n".join(values)
        if "\n=" in joined or _ILLEGAL_IN_XLSX.search(joined):
            cells: list[Any] = [_xlsx_cell(sheet, value) for value in values]
        else:
            cells = [value or None for value in values]  # empty: no cell at all
        for index in wrapped:
            if values[index]:
                cells[index] = _wrapped(sheet, cells[index], wrap)
        sheet.append(cells)
    workbook.save(path)


#: Columns of a point's own words: wide, and wrapped so the whole point shows.
_LONG_TEXT_COLUMNS = frozenset({"text", "question text", "addresses text"})


def _wrapped(sheet: Any, value: Any, wrap: Any) -> Any:
    """A text cell (already a cell when it needed care) that wraps in its column."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value) if value is None or isinstance(value, str) else value
    cell.alignment = wrap
    return cell


def _xlsx_cell(sheet: Any, value: str) -> Any:
    """A value as a cell that holds it as text, without the characters XLSX cannot hold."""
    from openpyxl.cell import WriteOnlyCell

    value = _ILLEGAL_IN_XLSX.sub("", value)
    if not value.startswith("="):
        return value or None
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # text stays text: a point starting with "=" is not a formula
    return cell


#: Control characters XLSX cannot hold (tabs and line breaks it can).
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b-\x1f]")
