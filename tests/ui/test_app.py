"""The app shell with real widgets: start page, opening a file, the table question, capture,
recent files, the sample event, new events, drops, hand-in, locks, zoom and undo wiring.

Questions the app asks people go through a scripted :class:`UserDialogs`; the dialogs
themselves are driven with the keyboard in their own tests below.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from facilitator_app.core.event import find_table, list_tables
from facilitator_app.core.points import count_points, get_point, list_points
from facilitator_app.core.store import check_file, open_workshop
from facilitator_app.ui.setup.theme_removal import ThemeDestination
from facilitator_app.ui.shell import actions, settings
from facilitator_app.ui.shell.dialogs import UserDialogs
from facilitator_app.ui.shell.file_lock import lock_path_for
from facilitator_app.ui.shell.main_window import MainWindow, Mode
from facilitator_app.ui.shell.new_event_dialog import NewEventAnswers
from facilitator_app.ui.shell.table_picker import FACILITATOR, TablePicker


class ScriptedDialogs(UserDialogs):
    """Answers the app's questions from a script and records what was asked."""

    def __init__(self) -> None:
        self.table: str | None = "Table Two"  # a table name, FACILITATOR, or None (cancel)
        self.open_answer: Path | None = None
        self.save_answer: Path | None = None
        self.new_event_answer: NewEventAnswers | None = None
        self.theme_answer: ThemeDestination | None = None
        self.confirm_answer = True
        self.asked: list[tuple[str, Any]] = []
        self.offered: list[str | None] = []  # the table each table question started on
        self.parent = None  # type: ignore[assignment]

    def tr(self, text: str) -> str:
        return text

    def pick_table(self, file_name: str, tables: Any, current_table_id: str | None = None) -> Any:
        self.asked.append(("pick_table", [table.name for table in tables]))
        self.offered.append(current_table_id)
        if self.table is None or self.table == FACILITATOR:
            return self.table
        return next(table.id for table in tables if table.name == self.table)

    def open_path(self, folder: str) -> Path | None:
        return self.open_answer

    def save_path(self, title: str, suggested: Path) -> Path | None:
        self.asked.append(("save_path", suggested))
        return self.save_answer

    def new_event(self, folder: str) -> NewEventAnswers | None:
        self.asked.append(("new_event", folder))
        return self.new_event_answer

    def choose_theme_destination(self, theme: Any, point_count: int, others: Any) -> Any:
        self.asked.append(("theme", (theme.name, point_count)))
        return self.theme_answer

    def confirm(self, title: str, text: str, action: str) -> bool:
        self.asked.append(("confirm", title))
        return self.confirm_answer

    def inform(self, title: str, text: str) -> None:
        self.asked.append(("inform", f"{title}: {text}"))

    def inform_about_file(self, title: str, text: str, path: Path) -> None:
        self.asked.append(("inform", f"{title}: {text}"))
        self.asked.append(("show_in_folder_offered", path))

    def warn(self, title: str, text: str) -> None:
        self.asked.append(("warn", f"{title}: {text}"))

    def said(self, kind: str) -> list[Any]:
        return [what for asked, what in self.asked if asked == kind]


@pytest.fixture
def settings_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "settings"
    folder.mkdir()
    settings.use_settings_folder(folder)
    yield folder
    settings.use_settings_folder(None)


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def make_window(
    qtbot: QtBot, tmp_path: Path, settings_folder: Path, dialogs: ScriptedDialogs
) -> Iterator[Callable[[], MainWindow]]:
    base_font = QApplication.font()
    windows: list[MainWindow] = []

    def maker() -> MainWindow:
        window = MainWindow(
            settings.Preferences(),
            settings.WindowState(),
            data_dir=tmp_path / "data",
            dialogs=dialogs,
        )
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isActiveWindow)
        windows.append(window)
        return window

    yield maker
    for window in windows:
        window.close_document()
    QApplication.setFont(base_font)


# --- start page and opening --------------------------------------------------------------------


def test_start_page_lists_recent_files_and_marks_missing_ones(
    make_window: Callable[[], MainWindow], seated_event_path: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.workshop"
    prefs = settings.Preferences()
    prefs.remember_file(gone)
    prefs.remember_file(seated_event_path)
    window = make_window()
    page = window.start_page
    assert window.current_mode() is Mode.START
    texts = [page.recent.item(row).text() for row in range(page.recent.count())]
    assert texts[0].startswith("event.workshop\n") and str(seated_event_path.parent) in texts[0]
    assert texts[1].startswith("gone.workshop (missing)")
    assert not window.mode_bar.isTabEnabled(Mode.SETUP)


def test_recent_file_opens_with_the_keyboard_and_asks_for_the_table(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    dialogs: ScriptedDialogs,
    qtbot: QtBot,
) -> None:
    settings.Preferences().remember_file(seated_event_path)
    window = make_window()
    window.start_page.recent.setFocus()
    qtbot.keyClick(window.start_page.recent, Qt.Key.Key_Return)
    assert dialogs.said("pick_table") == [["Table One", "Table Two"]]
    assert window.current_mode() is Mode.CAPTURE
    assert window.capture_view is not None
    assert window.capture_view.table_id == find_table(window.document.workshop, "Table Two").id
    assert "event.workshop" in window.windowTitle() and "Table Two" in window.windowTitle()
    assert window.setup_view is not None and window.setup_view.locked


def test_cancelling_the_table_question_goes_back_to_the_start_page(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    dialogs.table = None
    window = make_window()
    assert not window.open_path(seated_event_path)
    assert window.document is None
    assert window.current_mode() is Mode.START
    # the lock was released with the file
    assert not lock_path_for(seated_event_path.resolve()).exists()


def test_open_button_uses_the_file_dialog_answer(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    dialogs: ScriptedDialogs,
    qtbot: QtBot,
) -> None:
    dialogs.open_answer = seated_event_path
    dialogs.table = FACILITATOR
    window = make_window()
    qtbot.mouseClick(window.start_page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_mode() is Mode.SETUP
    assert window.setup_view is not None and not window.setup_view.locked
    assert not window.mode_bar.isTabEnabled(Mode.CAPTURE)
    assert "Facilitator: event set-up" in window.windowTitle()


def test_a_file_that_is_not_a_workshop_file_is_explained(
    make_window: Callable[[], MainWindow], tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    bogus = tmp_path / "notes.workshop"
    bogus.write_text("shopping list")
    window = make_window()
    assert not window.open_path(bogus)
    assert "notes.workshop is not a workshop file" in dialogs.said("warn")[0]
    assert window.document is None


def test_dropping_a_workshop_file_opens_it(
    make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seated_event_path))])
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    assert drop.isAccepted()
    assert window.document is not None and window.document.path == seated_event_path.resolve()
    assert window.current_mode() is Mode.CAPTURE


def test_the_sample_event_is_built_fresh_in_the_data_folder(
    make_window: Callable[[], MainWindow], tmp_path: Path, dialogs: ScriptedDialogs, qtbot: QtBot
) -> None:
    dialogs.table = "Table Three"
    window = make_window()
    qtbot.mouseClick(window.start_page.sample_button, Qt.MouseButton.LeftButton)
    sample = tmp_path / "data" / "Sample event.workshop"
    assert window.document is not None and window.document.path == sample.resolve()
    workshop = window.document.workshop
    assert count_points(workshop).total == 39
    assert [t.name for t in list_tables(workshop)] == [
        "Table One", "Table Two", "Table Three", "Table Four"
    ]  # fmt: skip
    assert window.table_name() == "Table Three"
    window.close_document()
    # A change made while exploring is gone the next time: the sample is rebuilt.
    with open_workshop(sample) as changed:
        from facilitator_app.core.points import delete_point

        delete_point(changed, list_points(changed)[0].id)
    window.open_sample()
    assert count_points(window.document.workshop).total == 39


def test_new_event_creates_the_file_and_opens_the_set_up(
    make_window: Callable[[], MainWindow], tmp_path: Path, dialogs: ScriptedDialogs, qtbot: QtBot
) -> None:
    target = tmp_path / "events" / "Spring workshop.workshop"
    dialogs.new_event_answer = NewEventAnswers(target, "Spring workshop", 4)
    window = make_window()
    qtbot.mouseClick(window.start_page.new_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert window.current_mode() is Mode.SETUP
    assert [t.name for t in list_tables(window.document.workshop)] == [
        "Table One", "Table Two", "Table Three", "Table Four"
    ]  # fmt: skip
    assert str(target.resolve()) == settings.Preferences().recent_files[0]
    assert dialogs.said("show_in_folder_offered") == [target]
    assert str(target) in dialogs.said("inform")[0]  # the full path, said once created


def test_new_event_defaults_to_a_folder_in_documents_not_where_the_sample_lives(
    make_window: Callable[[], MainWindow], dialogs: ScriptedDialogs, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QStandardPaths

    window = make_window()
    window.open_sample()  # the last file opened lives in the app's hidden data folder
    window.close_document()
    dialogs.new_event_answer = None
    window.new_event()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert dialogs.said("new_event") == [str(Path(documents) / "Workshop Facilitator")]


def test_command_line_table_skips_the_question(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = make_window()
    assert window.open_path(seated_event_path, table="table two")
    assert dialogs.said("pick_table") == []
    assert window.table_name() == "Table Two"


# --- the table picker itself ---------------------------------------------------------------


def test_table_picker_is_keyboard_usable(qtbot: QtBot, seated_workshop: Any) -> None:
    tables = list_tables(seated_workshop)
    picker = TablePicker("event.workshop", tables)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.focusWidget() is picker.list  # the list has the keyboard from the start
    assert picker.choice() == tables[0].id
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.choice() == tables[1].id
    labels = [picker.list.item(row).text() for row in range(picker.list.count())]
    assert labels == ["Table One", "Table Two", "Facilitator: event set-up"]


def test_table_picker_offers_the_facilitator_and_escape_cancels(
    qtbot: QtBot, seated_workshop: Any
) -> None:
    picker = TablePicker("event.workshop", list_tables(seated_workshop))
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClick(picker.list, Qt.Key.Key_End)
    assert picker.choice() == FACILITATOR
    with qtbot.waitSignal(picker.rejected):
        qtbot.keyClick(picker.list, Qt.Key.Key_Escape)


# --- locks: a second copy of the app -----------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QLockFile
    lock = QLockFile(sys.argv[1])
    assert lock.tryLock(0)
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def test_a_file_open_in_another_process_opens_read_only(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    lock_file = lock_path_for(seated_event_path.resolve())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        window = make_window()
        assert window.open_path(seated_event_path)
        assert window.document.read_only
        told = dialogs.said("inform")
        assert told and "open in another copy of Workshop Facilitator" in told[0]
        assert f"process {holder.pid}" in told[0]
        assert "(read-only)" in window.windowTitle()
        assert "stored" not in window.stored_label.text()  # no claim that changes are kept
        assert window.stored_label.text() == "Nothing can be changed in this file"
        assert window.setup_view.locked and not window.window_actions.unlock_setup.isEnabled()
    finally:
        holder.communicate("")
    # once the other copy has gone, the file opens for writing again
    window.close_document()
    assert window.open_path(seated_event_path)
    assert not window.document.read_only
    assert window.stored_label.text() == "Every change is stored as you make it"


def test_a_lock_left_by_a_crashed_app_does_not_block(
    make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path_for(seated_event_path.resolve()))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()  # the lock file stays behind, naming a process that no longer exists
    holder.wait()
    assert lock_path_for(seated_event_path.resolve()).exists()
    window = make_window()
    assert window.open_path(seated_event_path)
    assert not window.document.read_only


@pytest.mark.parametrize(
    "name", ["trigger", "invalid-utf8-title", "unknown-strength", "cut-off-while-growing"]
)
def test_hostile_files_are_refused_in_a_sentence_or_opened_as_last_saved(
    make_window: Callable[[], MainWindow],
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    name: str,
) -> None:
    from hostile_files import HOSTILE, make_table_file

    hostile = HOSTILE[name]
    _event, good = make_table_file(tmp_path / "files")
    bad = hostile.build(good)
    dialogs.table = "Table One"
    window = make_window()

    opened = window.open_path(bad)

    if hostile.outcome == "refused":
        assert not opened
        assert window.document is None
        (message,) = dialogs.said("warn")
        assert f"{bad.name} is a workshop file but it is damaged" in message
        assert hostile.reason in message
    else:
        assert opened and window.document is not None
        assert not window.document.read_only
        assert check_file(bad).sound


# --- hand in ---------------------------------------------------------------------------------


def test_hand_in_writes_a_checked_complete_copy_and_says_what_it_holds(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    dialogs: ScriptedDialogs,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    from facilitator_app.core.event import list_questions
    from facilitator_app.core.points import add_point, save_draft

    window = make_window()
    window.open_path(seated_event_path)
    workshop = window.document.workshop
    table = window.document.table_id
    question = list_questions(workshop)[0]
    for text in ("Closer to home", "Fewer trips", "Joined-up care"):
        add_point(workshop, table, question.id, text)
    save_draft(workshop, table, question.id, "half-typed")
    stick = tmp_path / "usb stick"
    dialogs.save_answer = stick / "handed in.workshop"
    window.window_actions.hand_in.trigger()
    assert dialogs.said("save_path")[0].name == "event - Table Two.workshop"
    qtbot.waitUntil(lambda: bool(dialogs.said("inform")), timeout=10_000)
    message = dialogs.said("inform")[0]
    assert "handed in.workshop" in message and "3 points from Table Two" in message
    assert dialogs.said("show_in_folder_offered") == [stick / "handed in.workshop"]
    assert check_file(stick / "handed in.workshop").sound
    with open_workshop(stick / "handed in.workshop", read_only=True) as copy:
        assert [p.text for p in list_points(copy)] == [
            "Closer to home",
            "Fewer trips",
            "Joined-up care",
        ]
        from facilitator_app.core.points import load_drafts

        assert load_drafts(copy, table) == {question.id: "half-typed"}
    assert window.window_actions.hand_in.isEnabled()
    assert not list((stick).glob(".*"))  # no temporary or side files left on the stick


def test_hand_in_onto_the_open_file_is_refused(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    dialogs: ScriptedDialogs,
    qtbot: QtBot,
) -> None:
    window = make_window()
    window.open_path(seated_event_path)
    dialogs.save_answer = seated_event_path
    window.window_actions.hand_in.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.said("warn")), timeout=10_000)
    assert "already open" in dialogs.said("warn")[0]
    assert check_file(seated_event_path).sound


def test_hand_in_suggests_a_name_inside_the_chosen_folder_whatever_the_table_is_called(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    dialogs: ScriptedDialogs,
) -> None:
    from facilitator_app.core.event import find_table, rename_table

    with open_workshop(seated_event_path) as workshop:
        rename_table(workshop, find_table(workshop, "Table Two").id, "x/../../PWNED")
    dialogs.table = "x/../../PWNED"
    window = make_window()
    window.open_path(seated_event_path)
    dialogs.save_answer = None  # the person cancels: only the suggestion matters here
    window.window_actions.hand_in.trigger()
    suggested = dialogs.said("save_path")[0]
    assert suggested.name == "event - x .. .. PWNED.workshop"
    assert "/" not in suggested.name


# --- zoom, undo, unlock, status ------------------------------------------------------------


def test_zoom_keys_scale_the_font_and_are_remembered(
    make_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    base = QApplication.font().pointSizeF()
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert settings.Preferences().zoom == pytest.approx(1.2)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.2)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert settings.Preferences().zoom == pytest.approx(1.1)
    window.close()
    QApplication.setFont(QApplication.font().__class__(QApplication.font()))
    # a new window (next start) comes back at the remembered zoom
    again = make_window()
    assert again.zoom.factor == pytest.approx(1.1)
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert settings.Preferences().zoom == pytest.approx(1.0)


def test_window_geometry_is_remembered(make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(760, 540)  # the offscreen screen is 800x600
    size = window.size()  # what the window accepted (it may have a minimum width)
    assert size.height() == 540
    window.close()
    again = make_window()
    assert again.size() == size


def test_one_undo_history_serves_every_view_of_the_open_file(
    make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    window = make_window()
    window.open_path(seated_event_path)
    history = window.undo_group.activeStack()
    assert history is window.capture_view.undo_stack
    window.show_mode(Mode.SETUP)
    assert window.undo_group.activeStack() is history
    window.window_actions.modes[Mode.REVIEW].trigger()
    assert window.undo_group.activeStack() is history is window.review_view.undo_stack
    window.close_document()
    assert window.undo_group.activeStack() is None
    assert not window.window_actions.undo.isEnabled()


def test_undo_in_review_is_enabled_after_a_change_and_undoes_it(
    qtbot: QtBot, make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    from facilitator_app.core import points
    from facilitator_app.core.event import list_questions, list_themes

    with open_workshop(seated_event_path) as workshop:
        table = find_table(workshop, "Table Two")
        question = list_questions(workshop)[0]
        first_theme = list_themes(workshop)[0]
        point = points.add_point(
            workshop, table.id, question.id, "Shared wording", theme_id=first_theme.id
        )
    window = make_window()
    window.open_path(seated_event_path)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_mode() is Mode.REVIEW
    review = window.review_view
    assert window.undo_group.activeStack() is review.undo_stack
    assert not window.window_actions.undo.isEnabled()

    review.select_points([point.id])
    review.theme_choice.setCurrentIndex(review.theme_choice.findText("No theme"))
    qtbot.mouseClick(review.apply_theme_button, Qt.MouseButton.LeftButton)
    assert window.window_actions.undo.isEnabled()
    assert window.window_actions.undo.text() == "&Undo Remove the theme of 1 point"
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_point(window.document.workshop, point.id).theme_id == first_theme.id
    assert window.window_actions.redo.isEnabled()
    window.show_mode(Mode.SETUP)  # one history for the file: still there to redo
    assert window.window_actions.redo.text() == "&Redo Remove the theme of 1 point"


@pytest.mark.parametrize(
    "redo",
    [
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ],
    ids=["ctrl-y", "ctrl-shift-z"],
)
def test_redo_works_with_ctrl_y_and_ctrl_shift_z_in_the_app_window(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    redo: tuple[Qt.Key, Qt.KeyboardModifier],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both redo keys work on every platform, in capture and in review (the window's Edit
    menu owns them there, whatever the desktop's own redo key is)."""

    class GnomeKeys(QKeySequence):
        """The key scheme of a GNOME desktop, where the platform's redo is Ctrl+Shift+Z only."""

        @staticmethod
        def keyBindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
            if key == QKeySequence.StandardKey.Redo:
                return [QKeySequence("Ctrl+Shift+Z")]
            return QKeySequence.keyBindings(key)

    monkeypatch.setattr(actions, "QKeySequence", GnomeKeys)
    window = make_window()
    redo_keys = {k.toString() for k in window.window_actions.redo.shortcuts()}
    assert {"Ctrl+Y", "Ctrl+Shift+Z"} <= redo_keys  # as the Edit menu shows them
    window.open_path(seated_event_path)
    capture = window.capture_view
    entry = capture.column(1).entry
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry)
    qtbot.keyClicks(entry, "Buses from the villages")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert capture.column(1).model.rowCount() == 0
    qtbot.keyClick(entry, *redo)
    assert capture.column(1).model.rowCount() == 1
    assert capture.message.text().startswith("Redone:")

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    review = window.review_view
    point = capture.column(1).model.point_at(0)
    review.select_points([point.id])
    review.theme_choice.setCurrentIndex(1)  # the first theme, below "Choose a theme…"
    qtbot.mouseClick(review.apply_theme_button, Qt.MouseButton.LeftButton)
    themed = get_point(window.document.workshop, point.id).theme_id
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_point(window.document.workshop, point.id).theme_id != themed
    qtbot.keyClick(review.table, *redo)
    assert get_point(window.document.workshop, point.id).theme_id == themed


def test_set_up_is_locked_while_capturing_until_deliberately_unlocked(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = make_window()
    window.open_path(seated_event_path)
    setup = window.setup_view
    assert setup.locked and setup.banner.isVisibleTo(window.views.setup_slot)
    assert not (
        setup.themes_model.flags(setup.themes_model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    )
    dialogs.confirm_answer = False
    window.window_actions.unlock_setup.trigger()
    assert setup.locked
    dialogs.confirm_answer = True
    window.window_actions.unlock_setup.trigger()
    assert not setup.locked
    assert window.current_mode() is Mode.SETUP
    assert setup.themes_model.flags(setup.themes_model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_status_bar_says_when_changes_were_stored(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    dialogs.table = FACILITATOR
    window = make_window()
    window.open_path(seated_event_path)
    form = window.setup_view.event_form
    form.venue.setText("Village Hall")
    form.venue.editingFinished.emit()
    assert window.stored_label.text().startswith("All changes stored at ")


def test_capture_changes_update_the_status_bar(
    make_window: Callable[[], MainWindow], seated_event_path: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.open_path(seated_event_path)
    column = window.capture_view.column(1)
    column.entry.setFocus()
    qtbot.keyClicks(column.entry, "Care closer to home")
    qtbot.keyClick(column.entry, Qt.Key.Key_Return)
    assert window.stored_label.text().startswith("All changes stored at ")


# --- a second launch ---------------------------------------------------------------------


def test_a_second_launch_hands_its_file_to_the_running_window(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    from facilitator_app.ui.shell.single_instance import InstanceServer

    name = f"facilitator-app-test-{os.getpid()}"
    window = make_window()
    server = InstanceServer(name, parent=window)  # as in the app: lives as long as its owner
    assert server.listen()
    server.files_received.connect(window.open_files)
    environment = dict(os.environ, FACILITATOR_APP_INSTANCE_NAME=name,
                       FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "second"))  # fmt: skip
    second = subprocess.Popen(
        [sys.executable, "-m", "facilitator_app", str(seated_event_path)],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        with qtbot.waitSignal(server.files_received, timeout=20_000) as received:
            pass
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)
    finally:
        if second.poll() is None:
            second.kill()
        server.close()
    assert received.args == [[seated_event_path.resolve()]]
    assert second.returncode == 0
    assert window.document is not None and window.document.path == seated_event_path.resolve()


def test_nobody_listening_means_this_copy_is_the_first(qtbot: QtBot) -> None:
    from facilitator_app.ui.shell.single_instance import send_to_running_instance

    assert not send_to_running_instance([], name=f"facilitator-app-nobody-{os.getpid()}")


def test_a_second_launch_in_another_desktop_session_does_not_reach_this_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same user logged in twice (a remote desktop beside the console): each session's
    double-click opens in its own session's window."""
    from facilitator_app.ui.shell.single_instance import (
        InstanceServer,
        send_to_running_instance,
        server_name,
    )

    monkeypatch.delenv("FACILITATOR_APP_INSTANCE_NAME", raising=False)
    monkeypatch.setenv("XDG_SESSION_ID", f"test-console-{os.getpid()}")
    monkeypatch.setenv("DISPLAY", ":0")
    console = server_name()
    server = InstanceServer(console)
    assert server.listen()
    try:
        monkeypatch.setenv("XDG_SESSION_ID", f"test-remote-{os.getpid()}")
        monkeypatch.setenv("DISPLAY", ":10")
        assert server_name() != console
        assert not send_to_running_instance([])  # nobody in this session: it starts its own
        monkeypatch.setenv("XDG_SESSION_ID", f"test-console-{os.getpid()}")
        monkeypatch.setenv("DISPLAY", ":0")
        assert server_name() == console  # the same session finds the same window
    finally:
        server.close()


# --- the small dialogs, with real widgets ------------------------------------------------------


def test_new_event_dialog_suggests_a_file_name_and_is_keyboard_usable(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from facilitator_app.ui.shell.new_event_dialog import NewEventDialog

    dialog = NewEventDialog(str(tmp_path), ScriptedDialogs())
    qtbot.addWidget(dialog)
    dialog.show()
    create = dialog.buttons.buttons()[0]
    assert not create.isEnabled()  # no title yet
    qtbot.keyClicks(dialog.title, "Care: closer to home?")
    assert dialog.path.text() == str(tmp_path / "Care closer to home.workshop")
    full = str(tmp_path / "Care closer to home.workshop")
    assert dialog.full_path.isVisible() and full in dialog.full_path.text()
    dialog.tables.setFocus()
    dialog.tables.selectAll()
    qtbot.keyClicks(dialog.tables, "6")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.tables, Qt.Key.Key_Return)
    answers = dialog.answers()
    assert (answers.title, answers.tables) == ("Care: closer to home?", 6)
    assert answers.path == tmp_path / "Care closer to home.workshop"


def test_theme_removal_dialog_offers_the_other_themes_or_none(qtbot: QtBot) -> None:
    from facilitator_app.core.records import ThemeInfo
    from facilitator_app.ui.setup.theme_removal import ThemeRemovalDialog

    access, workforce = ThemeInfo("a", 0, "Access"), ThemeInfo("w", 1, "Workforce")
    dialog = ThemeRemovalDialog(access, 3, [workforce])
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [dialog.target.itemText(row) for row in range(dialog.target.count())]
    assert labels == ["Theme: Workforce", "Leave them without a theme"]
    assert dialog.destination() == ThemeDestination("w")
    dialog.target.setCurrentIndex(1)
    assert dialog.destination() == ThemeDestination(None)


def test_a_facilitator_sets_up_an_event_and_a_scribe_picks_table_two(
    make_window: Callable[[], MainWindow], tmp_path: Path, dialogs: ScriptedDialogs, qtbot: QtBot
) -> None:
    """The journey: new event with four tables, a seating plan pasted in, then capture."""
    target = tmp_path / "Spring.workshop"
    dialogs.new_event_answer = NewEventAnswers(target, "Spring workshop", 4)
    window = make_window()
    window.window_actions.new_event.trigger()
    setup_view = window.setup_view
    assert setup_view is not None and not setup_view.locked
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # no effect: no table
    assert window.current_mode() is Mode.SETUP
    setup_view.tabs.setCurrentIndex(2)
    setup_view.seating.tables.select_row(1)
    QApplication.clipboard().setText(
        "Ann Smith\tNHS Trust\tfacilitator\nBob Jones\tCouncil\tscribe\n"
    )
    setup_view.seating.people.view.setFocus()
    qtbot.keyClick(
        setup_view.seating.people.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
    )
    assert window.stored_label.text().startswith("All changes stored at ")

    dialogs.table = "Table Two"
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Change table…
    assert window.current_mode() is Mode.CAPTURE and window.table_name() == "Table Two"
    assert window.setup_view.locked
    labels = [label.text() for label in window.capture_view.findChildren(QLabel)]
    assert any("Ann Smith" in text and "Bob Jones" in text for text in labels)


def test_a_file_open_event_opens_the_file(
    make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    """How macOS hands over a double-clicked document."""
    from PySide6.QtGui import QFileOpenEvent

    from facilitator_app.ui.shell.app import FileOpenEvents

    window = make_window()
    opener = FileOpenEvents(window)
    QApplication.instance().installEventFilter(opener)
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(seated_event_path)))
    finally:
        QApplication.instance().removeEventFilter(opener)
    assert window.document is not None and window.document.path == seated_event_path.resolve()


def test_help_about_opens_the_about_box(
    make_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    from PySide6.QtCore import QTimer

    window = make_window()
    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName() if dialog is not None else "")
        if dialog is not None:
            dialog.close()

    QTimer.singleShot(200, close_it)
    window.window_actions.about.trigger()
    assert seen == ["aboutDialog"]


def test_merge_conflicts_button_leads_to_the_conflicts_in_review(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
) -> None:
    from facilitator_app.core import points, store
    from facilitator_app.core.event import list_questions

    table_file = tmp_path / "Table Two.workshop"
    with open_workshop(seated_event_path) as workshop:
        table = find_table(workshop, "Table Two")
        question = list_questions(workshop)[0]
        point = points.add_point(workshop, table.id, question.id, "Shared wording")
        store.copy_workshop(workshop, table_file)
    window = make_window()
    dialogs.table = FACILITATOR
    assert window.open_path(seated_event_path)
    points.edit_point_text(window.document.workshop, point.id, "Edited by the facilitator")
    with open_workshop(table_file) as workshop:
        points.edit_point_text(workshop, point.id, "Edited by the scribe")

    window.show_mode(Mode.MERGE)
    window.merge_view.add_paths([table_file])
    with qtbot.waitSignal(window.merge_view.run_finished, timeout=20_000):
        qtbot.mouseClick(window.merge_view.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.merge_view.conflicts_button.isVisible)
    qtbot.mouseClick(window.merge_view.conflicts_button, Qt.MouseButton.LeftButton)

    assert window.current_mode() is Mode.REVIEW
    assert window.review_view.conflicts_only.isChecked()


def test_discussion_timer_is_shown_from_the_view_menu_and_remembered(
    qtbot: QtBot, make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    window = make_window()
    assert window.open_path(seated_event_path)
    assert not window.timer_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert window.timer_dock.isVisible()
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.timer_dock.toggleViewAction() in view_menu.actions()
    window.close()

    again = make_window()
    assert again.timer_dock.isVisible()


def test_reopening_a_file_offers_the_table_this_laptop_chose_last(
    make_window: Callable[[], MainWindow], seated_event_path: Path, dialogs: ScriptedDialogs
) -> None:
    window = make_window()
    assert window.open_path(seated_event_path)  # the scripted scribe picks Table Two
    table_two = window.capture_view.table_id
    assert dialogs.offered == [None]  # first time: nothing remembered, the list starts at the top
    assert window.close_document()

    assert window.open_path(seated_event_path)
    assert dialogs.offered[-1] == table_two  # after a crash, Enter takes the scribe back

    dialogs.table = FACILITATOR
    assert window.change_table()
    assert window.close_document()
    assert window.open_path(seated_event_path)
    assert dialogs.offered[-1] == FACILITATOR


def test_open_recent_menu_lists_files_greys_missing_ones_and_opens_the_chosen(
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
) -> None:
    prefs = settings.Preferences()
    prefs.remember_file(tmp_path / "gone.workshop")
    prefs.remember_file(seated_event_path)
    window = make_window()
    menu = window.window_actions.recent_menu
    menu.aboutToShow.emit()
    entries = {action.text(): action for action in menu.actions()}
    assert list(entries) == ["event.workshop", "gone.workshop"]
    assert not entries["gone.workshop"].isEnabled()
    entries["event.workshop"].trigger()
    assert dialogs.said("pick_table") == [["Table One", "Table Two"]]
    assert window.current_mode() is Mode.CAPTURE
