"""One table's live session: the Qt-free :class:`TableClient` on the live room's thread.

The client runs on a :class:`LoopThread` (asyncio, off the GUI thread) and calls back there;
:class:`TableSession` lives on the GUI thread: the callbacks emit its private signals, which
reach its own slots queued on the GUI thread, and those emit the public signals there, so even
a plain function connected to them runs on the GUI thread. Nothing here waits for the loop:
starting and leaving only schedule work, so typing never waits on the network. The client only
reads the table file (every point is stored by the app first, as always); it writes only the
set-up the facilitator pushes, and :attr:`TableSession.setup_applied` says so, for the views.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Coroutine
from concurrent.futures import Future
from contextlib import suppress
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from facilitator_app.live.loop_thread import LoopThread
from facilitator_app.live.table import JoinRefusedError, TableClient, TableStatus, TimerState


class LiveLoop:
    """The live room's one asyncio thread, started the first time something needs it."""

    def __init__(self) -> None:
        self._thread: LoopThread | None = None

    def submit(self, coroutine: Coroutine[Any, Any, Any]) -> Future[Any]:
        if self._thread is None:
            self._thread = LoopThread().start()
        return self._thread.submit(coroutine)

    def stop(self, timeout: float = 10.0) -> None:
        """Wait for what still runs to wind down (tests; quitting the app never waits)."""
        if self._thread is not None:
            thread, self._thread = self._thread, None
            thread.stop(timeout)


class TableSession(QObject):
    """Keeps the open table file in the room until :meth:`leave`; says what happens."""

    #: TableStatus (a copy): connected, and how many changes are still to send.
    status_changed = Signal(object)
    #: The host admitted this table (the first time in this session).
    joined = Signal()
    #: The host will not have this table: the reason, in plain words.
    refused = Signal(str)
    #: The facilitator's set-up (a new question or theme) was written into the table file.
    setup_applied = Signal()
    #: TimerState: the facilitator started, paused or reset the round.
    timer_pushed = Signal(object)
    #: Every table's points (list of dicts) while the facilitator shares the room, else [].
    room_shared = Signal(object)
    #: The client stopped (left, refused, or the file could not be read).
    ended = Signal()

    # emitted on the loop thread, received (queued) by this object on the GUI thread
    _status_in = Signal(object)
    _refused_in = Signal(str)
    _setup_in = Signal()
    _timer_in = Signal(object)
    _room_in = Signal(object)
    _ended_in = Signal()

    def __init__(
        self,
        loop: LiveLoop,
        table_path: Path,
        *,
        address: str,
        port: int,
        code: str,
        table: str,
        parent: QObject | None = None,
        **client_options: Any,
    ) -> None:
        super().__init__(parent)
        self.address = address
        self.port = port
        self.table = table
        self.has_joined = False
        self.status = TableStatus()
        self._loop = loop
        self._stop: asyncio.Event | None = None
        self._leaving = False
        self._status_in.connect(self._note_status)
        self._refused_in.connect(self.refused)
        self._setup_in.connect(self.setup_applied)
        self._timer_in.connect(self.timer_pushed)
        self._room_in.connect(self.room_shared)
        self._ended_in.connect(self.ended)
        options = dict(address=address, port=port, code=code, table=table, **client_options)
        self._running = loop.submit(self._run(Path(table_path), options))
        self._running.add_done_callback(self._emit_ended)

    async def _run(self, table_path: Path, options: dict[str, Any]) -> None:
        """On the loop thread: make the client (it reads the file) and sync until left."""
        self._stop = asyncio.Event()
        if self._leaving:
            return

        def on_status(status: TableStatus) -> None:
            self._status_in.emit(dataclasses.replace(status))

        def on_setup(_fields: dict[str, Any]) -> None:
            if client.setup_changed:
                self._setup_in.emit()

        def on_timer(timer: TimerState) -> None:
            self._timer_in.emit(dataclasses.replace(timer))

        def on_room(points: list[dict[str, Any]]) -> None:
            self._room_in.emit(list(points))

        try:
            client = TableClient(
                table_path, on_status=on_status, on_setup=on_setup, on_timer=on_timer,
                on_room=on_room, **options,
            )  # fmt: skip
            await client.run(self._stop)
        except JoinRefusedError as error:
            self._refused_in.emit(str(error))
        except Exception as error:  # the file went unreadable, say: the room is left, say why
            self._refused_in.emit(str(error) or type(error).__name__)

    def _emit_ended(self, _future: Future[Any]) -> None:
        with suppress(RuntimeError):  # the window already let this session go
            self._ended_in.emit()

    def leave(self) -> None:
        """Stop the client (it finishes what it is sending, in the background)."""
        self._leaving = True
        stop = self._stop
        if stop is not None:
            self._loop.submit(_set(stop))

    @property
    def running(self) -> bool:
        return not self._running.done()

    def wait_ended(self, timeout: float) -> None:
        """Tests only: the GUI never waits for the network."""
        self._running.result(timeout)

    def _note_status(self, status: TableStatus) -> None:
        self.status = status
        if status.connected and not self.has_joined:
            self.has_joined = True
            self.joined.emit()
        self.status_changed.emit(status)


async def _set(event: asyncio.Event) -> None:
    event.set()
