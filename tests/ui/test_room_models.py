"""The room wall's models: points by question updated in place as they arrive, tables' state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QPersistentModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator_app.core.enums import QuestionKind
from facilitator_app.core.records import QuestionInfo
from facilitator_app.live.host import TableState
from facilitator_app.ui.live.room_models import (
    RoomPointsModel,
    TablesModel,
    WallPoint,
    how_long_ago,
)

Q1 = QuestionInfo("q1", 0, "What are the advantages?", QuestionKind.ADVANTAGE)
Q2 = QuestionInfo("q2", 1, "What are the potential issues?", QuestionKind.ISSUE)


def point(number: int, table: str = "Table One", text: str = "") -> WallPoint:
    return WallPoint(f"p{number}", text or f"point {number}", table, "")


def texts(model: RoomPointsModel, question: int) -> list[str]:
    parent = model.index(question, 0)
    return [
        str(model.index(row, RoomPointsModel.TEXT, parent).data())
        for row in range(model.rowCount(parent))
    ]


def test_points_arriving_are_inserted_where_they_belong_without_a_reset(
    qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    model = RoomPointsModel()
    qtmodeltester.check(model)
    model.set_points([(Q1, [point(1), point(2, "Table Two")]), (Q2, [])])
    first = QPersistentModelIndex(model.index(0, 0, model.index(0, 0)))
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.rowsInserted):
        model.set_points([(Q1, [point(1), point(3), point(2, "Table Two")]), (Q2, [point(4)])])
    assert texts(model, 0) == ["point 1", "point 3", "point 2"]
    assert texts(model, 1) == ["point 4"]
    assert first.isValid() and first.row() == 0  # what the facilitator looked at stays put
    assert model.index(0, 0).data() == "1. What are the advantages? (3 points)"
    card = model.index(1, RoomPointsModel.CARD, model.index(0, 0)).data()
    assert card == "point 3\n— Table One"
    qtmodeltester.check(model)


def test_points_deleted_reworded_and_a_question_added_and_renamed(
    qtmodeltester: ModelTester,
) -> None:
    model = RoomPointsModel()
    model.set_points([(Q1, [point(1), point(2), point(3)])])
    renamed = QuestionInfo("q1", 0, "What is good about it?", QuestionKind.ADVANTAGE)
    model.set_points([(renamed, [point(1, text="reworded"), point(3)]), (Q2, [point(9)])])
    assert texts(model, 0) == ["reworded", "point 3"]
    assert model.rowCount() == 2 and texts(model, 1) == ["point 9"]
    assert model.index(0, 0).data() == "1. What is good about it? (2 points)"
    assert model.point_count() == 3
    qtmodeltester.check(model)
    model.set_points([])
    assert model.rowCount() == 0


def test_a_tables_state_shows_connected_and_how_long_ago_it_changed(
    qtmodeltester: ModelTester,
) -> None:
    model = TablesModel()
    qtmodeltester.check(model)
    now = datetime.now(UTC)
    model.set_tables([TableState("t1", "Table One"), TableState("t2", "Table Two")])
    two_minutes_ago = now - timedelta(minutes=2)
    model.update(
        TableState("t1", "Table One", True, two_minutes_ago, points=4, last_status="merged")
    )
    assert model.index(0, TablesModel.STATE).data() == "Connected"
    assert model.index(0, TablesModel.LAST_CHANGE).data() == "2 min ago"
    assert model.index(0, TablesModel.POINTS).data() == 4
    assert model.index(1, TablesModel.STATE).data() == "Not connected"
    assert model.index(1, TablesModel.LAST_CHANGE).data() == "nothing yet"
    assert model.connected_count() == 1
    assert "merged" in str(model.index(0, TablesModel.TABLE).data(Qt.ItemDataRole.ToolTipRole))
    qtmodeltester.check(model)
    model.all_offline()
    assert model.connected_count() == 0


def test_how_long_ago_reads_as_people_say_it() -> None:
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    assert how_long_ago(now - timedelta(seconds=20), now) == "just now"
    assert how_long_ago(now - timedelta(minutes=59), now) == "59 min ago"
    assert ":" in how_long_ago(now - timedelta(hours=2), now)  # the time of day
    assert how_long_ago(None, now) == "nothing yet"
