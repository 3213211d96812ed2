"""Set-up removals are undo steps like any other: Ctrl+Z brings back the very question, theme,
table or person (same identity, same place, its people and points), and leaves alone what was
changed since, saying so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_one_source_of_truth import (  # noqa: F401  (window is a fixture)
    capture,
    merge_in_app,
    stored,
    type_point,
    window,
)

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import (
    find_table,
    find_theme,
    list_participants,
    list_questions,
    list_tables,
    list_themes,
)
from facilitator_app.core.store import copy_workshop, open_workshop
from facilitator_app.ui.setup.list_editor import OrderedListEditor
from facilitator_app.ui.setup.theme_removal import ThemeDestination
from facilitator_app.ui.shell.main_window import MainWindow


def press_delete_on(qtbot: QtBot, editor: OrderedListEditor, row: int) -> None:
    """Select a row of a set-up list and press Delete, as a facilitator would."""
    editor.select_row(row)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)


def test_a_removed_theme_comes_back_with_its_points_on_undo(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    access = find_theme(workshop, "Access")
    workforce = find_theme(workshop, "Workforce")
    view = capture(window)
    point_id = type_point(qtbot, view, 1, "Care closer to home")
    view.set_theme([point_id], access.id)
    themes = list_themes(workshop)
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    window.dialogs.theme_answer = ThemeDestination(workforce.id)  # type: ignore[attr-defined]
    setup.tabs.setCurrentIndex(1)
    press_delete_on(qtbot, setup.themes, [t.id for t in themes].index(access.id))
    assert stored(window, point_id).theme_id == workforce.id
    assert window.window_actions.undo.text() == "&Undo Remove theme Access"

    window.window_actions.undo.trigger()

    assert list_themes(workshop) == themes  # same id, name and place
    assert [t.id for t in setup.themes_model.rows()] == [t.id for t in themes]
    assert stored(window, point_id).theme_id == access.id
    assert "Access" in capture(window).theme_keys.text()

    window.window_actions.redo.trigger()
    assert access.id not in [t.id for t in list_themes(workshop)]
    assert stored(window, point_id).theme_id == workforce.id


def test_undoing_a_theme_removal_leaves_a_point_changed_since_and_says_so(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    access, workforce = find_theme(workshop, "Access"), find_theme(workshop, "Workforce")
    infrastructure = find_theme(workshop, "Infrastructure")
    view = capture(window)
    point_id = type_point(qtbot, view, 1, "Care closer to home")
    view.set_theme([point_id], access.id)
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    window.dialogs.theme_answer = ThemeDestination(workforce.id)  # type: ignore[attr-defined]
    setup.tabs.setCurrentIndex(1)
    press_delete_on(qtbot, setup.themes, [t.id for t in list_themes(workshop)].index(access.id))
    with open_workshop(workshop.path) as other:  # another program re-themes it meanwhile
        point_cases.set_point_theme(other, point_id, infrastructure.id)

    window.window_actions.undo.trigger()

    assert access.id in [t.id for t in list_themes(workshop)]
    assert stored(window, point_id).theme_id == infrastructure.id
    assert "changed since" in window.statusBar().currentMessage()


def test_a_removed_question_comes_back_in_its_place_with_its_column(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    questions = list_questions(workshop)
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    setup.tabs.setCurrentIndex(1)
    press_delete_on(qtbot, setup.questions, 1)
    assert len(capture(window).columns) == 2
    assert window.window_actions.undo.text() == "&Undo Remove question 2"

    window.window_actions.undo.trigger()

    assert list_questions(workshop) == questions
    assert [c.question.id for c in capture(window).columns] == [q.id for q in questions]


def test_a_removed_table_and_a_removed_person_come_back_as_they_were(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    tables, people = list_tables(workshop), list_participants(workshop)
    table_one = find_table(workshop, "Table One")
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    setup.tabs.setCurrentIndex(2)
    seating = setup.seating
    press_delete_on(qtbot, seating.tables, [t.id for t in tables].index(table_one.id))
    assert table_one.id not in [t.id for t in list_tables(workshop)]
    two = [t.id for t in list_tables(workshop)].index(find_table(workshop, "Table Two").id)
    seating.tables.select_row(two)
    press_delete_on(qtbot, seating.people, 1)  # Bob Jones
    assert len(list_participants(workshop)) == len(people) - 2

    assert window.window_actions.undo.text() == "&Undo Remove Bob Jones"
    window.window_actions.undo.trigger()
    assert window.window_actions.undo.text() == "&Undo Remove Table One"
    window.window_actions.undo.trigger()

    assert list_tables(workshop) == tables
    assert list_participants(workshop) == people
    assert [t.id for t in seating.tables_model.rows()] == [t.id for t in tables]


def test_a_merge_after_undoing_a_removal_adds_no_second_copy(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    table_file = tmp_path / "Table Two.workshop"
    copy_workshop(workshop, table_file)
    themes = list_themes(workshop)
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    setup.tabs.setCurrentIndex(1)
    press_delete_on(qtbot, setup.themes, 0)
    window.window_actions.undo.trigger()

    merge_in_app(qtbot, window, table_file)

    assert list_themes(workshop) == themes
