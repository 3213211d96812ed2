"""Advertising the room by DNS-SD: the record, and when the host advertises at all.

No test sends multicast: the records are built and read back here, and the host is only ever
on 127.0.0.1, where it must not advertise.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from room_helpers import hosting, make_room
from zeroconf import ServiceInfo

from facilitator_app.live.discovery import (
    SERVICE_TYPE,
    FoundRoom,
    found_room,
    service_info,
    worth_advertising,
)


def test_a_rooms_record_reads_back_as_the_room() -> None:
    info = service_info("Care closer to home: west", "3f2a9c1e-0000", "192.0.2.10", 47653)
    assert info.name == f"Care closer to home west 3f2a9c1e.{SERVICE_TYPE}"
    assert found_room(info) == FoundRoom(
        "Care closer to home: west", "3f2a9c1e-0000", "192.0.2.10", 47653
    )
    assert b"K7QX" not in info.text  # the join code is never advertised


def test_a_record_that_is_not_ours_is_ignored() -> None:
    stranger = ServiceInfo(
        SERVICE_TYPE, f"Printer.{SERVICE_TYPE}", port=631, parsed_addresses=["192.0.2.20"]
    )
    assert found_room(stranger) is None


@pytest.mark.parametrize(
    ("address", "advertised"),
    [("127.0.0.1", False), ("::1", False), ("0.0.0.0", False), ("192.0.2.10", True),
     ("localhost", False)],
)  # fmt: skip
def test_only_a_real_interface_is_advertised(address: str, advertised: bool) -> None:
    assert worth_advertising(address) is advertised


def test_a_host_on_loopback_advertises_nothing(tmp_path: Path) -> None:
    room = make_room(tmp_path)

    async def scenario() -> None:
        async with hosting(room) as host:
            assert host.advertise and not host.advertised

    asyncio.run(scenario())
