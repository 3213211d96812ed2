"""Opening a big event and quitting it: views read the file when first shown, once per
refresh; the duplicate search runs only where suggestions are shown; closing stops it.

(Issue #16. The times themselves are in tests/benchmarks/test_open_and_quit_speed.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import search_stand_ins
from point_reads import counting_point_reads
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_app import ScriptedDialogs
from test_review_worker import process_gone

from facilitator_app.core import duplicates, points
from facilitator_app.core.event import find_table, list_questions
from facilitator_app.core.store import open_workshop
from facilitator_app.ui.review import view as review_module
from facilitator_app.ui.review import worker
from facilitator_app.ui.shell import settings
from facilitator_app.ui.shell.main_window import MainWindow, Mode


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    settings.use_settings_folder(tmp_path / "settings")
    windows: list[MainWindow] = []

    def maker() -> MainWindow:
        window = MainWindow(
            settings.Preferences(),
            settings.WindowState(),
            data_dir=tmp_path / "data",
            dialogs=ScriptedDialogs(),
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield maker
    for window in windows:
        window.close_document()
    # a search cancelled by the close ends (and reports) before its view is deleted
    assert QThreadPool.globalInstance().waitForDone(10_000)
    QApplication.processEvents()
    settings.use_settings_folder(None)


def add_points(path: Path, tables: list[str], count: int = 3) -> None:
    """``count`` alike points at each of ``tables`` (alike enough to be suggested together)."""
    with open_workshop(path) as workshop:
        question = list_questions(workshop)[0]
        for name in tables:
            table = find_table(workshop, name)
            for n in range(count):
                text = f"Run the clinic bus on Saturdays too, number {n}"
                points.add_point(workshop, table.id, question.id, text)


class Calls:
    """Counts the calls of a wrapped function (from any thread)."""

    def __init__(self) -> None:
        self.count = 0


def spy(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Calls:
    calls = Calls()
    original = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.count += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_opening_reads_only_the_view_shown_and_others_when_first_shown(
    make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    add_points(seated_event_path, ["Table One", "Table Two"])
    window = make_window()
    with counting_point_reads() as reads:
        assert window.open_path(seated_event_path, table="Table Two")
        assert window.current_mode() is Mode.CAPTURE
        assert reads.count == 1  # capture's points; nothing for review, report or merge
        assert reads.orm_points == 0  # read into light records, not ORM objects
    # merge, review and report are not even built: never shown
    slots = (window.views.merge_slot, window.views.review_slot, window.views.report_slot)
    assert [slot.view for slot in slots] == [None, None, None]

    with counting_point_reads() as reads:
        window.show_mode(Mode.REVIEW)
        assert window.review_view.model.rowCount() == 6
        assert reads.count == 1  # the view's rows, once
        assert reads.by_search == 1  # and the duplicate search's own


def test_each_view_reads_the_points_once_when_shown(
    qtbot: QtBot, make_window: Callable[[], MainWindow], seated_event_path: Path
) -> None:
    add_points(seated_event_path, ["Table Two"])  # one table: no duplicate search to count
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    with counting_point_reads() as reads:
        window.show_mode(Mode.REVIEW)
        assert window.review_view is not None and window.review_view.model.rowCount() == 3
        assert reads.count == 1
        reads.reset()
        window.show_mode(Mode.MERGE)
        assert reads.count == 0  # the merge view shows no points
        window.show_mode(Mode.REPORT)
        assert window.report_view.latest is not None
        assert window.report_view.latest.points == 3
        assert (reads.count, reads.orm_points) == (1, 0)  # the outline and every draft, once


def test_a_hidden_review_refreshes_once_when_shown_not_on_every_change(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
) -> None:
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    window.show_mode(Mode.REVIEW)
    window.show_mode(Mode.CAPTURE)
    refreshes = spy(monkeypatch, review_module, "read_review")
    capture = window.capture_view
    assert capture is not None
    for text in ("Evening clinics", "A bus from the villages", "Parking at the hub"):
        column = capture.column(1)
        column.entry.setFocus()
        qtbot.keyClicks(column.entry, text)
        qtbot.keyClick(column.entry, "\r")
    assert refreshes.count == 0
    window.show_mode(Mode.REVIEW)
    assert refreshes.count == 1
    assert window.review_view is not None and window.review_view.model.rowCount() == 3


def test_no_duplicate_search_for_a_table_file_or_a_capture_only_session(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
) -> None:
    searches = spy(monkeypatch, duplicates.DuplicateSearch, "update")
    add_points(seated_event_path, ["Table Two"])
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    window.show_mode(Mode.SETUP)
    window.show_mode(Mode.REPORT)
    window.show_mode(Mode.CAPTURE)
    assert searches.count == 0  # capture only: no suggestion is shown anywhere
    window.show_mode(Mode.REVIEW)  # a table file: every point from one table
    review = window.review_view
    assert review is not None and review.model.rowCount() == 3
    assert searches.count == 0
    assert not review.duplicates.searching
    assert review.side.tabText(0) == "Duplicates (0)"


def test_the_review_searches_once_when_shown_and_again_only_after_a_change(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
) -> None:
    searches = spy(monkeypatch, duplicates.DuplicateSearch, "update")
    add_points(seated_event_path, ["Table One", "Table Two"])
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    assert searches.count == 0
    window.show_mode(Mode.REVIEW)
    review = window.review_view
    assert review is not None
    qtbot.waitUntil(lambda: not review.duplicates.searching)
    assert searches.count == 1
    assert review.duplicates.count() >= 1
    window.show_mode(Mode.CAPTURE)
    window.show_mode(Mode.REVIEW)
    assert searches.count == 1  # nothing changed: the suggestions shown still hold


class EndlessSearch:
    """Every duplicate search runs in the search process and only ends when cancelled; it
    leaves marks (files) saying it started and stopped."""

    def __init__(self, marks: Path, qtbot: QtBot) -> None:
        self.marks = marks
        self.qtbot = qtbot

    def wait_started(self) -> None:
        self.qtbot.waitUntil((self.marks / "started-71").exists, timeout=30_000)

    def wait_stopped(self) -> None:
        self.qtbot.waitUntil((self.marks / "stopped-71").exists, timeout=10_000)

    def clear(self) -> None:
        for name in ("started-71", "stopped-71"):
            (self.marks / name).unlink(missing_ok=True)

    def pid(self) -> int:
        return int((self.marks / "pid").read_text())


@pytest.fixture
def endless_search(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot: QtBot) -> EndlessSearch:
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setenv(search_stand_ins.FOLDER, str(marks))
    monkeypatch.setattr(worker, "BACKGROUND_ABOVE", 0)
    monkeypatch.setattr(
        worker.SuggestionFinder, "search_type", search_stand_ins.EndlessAtAnyThreshold
    )
    return EndlessSearch(marks, qtbot)


def test_closing_the_window_ends_a_running_search(
    qtbot: QtBot,
    endless_search: EndlessSearch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
) -> None:
    add_points(seated_event_path, ["Table One", "Table Two"])
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    window.show_mode(Mode.REVIEW)
    endless_search.wait_started()
    window.close()
    assert window.document is None
    # the search would run for ever unless closing ended it
    qtbot.waitUntil(lambda: process_gone(endless_search.pid()), timeout=500)


def test_opening_another_file_cancels_a_running_search(
    qtbot: QtBot,
    endless_search: EndlessSearch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
    tmp_path: Path,
) -> None:
    add_points(seated_event_path, ["Table One", "Table Two"])
    other = tmp_path / "other.workshop"
    other.write_bytes(seated_event_path.read_bytes())
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    window.show_mode(Mode.REVIEW)
    endless_search.wait_started()
    search = endless_search.pid()
    assert window.open_path(other, table="Table Two")
    qtbot.waitUntil(lambda: process_gone(search), timeout=500)  # the first file's search


def test_hiding_the_review_cancels_its_search_and_showing_it_starts_again(
    qtbot: QtBot,
    endless_search: EndlessSearch,
    make_window: Callable[[], MainWindow],
    seated_event_path: Path,
) -> None:
    add_points(seated_event_path, ["Table One", "Table Two"])
    window = make_window()
    assert window.open_path(seated_event_path, table="Table Two")
    window.show_mode(Mode.REVIEW)
    endless_search.wait_started()
    window.show_mode(Mode.CAPTURE)
    endless_search.wait_stopped()
    endless_search.clear()
    window.show_mode(Mode.REVIEW)
    endless_search.wait_started()
    review = window.review_view
    assert review is not None and review.duplicates.searching


#: The app, at Table Two of the file in argv[1], with a duplicate search that never ends (and
#: ignores being cancelled): types a point, shows the review, then closes the window; says
#: the search process's id.
STUBBORN_SEARCH = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from facilitator_app.ui.review import worker
from facilitator_app.ui.shell.app import run_app
from facilitator_app.ui.shell.main_window import MainWindow, Mode
from search_stand_ins import StubbornSearch

worker.SuggestionFinder.search_type = StubbornSearch
worker.BACKGROUND_ABOVE = 0
app = QApplication([])
started = Path(os.environ["FACILITATOR_TEST_SEARCH_DIR"], "started-stubborn")

def play():
    try:
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        column = window.capture_view.column(1)
        column.entry.setPlainText("Typed just before closing")
        column.add_button.click()
        window.show_mode(Mode.REVIEW)
        while not started.exists():
            app.processEvents()
    except BaseException as error:
        print("failed", error, flush=True)
        raise SystemExit(3) from error
    print("closing", window.review_view.finder.process.pid, flush=True)
    window.close()

QTimer.singleShot(0, play)
sys.exit(run_app([sys.argv[1], "--table", "Table Two", "--new-instance"]))
"""


def test_closing_the_window_ends_the_process_whatever_runs_with_every_change_on_disk(
    seated_event_path: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    add_points(seated_event_path, ["Table One", "Table Two"])
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
    )
    environment.pop("FACILITATOR_APP_KEEP_PROCESS", None)
    marks = tmp_path / "marks"
    marks.mkdir()
    environment[search_stand_ins.FOLDER] = str(marks)
    environment["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), *sys.path])
    command = [sys.executable, "-c", STUBBORN_SEARCH, str(seated_event_path)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    said, search_pid = process.stdout.readline().split()
    assert said == "closing"
    process.stdout.close()  # not read to the end: a search left behind would hold it open
    # a process that waited for the search would never end: 60 s only bounds a broken run
    assert process.wait(60) == 0
    try:  # and the search process ends with it
        qtbot.waitUntil(lambda: process_gone(int(search_pid)), timeout=2_000)
    finally:
        if not process_gone(int(search_pid)):
            os.kill(int(search_pid), signal.SIGKILL)
    with open_workshop(seated_event_path) as workshop:
        texts = [p.text for p in points.list_points(workshop)]
    assert "Typed just before closing" in texts
    # and the window's place, set as it closed, moments before the process ended
    window_state = (tmp_path / "settings" / "window-state.ini").read_text(encoding="utf-8")
    assert "geometry=" in window_state
