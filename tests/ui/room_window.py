"""Helpers for the tests of hosting the live room from the window: a facilitator's window on
an event file, table laptops running a real TableClient on a loop of their own, a free port.

Everything listens on the loopback address only, and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_app import ScriptedDialogs

from facilitator_app.core import event, points
from facilitator_app.core.store import copy_workshop, open_workshop
from facilitator_app.live.loop_thread import LoopThread
from facilitator_app.live.table import TableClient, TimerState
from facilitator_app.ui.live.room_models import RoomPointsModel
from facilitator_app.ui.shell import settings
from facilitator_app.ui.shell.main_window import MainWindow
from facilitator_app.ui.shell.table_picker import FACILITATOR

LOOPBACK = "127.0.0.1"
WAIT_MS = 30_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Nothing listens there, and a server (as the host binds, with SO_REUSEADDR, so the
    closed connections' TIME_WAIT does not count) could listen there again."""
    with socket.socket() as caller:
        try:
            caller.connect((LOOPBACK, port))
        except ConnectionRefusedError:
            pass
        else:
            return False
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
            probe.listen()
        except OSError:
            return False
        return True


@contextmanager
def facilitator_window(qtbot: QtBot, tmp_path: Path, event_path: Path) -> Iterator[MainWindow]:
    """The event file open in the facilitator's set-up, at laptop size."""
    settings.use_settings_folder(tmp_path / "settings")
    dialogs = ScriptedDialogs()
    dialogs.table = FACILITATOR
    main = MainWindow(
        settings.Preferences(), settings.WindowState(), data_dir=tmp_path / "data", dialogs=dialogs
    )
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    qtbot.waitExposed(main)
    assert main.open_path(event_path)
    yield main
    main.close_document()
    settings.use_settings_folder(None)


@dataclass
class Table:
    """A table's laptop: its own file, kept in sync by a TableClient on a loop of its own."""

    path: Path
    name: str
    timers: list[TimerState] = field(default_factory=list)
    setups: list[dict[str, Any]] = field(default_factory=list)
    #: What the host shared of the room each time (None: not shared).
    rooms: list[list[dict[str, Any]] | None] = field(default_factory=list)
    running_timer: threading.Event = field(default_factory=threading.Event)

    def add(self, text: str, question: int = 0) -> str:
        with open_workshop(self.path) as workshop:
            table = event.find_table(workshop, self.name)
            question_id = event.list_questions(workshop)[question].id
            return points.add_point(workshop, table.id, question_id, text).id

    def questions(self) -> list[str]:
        with open_workshop(self.path, read_only=True) as workshop:
            return [q.text for q in event.list_questions(workshop)]

    def on_timer(self, timer: TimerState) -> None:
        self.timers.append(timer)
        if timer.state == "running":
            self.running_timer.set()


def table_file(event_path: Path, name: str, folder: Path | None = None) -> Table:
    """The copy of the event file handed to a table before the event (beside it, or in
    ``folder``: another laptop's)."""
    path = (folder or event_path.parent) / f"{name}.workshop"
    with open_workshop(event_path, read_only=True) as workshop:
        copy_workshop(workshop, path)
    return Table(path, name)


def wait_connected(qtbot: QtBot, window: MainWindow, name: str) -> None:
    wall = window.room.wall
    assert wall is not None
    qtbot.waitUntil(
        lambda: (state := wall.tables.state_of(name)) is not None and state.connected,
        timeout=WAIT_MS,
    )


class Joined:
    """The table's client running until :meth:`leave`."""

    def __init__(self, table: Table, port: int, code: str) -> None:
        self.loop = LoopThread("table-laptop").start()
        self.stop = asyncio.Event()
        self.client = TableClient(
            table.path, address=LOOPBACK, port=port, code=code, table=table.name,
            poll_interval=0.05, retry_max=0.3, on_timer=table.on_timer,
            on_setup=table.setups.append,
            on_room=lambda rows: table.rooms.append(self.client.room_points),
        )  # fmt: skip
        self.running = self.loop.submit(self.client.run(self.stop))

    def leave(self) -> None:
        async def stop() -> None:
            self.stop.set()

        try:
            self.loop.submit(stop()).result(10)
            self.running.result(20)
        finally:
            self.loop.stop()


def host_from_the_menu(qtbot: QtBot, window: MainWindow, port: int) -> str:
    """Room > Host the room…, this laptop only, the given port, Start: returns the code."""
    window.room.host_action.trigger()
    dialog = window.room.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.address.setCurrentIndex(dialog.address.findData(LOOPBACK))
    dialog.port.setValue(port)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT_MS)
    assert f"{LOOPBACK}:{port}" in dialog.where.text()
    assert "not advertised" in dialog.advertised.text()  # loopback: this laptop only
    return dialog.code.text()


def wall_texts(window: MainWindow) -> list[str]:
    wall = window.room.wall
    assert wall is not None
    model = wall.points
    texts = []
    for number in range(model.rowCount()):
        question = model.index(number, 0)
        texts += [
            str(model.index(row, RoomPointsModel.TEXT, question).data())
            for row in range(model.rowCount(question))
        ]
    return texts


def event_point_texts(path: Path) -> list[str]:
    with open_workshop(path, read_only=True) as workshop:
        return [p.text for p in points.list_points(workshop)]
