"""The merge view: files in by dialog and drop, merged off the GUI thread, each fate shown."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator_app.core import event, merge, points, store
from facilitator_app.core.store import Workshop
from facilitator_app.ui.merge.models import MergeFilesModel
from facilitator_app.ui.merge.view import MergeView
from facilitator_app.ui.widgets.status_colours import success_colour, warning_colour


@dataclass
class HandIn:
    event_path: Path
    workshop: Workshop
    sticks: Path  # a folder of four good table files
    tables: list[Path]
    other_event: Path
    damaged: Path
    spreadsheet: Path


@pytest.fixture
def hand_in(tmp_path: Path) -> Iterator[HandIn]:
    event_path = tmp_path / "Event.workshop"
    with event.create_event_file(
        event_path, event.EventSpec.with_numbered_tables("Care closer to home", 4)
    ) as workshop:
        tables, questions = event.list_tables(workshop), event.list_questions(workshop)
    sticks = tmp_path / "USB stick"
    sticks.mkdir()
    files = []
    for number, table in enumerate(tables):
        path = sticks / f"{table.name}.workshop"
        with store.open_workshop(event_path, read_only=True) as workshop:
            store.copy_workshop(workshop, path)
        with store.open_workshop(path) as workshop:
            for n in range(number + 1):
                points.add_point(workshop, table.id, questions[0].id, f"{table.name} point {n}")
        files.append(path)
    other = tmp_path / "Last month.workshop"
    event.create_event_file(other, event.EventSpec.with_numbered_tables("Another", 2)).close()
    damaged = tmp_path / "Damaged.workshop"
    data = files[1].read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    spreadsheet = tmp_path / "Seating plan.workshop"
    spreadsheet.write_bytes(b"Name,Organisation\nAnn,NHS\n")
    workshop = store.open_workshop(event_path)
    yield HandIn(event_path, workshop, sticks, files, other, damaged, spreadsheet)
    workshop.close()


@pytest.fixture
def view(qtbot: QtBot, hand_in: HandIn) -> MergeView:
    view = MergeView()
    qtbot.addWidget(view)
    view.set_workshop(hand_in.workshop)
    view.resize(1366, 740)
    view.show()
    qtbot.waitExposed(view)
    # keyboard shortcuts reach only the active window, as on a real desktop (Xvfb included)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def statuses(view: MergeView) -> dict[str, str]:
    model = view.model
    return {
        model.index(row, MergeFilesModel.FILE).data(): model.index(
            row, MergeFilesModel.STATUS
        ).data()
        for row in range(model.rowCount())
    }


def run_merge(qtbot: QtBot, view: MergeView) -> merge.MergeSummary:
    with qtbot.waitSignal(view.run_finished, timeout=20_000) as blocker:
        qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    summary = blocker.args[0]
    assert isinstance(summary, merge.MergeSummary)
    return summary


def test_files_model_behaves(qtmodeltester: object, view: MergeView, hand_in: HandIn) -> None:
    view.add_paths(hand_in.tables)
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_files_from_the_dialog_are_queued(view: MergeView, hand_in: HandIn, qtbot: QtBot) -> None:
    view.ask_files = lambda parent: hand_in.tables[:2]
    assert not view.progress.isVisible()  # no empty bar before anything is merged
    assert not view.merge_button.isEnabled()
    qtbot.mouseClick(view.add_files_button, Qt.MouseButton.LeftButton)
    assert statuses(view) == {"Table One.workshop": "Queued", "Table Two.workshop": "Queued"}
    assert view.merge_button.isEnabled()
    assert view.merge_button.text() == "&Merge 2 files"
    view.add_paths(hand_in.tables[:1])
    assert view.model.rowCount() == 2
    assert "1 already in the list" in view.summary.text()


def test_a_folder_brings_its_workshop_files_but_not_the_event_file(
    view: MergeView, hand_in: HandIn, qtbot: QtBot
) -> None:
    shutil.copy(hand_in.event_path, hand_in.sticks / "unrelated.txt")
    view.ask_folder = lambda parent: [hand_in.event_path.parent]
    qtbot.mouseClick(view.add_folder_button, Qt.MouseButton.LeftButton)
    names = set(statuses(view))
    assert {"Table One.workshop", "Table Four.workshop", "Last month.workshop"} <= names
    assert "Event.workshop" not in names
    assert "unrelated.txt" not in names


# QDragEnterEvent's only constructor (QPoint) is marked deprecated in recent PySide6.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dropped_files_and_folders_are_queued(view: MergeView, hand_in: HandIn) -> None:
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(hand_in.sticks)), QUrl.fromLocalFile(str(hand_in.damaged))]
    )
    position = view.table.geometry().center()
    enter = QDragEnterEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        position.toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(view, drop)
    assert drop.isAccepted()
    assert len(statuses(view)) == 5
    assert "Damaged.workshop" in statuses(view)


def test_merge_runs_off_the_gui_thread_and_shows_each_file(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    copy = shutil.copy(hand_in.tables[0], hand_in.event_path.parent / "Table One (copy).workshop")
    view.add_paths(
        [hand_in.sticks, Path(copy), hand_in.tables[0], hand_in.other_event, hand_in.damaged,
         hand_in.spreadsheet]
    )  # fmt: skip
    assert "1 already in the list" in view.summary.text()
    seen_checking: list[dict[str, str]] = []
    view.merge_button.clicked.connect(lambda: seen_checking.append(statuses(view)))
    with qtbot.waitSignal(view.merged, timeout=20_000):
        summary = run_merge(qtbot, view)

    assert set(seen_checking[0].values()) == {"Checking…"}
    shown = statuses(view)
    assert shown["Table One.workshop"] == "Merged: 1 new, 0 updated"
    assert shown["Table Four.workshop"] == "Merged: 4 new, 0 updated"
    assert "identical copy of Table One.workshop" in shown["Table One (copy).workshop"]
    assert "another event" in shown["Last month.workshop"]
    assert shown["Damaged.workshop"].startswith("Refused: Damaged.workshop is a workshop file but")
    assert "not a workshop file" in shown["Seating plan.workshop"]
    assert view.progress.value() == view.progress.maximum() == 8
    assert view.progress.isVisible()
    assert summary.new == 10
    text = view.summary.text()
    assert "4 of 8 files merged into Event.workshop" in text
    assert "Points: 10 new, 0 updated, 0 deleted, 0 unchanged." in text
    assert "4 files refused; the list says why." in text
    assert not view.conflicts_button.isVisible()
    assert len(points.list_points(hand_in.workshop)) == 10
    rows = {view.model.index(row, 0).data(): row for row in range(view.model.rowCount())}
    tables_cell = view.model.index(rows["Table Two.workshop"], MergeFilesModel.TABLES)
    assert tables_cell.data(Qt.ItemDataRole.ToolTipRole) == "Table Two"  # not the status
    # a long refusal is wrapped in full on a laptop screen, not cut off at the edge
    long_row = rows["Last month.workshop"]
    view.resize(900, 700)
    qtbot.waitUntil(
        lambda: view.table.rowHeight(long_row) > view.table.rowHeight(rows["Table Two.workshop"])
    )
    assert view.current_run is None and view.add_files_button.isEnabled()


def test_merging_again_adds_nothing_and_changes_nothing(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    view.add_paths(hand_in.tables)
    run_merge(qtbot, view)
    view.add_paths(hand_in.tables[:1])
    assert statuses(view)["Table One.workshop"] == "Queued"
    with qtbot.assertNotEmitted(view.merged, wait=50):
        summary = run_merge(qtbot, view)
    assert statuses(view)["Table One.workshop"] == "Already merged: nothing new"
    assert "1 file had been merged before; nothing new in it." in view.summary.text()
    assert not summary.changed_target


def test_conflicts_lead_to_the_review(qtbot: QtBot, view: MergeView, hand_in: HandIn) -> None:
    view.add_paths(hand_in.tables[:1])
    run_merge(qtbot, view)
    [mine] = points.list_points(hand_in.workshop)
    points.edit_point_text(hand_in.workshop, mine.id, "Edited by the facilitator")
    with store.open_workshop(hand_in.tables[0]) as table_file:
        points.edit_point_text(table_file, mine.id, "Edited by the scribe")
    view.add_paths(hand_in.tables[:1])
    run_merge(qtbot, view)

    assert statuses(view)["Table One.workshop"].endswith(", 1 conflict")
    conflicted = view.model.index(0, MergeFilesModel.STATUS).data(Qt.ItemDataRole.ForegroundRole)
    assert conflicted != success_colour()  # merged, but not all good: not in success green
    assert conflicted == warning_colour()
    assert "1 point was changed both here and at a table" in view.summary.text()
    assert view.conflicts_button.isVisible()
    with qtbot.waitSignal(view.review_requested, timeout=1000):
        qtbot.mouseClick(view.conflicts_button, Qt.MouseButton.LeftButton)


def test_remove_and_clear_the_list(qtbot: QtBot, view: MergeView, hand_in: HandIn) -> None:
    view.add_paths(hand_in.tables)
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert "Table One.workshop" not in statuses(view)
    assert len(statuses(view)) == 3
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0
    assert not view.merge_button.isEnabled()


def test_nothing_to_merge_into_without_an_event_file(qtbot: QtBot, hand_in: HandIn) -> None:
    view = MergeView()
    qtbot.addWidget(view)
    view.add_paths(hand_in.tables)
    assert not view.merge_button.isEnabled()
    assert "Open or create the event file first" in view.intro.text()
    read_only = store.open_workshop(hand_in.event_path, read_only=True)
    try:
        view.set_workshop(read_only)
        assert not view.merge_button.isEnabled()
        assert "read-only" in view.intro.text()
    finally:
        read_only.close()


def test_a_re_handed_in_copy_shows_its_edit_and_deletion(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    table_two = hand_in.tables[1]
    view.add_paths([table_two])
    run_merge(qtbot, view)
    fixed = hand_in.event_path.parent / "Table Two (fixed).workshop"
    shutil.copy(table_two, fixed)
    with store.open_workshop(fixed) as table_file:
        first, second = points.list_points(table_file)
        points.edit_point_text(table_file, first.id, "Table Two point 0, typo fixed")
        points.delete_point(table_file, second.id)
    view.add_paths([fixed])
    with qtbot.waitSignal(view.merged, timeout=20_000):
        run_merge(qtbot, view)

    assert statuses(view)["Table Two (fixed).workshop"] == "Merged: 0 new, 1 updated, 1 deleted"
    assert {p.text for p in points.list_points(hand_in.workshop)} == {
        "Table Two point 0, typo fixed"
    }
    assert "Points: 0 new, 1 updated, 1 deleted, 0 unchanged." in view.summary.text()


def test_status_colours_read_on_a_dark_palette(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    view.add_paths([hand_in.tables[0], hand_in.damaged])
    run_merge(qtbot, view)
    status = {
        view.model.index(row, MergeFilesModel.FILE).data(): view.model.index(
            row, MergeFilesModel.STATUS
        )
        for row in range(view.model.rowCount())
    }
    foreground = Qt.ItemDataRole.ForegroundRole
    assert status["Damaged.workshop"].data(foreground).lightness() < 128  # dark red on light
    app.setPalette(dark)
    try:
        assert status["Damaged.workshop"].data(foreground).lightness() > 128
        assert status["Table One.workshop"].data(foreground).lightness() > 128
    finally:
        app.setPalette(light)


def test_enter_on_a_focused_button_presses_it_and_no_button_looks_focused_when_not(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    view.add_paths(hand_in.tables[:2])
    assert not view.merge_button.isDefault()  # no default frame that reads as focus
    view.merge_button.setFocus()
    with qtbot.waitSignal(view.run_finished, timeout=20_000):
        qtbot.keyClick(view.merge_button, Qt.Key.Key_Return)
    assert statuses(view)["Table One.workshop"] == "Merged: 1 new, 0 updated"
    view.clear_button.setFocus()
    with qtbot.waitSignal(view.clear_button.clicked, timeout=2000):
        qtbot.keyClick(view.clear_button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert view.model.rowCount() == 0


def test_the_progress_of_the_last_run_goes_once_new_files_are_queued(
    qtbot: QtBot, view: MergeView, hand_in: HandIn
) -> None:
    view.add_paths(hand_in.tables[:2])
    run_merge(qtbot, view)
    assert view.progress.isVisible() and view.progress.text() == "2 of 2 files"
    view.add_paths(hand_in.tables[2:])
    assert not view.progress.isVisible()  # "2 of 2" no longer says anything true
    run_merge(qtbot, view)
    assert view.progress.text() == "2 of 2 files"  # the new run counts its own files
