"""One source of truth in the app: a change made in one view shows in every other view at once,
the status bar says it was stored, and one undo history serves them all without ever writing
back a value that a later change replaced.

Each test is one of the scenarios of issue #10, tried in the main window as a new user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_app import ScriptedDialogs
from test_setup import commit_editor

from facilitator_app.core import points as point_cases
from facilitator_app.core.changes import EVERYTHING
from facilitator_app.core.event import (
    find_table,
    find_theme,
    get_event,
    list_questions,
    rename_theme,
)
from facilitator_app.core.merge import list_conflicts
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import copy_workshop, open_workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.capture.point_model import PointRole
from facilitator_app.ui.shell import settings
from facilitator_app.ui.shell.main_window import MainWindow, Mode

STORED_BEFORE = "(nothing stored yet)"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, seated_event_path: Path) -> Iterator[MainWindow]:
    """The event file open in the main window, capturing Table Two."""
    settings.use_settings_folder(tmp_path / "settings")
    main = MainWindow(
        settings.Preferences(),
        settings.WindowState(),
        data_dir=tmp_path / "data",
        dialogs=ScriptedDialogs(),
    )
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    assert main.open_path(seated_event_path, table="Table Two")
    yield main
    main.close_document()
    settings.use_settings_folder(None)


def capture(window: MainWindow) -> CaptureView:
    window.show_mode(Mode.CAPTURE)
    view = window.capture_view
    assert isinstance(view, CaptureView)
    return view


def type_point(qtbot: QtBot, view: CaptureView, number: int, text: str) -> str:
    """Type a point into question ``number``'s box and press Enter; returns its id."""
    column = view.column(number)
    column.entry.setFocus()
    qtbot.keyClicks(column.entry, text)
    qtbot.keyClick(column.entry, Qt.Key.Key_Return)
    return next(p.id for p in column.model.all_points() if p.text == text)


def shown(view: CaptureView, point_id: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    """What capture shows for a point (its text, or another role), or None if not shown."""
    for column in view.columns:
        row = column.model.row_of(point_id)
        if row >= 0:
            return column.model.index(row, 0).data(role)
    return None


def stored(window: MainWindow, point_id: str) -> PointInfo:
    """A fresh read of the file, as another program would see it."""
    assert window.document is not None
    with open_workshop(window.document.workshop.path, read_only=True) as workshop:
        return point_cases.get_point(workshop, point_id)


def press_undo(qtbot: QtBot, window: MainWindow) -> None:
    widget = QApplication.focusWidget() or window
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def outline_counts(window: MainWindow) -> dict[str, str]:
    """Heading → number of points, for every row of the report view's outline."""
    model = window.report_view.outline_model
    counts: dict[str, str] = {}

    def walk(parent: QModelIndex | QPersistentModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            counts[index.data()] = model.index(row, 1, parent).data() or ""
            walk(index)

    walk(QModelIndex())
    return counts


def advantages_count(window: MainWindow) -> str | None:
    """The number of points the outline shows under the advantages appendix, if it is there."""
    counts = [
        n for heading, n in outline_counts(window).items() if heading.endswith(": Advantages")
    ]
    return counts[0] if counts else None


def merge_in_app(qtbot: QtBot, window: MainWindow, table_file: Path) -> None:
    window.show_mode(Mode.MERGE)
    merge = window.merge_view
    merge.add_paths([table_file])
    with qtbot.waitSignal(merge.run_finished, timeout=30_000):
        qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)


def re_theme_in_review(qtbot: QtBot, window: MainWindow, point_id: str, theme: str) -> None:
    window.show_mode(Mode.REVIEW)
    review = window.review_view
    review.select_points([point_id])
    review.theme_choice.setCurrentIndex(review.theme_choice.findText(theme))
    qtbot.mouseClick(review.apply_theme_button, Qt.MouseButton.LeftButton)


# --- 1 ------------------------------------------------------------------------------------------


def test_a_point_added_in_capture_is_counted_in_the_report_outline(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_mode(Mode.REPORT)
    qtbot.waitUntil(lambda: "Workshop process" in outline_counts(window))
    assert advantages_count(window) is None  # no advantage yet: no appendix for them
    type_point(qtbot, capture(window), 1, "Care closer to home")
    window.show_mode(Mode.REPORT)
    qtbot.waitUntil(lambda: advantages_count(window) == "1")


# --- 2 ------------------------------------------------------------------------------------------


def test_a_point_re_themed_in_review_shows_its_new_theme_in_capture(
    qtbot: QtBot, window: MainWindow
) -> None:
    point_id = type_point(qtbot, capture(window), 2, "Parking at the new site")
    re_theme_in_review(qtbot, window, point_id, "Access")
    assert window.document is not None
    assert stored(window, point_id).theme_id == find_theme(window.document.workshop, "Access").id

    assert shown(capture(window), point_id, PointRole.THEME_NAME) == "Access"


# --- 3 ------------------------------------------------------------------------------------------


def test_a_question_added_in_set_up_appears_in_capture(qtbot: QtBot, window: MainWindow) -> None:
    assert len(capture(window).columns) == 3
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None
    setup.tabs.setCurrentIndex(1)
    setup.questions.view.setFocus()
    qtbot.keyClick(setup.questions.view, Qt.Key.Key_Insert)
    editor = QApplication.focusWidget()
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Who else should we ask?")
    commit_editor(qtbot, editor)
    assert window.document is not None
    assert list_questions(window.document.workshop)[-1].text == "Who else should we ask?"

    view = capture(window)
    assert [c.question.text for c in view.columns][-1] == "Who else should we ask?"

    # Set-up changes are on the same history: wording first, then the question itself.
    assert window.window_actions.undo.text() == "&Undo Edit question"
    window.window_actions.undo.trigger()
    assert window.window_actions.undo.text() == "&Undo Add question"
    window.window_actions.undo.trigger()
    assert len(list_questions(window.document.workshop)) == 3
    assert len(capture(window).columns) == 3


# --- 4 ------------------------------------------------------------------------------------------


def test_a_settled_conflict_shows_in_capture_and_undo_never_writes_a_wording_no_one_had(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.document is not None
    view = capture(window)
    point_id = type_point(qtbot, view, 2, "Parking")
    table_file = tmp_path / "table-two.workshop"
    copy_workshop(window.document.workshop, table_file)
    with open_workshop(table_file) as laptop:
        point_cases.edit_point_text(laptop, point_id, "Very limited parking on site")
    view.edit_point(point_id, "Limited parking at the hospital")  # F2 at the event laptop
    merge_in_app(qtbot, window, table_file)
    assert len(list_conflicts(window.document.workshop)) == 1

    window.show_mode(Mode.REVIEW)
    review = window.review_view
    review.show_conflicts()
    qtbot.mouseClick(review.conflicts.keep_theirs_button, Qt.MouseButton.LeftButton)
    assert stored(window, point_id).text == "Very limited parking on site"

    view = capture(window)
    assert shown(view, point_id) == "Very limited parking on site"

    history = {"Parking", "Limited parking at the hospital", "Very limited parking on site"}
    view.column(2).entry.setFocus()
    qtbot.keyClick(view.column(2).entry, Qt.Key.Key_Escape)
    press_undo(qtbot, window)
    text = stored(window, point_id).text
    assert text in history
    assert shown(capture(window), point_id) == text


# --- 5 ------------------------------------------------------------------------------------------


def test_undo_in_capture_never_discards_a_later_theme_from_review(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document is not None
    access = find_theme(window.document.workshop, "Access").id
    view = capture(window)
    point_id = type_point(qtbot, view, 1, "Care closer to home")
    view.set_theme([point_id], access)
    re_theme_in_review(qtbot, window, point_id, "Workforce")

    view = capture(window)
    view.column(1).entry.setFocus()
    press_undo(qtbot, window)

    # One history: the newest change (Review's) is undone first, giving back capture's theme.
    assert stored(window, point_id).theme_id == access
    assert shown(view, point_id, PointRole.THEME_NAME) == "Access"


def test_undo_leaves_alone_a_point_changed_since_and_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    access = find_theme(workshop, "Access").id
    workforce = find_theme(workshop, "Workforce").id
    view = capture(window)
    point_id = type_point(qtbot, view, 1, "Care closer to home")
    view.set_theme([point_id], access)
    # Changed behind this history's back (another program, standing in for a merge).
    with open_workshop(workshop.path) as other:
        point_cases.set_point_theme(other, point_id, workforce)

    view.column(1).entry.setFocus()
    press_undo(qtbot, window)

    assert stored(window, point_id).theme_id == workforce
    assert "changed since" in view.message.text()


# --- 6 ------------------------------------------------------------------------------------------


def test_undoing_the_deletion_of_a_linked_issue_shows_the_link_on_both_points(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = capture(window)
    issue = type_point(qtbot, view, 2, "Parking at the new site")
    mitigation = type_point(qtbot, view, 3, "Reserve drop-off spaces")
    view.set_links(mitigation, {issue})
    assert shown(view, mitigation, PointRole.LINK_SUMMARY) == "addresses 1 issue"
    view.delete_points([issue])
    assert shown(view, mitigation, PointRole.LINK_SUMMARY) == ""

    view.column(2).entry.setFocus()
    press_undo(qtbot, window)

    # What the list draws (text, theme, strength, link summary), not only what it could compute.
    assert shown(view, issue, PointRole.LAYOUT)[3] == "addressed by 1"  # type: ignore[index]
    assert shown(view, mitigation, PointRole.LAYOUT)[3] == "addresses 1 issue"  # type: ignore[index]


# --- 7 ------------------------------------------------------------------------------------------


def test_the_status_bar_says_changes_were_stored_after_review_merge_and_report(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.document is not None
    point_id = type_point(qtbot, capture(window), 1, "Care closer to home")

    window.stored_label.setText(STORED_BEFORE)
    re_theme_in_review(qtbot, window, point_id, "Access")
    assert window.stored_label.text().startswith("All changes stored at")

    window.stored_label.setText(STORED_BEFORE)
    table_file = tmp_path / "table-two.workshop"
    copy_workshop(window.document.workshop, table_file)
    with open_workshop(table_file) as laptop:
        table = find_table(laptop, "Table Two").id
        point_cases.add_point(laptop, table, list_questions(laptop)[0].id, "From the laptop")
    merge_in_app(qtbot, window, table_file)
    assert window.stored_label.text().startswith("All changes stored at")

    window.stored_label.setText(STORED_BEFORE)
    window.show_mode(Mode.REPORT)
    editor = next(iter(window.report_view.editors.values())).editor
    editor.setFocus()
    qtbot.keyClicks(editor, "Why we met.")
    qtbot.waitUntil(lambda: window.stored_label.text().startswith("All changes stored at"))


# --- 8 ------------------------------------------------------------------------------------------


def test_a_multi_point_theme_change_is_all_or_nothing_and_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document is not None
    workshop = window.document.workshop
    access = find_theme(workshop, "Access").id
    view = capture(window)
    first = type_point(qtbot, view, 1, "Care closer to home")
    second = type_point(qtbot, view, 1, "One team around the patient")
    steps = view.undo_stack.count()
    with open_workshop(workshop.path) as other:  # gone behind capture's back
        point_cases.delete_point(other, second)

    view.set_theme([first, second], access)

    # One transaction: the failure part-way leaves the first point as it was too.
    assert stored(window, first).theme_id is None
    assert view.undo_stack.count() == steps

    third = type_point(qtbot, view, 1, "Fewer trips to the city hospital")
    view.set_theme([first, third], access)
    assert view.undo_stack.count() == steps + 2  # the point added, then one step for both
    assert view.undo_stack.undoText() == "Set theme of 2 points"
    view.undo_stack.undo()
    assert stored(window, first).theme_id is None
    assert stored(window, third).theme_id is None


# --- one history, named for what it did ---------------------------------------------------------


def test_every_view_shares_one_undo_history_per_open_file(qtbot: QtBot, window: MainWindow) -> None:
    view = capture(window)
    type_point(qtbot, view, 1, "Care closer to home")
    window.show_mode(Mode.REVIEW)
    assert window.review_view.undo_stack is view.undo_stack
    assert window.window_actions.undo.text() == "&Undo Add point"
    window.show_mode(Mode.SETUP)
    assert window.window_actions.undo.isEnabled()


def test_a_set_up_edit_is_undone_like_any_other_change(qtbot: QtBot, window: MainWindow) -> None:
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None and window.document is not None
    model = setup.themes_model
    row = next(n for n, theme in enumerate(model.rows()) if theme.name == "Access")
    assert model.setData(model.index(row, 0), "Getting there")
    assert window.window_actions.undo.text() == "&Undo Edit theme"
    assert "Getting there" in capture(window).theme_keys.text()

    window.window_actions.undo.trigger()

    assert find_theme(window.document.workshop, "Access").id == model.rows()[row].id
    assert "Access" in capture(window).theme_keys.text()


def test_an_added_question_undone_and_redone_is_the_same_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Redo brings back the very question (same identity), not a new one: table files handed
    out meanwhile, and later undo steps, still refer to it."""
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None and window.document is not None
    before = [question.id for question in list_questions(window.document.workshop)]
    setup.add_question()
    added = [q.id for q in list_questions(window.document.workshop) if q.id not in before]
    assert len(added) == 1
    assert window.window_actions.undo.text() == "&Undo Add question"

    window.window_actions.undo.trigger()
    assert [q.id for q in list_questions(window.document.workshop)] == before
    window.window_actions.redo.trigger()

    assert [q.id for q in list_questions(window.document.workshop)] == [*before, *added]
    assert setup.questions_model.rows()[-1].id == added[0]
    assert len(capture(window).columns) == len(before) + 1


def test_a_set_up_undo_left_alone_says_so_in_set_up_words(qtbot: QtBot, window: MainWindow) -> None:
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None and window.document is not None and window.operations is not None
    model = setup.themes_model
    row = next(n for n, theme in enumerate(model.rows()) if theme.name == "Access")
    assert model.setData(model.index(row, 0), "Getting there")
    notices: list[str] = []
    window.operations.notice.connect(notices.append)
    # renamed again past the undo history (as a merge or another window would)
    rename_theme(window.document.workshop, model.rows()[row].id, "Travel")
    window.operations.announce(EVERYTHING)

    window.window_actions.undo.trigger()

    assert notices and "point" not in notices[-1]
    assert "“Travel” was changed since" in notices[-1]


def test_the_event_title_edited_in_set_up_is_undone_and_the_title_bar_follows(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.unlock_setup()
    setup = window.setup_view
    assert setup is not None and window.document is not None
    title = setup.event_form.title
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Care at home")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert window.window_actions.undo.text() == "&Undo Edit the event's title"

    window.window_actions.undo.trigger()

    assert title.text() == "Care closer to home"
    assert get_event(window.document.workshop).title == "Care closer to home"


def test_while_a_merge_writes_every_view_is_read_only_with_a_notice(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document is not None and window.operations is not None
    view = capture(window)
    point_id = type_point(qtbot, view, 1, "Care closer to home")
    window.unlock_setup()
    setup, review, report = window.setup_view, window.review_view, window.report_view
    assert setup is not None and review is not None and report is not None
    reason = "Table files are being merged into this file; changes wait until then."

    window.operations.set_busy(reason)  # what the merge view does while its merge runs
    for mode in (Mode.REVIEW, Mode.REPORT):  # built and given the file when first shown
        window.show_mode(mode)

    view = capture(window)
    for notice in (view.busy_notice, setup.busy_notice, review.busy_notice, report.busy_notice):
        assert notice.text() == reason and not notice.isHidden()
    assert not view.column(1).entry.isEnabled()
    assert not window.window_actions.undo.isEnabled()
    themes = setup.themes_model
    assert not themes.flags(themes.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not setup.themes.add_button.isEnabled()
    assert setup.event_form.title.isReadOnly()
    window.show_mode(Mode.REVIEW)
    review.select_points([point_id])
    review.theme_choice.setCurrentIndex(review.theme_choice.findText("Access"))
    assert not review.apply_theme_button.isEnabled()
    assert all(editor.editor.isReadOnly() for editor in report.editors.values())
    assert stored(window, point_id).theme_id is None

    window.operations.set_busy("")

    view = capture(window)
    for notice in (view.busy_notice, setup.busy_notice, review.busy_notice, report.busy_notice):
        assert notice.isHidden()
    assert view.column(1).entry.isEnabled()
    assert window.window_actions.undo.isEnabled()
    assert themes.flags(themes.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not setup.event_form.title.isReadOnly()
    assert review.apply_theme_button.isEnabled()
    assert not any(editor.editor.isReadOnly() for editor in report.editors.values())


def test_a_point_typed_before_capture_was_rebuilt_is_still_undone(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document is not None
    old_view = capture(window)
    point_id = type_point(qtbot, old_view, 1, "Care closer to home")
    window.unlock_setup()
    assert window.setup_view is not None
    with qtbot.waitSignal(old_view.destroyed, timeout=10_000):
        window.setup_view.add_question()  # capture is rebuilt with a fourth column
    window.setFocus()  # leave the new row's editor as it is
    assert len(capture(window).columns) == 4

    window.window_actions.undo.trigger()  # the question
    window.window_actions.undo.trigger()  # the point typed before

    assert stored(window, point_id).deleted
    assert shown(capture(window), point_id) is None


def test_views_announce_changes_only_through_the_files_one_signal(
    qtbot: QtBot, window: MainWindow
) -> None:
    """No view keeps a 'stored' signal of its own beside the file's ``changed``: the status
    bar follows the one signal, whichever view made the change."""
    view = capture(window)
    assert window.setup_view is not None
    assert not hasattr(view, "stored") and not hasattr(view.points, "stored")
    assert not hasattr(window.setup_view, "stored")
    assert not hasattr(window.setup_view.event_form, "stored")
    assert not hasattr(window.setup_view.seating, "stored")
    type_point(qtbot, view, 1, "Care closer to home")
    assert window.stored_label.text().startswith("All changes stored at")
