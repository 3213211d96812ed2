"""Finding the room without typing an address: DNS-SD over mDNS (``python-zeroconf``).

The host advertises ``_workshop-room._tcp`` on the one address it listens on, with the event's
title and id (never the join code); a table's *Join the room* lists what it finds. Many venue
networks block multicast: then nothing is found, and the address and code the host prints are
all a table needs. So advertising is a convenience that may fail without stopping the host, and
on the loopback address (a host for this laptop only) nothing is advertised.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from zeroconf import ServiceInfo, ServiceListener, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncZeroconf

log = logging.getLogger("facilitator_app.live.discovery")

SERVICE_TYPE = "_workshop-room._tcp.local."
_UNSAFE = re.compile(r"[^\w \-()]+")


@dataclass(frozen=True)
class FoundRoom:
    """A room a host advertises: what to show the scribe, and where to connect."""

    title: str
    event_id: str
    address: str
    port: int


def worth_advertising(address: str) -> bool:
    """Only a real interface's address: not loopback (this laptop only), not "every address"."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (parsed.is_loopback or parsed.is_unspecified)


def service_info(title: str, event_id: str, address: str, port: int) -> ServiceInfo:
    """The DNS-SD record of a room: an instance name people can read, the event in TXT."""
    label = _UNSAFE.sub("", title).strip()[:40] or "Workshop"
    short = event_id.replace("-", "")[:8]
    return ServiceInfo(
        SERVICE_TYPE,
        f"{label} {short}.{SERVICE_TYPE}",
        port=port,
        parsed_addresses=[address],
        properties={"title": title[:200], "event": event_id, "v": "1"},
        server=f"workshop-{short}.local.",
    )


def found_room(info: ServiceInfo) -> FoundRoom | None:
    """A room from a resolved record, or None for one that is not ours or is incomplete."""
    properties = {
        key.decode(errors="replace"): (value or b"").decode(errors="replace")
        for key, value in (info.properties or {}).items()
    }
    addresses = info.parsed_scoped_addresses()
    if properties.get("v") != "1" or not addresses or not info.port:
        return None
    return FoundRoom(
        properties.get("title", ""), properties.get("event", ""), addresses[0], info.port
    )


class Advertisement:
    """The room, advertised on one interface until :meth:`stop`."""

    def __init__(self, title: str, event_id: str, address: str, port: int) -> None:
        self.info = service_info(title, event_id, address, port)
        self.address = address
        self._zeroconf: AsyncZeroconf | None = None

    async def start(self) -> bool:
        """Advertise; False (and a log line) where the network will not have it."""
        try:
            self._zeroconf = AsyncZeroconf(interfaces=[self.address])
            await self._zeroconf.async_register_service(self.info)
        except Exception as error:  # any failure here must not stop the host
            log.warning(
                "the room is not advertised on the network (%s); tables need the address "
                "and the join code",
                error,
            )
            await self.stop()
            return False
        return True

    async def stop(self) -> None:
        if self._zeroconf is not None:
            zeroconf, self._zeroconf = self._zeroconf, None
            try:
                await zeroconf.async_unregister_all_services()
            finally:
                await zeroconf.async_close()


class _Collector(ServiceListener):
    def __init__(self, on_change: Callable[[], None] = lambda: None) -> None:
        self.names: set[str] = set()
        self.on_change = on_change

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.add(name)
        self.on_change()

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.add(name)
        self.on_change()

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self.names.discard(name)
        self.on_change()


async def find_rooms(seconds: float = 3.0) -> list[FoundRoom]:
    """The rooms advertised on this laptop's networks, listening for ``seconds``."""
    zeroconf = AsyncZeroconf()
    collector = _Collector()
    browser = AsyncServiceBrowser(zeroconf.zeroconf, SERVICE_TYPE, listener=collector)
    try:
        await asyncio.sleep(seconds)  # mDNS answers come when they come: listen for a while
        rooms = []
        for name in sorted(collector.names):
            info = await zeroconf.async_get_service_info(SERVICE_TYPE, name, timeout=1000)
            room = found_room(info) if info is not None else None
            if room is not None:
                rooms.append(room)
        return rooms
    finally:
        await browser.async_cancel()
        await zeroconf.async_close()


async def browse_rooms(on_rooms: Callable[[list[FoundRoom]], None], stop: asyncio.Event) -> None:
    """Report the rooms advertised, again each time one appears or goes, until ``stop``.

    For a window's list that fills in while the scribe looks at it (:func:`find_rooms` listens
    for a fixed time instead). A network where multicast fails reports nothing, never an error.
    """
    loop = asyncio.get_running_loop()
    changed = asyncio.Event()
    try:
        zeroconf = AsyncZeroconf()
    except Exception as error:  # no usable interface: nothing to find, the address still works
        log.warning("cannot look for rooms on the network (%s)", error)
        return

    def note_change() -> None:  # the listener may be called on zeroconf's own thread
        loop.call_soon_threadsafe(changed.set)

    collector = _Collector(note_change)
    browser = AsyncServiceBrowser(zeroconf.zeroconf, SERVICE_TYPE, listener=collector)
    known: dict[str, FoundRoom] = {}
    try:
        while not stop.is_set():
            waiters = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(changed.wait())}
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
            changed.clear()
            names = set(collector.names)
            for name in names - known.keys():
                info = await zeroconf.async_get_service_info(SERVICE_TYPE, name, timeout=1000)
                room = found_room(info) if info is not None else None
                if room is not None:
                    known[name] = room
            for name in known.keys() - names:
                del known[name]
            if not stop.is_set():
                on_rooms(sorted(known.values(), key=lambda room: (room.title, room.address)))
    finally:
        await browser.async_cancel()
        await zeroconf.async_close()
