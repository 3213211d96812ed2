"""An exported .xlsx reads well in Excel: streamed to disk, it keeps its look.

Only the header row is styled: a style on every text cell (word wrap) tripled the time of an
export of 40,000 points; Excel wraps a selection with one click.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from facilitator_app.core import event, points, spreadsheets
from facilitator_app.core.store import Workshop


def test_exported_xlsx_has_a_bold_frozen_header_wide_wrapped_text_and_blank_empty_cells(
    event_file: Workshop, tmp_path: Path
) -> None:
    table = event.list_tables(event_file)[0].id
    question = event.question_by_number(event_file, 1).id
    points.add_point(event_file, table, question, "Care closer to home\nfor everyone")
    out = spreadsheets.export_points(event_file, tmp_path / "points.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "points.xlsx").active
    assert out == 1 and sheet.title == "Points"
    assert [cell.value for cell in sheet[1]] == list(spreadsheets.EXPORT_COLUMNS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    text_column = spreadsheets.EXPORT_COLUMNS.index("text") + 1
    text = sheet.cell(row=2, column=text_column)
    assert text.value == "Care closer to home\nfor everyone"
    assert text.alignment.wrap_text and text.alignment.vertical == "top"
    letter = text.column_letter
    assert sheet.column_dimensions[letter].width == 60
    assert sheet.column_dimensions["A"].width == 16
    strength = sheet.cell(row=2, column=spreadsheets.EXPORT_COLUMNS.index("strength") + 1)
    assert strength.value is None  # not recorded: an empty cell, not an empty string
    assert not strength.alignment.wrap_text  # only the long texts are styled cells
