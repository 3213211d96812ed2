"""The rooms advertised on the network, looked for on the live room's thread while the join
dialog is open; each change reaches the GUI thread as a queued signal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from facilitator_app.live.discovery import FoundRoom
    from facilitator_app.ui.live.table_session import LiveLoop

#: What looks for rooms: reports each new list of rooms until the event is set.
Browse = Callable[[Callable[[list["FoundRoom"]], None], asyncio.Event], Coroutine[Any, Any, None]]


class RoomBrowser(QObject):
    #: list[FoundRoom]: every room found now (empty when the last one went), on the GUI thread.
    rooms_changed = Signal(object)
    _found_in = Signal(object)  # emitted on the loop thread, received queued by this object

    def __init__(
        self, loop: LiveLoop, browse: Browse | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._loop = loop
        self._browse = browse
        self._stop: asyncio.Event | None = None
        self._stopped = False
        self._found_in.connect(self.rooms_changed)

    def start(self) -> None:
        self._loop.submit(self._run())

    def stop(self) -> None:
        self._stopped = True
        if self._stop is not None:
            self._loop.submit(_set(self._stop))

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        if self._stopped:
            return
        browse = self._browse
        if browse is None:
            from facilitator_app.live.discovery import browse_rooms

            browse = browse_rooms
        await browse(self._found, self._stop)

    def _found(self, rooms: list[FoundRoom]) -> None:
        with suppress(RuntimeError):  # the dialog closed and let this browser go
            self._found_in.emit(list(rooms))


async def _set(event: asyncio.Event) -> None:
    event.set()
