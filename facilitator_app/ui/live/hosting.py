"""One hosting of the live room from the app: a RoomHost on its own asyncio loop, bridged to Qt.

The host (:class:`facilitator_app.live.host.RoomHost`) is asyncio code; the window runs Qt's
event loop. So a :class:`HostingSession` runs the host on a
:class:`~facilitator_app.live.loop_thread.LoopThread` and hands everything it reports back to
the GUI thread as Qt signals: the session lives on the GUI thread and its signals are emitted
from the loop's thread, so Qt queues them to the GUI (never a widget touched from the loop).

Stopping is bounded: the host is given a few seconds to merge what already arrived and say
goodbye to the tables; whatever still runs after that is cancelled (a table re-sends a file
that was not acknowledged, so nothing is lost), and quitting the app is never held up for long.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from facilitator_app.core.errors import WorkshopError

if TYPE_CHECKING:
    from facilitator_app.live.host import RoomHost, TableState
    from facilitator_app.live.loop_thread import LoopThread

log = logging.getLogger("facilitator_app.ui.live.hosting")

#: How long stopping waits for the host to finish its merges and close, in seconds.
STOP_WAIT_SECONDS = 4.0
#: How long closing the window waits for it (quitting must stay prompt).
QUIT_WAIT_SECONDS = 2.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("HostingSession", text)


@dataclass(frozen=True)
class RoomInfo:
    """What the facilitator tells the tables once the room is open."""

    code: str
    address: str
    port: int
    advertised: bool
    tables: tuple[TableState, ...]

    @property
    def where(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


class HostingSession(QObject):
    """The room hosted for one event file, from :meth:`start` until :meth:`stop`."""

    #: RoomInfo: the room is open (listening, advertised where it can be).
    started = Signal(object)
    #: One sentence: the room could not be opened (address in use, file unusable).
    failed = Signal(str)
    #: TableState (a copy): a table joined, left, or its file was merged or refused.
    table_changed = Signal(object)
    #: (peer address, reason): a connection was refused (a wrong code, a table taken…).
    refused = Signal(str, str)
    #: Hosting is over (stopped, or failed to start).
    stopped = Signal()

    def __init__(
        self,
        event_path: Path,
        *,
        address: str,
        port: int,
        code: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from facilitator_app.live.host import RoomHost

        self.event_path = Path(event_path)
        self.host: RoomHost = RoomHost(
            self.event_path, code=code, address=address, port=port,
            on_change=self._on_change, on_refusal=self.refused.emit,
        )  # fmt: skip
        self._loop: LoopThread | None = None
        self._starting: Future[RoomInfo] | None = None
        self.info: RoomInfo | None = None

    @property
    def running(self) -> bool:
        return self._loop is not None

    @property
    def code(self) -> str:
        return self.host.code

    def start(self) -> None:
        """Open the room; ``started`` or ``failed`` follows (the file is checked and backed up
        first, and advertising may take a moment, so the window is not held meanwhile)."""
        from facilitator_app.live.loop_thread import LoopThread

        if self._loop is not None:
            return
        self._loop = LoopThread("room-host").start()
        self._starting = self._loop.submit(self._open())
        self._starting.add_done_callback(self._opened)

    async def _open(self) -> RoomInfo:
        await self.host.start()
        tables = tuple(replace(state) for state in self.host.tables.values())
        host = self.host
        return RoomInfo(host.code, host.address, host.port, host.advertised, tables)

    def _opened(self, future: Future[RoomInfo]) -> None:
        """On the loop's thread (or at once): say how the opening went, as a queued signal."""
        if future.cancelled():
            return
        error = future.exception()
        if error is None:
            self.info = future.result()
            self.started.emit(self.info)
            return
        self.failed.emit(self._describe(error))

    def _describe(self, error: BaseException) -> str:
        if isinstance(error, OSError):
            if error.errno == errno.EADDRINUSE:
                why = _tr("another program uses that port: choose another")
            elif error.errno == errno.EADDRNOTAVAIL:
                why = _tr("this laptop is no longer on that network")
            else:
                why = error.strerror or str(error)
            return (
                _tr("Cannot listen on %1:%2 (%3).")
                .replace("%1", self.host.address)
                .replace("%2", str(self.host.port))
                .replace("%3", why)
            )
        if isinstance(error, WorkshopError):
            return str(error)
        return _tr("The room could not be opened: %1").replace("%1", str(error))

    def _on_change(self, state: TableState) -> None:
        """On the loop's thread: a copy, since the host goes on changing its own."""
        self.table_changed.emit(replace(state))

    # --- pushes to every table -----------------------------------------------------------

    def set_timer(
        self, state: str, minutes: int | None = None, remaining: float | None = None
    ) -> None:
        self._submit(lambda host: host.set_timer(state, minutes, remaining))

    def push_setup(self) -> None:
        self._submit(lambda host: host.push_setup())

    def share_points(self, allowed: bool) -> None:
        self._submit(lambda host: host.share_points(allowed))

    def release_table(self, name: str) -> None:
        """Let another laptop join ``name`` (its laptop was lost or replaced)."""

        async def release(host: RoomHost) -> None:
            host.release_table(name)  # the host's own state: changed on its loop only

        self._submit(release)

    def _submit(self, call: Callable[[RoomHost], Coroutine[Any, Any, None]]) -> None:
        """Send something to every table, without waiting for it (a failure is logged)."""
        if self._loop is None or self.info is None:
            return
        future = self._loop.submit(call(self.host))
        future.add_done_callback(_log_failure)

    # --- stopping ------------------------------------------------------------------------

    def stop(self, wait: float = STOP_WAIT_SECONDS) -> None:
        """Stop listening, merge what already arrived, close; at most about ``wait`` seconds."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            if self._starting is not None and not self._starting.done():
                self._starting.cancel()
            future = loop.submit(self.host.stop())
            try:
                future.result(wait)
            except FutureTimeout:
                log.warning("the room took over %s s to stop; the rest was cancelled", wait)
            except Exception as error:  # stopping must never keep the window from closing
                log.warning("the room stopped with an error: %s", error)
        finally:
            try:
                loop.stop(timeout=1.0)
            except Exception as error:  # a merge still finishing on its thread: let it be
                log.warning("the room's loop did not wind down at once: %s", error)
            self.info = None
            self.stopped.emit()


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("could not reach the tables: %s", future.exception())
