"""Scripted keyboard input for the crash test: real key presses into the real widgets.

Run as ``python tests/ui/scripted_keys.py SCRIPT.json [app arguments]``: it starts the real app
(as ``facilitator-app [app arguments]`` would) and, once the window is up, plays SCRIPT.json, a
JSON file: a list of steps, each ``{"type": TEXT}``
(typed into the focused widget), ``{"key": NAME}`` (a Qt key name such as ``"Return"`` or
``"Tab"``, with optional ``"modifiers": ["Ctrl"]``), ``{"wait": MS}`` or ``{"pace": MS}``: from
then on each key press is followed by MS of waiting (steady typing) and reported on stdout as
``key N T`` (N key presses so far, T the ``time.monotonic()`` it was handled at), so a test that
kills the app at a random moment knows what had been typed when. When the script is done it
prints ``script done`` on stdout and the app keeps running, so the test can kill it. None of
this ships with the app: it lives with the tests.
"""

from __future__ import annotations

import json
import sys
import time
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

    pace = 0
    pressed = 0

    def press(key: Qt.Key | str, modifiers: Qt.KeyboardModifier) -> None:
        nonlocal pressed
        target = QApplication.focusWidget() or window
        if isinstance(key, str):
            QTest.keyClicks(target, key)
        else:
            QTest.keyClick(target, key, modifiers)
        if pace:
            pressed += 1
            print(f"key {pressed} {time.monotonic():.4f}", flush=True)
            QTest.qWait(pace)

    for step in steps:
        if "type" in step:
            text = str(step["type"])
            for chunk in text if pace else [text]:
                press(chunk, Qt.KeyboardModifier.NoModifier)
        elif "key" in step:
            modifiers = Qt.KeyboardModifier.NoModifier
            for name in step.get("modifiers", []):
                modifiers |= _MODIFIERS[name]
            press(getattr(Qt.Key, f"Key_{step['key']}"), modifiers)
        elif "wait" in step:
            QTest.qWait(int(step["wait"]))
        elif "pace" in step:
            pace = int(step["pace"])
            print("typing started", flush=True)
    print("script done", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
