"""Settings reach the disk once per turn of the event loop, and all of them before the app ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator_app.ui.shell import settings
from facilitator_app.ui.shell.app import leave_now


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    settings.use_settings_folder(tmp_path)
    yield tmp_path
    settings.save_settings()
    settings.use_settings_folder(None)


def written(folder: Path) -> str:
    """The preferences file as another process would read it."""
    path = folder / "preferences.ini"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_settings_set_together_are_written_together_when_the_loop_turns(
    qtbot: QtBot, folder: Path
) -> None:
    preferences = settings.Preferences()
    preferences.zoom = 1.5
    preferences.last_folder = "/media/usb"
    assert written(folder) == ""  # not one whole-file write per setting
    qtbot.waitUntil(lambda: "/media/usb" in written(folder))
    assert "zoom=1.5" in written(folder)


def test_settings_not_yet_written_are_written_before_the_app_ends_its_process(
    qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app ends its process without Qt's tidying (where QSettings would write), so it
    writes them itself first."""
    monkeypatch.setenv("FACILITATOR_APP_KEEP_PROCESS", "1")  # return instead of ending
    window = QWidget()
    qtbot.addWidget(window)
    preferences = settings.Preferences()
    preferences.hand_in_folder = "/media/usb/hand-in"
    leave_now(window, 0)  # type: ignore[arg-type]  # only closed
    assert "/media/usb/hand-in" in written(folder)
