"""Benchmarks of the live room, over 127.0.0.1 only, each bounded in time.

- Enter-to-host latency: a scribe's point is stored in the table file (the app has returned
  from Enter); how long until the host has merged it into the event file, where the room wall
  reads it. The host runs here; the table's ``join`` is its own process, with its default
  polling, as on a scribe's laptop. Median and 99th percentile; the aim is under 300 ms median.
- A busy room: many tables each adding a point at a steady pace for a bounded time; the
  latency and the memory of the process running the host (the scribes' writes run there too)
  must not grow from the first third to the last.
  Short by default (6 tables, a point a second each, 20 s); the issue's full run is
  ``LIVE_TABLES=30 LIVE_INTERVAL=2 LIVE_SECONDS=300``.

Run with: pytest -m benchmark -s tests/benchmarks/test_live_room.py
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import time
from pathlib import Path

import pytest

from facilitator_app.core import event, points, store
from facilitator_app.live.host import RoomHost, TableState

pytestmark = pytest.mark.benchmark

CODE = "K7QX-M3PD"


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Room:
    """An event of ``tables`` tables, their files, and a host recording when points land."""

    def __init__(self, folder: Path, tables: int) -> None:
        self.event_path = folder / "Event.workshop"
        with event.create_event_file(
            self.event_path, event.EventSpec.with_numbered_tables("Benchmark", tables)
        ) as workshop:
            self.tables = event.list_tables(workshop)
            self.question = event.list_questions(workshop)[0].id
            self.files = []
            for table in self.tables:
                path = folder / f"{table.name}.workshop"
                store.copy_workshop(workshop, path)
                self.files.append(path)
        self.arrived: dict[tuple[str, int], float] = {}
        self.host = RoomHost(self.event_path, code=CODE, port=0, on_change=self._landed)

    def _landed(self, state: TableState) -> None:
        self.arrived.setdefault((state.table_id, state.points), time.perf_counter())

    async def joins(self) -> list[asyncio.subprocess.Process]:
        processes = []
        for table, path in zip(self.tables, self.files, strict=True):
            processes.append(
                await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "facilitator_app",
                    "join",
                    str(path),
                    "--host",
                    f"127.0.0.1:{self.host.port}",
                    "--code",
                    CODE,
                    "--table",
                    table.name,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            )
        # measured from when every table has joined and its first file has been merged
        async with asyncio.timeout(120):
            while not all(s.connected and s.last_status for s in self.host.tables.values()):
                await asyncio.sleep(0.05)
        return processes

    async def arrival(self, table_id: str, count: int, timeout: float = 30) -> float:
        async with asyncio.timeout(timeout):
            while (table_id, count) not in self.arrived:
                await asyncio.sleep(0.005)
        return self.arrived[(table_id, count)]


async def stop_all(processes: list[asyncio.subprocess.Process]) -> None:
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(60):
        for process in processes:
            await process.wait()


def test_enter_to_host_latency(tmp_path: Path) -> None:
    samples = int(os.environ.get("LIVE_SAMPLES", "60"))
    room = Room(tmp_path, 1)
    latencies: list[float] = []

    async def scenario() -> None:
        await room.host.start()
        joins = await room.joins()
        table = room.tables[0]
        try:
            with store.open_workshop(room.files[0]) as workshop:
                for number in range(1, samples + 1):
                    await asyncio.to_thread(
                        points.add_point, workshop, table.id, room.question, f"point {number}"
                    )
                    entered = time.perf_counter()
                    latencies.append(await room.arrival(table.id, number) - entered)
        finally:
            await stop_all(joins)
            await room.host.stop()

    asyncio.run(scenario())
    median, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    print(
        f"\nlive room, Enter to host: median {median * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms over {samples} points (aim: median under 300 ms)"
    )
    assert median < 1.0  # "within a second of each change"


def test_a_busy_room_shows_no_growth_in_latency_or_host_memory(tmp_path: Path) -> None:
    tables = int(os.environ.get("LIVE_TABLES", "6"))
    interval = float(os.environ.get("LIVE_INTERVAL", "1"))
    seconds = float(os.environ.get("LIVE_SECONDS", "20"))
    room = Room(tmp_path, tables)
    timeline: list[tuple[float, float]] = []  # (when entered, latency)
    memory: list[tuple[float, int]] = []

    async def scribe(index: int, start: float) -> None:
        table = room.tables[index]
        with store.open_workshop(room.files[index]) as workshop:
            number = 0
            # each table starts at its own offset, so the points do not all come at once
            next_at = start + interval * index / tables
            while next_at < start + seconds:
                await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                number += 1
                await asyncio.to_thread(
                    points.add_point, workshop, table.id, room.question, f"{index}-{number}"
                )
                entered = time.perf_counter()
                arrived = await room.arrival(table.id, number, timeout=60)
                timeline.append((entered - start, arrived - entered))
                next_at += interval

    async def sample_memory(start: float) -> None:
        while time.perf_counter() < start + seconds:
            memory.append((time.perf_counter() - start, rss_kib()))
            await asyncio.sleep(1)

    async def scenario() -> None:
        await room.host.start()
        joins = await room.joins()
        try:
            start = time.perf_counter()
            await asyncio.gather(
                sample_memory(start), *(scribe(index, start) for index in range(tables))
            )
        finally:
            await stop_all(joins)
            await room.host.stop()

    asyncio.run(scenario())
    third = seconds / 3
    early = [latency for when, latency in timeline if when < third]
    late = [latency for when, latency in timeline if when >= 2 * third]
    memory_early = statistics.median(kib for when, kib in memory if when < third)
    memory_late = statistics.median(kib for when, kib in memory if when >= 2 * third)
    print(
        f"\nlive room, {tables} tables, a point every {interval:g} s each for {seconds:g} s: "
        f"{len(timeline)} points; latency median {statistics.median(early) * 1000:.0f} ms "
        f"-> {statistics.median(late) * 1000:.0f} ms, p99 {percentile(early, 0.99) * 1000:.0f}"
        f" -> {percentile(late, 0.99) * 1000:.0f} ms; host memory "
        f"{memory_early / 1024:.0f} -> {memory_late / 1024:.0f} MiB"
    )
    assert statistics.median(late) < max(2 * statistics.median(early), 0.3)
    assert memory_late < memory_early * 1.25 + 10 * 1024
