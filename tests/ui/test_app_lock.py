"""The write lock beside a workshop file: held, refreshed, and taken over once abandoned."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot

from facilitator_app.ui.shell.file_lock import STALE_AFTER_MS, WorkshopLock, lock_path_for

# The lock's refresh timer needs a running application's event dispatcher, whichever test
# comes first (alone, or on a pytest-xdist worker): without one Qt warns and the timer is dead.
pytestmark = pytest.mark.usefixtures("qapp")


def fake_lock_from_another_machine(path: Path, age_seconds: float) -> Path:
    """A lock file as QLockFile writes it, naming a process on a laptop we cannot see."""
    lock_file = lock_path_for(path)
    lock_file.write_text("4242\nfacilitator-app\nother-laptop\n")
    stamp = time.time() - age_seconds
    os.utime(lock_file, (stamp, stamp))
    return lock_file


def test_the_lock_sits_beside_the_file_and_goes_with_it(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "event.workshop"
    lock = WorkshopLock(path)
    assert lock.acquire()
    assert lock.lock_file == tmp_path / ".event.workshop.lock"
    second = WorkshopLock(path)
    assert not second.acquire()
    assert str(os.getpid()) in second.holder
    lock.release()
    assert not (tmp_path / ".event.workshop.lock").exists()
    assert second.acquire()
    second.release()


def test_a_fresh_lock_from_another_machine_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "event.workshop"
    fake_lock_from_another_machine(path, age_seconds=20)
    lock = WorkshopLock(path)
    assert not lock.acquire()
    assert "other-laptop" in lock.holder


def test_an_abandoned_lock_from_another_machine_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "event.workshop"
    fake_lock_from_another_machine(path, age_seconds=STALE_AFTER_MS / 1000 + 60)
    lock = WorkshopLock(path)
    assert lock.acquire()
    lock.release()


def test_the_holder_keeps_its_lock_fresh(tmp_path: Path) -> None:
    path = tmp_path / "event.workshop"
    lock = WorkshopLock(path)
    assert lock.acquire()
    lock_file = lock_path_for(path)
    old = time.time() - 600
    os.utime(lock_file, (old, old))
    lock._touch()  # what the refresh timer does every minute
    assert time.time() - lock_file.stat().st_mtime < 60
    other = QLockFile(str(lock_file))
    other.setStaleLockTime(STALE_AFTER_MS)
    assert not other.tryLock(0)
    lock.release()
