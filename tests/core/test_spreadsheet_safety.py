"""Sheets are untrusted input: no formula runs from an export, no crash or hang on a bad sheet."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from facilitator_app.core import event, points, sheet_safety, spreadsheets
from facilitator_app.core.sheet_safety import SpreadsheetError
from facilitator_app.core.store import Workshop

DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1 more bus",
    "-2 beds on the ward",
    "@SUM(A1:A2)",
    "'=already quoted by hand",
    "Plain point",
]


def test_a_csv_export_runs_no_formula_and_imports_back_with_the_original_text(
    event_file: Workshop, tmp_path: Path
) -> None:
    tables = event.list_tables(event_file)
    question = event.list_questions(event_file)[0]
    for text in DANGEROUS:
        points.add_point(event_file, tables[0].id, question.id, text)
    exported = tmp_path / "points.csv"

    spreadsheets.export_points(event_file, exported)

    with exported.open(encoding="utf-8-sig", newline="") as handle:
        cells = [row["text"] for row in csv.DictReader(handle)]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "''=already quoted by hand" in cells
    assert "Plain point" in cells

    spreadsheets.import_points_file(event_file, tables[1].id, exported)
    imported = [p.text for p in points.list_points(event_file) if p.table_id == tables[1].id]
    assert imported == DANGEROUS


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _with_sheet_xml(path: Path, xml: bytes) -> Path:
    spoiled = path.with_name("spoiled.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(spoiled, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = xml
            target.writestr(info, data)
    return spoiled


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol7;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    "xml",
    [b"<worksheet><sheetData><row r='1'><c r='A1'", LAUGHS],
    ids=["broken XML", "DTD with entities"],
)
def test_a_damaged_or_crafted_workbook_is_refused_in_one_sentence(
    tmp_path: Path, xml: bytes
) -> None:
    good = _workbook(tmp_path / "points.xlsx", [["question", "text"], [1, "Parking"]])
    spoiled = _with_sheet_xml(good, xml)

    with pytest.raises(SpreadsheetError, match=r"^spoiled.xlsx is not a readable .xlsx workbook"):
        spreadsheets.read_sheet(spoiled)


def test_too_many_rows_are_refused_before_anything_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_safety, "MAX_SHEET_ROWS", 10)
    sheet = tmp_path / "huge.csv"
    sheet.write_text("question,text\n" + "1,Parking\n" * 10, encoding="utf-8")
    workbook = _workbook(tmp_path / "huge.xlsx", [["question", "text"]] + [[1, "x"]] * 10)

    for path in (sheet, workbook):
        with pytest.raises(SpreadsheetError, match=r"too large to import \(more than 10 rows"):
            spreadsheets.read_sheet(path)


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    _workbook(bomb, [["question", "text"], [1, "x" * 10_000]])
    monkeypatch.setattr(sheet_safety, "MAX_XLSX_UNPACKED_BYTES", 4096)

    with pytest.raises(SpreadsheetError, match="unpacks to more than"):
        spreadsheets.read_sheet(bomb)


def test_a_far_away_cell_does_not_make_every_row_huge(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "wide.xlsx", [["question", "text"], [1, "Parking"]])
    workbook = openpyxl.load_workbook(path)
    workbook.active.cell(row=2, column=16000, value="far away")  # type: ignore[union-attr]
    workbook.save(path)

    sheet = spreadsheets.read_sheet(path)

    assert [row.get("text") for row in sheet.rows] == ["Parking"]
    assert len(sheet.columns) <= sheet_safety.MAX_SHEET_COLUMNS


@pytest.mark.parametrize(
    "row",
    [
        ["Plain", "row", ""],
        ["a", "=1+1", "b"],
        ["-3", "x"],
        ["x", "\tTab"],
        ["x", "''@twice"],
        ["Two lines\n=second", "it's fine", "'quoted'"],
    ],
)
def test_a_csv_row_is_escaped_as_each_of_its_cells_would_be(row: list[str]) -> None:
    assert list(sheet_safety.csv_safe_row(row)) == [sheet_safety.csv_safe(c) for c in row]
