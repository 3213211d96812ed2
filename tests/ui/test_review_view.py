"""The facilitator's review: filters, bulk re-theme, duplicates, manual consolidation, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.core import consolidate, duplicates, event, merge, points, store
from facilitator_app.core.records import PointInfo
from facilitator_app.core.store import Workshop
from facilitator_app.ui.review.dialogs import ConsolidateDialog, ConsolidationChoice
from facilitator_app.ui.review.models import ROW_ROLE, ReviewTableModel
from facilitator_app.ui.review.view import ReviewView

TABLE_POINTS = {
    0: [(0, "Ability to deliver care closer to home", "Access"),
        (1, "Limited parking on site", "Infrastructure")],
    1: [(0, "Care delivered closer to people's homes", "Access"),
        (1, "Staff recruitment will be difficult", "Workforce")],
    2: [(0, "ability to deliver care closer to home.", "Workforce"),
        (2, "Run a community transport scheme", None)],
}  # fmt: skip


@dataclass
class Merged:
    path: Path
    workshop: Workshop
    table_files: list[Path]

    def point(self, text: str) -> PointInfo:
        return next(p for p in points.list_points(self.workshop) if p.text == text)


@pytest.fixture
def merged(tmp_path: Path) -> Iterator[Merged]:
    """An event file with three tables' files merged in, open read-write."""
    path = tmp_path / "Event.workshop"
    with event.create_event_file(path, event.EventSpec.with_numbered_tables("Care", 3)) as w:
        tables, questions = event.list_tables(w), event.list_questions(w)
        themes = {t.name: t.id for t in event.list_themes(w)}
    files = []
    for table, items in TABLE_POINTS.items():
        file = tmp_path / f"table-{table}.workshop"
        with store.open_workshop(path, read_only=True) as w:
            store.copy_workshop(w, file)
        with store.open_workshop(file) as w:
            for question, text, theme in items:
                points.add_point(
                    w, tables[table].id, questions[question].id, text,
                    theme_id=themes[theme] if theme else None,
                )  # fmt: skip
        files.append(file)
    assert not merge.merge_files(path, files).any_refused
    workshop = store.open_workshop(path)
    yield Merged(path, workshop, files)
    workshop.close()


@pytest.fixture
def view(qtbot: QtBot, merged: Merged) -> ReviewView:
    view = ReviewView()
    qtbot.addWidget(view)
    view.set_workshop(merged.workshop)
    view.resize(1366, 740)
    view.show()
    qtbot.waitExposed(view)
    # keyboard shortcuts reach only the active window, as on a real desktop (Xvfb included)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def shown_texts(view: ReviewView) -> list[str]:
    return [
        view.proxy.index(row, 0).data(ROW_ROLE).point.text for row in range(view.proxy.rowCount())
    ]


def choose(combo: object, text: str) -> None:
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_models_behave(qtmodeltester: object, view: ReviewView) -> None:
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.proxy)  # type: ignore[attr-defined]


def test_every_merged_point_is_listed_with_its_table_and_source(view: ReviewView) -> None:
    assert view.proxy.rowCount() == 6
    assert view.count_label.text() == "6 points"
    row = next(
        view.proxy.index(r, 0)
        for r in range(6)
        if view.proxy.index(r, 0).data() == "Limited parking on site"
    ).row()
    cells = [view.proxy.index(row, column).data() for column in range(6)]
    assert cells == ["Limited parking on site", "Q2", "Infrastructure", "Table One", "",
                     "table-0.workshop"]  # fmt: skip
    source = view.proxy.index(row, 5)  # long names are cut short: the tooltip has it whole
    assert source.data(Qt.ItemDataRole.ToolTipRole) == "table-0.workshop"
    view.table.selectRow(row)  # the whole wording and where it came from, under the table
    assert view.details.isVisible()
    assert view.details.text() == (
        "Limited parking on site\nTable One · Q2 · Infrastructure · table-0.workshop"
    )


def test_filters_by_question_theme_table_and_search(qtbot: QtBot, view: ReviewView) -> None:
    choose(view.question_filter, view.question_filter.itemText(2))  # Q2
    assert sorted(shown_texts(view)) == [
        "Limited parking on site",
        "Staff recruitment will be difficult",
    ]
    assert view.count_label.text() == "2 of 6 points shown"
    choose(view.question_filter, "All questions")
    choose(view.theme_filter, "Access")
    assert len(shown_texts(view)) == 2
    choose(view.theme_filter, "No theme")
    assert shown_texts(view) == ["Run a community transport scheme"]
    choose(view.theme_filter, "All themes")
    choose(view.table_filter, "Table Two")
    assert len(shown_texts(view)) == 2
    choose(view.table_filter, "All tables")
    view.search.setFocus()
    qtbot.keyClicks(view.search, "closer HOME")
    assert len(shown_texts(view)) == 3
    view.search.clear()
    assert len(shown_texts(view)) == 6


def test_bulk_re_theme_of_selected_rows(qtbot: QtBot, view: ReviewView, merged: Merged) -> None:
    first = merged.point("Limited parking on site")
    second = merged.point("Run a community transport scheme")
    view.select_points([first.id, second.id])
    choose(view.theme_choice, "Sustainability")
    qtbot.mouseClick(view.apply_theme_button, Qt.MouseButton.LeftButton)

    sustainability = event.find_theme(merged.workshop, "Sustainability").id
    assert points.get_point(merged.workshop, first.id).theme_id == sustainability
    assert points.get_point(merged.workshop, second.id).theme_id == sustainability
    choose(view.theme_filter, "Sustainability")
    assert sorted(shown_texts(view)) == [first.text, second.text]
    assert "2 points set to Sustainability" in view.message.text()


def test_accepting_a_suggestion_consolidates_with_the_edited_wording(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    assert view.side.tabText(0) == "Duplicates (1)"
    suggestion = view.duplicates.current()
    assert suggestion is not None and len(suggestion.points) == 3
    assert view.duplicates.wording.toPlainText() == "Ability to deliver care closer to home"
    described = view.duplicates.list.item(0).text()
    assert described.startswith("Q1 · ")
    assert "alike · Table One, Table Two, Table Three\nAbility to deliver" in described
    # tables are named in the event's order, whichever point's wording is suggested
    view.duplicates.set_table_order(["Table Three", "Table Two", "Table One"])
    view.duplicates.set_suggestions([suggestion], event.list_questions(merged.workshop))
    assert "alike · Table Three, Table Two, Table One\n" in view.duplicates.list.item(0).text()
    view.duplicates.wording.setPlainText("Care closer to home")
    qtbot.mouseClick(view.duplicates.accept_button, Qt.MouseButton.LeftButton)

    [info] = consolidate.list_consolidations(merged.workshop)
    assert info.point.text == "Care closer to home"
    assert info.table_names == ("Table One", "Table Two", "Table Three")
    assert info.point.theme_id == event.find_theme(merged.workshop, "Access").id
    assert view.proxy.rowCount() == 4  # three points shown as one
    row = next(r for r in range(4) if view.proxy.index(r, 0).data() == "Care closer to home")
    assert view.proxy.index(row, ReviewTableModel.TABLES).data() == "raised at 3 tables"
    assert view.side.tabText(0) == "Duplicates (0)"
    assert view.selected_rows()[0].point.id == info.point.id
    assert "raised at 3 tables" in view.details.text().lower()


def test_rejecting_a_suggestion_is_remembered(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    qtbot.mouseClick(view.duplicates.reject_button, Qt.MouseButton.LeftButton)
    assert view.duplicates.count() == 0
    assert duplicates.suggest_duplicates(merged.workshop) == []
    assert view.proxy.rowCount() == 6


def test_consolidate_selected_by_hand_and_undo(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    first = merged.point("Limited parking on site")
    second = merged.point("Staff recruitment will be difficult")
    asked: list[list[str]] = []

    def answer(parent: object, rows: list, themes: list) -> ConsolidationChoice:
        asked.append([row.point.text for row in rows])
        return ConsolidationChoice("Site and staffing constraints", None)

    view.ask_consolidation = answer
    view.select_points([first.id, second.id])
    qtbot.mouseClick(view.consolidate_button, Qt.MouseButton.LeftButton)

    assert sorted(asked[0]) == [first.text, second.text]
    assert "Site and staffing constraints" in shown_texts(view)
    assert first.text not in shown_texts(view)
    assert view.undo_button.isEnabled()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert "Site and staffing constraints" not in shown_texts(view)
    assert {first.text, second.text} <= set(shown_texts(view))
    assert consolidate.raised_at(merged.workshop) == {}


def test_points_of_different_questions_are_refused_before_the_wording_is_asked(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    asked: list[object] = []
    view.ask_consolidation = lambda *args: asked.append(args)  # type: ignore[assignment,return-value]
    view.select_points(
        [
            merged.point("Limited parking on site").id,
            merged.point("Run a community transport scheme").id,
        ]
    )
    qtbot.mouseClick(view.consolidate_button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert "Only points under the same question" in view.message.text()


def test_consolidate_dialog_offers_the_fullest_wording(qtbot: QtBot, view: ReviewView) -> None:
    rows = [view.proxy.index(r, 0).data(ROW_ROLE) for r in range(3)]
    dialog = ConsolidateDialog(rows, [], view)
    qtbot.addWidget(dialog)
    longest = max((row.point.text for row in rows), key=len)
    assert dialog.wording.toPlainText() == longest
    dialog.wording.setPlainText("  ")
    assert not dialog.buttons.buttons()[0].isEnabled() or not dialog.wording.toPlainText().strip()


def test_conflicts_shown_side_by_side_and_settled(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = merged.point("Limited parking on site")
    points.edit_point_text(merged.workshop, target.id, "Limited parking at the hospital")
    with store.open_workshop(merged.table_files[0]) as table_file:
        points.edit_point_text(table_file, target.id, "Very limited parking on site")
    [result] = merge.merge_files(merged.path, [merged.table_files[0]]).results
    assert result.conflicts == 1
    view.set_workshop(merged.workshop)

    assert view.side.tabText(1) == "Conflicts (1)"
    view.show_conflicts()
    assert view.conflicts.summary.text().startswith("1 point was changed both here")
    assert shown_texts(view) == ["Limited parking at the hospital"]
    assert view.conflicts.ours.toPlainText() == "Limited parking at the hospital"
    assert view.conflicts.theirs.toPlainText() == "Very limited parking on site"
    assert view.conflicts.theirs_label.text() == "In table-0.workshop:"
    assert view.conflicts.keep_theirs_button.text() == "&Take this wording"
    qtbot.mouseClick(view.conflicts.keep_theirs_button, Qt.MouseButton.LeftButton)

    assert points.get_point(merged.workshop, target.id).text == "Very limited parking on site"
    assert merge.list_conflicts(merged.workshop) == []
    assert view.side.tabText(1) == "Conflicts (0)"
    # none left: "Conflicts only" is unticked rather than showing "0 of 15 points"
    assert not view.conflicts_only.isChecked()
    assert len(shown_texts(view)) == view.model.rowCount() > 0
    assert view.count_label.text() == f"{view.model.rowCount()} points"
    assert view.message.text() == (
        "Conflict settled: the table file's wording taken. No conflicts left: every point is shown."
    )
    # and no empty editors fill the panel
    # isVisibleTo: the conflicts tab need not be the one shown for this to mean something
    assert not view.conflicts.ours.isVisibleTo(view.conflicts)
    assert not view.conflicts.edited.isVisibleTo(view.conflicts)
    assert view.conflicts.summary.text() == "No conflicts to settle."


def test_conflict_settled_with_an_edited_wording(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = merged.point("Limited parking on site")
    points.edit_point_text(merged.workshop, target.id, "Limited parking at the hospital")
    with store.open_workshop(merged.table_files[0]) as table_file:
        points.edit_point_text(table_file, target.id, "Very limited parking on site")
    merge.merge_files(merged.path, [merged.table_files[0]])
    view.refresh()
    view.conflicts.edited.setPlainText("Very limited parking at the hospital")
    qtbot.mouseClick(view.conflicts.resolve_button, Qt.MouseButton.LeftButton)
    assert (
        points.get_point(merged.workshop, target.id).text == "Very limited parking at the hospital"
    )


def test_without_a_file_nothing_can_be_changed(qtbot: QtBot) -> None:
    view = ReviewView()
    qtbot.addWidget(view)
    view.set_workshop(None)
    assert view.proxy.rowCount() == 0
    assert not view.apply_theme_button.isEnabled()
    assert not view.consolidate_button.isEnabled()
    assert view.count_label.text() == "No event file is open."


def test_stricter_matching_shows_fewer_suggestions(view: ReviewView) -> None:
    assert view.duplicates.count() == 1
    assert len(view.duplicates.current().points) == 3  # type: ignore[union-attr]
    view.duplicates.threshold.setValue(100)  # the same words only
    assert view.duplicates.count() == 1
    assert {p.point.text for p in view.duplicates.current().points} == {  # type: ignore[union-attr]
        "Ability to deliver care closer to home",
        "ability to deliver care closer to home.",
    }
    view.duplicates.threshold.setValue(72)
    assert len(view.duplicates.current().points) == 3  # type: ignore[union-attr]


def test_keyboard_search_and_choosing_a_wording(qtbot: QtBot, view: ReviewView) -> None:
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    points_list = view.duplicates.points
    points_list.setFocus()
    points_list.setCurrentRow(1)
    qtbot.keyClick(points_list, Qt.Key.Key_Return)
    assert view.duplicates.wording.toPlainText() == points_list.currentItem().data(
        Qt.ItemDataRole.UserRole
    )
    assert view.duplicates.wording.hasFocus()
    # every control of the review is reached with Alt and its label's underlined letter
    qtbot.keyClick(view, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert view.duplicates.theme.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert view.theme_choice.hasFocus()


def test_a_large_event_looks_for_duplicates_in_the_background(
    qtbot: QtBot, view: ReviewView, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator_app.ui.review import worker as review_worker

    monkeypatch.setattr(review_worker, "BACKGROUND_ABOVE", 0)
    view.refresh()
    assert view.duplicates.searching
    assert view.side.tabText(0) == "Duplicates (…)"
    # in the search process, started for it (a slow machine takes a few seconds)
    qtbot.waitUntil(lambda: not view.duplicates.searching, timeout=60_000)
    assert view.duplicates.count() == 1
    assert view.side.tabText(0) == "Duplicates (1)"
    assert view.duplicates.accept_button.isEnabled()


def test_filters_are_kept_when_the_file_is_reloaded(view: ReviewView, merged: Merged) -> None:
    choose(view.table_filter, "Table Two")
    choose(view.theme_filter, "Access")
    view.set_workshop(merged.workshop)  # as the main window does after a merge
    assert view.table_filter.currentText() == "Table Two"
    assert view.theme_filter.currentText() == "Access"
    assert shown_texts(view) == ["Care delivered closer to people's homes"]


def test_tab_follows_the_screen_from_the_points_to_the_side_panel(view: ReviewView) -> None:
    def chain() -> list[QWidget]:
        widgets: list[QWidget] = []
        widget = view.nextInFocusChain()
        while widget is not None and widget is not view and len(widgets) < 1000:
            widgets.append(widget)
            widget = widget.nextInFocusChain()
        return widgets

    order = chain()
    position = order.index
    assert position(view.table) < position(view.undo_button) < position(view.side.tabBar())
    assert position(view.side.tabBar()) < position(view.duplicates.threshold)
    assert position(view.duplicates.reject_button) < position(view.duplicates.accept_button)


def press(qtbot: QtBot, view: ReviewView, key: str) -> None:
    """A key sequence typed into the table of points, as the facilitator would."""
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    qtbot.keySequence(view.table, QKeySequence(key))


def theme_names(merged: Merged, point_ids: list[str]) -> list[str | None]:
    names = {t.id: t.name for t in event.list_themes(merged.workshop)}
    themes = [points.get_point(merged.workshop, point_id).theme_id for point_id in point_ids]
    return [names[theme] if theme else None for theme in themes]


def test_bulk_re_theme_is_undone_with_ctrl_z_point_by_point_and_redone(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    ids = [merged.point(text).id for text in (
        "Limited parking on site",            # Infrastructure
        "Staff recruitment will be difficult",  # Workforce
        "Run a community transport scheme",   # no theme
        "Care delivered closer to people's homes",  # Access already
    )]  # fmt: skip
    before = theme_names(merged, ids)
    assert before == ["Infrastructure", "Workforce", None, "Access"]
    view.select_points(ids)
    choose(view.theme_choice, "Access")
    qtbot.mouseClick(view.apply_theme_button, Qt.MouseButton.LeftButton)
    assert theme_names(merged, ids) == ["Access"] * 4
    assert view.undo_stack.undoText() == "Re-theme 4 points as Access"

    press(qtbot, view, "Ctrl+Z")
    assert theme_names(merged, ids) == before  # each point's own theme, not one for all
    assert view.message.text() == "Undone: Re-theme 4 points as Access"
    assert {row.point.id for row in view.selected_rows()} == set(ids)
    choose(view.theme_filter, "Workforce")
    assert "Staff recruitment will be difficult" in shown_texts(view)

    press(qtbot, view, "Ctrl+Shift+Z")
    assert theme_names(merged, ids) == ["Access"] * 4
    assert view.message.text() == "Redone: Re-theme 4 points as Access"


def test_no_theme_and_a_change_that_changed_nothing(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    point = merged.point("Limited parking on site")
    view.select_points([point.id])
    choose(view.theme_choice, "Infrastructure")  # its theme already: nothing to undo
    qtbot.mouseClick(view.apply_theme_button, Qt.MouseButton.LeftButton)
    assert view.undo_stack.count() == 0
    choose(view.theme_choice, "No theme")
    qtbot.mouseClick(view.apply_theme_button, Qt.MouseButton.LeftButton)
    assert view.undo_stack.undoText() == "Remove the theme of 1 point"
    view.undo_stack.undo()
    assert theme_names(merged, [point.id]) == ["Infrastructure"]


def test_consolidation_by_hand_is_undone_and_redone_as_the_same_point(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    first = merged.point("Limited parking on site")
    second = merged.point("Staff recruitment will be difficult")
    view.ask_consolidation = lambda *args: ConsolidationChoice("Site and staffing", None)
    view.select_points([first.id, second.id])
    qtbot.mouseClick(view.consolidate_button, Qt.MouseButton.LeftButton)
    [info] = consolidate.list_consolidations(merged.workshop)
    assert view.undo_stack.undoText() == "Consolidate 2 points"

    press(qtbot, view, "Ctrl+Z")
    assert consolidate.list_consolidations(merged.workshop) == []
    assert {first.text, second.text} <= set(shown_texts(view))
    assert "Site and staffing" not in shown_texts(view)
    assert {row.point.id for row in view.selected_rows()} == {first.id, second.id}

    press(qtbot, view, "Ctrl+Shift+Z")
    [again] = consolidate.list_consolidations(merged.workshop)
    assert again.point.id == info.point.id
    assert first.text not in shown_texts(view)
    assert [row.point.text for row in view.selected_rows()] == ["Site and staffing"]

    # the Undo consolidation button is a step of its own
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    assert consolidate.list_consolidations(merged.workshop) == []
    assert view.undo_stack.undoText() == "Take apart 1 consolidated point"
    view.undo_stack.undo()
    assert [i.point.id for i in consolidate.list_consolidations(merged.workshop)] == [info.point.id]


def test_a_point_folded_into_an_existing_consolidation_is_taken_back_out_on_undo(
    view: ReviewView, merged: Merged
) -> None:
    one = merged.point("Ability to deliver care closer to home")
    two = merged.point("Care delivered closer to people's homes")
    three = merged.point("ability to deliver care closer to home.")
    existing = consolidate.consolidate(merged.workshop, [one.id, two.id], "Care near home")
    view.refresh()
    view._accept_suggestion([existing.id, three.id], "Care close to home", None)
    [info] = consolidate.list_consolidations(merged.workshop)
    assert len(info.members) == 3 and info.point.theme_id is None

    view.undo_stack.undo()
    [info] = consolidate.list_consolidations(merged.workshop)
    assert info.point.id == existing.id
    assert {m.id for m in info.members} == {one.id, two.id}  # only the new point left
    assert (info.point.text, info.point.theme_id) == ("Care near home", existing.theme_id)
    assert three.text in shown_texts(view)
    view.undo_stack.redo()
    [info] = consolidate.list_consolidations(merged.workshop)
    assert len(info.members) == 3 and info.point.text == "Care close to home"


def test_not_duplicates_is_undone(qtbot: QtBot, view: ReviewView, merged: Merged) -> None:
    qtbot.mouseClick(view.duplicates.reject_button, Qt.MouseButton.LeftButton)
    assert duplicates.suggest_duplicates(merged.workshop) == []
    assert view.undo_stack.undoText() == "Mark 3 points as not duplicates"
    view.undo_stack.undo()
    assert len(duplicates.suggest_duplicates(merged.workshop)) == 1
    assert view.duplicates.count() == 1
    view.undo_stack.redo()
    assert duplicates.suggest_duplicates(merged.workshop) == []


def _conflict_on_parking(view: ReviewView, merged: Merged) -> PointInfo:
    """The parking point edited here and at table 0, then table 0 merged again: a conflict."""
    target = merged.point("Limited parking on site")
    points.edit_point_text(merged.workshop, target.id, "Limited parking at the hospital")
    with store.open_workshop(merged.table_files[0]) as table_file:
        points.edit_point_text(table_file, target.id, "Very limited parking on site")
    assert merge.merge_files(merged.path, [merged.table_files[0]]).results[0].conflicts == 1
    view.set_workshop(merged.workshop)
    view.show_conflicts()
    return target


def test_settling_a_conflict_is_undone_with_ctrl_z_and_redone(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = _conflict_on_parking(view, merged)
    (conflict,) = merge.list_conflicts(merged.workshop)
    qtbot.mouseClick(view.conflicts.keep_theirs_button, Qt.MouseButton.LeftButton)
    assert merge.list_conflicts(merged.workshop) == []
    assert view.conflicts.count() == 0
    assert "cannot be undone" not in view.message.text()
    assert view.undo_stack.undoText() == "Settle conflict: take the table's wording"

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert merge.list_conflicts(merged.workshop) == [conflict]
    assert points.get_point(merged.workshop, target.id).text == "Limited parking at the hospital"
    assert view.side.tabText(1) == "Conflicts (1)"
    assert view.conflicts.current() == conflict
    assert view.conflicts.ours.toPlainText() == "Limited parking at the hospital"
    assert shown_texts(view) == ["Limited parking at the hospital"]
    assert view.message.text() == "Undone: Settle conflict: take the table's wording"

    view.undo_stack.redo()

    assert merge.list_conflicts(merged.workshop) == []
    assert points.get_point(merged.workshop, target.id).text == "Very limited parking on site"
    assert view.side.tabText(1) == "Conflicts (0)"
    view.undo_stack.undo()  # and once more: the same conflict is back again
    assert merge.list_conflicts(merged.workshop) == [conflict]


def test_an_edited_wording_is_undone_to_the_conflict(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = _conflict_on_parking(view, merged)
    view.conflicts.edited.setPlainText("Parking is short at the hospital")
    qtbot.mouseClick(view.conflicts.resolve_button, Qt.MouseButton.LeftButton)
    assert points.get_point(merged.workshop, target.id).text == "Parking is short at the hospital"
    assert view.undo_stack.undoText() == "Settle conflict: save the edited wording"

    view.undo_stack.undo()

    assert points.get_point(merged.workshop, target.id).text == "Limited parking at the hospital"
    assert view.conflicts.count() == 1
    view.undo_stack.redo()
    assert points.get_point(merged.workshop, target.id).text == "Parking is short at the hospital"


def test_a_settling_is_not_undone_over_a_later_change(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = _conflict_on_parking(view, merged)
    qtbot.mouseClick(view.conflicts.keep_ours_button, Qt.MouseButton.LeftButton)
    points.edit_point_text(merged.workshop, target.id, "Changed after settling")

    view.undo_stack.undo()

    assert "changed after its conflict was settled" in view.message.text()
    assert points.get_point(merged.workshop, target.id).text == "Changed after settling"
    assert merge.list_conflicts(merged.workshop) == []
    assert view.undo_stack.count() == 0  # the step that no longer fits is dropped


def test_another_file_starts_with_nothing_to_undo(view: ReviewView, merged: Merged) -> None:
    view.select_points([merged.point("Limited parking on site").id])
    choose(view.theme_choice, "Access")
    view.retheme_selected()
    assert view.undo_stack.canUndo()
    view.set_workshop(merged.workshop)  # the same file again (after a merge): kept
    assert view.undo_stack.canUndo()
    view.set_workshop(None)
    assert not view.undo_stack.canUndo()


def test_a_conflict_of_a_consolidated_point_s_member_is_reached_through_it(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    member = merged.point("Limited parking on site")
    other = merged.point("Staff recruitment will be difficult")
    joined = consolidate.consolidate(merged.workshop, [member.id, other.id], "Site and staff")
    points.edit_point_text(merged.workshop, member.id, "Limited parking at the hospital")
    with store.open_workshop(merged.table_files[0]) as table_file:
        points.edit_point_text(table_file, member.id, "Very limited parking on site")
    merge.merge_files(merged.path, [merged.table_files[0]])
    view.set_workshop(merged.workshop)

    view.show_conflicts()
    assert shown_texts(view) == ["Site and staff"]  # the member only through it
    assert view.proxy.index(0, 0).data() == "[conflict] Site and staff"
    view.side.setCurrentWidget(view.duplicates)
    view.conflicts.list.setCurrentRow(-1)
    view.table.activated.emit(view.proxy.index(0, 0))
    assert view.side.currentWidget() is view.conflicts
    assert view.conflicts.list.currentRow() == 0
    assert view.proxy.index(0, 0).data(ROW_ROLE).point.id == joined.id


def test_theme_for_selected_asks_for_a_theme_instead_of_choosing_the_first(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    view.select_points([merged.point("Limited parking on site").id])
    assert view.theme_choice.currentText() == "Choose a theme…"
    assert not view.apply_theme_button.isEnabled()  # nothing applied unasked
    choose(view.theme_choice, "Access")
    assert view.apply_theme_button.isEnabled()


def test_down_from_the_search_box_reaches_the_points_found(qtbot: QtBot, view: ReviewView) -> None:
    view.search.setFocus()
    qtbot.keyClicks(view.search, "parking")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.table.hasFocus()
    assert [row.point.text for row in view.selected_rows()] == [shown_texts(view)[0]]


def test_a_message_goes_once_the_facilitator_looks_at_other_points(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    view.select_points([merged.point("Limited parking on site").id])
    choose(view.theme_choice, "Access")
    qtbot.mouseClick(view.apply_theme_button, Qt.MouseButton.LeftButton)
    assert view.message.text() == "1 point set to Access."
    assert view.message_timer.isActive()  # it will not stand there for good
    view.search.setFocus()
    qtbot.keyClicks(view.search, "care")
    assert view.message.text() == ""


def test_source_files_are_named_in_full_and_no_conflict_shows_no_editors(
    view: ReviewView, merged: Merged, tmp_path: Path
) -> None:
    long_name = tmp_path / "Table Three - the laptop by the window (second copy).workshop"
    with store.open_workshop(merged.path, read_only=True) as workshop:
        store.copy_workshop(workshop, long_name)
    with store.open_workshop(long_name) as workshop:
        table = event.list_tables(workshop)[2]
        question = event.list_questions(workshop)[0]
        points.add_point(workshop, table.id, question.id, "A point from the second laptop")
    assert not merge.merge_files(merged.path, [long_name]).any_refused
    view.refresh()
    source = ReviewTableModel.SOURCE
    needed = view.table.sizeHintForColumn(source)
    assert view.table.columnWidth(source) >= needed  # "table-0.workshop", not cut short
    assert view.conflicts.count() == 0
    # isVisibleTo: the conflicts tab need not be the one shown for this to mean something
    assert not view.conflicts.ours.isVisibleTo(view.conflicts)
    assert not view.conflicts.edited.isVisibleTo(view.conflicts)


def test_enter_on_a_focused_button_presses_it(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    target = merged.point("Limited parking on site")
    view.select_points([target.id])
    choose(view.theme_choice, "Access")
    view.apply_theme_button.setFocus()
    with qtbot.waitSignal(view.apply_theme_button.clicked, timeout=2000):
        qtbot.keyClick(view.apply_theme_button, Qt.Key.Key_Return)
    assert view.message.text() == "1 point set to Access."


def test_the_duplicates_panel_shows_no_empty_editors_when_nothing_is_suggested(
    qtbot: QtBot, view: ReviewView, merged: Merged
) -> None:
    panel = view.duplicates
    editors = (panel.list, panel.points, panel.wording, panel.theme, panel.accept_button)
    assert panel.count() == 1
    assert all(editor.isVisibleTo(panel) for editor in editors)
    panel.reject_button.setFocus()
    qtbot.keyClick(panel.reject_button, Qt.Key.Key_Return)  # "Not duplicates"
    qtbot.waitUntil(lambda: panel.count() == 0)
    assert panel.summary.text() == "No likely duplicates across tables."
    assert not any(editor.isVisibleTo(panel) for editor in editors)
    view.undo_stack.undo()  # the suggestion is back, and so are its editors
    qtbot.waitUntil(lambda: panel.count() == 1)
    assert all(editor.isVisibleTo(panel) for editor in editors)


def test_the_theme_for_selected_box_shows_choose_a_theme_whole_on_a_narrow_window(
    qtbot: QtBot, view: ReviewView
) -> None:
    view.resize(990, 740)
    combo = view.theme_choice
    assert combo.currentText() == "Choose a theme…"
    whole = QComboBox()  # what the text needs, measured on a box that shows its item whole
    whole.setFont(combo.font())
    whole.addItem(combo.currentText())
    whole.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    needed = whole.sizeHint().width()
    qtbot.waitUntil(lambda: combo.width() >= needed)
    assert view.width() < 1000  # the window narrower than 1000 px all the same
    for button in (view.apply_theme_button, view.consolidate_button, view.undo_button):
        assert button.width() >= button.sizeHint().width()  # every action whole too
