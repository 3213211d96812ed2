"""The scribe's capture view, driven with the keyboard as a scribe would, checked on disk."""

from __future__ import annotations

from pathlib import Path

from capture_helpers import Opener, Typer, stored_texts, texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
from pytestqt.qtbot import QtBot

from facilitator_app.core import points as point_cases
from facilitator_app.core.event import find_table, list_questions, list_themes, update_question
from facilitator_app.core.model import Strength
from facilitator_app.core.store import Workshop, open_workshop
from facilitator_app.ui.capture import CaptureView
from facilitator_app.ui.capture.point_model import PointRole


def test_header_names_event_table_facilitator_and_scribe(
    seated_workshop: Workshop, table_two: str, open_capture: Opener
) -> None:
    view = open_capture(seated_workshop, table_two)
    assert view.title_label.text() == "Care closer to home"
    assert view.table_label.text() == "Table Two"
    assert "Ann Smith" in view.people_label.text()
    assert "Bob Jones" in view.people_label.text()
    assert not view.banner.isVisible()
    assert QApplication.focusWidget() is view.column(1).entry


def test_the_theme_keys_are_in_sight_and_say_what_each_alt_number_does(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    themes = list_themes(seated_workshop)
    legend = view.theme_keys.text()
    assert view.theme_keys.isVisible()
    assert legend.startswith("Themes: Alt+1 Quality / Efficiencies · Alt+2 Service Integration")
    assert legend.endswith("Alt+0 none")
    # what the legend promises is what the key does
    entry = view.column(1).entry
    qtbot.keyClicks(entry, "Fewer journeys")
    qtbot.keyClick(entry, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert f"Alt+6 {themes[5].name}" in legend
    assert view.column(1).model.point_at(0).theme_id == themes[5].id


def test_three_columns_side_by_side_at_1366_and_stacked_when_narrow(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    qtbot.waitUntil(lambda: view.columns_area.per_row == 3)
    columns = [view.column(n) for n in (1, 2, 3)]
    tops = {c.mapTo(view, c.rect().topLeft()).y() for c in columns}
    lefts = [c.mapTo(view, c.rect().topLeft()).x() for c in columns]
    assert len(tops) == 1 and lefts == sorted(lefts)
    assert all(c.width() > 380 for c in columns)
    for column, number in zip(columns, (1, 2, 3), strict=True):
        assert column.heading.text().startswith(f"{number} ·")
        assert column.question_text.text() == column.question.text

    view.resize(600, 700)
    qtbot.waitUntil(lambda: view.columns_area.per_row == 1)

    def tops() -> list[int]:
        return [c.mapTo(view, c.rect().topLeft()).y() for c in columns]

    qtbot.waitUntil(lambda: len(set(tops())) == 3)
    assert tops() == sorted(tops())
    # stacked, the area scrolls; its scroll range is set once the layout has settled, which
    # under load can be a few event-loop turns after the columns moved
    qtbot.waitUntil(lambda: view.columns_area.verticalScrollBar().maximum() > 0)


def test_lists_side_by_side_start_at_one_height_whatever_the_question_length(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    question = list_questions(seated_workshop)[1]
    update_question(
        seated_workshop, question.id, text=question.text + " Think of travel, cost and staff." * 3
    )
    view = open_capture(seated_workshop, table_two)

    def list_tops() -> set[int]:
        return {
            view.column(n).list_view.mapTo(view, view.column(n).list_view.rect().topLeft()).y()
            for n in (1, 2, 3)
        }

    qtbot.waitUntil(lambda: len(list_tops()) == 1)
    view.resize(1920, 1000)
    qtbot.waitUntil(lambda: len(list_tops()) == 1)


def test_typing_and_enter_adds_points_under_each_question(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    with qtbot.waitSignal(view.points.operations.changed):
        type_point(view, 1, "Care closer to home for older people")
    type_point(view, 1, "Shorter waits")
    type_point(view, 2, "Parking is limited")
    type_point(view, 3, "Run a shuttle bus")

    assert texts(view, 1) == ["Care closer to home for older people", "Shorter waits"]
    assert texts(view, 2) == ["Parking is limited"]
    assert texts(view, 3) == ["Run a shuttle bus"]
    entry = view.column(3).entry
    assert entry.toPlainText() == "" and entry.hasFocus()
    assert view.column(1).heading.text().endswith("2 points")
    assert view.column(2).heading.text().endswith("1 point")
    # On disk already: no save.
    assert stored_texts(seated_workshop, table_two, 1) == texts(view, 1)
    assert stored_texts(seated_workshop, table_two, 3) == ["Run a shuttle bus"]


def test_shift_enter_makes_a_new_line_and_empty_text_adds_nothing(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    entry = view.column(1).entry
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClicks(entry, "   ")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert texts(view, 1) == []
    entry.clear()
    qtbot.keyClicks(entry, "First line")
    qtbot.keyClick(entry, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(entry, "second line")
    assert texts(view, 1) == []
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert texts(view, 1) == ["First line\nsecond line"]


def test_theme_by_keyboard_while_typing_after_adding_and_in_the_list(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    themes = list_themes(seated_workshop)
    view = open_capture(seated_workshop, table_two)
    column = view.column(1)
    entry = column.entry
    entry.setFocus()
    qtbot.keyClicks(entry, "Joined-up teams")
    qtbot.keyClick(entry, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # while typing
    assert column.theme_combo.currentText() == themes[1].name
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    first = column.model.point_at(0)
    assert first.theme_id == themes[1].id
    assert column.pending_theme_id() is None  # the next point starts plain

    type_point(view, 1, "Fewer trips to hospital")
    qtbot.keyClick(entry, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)  # empty box: last point
    second = column.model.point_at(1)
    assert second.theme_id == themes[4].id
    assert column.model.index(1, 0).data(PointRole.THEME_NAME) == themes[4].name
    qtbot.keyClick(entry, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)  # again: off
    assert column.model.point_at(1).theme_id is None

    column.list_view.setFocus()
    column.list_view.setCurrentIndex(column.model.index(0, 0))
    qtbot.keyClick(column.list_view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert column.model.point_at(0).theme_id == themes[2].id
    qtbot.keyClick(column.list_view, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert column.model.point_at(0).theme_id is None
    stored = point_cases.list_points(seated_workshop, table_id=table_two)
    assert [p.theme_id for p in stored] == [None, None]


def test_theme_completer_and_strength_by_keyboard(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    workforce = next(t for t in list_themes(seated_workshop) if t.name == "Workforce")
    view = open_capture(seated_workshop, table_two)
    column = view.column(2)
    qtbot.keyClick(column.entry, Qt.Key.Key_Tab)  # Tab leaves the box: no tab typed
    assert column.entry.toPlainText() == ""
    column.theme_combo.setFocus()
    column.theme_combo.lineEdit().selectAll()
    qtbot.keyClicks(column.theme_combo.lineEdit(), "Workforce")
    qtbot.keyClick(column.theme_combo.lineEdit(), Qt.Key.Key_Return)
    assert column.entry.hasFocus()
    assert column.pending_theme_id() == workforce.id

    qtbot.keyClicks(column.entry, "Staff travel between sites")
    qtbot.keyClick(column.entry, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert column.pending_strength() is Strength.CONSENSUS
    qtbot.keyClick(column.entry, Qt.Key.Key_Return)
    point = column.model.point_at(0)
    assert (point.theme_id, point.strength) == (workforce.id, Strength.CONSENSUS)

    column.list_view.setFocus()
    column.list_view.setCurrentIndex(column.model.index(0, 0))
    qtbot.keyClick(column.list_view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert column.model.point_at(0).strength is Strength.SEVERAL
    assert "Several people" in column.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert point_cases.get_point(seated_workshop, point.id).strength is Strength.SEVERAL


def test_typed_name_that_is_no_theme_is_refused(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    column = view.column(1)
    column.theme_combo.setFocus()
    qtbot.keyClicks(column.theme_combo.lineEdit(), "Nonsense")
    qtbot.keyClick(column.theme_combo.lineEdit(), Qt.Key.Key_Return)
    assert column.pending_theme_id() is None
    assert column.theme_combo.currentText() == ""


def test_edit_in_place_reorder_delete_with_undo_and_redo(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Alpha", "Bravo", "Charlie"):
        type_point(view, 1, text)
    column = view.column(1)
    listing = column.list_view
    listing.setFocus()
    listing.setCurrentIndex(column.model.index(1, 0))

    # Edit in place: F2, type, Enter.
    qtbot.keyClick(listing, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not listing
    assert isinstance(editor, QPlainTextEdit)
    assert not editor.textCursor().hasSelection()  # a first key must not wipe the point
    qtbot.keyClicks(editor, " two")  # the caret is at the end
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert texts(view, 1) == ["Alpha", "Bravo two", "Charlie"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Alpha", "Bravo two", "Charlie"]

    # Move down with Alt+Down, and up again.
    listing.setFocus()
    listing.setCurrentIndex(column.model.index(0, 0))
    qtbot.keyClick(listing, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert texts(view, 1) == ["Bravo two", "Alpha", "Charlie"]
    assert listing.currentIndex().row() == 1  # the moved point stays in hand
    qtbot.keyClick(listing, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert texts(view, 1) == ["Bravo two", "Charlie", "Alpha"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Bravo two", "Charlie", "Alpha"]
    assert column.model.index(2, 0).data(PointRole.NUMBER) == 3

    # Delete the current point.
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 1) == ["Bravo two", "Charlie"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Bravo two", "Charlie"]

    # Undo all the way back, by keyboard.
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Bravo two", "Charlie", "Alpha"]
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Alpha", "Bravo two", "Charlie"]
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Alpha", "Bravo", "Charlie"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Alpha", "Bravo", "Charlie"]

    # Redo with both keys.
    qtbot.keyClick(
        listing,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert texts(view, 1) == ["Alpha", "Bravo two", "Charlie"]
    for _ in range(3):
        qtbot.keyClick(listing, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Bravo two", "Charlie"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Bravo two", "Charlie"]
    assert not view.undo_stack.canRedo()


def test_ctrl_z_in_the_entry_box_undoes_typing_first_then_the_added_point(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking is limited")
    entry = view.column(2).entry
    qtbot.keyClicks(entry, "half a thought")
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 2) == ["Parking is limited"]  # only the typing went
    entry.clear()
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 2) == []
    assert stored_texts(seated_workshop, table_two, 2) == []
    qtbot.keyClick(entry, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 2) == ["Parking is limited"]
    assert stored_texts(seated_workshop, table_two, 2) == ["Parking is limited"]


def test_drag_drop_reorders_through_the_core_and_undo_moves_back(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("One", "Two", "Three", "Four"):
        type_point(view, 1, text)
    listing = view.column(1).list_view
    model = view.column(1).model
    first = model.point_at(0).id
    last_rect = listing.visualRect(model.index(3, 0))
    below_last = last_rect.bottomLeft()
    below_last.setY(below_last.y() - 2)
    listing.drop_point(first, listing.drop_target(below_last))
    assert texts(view, 1) == ["Two", "Three", "Four", "One"]
    listing.drop_point(first, listing.drop_target(listing.visualRect(model.index(1, 0)).topLeft()))
    assert texts(view, 1) == ["Two", "One", "Three", "Four"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Two", "One", "Three", "Four"]
    view.undo_stack.undo()
    view.undo_stack.undo()
    assert texts(view, 1) == ["One", "Two", "Three", "Four"]
    assert stored_texts(seated_workshop, table_two, 1) == ["One", "Two", "Three", "Four"]


def test_drafts_are_stored_and_come_back_after_reopening(
    seated_event_path: Path, open_capture: Opener, qtbot: QtBot
) -> None:
    workshop = open_workshop(seated_event_path)
    table_id = find_table(workshop, "Table Two").id
    view = open_capture(workshop, table_id)
    entry = view.column(2).entry
    entry.setFocus()
    with qtbot.waitSignal(view.points.operations.changed, timeout=2000):
        qtbot.keyClicks(entry, "A thought not yet fin")
    assert point_cases.load_drafts(workshop, table_id) == {
        view.column(2).question.id: "A thought not yet fin"
    }
    # Focus-out stores at once, without waiting for the pause.
    qtbot.keyClicks(entry, "ished")
    view.column(3).entry.setFocus()  # synchronous: no waiting for the typing pause
    assert list(point_cases.load_drafts(workshop, table_id).values()) == [
        "A thought not yet finished"
    ]
    view.close()
    workshop.close()

    reopened = open_workshop(seated_event_path)
    try:
        again = open_capture(reopened, table_id)
        assert again.column(2).entry.toPlainText() == "A thought not yet finished"
        # the keyboard is where the scribe left off: typing finishes the point
        assert QApplication.focusWidget() is again.column(2).entry
        qtbot.keyClicks(QApplication.focusWidget(), " now")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        assert texts(again, 2) == ["A thought not yet finished now"]
        assert point_cases.load_drafts(reopened, table_id) == {}  # added: the draft is gone
    finally:
        reopened.close()


def test_steady_typing_is_stored_while_it_goes_on_not_only_at_a_pause(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    """A scribe typing without a pause still has a draft on disk within a second."""
    view = open_capture(seated_workshop, table_two)
    entry = view.column(1).entry
    stored: list[str] = []
    view.points.operations.changed.connect(lambda *_: stored.append(entry.toPlainText()))
    typed = ""
    for letter in "Buses every twenty minutes from the villages":
        qtbot.keyClick(entry, letter)
        typed += letter
        qtbot.wait(100)  # about 80 words a minute: never the pause a debounce waits for
        if stored:
            break
    assert stored, "no draft was written while the scribe kept typing"
    assert len(typed) < 30  # written long before the typing stopped
    drafts = point_cases.load_drafts(seated_workshop, table_two)
    assert typed.startswith(drafts[view.column(1).question.id])


def test_a_draft_keeps_its_theme_and_strength_across_a_reopening(
    seated_event_path: Path, open_capture: Opener, qtbot: QtBot
) -> None:
    workshop = open_workshop(seated_event_path)
    table_id = find_table(workshop, "Table Two").id
    themes = list_themes(workshop)
    view = open_capture(workshop, table_id)
    entry = view.column(2).entry
    entry.setFocus()
    qtbot.keyClicks(entry, "Parking at the new si")
    with qtbot.waitSignal(view.points.operations.changed, timeout=2000):
        qtbot.keyClick(entry, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        qtbot.keyClick(entry, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            point_cases.load_draft_details(workshop, table_id)[view.column(2).question.id].strength
            is Strength.CONSENSUS
        )
    )
    view.close()
    workshop.close()

    reopened = open_workshop(seated_event_path)
    try:
        again = open_capture(reopened, table_id)
        column = again.column(2)
        assert column.entry.toPlainText() == "Parking at the new si"
        assert column.theme_combo.currentText() == themes[1].name
        assert column.pending_strength() is Strength.CONSENSUS
        qtbot.keyClicks(QApplication.focusWidget(), "te")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        point = column.model.point_at(0)
        assert (point.text, point.theme_id, point.strength) == (
            "Parking at the new site",
            themes[1].id,
            Strength.CONSENSUS,
        )
    finally:
        reopened.close()


def test_everything_is_there_after_closing_and_reopening(
    seated_event_path: Path, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    workshop = open_workshop(seated_event_path)
    table_id = find_table(workshop, "Table Two").id
    view = open_capture(workshop, table_id)
    type_point(view, 1, "Closer to home")
    qtbot.keyClick(view.column(1).entry, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    type_point(view, 2, "Parking")
    type_point(view, 2, "Travel")
    type_point(view, 3, "Shuttle")
    view.set_links(view.column(3).model.point_at(0).id, {view.column(2).model.point_at(1).id})
    listing = view.column(2).list_view
    listing.setCurrentIndex(view.column(2).model.index(1, 0))
    listing.move_current(-1)
    before = {n: texts(view, n) for n in (1, 2, 3)}
    view.close()
    workshop.close()

    reopened = open_workshop(seated_event_path)
    try:
        again = open_capture(reopened, table_id)
        assert (
            {n: texts(again, n) for n in (1, 2, 3)}
            == before
            == {
                1: ["Closer to home"],
                2: ["Travel", "Parking"],
                3: ["Shuttle"],
            }
        )
        assert (
            again.column(1).model.index(0, 0).data(PointRole.THEME_NAME)
            == list_themes(reopened)[0].name
        )
        assert again.column(2).model.index(0, 0).data(PointRole.LINK_SUMMARY) == "addressed by 1"
    finally:
        reopened.close()


def test_read_only_file_shows_why_and_takes_no_typing(
    seated_event_path: Path, open_capture: Opener, qtbot: QtBot
) -> None:
    workshop = open_workshop(seated_event_path)
    table_id = find_table(workshop, "Table Two").id
    point_cases.add_point(workshop, table_id, list_questions(workshop)[0].id, "Already there")
    workshop.close()
    read_only = open_workshop(seated_event_path, read_only=True)
    try:
        view = open_capture(read_only, table_id)
        assert view.banner.isVisible() and "read-only" in view.banner.text()
        assert not view.column(1).entry.isEnabled()
        assert texts(view, 1) == ["Already there"]
        listing = view.column(1).list_view
        listing.setFocus()
        listing.setCurrentIndex(view.column(1).model.index(0, 0))
        qtbot.keyClick(listing, Qt.Key.Key_Delete)
        qtbot.keyClick(listing, Qt.Key.Key_F2)
        assert texts(view, 1) == ["Already there"]
        assert not view.column(1).model.flags(view.column(1).model.index(0, 0)) & (
            Qt.ItemFlag.ItemIsEditable
        )
        # nothing invites typing: not the empty lists, not the boxes
        assert view.column(2).list_view.empty_text() == "No points."
        assert "type" not in view.column(2).entry.placeholderText().casefold()
        qtbot.keyClicks(listing, "abc")  # letters in a list of a read-only file go nowhere
        assert view.column(1).entry.toPlainText() == ""
    finally:
        read_only.close()


def test_controls_have_accessible_names(
    seated_workshop: Workshop, table_two: str, open_capture: Opener
) -> None:
    view = open_capture(seated_workshop, table_two)
    column = view.column(1)
    for widget in (
        column.entry,
        column.theme_combo,
        column.strength_combo,
        column.add_button,
        column.list_view,
        view.filter_edit,
    ):
        assert widget.accessibleName(), widget
    assert "Alt+1" in column.theme_combo.toolTip() and "Enter" in column.entry.toolTip()


def test_in_a_window_with_its_own_undo_actions_ctrl_z_still_works(
    seated_workshop: Workshop, table_two: str, type_point: Typer, qtbot: QtBot
) -> None:
    """The main window puts its own Ctrl+Z on a QUndoGroup; two actions on one key would make
    Qt trigger neither, so the view's own shortcuts step aside."""
    window = QMainWindow()
    qtbot.addWidget(window)
    group = QUndoGroup(window)
    undo = group.createUndoAction(window)
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    window.addAction(undo)
    view = CaptureView(seated_workshop, table_two, window)
    group.addStack(view.undo_stack)
    group.setActiveStack(view.undo_stack)
    window.setCentralWidget(view)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert view.undo_action.shortcuts() == []
    type_point(view, 1, "Shorter waits")
    type_point(view, 1, "Closer to home")
    qtbot.keyClick(view.column(1).entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Shorter waits"]
    assert stored_texts(seated_workshop, table_two, 1) == ["Shorter waits"]


def test_headings_entry_boxes_and_rows_follow_the_application_font(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    """The main window zooms by scaling the application font: nothing here may stay small."""
    view = open_capture(seated_workshop, table_two)
    type_point(view, 1, "Shorter waits")
    column = view.column(1)
    before = (
        view.title_label.font().pointSizeF(),
        column.heading.font().pointSizeF(),
        column.entry.height(),
        column.list_view.visualRect(column.model.index(0, 0)).height(),
    )
    original = QApplication.font()
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    try:
        QApplication.setFont(bigger)
        qtbot.waitUntil(lambda: column.entry.height() > before[2])
        column.list_view.doItemsLayout()
        after = (
            view.title_label.font().pointSizeF(),
            column.heading.font().pointSizeF(),
            column.entry.height(),
            column.list_view.visualRect(column.model.index(0, 0)).height(),
        )
    finally:
        QApplication.setFont(original)
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    assert view.title_label.font().bold()


def test_undo_says_what_it_undid_and_shows_the_point(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    for text in ("Alpha", "Bravo", "Charlie"):
        type_point(view, 2, text)
    column = view.column(2)
    bravo = column.model.point_at(1).id
    view.delete_points([bravo])
    column.list_view.setCurrentIndex(column.model.index(0, 0))
    qtbot.keyClick(view.column(1).entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.message.text() == "Undone: Delete point"
    assert column.list_view.current_id() == bravo
    qtbot.keyClick(view.column(1).entry, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert view.message.text() == "Redone: Delete point"
    assert texts(view, 2) == ["Alpha", "Charlie"]


def test_several_selected_points_are_themed_and_deleted_together_and_undone_as_one(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    workforce = next(t for t in list_themes(seated_workshop) if t.name == "Workforce")
    view = open_capture(seated_workshop, table_two)
    for text in ("One", "Two", "Three", "Four"):
        type_point(view, 1, text)
    column = view.column(1)
    listing = column.list_view
    listing.setFocus()
    listing.setCurrentIndex(column.model.index(1, 0))
    qtbot.keyClick(listing, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [
        column.model.point_at(r).text for r in range(4) if listing.selectionModel().isRowSelected(r)
    ] == ["Two", "Three"]
    qtbot.keyClick(listing, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # Workforce is 4th
    assert [p.theme_id for p in column.model.all_points()] == [
        None,
        workforce.id,
        workforce.id,
        None,
    ]
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 1) == ["One", "Four"]
    view.undo_stack.undo()
    assert texts(view, 1) == ["One", "Two", "Three", "Four"]
    view.undo_stack.undo()
    assert [p.theme_id for p in column.model.all_points()] == [None, None, None, None]
    stored = point_cases.list_points(seated_workshop, table_id=table_two)
    assert [(p.text, p.theme_id) for p in stored] == [
        (t, None) for t in ("One", "Two", "Three", "Four")
    ]


def test_a_refused_point_stays_in_the_box_with_a_plain_message(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    entry = view.column(1).entry
    too_long = "x" * 20_001
    entry.setPlainText(too_long)
    with qtbot.assertNotEmitted(view.undo_stack.indexChanged):
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert "at most 20,000 characters" in view.message.text()
    assert view.message.isVisible()
    assert entry.toPlainText() == too_long  # nothing typed is lost
    assert texts(view, 1) == []


def test_point_menu_lists_every_action_with_its_key(
    seated_workshop: Workshop, table_two: str, open_capture: Opener
) -> None:
    view = open_capture(seated_workshop, table_two)
    menu = view.point_menu(view.column(3))
    keys = {a.text(): a.shortcut().toString() for a in menu.actions() if not a.menu()}
    assert keys["Edit"] == "F2" and keys["Delete"] == "Del" and keys["Move up"] == "Alt+Up"
    assert keys["Link…"] == "Ctrl+L"
    submenus = {a.text(): a.menu() for a in menu.actions() if a.menu()}
    themes = {a.text(): a.shortcut().toString() for a in submenus["Theme"].actions()}
    first_theme = list_themes(seated_workshop)[0].name
    assert themes[first_theme] == "Alt+1"
    strengths = [a.text() for a in submenus["How strongly held"].actions()]
    assert strengths[:3] == ["Consensus", "Several people", "One person"]
    assert "Link…" not in {a.text() for a in view.point_menu(view.column(1)).actions()}


def test_undo_by_ctrl_z_leaves_only_the_restored_point_selected(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    """Ctrl held for Ctrl+Z had made the selection add to itself, so a Delete that followed
    would have taken two points."""
    view = open_capture(seated_workshop, table_two)
    for text in ("Alpha", "Bravo", "Charlie"):
        type_point(view, 1, text)
    column = view.column(1)
    listing = column.list_view
    listing.setFocus()
    listing.setCurrentIndex(column.model.index(1, 0))
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 1) == ["Alpha", "Charlie"]
    qtbot.keyClick(listing, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert texts(view, 1) == ["Alpha", "Bravo", "Charlie"]
    assert listing.selected_ids() == [column.model.point_at(1).id]
    qtbot.keyClick(listing, Qt.Key.Key_Delete)
    assert texts(view, 1) == ["Alpha", "Charlie"]


def test_tabbing_into_a_list_shows_the_point_in_hand_selected(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    point_cases.add_point(seated_workshop, table_two, list_questions(seated_workshop)[0].id, "One")
    point_cases.add_point(seated_workshop, table_two, list_questions(seated_workshop)[0].id, "Two")
    view = open_capture(seated_workshop, table_two)
    column = view.column(1)
    assert column.entry.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # one Tab: box to its list
    assert column.list_view.hasFocus()
    current = column.list_view.currentIndex()
    assert current.isValid()
    assert column.list_view.selectionModel().isSelected(current)
    qtbot.keyClick(column.list_view, Qt.Key.Key_Delete)
    assert len(texts(view, 1)) == 1


def test_the_strength_box_reads_in_full_beside_the_timer_on_a_laptop(
    seated_workshop: Workshop, table_two: str, open_capture: Opener
) -> None:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from facilitator_app.ui.widgets.timer_dock import TIMER_DOCK_WIDTH

    view = open_capture(seated_workshop, table_two, size=(1366 - TIMER_DOCK_WIDTH - 16, 700))
    for number in (1, 2, 3):
        combo = view.column(number).strength_combo
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        assert combo.currentText() == "No strength"
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()


def test_a_message_does_not_push_the_columns_down(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, type_point: Typer, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    type_point(view, 2, "Parking is limited")
    entry = view.column(2).entry
    top = entry.mapTo(view, entry.rect().topLeft()).y()
    qtbot.keyClick(entry, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # the point just added
    assert view.message.isVisible() and view.message.text() == "Held by: Consensus"
    qtbot.wait(20)  # the layout settles
    assert entry.mapTo(view, entry.rect().topLeft()).y() == top


def test_alt_and_a_number_past_the_last_theme_types_nothing_and_says_why(
    seated_workshop: Workshop, table_two: str, open_capture: Opener, qtbot: QtBot
) -> None:
    view = open_capture(seated_workshop, table_two)
    assert len(list_themes(seated_workshop)) == 6
    entry = view.column(1).entry
    qtbot.keyClicks(entry, "Later clinics")
    qtbot.keyClick(entry, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    assert entry.toPlainText() == "Later clinics"
    assert view.message.text() == "There is no theme 8: this event has 6 themes (Alt+1 to Alt+6)."
    assert view.column(1).pending_theme_id() is None
