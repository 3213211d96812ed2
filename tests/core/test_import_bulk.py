"""Imported points are stored exactly as points typed in the app are, only faster."""

from __future__ import annotations

import sqlite3

from facilitator_app.core import event, points, spreadsheets
from facilitator_app.core.model import Strength
from facilitator_app.core.spreadsheets import SheetRow
from facilitator_app.core.store import Workshop

COLUMNS = "table_id, question_id, theme_id, text, strength, position, revision, source_file"


def test_imported_rows_match_typed_ones_column_for_column(event_file: Workshop) -> None:
    table = event.list_tables(event_file)[0].id
    question = event.question_by_number(event_file, 1)
    theme = event.list_themes(event_file)[0]
    points.add_point(
        event_file, table, question.id, "Typed", theme_id=theme.id, strength=Strength.CONSENSUS
    )
    spreadsheets.import_points(
        event_file,
        table,
        [SheetRow(2, {"question": "1", "text": "Imported", "theme": theme.name,
                      "strength": "consensus"})],
    )  # fmt: skip
    imported = next(p for p in points.list_points(event_file) if p.text == "Imported")

    with sqlite3.connect(event_file.path) as raw:
        rows = {
            text: row
            for text, *row in raw.execute(
                f"SELECT text, {COLUMNS}, created_at, updated_at, deleted_at FROM point"
            )
        }
    typed_row, imported_row = rows["Typed"], rows["Imported"]
    # same table, question, theme, strength as stored, revision and source; the next position
    assert imported_row[:2] + imported_row[4:5] == typed_row[:2] + typed_row[4:5]
    assert imported_row[2] == typed_row[2] and imported_row[6:8] == typed_row[6:8]
    assert imported_row[5] == typed_row[5] + 1
    # timestamps in the same stored form (length and separators), never deleted
    assert [len(v) for v in imported_row[8:10]] == [len(v) for v in typed_row[8:10]]
    assert imported_row[10] is None
    assert imported.strength is Strength.CONSENSUS and imported.created_at.tzinfo is not None
