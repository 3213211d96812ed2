"""The capture view's Qt models, checked by Qt's own model tester through every kind of change."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import list_questions, list_themes
from facilitator_app.core.model import Strength
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture.controller import TablePoints
from facilitator_app.ui.capture.link_dialog import CandidateModel
from facilitator_app.ui.capture.point_model import POINT_IDS_MIME, PointRole


def test_point_model_passes_the_model_tester_through_changes(
    seated_workshop: Workshop, table_two: str, qtmodeltester: ModelTester, qapp: object
) -> None:
    first_question = list_questions(seated_workshop)[0]
    for text in ("Alpha", "Bravo", "Charlie"):
        point_cases.add_point(seated_workshop, table_two, first_question.id, text)
    table = TablePoints(seated_workshop, table_two)
    model = table.models[first_question.id]
    qtmodeltester.check(model)  # keeps watching: every change below is checked as it happens

    added = table.add_point(first_question.id, "Delta", strength=Strength.ONE)
    table.move_point(added.id, 0)
    table.set_theme(added.id, list_themes(seated_workshop)[0].id)
    table.edit_text(added.id, "Delta, edited")
    table.set_filter("a")
    alpha = model.point_at(1)
    table.delete_point(alpha.id)
    assert model.rowCount() == 3
    table.set_filter("")
    table.restore_point(alpha.id)
    table.restore_point(alpha.id)  # restoring a live point changes nothing
    qtmodeltester.check(model)

    assert [model.index(r, 0).data() for r in range(4)] == [
        "Delta, edited",
        "Alpha",
        "Bravo",
        "Charlie",
    ]
    assert model.index(0, 0).data() == "Delta, edited"
    assert model.index(0, 0).data(PointRole.NUMBER) == 1
    assert model.index(0, 0).data(PointRole.STRENGTH) == Strength.ONE  # a str through Qt
    assert model.rowCount(model.index(0, 0)) == 0  # a flat list
    assert not model.index(0, 0).parent().isValid()


def test_point_model_flags_and_drag_data(
    seated_workshop: Workshop, table_two: str, qapp: object
) -> None:
    question = list_questions(seated_workshop)[1]
    table = TablePoints(seated_workshop, table_two)
    point = table.add_point(question.id, "Parking")
    model = table.models[question.id]
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsEditable and flags & Qt.ItemFlag.ItemIsDragEnabled
    assert model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    data = model.mimeData([model.index(0, 0)])
    assert bytes(data.data(POINT_IDS_MIME).data()).decode() == point.id
    # An edit through the model with no view attached still goes to the core.
    assert model.setData(model.index(0, 0), "Parking is limited")
    assert point_cases.get_point(seated_workshop, point.id).text == "Parking is limited"


def test_candidate_model_of_the_link_dialog(qtmodeltester: ModelTester, qapp: object) -> None:
    model = CandidateModel([("a", "2.1  Parking"), ("b", "2.2  Travel")], {"b"})
    qtmodeltester.check(model)
    assert model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    model.toggle("a")
    model.toggle("b")
    assert model.checked_ids() == {"a"}
    qtmodeltester.check(model)


def test_adding_to_a_filtered_list_repaints_only_the_new_row_and_numbers_stay_right(
    seated_workshop: Workshop, table_two: str, qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    """A scribe's Enter under a filter inserts one row; the rows above keep their numbers, so
    none of them is repainted (a long list is not walked again for each point)."""
    question = list_questions(seated_workshop)[0]
    for text in ("Parking one", "Buses", "Parking two", "Clinics", "Parking three"):
        point_cases.add_point(seated_workshop, table_two, question.id, text)
    table = TablePoints(seated_workshop, table_two)
    model = table.models[question.id]
    qtmodeltester.check(model)
    table.set_filter("parking")
    assert model.rowCount() == 3

    with (
        qtbot.waitSignal(model.rowsInserted, timeout=0) as inserted,
        qtbot.assertNotEmitted(model.dataChanged),
        qtbot.assertNotEmitted(model.modelReset),
    ):
        table.add_point(question.id, "Parking four")
    assert inserted.args[1:] == [3, 3]
    assert [model.index(r, 0).data(PointRole.NUMBER) for r in range(4)] == [1, 3, 5, 6]

    # A point restored in the middle renumbers the rows after it, filtered or not.
    buses = next(p for p in model.all_points() if p.text == "Buses")
    table.set_filter("")
    table.delete_point(buses.id)
    table.set_filter("parking")
    table.restore_point(buses.id)
    assert [model.index(r, 0).data(PointRole.NUMBER) for r in range(4)] == [1, 3, 5, 6]
    table.set_filter("")
    assert [model.index(r, 0).data() for r in range(6)][:2] == ["Parking one", "Buses"]
    assert [model.index(r, 0).data(PointRole.NUMBER) for r in range(6)] == [1, 2, 3, 4, 5, 6]
