"""The scribe's side of the live room: keep one table file in step with the host.

The table file stays the one place points are written (by the app, by ``import``, by anything);
this client only reads it. A watch on ``PRAGMA data_version`` notices every commit within
:attr:`TableClient.poll_interval`; the client then reads the whole file as one consistent
snapshot and sends it, unless the host has already acknowledged those very bytes. It re-sends
after every reconnection, so a dropped Wi-Fi link, a host restart or a laptop waking from sleep
catches up by itself: the host's merge is idempotent, so a repeat is harmless ("already
merged") and nothing can be sent twice into the event.

The set-up and timer messages the host pushes are applied (new questions and themes, with the
event's UUIDs) or recorded (the timer), and handed to the callbacks the GUI will connect.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from facilitator_app.core.errors import WorkshopError
from facilitator_app.live import files
from facilitator_app.live.host import DEFAULT_PORT
from facilitator_app.live.protocol import (
    MAX_FRAME_BYTES,
    Message,
    ProtocolError,
    SecureChannel,
    TableHandshake,
)

log = logging.getLogger("facilitator_app.live.table")


class JoinRefusedError(Exception):
    """The host will not have this table (wrong code, another event, a table already taken)."""


@dataclass
class TableStatus:
    """What the status bar says: "Live: in the room" or "Offline: 12 changes to send"."""

    connected: bool = False
    changes_to_send: int = 0
    message: str = ""
    #: Why the host would not merge the table's latest file ("" when it did): the changes stay
    #: on this laptop until the file is put right (the scribe must hear of it).
    refused: str = ""

    def describe(self) -> str:
        count = self.changes_to_send
        changes = f"{count} change" if count == 1 else f"{count} changes"
        if self.connected and self.refused:
            return f"Live, but the host refused this file: {self.refused}"
        if self.connected and not count:
            return "Live: in the room"
        if self.connected:
            return f"Live: sending {changes}"
        return f"Offline: {changes} to send"


@dataclass
class TimerState:
    state: str
    minutes: int
    remaining: float


def parse_host(text: str) -> tuple[str, int]:
    """``ADDRESS[:PORT]`` (``[::1]:PORT`` for IPv6) as address and port."""
    text = text.strip()
    if text.startswith("["):
        address, _, rest = text[1:].partition("]")
        port = rest.removeprefix(":")
    elif text.count(":") == 1:
        address, port = text.split(":")
    else:
        address, port = text, ""
    if not address:
        raise ValueError(f"{text!r} names no host")
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"{port!r} is not a port number")
    return address, int(port) if port else DEFAULT_PORT


class TableClient:
    """Keeps ``table_path`` in sync with the host at ``address``:``port`` until stopped."""

    def __init__(
        self,
        table_path: Path,
        *,
        address: str,
        port: int,
        code: str,
        table: str | None = None,
        poll_interval: float = 0.2,
        retry_max: float = 5.0,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        on_status: Callable[[TableStatus], None] | None = None,
        on_setup: Callable[[dict[str, Any]], None] | None = None,
        on_timer: Callable[[TimerState], None] | None = None,
        on_room: Callable[[list[dict[str, Any]]], None] | None = None,
    ) -> None:
        self.table_path = Path(table_path)
        self.address = address
        self.port = port
        self.code = code
        self.poll_interval = poll_interval
        self.retry_max = retry_max
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.on_status = on_status
        self.on_setup = on_setup
        self.on_timer = on_timer
        self.on_room = on_room
        #: Every table's points while the facilitator shares the room, else None.
        self.room_points: list[dict[str, Any]] | None = None
        self.status = TableStatus()
        self.timer: TimerState | None = None
        #: How many questions and themes the host's last set-up changed in the file (0: none),
        #: for :attr:`on_setup` to tell a window showing the file whether to refresh.
        self.setup_changed = 0
        self.acked_sha = ""
        self._sidecar = self.table_path.with_name(f".{self.table_path.name}.live.json")
        self.event_id = self._read_event_id()
        self.table = table or self._remembered().get("table") or self._only_table()
        #: Each point's and link's revision in the file the host last acknowledged (kept
        #: beside the file, so a restarted app still knows what is left to send).
        self._acked_marks = self._remembered_marks()
        self._sent_marks: dict[str, dict[str, str]] = {}
        self._sent_sha = ""
        self._refused_sha = ""
        self._seq = 0
        self._dirty = asyncio.Event()

    # --- the file ----------------------------------------------------------------------------

    def _read_event_id(self) -> str:
        uri = self.table_path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute("SELECT id FROM event").fetchall()
        if len(rows) != 1:
            raise JoinRefusedError(f"{self.table_path.name} should describe one event")
        return str(rows[0][0])

    def _only_table(self) -> str:
        """The one table with points in the file; else the scribe must say which."""
        uri = self.table_path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute(
                "SELECT DISTINCT w.name FROM point AS p JOIN workshop_table AS w "
                "ON w.id = p.table_id"
            ).fetchall()
        if len(rows) != 1:
            raise JoinRefusedError(
                f"say which table {self.table_path.name} is (--table NAME): "
                f"it holds points of {len(rows)} tables"
            )
        return str(rows[0][0])

    def _remembered(self) -> dict[str, Any]:
        try:
            data = json.loads(self._sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _remember(self, token: str) -> None:
        known = self._remembered().get("tokens")
        tokens: dict[str, str] = dict(known) if isinstance(known, dict) else {}
        tokens[self.event_id] = token
        self._write_sidecar(tokens=tokens)

    def _remembered_marks(self) -> dict[str, str]:
        acknowledged = self._remembered().get("acknowledged")
        if not isinstance(acknowledged, dict) or acknowledged.get("event") != self.event_id:
            return {}
        marks = acknowledged.get("marks")
        return {str(k): str(v) for k, v in marks.items()} if isinstance(marks, dict) else {}

    def _write_sidecar(self, **updates: object) -> None:
        data: dict[str, object] = {**self._remembered(), "table": self.table, **updates}
        temporary = self._sidecar.with_name(self._sidecar.name + ".new")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, self._sidecar)

    def _token(self) -> str:
        tokens = self._remembered().get("tokens")
        token = tokens.get(self.event_id, "") if isinstance(tokens, dict) else ""
        return token if isinstance(token, str) else ""

    # --- running -----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Sync until ``stop`` is set; raises :class:`JoinRefusedError` if the host refuses."""
        watch = files.DataVersionWatch(self.table_path)
        watcher = asyncio.create_task(self._watch(watch, stop))
        delay = 0.1
        try:
            while not stop.is_set():
                try:
                    await self._session(stop)
                    delay = 0.1
                except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as error:
                    log.info("offline (%s); trying again", error or type(error).__name__)
                except ProtocolError as error:
                    log.warning("the host sent something wrong (%s); reconnecting", error)
                except (sqlite3.Error, WorkshopError) as error:
                    log.warning("cannot read %s (%s); trying again", self.table_path.name, error)
                self._set_status(connected=False)
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                delay = min(self.retry_max, delay * 2)
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher
            watch.close()

    async def _watch(self, watch: files.DataVersionWatch, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                if await asyncio.to_thread(watch.changed):
                    await self._recount()
                    self._dirty.set()
            except sqlite3.Error as error:
                log.warning("cannot read %s (%s)", self.table_path.name, error)
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.poll_interval)

    async def _session(self, stop: asyncio.Event) -> None:
        async with connect(
            f"ws://{_host_part(self.address)}:{self.port}/",
            max_size=MAX_FRAME_BYTES,
            open_timeout=10,
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
            close_timeout=2,
            compression=None,
        ) as websocket:
            handshake = TableHandshake(self.code)
            await websocket.send(handshake.first_frame)
            reply = await asyncio.wait_for(websocket.recv(), 10)
            channel = await asyncio.to_thread(handshake.finish, _bytes(reply))
            hello = {
                "table": self.table,
                "token": self._token(),
                "event_id": self.event_id,
                "file_name": self.table_path.name,
            }
            await websocket.send(channel.seal(Message("hello", hello)))
            try:
                first = await asyncio.wait_for(websocket.recv(), 10)
            except ConnectionClosed as closed:
                reason = closed.rcvd.reason if closed.rcvd else ""
                if reason == "wrong join code":
                    raise JoinRefusedError("the join code is wrong") from closed
                if reason.startswith("too many"):
                    raise OSError(f"the host is busy ({reason})") from closed
                raise
            welcome = channel.open(_bytes(first))
            if welcome.type == "refused":
                raise JoinRefusedError(welcome.text("reason", limit=500))
            if welcome.type != "welcome":
                raise ProtocolError(f"{welcome.type} instead of welcome")
            self._remember(welcome.text("token"))
            log.info("joined the room as %s", self.table)
            # After every (re)connection, offer the file as it is, even if an earlier host
            # acknowledged it: this host may be another, or its event file restored from a
            # backup. A file it already has costs one "already merged".
            self._sent_sha = self.acked_sha = ""
            self._dirty.set()
            self._set_status(connected=True)
            sender = asyncio.create_task(self._send_loop(websocket, channel, stop))
            receiver = asyncio.create_task(self._receive_loop(websocket, channel))
            stopper: asyncio.Task[object] = asyncio.create_task(stop.wait())
            try:
                done, _ = await asyncio.wait(
                    {sender, receiver, stopper}, return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                for task in (sender, receiver, stopper):
                    task.cancel()
                for task in (sender, receiver, stopper):
                    with suppress(asyncio.CancelledError, ConnectionClosed):
                        await task
            for task in done:
                if task is not stopper and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]

    async def _send_loop(
        self, websocket: ClientConnection, channel: SecureChannel, stop: asyncio.Event
    ) -> None:
        while not stop.is_set():
            await self._dirty.wait()
            self._dirty.clear()
            try:
                snapshot = await asyncio.to_thread(files.read_snapshot, self.table_path)
            except sqlite3.OperationalError as error:
                # a long write (an import) holds the file: read it again in a moment
                log.info("%s is busy (%s); reading it again", self.table_path.name, error)
                await asyncio.sleep(self.poll_interval)
                self._dirty.set()
                continue
            if snapshot.sha256 == self.acked_sha:
                await self._recount()
                continue
            if snapshot.sha256 in (self._sent_sha, self._refused_sha):
                continue
            marks = await asyncio.to_thread(files.change_marks_of, snapshot.data)
            self._sent_marks = {**dict(list(self._sent_marks.items())[-7:]), snapshot.sha256: marks}
            self._seq += 1
            payload = await asyncio.to_thread(zlib.compress, snapshot.data, 6)
            message = Message("snapshot", {"seq": self._seq, "sha256": snapshot.sha256}, payload)
            # one frame: the host either has all of it or none of it
            await websocket.send(channel.seal(message))
            self._sent_sha = snapshot.sha256

    async def _receive_loop(self, websocket: ClientConnection, channel: SecureChannel) -> None:
        async for frame in websocket:
            message = channel.open(_bytes(frame))
            if message.type == "ack":
                await self._acknowledged(message)
            elif message.type == "setup":
                try:
                    changed = await asyncio.to_thread(
                        files.apply_setup, self.table_path, message.fields
                    )
                except (ValueError, sqlite3.Error, WorkshopError) as error:
                    log.warning("could not apply the host's set-up (%s)", error)
                    continue
                if changed:
                    log.info("the facilitator's set-up changed %d question(s)/theme(s)", changed)
                self.setup_changed = changed
                if self.on_setup is not None:
                    self.on_setup(message.fields)
            elif message.type == "timer":
                self.timer = TimerState(
                    message.text("state"),
                    message.number("minutes"),
                    float(message.fields.get("remaining", 0) or 0),
                )
                if self.on_timer is not None:
                    self.on_timer(self.timer)
            elif message.type == "room":
                self.room_points = _room_points(message) if message.fields.get("shared") else None
                if self.on_room is not None:
                    self.on_room(self.room_points or [])
            else:
                raise ProtocolError(f"unexpected {message.type} from the host")

    async def _acknowledged(self, message: Message) -> None:
        sha = message.text("sha256", limit=64)
        status = message.text("status")
        if status == "refused":
            self._refused_sha = sha
            self.status.message = self.status.refused = message.text("message", limit=1000)
            log.warning("the host refused the file: %s", self.status.message)
        else:
            self.acked_sha = sha
            self.status.message = message.text("message", limit=1000)
            self.status.refused = ""
            marks = self._sent_marks.pop(sha, None)
            if marks is not None:
                self._acked_marks = marks
                acknowledged = {"event": self.event_id, "marks": marks}
                await asyncio.to_thread(self._write_sidecar, acknowledged=acknowledged)
        await self._recount()
        self._notify()
        self._dirty.set()  # a change may have come while that file was on its way

    async def _recount(self) -> None:
        """How many points and links the host has not yet acknowledged, from the file itself."""
        marks = await asyncio.to_thread(files.change_marks, self.table_path)
        count = files.count_changes(marks, self._acked_marks)
        if count != self.status.changes_to_send:
            self.status.changes_to_send = count
            self._notify()

    def _set_status(self, *, connected: bool) -> None:
        if self.status.connected != connected:
            self.status.connected = connected
            self._notify()

    def _notify(self) -> None:
        if self.on_status is not None:
            self.on_status(self.status)


def _room_points(message: Message) -> list[dict[str, Any]]:
    unpacker = zlib.decompressobj()
    try:
        data = unpacker.decompress(message.payload, MAX_FRAME_BYTES * 8)
        rows = json.loads(data)
    except (zlib.error, ValueError) as error:
        raise ProtocolError(f"the room's points are malformed ({error})") from error
    if unpacker.unconsumed_tail or not isinstance(rows, list):
        raise ProtocolError("the room's points are malformed")
    return [row for row in rows if isinstance(row, dict)]


def _bytes(frame: str | bytes) -> bytes:
    if not isinstance(frame, bytes):
        raise ProtocolError("text frame in a binary protocol")
    return frame


def _host_part(address: str) -> str:
    return f"[{address}]" if ":" in address else address
