"""The table's "Offline: N changes to send" counts what the host has not yet acknowledged.

One change is one point (or link) added, edited or deleted since the file the host last
acknowledged, however fast they were typed, and it survives the app being restarted.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from room_helpers import Cable, eventually, hosting, joined, make_room

from facilitator_app.core import points, store
from facilitator_app.live.table import TableStatus


def test_every_point_typed_offline_counts_even_typed_in_one_burst(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    def five_at_once() -> None:
        with store.open_workshop(room.table_file(0)) as workshop:
            for number in range(5):
                points.add_point(
                    workshop, room.tables[0].id, room.questions[0].id, f"quick {number}"
                )

    async def scenario() -> None:
        async with hosting(room) as host:
            cable = Cable(host.port)
            port = await cable.start()
            try:
                async with joined(room, 0, port) as table:
                    first = await asyncio.to_thread(room.add, 0, "before the drop")
                    await eventually(lambda: table.status.describe() == "Live: in the room")
                    cable.unplug()
                    await eventually(lambda: not table.status.connected)
                    await asyncio.to_thread(five_at_once)
                    with store.open_workshop(room.table_file(0)) as workshop:
                        points.edit_point_text(workshop, first, "reworded offline")
                    await eventually(lambda: table.status.changes_to_send == 6)
                    # nothing more: a sixth and seventh tick of the watch count nothing twice
                    await asyncio.sleep(table.poll_interval * 4)
                    assert table.status.describe() == "Offline: 6 changes to send"
                    cable.plug()
                    await eventually(lambda: table.status.describe() == "Live: in the room")
            finally:
                await cable.stop()

    asyncio.run(scenario())


def test_a_restarted_table_counts_only_what_the_host_has_not_acknowledged(
    tmp_path: Path,
) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            async with joined(room, 0, host.port) as table:
                for number in range(3):
                    await asyncio.to_thread(room.add, 0, f"sent {number}")
                await eventually(lambda: table.status.describe() == "Live: in the room")
                await eventually(lambda: host.tables[room.tables[0].id].points == 3)
            port = host.port
        # the host has gone; the app starts again and the table types on
        for number in range(2):
            await asyncio.to_thread(room.add, 0, f"typed after the restart {number}")
        async with joined(room, 0, port) as table:
            await eventually(lambda: table.status.describe() == "Offline: 2 changes to send")

    asyncio.run(scenario())


def test_the_status_says_live_offline_or_refused_in_plain_words() -> None:
    assert TableStatus(connected=True).describe() == "Live: in the room"
    assert TableStatus(connected=True, changes_to_send=1).describe() == "Live: sending 1 change"
    assert TableStatus(changes_to_send=12).describe() == "Offline: 12 changes to send"
    refused = TableStatus(connected=True, changes_to_send=2, refused="it holds Table Two's points")
    assert refused.describe() == "Live, but the host refused this file: it holds Table Two's points"
