"""Capture: linking mitigations and issues (seen from both sides) and filtering the columns."""

from __future__ import annotations

from capture_helpers import Opener, Typer, stored_texts, texts
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import list_themes
from facilitator_app.core.store import Workshop
from facilitator_app.ui.capture.point_model import PointRole


def test_link_a_mitigation_to_issues_by_keyboard_and_see_it_from_both_sides(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking is limited")
    type_point(view, 2, "Staff travel between sites")
    type_point(view, 3, "Run a shuttle bus from the station")
    entry = view.column(3).entry
    qtbot.keyClick(entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = view.link_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.filter_edit.hasFocus()
    qtbot.keyClicks(dialog.filter_edit, "parking")
    assert dialog.proxy.rowCount() == 1
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    assert dialog.list_view.hasFocus()
    qtbot.keyClick(dialog.list_view, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.list_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.link_dialog is None)

    mitigation = view.column(3).model.point_at(0)
    parking, travel = view.column(2).model.all_points()
    assert point_cases.list_links(seated_workshop, table_id=table_two)[0].issue_id == parking.id
    issue_index = view.column(2).model.index(0, 0)
    assert issue_index.data(PointRole.LINK_SUMMARY) == "addressed by 1"
    assert "Run a shuttle bus" in issue_index.data(Qt.ItemDataRole.ToolTipRole)
    mitigation_index = view.column(3).model.index(0, 0)
    assert mitigation_index.data(PointRole.LINK_SUMMARY) == "addresses 1 issue"
    assert "2.1" in mitigation_index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Parking is limited" in mitigation_index.data(Qt.ItemDataRole.ToolTipRole)
    assert view.column(2).model.index(1, 0).data(PointRole.LINK_SUMMARY) == ""

    # From the issue's side: tick the mitigation for the second issue too.
    dialog = view.open_link_dialog(travel.id)
    assert dialog is not None
    dialog.model.toggle(mitigation.id)
    dialog.accept()
    assert view.column(3).model.index(0, 0).data(PointRole.LINK_SUMMARY) == "addresses 2 issues"
    assert {link.issue_id for link in point_cases.list_links(seated_workshop)} == {
        parking.id,
        travel.id,
    }

    # Deleting an issue hides its link; undo brings both back.
    view.delete_points([parking.id])
    assert view.column(3).model.index(0, 0).data(PointRole.LINK_SUMMARY) == "addresses 1 issue"
    view.undo_stack.undo()
    assert view.column(3).model.index(0, 0).data(PointRole.LINK_SUMMARY) == "addresses 2 issues"
    view.undo_stack.undo()  # the second link
    view.undo_stack.undo()  # the first link
    assert point_cases.list_links(seated_workshop) == []
    assert view.column(2).model.index(0, 0).data(PointRole.LINK_SUMMARY) == ""
    view.undo_stack.redo()
    assert len(point_cases.list_links(seated_workshop)) == 1


def test_after_linking_the_keyboard_is_back_where_ctrl_l_was_pressed(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    """From the entry box, the next point is typed at once; a list would eat the letters."""
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking is limited")
    type_point(view, 3, "Run a shuttle bus")
    mitigations = view.column(3)
    qtbot.keyClick(mitigations.entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = view.link_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list_view, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.list_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.link_dialog is None)
    qtbot.waitUntil(view.isActiveWindow)
    assert mitigations.entry.hasFocus()
    assert mitigations.list_view.current_id() == mitigations.model.point_at(0).id
    qtbot.keyClicks(mitigations.entry, "Car share")
    qtbot.keyClick(mitigations.entry, Qt.Key.Key_Return)
    assert texts(view, 3) == ["Run a shuttle bus", "Car share"]

    mitigations.list_view.setFocus()
    mitigations.list_view.select_point(mitigations.model.point_at(0).id)
    qtbot.keyClick(mitigations.list_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = view.link_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.link_dialog is None)
    qtbot.waitUntil(view.isActiveWindow)
    assert mitigations.list_view.hasFocus()


def test_link_refused_for_an_advantage_with_a_plain_message(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Shorter waits")
    qtbot.keyClick(view.column(1).entry, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert view.link_dialog is None
    assert "Only mitigations and issues" in view.message.text()


def test_filter_searches_every_column_and_counts_what_it_shows(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Care closer to home")
    type_point(view, 1, "Shorter waits")
    type_point(view, 2, "Parking near the home care hub")
    type_point(view, 3, "Shuttle bus")
    qtbot.keyClick(view.column(3).entry, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.filter_edit.hasFocus()
    qtbot.keyClicks(view.filter_edit, "HOME")
    assert texts(view, 1) == ["Care closer to home"]
    assert texts(view, 2) == ["Parking near the home care hub"]
    assert texts(view, 3) == []
    assert view.column(1).heading.text().endswith("1 of 2 points")
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Escape)
    assert view.filter_edit.text() == ""
    assert texts(view, 1) == ["Care closer to home", "Shorter waits"]


def test_enter_or_a_second_esc_in_the_filter_goes_back_to_typing(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking near the hub")
    type_point(view, 2, "Staff rota")
    entry = view.column(2).entry
    entry.setFocus()
    qtbot.keyClick(entry, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.filter_edit, "park")
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Return)
    assert entry.hasFocus()  # back to typing, the filter kept
    assert texts(view, 2) == ["Parking near the hub"]
    qtbot.keyClick(entry, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Escape)
    assert view.filter_edit.hasFocus() and view.filter_edit.text() == ""
    assert texts(view, 2) == ["Parking near the hub", "Staff rota"]
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Escape)
    assert entry.hasFocus()


def test_filter_matches_theme_names_and_moves_respect_hidden_points(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    access = next(t for t in list_themes(seated_workshop) if t.name == "Access")
    view = open_capture(seated_workshop, table_two)
    for text in ("A", "B", "C", "D"):
        type_point(view, 1, text)
    column = view.column(1)
    for row in (0, 2):
        view.set_theme([column.model.point_at(row).id], access.id)
    view.set_filter("access")
    assert texts(view, 1) == ["A", "C"]
    column.list_view.setFocus()
    column.list_view.setCurrentIndex(column.model.index(1, 0))
    qtbot.keyClick(column.list_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert texts(view, 1) == ["C", "A"]
    view.set_filter("")
    assert texts(view, 1) == ["C", "A", "B", "D"]
    assert stored_texts(seated_workshop, table_two, 1) == ["C", "A", "B", "D"]
