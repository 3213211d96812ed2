"""Time to the first window shown: the app against a bare PySide6 window, both started as
subprocesses the same way in the same run. Printed as a ratio (target: at most 2.5x).

Each process prints "shown" from the first event-loop turn after ``show()`` and quits; the time
is from starting the process to reading that line. Runs alternate so both see the same load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

BARE_WINDOW = textwrap.dedent(
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 760)
    window.show()
    def report():
        print("shown", flush=True)
        app.quit()
    QTimer.singleShot(0, report)
    app.exec()
    """
)
RUNS = 5


def time_to_shown(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait(30)
    assert line.strip() == "shown", f"{command} did not show a window"
    return elapsed


@pytest.mark.benchmark
def test_app_start_up_against_a_bare_pyside_window(tmp_path: Path) -> None:
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_REPORT_SHOWN="quit",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
        FACILITATOR_APP_INSTANCE_NAME=f"facilitator-app-bench-{os.getpid()}",
    )
    bare_command = [sys.executable, "-c", BARE_WINDOW]
    app_command = [sys.executable, "-m", "facilitator_app"]
    # one warm-up each, so neither pays for a cold disk cache alone
    time_to_shown(bare_command, environment)
    time_to_shown(app_command, environment)
    bare: list[float] = []
    app: list[float] = []
    for _ in range(RUNS):
        bare.append(time_to_shown(bare_command, environment))
        app.append(time_to_shown(app_command, environment))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(
        f"\nstart-up to first window: app {app_median * 1000:.0f} ms, bare PySide6 window "
        f"{bare_median * 1000:.0f} ms (medians of {RUNS}); ratio {ratio:.2f}x (target <= 2.5x)"
    )
    assert ratio < 5, "start-up has grown far beyond the target; look for eager heavy imports"
