"""The facilitator's side of the live room: listen, admit tables, merge what they send.

What arrives is merged by :func:`facilitator_app.core.merge.merge_files`, the USB merge itself:
each table sends its **whole file** (see :mod:`facilitator_app.live.protocol`), the host writes it
to its inbox (``.EVENT.workshop.live/`` beside the event file, one current copy per table, under
the table file's own name so points keep it as their provenance) and merges that file. Why the
whole file rather than the changes since the last acknowledged revision: the merge engine's
rules, conflicts, refusals and provenance apply unchanged, with no second apply path to keep in
step; a merge is idempotent, so a lost acknowledgement, a host restart or a table killed
mid-send can only cause a harmless repeat ("already merged"), never a lost or doubled change;
and the content hash the host records is the one a later USB hand-in of the same file has, so
that hand-in is recognised as already merged. A table file is small (hundreds of kilobytes)
and compressed on the wire, and while a merge runs only each table's newest file waits, so a
busy room costs no more merges than one per table at a time.

Security (see the protocol module): the host listens only while :meth:`RoomHost.start` ..
:meth:`RoomHost.stop`, only on the address given (loopback by default); a client is admitted only
after its first sealed message decrypts under the key SPAKE2 derived from the join code; a table
is bound to the first laptop that joins it (a token it keeps), so another client claiming it is
refused; a table's file may bring only its own points (:func:`~facilitator_app.live.files.
check_ownership`); the host sends a table nothing of other tables. Frames are limited in size
(:data:`~facilitator_app.live.protocol.MAX_FRAME_BYTES`) and rate, connections in number and in
the time they may take to join; every refusal is logged with its reason.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import re
import secrets
import sqlite3
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from facilitator_app.core import merge, store
from facilitator_app.core.errors import WorkshopError
from facilitator_app.core.merge.checks import read_event_identity
from facilitator_app.live import files
from facilitator_app.live.inbox import Outcome, Received, merge_received, unpack
from facilitator_app.live.protocol import (
    FAILED_JOINS_PER_MINUTE,
    MAX_FRAME_BYTES,
    Message,
    ProtocolError,
    RateLimiter,
    SecureChannel,
    host_handshake,
    new_join_code,
    normalise_code,
)
from facilitator_app.live.transport_log import transport_logger

log = logging.getLogger("facilitator_app.live.host")

DEFAULT_PORT = 47653
_FILE_NAME = re.compile(r"[^\\/:*?\"<>|\x00-\x1f]{1,120}\.workshop")


@dataclass
class TableState:
    """What the room wall shows of one table."""

    table_id: str
    name: str
    connected: bool = False
    last_change: datetime | None = None
    points: int = 0
    last_status: str = ""


@dataclass(eq=False)
class _Connection:
    websocket: ServerConnection
    channel: SecureChannel
    table_id: str
    table: str
    file_name: str
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def send(self, message: Message) -> None:
        async with self.lock:  # seal and send in one step, so counters arrive in order
            await self.websocket.send(self.channel.seal(message))


class RoomHost:
    """Hosts the room for one event file. ``await start()``, then ``await stop()``."""

    def __init__(
        self,
        event_path: Path,
        *,
        code: str | None = None,
        address: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        handshake_timeout: float = 5.0,
        ping_interval: float | None = 20.0,
        ping_timeout: float | None = 20.0,
        max_connections: int = 512,
        max_joining: int = 128,
        advertise: bool = True,
        on_change: Callable[[TableState], None] | None = None,
        on_refusal: Callable[[str, str], None] | None = None,
    ) -> None:
        self.event_path = Path(event_path)
        self.inbox = self.event_path.with_name(f".{self.event_path.name}.live")
        # The room keeps its code across restarts of the host (a crash, a reboot), so the tables
        # catch up by themselves instead of every scribe typing a new one.
        self.code = code or self._remembered_code() or new_join_code()
        normalise_code(self.code)
        self.address = address
        self.port = port
        self.handshake_timeout = handshake_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.max_connections = max_connections
        self.max_joining = max_joining
        self.on_change = on_change
        #: Told (peer address, reason) of each connection refused: a wrong code, a table held
        #: by another laptop, a client breaking the protocol (the facilitator's wall says so).
        self.on_refusal = on_refusal
        self.advertise = advertise
        #: Whether the room is advertised by mDNS (never on loopback; may fail on a network
        #: that blocks multicast, when the address and code are all tables need).
        self.advertised = False
        self._advertisement: Any = None
        self.tables: dict[str, TableState] = {}
        #: The latest refusals and why, newest last (the log has them all).
        self.refusals: deque[str] = deque(maxlen=200)
        self._server: Server | None = None
        self._connections: dict[str, _Connection] = {}
        self._open = 0
        self._joining = 0
        self._failures: dict[str, deque[float]] = {}
        self._pending: dict[str, Received] = {}
        self._wake = asyncio.Event()
        self._merger: asyncio.Task[None] | None = None
        self._timer: dict[str, Any] = {"state": "reset", "minutes": 20, "remaining": 20 * 60}
        self._timer_started: float | None = None
        self._timer_seq = 0
        self._event_id = ""
        self._setup: dict[str, Any] = {}
        self._bound: dict[str, str] = {}
        self._stopping = False
        #: Whether tables may see every table's points (see :meth:`share_points`).
        self.sharing = False
        self._room_stale = False
        #: Seconds before a merge the event file refused (locked, unwritable) is tried again.
        self.retry_delay = 1.0

    # --- life cycle ------------------------------------------------------------------------

    async def start(self) -> None:
        """Check the event file, back it up once, and start listening."""
        self._event_id, tables = await asyncio.to_thread(self._read_event)
        for table_id, name in tables:
            self.tables[table_id] = TableState(table_id, name)
        await asyncio.to_thread(self._refresh_counts)
        self._setup = await asyncio.to_thread(files.read_setup, self.event_path)
        self.inbox.mkdir(exist_ok=True)
        self._bound = self._load_bindings()
        await asyncio.to_thread(self._remember_code)
        self._server = await serve(
            self._handle,
            self.address,
            self.port,
            max_size=MAX_FRAME_BYTES,
            max_queue=4,
            open_timeout=self.handshake_timeout,
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
            close_timeout=2,
            compression=None,
            server_header=None,
            logger=transport_logger(),
        )
        sockets = list(self._server.sockets)
        if sockets:
            self.port = sockets[0].getsockname()[1]
        if self.advertise:
            await self._advertise()
        # backed up once, now that hosting surely goes ahead; merges wait for it
        await asyncio.to_thread(merge.backup_target, self.event_path)
        self._merger = asyncio.create_task(self._merge_loop())
        log.info("hosting %s on %s:%s", self.event_path.name, self.address, self.port)

    async def stop(self) -> None:
        """Stop listening, merge the files already received and acknowledge them, then close.

        A file that arrives after this began is not acknowledged, so its table sends it again
        when it next joins: nothing is lost.
        """
        self._stopping = True
        if self._advertisement is not None:
            await self._advertisement.stop()
            self._advertisement, self.advertised = None, False
        if self._server is not None:
            self._server.close(close_connections=False)
        if self._merger is not None:
            self._wake.set()
            await self._merger
            self._merger = None
        for connection in list(self._connections.values()):
            with suppress(ConnectionClosed):
                await connection.websocket.close(1001, "the host stopped")
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None
        log.info("stopped hosting %s", self.event_path.name)

    async def _advertise(self) -> None:
        from facilitator_app.live.discovery import Advertisement, worth_advertising

        if not worth_advertising(self.address):
            return
        advertisement = Advertisement(self._event_title, self._event_id, self.address, self.port)
        if await advertisement.start():
            self._advertisement, self.advertised = advertisement, True

    # --- pushes to every table -------------------------------------------------------------

    async def push_setup(self) -> None:
        """Send the event's current questions and themes to every table."""
        self._setup = await asyncio.to_thread(files.read_setup, self.event_path)
        await self._broadcast(Message("setup", self._setup))

    async def set_timer(
        self, state: str, minutes: int | None = None, remaining: float | None = None
    ) -> None:
        """Start, pause or reset the discussion timer on every table at once. ``remaining``
        (seconds) is the time left on a timer kept elsewhere, the facilitator's own, which
        may have run before the room opened; without it the room keeps the time itself."""
        if state not in ("running", "paused", "reset"):
            raise ValueError(f"unknown timer state {state!r}")
        told = remaining
        remaining = self._timer_remaining()
        if minutes is not None:
            self._timer["minutes"] = minutes
        if state == "reset":
            remaining = self._timer["minutes"] * 60
        if state == "running" and self._timer["state"] == "reset" and minutes is not None:
            remaining = minutes * 60
        if told is not None:
            remaining = max(0.0, told)
        self._timer.update(state=state, remaining=remaining)
        self._timer_started = time.monotonic() if state == "running" else None
        await self._broadcast(self._timer_message())

    def _timer_remaining(self) -> float:
        remaining = float(self._timer["remaining"])
        if self._timer_started is not None:
            remaining -= time.monotonic() - self._timer_started
        return max(0.0, remaining)

    def _timer_message(self) -> Message:
        self._timer_seq += 1
        return Message(
            "timer",
            {
                "state": self._timer["state"],
                "minutes": self._timer["minutes"],
                "remaining": round(self._timer_remaining(), 1),
                "seq": self._timer_seq,
            },
        )

    async def share_points(self, allowed: bool) -> None:
        """Let every table see all tables' points (the plenary), or stop: off until allowed.

        Tables receive a ``room`` message with every live point (table, question, theme, text;
        no participants), again after each burst of merges; stopping sends an empty one.
        """
        self.sharing = allowed
        if allowed:
            await self._share_room()
        else:
            await self._broadcast(Message("room", {"shared": False}, zlib.compress(b"[]")))

    async def _share_room(self) -> None:
        self._room_stale = False
        await self._broadcast(await self._room_message())

    async def _room_message(self) -> Message:
        rows = await asyncio.to_thread(files.read_room_points, self.event_path)
        payload = await asyncio.to_thread(zlib.compress, json.dumps(rows).encode(), 6)
        return Message("room", {"shared": True}, payload)

    async def _broadcast(self, message: Message) -> None:
        for connection in list(self._connections.values()):
            with suppress(ConnectionClosed):
                await connection.send(message)

    def release_table(self, name: str) -> bool:
        """Let another laptop join a table (the first laptop was lost or replaced)."""
        for state in self.tables.values():
            if state.name == name:
                removed = self._bound.pop(state.table_id, None) is not None
                self._save_bindings()
                return removed
        return False

    # --- one connection --------------------------------------------------------------------

    async def _handle(self, websocket: ServerConnection) -> None:
        peer = str(websocket.remote_address[0]) if websocket.remote_address else "?"
        if self._open >= self.max_connections or self._joining >= self.max_joining:
            await self._refuse(websocket, peer, "too many connections; try again shortly")
            return
        self._open += 1
        try:
            self._joining += 1
            try:
                admitted = await self._admit(websocket, peer)
            finally:
                self._joining -= 1
            if admitted is not None:
                await self._serve(admitted, peer)
        finally:
            self._open -= 1

    async def _refuse(self, websocket: ServerConnection, peer: str, reason: str) -> None:
        log.warning("refused %s: %s", peer, reason)
        self._note(reason, peer)
        with suppress(ConnectionClosed):
            await websocket.close(1008, reason[:100])

    async def _admit(self, websocket: ServerConnection, peer: str) -> _Connection | None:
        if self._locked_out(peer):
            await self._refuse(websocket, peer, "too many wrong join codes; wait a minute")
            return None
        try:
            async with asyncio.timeout(self.handshake_timeout):
                first = await websocket.recv()
                if not isinstance(first, bytes):
                    raise ProtocolError("text frame where the handshake was expected")
                reply, channel = await asyncio.to_thread(host_handshake, self.code, first)
                await websocket.send(reply)
                frame = await websocket.recv()
                if not isinstance(frame, bytes):
                    raise ProtocolError("text frame where the hello was expected")
                try:
                    hello = channel.open(frame)
                except ProtocolError:
                    self._failures.setdefault(peer, deque()).append(time.monotonic())
                    raise ProtocolError("wrong join code") from None
                if hello.type != "hello":
                    raise ProtocolError(f"{hello.type} before hello")
                connection = await self._bind(websocket, channel, hello)
        except TimeoutError:
            await self._refuse(websocket, peer, "did not join in time")
            return None
        except ProtocolError as error:
            await self._refuse(websocket, peer, str(error))
            return None
        except ConnectionClosed as closed:
            self._log_closed(peer, "a client", closed)
            return None
        except _Refusal as refusal:
            log.warning("refused %s: %s", peer, refusal.reason)
            self._note(refusal.reason, peer)
            with suppress(ConnectionClosed):
                refused = Message("refused", {"reason": refusal.reason})
                await websocket.send(refusal.channel.seal(refused))
                await websocket.close(1008, "refused")
            return None
        return connection

    def _log_closed(self, peer: str, who: str, closed: ConnectionClosed) -> None:
        """A connection the library closed for a protocol breach: say why in the log."""
        codes = {frame.code for frame in (closed.rcvd, closed.sent) if frame is not None}
        if 1009 in codes:  # "message too big"
            reason = f"{who} sent a message over {MAX_FRAME_BYTES} bytes"
        elif 1002 in codes or 1007 in codes:
            reason = f"{who} broke the WebSocket protocol"
        else:
            return
        log.warning("refused %s: %s", peer, reason)
        self._note(reason, peer)

    def _locked_out(self, peer: str) -> bool:
        failures = self._failures.get(peer)
        if not failures:
            return False
        while failures and failures[0] < time.monotonic() - 60:
            failures.popleft()
        return len(failures) >= FAILED_JOINS_PER_MINUTE

    async def _bind(
        self, websocket: ServerConnection, channel: SecureChannel, hello: Message
    ) -> _Connection:
        name = hello.text("table")
        token = hello.text("token")
        event_id = hello.text("event_id")
        file_name = hello.text("file_name", limit=200)
        if event_id != self._event_id:
            raise _Refusal(channel, "this table file belongs to another event")
        state = next((s for s in self.tables.values() if s.name == name), None)
        if state is None:
            raise _Refusal(channel, f"there is no table called {name!r} in this event")
        digest = hashlib.sha256(token.encode()).hexdigest()
        bound = self._bound.get(state.table_id)
        if bound is not None and not secrets.compare_digest(bound, digest):
            raise _Refusal(
                channel,
                f"{name} has already joined from another laptop; the facilitator can release it",
            )
        if bound is None:
            token = secrets.token_urlsafe(24)
            self._bound[state.table_id] = hashlib.sha256(token.encode()).hexdigest()
            self._save_bindings()  # a few bytes; kept in step before anyone else can join
        if not _FILE_NAME.fullmatch(file_name) or file_name.startswith("."):
            file_name = f"{name}.workshop"
        connection = _Connection(websocket, channel, state.table_id, name, file_name)
        old = self._connections.get(state.table_id)
        self._connections[state.table_id] = connection
        if old is not None:  # the same laptop again (woke from sleep): the new link wins
            with suppress(ConnectionClosed):
                await old.websocket.close(1000, "replaced by a newer connection")
        await connection.send(
            Message(
                "welcome",
                {
                    "table": name,
                    "table_id": state.table_id,
                    "token": token,
                    "event_title": self._event_title,
                },
            )
        )
        await connection.send(Message("setup", self._setup))
        await connection.send(self._timer_message())
        if self.sharing:
            await connection.send(await self._room_message())
        state.connected = True
        self._changed(state)
        log.info("%s joined", name)
        return connection

    async def _serve(self, connection: _Connection, peer: str) -> None:
        limiter = RateLimiter()
        websocket = connection.websocket
        try:
            async for frame in websocket:
                if not limiter.allow(time.monotonic()):
                    await self._refuse(
                        websocket, peer, f"{connection.table} sent too many messages"
                    )
                    return
                if not isinstance(frame, bytes):
                    raise ProtocolError("text frame in a binary protocol")
                message = connection.channel.open(frame)
                if message.type != "snapshot":
                    raise ProtocolError(f"unexpected {message.type} after joining")
                self._pending[connection.table_id] = await asyncio.to_thread(
                    unpack, connection.file_name, message
                )
                self._wake.set()
        except ProtocolError as error:
            await self._refuse(websocket, peer, f"{connection.table}: {error}")
        except ConnectionClosed as closed:
            self._log_closed(peer, connection.table, closed)
        finally:
            if self._connections.get(connection.table_id) is connection:
                del self._connections[connection.table_id]
                state = self.tables[connection.table_id]
                state.connected = False
                self._changed(state)
                log.info("%s left", connection.table)

    # --- merging ---------------------------------------------------------------------------

    async def _merge_loop(self) -> None:
        """Merge each table's newest file, one at a time, until stopped (then drain the rest)."""
        while not (self._stopping and not self._pending):
            if not self._pending:
                if self._room_stale and self.sharing:
                    await self._share_room()  # once a burst of merges is done
                await self._wake.wait()
                self._wake.clear()
                continue
            table_id = next(iter(self._pending))
            pending = self._pending.pop(table_id)
            try:
                outcome = await asyncio.to_thread(self._merge_one, table_id, pending)
            except (WorkshopError, sqlite3.Error, OSError) as error:
                # the event file is busy or unwritable for now: keep the file and try again
                log.error("could not merge %s's file yet (%s)", self.tables[table_id].name, error)
                self._pending.setdefault(table_id, pending)
                if self._stopping:
                    return
                await asyncio.sleep(self.retry_delay)
                continue
            state = self.tables[table_id]
            state.last_status = outcome.message
            if outcome.status == "merged":
                state.last_change = datetime.now(UTC)
                self._room_stale = True
            self._changed(state)
            connection = self._connections.get(table_id)
            if connection is not None:
                ack = {"seq": pending.seq, "sha256": pending.sha256, "status": outcome.status}
                with suppress(ConnectionClosed):
                    await connection.send(Message("ack", {**ack, "message": outcome.message}))

    def _merge_one(self, table_id: str, received: Received) -> Outcome:
        state = self.tables[table_id]
        outcome = merge_received(self.event_path, self.inbox, table_id, state.name, received)
        if outcome.refused:
            log.warning("refused %s's file: %s", state.name, outcome.message)
            self._note(outcome.message)
        self._refresh_counts()
        return outcome

    # --- the event file and the host's own state -------------------------------------------

    def _read_event(self) -> tuple[str, list[tuple[str, str]]]:
        # opened read-write, as the merge will: checked, and upgraded if older
        with (
            store.open_workshop(self.event_path) as workshop,
            closing(workshop.raw_connection()) as connection,
        ):
            identity = read_event_identity(connection, self.event_path)
            rows = connection.execute(
                "SELECT id, name FROM workshop_table ORDER BY position"
            ).fetchall()
        self._event_title = identity.title
        return identity.id, [(str(row[0]), str(row[1])) for row in rows]

    def _refresh_counts(self) -> None:
        uri = self.event_path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            rows = connection.execute(
                "SELECT table_id, count(*) FROM point WHERE deleted_at IS NULL "
                "AND table_id IS NOT NULL GROUP BY table_id"
            ).fetchall()
        for table_id, count in rows:
            if table_id in self.tables:
                self.tables[table_id].points = int(count)

    def _load_bindings(self) -> dict[str, str]:
        """Which laptop holds each table (a hash of its token), kept across host restarts."""
        try:
            data = json.loads((self.inbox / "bindings.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _remembered_code(self) -> str:
        """The code this event's room had when last hosted ("" if none, or not a code)."""
        try:
            code = (self.inbox / "code").read_text(encoding="utf-8").strip()
            normalise_code(code)
        except (OSError, ValueError):
            return ""
        return code

    def _remember_code(self) -> None:
        if self._remembered_code() == self.code:
            return
        descriptor, temporary = tempfile.mkstemp(dir=self.inbox, prefix=".code-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(self.code)
        os.replace(temporary, self.inbox / "code")

    def _save_bindings(self) -> None:
        self.inbox.mkdir(exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.inbox, prefix=".bindings-")
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(self._bound, handle, indent=1)
        os.replace(temporary, self.inbox / "bindings.json")

    def _note(self, reason: str, peer: str = "") -> None:
        """A refusal: kept, and told of when it was a connection's (``peer``)."""
        self.refusals.append(reason)
        if peer and self.on_refusal is not None:
            self.on_refusal(peer, reason)

    def _changed(self, state: TableState) -> None:
        if self.on_change is not None:
            self.on_change(state)

    _event_title = ""


class _Refusal(Exception):
    """A table that proved the code but may not join (another event, a table taken)."""

    def __init__(self, channel: SecureChannel, reason: str) -> None:
        super().__init__(reason)
        self.channel = channel
        self.reason = reason
