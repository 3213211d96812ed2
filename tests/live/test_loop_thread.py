"""The host and a table driven from ordinary (non-asyncio) code, as the GUI will drive them."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from room_helpers import CODE, LOOPBACK, event_texts, make_room

from facilitator_app.live.host import RoomHost, TableState
from facilitator_app.live.loop_thread import LoopThread
from facilitator_app.live.table import TableClient, TableStatus, TimerState


def test_a_room_runs_on_its_own_thread_and_stops_cleanly(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    loop = LoopThread().start()
    landed = threading.Event()
    live = threading.Event()
    callback_threads: set[str] = set()

    def on_change(state: TableState) -> None:
        callback_threads.add(threading.current_thread().name)
        if state.points == 1:
            landed.set()

    running_timer = threading.Event()

    def on_timer(timer: TimerState) -> None:
        if timer.state == "running":
            running_timer.set()

    def on_status(status: TableStatus) -> None:
        if status.describe() == "Live: in the room":
            live.set()

    host = RoomHost(room.event_path, code=CODE, port=0, on_change=on_change)
    try:
        loop.submit(host.start()).result(30)
        table = TableClient(
            room.table_file(0), address=LOOPBACK, port=host.port, code=CODE,
            table=room.tables[0].name, on_status=on_status, on_timer=on_timer,
        )  # fmt: skip
        stop = asyncio.Event()
        running = loop.submit(table.run(stop))
        assert live.wait(30)
        room.add(0, "typed while the window's loop runs")
        assert landed.wait(30)
        loop.submit(host.set_timer("running", minutes=20)).result(30)
        assert running_timer.wait(30)
        loop.submit(_set(stop)).result(30)
        running.result(30)
        loop.submit(host.stop()).result(30)
    finally:
        loop.stop()
    assert callback_threads == {"live-room"}
    assert len(event_texts(room.event_path)) == 1


async def _set(event: asyncio.Event) -> None:
    event.set()


def test_stopping_the_thread_cancels_what_still_runs() -> None:
    loop = LoopThread().start()
    forever = loop.submit(asyncio.sleep(3600))
    loop.stop()
    assert forever.cancelled()
