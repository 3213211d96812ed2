"""Points to and from spreadsheets (CSV and XLSX), and a pasted seating plan.

Facilitators draw up points beforehand in Excel and analyse them there afterwards, so this
module reads what Excel writes (a byte-order mark, ``;`` separators, Windows code pages, ``1.0``
for a whole number, header cells in any case) and writes files Excel opens cleanly.

An import is all or nothing: every row is checked against the event before anything is
written, the first bad row is reported with its line number, and the points and their links
are then added in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Generator, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlmodel import col, select

from facilitator_app.core import event as event_cases
from facilitator_app.core.cycle_collector import cycle_collection_paused
from facilitator_app.core.errors import (
    ImportRowError,
    InvalidSpecError,
    InvalidValueError,
)
from facilitator_app.core.event import ParticipantSpec
from facilitator_app.core.model import (
    MAX_POINT_LENGTH,
    Point,
    Question,
    QuestionKind,
    Role,
    Strength,
)
from facilitator_app.core.point_bulk import NewPoint, insert_links, insert_points

# The export is point_export's; named here too, as the one module for points and spreadsheets.
from facilitator_app.core.point_export import EXPORT_COLUMNS as EXPORT_COLUMNS
from facilitator_app.core.point_export import SPREADSHEET_SUFFIXES as SPREADSHEET_SUFFIXES
from facilitator_app.core.point_export import export_points as export_points
from facilitator_app.core.point_export import point_rows as point_rows
from facilitator_app.core.point_export import write_sheet as write_sheet
from facilitator_app.core.points import clean_point_text
from facilitator_app.core.records import QuestionInfo, ThemeInfo
from facilitator_app.core.sheet_safety import (
    MAX_SHEET_COLUMNS,
    SpreadsheetError,
    check_csv_size,
    check_row_count,
    check_xlsx_parts,
    csv_unescaped,
)
from facilitator_app.core.store import Workshop

#: Columns an imported sheet may have; ``question`` and ``text`` are required.
IMPORT_COLUMNS: tuple[str, ...] = ("question", "theme", "text", "ref", "addresses", "strength")
REQUIRED_COLUMNS: tuple[str, ...] = ("question", "text")
_IGNORED_ON_IMPORT = frozenset(EXPORT_COLUMNS) - frozenset(IMPORT_COLUMNS)

_STRENGTH_ALIASES: dict[str, Strength] = {
    "consensus": Strength.CONSENSUS,
    "all": Strength.CONSENSUS,
    "everyone": Strength.CONSENSUS,
    "several": Strength.SEVERAL,
    "several people": Strength.SEVERAL,
    "some": Strength.SEVERAL,
    "one": Strength.ONE,
    "one person": Strength.ONE,
}


# --- reading sheets ------------------------------------------------------------------------


class SheetRow(NamedTuple):
    """One non-blank row: its line number as the spreadsheet shows it, cells by column name
    (a tuple, not a dataclass: an import makes one per row)."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Sheet:
    """The rows of a spreadsheet under its header; ``source`` names it in messages."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]


def normalise_header(name: str) -> str:
    """``" Question_Text "`` → ``"question text"``: header cells are matched loosely."""
    return " ".join(name.replace("_", " ").replace("-", " ").split()).casefold()


def cell_text(value: Any) -> str:
    """A cell as text the way a person reads it: 1.0 → "1", a date → "2026-03-14"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def read_sheet(path: Path | str) -> Sheet:
    """Read a CSV or XLSX file: the first non-blank row is the header; blank rows are skipped."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(
            f"{path.name} is not a spreadsheet this app reads; save it as .csv or .xlsx."
        )
    if not path.is_file():
        raise SpreadsheetError(f"{path.name}: no such file ({path}).")
    raw_rows = _read_csv_rows(path) if suffix == ".csv" else _read_xlsx_rows(path)
    with closing(raw_rows), cycle_collection_paused():
        return _sheet_from_rows(path.name, raw_rows)


def _decode(path: Path) -> str:
    check_csv_size(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SpreadsheetError(f"{path.name} cannot be read: {error.strerror}.") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the machine's code page.
        return data.decode("cp1252", errors="replace")


#: A sheet's rows as they are read, one at a time: (line number, trimmed cells).
RawRows = Generator[tuple[int, list[str]], None, None]


def _read_csv_rows(path: Path) -> RawRows:
    text = _decode(path)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for count, record in enumerate(reader, start=1):
            check_row_count(path, count)
            # As cell_text and csv_unescaped would make each cell, done inline: an import of
            # 40,000 rows spent a fifth of its time calling them on 200,000 plain cells.
            yield (
                start,
                [
                    cell if cell[:1] != "'" and "\r" not in cell else _csv_cell(cell)
                    for cell in map(str.strip, record[:MAX_SHEET_COLUMNS])
                ],
            )
            start = reader.line_num + 1
    except csv.Error as error:
        raise SpreadsheetError(f"{path.name}, line {start}: {error}.") from error


def _csv_cell(cell: str) -> str:
    """A trimmed CSV cell with a Windows line break or an export's formula apostrophe."""
    return csv_unescaped(cell.replace("\r\n", "\n"))


def _read_xlsx_rows(path: Path) -> RawRows:
    from zipfile import BadZipFile

    import openpyxl

    check_xlsx_parts(path)
    # Bad XML (a ParseError is a SyntaxError), a DTD, a missing part: one plain sentence.
    unreadable = (BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError, EOFError)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except unreadable as error:
        raise SpreadsheetError(f"{path.name} is not a readable .xlsx workbook.") from error
    try:
        sheet = workbook.worksheets[0]
        values_by_row = sheet.iter_rows(values_only=True, max_col=MAX_SHEET_COLUMNS)
        for number, values in enumerate(values_by_row, start=1):
            check_row_count(path, number)
            yield number, [cell_text(value) for value in values]
    except unreadable as error:
        raise SpreadsheetError(
            f"{path.name} is not a readable .xlsx workbook (its first sheet is damaged)."
        ) from error
    finally:
        workbook.close()


def _sheet_from_rows(source: str, raw_rows: Iterable[tuple[int, Sequence[str]]]) -> Sheet:
    """The header and the rows under it, built as they are read (no list of raw rows kept)."""
    # Every cell is trimmed already (cell_text), so a blank row is one whose cells are all "".
    filled = ((line, cells) for line, cells in raw_rows if any(cells))
    first = next(filled, None)
    if first is None:
        raise SpreadsheetError(
            f"{source} is empty; it needs a header row ({', '.join(IMPORT_COLUMNS)})."
        )
    columns = tuple(normalise_header(cell) for cell in first[1])
    # Only filled cells under a named column.
    rows = tuple(
        SheetRow(line, {n: cell for n, cell in zip(columns, cells, strict=False) if n and cell})
        for line, cells in filled
    )
    return Sheet(source, columns, rows)


def check_point_columns(sheet: Sheet) -> None:
    """The header names the required columns and no unknown ones (a typo would lose data)."""
    named = [column for column in sheet.columns if column]
    unknown = [c for c in named if c not in IMPORT_COLUMNS and c not in _IGNORED_ON_IMPORT]
    if unknown:
        raise SpreadsheetError(
            f"{sheet.source} has a column this app does not know: {unknown[0]!r} "
            f"(the columns are: {', '.join(IMPORT_COLUMNS)})."
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in named]
    if missing:
        raise SpreadsheetError(
            f"{sheet.source} has no {missing[0]!r} column in its first row "
            f"(the columns are: {', '.join(IMPORT_COLUMNS)}; {' and '.join(REQUIRED_COLUMNS)} "
            "are required)."
        )
    repeated = {column for column in named if named.count(column) > 1}
    if repeated:
        raise SpreadsheetError(f"{sheet.source} has the column {sorted(repeated)[0]!r} twice.")


# --- importing points ----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import added."""

    points: int
    links: int
    by_question: Mapping[int, int] = field(default_factory=dict)


def rows_from_mappings(mappings: Iterable[Mapping[str, Any]]) -> list[SheetRow]:
    """Rows given in code (the sample event, tests): numbered from 2, as under a header."""
    return [
        SheetRow(
            line, {normalise_header(k): cell_text(v) for k, v in mapping.items() if cell_text(v)}
        )
        for line, mapping in enumerate(mappings, start=2)
    ]


def import_points(
    workshop: Workshop,
    table_id: str,
    rows: Sheet | Sequence[SheetRow],
    *,
    source: str = "points",
) -> ImportSummary:
    """Add the rows' points (and their links) to one table: all of them, or none.

    Every row is checked first; the first bad one raises :class:`ImportRowError` with its line
    number, and nothing is written. Then everything is added in one transaction.
    """
    if isinstance(rows, Sheet):
        check_point_columns(rows)
        source, rows = rows.source, rows.rows
    questions = event_cases.list_questions(workshop)
    themes = event_cases.list_themes(workshop)
    if table_id not in {table.id for table in event_cases.list_tables(workshop)}:
        raise InvalidValueError("That table is not in this event.")
    with cycle_collection_paused():
        checked = _RowChecker(source, questions, themes).check(rows)
        links = _resolve_links(workshop, rows, checked, source)
        with workshop.write() as session:
            ids = insert_points(session, table_id, checked.points)
            insert_links(
                session,
                [(ids[m], ids[issue] if isinstance(issue, int) else issue) for m, issue in links],
            )
    number_of = {question.id: question.number for question in questions}
    by_question = Counter(number_of[point.question_id] for point in checked.points)
    return ImportSummary(points=len(ids), links=len(links), by_question=dict(by_question))


def import_points_file(workshop: Workshop, table_id: str, path: Path | str) -> ImportSummary:
    """Read a .csv/.xlsx file and import its points into one table, all or nothing."""
    return import_points(workshop, table_id, read_sheet(path))


@dataclass
class _CheckedRows:
    """The rows as they will be stored, and what their links need, from one pass over them."""

    points: list[NewPoint] = field(default_factory=list)
    kinds: list[QuestionKind] = field(default_factory=list)
    #: Row index of each ``ref`` (casefolded), and the refs each addressing row names.
    refs: dict[str, int] = field(default_factory=dict)
    addresses: list[tuple[int, list[str]]] = field(default_factory=list)


class _RowChecker:
    """Checks rows against the event, one pass, each distinct cell worked out once: a sheet
    says "2" or "Access" thousands of times, and a 40,000-row import did it per row."""

    def __init__(
        self, source: str, questions: Sequence[QuestionInfo], themes: Sequence[ThemeInfo]
    ) -> None:
        self.source = source
        self.questions = questions
        self.themes = themes
        self._theme_by_name: dict[str, str] = {}
        for theme in themes:
            self._theme_by_name.setdefault(" ".join(theme.name.split()).casefold(), theme.id)
        self._question_of: dict[str, QuestionInfo] = {}
        self._theme_of: dict[str, str] = {}
        self._strength_of: dict[str, Strength] = {}

    def check(self, rows: Sequence[SheetRow]) -> _CheckedRows:
        checked = _CheckedRows()
        points, kinds, refs = checked.points, checked.kinds, checked.refs
        for index, row in enumerate(rows):
            cells = row.cells
            question_cell = cells.get("question", "")
            question = self._question_of.get(question_cell) or self._question(row, question_cell)
            theme_cell = cells.get("theme")
            theme_id = (self._theme_of.get(theme_cell) or self._theme(row, theme_cell)
                        if theme_cell else None)  # fmt: skip
            # One line of text is left as clean_point_text leaves it, trimmed; anything else
            # goes through that rule (and its messages) itself.
            text = cells.get("text", "").strip()
            if not text or len(text) > MAX_POINT_LENGTH or "\n" in text or "\r" in text:
                text = self._text(row, text)
            strength_cell = cells.get("strength")
            strength = (self._strength_of.get(strength_cell) or self._strength(row, strength_cell)
                        if strength_cell else None)  # fmt: skip
            if ref_cell := cells.get("ref"):
                self._add_ref(rows, row, index, ref_cell, refs)
            if addresses_cell := cells.get("addresses"):
                self._add_addresses(row, index, question, addresses_cell, checked.addresses)
            points.append(NewPoint(question.id, theme_id, text, strength))
            kinds.append(question.kind)
        return checked

    def _fail(self, row: SheetRow, message: str) -> ImportRowError:
        return ImportRowError(self.source, row.line, message)

    def _text(self, row: SheetRow, cell: str) -> str:
        try:
            return clean_point_text(cell)
        except InvalidValueError as error:
            message = str(error).rstrip(".").replace("A point", "the point's text", 1)
            raise self._fail(row, message) from error

    def _question(self, row: SheetRow, cell: str) -> QuestionInfo:
        count = len(self.questions)
        text = cell.strip()
        if not text:
            raise self._fail(row, "the question number is missing")
        number = _parse_whole_number(text)
        if number is None:
            raise self._fail(row, f"the question {text!r} is not a number (use 1 to {count})")
        if not 1 <= number <= count:
            raise self._fail(row, f"there is no question {number} in this event (use 1 to {count})")
        question = self._question_of[cell] = self.questions[number - 1]
        return question

    def _theme(self, row: SheetRow, cell: str) -> str | None:
        name = " ".join(cell.split())
        if not name:
            return None
        theme_id = self._theme_by_name.get(name.casefold())
        if theme_id is None:
            raise self._fail(
                row,
                f"there is no theme called {name!r} in this event "
                f"(themes: {', '.join(t.name for t in self.themes)}; leave it empty for none)",
            )
        self._theme_of[cell] = theme_id
        return theme_id

    def _strength(self, row: SheetRow, cell: str) -> Strength | None:
        said = " ".join(cell.split()).casefold()
        if not said:
            return None
        strength = _STRENGTH_ALIASES.get(said)
        if strength is None:
            raise self._fail(
                row,
                f"the strength {cell!r} is not one of: "
                f"{', '.join(s.value for s in Strength)} (or empty)",
            )
        self._strength_of[cell] = strength
        return strength

    def _add_ref(
        self, rows: Sequence[SheetRow], row: SheetRow, index: int, cell: str, refs: dict[str, int]
    ) -> None:
        ref = " ".join(cell.split())
        if not ref:
            return
        key = ref.casefold()
        if key in refs:
            raise self._fail(row, f"the ref {ref!r} is also used on line {rows[refs[key]].line}")
        refs[key] = index

    def _add_addresses(
        self,
        row: SheetRow,
        index: int,
        question: QuestionInfo,
        cell: str,
        addresses: list[tuple[int, list[str]]],
    ) -> None:
        named = [part.strip() for part in cell.split(";") if part.strip()]
        if not named:
            return
        if question.kind is not QuestionKind.MITIGATION:
            raise self._fail(
                row,
                f"only a point under a mitigation question can address issues, and question "
                f"{question.number} is a {question.kind.value} question",
            )
        addresses.append((index, named))


def _parse_whole_number(text: str) -> int | None:
    """``"2"``, ``"2.0"`` (Excel), ``"Q2"`` → 2; anything else → None."""
    text = text.strip()
    if text[:1] in ("Q", "q"):
        text = text[1:].strip()
    try:
        value = float(text)
    except ValueError:
        return None
    if not value.is_integer():
        return None
    return int(value)


def _resolve_links(
    workshop: Workshop, rows: Sequence[SheetRow], checked: _CheckedRows, source: str
) -> list[tuple[int, int | str]]:
    """(mitigation row index, issue row index or existing point id) for every ``addresses``."""
    refs = checked.refs
    wanted_ids = {
        ref for _, named in checked.addresses for ref in named if ref.casefold() not in refs
    }
    existing = _existing_issue_kinds(workshop, wanted_ids)
    links: list[tuple[int, int | str]] = []
    for index, named in checked.addresses:
        line = rows[index].line
        seen: set[int | str] = set()
        for ref in named:
            target: int | str
            if ref.casefold() in refs:
                target = refs[ref.casefold()]
                if checked.kinds[target] is not QuestionKind.ISSUE:
                    raise ImportRowError(
                        source,
                        line,
                        f"it addresses {ref!r} (line {rows[target].line}), which is not under "
                        "an issue question",
                    )
            elif ref in existing:
                if existing[ref] is not QuestionKind.ISSUE:
                    raise ImportRowError(
                        source, line, f"it addresses the point {ref}, which is not an issue"
                    )
                target = ref
            else:
                raise ImportRowError(
                    source,
                    line,
                    f"it addresses {ref!r}, but no row has that ref (and no point has that id)",
                )
            if target not in seen:
                seen.add(target)
                links.append((index, target))
    return links


def _existing_issue_kinds(workshop: Workshop, point_ids: set[str]) -> dict[str, QuestionKind]:
    """Live points of the file with these ids, and the kind of their question."""
    if not point_ids:
        return {}
    with workshop.session() as session:
        rows = session.exec(
            select(Point.id, Question.kind)
            .join(Question, col(Question.id) == Point.question_id)
            .where(col(Point.id).in_(point_ids), col(Point.deleted_at).is_(None))
        ).all()
    return {point_id: QuestionKind(kind) for point_id, kind in rows}


# --- a pasted seating plan -----------------------------------------------------------------

_PARTICIPANT_HEADERS: dict[str, str] = {
    "name": "name",
    "participant": "name",
    "full name": "name",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "role": "role",
}


def parse_participant_rows(text: str) -> list[ParticipantSpec]:
    """Participants from text pasted from a spreadsheet: tab-separated name, organisation, role.

    A first row naming the columns (``Name  Organisation  Role``, any case and order) is used
    as the header; otherwise the columns are taken in that order. Blank lines are skipped; an
    empty role means participant. A bad role is refused with its line number.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(n, line.split("\t")) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return []
    order = ["name", "organisation", "role"]
    header_cells = [normalise_header(cell) for cell in numbered[0][1]]
    if "name" in header_cells or (
        all(cell in _PARTICIPANT_HEADERS for cell in header_cells if cell) and any(header_cells)
    ):
        order = [_PARTICIPANT_HEADERS.get(cell, "") for cell in header_cells]
        numbered = numbered[1:]
    people = []
    roles = ", ".join(role.value for role in Role)
    for line, cells in numbered:
        values = {
            column: cell.strip() for column, cell in zip(order, cells, strict=False) if column
        }
        name = " ".join(values.get("name", "").split())
        if not name:
            raise InvalidValueError(f"Line {line} has no name; every participant needs one.")
        try:
            role = event_cases.parse_role(values.get("role", ""))
        except InvalidSpecError as error:
            raise InvalidValueError(
                f"Line {line}: the role {values.get('role')!r} is not one of: {roles}."
            ) from error
        people.append(ParticipantSpec(name, " ".join(values.get("organisation", "").split()), role))
    return people
