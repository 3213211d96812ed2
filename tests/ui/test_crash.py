"""Pulling the plug loses nothing: the real app in a subprocess, points typed into it through
its real widgets, then SIGKILL. The reopened file holds every point and the draft, is sound, and
the lock the dead app left behind does not keep the file read-only."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from facilitator_app.core.enums import Strength
from facilitator_app.core.event import find_table, list_questions, list_themes
from facilitator_app.core.points import list_points, load_draft_details, load_drafts
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


def _environment(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        FACILITATOR_APP_SETTINGS_DIR=str(tmp_path / "settings"),
        FACILITATOR_APP_DATA_DIR=str(tmp_path / "data"),
        FACILITATOR_APP_INSTANCE_NAME=f"facilitator-app-crash-{os.getpid()}",
    )


def _start(path: Path, steps: list[dict[str, object]], tmp_path: Path) -> subprocess.Popen[str]:
    """The app on ``path`` as Table Two, running ``steps`` as real key presses."""
    script_file = tmp_path / "script.json"
    script_file.write_text(json.dumps(steps), "utf-8")
    return subprocess.Popen(
        [sys.executable, str(SCRIPTED_KEYS), str(script_file), str(path), "--table", "Table Two"],
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_killed_app_loses_no_point_and_no_draft(seated_event_path: Path, tmp_path: Path) -> None:
    app = _start(seated_event_path, script(), tmp_path)
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


# --- steady typing, killed at a random moment ----------------------------------------------

#: Short points typed one after the other under question 1; the second and fourth get theme 2
#: and "consensus" (Alt+2, Ctrl+H) part-way through the typing, as a scribe would.
STEADY = [
    ("Care closer to home", False),
    ("Fewer trips to town", True),
    ("One team for a patient", False),
    ("Shorter waits at clinic", True),
    ("Evening appointments", False),
    ("Less parking stress", False),
]
#: About 80 words a minute: 400 characters a minute, one key press every 150 ms.
PACE_MS = 150

PointState = tuple[str, bool, bool]  # text, theme 2?, consensus?
State = tuple[tuple[PointState, ...], PointState | None]  # points added, the draft


def steady_script() -> tuple[list[dict[str, object]], list[State]]:
    """The key presses, and what the file should hold after each number of them."""
    steps: list[dict[str, object]] = [{"pace": PACE_MS}]
    states: list[State] = [((), None)]
    added: list[PointState] = []
    for text, themed in STEADY:
        draft, theme, strength = "", False, False
        for position, letter in enumerate(text):
            steps.append({"type": letter})
            draft += letter
            states.append((tuple(added), (draft, theme, strength)))
            if themed and position == 5:
                steps.append({"key": "2", "modifiers": ["Alt"]})
                theme = True
                states.append((tuple(added), (draft, theme, strength)))
                steps.append({"key": "H", "modifiers": ["Ctrl"]})
                strength = True
                states.append((tuple(added), (draft, theme, strength)))
        steps.append({"key": "Return"})
        added.append((text, theme, strength))
        states.append((tuple(added), None))
    return steps, states


class _Reader(threading.Thread):
    """Collects the app's stdout lines as they come, so the test can kill it meanwhile."""

    def __init__(self, app: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.lines: list[str] = []
        self.started_typing = threading.Event()

    def run(self) -> None:
        assert self.app.stdout is not None
        for line in self.app.stdout:
            self.lines.append(line.strip())
            if line.strip() == "typing started":
                self.started_typing.set()


@pytest.mark.parametrize("run", range(3))
def test_steady_typing_killed_at_a_random_moment_loses_at_most_the_last_second(
    seated_event_path: Path, tmp_path: Path, run: int
) -> None:
    steps, states = steady_script()
    delay = random.uniform(1.5, 7.0)
    app = _start(seated_event_path, steps, tmp_path)
    reader = _Reader(app)
    reader.start()
    try:
        assert reader.started_typing.wait(60), app.stderr.read() if app.stderr else ""
        time.sleep(delay)  # the moment the battery dies: the scenario, not a wait for a signal
        killed_at = time.monotonic()
        app.send_signal(signal.SIGKILL)
        app.wait(10)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    reader.join(10)
    presses = [line.split() for line in reader.lines if line.startswith("key ")]
    handled = [(int(count), float(at)) for _key, count, at in presses]
    # everything typed a second before the kill must be on disk; what came after may be too
    at_least = max((count for count, at in handled if at <= killed_at - 1.0), default=0)
    at_most = min(max((count for count, _at in handled), default=0) + 1, len(states) - 1)

    # Opened as the next start of the app opens it (read-write: a write cut off by the kill
    # is rolled back from its journal), then checked.
    with open_workshop(seated_event_path) as workshop:
        table = find_table(workshop, "Table Two")
        question = list_questions(workshop)[0]
        theme = list_themes(workshop)[1].id

        def state_of(text: str, theme_id: str | None, strength: Strength | None) -> PointState:
            return (text, theme_id == theme, strength is Strength.CONSENSUS)

        added = tuple(
            state_of(p.text, p.theme_id, p.strength)
            for p in list_points(workshop, table_id=table.id, question_id=question.id)
        )
        drafts = load_draft_details(workshop, table.id)
    assert check_file(seated_event_path).sound
    draft = drafts.get(question.id)
    stored: State = (added, state_of(draft.text, draft.theme_id, draft.strength) if draft else None)
    matching = [k for k in range(at_least, at_most + 1) if states[k] == stored]
    assert matching, (
        f"killed {delay:.2f} s into the typing: the file holds {stored}, "
        f"but after {at_least} key presses it should hold {states[at_least]}"
    )
