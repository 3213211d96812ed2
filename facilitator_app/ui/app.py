"""Composition root of the desktop app: builds the application and the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_app(arguments: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from facilitator_app import APP_NAME

    app = QApplication.instance() or QApplication([sys.argv[0], *arguments])
    label = QLabel(APP_NAME)
    label.setWindowTitle(APP_NAME)
    label.resize(640, 400)
    label.show()
    return app.exec()
