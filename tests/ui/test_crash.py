"""Pulling the plug loses nothing: the real app in a subprocess, points typed into it through
its real widgets, then SIGKILL. The reopened file holds every point and the draft, is sound, and
the lock the dead app left behind does not keep the file read-only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator_app.core.event import find_table, list_questions
from facilitator_app.core.points import list_points, load_drafts
from facilitator_app.core.store import check_file, open_workshop
from facilitator_app.ui.shell.file_lock import lock_path_for

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

POINTS = {
    1: ["Care closer to home", "Fewer trips to the city hospital", "One team around the patient"],
    2: ["Parking at the new site", "Staff already stretched"],
    3: ["Reserve drop-off spaces", "Phase the evening clinics in", "Shared patient record"],
}
SCRIPTED_KEYS = Path(__file__).with_name("scripted_keys.py")
DRAFT = "Volunteer drivers for the north villa"


def script() -> list[dict[str, object]]:
    """Type each question's points (Enter adds), Alt+Right to the next, then leave a draft."""
    steps: list[dict[str, object]] = []
    for number, texts in POINTS.items():
        for text in texts:
            steps += [{"type": text}, {"key": "Return"}]
        if number < len(POINTS):
            steps.append({"key": "Right", "modifiers": ["Alt"]})
    steps += [{"type": DRAFT}, {"wait": 900}]  # the draft is written once typing pauses
    return steps


def test_killed_app_loses_no_point_and_no_draft(seated_event_path: Path, tmp_path: Path) -> None:
    steps = tmp_path / "script.json"
    steps.write_text(json.dumps(script()), "utf-8")
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
        FACILITATOR_APP_INSTANCE_NAME=f"facilitator-app-crash-{os.getpid()}",
    )
    app = subprocess.Popen(
        [
            sys.executable,
            str(SCRIPTED_KEYS),
            str(steps),
            str(seated_event_path),
            "--table",
            "Table Two",
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and line.strip() != "script done":
            line = app.stdout.readline()
            if not line and app.poll() is not None:
                break
        assert line.strip() == "script done", app.stderr.read() if app.stderr else ""
        assert app.poll() is None, "the app should still be running when the plug is pulled"
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == -signal.SIGKILL

    assert lock_path_for(seated_event_path.resolve()).exists()  # the dead app's lock is left
    assert check_file(seated_event_path).sound
    with open_workshop(seated_event_path, read_only=True) as workshop:
        table = find_table(workshop, "Table Two")
        questions = list_questions(workshop)
        typed = {
            number: [p.text for p in list_points(workshop, table_id=table.id, question_id=q.id)]
            for number, q in enumerate(questions, start=1)
        }
        drafts = load_drafts(workshop, table.id)
    assert typed == POINTS
    assert drafts == {questions[2].id: DRAFT}

    # Reopened by the next start of the app: the stale lock does not make it read-only.
    from facilitator_app.ui.shell.document import open_document

    document = open_document(seated_event_path)
    try:
        assert not document.read_only
    finally:
        document.close()
