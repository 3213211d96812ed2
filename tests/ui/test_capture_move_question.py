"""Capture: a point filed under the wrong question moves to another one by keyboard or menu,
and undo brings it back to its place with the links the move removed."""

from __future__ import annotations

from capture_helpers import Opener, Typer, texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from facilitator_app.core import points as point_cases
from facilitator_app.core.records import LinkInfo
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.capture.point_model import PointRole

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def summary(view: CaptureView, number: int, row: int) -> str:
    return str(view.column(number).model.index(row, 0).data(PointRole.LINK_SUMMARY) or "")


def test_move_an_issue_to_advantages_by_keyboard_then_undo_and_redo(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Nearer to family")
    type_point(view, 2, "Costs are high")
    type_point(view, 2, "Parking is limited")
    type_point(view, 3, "Pool the budgets")
    type_point(view, 3, "Apply for a grant")
    costs = view.column(2).model.point_at(0)
    budgets, grant = view.column(3).model.all_points()
    view.set_links(budgets.id, {costs.id})
    view.set_links(grant.id, {costs.id})
    links = {LinkInfo(budgets.id, costs.id), LinkInfo(grant.id, costs.id)}
    assert set(point_cases.list_links(seated_workshop, table_id=table_two)) == links

    issues = view.column(2).list_view
    issues.setFocus()
    issues.select_point(costs.id)
    qtbot.keyClick(issues, Qt.Key.Key_Left, ALT_SHIFT)

    assert texts(view, 1) == ["Nearer to family", "Costs are high"]
    assert texts(view, 2) == ["Parking is limited"]
    assert view.column(1).heading.text().endswith("2 points")
    assert view.column(2).heading.text().endswith("1 point")
    assert point_cases.list_links(seated_workshop, table_id=table_two) == []
    assert summary(view, 3, 0) == "" and summary(view, 3, 1) == ""
    assert "2 links were removed" in view.message.text()
    assert "Ctrl+Z" in view.message.text()
    assert view.undo_stack.undoText() == "Move 1 point to question 1"
    advantages = view.column(1).list_view
    assert advantages.hasFocus() and advantages.selected_ids() == [costs.id]
    stored = point_cases.list_points(seated_workshop, table_id=table_two)
    assert [(p.text, p.position) for p in stored if p.question_id == costs.question_id] == [
        ("Parking is limited", 0)
    ]

    qtbot.keyClick(advantages, Qt.Key.Key_Z, CTRL)

    assert texts(view, 1) == ["Nearer to family"]
    assert texts(view, 2) == ["Costs are high", "Parking is limited"]
    assert view.column(2).heading.text().endswith("2 points")
    assert set(point_cases.list_links(seated_workshop, table_id=table_two)) == links
    assert summary(view, 3, 0) == "addresses 1 issue"
    assert summary(view, 2, 0) == "addressed by 2"
    back = point_cases.get_point(seated_workshop, costs.id)
    assert (back.question_id, back.position) == (costs.question_id, 0)
    assert back.revision == costs.revision + 2  # moved away and back
    assert view.column(2).list_view.selected_ids() == [costs.id]
    assert view.column(2).list_view.hasFocus()  # the keyboard follows the point back

    qtbot.keyClick(
        view.focusWidget() or advantages, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier
    )

    assert texts(view, 1) == ["Nearer to family", "Costs are high"]
    assert texts(view, 2) == ["Parking is limited"]
    assert point_cases.list_links(seated_workshop, table_id=table_two) == []

    view.close()  # everything was on disk already: reopening finds the moved point
    reopened = open_capture(seated_workshop, table_two)
    assert texts(reopened, 1) == ["Nearer to family", "Costs are high"]


def test_the_point_just_added_moves_on_from_its_empty_box_and_stops_at_the_last_question(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Run a shuttle bus")  # a mitigation, typed in the issues box
    entry = view.column(2).entry
    qtbot.keyClicks(entry, "half")
    qtbot.keyClick(entry, Qt.Key.Key_Right, ALT_SHIFT)  # a point half typed: nothing moves
    assert texts(view, 2) == ["Run a shuttle bus"]
    assert view.message.text().startswith("Add the point first")
    entry.clear()
    qtbot.keyClick(entry, Qt.Key.Key_Right, ALT_SHIFT)
    assert texts(view, 2) == [] and texts(view, 3) == ["Run a shuttle bus"]
    assert view.message.text() == "Moved 1 point to question 3."
    assert view.column(3).list_view.hasFocus()
    qtbot.keyClick(view.column(3).list_view, Qt.Key.Key_Right, ALT_SHIFT)
    assert texts(view, 3) == ["Run a shuttle bus"]
    assert view.message.text() == "This is the last question."
    assert view.undo_stack.count() == 2  # the add and one move


def test_the_point_menu_moves_the_selected_points_to_a_question_it_lists(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Costs are high", "Quieter wards", "Friendly staff"):
        type_point(view, 2, text)
    column = view.column(2)
    column.list_view.setFocus()
    column.list_view.select_points([p.id for p in column.model.all_points()[1:]])
    menu = view.point_menu(column)
    submenu = next(
        action.menu() for action in menu.actions() if action.text() == "Move to question"
    )
    entries: list[QAction] = submenu.actions()  # type: ignore[union-attr]
    assert [action.text()[:1] for action in entries] == ["1", "3"]
    assert entries[0].shortcut().toString() == "Alt+Shift+Left"
    entries[0].trigger()
    assert texts(view, 1) == ["Quieter wards", "Friendly staff"]
    assert texts(view, 2) == ["Costs are high"]
    assert view.undo_stack.undoText() == "Move 2 points to question 1"
    assert view.message.text() == "Moved 2 points to question 1."
    view.undo_stack.undo()
    assert texts(view, 2) == ["Costs are high", "Quieter wards", "Friendly staff"]
    assert texts(view, 1) == []


def test_a_point_dropped_on_another_questions_list_lands_where_dropped(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Nearer to family")
    type_point(view, 1, "Quieter wards")
    type_point(view, 2, "Costs are high")
    costs = view.column(2).model.point_at(0)
    advantages = view.column(1).list_view
    second = advantages.visualRect(view.column(1).model.index(1, 0)).topLeft()
    # What the list's dropEvent asks for when the drag came from another question's list.
    advantages.arrive_requested.emit(
        [costs.id], advantages.full_index_before(advantages.drop_target(second))
    )
    assert texts(view, 1) == ["Nearer to family", "Costs are high", "Quieter wards"]
    assert texts(view, 2) == []
    view.undo_stack.undo()
    assert texts(view, 1) == ["Nearer to family", "Quieter wards"]
    assert texts(view, 2) == ["Costs are high"]
    view.undo_stack.redo()
    assert texts(view, 1) == ["Nearer to family", "Costs are high", "Quieter wards"]
    stored = point_cases.list_points(seated_workshop, table_id=table_two)
    assert [p.text for p in stored] == ["Nearer to family", "Costs are high", "Quieter wards"]
