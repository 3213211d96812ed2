"""Deleting or moving several points at once in capture is one change: one transaction (all or
nothing) and one undo step that brings them all back, leaving alone a point changed since."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_one_source_of_truth import (  # noqa: F401  (window is a fixture)
    capture,
    shown,
    stored,
    type_point,
    window,
)

from facilitator_app.core import points as point_cases
from facilitator_app.core.store import open_workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.shell.main_window import MainWindow


def three_points(qtbot: QtBot, view: CaptureView) -> list[str]:
    return [
        type_point(qtbot, view, 1, text)
        for text in ("Care closer to home", "One team around the patient", "Fewer trips")
    ]


def press_in_list(
    qtbot: QtBot,
    view: CaptureView,
    ids: list[str],
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Select points in question 1's list and press a key there, as a scribe would."""
    list_view = view.column(1).list_view
    list_view.setFocus()
    list_view.select_points(ids)
    qtbot.keyClick(list_view, key, modifiers)


def test_deleting_three_points_is_one_undo_step(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    view = capture(window)
    ids = three_points(qtbot, view)
    steps = view.undo_stack.count()

    press_in_list(qtbot, view, ids, Qt.Key.Key_Delete)

    assert all(stored(window, p).deleted for p in ids)
    assert view.undo_stack.count() == steps + 1
    assert window.window_actions.undo.text() == "&Undo Delete 3 points"
    window.window_actions.undo.trigger()
    assert not any(stored(window, p).deleted for p in ids)
    assert all(shown(view, p) is not None for p in ids)


def test_a_delete_that_fails_part_way_deletes_nothing(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    view = capture(window)
    ids = three_points(qtbot, view)
    steps = view.undo_stack.count()
    assert window.document is not None
    with open_workshop(window.document.workshop.path) as other:  # gone behind capture's back
        point_cases.delete_point(other, ids[2])

    press_in_list(qtbot, view, ids, Qt.Key.Key_Delete)

    assert not stored(window, ids[0]).deleted and not stored(window, ids[1]).deleted
    assert view.undo_stack.count() == steps
    assert "deleted since" in view.message.text()


def test_undoing_a_delete_leaves_alone_a_point_changed_since(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    view = capture(window)
    ids = three_points(qtbot, view)
    press_in_list(qtbot, view, ids[:2], Qt.Key.Key_Delete)
    assert window.document is not None
    with open_workshop(window.document.workshop.path) as other:  # a merge brings one back
        point_cases.restore_point(other, ids[1])
        point_cases.edit_point_text(other, ids[1], "One team, one record")

    window.window_actions.undo.trigger()

    assert not stored(window, ids[0]).deleted
    assert stored(window, ids[1]).text == "One team, one record"
    assert "changed since" in view.message.text()


def test_moving_several_points_to_another_question_is_one_step_and_all_or_nothing(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    view = capture(window)
    ids = three_points(qtbot, view)
    first_question = stored(window, ids[0]).question_id
    assert window.document is not None
    with open_workshop(window.document.workshop.path) as other:
        point_cases.delete_point(other, ids[2])
    steps = view.undo_stack.count()

    view.move_to_question(ids, view.column(2).question.id)  # one was deleted since

    assert all(stored(window, p).question_id == first_question for p in ids)
    assert view.undo_stack.count() == steps

    view.points.reload()
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    press_in_list(qtbot, view, ids[:2], Qt.Key.Key_Right, alt_shift)
    second_question = view.column(2).question.id
    assert [stored(window, p).question_id for p in ids[:2]] == [second_question] * 2
    assert view.undo_stack.count() == steps + 1
    assert window.window_actions.undo.text() == "&Undo Move 2 points to question 2"

    window.window_actions.undo.trigger()
    assert [stored(window, p).question_id for p in ids[:2]] == [first_question] * 2
    assert [stored(window, p).position for p in ids[:2]] == [0, 1]
