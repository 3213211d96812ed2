"""Composition root of the desktop app: parses the window's arguments, builds and connects.

``facilitator-app [FILE.workshop] [--table NAME] [--new-instance]``. File associations pass the
file; ``--table`` skips the "which table?" question (``--table facilitator`` opens the set-up).
A second launch hands its file to the running window and exits (see ``single_instance``).

Start-up is kept lean: only Qt and the window's own modules load here; the core (SQLAlchemy)
loads when a file is opened, and the report and spreadsheet libraries when first used.

Environment variables used by tests and the benchmarks (not by people):
``FACILITATOR_APP_SETTINGS_DIR`` (INI settings folder), ``FACILITATOR_APP_DATA_DIR`` (where the
sample event is built), ``FACILITATOR_APP_INSTANCE_NAME`` (single-instance socket name),
``FACILITATOR_APP_REPORT_SHOWN`` (print "shown" once the window is up; ``quit``: then exit)
and ``FACILITATOR_APP_KEEP_PROCESS`` (return from :func:`run_app` instead of ending the process
the moment the window is closed).
The crash test's scripted key presses start the app through ``tests/ui/scripted_keys.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from facilitator_app.ui.shell.main_window import MainWindow

#: Name of the desktop entry (resources/linux/workshop-facilitator.desktop), without ".desktop".
DESKTOP_FILE_NAME = "workshop-facilitator"


def parse_arguments(arguments: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="facilitator-app", add_help=False)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--table", default=None)
    parser.add_argument("--new-instance", action="store_true")
    options, _qt_arguments = parser.parse_known_args(list(arguments))
    return options


def run_app(arguments: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from facilitator_app.ui.shell import settings
    from facilitator_app.ui.shell.single_instance import InstanceServer, send_to_running_instance

    options = parse_arguments(arguments)
    settings.settings_folder_from_environment()
    settings.set_application_names()
    app = QApplication.instance() or QApplication([sys.argv[0], *arguments])
    assert isinstance(app, QApplication)
    if not options.new_instance and send_to_running_instance(options.files):
        return 0
    window = build_window()
    server: InstanceServer | None = None
    if not options.new_instance:  # a deliberately separate copy leaves the first one the target
        server = InstanceServer(parent=app)
        server.listen()
        server.files_received.connect(window.open_files)
    if sys.platform == "darwin":  # Finder sends a document as an event (only on macOS)
        # Only there: a Python filter on the application sees every event of every widget,
        # each waiting for the GIL while a background search runs Python (closing took 1 s).
        app.installEventFilter(FileOpenEvents(window))
    _set_icon(app)
    window.show()
    _report_when_shown(window)
    # What start-up built (modules, classes, the window) lives as long as the app: frozen out
    # of the garbage collector's generations, it is not walked again each time the reading of
    # thousands of points triggers a collection (a tenth of a second at 50,000 points).
    gc.freeze()
    if options.files:
        window.open_path(options.files[0], table=options.table)
    try:
        code = app.exec()
    finally:
        if server is not None:
            server.close()
    leave_now(window, code)
    return code  # only when leave_now is told not to end the process (tests in-process)


def leave_now(window: MainWindow, code: int) -> None:
    """End the process at once once the window is closed: every change is on disk already
    (each commits as it is made; settings not yet written are written here), so nothing else
    is waited for, neither a duplicate search still running nor Qt's and Python's tidying of
    thousands of objects. A hand-in copy was finished by the window's close (never half a
    file)."""
    window.close()  # quit without closing (a session ending): close the file properly first
    from facilitator_app.ui.shell.settings import save_settings

    save_settings()
    if os.environ.get("FACILITATOR_APP_KEEP_PROCESS"):
        gc.unfreeze()  # the process goes on (tests in-process): let start-up's objects go
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def build_window() -> MainWindow:
    """The main window with the user's settings (separate so tests build it the same way)."""
    from facilitator_app.ui.shell.main_window import MainWindow
    from facilitator_app.ui.shell.settings import Preferences, WindowState, data_dir

    return MainWindow(Preferences(), WindowState(), data_dir=data_dir())


class FileOpenEvents(QObject):
    """On macOS a double-clicked document arrives as a ``QFileOpenEvent``, not on argv."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            self.window.open_files([Path(event.file())])
            return True
        return super().eventFilter(watched, event)


def _set_icon(app: QApplication) -> None:
    """The window icon, and the desktop entry's name so Wayland docks match the window to it."""
    from facilitator_app.ui.widgets.icons import app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_FILE_NAME)


def _report_when_shown(window: object) -> None:
    """For the start-up benchmark: say when the first window is on screen."""
    mode = os.environ.get("FACILITATOR_APP_REPORT_SHOWN")
    if not mode:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def report() -> None:
        print("shown", flush=True)
        if mode == "quit":
            QApplication.quit()

    QTimer.singleShot(0, report)
