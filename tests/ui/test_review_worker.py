"""The duplicate search of a large event runs in a process of its own: a newer request stops
the one in hand, only the latest reports, what the process learnt is kept between requests,
and the process ends when the file closes or the app's process ends, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from search_stand_ins import FOLDER, EndlessSearch, StubbornSearch

from facilitator_app.core.store import Workshop
from facilitator_app.ui.review.worker import SuggestionFinder

LARGE = 10_000  # a point count the finder hands to its process


@pytest.fixture
def marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    monkeypatch.setenv(FOLDER, str(folder))
    return folder


@pytest.fixture
def finder(marks: Path) -> Iterator[SuggestionFinder]:
    finder = SuggestionFinder()
    finder.search_type = EndlessSearch
    yield finder
    finder.stop()


def process_gone(pid: int) -> bool:
    """Whether the process has ended (a zombie no reaper collected counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_a_replaced_search_stops_and_only_the_latest_reports(
    event_file: Workshop, qtbot: QtBot, finder: SuggestionFinder, marks: Path
) -> None:
    results: list[tuple[int, object]] = []
    finder.found.connect(lambda generation, result: results.append((generation, result)))

    finder.request(event_file, 71, point_count=LARGE)
    qtbot.waitUntil((marks / "started-71").exists, timeout=30_000)
    with qtbot.waitSignal(finder.found, timeout=30_000):
        latest = finder.request(event_file, 72, point_count=LARGE)
    assert (marks / "stopped-71").exists()  # stopped at its next "chunk", not run to the end
    assert results == [(latest, [])]

    with qtbot.waitSignal(finder.found, timeout=30_000):  # the same file and threshold again
        finder.request(event_file, 72, point_count=LARGE)
    # the kept search is asked again: only new points are compared
    assert sorted(p.name for p in marks.glob("made-*")) == ["made-71-0", "made-72-0"]
    assert (marks / "updated-72").exists()


def test_a_search_cancelled_by_the_view_stops_and_reports_nothing(
    event_file: Workshop, qtbot: QtBot, finder: SuggestionFinder, marks: Path
) -> None:
    results: list[object] = []
    finder.found.connect(lambda _generation, result: results.append(result))
    finder.request(event_file, 71, point_count=LARGE)
    qtbot.waitUntil((marks / "started-71").exists, timeout=30_000)
    finder.generation += 1  # the view no longer wants it (hidden, or a change came first)
    qtbot.waitUntil((marks / "stopped-71").exists, timeout=10_000)
    assert finder.searching()  # the process stays, with what it learnt
    qtbot.wait(50)  # any answer it sent would arrive in this turn of the event loop
    assert results == []


def test_closing_the_file_ends_the_search_process_at_once(
    event_file: Workshop, qtbot: QtBot, finder: SuggestionFinder, marks: Path
) -> None:
    finder.search_type = StubbornSearch  # deaf to being cancelled
    finder.request(event_file, 71, point_count=LARGE)
    qtbot.waitUntil((marks / "started-stubborn").exists, timeout=30_000)
    pid = int((marks / "pid").read_text())
    if hasattr(os, "getpriority"):  # below the window, so a keystroke comes first
        assert os.getpriority(os.PRIO_PROCESS, pid) > os.getpriority(os.PRIO_PROCESS, 0)
    finder.stop()
    qtbot.waitUntil(lambda: process_gone(pid), timeout=500)
    assert not finder.searching()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kills a process the POSIX way")
def test_a_search_process_that_dies_says_so_instead_of_searching_for_ever(
    event_file: Workshop, qtbot: QtBot, finder: SuggestionFinder, marks: Path
) -> None:
    finder.request(event_file, 71, point_count=LARGE)
    qtbot.waitUntil((marks / "started-71").exists, timeout=30_000)
    with qtbot.waitSignal(finder.found, timeout=10_000) as found:
        os.kill(int((marks / "pid").read_text()), signal.SIGKILL)  # as out of memory would
    generation, error = found.args
    assert generation == finder.generation and "stopped unexpectedly" in str(error)
    assert not finder.searching()
    with qtbot.waitSignal(finder.found, timeout=30_000) as found:  # the next one starts afresh
        finder.request(event_file, 72, point_count=LARGE)
    assert found.args[1] == []


#: Starts a search that never ends and never listens, says its process id, then ends at once as
#: the app does when its window closes (os._exit: nothing is waited for).
ABANDONED_SEARCH = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from facilitator_app.core.store import open_workshop
from facilitator_app.ui.review.worker import SuggestionFinder
from search_stand_ins import StubbornSearch

app = QCoreApplication([])
finder = SuggestionFinder()
finder.search_type = StubbornSearch
workshop = open_workshop(sys.argv[1])
finder.request(workshop, 72, point_count=10_000)
started = Path(os.environ["FACILITATOR_TEST_SEARCH_DIR"], "started-stubborn")
while not started.exists():
    app.processEvents()
print(finder.process.pid, flush=True)
os._exit(0)
"""


def test_the_search_process_ends_with_the_app_however_the_app_ends(
    event_file: Workshop, marks: Path, qtbot: QtBot
) -> None:
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]),
    )
    command = [sys.executable, "-c", ABANDONED_SEARCH, str(event_file.path)]
    app = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    assert app.stdout is not None
    pid = int(app.stdout.readline())  # not read to the end: a search left behind holds it open
    app.stdout.close()
    assert app.wait(60) == 0
    try:
        qtbot.waitUntil(lambda: process_gone(pid), timeout=2_000)
    finally:
        if not process_gone(pid):
            os.kill(pid, signal.SIGKILL)  # a failed run leaves nothing running behind
