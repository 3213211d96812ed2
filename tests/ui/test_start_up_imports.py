"""A scribe reopening an event types at once: the window loads only what capture needs (#16).

The app starts in a fresh interpreter the way a double-click does (``facilitator-app FILE
--table NAME``, offscreen) on an event with points at two tables. Once the capture view is on
screen it reports which modules are loaded; then the scribe types a point into the focused
box and presses Enter, and the point must be in the file. Report writing (python-docx, lxml),
spreadsheets (openpyxl), the duplicate search (numpy, rapidfuzz), the live room (websockets,
zeroconf) and the merge, review and report code must wait until they are used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from facilitator_app.core import points
from facilitator_app.core.event import find_table, list_questions
from facilitator_app.core.store import open_workshop

#: Loaded only when the view or action that needs them is first used.
NOT_AT_START = (
    "docx",
    "lxml",
    "openpyxl",
    "numpy",
    "rapidfuzz",
    "websockets",
    "zeroconf",
    "facilitator_app.live",
    "facilitator_app.core.merge",
    "facilitator_app.core.report",
    "facilitator_app.core.duplicates",
    "facilitator_app.core.duplicate_pairs",
    "facilitator_app.core.consolidate",
    "facilitator_app.core.spreadsheets",
    "facilitator_app.ui.merge",
    "facilitator_app.ui.review",
    "facilitator_app.ui.report",
    "facilitator_app.ui.setup",
)

_PROBE = """
import json, sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from facilitator_app.ui.shell.app import run_app
from facilitator_app.ui.shell.main_window import MainWindow, Mode

app = QApplication([])

def capture_shown():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    entry = window.capture_view.column(1).entry
    report = {
        "mode": window.current_mode().name,
        "typeable": entry.isVisible() and entry.isEnabled() and not entry.isReadOnly(),
        "loaded": sorted(sys.modules),
    }
    print(json.dumps(report), flush=True)
    QTest.keyClicks(entry, "Typed as soon as the window was up")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    window.close()

QTimer.singleShot(0, capture_shown)  # the first turn of the app's own event loop
sys.exit(run_app([sys.argv[1], "--table", "Table Two", "--new-instance"]))
"""


def run_probe(probe: str, event_path: Path, tmp_path: Path) -> dict[str, Any]:
    """Start the app on ``event_path`` in a fresh interpreter, as a double-click does, with
    ``probe`` playing the user; what it reported (its first line, JSON)."""
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
    )
    environment.pop("FACILITATOR_APP_KEEP_PROCESS", None)
    result = subprocess.run(
        [sys.executable, "-c", probe, str(event_path)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[0])
    return report


def test_capture_opens_without_the_libraries_of_other_views_and_takes_a_point(
    seated_event_path: Path, tmp_path: Path
) -> None:
    with open_workshop(seated_event_path) as workshop:
        question = list_questions(workshop)[0]
        for name in ("Table One", "Table Two"):
            table = find_table(workshop, name)
            points.add_point(workshop, table.id, question.id, f"Evening clinics ({name})")
    report = run_probe(_PROBE, seated_event_path, tmp_path)
    assert report["mode"] == "CAPTURE" and report["typeable"]
    loaded = set(report["loaded"])
    too_soon = sorted(
        name for name in loaded if any(name == h or name.startswith(h + ".") for h in NOT_AT_START)
    )
    assert not too_soon, f"loaded before they are used: {too_soon}"

    with open_workshop(seated_event_path) as workshop:
        table = find_table(workshop, "Table Two")
        texts = [p.text for p in points.list_points(workshop, table_id=table.id)]
    assert "Typed as soon as the window was up" in texts


_REVIEW_PROBE = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from facilitator_app.ui.shell.app import run_app
from facilitator_app.ui.shell.main_window import MainWindow, Mode

app = QApplication([])

def capture_shown():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.show_mode(Mode.REVIEW)
    QTimer.singleShot(0, lambda: review_shown(window))

def review_shown(window):
    report = {
        "rows": window.review_view.model.rowCount(),
        "searching": window.review_view.finder.process is not None,
        "loaded": sorted(sys.modules),
    }
    print(json.dumps(report), flush=True)
    window.close()

QTimer.singleShot(0, capture_shown)
sys.exit(run_app([sys.argv[1], "--table", "Table Two", "--new-instance"]))
"""


def test_the_review_of_a_big_event_searches_in_its_own_process_without_loading_the_search(
    seated_event_path: Path, tmp_path: Path
) -> None:
    """numpy and rapidfuzz (a tenth of a second and more to load) belong to the process that
    searches; the review window shows its rows without them."""
    with open_workshop(seated_event_path) as workshop:
        question = list_questions(workshop)[0]
        for name in ("Table One", "Table Two"):
            table = find_table(workshop, name)
            for number in range(220):  # 440 points: above what is searched in the window
                points.add_point(workshop, table.id, question.id, f"Clinic {number} ({name})")
    report = run_probe(_REVIEW_PROBE, seated_event_path, tmp_path)
    assert report["rows"] == 440 and report["searching"]
    loaded = set(report["loaded"])
    assert not {"numpy", "rapidfuzz"} & loaded
