"""Scripted keyboard input for the crash test: real key presses into the real widgets.

Run as ``python tests/ui/scripted_keys.py SCRIPT.json [app arguments]``: it starts the real app
(as ``facilitator-app [app arguments]`` would) and, once the window is up, plays SCRIPT.json, a
JSON file: a list of steps, each ``{"type": TEXT}``
(typed into the focused widget), ``{"key": NAME}`` (a Qt key name such as ``"Return"`` or
``"Tab"``, with optional ``"modifiers": ["Ctrl"]``) or ``{"wait": MS}``. When the script is done
it prints ``script done`` on stdout and the app keeps running, so the test can kill it. None
of this ships with the app: it lives with the tests.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

_MODIFIERS = {
    "Ctrl": Qt.KeyboardModifier.ControlModifier,
    "Shift": Qt.KeyboardModifier.ShiftModifier,
    "Alt": Qt.KeyboardModifier.AltModifier,
}


def main(arguments: list[str]) -> int:
    """Start the app with ``arguments[1:]``; play the script in ``arguments[0]`` once it is up."""
    from facilitator_app.__main__ import main as app_main
    from facilitator_app.ui.shell import app

    steps: list[dict[str, Any]] = json.loads(Path(arguments[0]).read_text("utf-8"))
    build_window = app.build_window

    def build_and_play() -> Any:
        window = build_window()
        window.document_opened.connect(lambda: QTimer.singleShot(200, lambda: _run(window, steps)))
        return window

    app.build_window = build_and_play  # type: ignore[assignment]
    return app_main(arguments[1:])


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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
