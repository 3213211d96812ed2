"""Hostile and broken clients are refused, with a logged reason, while good tables are served."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import zlib
from contextlib import closing, suppress
from pathlib import Path

import pytest
from room_helpers import (
    CODE,
    LOOPBACK,
    Room,
    add_as,
    event_texts,
    eventually,
    hosting,
    joined,
    make_room,
)
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from facilitator_app.live.files import read_snapshot
from facilitator_app.live.protocol import Message, SecureChannel, TableHandshake
from facilitator_app.live.table import JoinRefusedError, TableClient


async def raw_join(
    room: Room, port: int, table: str, *, token: str = "", code: str = CODE
) -> tuple[ClientConnection, SecureChannel, Message]:
    """A hand-driven client: handshake and hello, then whatever the test sends."""
    websocket = await connect(f"ws://{LOOPBACK}:{port}/", max_size=None)
    handshake = TableHandshake(code)
    await websocket.send(handshake.first_frame)
    reply = await websocket.recv()
    assert isinstance(reply, bytes)
    channel = handshake.finish(reply)
    hello = {"table": table, "token": token, "event_id": event_id(room), "file_name": "x.workshop"}
    await websocket.send(channel.seal(Message("hello", hello)))
    answer = await websocket.recv()
    assert isinstance(answer, bytes)
    return websocket, channel, channel.open(answer)


def event_id(room: Room) -> str:
    with closing(sqlite3.connect(room.event_path)) as connection:
        return str(connection.execute("SELECT id FROM event").fetchone()[0])


async def closed_reason(websocket: ClientConnection) -> tuple[int, str]:
    """Read until the host closes the connection (bounded); its close code and reason."""
    async with asyncio.timeout(10):
        try:
            while True:
                await websocket.recv()
        except ConnectionClosed as closed:
            frame = closed.rcvd
            return (frame.code, frame.reason) if frame else (1006, "")


async def still_served(room: Room, text: str, table: int = 0) -> None:
    """A good table's point still reaches the event file."""
    await asyncio.to_thread(room.add, table, text)
    await eventually(
        lambda: any(v.endswith(f"|{text}") for v in event_texts(room.event_path).values())
    )


def test_a_wrong_join_code_is_refused_and_said_plainly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    room = make_room(tmp_path)
    caplog.set_level(logging.WARNING, logger="facilitator_app.live")

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            await still_served(room, "before")
            intruder = TableClient(
                room.table_file(1), address=LOOPBACK, port=host.port, code="AAAA-BBBB",
                table=room.tables[1].name,
            )  # fmt: skip
            with pytest.raises(JoinRefusedError, match="join code is wrong"):
                await asyncio.wait_for(intruder.run(asyncio.Event()), 20)
            await still_served(room, "after")
            assert host.tables[room.tables[1].id].connected is False

    asyncio.run(scenario())
    assert "wrong join code" in caplog.text


def test_guessing_codes_gets_the_address_locked_out(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            for _ in range(20):
                websocket = await connect(f"ws://{LOOPBACK}:{host.port}/")
                handshake = TableHandshake("AAAA-BBBB")
                await websocket.send(handshake.first_frame)
                channel = handshake.finish(await websocket.recv())  # type: ignore[arg-type]
                await websocket.send(channel.seal(Message("hello", {})))
                assert (await closed_reason(websocket))[1] == "wrong join code"
            websocket = await connect(f"ws://{LOOPBACK}:{host.port}/")
            assert "too many wrong join codes" in (await closed_reason(websocket))[1]

    asyncio.run(scenario())


def test_a_replayed_message_is_refused(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            websocket, channel, welcome = await raw_join(room, host.port, room.tables[1].name)
            assert welcome.type == "welcome"
            add_as(room, 1, 1, "sent once")
            snapshot = read_snapshot(room.table_file(1))
            frame = channel.seal(
                Message("snapshot", {"seq": 1, "sha256": snapshot.sha256},
                        zlib.compress(snapshot.data))
            )  # fmt: skip
            await websocket.send(frame)
            await websocket.send(frame)
            code, reason = await closed_reason(websocket)
            assert code == 1008 and "replayed" in reason
            await still_served(room, "good table")
            assert any("replayed" in refusal for refusal in host.refusals)

    asyncio.run(scenario())


def test_a_client_claiming_a_table_already_joined_is_refused(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port) as table:
            await eventually(lambda: table.status.connected)
            websocket, _channel, answer = await raw_join(room, host.port, room.tables[0].name)
            assert answer.type == "refused"
            assert "already joined from another laptop" in answer.fields["reason"]
            await closed_reason(websocket)
            await still_served(room, "the real Table One")

    asyncio.run(scenario())


def test_a_table_cannot_write_another_tables_points(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 1, host.port) as table:
            await asyncio.to_thread(add_as, room, 1, 1, "Table Two's own point")
            await asyncio.to_thread(add_as, room, 1, 0, "slipped in as Table One")
            await eventually(lambda: "other tables" in table.status.message)
            held = event_texts(room.event_path).values()
            assert not any(text.endswith("|slipped in as Table One") for text in held)
            assert any("other tables" in refusal for refusal in host.refusals)

    asyncio.run(scenario())


def test_a_table_file_of_another_event_is_refused(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    other = make_room(tmp_path / "other")

    async def scenario() -> None:
        async with hosting(room) as host:
            client = TableClient(
                other.table_file(0), address=LOOPBACK, port=host.port, code=CODE,
                table=other.tables[0].name,
            )  # fmt: skip
            with pytest.raises(JoinRefusedError, match="another event"):
                await asyncio.wait_for(client.run(asyncio.Event()), 20)

    asyncio.run(scenario())


def test_a_ten_megabyte_message_is_refused(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    big = bytes(10 * 1024 * 1024)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            stranger = await connect(f"ws://{LOOPBACK}:{host.port}/", max_size=None)
            await stranger.send(big)
            assert (await closed_reason(stranger))[0] == 1009
            await eventually(
                lambda: any("a client sent a message over" in r for r in host.refusals)
            )
            websocket, channel, _ = await raw_join(room, host.port, room.tables[1].name)
            await websocket.send(channel.seal(Message("snapshot", {"seq": 1}, big)))
            assert (await closed_reason(websocket))[0] == 1009
            await still_served(room, "after the flood")
            assert any("over" in refusal and "bytes" in refusal for refusal in host.refusals)

    asyncio.run(scenario())


def test_a_compressed_bomb_or_a_false_hash_is_refused(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            websocket, channel, _ = await raw_join(room, host.port, room.tables[1].name)
            bomb = zlib.compress(bytes(100 * 1024 * 1024), 9)
            await websocket.send(
                channel.seal(Message("snapshot", {"seq": 1, "sha256": "0" * 64}, bomb))
            )
            assert "unpacks to more than" in (await closed_reason(websocket))[1]
            host.release_table(room.tables[1].name)
            websocket, channel, _ = await raw_join(room, host.port, room.tables[1].name)
            payload = zlib.compress(b"not the file it claims")
            await websocket.send(
                channel.seal(Message("snapshot", {"seq": 1, "sha256": "0" * 64}, payload))
            )
            assert "does not match" in (await closed_reason(websocket))[1]

    asyncio.run(scenario())


def test_a_flood_of_messages_is_cut_off(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host, joined(room, 0, host.port):
            websocket, channel, _ = await raw_join(room, host.port, room.tables[1].name)
            with pytest.raises(ConnectionClosed):
                for seq in range(1000):
                    payload = zlib.compress(b"x")
                    await websocket.send(
                        channel.seal(Message("snapshot", {"seq": seq, "sha256": "0" * 64}, payload))
                    )
                await closed_reason(websocket)
                await websocket.recv()
            await still_served(room, "after the flood")

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(200),  # a TLS hello
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",  # HTTP that is not a WebSocket upgrade
        bytes(range(256)) * 64,
    ],
)
def test_garbage_bytes_are_refused(
    tmp_path: Path, garbage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    room = make_room(tmp_path)
    caplog.set_level(logging.WARNING, logger="facilitator_app.live")

    async def scenario() -> None:
        async with hosting(room, handshake_timeout=1.0) as host, joined(room, 0, host.port):
            reader, writer = await asyncio.open_connection(LOOPBACK, host.port)
            writer.write(garbage)
            await writer.drain()
            async with asyncio.timeout(10):
                while await reader.read(65536):
                    pass  # the host answers, then hangs up
            writer.close()
            assert "refused 127.0.0.1: " in caplog.text  # with the library's reason
            for frame in (b"garbage after the upgrade", "a text frame"):
                stranger = await connect(f"ws://{LOOPBACK}:{host.port}/")
                await stranger.send(frame)
                assert (await closed_reason(stranger))[0] == 1008
            await still_served(room, "still here")

    asyncio.run(scenario())


async def idle_flood(room: Room, count: int, handshake_timeout: float) -> None:
    """``count`` connections opened and left idle: half bare TCP, half upgraded WebSockets."""
    async with (
        hosting(room, handshake_timeout=handshake_timeout, max_joining=64) as host,
        joined(room, 0, host.port),
    ):
        await still_served(room, "before the flood")
        bare = [await asyncio.open_connection(LOOPBACK, host.port) for _ in range(count // 2)]
        upgraded: list[ClientConnection] = []
        for _ in range(count - count // 2):
            with suppress(ConnectionClosed, OSError):
                upgraded.append(await connect(f"ws://{LOOPBACK}:{host.port}/", open_timeout=30))
        await still_served(room, "during the flood")
        async with asyncio.timeout(handshake_timeout * 10 + 30):
            for reader, writer in bare:
                while await reader.read(65536):
                    pass
                writer.close()
            for websocket in upgraded:
                await closed_reason(websocket)
        assert any("did not join in time" in r or "too many" in r for r in host.refusals)
        await still_served(room, "after the flood")


def test_hundreds_of_idle_connections_are_closed_and_good_tables_served(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    asyncio.run(idle_flood(room, 300, handshake_timeout=1.0))


@pytest.mark.slow
def test_ten_thousand_idle_connections(tmp_path: Path) -> None:
    """The host is its own process (as on the facilitator's laptop), so each side holds
    10,000 sockets; a good table keeps syncing through the flood."""
    import resource
    import socket
    import sys

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 10_500:
        pytest.skip(f"needs 10,500 open files per process; the limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    room = make_room(tmp_path)
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]

    async def scenario() -> None:
        host = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "facilitator_app", "host", str(room.event_path),
            "--port", str(port), "--code", CODE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            assert host.stdout is not None
            async with asyncio.timeout(60):
                assert (await host.stdout.readline()).startswith(b"Hosting")
            async with joined(room, 0, port):
                await still_served(room, "before the flood")
                idle = []
                for number in range(10_000):
                    try:
                        idle.append(await asyncio.open_connection(LOOPBACK, port))
                    except OSError:
                        break  # the backlog is full: the flood is refused at the door
                    if number % 2 == 0:  # half of them also start, and abandon, an upgrade
                        idle[-1][1].write(b"GET / HTTP/1.1\r\nHost: x\r\n")
                await still_served(room, "during the flood")
                async with asyncio.timeout(120):
                    for reader, writer in idle:
                        with suppress(ConnectionError):
                            while await reader.read(65536):
                                pass
                        writer.close()
                await still_served(room, "after the flood")
                print(f"\n{len(idle)} idle connections opened and closed by the host")
                assert len(idle) > 1000
        finally:
            host.terminate()
            async with asyncio.timeout(60):
                await host.wait()
        assert host.returncode == 0

    try:
        asyncio.run(scenario())
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_released_table_can_be_joined_from_a_replacement_laptop(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    replacement = tmp_path / "replacement" / "Table One.workshop"
    replacement.parent.mkdir()
    replacement.write_bytes(room.table_file(0).read_bytes())

    async def scenario() -> None:
        async with hosting(room) as host:
            async with joined(room, 0, host.port) as first:
                await eventually(lambda: first.status.connected)
            laptop = TableClient(
                replacement, address=LOOPBACK, port=host.port, code=CODE,
                table=room.tables[0].name, poll_interval=0.05,
            )  # fmt: skip
            with pytest.raises(JoinRefusedError, match="already joined"):
                await asyncio.wait_for(laptop.run(asyncio.Event()), 20)
            assert host.release_table(room.tables[0].name)
            stop = asyncio.Event()
            task = asyncio.create_task(laptop.run(stop))
            await eventually(lambda: laptop.status.connected)
            stop.set()
            await asyncio.wait_for(task, 10)

    asyncio.run(scenario())


def test_the_host_listens_only_on_its_address_and_only_while_hosting(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            port = host.port
            _, writer = await asyncio.open_connection(LOOPBACK, port)
            writer.close()
            # another address of this same laptop: not the one chosen, so nothing listens
            with pytest.raises(OSError):
                await asyncio.open_connection("127.0.0.2", port)
        with pytest.raises(OSError):
            await asyncio.open_connection(LOOPBACK, port)

    asyncio.run(scenario())
