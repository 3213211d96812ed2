"""Helpers for the live-room tests: an event with four tables, table files, a running room.

Everything listens on 127.0.0.1 only, on a port the system picks, and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.core import event, points, store
from facilitator_app.core.records import QuestionInfo, TableInfo
from facilitator_app.live.host import RoomHost
from facilitator_app.live.table import TableClient

CODE = "K7QX-M3PD"
LOOPBACK = "127.0.0.1"


@dataclass
class Room:
    folder: Path
    event_path: Path
    tables: list[TableInfo]
    questions: list[QuestionInfo]

    def table_file(self, number: int) -> Path:
        """A copy of the event file for table ``number`` (0-based), as handed out before."""
        path = self.folder / f"{self.tables[number].name}.workshop"
        if not path.exists():
            with store.open_workshop(self.event_path, read_only=True) as workshop:
                store.copy_workshop(workshop, path)
        return path

    def add(self, number: int, text: str, question: int = 0) -> str:
        """A scribe types a point at table ``number``: written to that table's file."""
        with store.open_workshop(self.table_file(number)) as workshop:
            return points.add_point(
                workshop, self.tables[number].id, self.questions[question].id, text
            ).id


def make_room(folder: Path, tables: int = 4) -> Room:
    path = folder / "Event.workshop"
    with event.create_event_file(
        path, event.EventSpec.with_numbered_tables("Care closer to home", tables)
    ) as workshop:
        return Room(folder, path, event.list_tables(workshop), event.list_questions(workshop))


def event_texts(path: Path) -> dict[str, str]:
    """Live points of a workshop file: id -> table id and text."""
    with store.open_workshop(path, read_only=True) as workshop:
        return {p.id: f"{p.table_id}|{p.text}" for p in points.list_points(workshop)}


async def eventually(check: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait (bounded) until ``check()`` holds; the state is in files other tasks write."""
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(check):
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def hosting(room: Room, **options: object) -> AsyncIterator[RoomHost]:
    host = RoomHost(room.event_path, code=CODE, address=LOOPBACK, port=0, **options)  # type: ignore[arg-type]
    await host.start()
    try:
        yield host
    finally:
        await host.stop()


@asynccontextmanager
async def joined(
    room: Room, number: int, port: int, code: str = CODE, **options: object
) -> AsyncIterator[TableClient]:
    client = TableClient(
        room.table_file(number),
        address=LOOPBACK,
        port=port,
        code=code,
        table=room.tables[number].name,
        poll_interval=0.05,
        retry_max=0.3,
        **options,  # type: ignore[arg-type]
    )
    stop = asyncio.Event()
    task = asyncio.create_task(client.run(stop))
    try:
        yield client
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


def add_as(room: Room, file_number: int, table_number: int, text: str) -> str:
    """A point of table ``table_number`` written into table ``file_number``'s file."""
    with store.open_workshop(room.table_file(file_number)) as workshop:
        return points.add_point(
            workshop, room.tables[table_number].id, room.questions[0].id, text
        ).id


class Cable:
    """A loopback TCP relay in front of the host that the test can unplug, as Wi-Fi drops.

    Unplugged, it cuts every connection through it and hangs up on new ones at once.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.plugged = True
        self.port = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._relay, LOOPBACK, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        self.unplug()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def unplug(self) -> None:
        self.plugged = False
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def plug(self) -> None:
        self.plugged = True

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.plugged:
            writer.transport.abort()
            return
        try:
            host_reader, host_writer = await asyncio.open_connection(LOOPBACK, self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, host_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, host_writer), pipe(host_reader, writer))
        self._writers -= {writer, host_writer}
