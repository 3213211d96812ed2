"""Browsing for rooms while the join dialog is open: rooms appear and go as their hosts come
and go. No multicast is sent: zeroconf is replaced by a stand-in network the test controls."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from zeroconf import ServiceListener

from facilitator_app.live import discovery
from facilitator_app.live.discovery import SERVICE_TYPE, FoundRoom, browse_rooms, service_info


class StandInNetwork:
    """What the browser sees of the network: records come and go when the test says."""

    def __init__(self) -> None:
        self.records: dict[str, Any] = {}
        self.listener: ServiceListener | None = None
        self.closed = False
        self.zeroconf = self  # the browser is handed ``AsyncZeroconf().zeroconf``

    def advertise(self, title: str, event_id: str, address: str) -> None:
        info = service_info(title, event_id, address, 47653)
        self.records[info.name] = info
        assert self.listener is not None
        self.listener.add_service(self, SERVICE_TYPE, info.name)  # type: ignore[arg-type]

    def withdraw(self, title: str, event_id: str, address: str) -> None:
        name = service_info(title, event_id, address, 47653).name
        del self.records[name]
        assert self.listener is not None
        self.listener.remove_service(self, SERVICE_TYPE, name)  # type: ignore[arg-type]

    async def async_get_service_info(self, type_: str, name: str, timeout: int) -> Any:
        return self.records.get(name)

    async def async_close(self) -> None:
        self.closed = True


def test_rooms_are_reported_as_they_appear_and_go(monkeypatch: pytest.MonkeyPatch) -> None:
    network = StandInNetwork()

    class StandInBrowser:
        def __init__(self, zeroconf: Any, type_: str, listener: ServiceListener) -> None:
            network.listener = listener

        async def async_cancel(self) -> None:
            network.listener = None

    monkeypatch.setattr(discovery, "AsyncZeroconf", lambda: network)
    monkeypatch.setattr(discovery, "AsyncServiceBrowser", StandInBrowser)
    reports: list[list[FoundRoom]] = []

    async def scenario() -> None:
        stop = asyncio.Event()
        browsing = asyncio.create_task(browse_rooms(reports.append, stop))
        while network.listener is None:
            await asyncio.sleep(0.01)
        network.advertise("Care closer to home", "e1", "192.0.2.10")
        await _until(lambda: len(reports) == 1)
        network.advertise("Budget day", "e2", "192.0.2.11")
        await _until(lambda: len(reports) == 2)
        network.withdraw("Care closer to home", "e1", "192.0.2.10")
        await _until(lambda: len(reports) == 3)
        stop.set()
        await asyncio.wait_for(browsing, 10)

    asyncio.run(scenario())
    titles = [[room.title for room in report] for report in reports]
    assert titles == [
        ["Care closer to home"],
        ["Budget day", "Care closer to home"],
        ["Budget day"],
    ]
    assert network.closed and network.listener is None  # nothing left listening


async def _until(check: Any) -> None:
    for _ in range(1000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not reached")
