"""The one helper for long work: results, partial results and failures come back to the GUI
thread as signals, and a failure is always one plain sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from facilitator_app.core.errors import WorkshopError
from facilitator_app.ui.background import BackgroundJob


def test_partial_results_then_the_result_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    def work(report: Callable[[object], None]) -> object:
        for number in (1, 2):
            report(number)
        return "done"

    job = BackgroundJob(work)
    partial: list[object] = []
    job.progress.connect(partial.append)
    with qtbot.waitSignal(job.done, timeout=10_000) as blocker:
        job.start()
    assert blocker.args == ["done"]
    assert partial == [1, 2]
    assert not job.running()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (WorkshopError("event.workshop is in use by another program."), "in use by another"),
        (
            PermissionError(13, "Permission denied", "/media/stick/t.workshop"),
            "could not be written",
        ),
        (ValueError("a bug"), "stopped unexpectedly: a bug"),
    ],
)
def test_a_failure_is_one_plain_sentence(qtbot: QtBot, error: Exception, message: str) -> None:
    def work(_report: Callable[[object], None]) -> object:
        raise error

    job = BackgroundJob(work)
    with qtbot.assertNotEmitted(job.done), qtbot.waitSignal(job.failed, timeout=10_000) as got:
        job.start()
    assert message in got.args[0]
    assert "Traceback" not in got.args[0]


def test_small_work_runs_at_once_and_reports_the_same_way(qtbot: QtBot) -> None:
    job = BackgroundJob(lambda _report: 42)
    results: list[object] = []
    job.done.connect(results.append)
    job.run_here()
    assert results == [42]
