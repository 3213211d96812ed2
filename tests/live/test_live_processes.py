"""The live room as a new user runs it: ``host`` and ``join`` processes, scribes typing meanwhile.

Every process talks over 127.0.0.1 only, every loop is bounded, and every process is stopped
(SIGTERM, or SIGKILL where the fault is the point) by the test itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from room_helpers import CODE, LOOPBACK, Room, eventually, make_room

from facilitator_app.core import merge, points, store
from facilitator_app.live.host import RoomHost

SCRIPT = Path(__file__).with_name("scripted_table.py")
TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def rows(path: Path) -> dict[str, tuple[object, ...]]:
    with store.open_workshop(path, read_only=True) as workshop:
        return {
            p.id: (p.table_id, p.question_id, p.theme_id, p.text, p.position, p.strength,
                   p.deleted, p.revision)
            for p in points.list_points(workshop, include_deleted=True)
        }  # fmt: skip


def pristine_copy(room: Room) -> Path:
    copy = room.folder / "usb" / room.event_path.name
    copy.parent.mkdir(exist_ok=True)
    with store.open_workshop(room.event_path, read_only=True) as workshop:
        store.copy_workshop(workshop, copy)
    return copy


def assert_equals_usb_merge(room: Room, pristine: Path, tables: int) -> None:
    """The host's event holds exactly what a USB merge of the final table files gives."""
    summary = merge.merge_files(pristine, [room.table_file(n) for n in range(tables)])
    assert not summary.any_refused and summary.conflicts == 0
    assert rows(room.event_path) == rows(pristine)


def in_step(room: Room, tables: int) -> bool:
    """Every table's points are in the event with the table's text and deleted state."""
    held = rows(room.event_path)
    for number in range(tables):
        for key, value in rows(room.table_file(number)).items():
            if held.get(key, (None,) * 8)[3:7] != value[3:7]:
                return False
    return True


class Process:
    def __init__(self, process: asyncio.subprocess.Process, name: str) -> None:
        self.process = process
        self.name = name
        self.lines: list[str] = []

    async def line_starting(self, prefix: str) -> str:
        assert self.process.stdout is not None
        async with asyncio.timeout(TIMEOUT):
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"{self.name} ended before printing {prefix!r}")
                line = raw.decode().rstrip()
                self.lines.append(line)
                if line.startswith(prefix):
                    return line

    async def stop(self, number: int = signal.SIGTERM) -> int:
        with suppress(ProcessLookupError):
            self.process.send_signal(number)
        async with asyncio.timeout(TIMEOUT):
            await self.process.wait()
            assert self.process.stdout is not None
            self.lines += (await self.process.stdout.read()).decode().splitlines()
        return int(self.process.returncode or 0)


@asynccontextmanager
async def started(name: str, *arguments: str | Path) -> AsyncIterator[Process]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, *map(str, arguments),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    child = Process(process, name)
    try:
        yield child
    finally:
        if process.returncode is None:
            await child.stop(signal.SIGKILL)


def cli(*arguments: str | Path) -> tuple[str | Path, ...]:
    return ("-m", "facilitator_app", *arguments)


def host_command(room: Room, port: int) -> tuple[str | Path, ...]:
    return cli("host", room.event_path, "--port", str(port), "--code", CODE)


def join_command(room: Room, number: int, port: int) -> tuple[str | Path, ...]:
    return cli(
        "join", room.table_file(number), "--host", f"{LOOPBACK}:{port}", "--code", CODE,
        "--table", room.tables[number].name,
    )  # fmt: skip


def typing(room: Room, number: int, count: int, pause: float = 0.05) -> tuple[str | Path, ...]:
    name = room.tables[number].name
    return (SCRIPT, room.table_file(number), name, f"{name} point", str(count), str(pause))


def test_a_host_and_four_tables_end_with_the_usb_merge_of_their_files(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    pristine = pristine_copy(room)
    port = free_port()

    async def scenario() -> None:
        async with started("host", *host_command(room, port)) as host:
            assert (await host.line_starting("Hosting")).endswith(f"{LOOPBACK}:{port}")
            assert await host.line_starting("Join code:") == f"Join code: {CODE}"
            async with (
                started("join 1", *join_command(room, 0, port)) as join1,
                started("join 2", *join_command(room, 1, port)) as join2,
                started("join 3", *join_command(room, 2, port)) as join3,
                started("join 4", *join_command(room, 3, port)) as join4,
            ):
                joins = (join1, join2, join3, join4)
                for join in joins:
                    await join.line_starting("Live: in the room")
                async with (
                    started("typing 1", *typing(room, 0, 12)) as typing1,
                    started("typing 2", *typing(room, 1, 12)) as typing2,
                    started("typing 3", *typing(room, 2, 12)) as typing3,
                    started("typing 4", *typing(room, 3, 12)) as typing4,
                ):
                    for scribe in (typing1, typing2, typing3, typing4):
                        await scribe.line_starting("typed")
                await eventually(lambda: in_step(room, 4), TIMEOUT)
                for join in joins:
                    assert await join.stop() == 0
                    assert "Stopped; the table file holds everything typed." in join.lines
            assert await host.stop() == 0
            assert host.lines[-1].startswith("Stopped hosting")

    asyncio.run(scenario())
    assert_equals_usb_merge(room, pristine, 4)
    assert len(rows(room.event_path)) == 48


def test_a_table_killed_mid_send_and_a_host_killed_and_restarted_lose_nothing(
    tmp_path: Path,
) -> None:
    room = make_room(tmp_path, tables=2)
    pristine = pristine_copy(room)
    port = free_port()

    async def scenario() -> None:
        async with (
            started("typing 1", *typing(room, 0, 40, pause=0.05)) as typing1,
            started("typing 2", *typing(room, 1, 40, pause=0.05)) as typing2,
            started("host", *host_command(room, port)) as host,
        ):
            await host.line_starting("Join code:")
            async with started("join 1", *join_command(room, 0, port)) as join1:
                await join1.line_starting("Live: in the room")
                # killed outright while the scribe types and files are on their way
                await join1.stop(signal.SIGKILL)
            async with started("join 2", *join_command(room, 1, port)) as join2:
                await join2.line_starting("Live: in the room")
                await host.stop(signal.SIGKILL)  # the facilitator's laptop crashes
                await join2.line_starting("Offline: ")
                async with (
                    started("host again", *host_command(room, port)) as host_again,
                    started("join 1 again", *join_command(room, 0, port)) as join1,
                ):
                    await host_again.line_starting("Join code:")
                    await join1.line_starting("Live: in the room")
                    await join2.line_starting("Live: in the room")
                    for scribe in (typing1, typing2):
                        await scribe.line_starting("typed")
                    await eventually(lambda: in_step(room, 2), TIMEOUT)
                    assert await join1.stop() == 0
                    assert await join2.stop() == 0
                    assert await host_again.stop() == 0

    asyncio.run(scenario())
    assert_equals_usb_merge(room, pristine, 2)
    texts = [row[3] for row in rows(room.event_path).values()]
    assert len(texts) == len(set(texts)) == 80  # nothing lost, nothing twice


def test_a_laptop_asleep_past_the_hosts_patience_catches_up(tmp_path: Path) -> None:
    """The join process is frozen (SIGSTOP) while the scribe's app keeps writing; the host
    gives up on it; when it wakes it reconnects and sends everything."""
    room = make_room(tmp_path, tables=1)
    pristine = pristine_copy(room)

    async def scenario() -> None:
        host = RoomHost(room.event_path, code=CODE, port=0, ping_interval=0.2, ping_timeout=0.2)
        await host.start()
        state = host.tables[room.tables[0].id]
        try:
            async with started("join", *join_command(room, 0, host.port)) as join:
                await join.line_starting("Live: in the room")
                os.kill(join.process.pid, signal.SIGSTOP)
                try:
                    await eventually(lambda: not state.connected, TIMEOUT)
                    async with started("typing", *typing(room, 0, 10, pause=0.02)) as scribe:
                        await scribe.line_starting("typed")
                    assert state.points == 0
                finally:
                    os.kill(join.process.pid, signal.SIGCONT)
                await eventually(lambda: state.connected and in_step(room, 1), TIMEOUT)
                assert await join.stop() == 0
        finally:
            await host.stop()

    asyncio.run(scenario())
    assert_equals_usb_merge(room, pristine, 1)
