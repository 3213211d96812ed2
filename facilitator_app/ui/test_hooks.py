"""Scripted keyboard input for the crash test: real key presses into the real widgets.

``FACILITATOR_APP_TEST_SCRIPT`` names a JSON file: a list of steps, each ``{"type": TEXT}``
(typed into the focused widget), ``{"key": NAME}`` (a Qt key name such as ``"Return"`` or
``"Tab"``, with optional ``"modifiers": ["Ctrl"]``) or ``{"wait": MS}``. When the script is done
the app prints ``script done`` on stdout and keeps running, so the test can kill it. Nothing
here runs unless the variable is set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

_MODIFIERS = {
    "Ctrl": Qt.KeyboardModifier.ControlModifier,
    "Shift": Qt.KeyboardModifier.ShiftModifier,
    "Alt": Qt.KeyboardModifier.AltModifier,
}


def run_script_from_environment(window: QWidget) -> None:
    script = os.environ.get("FACILITATOR_APP_TEST_SCRIPT")
    if not script:
        return
    steps: list[dict[str, Any]] = json.loads(Path(script).read_text("utf-8"))
    QTimer.singleShot(200, lambda: _run(window, steps))


def _run(window: QWidget, steps: list[dict[str, Any]]) -> None:
    from PySide6.QtTest import QTest

    for step in steps:
        target = QApplication.focusWidget() or window
        if "type" in step:
            QTest.keyClicks(target, str(step["type"]))
        elif "key" in step:
            modifiers = Qt.KeyboardModifier.NoModifier
            for name in step.get("modifiers", []):
                modifiers |= _MODIFIERS[name]
            QTest.keyClick(target, getattr(Qt.Key, f"Key_{step['key']}"), modifiers)
        elif "wait" in step:
            QTest.qWait(int(step["wait"]))
    print("script done", flush=True)
